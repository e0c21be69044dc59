"""/import of a plan sent back edited: rows of existing measures change them, shown first."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

import pytest

from tests.harness import Bot
from tests.measures.docs import FULL_LIFE, life
from tests.measures.test_chat_import import drafts
from tests.measures.test_import import snapshot

NEW_TEXT = "Ein neuer Spielplatz"


async def exported(bot: Bot, fmt: str = "xlsx") -> bytes:
    return (await bot.say("anna", f"/plan export {fmt}"))[0].reply.attachments[0].data


def edited(data: bytes, cells: dict[tuple[int, str], object], *rows: dict[str, object]) -> bytes:
    """The exported workbook with ``cells`` ((Nr., column) → value) changed and ``rows`` added."""
    from openpyxl import load_workbook

    book = load_workbook(io.BytesIO(data))
    sheet = book.worksheets[0]
    columns = {c.value: c.column for c in sheet[1]}
    lines = {r[0].value: r[0].row for r in sheet.iter_rows(min_row=2)}
    for (nr, header), value in cells.items():
        sheet.cell(row=lines[nr], column=columns[header], value=value)
    for extra in rows:
        line = sheet.max_row + 1
        for header, value in extra.items():
            sheet.cell(row=line, column=columns[header], value=value)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


async def events(bot: Bot, number: int) -> str:
    return await bot.ask("anna", f"/history {number}")


@pytest.mark.parametrize("fmt", ["xlsx", "ods", "csv"])
async def test_an_exported_plan_sent_back_unchanged_changes_nothing(bot: Bot, fmt: str) -> None:
    await life(bot)
    before = await snapshot(bot, 1), await events(bot, 1)
    await bot.ask("anna", "/import")
    checked = await bot.send_file("anna", f"plan.{fmt}", await exported(bot, fmt))
    assert "2 Zeilen stimmen mit ihren Maßnahmen überein." in checked
    assert "Nichts zu importieren: Die Liste stimmt mit den Maßnahmen überein" in checked
    assert "lassen sich importieren" not in checked and "geändert" not in checked
    assert "Es wartet keine Liste" in await bot.ask("anna", "/import ja")
    assert (await snapshot(bot, 1), await events(bot, 1)) == before


async def test_an_edited_plan_changes_its_measures_after_the_check(backend_bot: Bot) -> None:
    """On SQLite and PostgreSQL."""
    bot = backend_bot
    await life(bot)
    await bot.ask("anna", "/assign 2 Max")
    data = edited(
        await exported(bot),
        {
            (1, "Titel"): "Spielplatz am Stadtpark",  # found by its number
            (1, "Beschreibung"): None,  # an empty cell leaves the description
            (1, "Federführendes Amt"): "Jugendamt",
            (1, "Kosten (EUR)"): 14000,
            (1, "Status"): "umgesetzt",  # left to /status
            (1, "Meilensteine"): "01.05.2027 Baubeginn\n01.06.2027 Eröffnung",
            (2, "Frist"): date(2027, 8, 15),
        },
        {"Titel": "Bücherbus", "Handlungsfeld": "Information"},
    )
    await bot.ask("anna", "/import", chat="dm")
    sent = await bot.say_file("anna", "plan.xlsx", data, chat="dm")
    checked = sent[0].reply.text
    assert "„plan.xlsx“: 3 Zeilen geprüft.\n1 Maßnahme lässt sich importieren:\n• Bücherbus" in (
        checked
    )
    assert (
        "2 Maßnahmen würden geändert:\n"
        "• Nr. 1 „Spielplatz am Park“: Titel: Spielplatz am Park → Spielplatz am Stadtpark; "
        "Federführung: Grünflächenamt → Jugendamt; "
        "Kosten: 12.500,50 € → 14.000,00 €; neuer Meilenstein 01.06.2027 Eröffnung\n"
        "• Nr. 2 „Kinderstadtplan“: Frist: 01.06.2027 → 15.08.2027"
    ) in checked
    assert "In der Liste steht anders: Nr. 1: umgesetzt." in checked
    assert "Leere Zellen lassen einen Wert, wie er ist." in checked
    assert [c.label for c in sent[0].reply.choices] == [
        "Übernehmen: 1 neu, 2 geändert",
        "Abbrechen",
    ]
    assert (await snapshot(bot, 1))[0]["cost_estimate"] == Decimal("12500.50")  # not yet

    done = await bot.press("anna", sent[0].reply.choices[0].action, chat="dm")
    by_chat = {s.chat.chat_id: s.reply.text for s in done}
    assert by_chat["dm:anna"].startswith(
        "1 Maßnahme in Musterstadt importiert: Nr. 4. /massnahmen zeigt sie.\n"
        "2 Maßnahmen in Musterstadt geändert: Nr. 1, 2. /verlauf <Nr> zeigt, was sich geändert hat."
    )
    assert by_chat["group"] == (
        "Anna hat 1 Maßnahme aus „plan.xlsx“ importiert: Nr. 4.\n"
        "Anna hat mit „plan.xlsx“ 2 Maßnahmen geändert: Nr. 1, 2."
    )
    assert "15.08.2027" in by_chat["dm:max"]  # the responsible person hears of the new date
    first, second, _open, bus = await snapshot(bot, 1)
    assert first["title"] == "Spielplatz am Stadtpark" and first["description"] == NEW_TEXT
    assert first["lead_office"] == "Jugendamt" and first["cost_estimate"] == Decimal("14000.00")
    assert first["status"] == "adopted"
    assert first["milestones"] == [(date(2027, 5, 1), "Baubeginn"), (date(2027, 6, 1), "Eröffnung")]
    assert second["due_on"] == date(2027, 8, 15) and bus["title"] == "Bücherbus"
    history = await events(bot, 1)
    assert "Anna · Kosten: 12.500,50 € → 14.000,00 € (Import, Zeile 2)" in history
    assert "Anna · Meilenstein: 01.06.2027 Eröffnung (Import, Zeile 2)" in history
    assert await drafts(bot) == 0


async def test_a_workshop_list_numbering_its_own_rows_adds_measures(bot: Bot) -> None:
    await life(bot)
    await bot.ask("anna", "/import")
    listing = b"Nr.;Titel;Kosten\n1;Skatepark;100\n2;Jugendraum;\n"
    checked = await bot.send_file("anna", "workshop.csv", listing)
    assert "2 Maßnahmen lassen sich importieren:\n• Skatepark\n• Jugendraum" in checked
    assert "geändert" not in checked
    assert "Nr. 4, 5" in await bot.ask("anna", "/import ja")
    assert [m["title"] for m in await snapshot(bot, 1)][:2] == [
        "Spielplatz am Park",
        "Kinderstadtplan",
    ]


async def test_a_change_made_since_the_check_is_shown_before_anything_is_stored(bot: Bot) -> None:
    await life(bot)
    data = edited(await exported(bot), {(1, "Kosten (EUR)"): 14000})
    await bot.ask("anna", "/import")
    first = await bot.say_file("anna", "plan.xlsx", data)
    assert "Kosten: 12.500,50 € → 14.000,00 €" in first[0].reply.text
    await bot.ask("anna", "/bearbeite 1 amt=Bauamt")  # the list still says Grünflächenamt
    again = await bot.ask("anna", "/import ja")
    assert again.startswith(
        "In Musterstadt hat sich seit der Prüfung etwas geändert; nichts wurde gespeichert. "
        "Die neue Prüfung:\n„plan.xlsx“: 2 Zeilen geprüft."
    )
    assert "Federführung: Bauamt → Grünflächenamt; Kosten" in again
    assert (await snapshot(bot, 1))[0]["lead_office"] == "Bauamt"
    stale = await bot.press("anna", first[0].reply.choices[0].action)
    assert "Diese Knöpfe gehören zu einer früheren Prüfung" in stale[0].reply.text
    done = await bot.ask("anna", "/import ja")
    assert done.startswith("1 Maßnahme in Musterstadt geändert: Nr. 1.")
    row = (await snapshot(bot, 1))[0]
    assert row["lead_office"] == "Grünflächenamt" and row["cost_estimate"] == Decimal("14000.00")


async def test_rows_that_cannot_change_their_measure_are_problems(bot: Bot) -> None:
    await life(bot)
    await bot.ask("max", "/vorschlag Kinderstadtplan")  # a second measure of that title: no. 4
    await bot.ask("anna", "/stand 3 verworfen")
    data = edited(
        await exported(bot),
        {(1, "Frist"): date(2026, 12, 1)},
        {"Titel": "Noch offen", "Frist": date(2027, 3, 1)},
        {"Nr.": 1, "Titel": "Spielplatz am Park", "Kosten (EUR)": 5},
        {"Titel": "Kinderstadtplan", "Kosten (EUR)": 7},
    )
    await bot.ask("anna", "/import")
    checked = await bot.send_file("anna", "plan.xlsx", data)
    assert "Zeile 2: Der 01.12.2026 liegt in der Vergangenheit." in checked
    assert "1 Zeile stimmt mit ihrer Maßnahme überein." in checked  # no. 2, by its number
    assert "Zeile 4: Maßnahme 3 „Noch offen“ ist verworfen." in checked
    assert "Zeile 5: Zeile 2 ändert schon Maßnahme 1" in checked
    assert "Zeile 6: Mehrere Maßnahmen haben diesen Titel (Nr. 2, 4)." in checked
    assert "Nichts zu importieren. Korrigieren Sie die Liste" in checked


async def test_the_responsible_column_names_members_as_assign_does(backend_bot: Bot) -> None:
    """On SQLite and PostgreSQL: a cell naming a member makes them responsible (a new row's
    measure too); what the export wrote changes nothing; an office, a guest or a typo changes
    nothing and the check says so."""
    bot = backend_bot
    await bot.group_with(max="member", jürgen="member", olaf="observer")
    for line in FULL_LIFE:
        await bot.ask("anna", line)
    await bot.ask("anna", "/zuweisen 2 max")
    data = edited(
        await exported(bot),
        {(1, "Verantwortlich"): "Juergen"},  # spelled out, as /assign reads it
        {"Titel": "Jugendcafé", "Verantwortlich": "max"},
        {"Titel": "Bolzplatz", "Verantwortlich": "Bauamt"},
        {"Titel": "Skaterampe", "Verantwortlich": "Olaf"},
    )
    await bot.ask("anna", "/import")
    checked = await bot.send_file("anna", "plan.xlsx", data)
    assert "• Nr. 1 „Spielplatz am Park“: Verantwortlich: — → Jürgen" in checked
    assert "Nr. 2" not in checked  # Max, as the export wrote him
    assert "• Jugendcafé (verantwortlich: Max)" in checked
    assert (
        "Aus der Spalte Verantwortlich nicht übernommen: Zeile 5: „Bauamt“ (kein Mitglied hat "
        "diesen Namen); Zeile 6: „Olaf“ (ein Gast kann nicht verantwortlich sein). /zuweisen "
        "<Nummer> <Name> macht jemanden verantwortlich; ein Amt gehört in die Spalte "
        "Federführung." in checked
    )
    assert "Spalte „Verantwortlich“ wurde ausgelassen" not in checked  # it was read
    # Someone else made responsible since the check: the check is shown anew.
    await bot.ask("anna", "/zuweisen 1 max")
    again = await bot.ask("anna", "/import ja")
    assert again.startswith("In Musterstadt hat sich seit der Prüfung etwas geändert")
    assert "• Nr. 1 „Spielplatz am Park“: Verantwortlich: Max → Jürgen" in again
    sent = await bot.say("anna", "/import ja")
    to_max = [s.reply.text.split(" /zeige")[0] for s in sent if s.chat.chat_id == "dm:max"]
    assert to_max == [
        "In Musterstadt sind Sie nicht mehr verantwortlich für Maßnahme 1 „Spielplatz am Park“. "
        "Verantwortlich jetzt: Jürgen.",
        "In Musterstadt sind Sie jetzt verantwortlich für Maßnahme 4 „Jugendcafé“.",
    ]
    assert [s.reply.text.split(" /zeige")[0] for s in sent if s.chat.chat_id == "dm:jürgen"] == [
        "In Musterstadt sind Sie jetzt verantwortlich für Maßnahme 1 „Spielplatz am Park“. "
        "Fällig am 01.07.2027."
    ]
    assert "Verantwortlich: Jürgen" in await bot.ask("anna", "/zeige 1")
    assert "Verantwortlich: Max" in await bot.ask("anna", "/zeige 2")
    assert "Verantwortlich: Max" in await bot.ask("anna", "/zeige 4")
    assert "Verantwortlich" not in await bot.ask("anna", "/zeige 5")
    assert "Anna · verantwortlich: Max → Jürgen (Import, Zeile 2)" in await events(bot, 1)


async def test_a_responsible_cell_for_a_dropped_measure_is_a_problem_of_its_row(bot: Bot) -> None:
    await bot.group_with(max="member")
    await bot.ask("anna", "/propose Spielplatz")
    await bot.ask("anna", "/status 1 verworfen")
    await bot.ask("anna", "/import")
    checked = await bot.send_file(
        "anna", "liste.csv", b"Nr.;Titel;Verantwortlich\n1;Spielplatz;Max\n"
    )
    assert "Zeile 2: Maßnahme 1 „Spielplatz“ ist verworfen." in checked
    assert "Nichts zu importieren" in checked
