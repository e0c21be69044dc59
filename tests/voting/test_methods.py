"""Transcripts of each voting method, from opening to the result."""

from __future__ import annotations

import pytest

from tests.harness import Bot
from tests.voting.helpers import add_voters, group_with_measures

Script = list[tuple[str, str, str, str]]  # (who, chat, said, expected in the answer)


async def run(bot: Bot, script: Script) -> None:
    for who, chat, said, expected in script:
        answer = await bot.ask(who, said, chat=chat)
        assert expected in answer, f"{said!r} → {answer!r}"


@pytest.fixture
async def group(bot: Bot) -> Bot:
    await group_with_measures(bot)
    return bot


async def test_approval(group: Bot) -> None:
    await run(
        group,
        [
            (
                "anna",
                "group",
                '/runde zustimmung 1 2 3 titel="Erste Auswahl"',
                "Runde 1 ist eröffnet: Zustimmungswahl — Erste Auswahl",
            ),
            (
                "max",
                "group",
                "/abstimmen 1 1 3",
                "Ihre Stimme in Runde 1 ist gespeichert: Maßnahme 1 „Skatepark“, Maßnahme 3 „Jugendraum“.",
            ),
            ("lea", "group", "/vote 1 3", "gespeichert: Maßnahme 3 „Jugendraum“."),
            (
                "anna",
                "group",
                "/vote 1 3,2",
                "gespeichert: Maßnahme 2 „Sitzbänke am Markt“, Maßnahme 3 „Jugendraum“.",
            ),
            (
                "anna",
                "group",
                "/schliessen 1",
                "Ergebnis der Runde 1 (Zustimmungswahl): Erste Auswahl",
            ),
        ],
    )
    result = await group.ask("max", "/ergebnis 1")
    # One youth ballot would be Lea's own: the youth vote is not shown apart below three.
    assert "Platz 1: Nr. 3 Jugendraum — 3 Zustimmungen\n" in result
    assert "Platz 2 (gleichauf): Nr. 1 Skatepark — 1 Zustimmung" in result
    assert "Platz 2 (gleichauf): Nr. 2 Sitzbänke am Markt — 1 Zustimmung" in result
    assert "Gleichstände werden nicht aufgelöst" in result
    assert "Beteiligung: 3 von 4 Stimmberechtigten (75 %)." in result
    assert (
        "Jugendvotum: 1 von 2 aus der Jugendvertretung hat abgestimmt; es wird erst ab drei "
        "Stimmen getrennt gezeigt, damit niemandes Wahl daraus abzulesen ist."
    ) in result
    assert "Jugendvotum: 1\n" not in result and "· Jugendvotum" not in result


async def test_dot(group: Bot) -> None:
    await add_voters(group, 1, role="youth", prefix="mia")
    await run(
        group,
        [
            (
                "anna",
                "group",
                "/runde punkte 1 2 3 4 punkte=3 max=2",
                "Jede Person hat 3 Punkte, höchstens 2 auf eine Maßnahme.",
            ),
            (
                "max",
                "group",
                "/vote 1 1=2 3=1",
                "gespeichert: Maßnahme 1: 2 Punkte, Maßnahme 3: 1 Punkt.",
            ),
            (
                "lea",
                "group",
                "/vote 1 3=2 4",
                "gespeichert: Maßnahme 3: 2 Punkte, Maßnahme 4: 1 Punkt.",
            ),
            (
                "jonas",
                "group",
                "/vote 1 3=1",
                # Jonas is a youth representative: "du"
                "gespeichert: Maßnahme 3: 1 Punkt.\n2 deiner 3 Punkte sind noch nicht vergeben. "
                "Um sie zu vergeben, stimm noch einmal mit allen Punkten ab: Das ersetzt diese "
                "Stimme.",
            ),
            ("mia0", "group", "/vote 1 1=1", "gespeichert: Maßnahme 1: 1 Punkt."),
            (
                "max",
                "group",
                "/vote 1 1=4",
                "4 Punkte auf Maßnahme 1 gegeben; eine Maßnahme darf höchstens 2 bekommen.",
            ),
            ("max", "group", "/vote 1 1=2 2=2", "Ihr Punktebudget ist 3"),
            ("anna", "group", "/close 1", "Ergebnis der Runde 1 (Punktabfrage)"),
        ],
    )
    result = await group.ask("anna", "/results 1")
    assert "Platz 1: Nr. 3 Jugendraum — 4 Punkte · Jugendvotum: 3" in result
    assert "Platz 2: Nr. 1 Skatepark — 3 Punkte · Jugendvotum: 1" in result
    assert "Platz 3: Nr. 4 Radweg zur Schule — 1 Punkt · Jugendvotum: 1" in result


async def test_dot_defaults_to_half_the_candidates(group: Bot) -> None:
    answer = await group.ask("anna", "/round dot 1 2 3")
    assert "Jede Person hat 2 Punkte, höchstens 2 auf eine Maßnahme." in answer


async def test_ranked_schulze_with_borda(group: Bot) -> None:
    await add_voters(group, 1, role="youth", prefix="mia")
    await run(
        group,
        [
            ("anna", "group", "/runde rangfolge 1 2 3", "Runde 1 ist eröffnet: Rangfolge"),
            (
                "max",
                "group",
                "/vote 1 3>1>2",
                "gespeichert: 1. Maßnahme 3 „Jugendraum“, 2. Maßnahme 1 „Skatepark“, 3. Maßnahme 2 „Sitzbänke am Markt“.",
            ),
            (
                "lea",
                "group",
                "/vote 1 3 > 2 > 1",
                "gespeichert: 1. Maßnahme 3 „Jugendraum“, 2. Maßnahme 2 „Sitzbänke am Markt“, 3. Maßnahme 1 „Skatepark“.",
            ),
            (
                "anna",
                "group",
                "/vote 1 1>3",
                "gespeichert: 1. Maßnahme 1 „Skatepark“, 2. Maßnahme 3 „Jugendraum“.",
            ),
            ("jonas", "group", "/vote 1 2>2", "Maßnahme 2 mehr als einmal"),
            (
                "jonas",
                "group",
                "/vote 1 2>3>1",
                "gespeichert: 1. Maßnahme 2 „Sitzbänke am Markt“, 2. Maßnahme 3 „Jugendraum“, 3. Maßnahme 1 „Skatepark“.",
            ),
            (
                "mia0",
                "group",
                "/vote 1 2>3>1",
                "gespeichert: 1. Maßnahme 2 „Sitzbänke am Markt“, 2. Maßnahme 3 „Jugendraum“, 3. Maßnahme 1 „Skatepark“.",
            ),
            ("anna", "group", "/close 1", "Reihenfolge nach der Schulze-Methode"),
        ],
    )
    result = await group.ask("anna", "/results 1")
    # The youth (Lea 3>2>1, Jonas and Mia 2>3>1) put the benches first.
    assert (
        "Platz 1: Nr. 3 Jugendraum — schlägt 2 andere Maßnahmen · Borda 7 · Jugendvotum: Platz 2"
    ) in result
    assert "Nr. 2 Sitzbänke am Markt — schlägt 1 andere Maßnahme · Borda" in result
    assert "Jugendvotum: Platz 1" in result


async def test_a_ranked_tie_with_different_borda_says_what_borda_is(group: Bot) -> None:
    """Schulze ties measures 1 and 2 while the Borda figures beside them differ: a line says
    that Borda does not decide the tie (coordinators read 3 against 2.5 as a winner)."""
    await group.ask("anna", "/runde rangfolge 1 2 3")
    await group.ask("max", "/abstimmen 1 1")
    await group.ask("anna", "/abstimmen 1 2>1")
    result = await group.ask("anna", "/schliessen 1")
    assert "Platz 1 (gleichauf): Nr. 1 Skatepark — schlägt 1 andere Maßnahme · Borda 3\n" in result
    assert (
        "Platz 1 (gleichauf): Nr. 2 Sitzbänke am Markt — schlägt 1 andere Maßnahme · Borda 2,5"
        in (result)
    )
    line = (
        "Die Borda-Punkte zeigen, wie weit oben eine Maßnahme im Schnitt stand; sie entscheiden "
        "keinen Gleichstand."
    )
    assert f"Reihenfolge nach der Schulze-Methode; die Borda-Zählung steht daneben.\n{line}\n" in (
        result
    )
    await group.ask("anna", "/sprache en")
    assert (
        "Borda points show how high up a measure stood on average; they do not decide a tie."
    ) in await group.ask("max", "/results 1")
    # A tie whose Borda figures are the same needs no such line.
    await group.ask("anna", "/round ranked 1 2 3")
    await group.ask("max", "/vote 2 3")
    result = await group.ask("anna", "/close 2")
    assert "Place 2 (tie): No. 1 Skatepark" in result and "Borda 0.5" in result
    assert "Borda points show" not in result


async def test_score(group: Bot) -> None:
    await add_voters(group, 1, role="youth", prefix="mia")
    await run(
        group,
        [
            ("anna", "group", "/runde bewertung 1 2", "Maßnahme=Bewertung (0 bis 5)"),
            (
                "max",
                "group",
                "/vote 1 1=4 2=1",
                "gespeichert: Maßnahme 1: Bewertung 4, Maßnahme 2: Bewertung 1.",
            ),
            ("lea", "group", "/vote 1 1=5 2=2", "gespeichert"),
            ("jonas", "group", "/vote 1 1=3", "gespeichert"),
            ("mia0", "group", "/vote 1 1=4 2=3", "gespeichert"),
            ("anna", "group", "/vote 1 1=2", "gespeichert"),
            ("anna", "group", "/vote 1 1=7", "zwischen 0 und 5"),
            ("anna", "group", "/vote 1 1", "Bitte geben Sie jeder Maßnahme eine Bewertung wie 3=4"),
            ("anna", "group", "/close 1", "Ergebnis der Runde 1 (Bewertung)"),
        ],
    )
    result = await group.ask("anna", "/results 1")
    assert (
        "Platz 1: Nr. 1 Skatepark — Mittelwert 3,6, Median 4 (5 Bewertungen) · Jugendvotum: 4"
        in result
    )
    assert (
        "Platz 2: Nr. 2 Sitzbänke am Markt — Mittelwert 2, Median 2 (3 Bewertungen) · Jugendvotum: 2,5"
        in result
    )


async def test_consent_with_quorum_and_youth_vote(group: Bot) -> None:
    await add_voters(group, 1, role="youth", prefix="mia")
    await run(
        group,
        [
            ("anna", "group", "/runde beschluss 4 quorum=50%", "Ja/Nein-Beschluss"),
            ("max", "group", "/vote 1 ja", "gespeichert: Ja."),
            ("lea", "group", "/vote 1 nein", "gespeichert: Nein."),
            ("jonas", "group", "/vote 1 Enthaltung", "gespeichert: Enthaltung."),
            ("mia0", "group", "/vote 1 ja", "gespeichert: Ja."),
            ("anna", "group", "/vote 1 yes", "gespeichert: Ja."),
            ("anna", "group", "/vote 1 vielleicht", "ja, nein oder"),
            ("anna", "group", "/close 1", "Ja: 3 · Nein: 1 · Enthaltungen: 1"),
            # Konsent is what many groups call it.
            ("anna", "group", "/runde konsent 4", "Runde 2 ist eröffnet: Ja/Nein-Beschluss"),
        ],
    )
    result = await group.ask("max", "/results 1")
    assert "Jugendvotum: Ja 1 · Nein 1 · Enthaltungen 1" in result
    assert "Angenommen: mehr Ja- als Nein-Stimmen, Beschlussfähigkeit erreicht." in result
    assert "Quorum 50 %: erreicht." in result
    # The vote does not change the status: the result says how to record the decision.
    assert result.endswith("Die Koordination trägt den Beschluss mit /stand 4 beschlossen ein.")
    await group.ask("anna", "/stand 4 beschlossen")
    assert "/stand 4" not in await group.ask("max", "/results 1")
    # Without a quorum one vote of five adopts it, and the line that says so says how few.
    await group.ask("max", "/vote 2 ja")
    second = await group.ask("anna", "/close 2")
    assert (
        "Angenommen mit mehr Ja- als Nein-Stimmen, aber nur 1 von 5 Stimmberechtigten hat "
        "abgestimmt (20 %), und die Runde hatte kein Quorum.\n"
    ) in second
    assert "Beschlussfähigkeit" not in second and "Quorum 50" not in second


async def test_consent_package_without_majority(group: Bot) -> None:
    await run(
        group,
        [
            ("anna", "group", "/round consent 1 2", "1. Skatepark\n2. Sitzbänke"),
            ("max", "group", "/vote 1 no", "Nein"),
            ("anna", "group", "/vote 1 abstain", "Enthaltung"),
            ("anna", "group", "/close 1", "Abgelehnt: keine Mehrheit der Ja-Stimmen"),
        ],
    )


async def test_consent_quorum_not_met(group: Bot) -> None:
    await run(
        group,
        [
            ("anna", "group", "/round consent 1 quorum=80%", "Quorum: 80 %"),
            ("max", "group", "/vote 1 ja", "Ja"),
            (
                "anna",
                "group",
                "/close 1",
                "Nicht angenommen: Die Beschlussfähigkeit (Quorum) wurde nicht erreicht.",
            ),
        ],
    )


async def test_all_field_and_status_selections(group: Bot) -> None:
    await group.ask("anna", "/propose Spielplatz #beteiligung")
    assert "5. Spielplatz" in await group.ask("anna", "/round approval all")
    answer = await group.ask("anna", "/round approval #beteiligung 1")
    assert "5. Spielplatz" in answer and "1. Skatepark" in answer and "Jugendraum" not in answer
    answer = await group.ask("anna", "/round ranked status=vorgeschlagen")
    assert "Runde 3" in answer and "4. Radweg zur Schule" in answer
    assert "Runde 4" in await group.ask("anna", "/round score 1-3")


async def test_changing_a_ballot_counts_the_latest(group: Bot) -> None:
    await group.ask("anna", "/round approval 1 2 3")
    assert "gespeichert: Maßnahme 1 „Skatepark“." in await group.ask("max", "/vote 1 1")
    assert (
        "Ihre Stimme in Runde 1 lautet jetzt: Maßnahme 2 „Sitzbänke am Markt“, Maßnahme 3 „Jugendraum“."
        in await group.ask("max", "/vote 1 2 3")
    )
    # The same ballot again is not called a change: it states what counts.
    assert (
        await group.ask("max", "/vote 1 2 3")
        == "Ihre Stimme in Runde 1 lautet jetzt: Maßnahme 2 „Sitzbänke am Markt“, Maßnahme 3 „Jugendraum“."
    )
    await group.ask("anna", "/close 1")
    result = await group.ask("anna", "/results 1")
    assert "Skatepark — 0 Zustimmungen" in result and "Jugendraum — 1 Zustimmung" in result
    assert "Beteiligung: 1 von 4" in result


async def test_invalid_ballot_keeps_the_previous_one(group: Bot) -> None:
    await group.ask("anna", "/round dot 1 2 3 points=2")
    await group.ask("max", "/vote 1 1=2")
    assert "nicht zu dieser Abstimmungsrunde" in await group.ask("max", "/vote 1 9=1")
    assert "nicht zu dieser Abstimmungsrunde" in await group.ask("max", "/vote 1 4=1")
    assert "Ihr Punktebudget ist 2" in await group.ask("max", "/vote 1 2=1 3=2")
    assert "„x“ ist keine Maßnahmennummer." in await group.ask("max", "/vote 1 x")
    await group.ask("anna", "/close 1")
    assert "Platz 1: Nr. 1 Skatepark — 2 Punkte" in await group.ask("anna", "/results 1")


async def test_an_english_group_reads_youth_vote_and_capitalised_role_headings(
    group: Bot,
) -> None:
    await group.ask("anna", "/lang en")
    await group.ask("anna", "/round approval 1 2")
    await add_voters(group, 1, role="youth", prefix="mia")
    for youth in ("lea", "jonas", "mia0"):
        await group.ask(youth, "/vote 1 1")
    result = await group.ask("anna", "/close 1")
    assert "· Youth vote: 3" in result and "Youth vote: 3 of 3 eligible voted." in result
    assert "Jugendvotum" not in result
    members = (await group.ask("anna", "/members")).splitlines()
    assert members[1:3] == ["Coordinator: Anna", "Member: Max"]


async def test_a_measure_dropped_while_its_round_is_open_is_marked_in_the_result(
    group: Bot,
) -> None:
    await group.ask("anna", "/runde zustimmung 1 2 3")
    await group.ask("max", "/abstimmen 1 1")
    await group.ask("anna", "/stand 1 verworfen")
    result = await group.ask("anna", "/schliessen 1")
    assert "Platz 1: Nr. 1 Skatepark (verworfen) — 1 Zustimmung" in result
    assert "Nr. 2 Sitzbänke am Markt — 0" in result and "Markt (verworfen)" not in result


async def test_a_secret_dot_ballot_with_points_left_says_so_without_asking_to_change_it(
    group: Bot,
) -> None:
    await group.ask("anna", "/runde punkte 1 2 3 punkte=5 geheim")
    answer = await group.ask("max", "/abstimmen 1 1 2", chat="dm")
    assert "3 Ihrer 5 Punkte sind noch nicht vergeben." in answer
    assert "noch einmal" not in answer  # a secret ballot cannot be changed


async def test_a_decision_on_many_measures_names_one_command_for_all(group: Bot) -> None:
    for n in range(5, 13):
        await group.ask("max", f"/propose Idee {n}")
    await group.ask("anna", "/stand 3 beschlossen")  # adopted already: not named again
    await group.ask("anna", "/runde konsent alle")
    await group.ask("max", "/vote 1 ja")
    sent = await group.say("anna", "/close 1 now")
    (result,) = [s.reply.text for s in sent if s.chat.chat_id == "group"]
    command = "/stand 1 2 4 5 6 7 8 9 10 11 12 beschlossen"
    assert result.endswith(f"Die Koordination trägt den Beschluss mit {command} ein.")
    answer = await group.ask("anna", command)
    assert len(answer.splitlines()) == 11
    assert answer.startswith("Maßnahme 1 „Skatepark“: vorgeschlagen → beschlossen.\n")
    assert answer.endswith("Maßnahme 12 „Idee 12“: vorgeschlagen → beschlossen.")


async def test_a_ballot_confirmation_shortens_a_long_title(group: Bot) -> None:
    await group.ask(
        "anna", "/propose Beleuchtung des Fußwegs zwischen Bahnhof und Schulzentrum am Abend"
    )
    await group.ask("anna", "/round approval 1 5")
    answer = await group.ask("max", "/vote 1 5 1")
    assert answer == (
        "Ihre Stimme in Runde 1 ist gespeichert: Maßnahme 1 „Skatepark“, "
        "Maßnahme 5 „Beleuchtung des Fußwegs zwischen…“."
    )
