"""Console transcripts: (who says what, what the bot must answer), through the real console adapter."""

from __future__ import annotations

import io
import itertools
from pathlib import Path

from adapters.console import ConsoleAdapter, parse_line
from bot.app import App
from tests.harness import settings_for, start_clock

Transcript = list[tuple[str, str]]


async def run_console(tmp_path: Path, lines: list[str]) -> str:
    settings = settings_for(tmp_path)
    counter = itertools.count(1)
    app = App(settings, clock=start_clock(), new_code=lambda: f"CODE{next(counter):04d}")
    out = io.StringIO()
    console = ConsoleAdapter(stdin=io.StringIO("\n".join(lines) + "\n"), stdout=out)
    app.add_adapter(console)
    async with app:
        await console.run()
    return out.getvalue()


async def check(tmp_path: Path, transcript: Transcript) -> None:
    output = await run_console(tmp_path, [said for said, _ in transcript])
    blocks = output.split("\n[")
    for said, expected in transcript:
        who_where = said.split(":", 1)[0]
        index = next(
            i
            for i, b in enumerate(blocks)
            if said.split(":", 1)[1].strip() in b and who_where.split("@")[0].split("#")[0] in b
        )
        answer = blocks[index + 1] if index + 1 < len(blocks) else ""
        assert expected in answer, f"after {said!r} expected {expected!r}, got {answer!r}"
        blocks = blocks[index + 1 :]


async def test_a_new_group_collects_measures(tmp_path: Path) -> None:
    await check(
        tmp_path,
        [
            ("anna: /setup Musterstadt", "group] steerbot: Die Steuerungsgruppe Musterstadt"),
            (
                "anna: /invite youth",
                "Einladungscode für eine Person als Jugendvertretung: CODE0001",
            ),
            ("lea@dm: /join CODE0001", "dm:lea] steerbot: Willkommen, lea!"),
            (
                "lea: /propose Skatepark | am Bahnhof #beteil",
                "Deine Idee „Skatepark“ ist jetzt bei der Steuerungsgruppe",
            ),
            ("anna: /accept 1", "Jugendidee 1 ist jetzt Maßnahme 1 „Skatepark“"),
            ("anna: /vorschlag Kinderstadtplan #info", "Maßnahme 2 „Kinderstadtplan“"),
            (
                "anna: /massnahmen",
                "2 Maßnahmen:\n  \n  Beteiligung\n  1. Skatepark · vorgeschlagen · Jugendidee\n"
                "  \n  Information\n  2. Kinderstadtplan · vorgeschlagen",
            ),
            ("anna: /zeige 1", "Beschreibung: am Bahnhof"),
            ("gast: /propose Etwas", "Das können nur Mitglieder der Steuerungsgruppe Musterstadt"),
        ],
    )


async def test_plain_lines_are_said_by_current_user(tmp_path: Path) -> None:
    output = await run_console(tmp_path, ["/setup Musterstadt", "/members"])
    assert "[group] you: /setup Musterstadt" in output
    assert "Koordination: you" in output


async def test_comments_and_blank_lines_are_skipped(tmp_path: Path) -> None:
    output = await run_console(tmp_path, ["# a comment", "", "anna: /help"])
    assert "a comment" not in output and "/einrichten" in output


async def test_choices_pressed_by_number() -> None:
    line = parse_line("anna#youth: hallo", "you")
    assert line is not None and line.chat.chat_id == "youth" and not line.chat.is_direct
    dm = parse_line("lea@dm: /join X", "you")
    assert dm is not None and dm.chat.is_direct and dm.chat.chat_id == "dm:lea"
    plain = parse_line("/help", "bob")
    assert plain is not None and plain.user == "bob"
    url = parse_line("/propose Link: https://x", "bob")
    assert url is not None and url.user == "bob" and url.text == "/propose Link: https://x"


async def test_a_secret_ballot_typed_in_the_group_is_taken_out_of_the_chat(tmp_path: Path) -> None:
    output = await run_console(
        tmp_path,
        [
            "anna: /setup Musterstadt",
            "anna: /vorschlag Skatepark",
            "anna: /vorschlag Bänke",
            "anna: /runde zustimmung 1 2 geheim",
            "anna: /abstimmen 1 1",
        ],
    )
    _, after = output.split("[group] anna: /abstimmen 1 1\n", 1)
    assert after.startswith("[group] (steerbot removed the message above from the chat)\n")
    assert "Ich habe Ihre Nachricht aus diesem Chat entfernt" in after


async def test_a_list_is_sent_from_this_machine_with_at_file(tmp_path: Path) -> None:
    listing = tmp_path / "liste.csv"
    listing.write_text("Titel;Frist\nSkatepark;15.3.2027\nJugendraum;\n", encoding="utf-8")
    output = await run_console(
        tmp_path,
        [
            "anna: /setup Musterstadt",
            "anna: /import",
            f"anna: @datei {tmp_path / 'fehlt.csv'}",
            f"anna: @file {listing}",
            "anna: [1]",
            "anna: /massnahmen",
        ],
    )
    assert f"(there is no file {tmp_path / 'fehlt.csv'})" in output
    assert "2 Maßnahmen lassen sich importieren:\n  • Skatepark\n  • Jugendraum" in output
    assert "[1] 2 Maßnahmen importieren\n  [2] Abbrechen" in output
    assert "2 Maßnahmen in Musterstadt importiert: Nr. 1, 2." in output
    assert "1. Skatepark" in output and "2. Jugendraum" in output


async def test_a_bare_number_presses_the_button_as_brackets_do(tmp_path: Path) -> None:
    output = await run_console(
        tmp_path,
        [
            "anna: /setup Musterstadt",
            "anna: /invite youth",
            "lena: /join CODE0001",
            "lena@dm: 2",
            "lena@dm: 5",
        ],
    )
    _, answered = output.split("[dm:lena] lena: 2\n", 1)
    assert answered.startswith("[dm:lena] steerbot: Danke. Die Gruppe sieht deinen Namen.\n")
    # A number no button has is a message like any other.
    _, other = output.split("[dm:lena] lena: 5\n", 1)
    assert other.startswith("[dm:lena] steerbot: Ich verstehe Befehle.")


async def test_an_answered_question_loses_its_buttons(tmp_path: Path) -> None:
    output = await run_console(
        tmp_path,
        [
            "anna: /setup Musterstadt",
            "anna: /invite youth",
            "lena: /join CODE0001",
            "lena@dm: 2",
            "lena@dm: 2",
            "anna: /vorschlag Skatepark",
            "anna: /vorschlag Bänke",
            "anna: /runde zustimmung 1 2",
            "anna: 1",
            "anna: 2",
        ],
    )
    _, answered = output.split("[dm:lena] lena: 2\n", 1)
    assert answered.startswith(
        "[dm:lena] steerbot: Danke. Die Gruppe sieht deinen Namen.\n"
        "[dm:lena] (steerbot took the buttons off its message)\n"
    )
    # The second "2" is a message again, not a second answer.
    _, again = answered.split("[dm:lena] lena: 2\n", 1)
    assert again.startswith("[dm:lena] steerbot: Ich verstehe Befehle.")
    # A round's buttons stay: a choice is toggled until the round closes.
    _, voted = output.split("[group] anna: 2\n", 1)
    assert "Ihre Stimme in Runde 1: Maßnahme 1 „Skatepark“, Maßnahme 2 „Bänke“." in voted
    assert "took the buttons off" not in output.split("[group] anna: 1\n", 1)[1]


async def test_a_round_over_thirty_measures_shows_its_buttons_eight_to_a_row(
    tmp_path: Path,
) -> None:
    proposals = [f"anna: /vorschlag Idee {n}" for n in range(1, 31)]
    output = await run_console(
        tmp_path,
        ["anna: /setup Musterstadt", *proposals, "anna: /runde zustimmung 1-30", "anna: 2"],
    )
    _, announced = output.split("[group] anna: /runde zustimmung 1-30\n", 1)
    announced, pressed = announced.split("[group] anna: 2\n", 1)
    assert announced.endswith(
        "  [1] 1    [2] 2    [3] 3    [4] 4    [5] 5    [6] 6    [7] 7    [8] 8\n"
        "  [9] 9    [10] 10  [11] 11  [12] 12  [13] 13  [14] 14  [15] 15  [16] 16\n"
        "  [17] 17  [18] 18  [19] 19  [20] 20  [21] 21  [22] 22  [23] 23  [24] 24\n"
        "  [25] 25  [26] 26  [27] 27  [28] 28  [29] 29  [30] 30\n"
    )
    assert pressed.startswith("[dm:anna] steerbot: Ihre Stimme in Runde 1: Maßnahme 2 „Idee 2“.\n")
