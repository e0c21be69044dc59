"""Console transcripts: the whole life of a measure and of a youth idea, as people type it."""

from __future__ import annotations

from pathlib import Path

from tests.transcripts.test_console_transcripts import run_console

Transcript = list[tuple[str, list[str]]]


async def check(tmp_path: Path, transcript: Transcript) -> None:
    """Each line is said in turn; every expected text must be among the bot's answers to it."""
    output = await run_console(tmp_path, [said for said, _ in transcript])
    blocks = ("\n" + output).split("\n[")
    cursor = 0
    for said, expected in transcript:
        text = said.split(":", 1)[1].strip()
        while text not in blocks[cursor]:
            cursor += 1
        answers = []
        for block in blocks[cursor + 1 :]:
            if not block.partition("] ")[2].startswith("steerbot"):
                break
            answers.append("[" + block)
        joined = "\n".join(answers)
        for wanted in expected:
            assert wanted in joined, f"after {said!r} expected {wanted!r}, got {joined!r}"
        cursor += 1


async def test_the_whole_life_of_a_measure(tmp_path: Path) -> None:
    await check(
        tmp_path,
        [
            ("anna: /setup Musterstadt", ["Steuerungsgruppe Musterstadt"]),
            ("anna: /invite member", ["CODE0001"]),
            ("max@dm: /join CODE0001", ["Willkommen, max"]),
            (
                "max: /vorschlag Spielplatz am Park | mit Bänken #beteil",
                ["Maßnahme 1 „Spielplatz am Park“ ist vorgeschlagen"],
            ),
            (
                "max: /bearbeite 1 ziel=Mehr Platz amt=Grünflächenamt kosten=12.500 € frist=Ende Juni gesichert=nein",
                [
                    "• Ziel: — → Mehr Platz",
                    "• Kosten: — → 12.500,00 €",
                    "• Frist: — → 30.06.2027",
                    "• Finanzierung gesichert: — → nein",
                ],
            ),
            ("max: /bearbeite 1 kosten=zwölf beginn=morgen", ["Nichts wurde geändert", "„zwölf“"]),
            (
                "anna: /status 1 umgesetzt",
                ["kann nicht direkt von vorgeschlagen zu umgesetzt wechseln"],
            ),
            (
                "anna: /status 1 priorisiert Top 3 der Abstimmung",
                ["vorgeschlagen → priorisiert", "Notiz: Top 3 der Abstimmung"],
            ),
            (
                "anna: /status 1 beschlossen Ratsbeschluss vom 1.2.2027",
                ["priorisiert → beschlossen"],
            ),
            (
                "anna: /bearbeite 1 gremium=Stadtrat beschlussdatum=1.2.2027 beschluss=DS-12 gesichert=ja",
                ["Beschluss-Nr.: — → DS-12"],
            ),
            ("anna: /zuweisen 1 max", ["max ist jetzt verantwortlich für Maßnahme 1"]),
            ("anna: /frist 1 1.1.2020", ["in der Vergangenheit"]),
            (
                "anna: /meilenstein 1 15.3.2027 Bauantrag gestellt",
                ["Meilenstein für Maßnahme 1 am 15.03.2027: Bauantrag gestellt"],
            ),
            (
                "anna: /aktionsplan",
                [
                    "Aktionsplan Musterstadt",
                    "Beteiligung",
                    "1. Spielplatz am Park — beschlossen",
                    "Kosten: 12.500,00 € · Finanzierung: gesichert",
                ],
            ),
            (
                "anna: /aktionsplan export xlsx",
                ["Der Aktionsplan mit 1 Maßnahme.", "📎 aktionsplan-Musterstadt.xlsx"],
            ),
            ("anna: /kalender", ["2 Termine für Ihren Kalender.", "📎 termine-Musterstadt.ics"]),
            ("max: /status 1 in_umsetzung", ["beschlossen → in Umsetzung"]),
            ("max: /status 1 umgesetzt Eröffnet", ["in Umsetzung → umgesetzt"]),
            (
                "max: /status 1 in_umsetzung erzwingen",
                ["Nur die Koordination kann einen Statuswechsel erzwingen"],
            ),
            (
                "anna: /status 1 in_umsetzung erzwingen Mängel",
                ["umgesetzt → in Umsetzung", "Notiz: Mängel"],
            ),
            (
                "anna: /verlauf 1",
                [
                    "angelegt: Spielplatz am Park",
                    "Status: priorisiert → beschlossen (Ratsbeschluss vom 1.2.2027)",
                    "Meilenstein: 15.03.2027 Bauantrag gestellt",
                ],
            ),
            (
                "anna: /bericht seit=1.1.2027",
                [
                    "Sachstandsbericht Musterstadt seit 01.01.2027",
                    "Meilenstein 15.03.2027 Bauantrag gestellt",
                    "Ohne Einträge: Überfällig · Umgesetzt",
                ],
            ),
        ],
    )


async def test_the_life_of_a_youth_idea(tmp_path: Path) -> None:
    await check(
        tmp_path,
        [
            ("anna: /setup Musterstadt", ["Steuerungsgruppe Musterstadt"]),
            ("anna: /invite youth", ["CODE0001"]),
            ("lea@dm: /join CODE0001", ["Willkommen, lea"]),
            ("anna#jugend: /binden jugend", ["Jugendchat von Musterstadt"]),
            (
                "lea#jugend: /vorschlag Skatepark | am Bahnhof #beteil",
                ["Danke! Deine Idee „Skatepark“ ist jetzt bei der Steuerungsgruppe (Idee 1"],
            ),
            ("lea@dm: /anonym an", ["nur „Jugendvertretung“"]),
            ("anna: /warteschlange", ["1. Skatepark · Jugendvertretung · Beteiligung"]),
            (
                "anna: /annehmen 1",
                [
                    "Jugendidee 1 ist jetzt Maßnahme 1 „Skatepark“",
                    "[dm:lea] steerbot: Gute Nachricht: Die Steuerungsgruppe Musterstadt hat deine Idee „Skatepark“ aufgenommen.",
                ],
            ),
            (
                "anna: /status 1 priorisiert",
                ["[dm:lea] steerbot: Gute Nachricht zu deiner Idee „Skatepark“"],
            ),
            (
                "anna: /status 1 beschlossen",
                ["[dm:lea] steerbot: Super Nachricht: Deine Idee „Skatepark“ ist beschlossen!"],
            ),
            ("anna: /status 1 in_umsetzung", ["[dm:lea] steerbot: Es geht los"]),
            (
                "anna: /status 1 umgesetzt",
                ["[dm:lea] steerbot: Geschafft! Deine Idee „Skatepark“ ist umgesetzt."],
            ),
            ("lea#jugend: /vorschlag Freibad", ["Idee 2"]),
            (
                "anna: /ablehnen 2 Das Freibad gehört dem Landkreis",
                [
                    "[dm:lea] steerbot: Deine Idee „Freibad“ wurde diesmal nicht aufgenommen. Der Grund: Das Freibad gehört dem Landkreis."
                ],
            ),
        ],
    )
