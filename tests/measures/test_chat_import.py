"""/import in the chat: a coordinator sends a workshop list, sees the check, confirms."""

from __future__ import annotations

import asyncio
from datetime import timedelta

import pytest
from sqlalchemy import func, select

from bot.documents import Sheet, render
from bot.events import Action
from storage.models import ImportDraft, Measure
from tests.documents.test_reader_bad_files import ods, xlsx
from tests.harness import Bot
from tests.measures.test_import import WORKSHOP, snapshot

GOOD = "Titel;Handlungsfeld;Frist\nSkatepark;Beteiligung;15.3.2027\nJugendraum;;\nStadtplan;info;\n"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


async def titles(bot: Bot) -> list[str]:
    return [str(m["title"]) for m in await snapshot(bot, 1)]


async def drafts(bot: Bot) -> int:
    async with bot.app.sessions() as s:
        return int(await s.scalar(select(func.count()).select_from(ImportDraft)) or 0)


async def test_a_coordinator_imports_a_list_sent_in_the_chat(bot: Bot) -> None:
    await bot.group_with(bert="member")
    asked = await bot.ask("anna", "/import")
    assert "Schicken Sie mir die Liste der Maßnahmen als Datei" in asked
    checked = await bot.send_file("anna", "workshop.csv", GOOD.encode(), mime_type="text/csv")
    assert "„workshop.csv“: 3 Zeilen geprüft." in checked
    assert "3 Maßnahmen lassen sich importieren:\n• Skatepark\n• Jugendraum\n• Stadtplan" in checked
    assert "Noch ist nichts gespeichert." in checked
    assert await titles(bot) == []  # nothing stored before the confirmation
    done = await bot.ask("anna", "/import ja")
    assert done.startswith("3 Maßnahmen in Musterstadt importiert: Nr. 1–3.")
    rows = await snapshot(bot, 1)
    assert [r["title"] for r in rows] == ["Skatepark", "Jugendraum", "Stadtplan"]
    assert rows[0]["field"] == "Beteiligung" and rows[2]["field"] == "Information"
    assert rows[0]["origin"] == "workshop" and rows[0]["status"] == "proposed"
    # The audit trail names who imported it, as it does for every change an import makes.
    assert "· Anna · importiert: Skatepark (Zeile 2)" in await bot.ask("anna", "/history 1")
    # Confirmed once: a second confirmation imports nothing twice.
    again = await bot.ask("anna", "/import ja")
    assert "Es wartet keine Liste auf den Import." in again
    assert len(await titles(bot)) == 3 and await drafts(bot) == 0


async def test_the_check_names_the_columns_it_does_not_read(bot: Bot) -> None:
    await bot.group_with()
    await bot.ask("anna", "/import")
    listed = "Titel;Bemerkung;Frist\nSkatepark;dringend, mit Jugendforum;15.3.2027\n"
    checked = await bot.send_file("anna", "liste.csv", listed.encode(), mime_type="text/csv")
    assert "1 Maßnahme lässt sich importieren:\n• Skatepark" in checked
    # Before confirming, the coordinator learns that the remarks would not come along.
    assert "Die Spalte „Bemerkung“ kenne ich nicht: Aus ihr wird nichts übernommen." in checked
    await bot.ask("anna", "/import")
    listed = "Titel;Bemerkung;Rückfragen an\nSkatepark;dringend;Frau Meier\n"
    checked = await bot.send_file("anna", "liste.csv", listed.encode(), mime_type="text/csv")
    assert (
        "Die Spalten „Bemerkung“, „Rückfragen an“ kenne ich nicht: Aus ihnen wird nichts" in checked
    )
    # A list with only known columns has no such line.
    await bot.ask("anna", "/import")
    checked = await bot.send_file("anna", "workshop.csv", GOOD.encode(), mime_type="text/csv")
    assert "kenne ich nicht" not in checked


async def test_the_buttons_import_once_and_only_for_the_sender(bot: Bot) -> None:
    await bot.group_with(carla="coordinator")
    await bot.ask("anna", "/import")
    data = xlsx([["Titel", "Beschreibung"], ["Skatepark", "am Bahnhof"], ["Jugendraum", None]])
    sent = await bot.say_file("anna", "liste.xlsx", data, mime_type=XLSX_MIME)
    assert "2 Maßnahmen lassen sich importieren" in sent[0].reply.text
    labels = [c.label for c in sent[0].reply.choices]
    assert labels == ["2 Maßnahmen importieren", "Abbrechen"]
    go, cancel = (c.action for c in sent[0].reply.choices)
    other = await bot.press("carla", go)
    assert "Nur wer die Liste geschickt hat" in other[0].reply.text
    assert "Nur wer die Liste geschickt hat" in (await bot.press("carla", cancel))[0].reply.text
    assert await titles(bot) == [] and await drafts(bot) == 1
    first = await bot.press("anna", go)
    assert first[0].reply.text.startswith("2 Maßnahmen in Musterstadt importiert: Nr. 1, 2.")
    second = await bot.press("anna", go)
    assert "Es wartet keine Liste auf den Import." in second[0].reply.text
    assert await titles(bot) == ["Skatepark", "Jugendraum"]
    rows = await snapshot(bot, 1)
    assert rows[0]["description"] == "am Bahnhof"


async def test_the_cancel_button_stores_nothing(bot: Bot) -> None:
    await bot.group_with()
    await bot.ask("anna", "/import")
    sent = await bot.say_file("anna", "liste.csv", WORKSHOP.replace("Maßnahme", "Titel").encode())
    labels = [c.label for c in sent[0].reply.choices]
    assert labels == ["Nur die 2 guten Zeilen importieren", "Abbrechen"]
    cancelled = await bot.press("anna", sent[0].reply.choices[1].action)
    assert cancelled[0].reply.text == "Import abgebrochen; nichts wurde gespeichert."
    assert (
        "Es wartet keine Liste"
        in (await bot.press("anna", sent[0].reply.choices[0].action))[0].reply.text
    )
    assert await titles(bot) == [] and await drafts(bot) == 0


async def test_rows_with_problems_are_shown_and_only_the_good_ones_imported(bot: Bot) -> None:
    await bot.group_with()
    await bot.ask("anna", "/import")
    checked = await bot.send_file(
        "anna", "workshop.csv", WORKSHOP.replace("Maßnahme", "Titel").encode()
    )
    assert "2 Maßnahmen lassen sich importieren:\n• Spielplatz\n• Stadtplan" in checked
    assert "2 Zeilen haben Fehler:\nZeile 3: Der Titel fehlt." in checked
    assert "Zeile 4: Kosten (EUR): Ich konnte „viel“ nicht" in checked
    assert "Spalten nicht verwendet" not in checked  # Office is a known column
    assert "oder importieren Sie nur die guten Zeilen: /importieren ja." in checked
    assert await titles(bot) == []
    done = await bot.ask("anna", "/import ja")
    assert "2 Maßnahmen in Musterstadt importiert: Nr. 1, 2." in done
    assert "2 Zeilen mit Fehlern wurden ausgelassen." in done
    assert await titles(bot) == ["Spielplatz", "Stadtplan"]


async def test_a_file_captioned_import_is_checked_at_once_and_titles_are_not_doubled(
    bot: Bot,
) -> None:
    await bot.group_with()
    await bot.ask("anna", "/vorschlag Skatepark")
    checked = await bot.send_file("anna", "liste.csv", GOOD.encode(), caption="/import")
    assert "2 Maßnahmen lassen sich importieren:\n• Jugendraum\n• Stadtplan" in checked
    assert (
        "1 Maßnahme würde geändert:\n"
        "• Nr. 1 „Skatepark“: Handlungsfeld: — → Beteiligung; Frist: — → 15.03.2027"
    ) in checked
    done = await bot.ask("anna", "/import ja")
    assert "Nr. 2, 3" in done and "1 Maßnahme in Musterstadt geändert: Nr. 1." in done
    assert await titles(bot) == ["Skatepark", "Jugendraum", "Stadtplan"]


async def test_a_file_nobody_asked_for_is_left_alone(bot: Bot) -> None:
    await bot.group_with(bert="member")
    # In the group chat, files are none of the bot's business unless /import asked for one.
    assert await bot.send_file("anna", "protokoll.csv", GOOD.encode()) == ""
    assert bot.adapter.fetched == []
    # Asked for by anna, the file of someone else in the same chat is still not read.
    await bot.ask("anna", "/import")
    assert await bot.send_file("bert", "liste.csv", GOOD.encode()) == ""
    assert bot.adapter.fetched == [] and await drafts(bot) == 1
    # In the direct chat the bot says what it does with files.
    answer = await bot.send_file("anna", "liste.csv", GOOD.encode(), chat="dm")
    assert "Ich lese nur Dateien, um die ich gebeten habe." in answer and "/import" in answer
    assert "Dateien lese ich nicht" in await bot.send_file("bert", "a.csv", b"x", chat="dm")
    assert await titles(bot) == []


async def test_bad_files_get_a_clear_answer_and_the_import_still_waits(bot: Bot) -> None:
    await bot.group_with()
    await bot.ask("anna", "/import")
    pdf = await bot.send_file("anna", "plan.pdf", b"%PDF-1.4 ...", mime_type="application/pdf")
    assert (
        pdf
        == "„plan.pdf“ kann ich nicht lesen: Bitte schicken Sie die Liste als xlsx, ods oder csv."
    )
    broken = await bot.send_file("anna", "liste.xlsx", b"PK\x03\x04 not a workbook")
    assert "„liste.xlsx“ kann ich nicht lesen: Die Datei scheint beschädigt." in broken
    binary = await bot.send_file("anna", "liste.csv", b"\x00\x01\x02" * 100)
    assert "„liste.csv“ kann ich nicht lesen: Die Datei scheint beschädigt." in binary
    big = await bot.send_file("anna", "riesig.csv", b"Titel\n" + b"x" * (3 * 1024 * 1024))
    assert big == "„riesig.csv“ ist zu groß: Ich lese Listen bis 2 MB."
    no_title = await bot.send_file("anna", "kinder.csv", b"Name des Kindes;Alter\nLea;14\n")
    assert "Zeile 1: Die Datei hat keine Spalte für den Titel" in no_title
    assert "Nichts zu importieren." in no_title
    long_list = "Titel\n" + "".join(f"Maßnahme {i}\n" for i in range(1, 1003))
    too_long = await bot.send_file("anna", "lang.csv", long_list.encode())
    assert (
        "Die Liste hat mehr als 1000 Zeilen" in too_long and "steerbot import measures" in too_long
    )
    assert "Es wartet keine Liste" in await bot.ask("anna", "/import ja")
    # After all that, the good file is still taken: the import waited.
    assert "3 Maßnahmen lassen sich importieren" in await bot.send_file(
        "anna", "liste.csv", GOOD.encode()
    )
    assert "3 Maßnahmen in Musterstadt importiert" in await bot.ask("anna", "/import ja")


async def test_a_file_that_cannot_be_fetched_is_asked_for_again(bot: Bot) -> None:
    await bot.group_with()
    await bot.ask("anna", "/import")

    class Gone(dict[str, bytes]):  # the platform no longer hands the file out
        def __setitem__(self, key: str, value: bytes) -> None:
            pass

    bot.adapter.files = Gone()
    answer = await bot.send_file("anna", "liste.csv", GOOD.encode())
    assert answer == "Ich konnte „liste.csv“ nicht laden. Bitte schicken Sie die Datei noch einmal."
    assert await drafts(bot) == 1


async def test_cancel_and_expiry(bot: Bot) -> None:
    await bot.group_with()
    assert "Es wartet keine Liste" in await bot.ask("anna", "/import abbrechen")
    await bot.ask("anna", "/import")
    await bot.send_file("anna", "liste.csv", GOOD.encode())
    assert (
        await bot.ask("anna", "/import abbrechen")
        == "Import abgebrochen; nichts wurde gespeichert."
    )
    assert await drafts(bot) == 0 and await titles(bot) == []
    # Half an hour later the bot no longer waits for the file, nor takes a confirmation.
    await bot.ask("anna", "/import")
    bot.clock.advance(timedelta(minutes=31))
    assert await bot.send_file("anna", "liste.csv", GOOD.encode()) == ""
    await bot.ask("anna", "/import")
    await bot.send_file("anna", "liste.csv", GOOD.encode())
    bot.clock.advance(timedelta(minutes=31))
    assert "Es wartet keine Liste" in await bot.ask("anna", "/import ja")
    assert await titles(bot) == []
    assert "„vielleicht“ habe ich nicht verstanden." in await bot.ask("anna", "/import vielleicht")
    long = await bot.ask("anna", "/import " + "vielleicht morgen " * 100)
    assert long.startswith("„vielleicht morgen vielleicht morgen…“ habe ich nicht verstanden.")
    overlong = await bot.ask("anna", "/import " + "vielleicht morgen " * 300)
    assert overlong.startswith("Ihre Nachricht ist zu lang (5.408 Zeichen).")


async def test_only_coordinators_import(bot: Bot) -> None:
    await bot.group_with(bert="member", lea="youth")
    for who in ("bert", "lea"):
        answer = await bot.ask(who, "/import")
        assert "/import dürfen nur: Koordination." in answer, answer
        refused = await bot.send_file(who, "liste.csv", GOOD.encode(), caption="/import")
        assert "/import dürfen nur: Koordination." in refused, refused
    assert await drafts(bot) == 0 and await titles(bot) == []
    assert bot.adapter.fetched == []  # what would be refused is not even downloaded
    await bot.send_file("anna", "liste.csv", GOOD.encode(), caption="/import")
    assert len(bot.adapter.fetched) == 1


async def test_an_import_in_the_direct_chat_is_told_to_the_group(bot: Bot) -> None:
    await bot.group_with(bert="member")
    await bot.ask("anna", "/import", chat="dm")
    await bot.send_file("anna", "liste.csv", GOOD.encode(), chat="dm")
    sent = await bot.say("anna", "/import ja", chat="dm")
    by_chat = {s.chat.chat_id: s.reply.text for s in sent}
    assert by_chat["dm:anna"].startswith("3 Maßnahmen in Musterstadt importiert: Nr. 1–3.")
    assert by_chat["group"] == "Anna hat 3 Maßnahmen aus „liste.csv“ importiert: Nr. 1–3."


async def test_forget_takes_the_waiting_list_with_it(bot: Bot) -> None:
    await bot.group_with()
    await bot.ask("anna", "/import")
    await bot.send_file("anna", "liste.csv", GOOD.encode())
    export = await bot.say("anna", "/meinedaten", chat="dm")
    readable = b"".join(f.data for s in export for f in s.reply.attachments).decode()
    assert "Ihre Liste von Maßnahmen, die auf den Import wartet" in readable
    assert "liste.csv" in readable
    asked = await bot.ask("anna", "/vergessen", chat="dm")
    code = asked.split("/vergessen ")[1].split()[0]
    assert "vergessen" in await bot.ask("anna", f"/vergessen {code}", chat="dm")
    assert await drafts(bot) == 0


async def test_a_corrected_file_replaces_the_first_and_old_buttons_stop_working(bot: Bot) -> None:
    await bot.group_with()
    await bot.ask("anna", "/import")
    first = await bot.say_file("anna", "liste.csv", WORKSHOP.replace("Maßnahme", "Titel").encode())
    old_go = first[0].reply.choices[0].action
    corrected = await bot.say_file("anna", "liste.csv", GOOD.encode())
    assert "3 Maßnahmen lassen sich importieren" in corrected[0].reply.text
    stale = await bot.press("anna", old_go)
    assert "Diese Knöpfe gehören zu einer früheren Prüfung" in stale[0].reply.text
    assert await titles(bot) == []
    done = await bot.press("anna", corrected[0].reply.choices[0].action)
    assert done[0].reply.text.startswith("3 Maßnahmen in Musterstadt importiert: Nr. 1–3.")
    assert await titles(bot) == ["Skatepark", "Jugendraum", "Stadtplan"]


async def test_an_english_group_reads_the_problems_in_english(bot: Bot) -> None:
    await bot.group_with()
    await bot.ask("anna", "/lang en")
    await bot.ask("anna", "/import")
    listing = b"title;field;due;milestones\nSkate park;astronomy;2027-03-15;\nYouth room;;;soon\n"
    checked = await bot.send_file("anna", "list.csv", listing)
    assert "Row 2: Field of action: There is no field of action “astronomy”" in checked
    assert (
        "Row 3: Milestones: I could not read the milestone “soon”. "
        "Example: 2027-03-15 Groundbreaking"
    ) in checked
    assert "Nothing to import. Correct the list and send it again." in checked


async def test_a_heading_above_the_column_names_is_skipped(bot: Bot) -> None:
    await bot.group_with()
    await bot.ask("anna", "/import")
    data = xlsx(
        [
            ["Aktionsplan Musterstadt 2027", None, None],
            [None, None, None],
            ["Nr.", "Maßnahme", "Frist"],
            [1, "Skatepark", "15.3.2027"],
            [2, "Jugendraum", "32.1.2027"],
        ]
    )
    checked = await bot.send_file("anna", "aktionsplan.xlsx", data, mime_type=XLSX_MIME)
    assert "„aktionsplan.xlsx“: 2 Zeilen geprüft." in checked
    assert "1 Maßnahme lässt sich importieren:\n• Skatepark" in checked
    assert "Zeile 5: Frist: „32.1.2027“ ist kein Tag im Kalender" in checked


async def test_four_presses_at_once_import_once(backend_bot: Bot) -> None:
    """On SQLite and PostgreSQL: the draft is deleted before anything is stored, so of
    presses arriving together one imports and the others find nothing to confirm."""
    bot = backend_bot
    await bot.group_with()
    await bot.ask("anna", "/import")
    sent = await bot.say_file("anna", "liste.csv", GOOD.encode())
    go = sent[0].reply.choices[0].action
    presses = [Action(bot.chat("group"), bot.user("anna"), go, f"press-{i}-{go}") for i in range(4)]
    await asyncio.gather(*(bot.adapter.push(p) for p in presses))
    answers = [s.reply.text for s in bot.adapter.pop()]
    assert sum(a.startswith("3 Maßnahmen in Musterstadt importiert") for a in answers) == 1
    assert sum("Es wartet keine Liste" in a for a in answers) == 3
    async with bot.app.sessions() as s:
        assert await s.scalar(select(func.count()).select_from(Measure)) == 3


async def test_a_number_that_is_none_is_a_problem_of_its_row(bot: Bot) -> None:
    await bot.group_with()
    await bot.ask("anna", "/import")
    text = [{"valuetype": "string", "text": t} for t in ("Titel", "Kosten", "Skatepark")]
    data = ods(
        [
            text[:2],
            [text[2], {"valuetype": "float", "value": "NaN"}],
            [
                {"valuetype": "string", "text": "Jugendraum"},
                {"valuetype": "currency", "value": "Infinity"},
            ],
        ]
    )
    checked = await bot.send_file("anna", "liste.ods", data)
    assert "2 Zeilen haben Fehler:\nZeile 2: Kosten (EUR):" in checked
    assert "Zeile 3: Kosten (EUR):" in checked and "Entschuldigung" not in checked


@pytest.mark.parametrize("fmt", ["xlsx", "ods"])
async def test_a_workbook_opening_with_a_cover_sheet_is_read_from_its_list(
    bot: Bot, fmt: str
) -> None:
    await bot.group_with()
    cover = Sheet("Deckblatt", ("Aktionsplan Musterstadt",), [("Stand: Januar 2027",)])
    listing = Sheet("Maßnahmen", ("Nr.", "Maßnahme", "Frist"), [(1, "Skatepark", "15.3.2027")])
    await bot.ask("anna", "/import")
    checked = await bot.send_file("anna", f"plan.{fmt}", render([cover, listing], fmt))
    assert "1 Maßnahme lässt sich importieren:\n• Skatepark" in checked
    # A workbook without any list is read from its first sheet, and says what is missing.
    await bot.ask("anna", "/import abbrechen")
    await bot.ask("anna", "/import")
    checked = await bot.send_file("anna", f"deckblatt.{fmt}", render([cover, cover], fmt))
    assert "Zeile 1: Die Datei hat keine Spalte für den Titel" in checked


async def test_two_rows_of_one_new_title_add_one_measure(bot: Bot) -> None:
    await bot.group_with()
    await bot.ask("anna", "/import")
    doubled = GOOD + "skatepark;;\n  Jugendraum ;;\n"
    checked = await bot.send_file("anna", "workshop.csv", doubled.encode())
    assert "3 Maßnahmen lassen sich importieren:\n• Skatepark\n• Jugendraum\n• Stadtplan" in checked
    assert (
        "Zeile 5: Zeile 2 hat denselben Titel; eine Maßnahme wird nur einmal angelegt.\n"
        "Zeile 6: Zeile 3 hat denselben Titel; eine Maßnahme wird nur einmal angelegt."
    ) in checked
    await bot.ask("anna", "/import ja")
    assert await titles(bot) == ["Skatepark", "Jugendraum", "Stadtplan"]


async def test_a_new_row_with_a_milestone_in_the_past_is_named_before_it_is_imported(
    bot: Bot,
) -> None:
    await bot.group_with()
    await bot.ask("anna", "/import")
    listed = (
        "Titel;Meilensteine;Status\n"
        '"Skatepark";"1.12.2026 Planung\n15.3.2027 Baubeginn";\n'
        '"Ferienpass";"15.3.2027 Anmeldung";\n'
        '"Stadtplan";"1.1.2020 Druck";umgesetzt\n'
    )
    checked = await bot.send_file("anna", "liste.csv", listed.encode())
    assert (
        "Meilenstein in der Vergangenheit in Zeile 2 (01.12.2026 Planung): Er ist von Anfang an "
        "überfällig. Nach dem Import ändert /meilenstein <Nummer> erreicht <n> oder entfernen "
        "<n> ihn."
    ) in checked
    assert "3 Maßnahmen lassen sich importieren" in checked  # a done measure is never overdue
    await bot.ask("anna", "/import ja")
    assert len(await titles(bot)) == 3


async def test_a_row_with_several_milestones_in_the_past_is_named_once(bot: Bot) -> None:
    await bot.group_with()
    await bot.ask("anna", "/import")
    listed = (
        "Titel;Meilensteine\n"
        '"Skatepark";"1.12.2026 Planung\n15.12.2026 Ausschreibung\n15.3.2027 Baubeginn"\n'
        '"Ferienpass";"15.3.2027 Anmeldung"\n'
        '"Jugendraum";"1.1.2027 Schlüssel übergeben"\n'
    )
    checked = await bot.send_file("anna", "liste.csv", listed.encode())
    assert (
        "Meilensteine in der Vergangenheit in Zeile 2 (01.12.2026 Planung, 15.12.2026 "
        "Ausschreibung), Zeile 4 (01.01.2027 Schlüssel übergeben): Diese Meilensteine sind von "
        "Anfang an überfällig."
    ) in checked
    assert checked.count("Zeile 2") == 1
    await bot.ask("anna", "/import abbrechen")
    await bot.ask("anna", "/lang en")
    await bot.ask("anna", "/import")
    checked = await bot.send_file("anna", "list.csv", listed.encode())
    assert (
        "Milestones in the past in row 2 (1 Dec 2026 Planung, 15 Dec 2026 Ausschreibung), "
        "row 4 (1 Jan 2027 Schlüssel übergeben): they are overdue from the start."
    ) in checked


async def test_a_new_row_due_in_the_past_is_named_before_it_is_imported(bot: Bot) -> None:
    await bot.group_with()
    await bot.ask("anna", "/import")
    listed = (
        "Titel;Frist;Status\nSkatepark;15.3.2027;\nKinderrechte-Woche;1.1.2020;\n"
        "Ferienpass;4.12.2026;\nStadtplan;1.1.2020;umgesetzt\n"
    )
    checked = await bot.send_file("anna", "liste.csv", listed.encode())
    # Imported as asked (a running plan may be late), but the coordinator hears of it first.
    assert (
        "Fristen in der Vergangenheit in den Zeilen 3 (01.01.2020), 4 (04.12.2026): Diese "
        "Maßnahmen sind von Anfang an überfällig. Nach dem Import ändert /frist <Nummer> "
        "<Datum> sie."
    ) in checked
    assert "4 Maßnahmen lassen sich importieren" in checked  # a done measure is never overdue
    await bot.ask("anna", "/import ja")
    assert len(await titles(bot)) == 4
    await bot.ask("anna", "/lang en")
    await bot.ask("anna", "/import")
    checked = await bot.send_file("anna", "list.csv", b"title;due\nYouth room;2026-12-01\n")
    assert (
        "Due date in the past in row 2 (1 Dec 2026): the measure is overdue from the start. "
        "/due <number> <date> changes it after the import."
    ) in checked
    await bot.ask("anna", "/import")
    checked = await bot.send_file("anna", "list.csv", b"title;due\nSkate park 2;2027-03-15\n")
    assert "in the past" not in checked


async def test_a_title_of_only_punctuation_is_no_title(bot: Bot) -> None:
    await bot.group_with()
    await bot.ask("anna", "/import")
    listed = 'Titel;Frist\nSkatepark;15.3.2027\n";;;";\n---;\n…;15.3.2027\nJugendraum;\n'
    checked = await bot.send_file("anna", "liste.csv", listed.encode())
    assert "2 Maßnahmen lassen sich importieren:\n• Skatepark\n• Jugendraum\n" in checked
    # A line of only punctuation separates parts of a list, as an empty line does; beside a
    # date, "…" is a title missing.
    assert "1 Zeile hat Fehler:\nZeile 5: Der Titel fehlt.\n" in checked
    await bot.ask("anna", "/import ja")
    assert await titles(bot) == ["Skatepark", "Jugendraum"]


async def test_a_list_waits_for_nobody_once_its_sender_is_no_longer_coordinator(bot: Bot) -> None:
    await bot.group_with(carla="coordinator")
    await bot.ask("anna", "/import")
    data = xlsx([["Titel"], ["Skatepark"]])
    sent = await bot.say_file("anna", "liste.xlsx", data, mime_type=XLSX_MIME)
    go, cancel = (c.action for c in sent[0].reply.choices)
    changed = await bot.say("carla", "/rolle anna mitglied")
    # Whoever changed the role learns that the list is gone; Anna hears why.
    assert [(s.chat.chat_id, s.reply.text) for s in changed] == [
        (
            "group",
            "Anna ist jetzt Mitglied (vorher: Koordination).\nDie Liste „liste.xlsx“, die auf "
            "den Import wartete, ist verworfen: Nur die Koordination importiert.",
        ),
        (
            "dm:anna",
            "In der Steuerungsgruppe Musterstadt sind Sie jetzt Mitglied. /hilfe zeigt, was Sie "
            "tun können.\nIhre Liste „liste.xlsx“, die auf den Import in Musterstadt wartete, "
            "ist verworfen: Nur die Koordination importiert.",
        ),
    ]
    assert await drafts(bot) == 0
    # The buttons left under the check say that nothing waits, for everyone.
    for who, ref in (("carla", cancel), ("anna", go)):
        assert "Es wartet keine Liste" in (await bot.press(who, ref))[0].reply.text
    assert await titles(bot) == []


async def test_a_list_waits_for_nobody_once_its_sender_has_left(bot: Bot) -> None:
    await bot.group_with(carla="coordinator")
    await bot.ask("anna", "/import")
    data = xlsx([["Titel"], ["Skatepark"]])
    sent = await bot.say_file("anna", "liste.xlsx", data, mime_type=XLSX_MIME)
    go, cancel = (c.action for c in sent[0].reply.choices)
    await bot.ask("anna", "/austreten ja")
    assert await drafts(bot) == 0
    for ref in (cancel, go):
        assert "Es wartet keine Liste" in (await bot.press("carla", ref))[0].reply.text
    assert await titles(bot) == []


async def test_a_list_goes_to_the_town_it_was_asked_for_after_a_switch(backend_bot: Bot) -> None:
    # Anna coordinates Musterstadt (group 1) and Beispieldorf (group 2). She starts /import for
    # Musterstadt in her direct chat, switches to Beispieldorf, then sends the list: it answers
    # the /import that asked for it, and every answer says so.
    bot = backend_bot
    await bot.group_with()
    await bot.ask("anna", "/setup Beispieldorf", chat="dorf")
    await bot.ask("anna", "/gruppe Musterstadt", chat="dm")
    assert (await bot.ask("anna", "/import", chat="dm")).startswith(
        "[Musterstadt]\nSchicken Sie mir die Liste"
    )
    await bot.ask("anna", "/gruppe Beispieldorf", chat="dm")
    checked = await bot.send_file("anna", "liste.csv", GOOD.encode(), chat="dm")
    assert checked.startswith("[Musterstadt]\n„liste.csv“: 3 Zeilen geprüft.")
    sent = await bot.say("anna", "/import ja", chat="dm")
    by_chat = {s.chat.chat_id: s.reply.text for s in sent}
    assert by_chat["dm:anna"].startswith(
        "[Musterstadt]\n3 Maßnahmen in Musterstadt importiert: Nr. 1–3."
    )
    assert by_chat["group"] == "Anna hat 3 Maßnahmen aus „liste.csv“ importiert: Nr. 1–3."
    assert await titles(bot) == ["Skatepark", "Jugendraum", "Stadtplan"]
    assert await snapshot(bot, 2) == []
    # The direct chat still speaks for Beispieldorf, and a new /import typed there is for it.
    assert (await bot.ask("anna", "/import", chat="dm")).startswith("[Beispieldorf]\n")
    assert (await bot.ask("anna", "/import abbrechen", chat="dm")) == (
        "[Beispieldorf]\nImport abgebrochen; nichts wurde gespeichert."
    )


async def test_a_list_asked_for_goes_there_also_from_a_town_one_only_belongs_to(bot: Bot) -> None:
    # Anna coordinates Musterstadt and is a member of Carl's Beispieldorf, which her direct chat
    # speaks for when the list comes: it is fetched and checked for Musterstadt all the same.
    await bot.group_with()
    await bot.ask("carl", "/setup Beispieldorf", chat="dorf")
    await bot.ask("anna", f"/join {await bot.invite('carl', 'member', 'dorf')}", chat="dorf")
    await bot.ask("anna", "/gruppe Musterstadt", chat="dm")
    await bot.ask("anna", "/import", chat="dm")
    await bot.ask("anna", "/gruppe Beispieldorf", chat="dm")
    sent = await bot.say_file("anna", "liste.csv", GOOD.encode(), chat="dm")
    assert sent[0].reply.text.startswith("[Musterstadt]\n„liste.csv“: 3 Zeilen geprüft.")
    done = await bot.press("anna", sent[0].reply.choices[0].action, chat="dm")
    assert done[0].reply.text.startswith("3 Maßnahmen in Musterstadt importiert: Nr. 1–3.")
    assert await titles(bot) == ["Skatepark", "Jugendraum", "Stadtplan"]


async def test_cancelling_after_a_switch_names_the_town_of_the_list(bot: Bot) -> None:
    await bot.group_with()
    await bot.ask("anna", "/setup Beispieldorf", chat="dorf")
    await bot.ask("anna", "/gruppe Musterstadt", chat="dm")
    await bot.ask("anna", "/import", chat="dm")
    await bot.ask("anna", "/gruppe Beispieldorf", chat="dm")
    assert await bot.ask("anna", "/import abbrechen", chat="dm") == (
        "[Musterstadt]\nImport abgebrochen; nichts wurde gespeichert."
    )
    assert await drafts(bot) == 0


async def test_confirming_after_a_switch_imports_into_the_town_the_list_was_read_for(
    bot: Bot,
) -> None:
    # Anna sends the list for Musterstadt, then switches her direct chat to Beispieldorf and
    # types "/import ja": the list goes where it was checked, and the answer says so.
    await bot.group_with()
    await bot.ask("anna", "/setup Beispieldorf", chat="dorf")
    await bot.ask("anna", "/gruppe Musterstadt", chat="dm")
    await bot.ask("anna", "/import", chat="dm")
    checked = await bot.send_file("anna", "liste.csv", GOOD.encode(), chat="dm")
    assert checked.startswith("[Musterstadt]\n„liste.csv“: 3 Zeilen geprüft.")
    await bot.ask("anna", "/gruppe Beispieldorf", chat="dm")
    assert (await bot.ask("anna", "/import ja", chat="dm")).startswith(
        "[Musterstadt]\n3 Maßnahmen in Musterstadt importiert: Nr. 1–3."
    )
    assert await titles(bot) == ["Skatepark", "Jugendraum", "Stadtplan"]
    assert await snapshot(bot, 2) == []


async def test_confirming_from_a_town_one_only_belongs_to_imports_into_the_list_s_town(
    bot: Bot,
) -> None:
    # Anna coordinates Musterstadt and is a member of Carl's Beispieldorf; after the check she
    # switches to Beispieldorf, where she could not import: "/import ja" still confirms the
    # list she sent for Musterstadt, and "/import abbrechen" would cancel it.
    await bot.group_with()
    await bot.ask("carl", "/setup Beispieldorf", chat="dorf")
    await bot.ask("anna", f"/join {await bot.invite('carl', 'member', 'dorf')}", chat="dorf")
    await bot.ask("anna", "/gruppe Musterstadt", chat="dm")
    await bot.ask("anna", "/import", chat="dm")
    await bot.send_file("anna", "liste.csv", GOOD.encode(), chat="dm")
    await bot.ask("anna", "/gruppe Beispieldorf", chat="dm")
    assert (await bot.ask("anna", "/import ja", chat="dm")).startswith(
        "[Musterstadt]\n3 Maßnahmen in Musterstadt importiert: Nr. 1–3."
    )
    assert await titles(bot) == ["Skatepark", "Jugendraum", "Stadtplan"]
    assert await snapshot(bot, 2) == []
    await bot.ask("anna", "/gruppe Musterstadt", chat="dm")
    await bot.ask("anna", "/import", chat="dm")
    await bot.send_file(
        "anna", "liste.csv", GOOD.replace("Skatepark", "Bolzplatz").encode(), chat="dm"
    )
    await bot.ask("anna", "/gruppe Beispieldorf", chat="dm")
    assert await bot.ask("anna", "/import abbrechen", chat="dm") == (
        "[Musterstadt]\nImport abgebrochen; nichts wurde gespeichert."
    )
    assert await drafts(bot) == 0
    # With no list waiting, /import in Beispieldorf is refused as before.
    assert "Koordination" in await bot.ask("anna", "/import ja", chat="dm")
