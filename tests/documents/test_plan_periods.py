"""Town halls' action plans give the time of a measure as a span ("Umsetzungszeitraum:
03/2027 – 06/2027", "Frist: Okt 27"): read on import as the span it names."""

from __future__ import annotations

from datetime import date
from io import BytesIO

import pytest
from odf.number import DateStyle, Day, Month, Quarter, Text, Year
from odf.opendocument import OpenDocumentSpreadsheet
from odf.style import Style
from odf.table import Table as OdsTable
from odf.table import TableCell, TableColumn, TableRow
from odf.text import P
from openpyxl import Workbook

from tests.documents.test_plan_roundtrip import XLSX_MIME
from tests.harness import Bot


async def imported(bot: Bot, table: str, chat: str = "group") -> str:
    """``table`` (CSV) sent after /import and confirmed; the check's answer."""
    await bot.ask("anna", "/import", chat=chat)
    checked = await bot.send_file("anna", "liste.csv", table.encode(), chat=chat)
    assert "importieren" in checked, checked
    assert "importiert" in await bot.ask("anna", "/import ja", chat=chat)
    return checked


@pytest.mark.parametrize(
    ("header", "period", "start", "end"),
    [
        ("Zeitraum", "03/2027 – 06/2027", "01.03.2027", "30.06.2027"),
        ("Zeitplan", "März–Juni 2027", "01.03.2027", "30.06.2027"),
        ("Umsetzungszeitraum", "2027–2028", "01.01.2027", "31.12.2028"),
        ("Umsetzungszeitraum", "Q1–Q3 2027", "01.01.2027", "30.09.2027"),
        ("Zeitraum (von – bis)", "01.03.2027 - 30.06.2027", "01.03.2027", "30.06.2027"),
        ("Zeitraum", "03/2027—06/2027", "01.03.2027", "30.06.2027"),
        ("Zeitraum", "03/2027 bis 06/2027", "01.03.2027", "30.06.2027"),
        ("Zeitraum", "03/2027-06/2027", "01.03.2027", "30.06.2027"),
        ("Zeitraum", "März - Juni 2027", "01.03.2027", "30.06.2027"),
        ("Zeitraum", "Okt 27 – Dez 27", "01.10.2027", "31.12.2027"),
        ("Zeitraum", "2027", "01.01.2027", "31.12.2027"),
    ],
)
async def test_a_period_column_gives_the_start_and_the_end_of_its_range(
    bot: Bot, header: str, period: str, start: str, end: str
) -> None:
    await bot.group_with()
    await imported(bot, f"Titel;{header}\nSpielplatz am Park;{period}\n")
    shown = await bot.ask("anna", "/zeige 1")
    assert f"Beginn: {start}" in shown and f"Ende: {end}" in shown, shown
    assert f"Frist: {end}" in shown, shown


async def test_a_period_column_leaves_a_due_date_of_its_own_as_it_is(bot: Bot) -> None:
    await bot.group_with()
    table = "Titel;Zeitraum;Frist\nSpielplatz;03/2027 – 06/2027;15.05.2027\nBänke;bis 09/2027;\n"
    await imported(bot, table)
    shown = await bot.ask("anna", "/zeige 1")
    assert "Beginn: 01.03.2027" in shown and "Frist: 15.05.2027" in shown, shown
    shown = await bot.ask("anna", "/zeige 2")
    assert "Frist: 30.09.2027" in shown and "Beginn" not in shown, shown


async def test_a_period_that_is_no_date_is_a_problem_of_its_row(bot: Bot) -> None:
    await bot.group_with()
    await bot.ask("anna", "/import")
    table = "Titel;Zeitraum\nSpielplatz;bald mal\nBänke;laufend\n"
    checked = await bot.send_file("anna", "liste.csv", table.encode())
    assert "Zeile 2: Zeitraum: Ich konnte „bald mal“ nicht als Zeitraum lesen." in checked, checked
    assert "1 Maßnahme lässt sich importieren:\n• Bänke\n" in checked  # "laufend": no date


@pytest.mark.parametrize(
    ("due", "expected"),
    [
        ("03/2027 – 06/2027", "30.06.2027"),
        ("März–Juni 2027", "30.06.2027"),
        ("2027 – 2028", "31.12.2028"),
        ("Okt 27", "31.10.2027"),
        ("Okt. 27", "31.10.2027"),
        ("Oktober 27", "31.10.2027"),
    ],
)
async def test_a_due_date_column_takes_the_end_of_a_range_or_month(
    bot: Bot, due: str, expected: str
) -> None:
    await bot.group_with()
    await imported(bot, f"Titel;Beginn;Umsetzung bis\nSpielplatz;{due};{due}\n")
    shown = await bot.ask("anna", "/zeige 1")
    assert f"Frist: {expected}" in shown, shown
    start = "01.03.2027" if "3" in due or "März" in due else "01.01.2027"
    if "Okt" in due:
        start = "01.10.2027"
    assert f"Beginn: {start}" in shown, shown


async def test_a_day_typed_in_the_chat_stays_a_day(bot: Bot) -> None:
    await bot.group_with()
    await bot.ask("anna", "/vorschlag Spielplatz")
    await bot.ask("anna", "/frist 1 27. Okt")
    assert "Frist: 27.10.2027" in await bot.ask("anna", "/zeige 1")
    await bot.ask("anna", "/frist 1 Okt 28")
    assert "Frist: 28.10.2027" in await bot.ask("anna", "/zeige 1")


async def test_a_date_cell_saying_how_soon_or_how_often_is_an_empty_cell(bot: Bot) -> None:
    """Before, "jährlich" and "regelmäßig" were read as no date only when spelled "jaehrlich"
    and "regelmaessig"; "kurzfristig" and "mittelfristig (2–3 Jahre)" made the row bad."""
    await bot.group_with()
    table = (
        "Titel;Umsetzungszeitraum;Frist\n"
        "Spielplatz;kurzfristig;jährlich\n"
        "Bänke;mittelfristig (2–3 Jahre);regelmäßig\n"
        "Skatepark;Langfristig;\n"
    )
    checked = await imported(bot, table)
    assert "3 Maßnahmen lassen sich importieren" in checked and "Fehler" not in checked, checked
    shown = await bot.ask("anna", "/zeige 2")
    assert "Frist" not in shown and "Beginn" not in shown, shown


async def test_a_period_from_a_day_on_gives_only_the_start(bot: Bot) -> None:
    await bot.group_with()  # today: 11.01.2027
    await imported(bot, "Titel;Zeitraum\nSpielplatz;ab 03/2027\nBänke;ab sofort\nFest;seit 2026\n")
    for number, start in ((1, "01.03.2027"), (2, "11.01.2027"), (3, "01.01.2026")):
        shown = await bot.ask("anna", f"/zeige {number}")
        assert f"Beginn: {start}" in shown and "Frist" not in shown, shown


async def test_a_workbook_date_shown_as_a_month_is_that_month(bot: Bot) -> None:
    """Excel shows a date formatted "MMM YY" as "Okt 27": the plan means October 2027. Before,
    the due date was the day behind it (01.10.2027), a month early."""
    book = Workbook()
    sheet = book.active
    sheet.append(["Maßnahme", "Beginn", "Umsetzung bis", "Zeitraum"])
    sheet.append(["Spielplatz", date(2027, 3, 1), date(2027, 10, 1), None])
    sheet.append(["Bänke", date(2027, 3, 15), date(2027, 10, 15), date(2028, 1, 1)])
    sheet["B2"].number_format = "MM/YYYY"
    sheet["C2"].number_format = "[$-407]MMM YY;@"
    sheet["B3"].number_format = "DD.MM.YYYY"
    sheet["C3"].number_format = "DD.MM.YYYY"
    sheet["D3"].number_format = "YYYY"
    out = BytesIO()
    book.save(out)
    await bot.group_with()
    await bot.ask("anna", "/import")
    await bot.send_file("anna", "plan.xlsx", out.getvalue(), mime_type=XLSX_MIME)
    assert "importiert" in await bot.ask("anna", "/import ja")
    shown = await bot.ask("anna", "/zeige 1")
    assert "Beginn: 01.03.2027" in shown and "Frist: 31.10.2027" in shown, shown
    shown = await bot.ask("anna", "/zeige 2")  # days shown as days; the period: all of 2028
    assert "Beginn: 15.03.2027" in shown and "Frist: 15.10.2027" in shown, shown
    assert "Ende: 31.12.2028" in shown, shown


def ods_plan(rows: list[list[tuple[date | str | None, str]]], column_styles: list[str]) -> bytes:
    """A LibreOffice plan: cells as (value, cell style name), dates of the styles "monat"
    ("Okt 27": MMM YY), "monatzahl" (10/2027), "jahr" (2027), "quartal" (4. Quartal 2027)
    and "tag" (15.10.2027);
    ``column_styles`` the style each column gives a cell that names none (a column
    formatted as a whole, as LibreOffice writes it)."""
    doc = OpenDocumentSpreadsheet()
    parts = {
        "monat": [Month(textual="true"), Text(text=" "), Year()],
        "monatzahl": [Month(style="long"), Text(text="/"), Year(style="long")],
        "jahr": [Year(style="long")],
        "quartal": [Quarter(), Text(text=" "), Year(style="long")],
        "tag": [Day(style="long"), Text(text="."), Month(style="long"), Text(text=".")],
    }
    parts["tag"].append(Year(style="long"))
    for name, elements in parts.items():
        style = DateStyle(name=f"N-{name}")
        for element in elements:
            style.addElement(element)
        doc.automaticstyles.addElement(style)
        cell_style = Style(name=name, family="table-cell", datastylename=f"N-{name}")
        doc.automaticstyles.addElement(cell_style)
    table = OdsTable(name="Aktionsplan")
    for style in column_styles:
        table.addElement(TableColumn(defaultcellstylename=style) if style else TableColumn())
    for values in rows:
        row = TableRow()
        for value, style in values:
            attrs = {"stylename": style} if style else {}
            if isinstance(value, date):
                cell = TableCell(valuetype="date", datevalue=value.isoformat(), **attrs)
            elif value is None:
                cell = TableCell(**attrs)
            else:
                cell = TableCell(valuetype="string", **attrs)
                cell.addElement(P(text=value))
            row.addElement(cell)
        table.addElement(row)
    doc.spreadsheet.addElement(table)
    out = BytesIO()
    doc.write(out)
    return out.getvalue()


async def test_a_libreoffice_date_shown_as_a_month_is_that_month(bot: Bot) -> None:
    """LibreOffice shows a date of the format "MMM YY" as "Okt 27", as Excel does: the plan
    means October 2027. Before, an ods file gave the day behind it (01.10.2027), a month early,
    where the same plan as xlsx gave 31.10.2027."""
    heads = [(h, "") for h in ("Maßnahme", "Beginn", "Umsetzung bis", "Zeitraum")]
    data = ods_plan(
        [
            heads,
            [
                ("Spielplatz", ""),
                (date(2027, 3, 1), "monatzahl"),
                (date(2027, 10, 1), "monat"),
                (None, ""),
            ],
            [
                ("Bänke", ""),
                (date(2027, 3, 15), "tag"),
                (date(2027, 10, 15), "tag"),
                (date(2028, 1, 1), "jahr"),
            ],
            # No style of its own: the column's ("Umsetzung bis" formatted as a whole "MMM YY")
            [
                ("Skatepark", ""),
                (None, ""),
                (date(2027, 11, 1), ""),
                (date(2027, 11, 1), "quartal"),
            ],
        ],
        ["", "", "monat", ""],
    )
    await bot.group_with()
    await bot.ask("anna", "/import")
    await bot.send_file("anna", "plan.ods", data)
    assert "importiert" in await bot.ask("anna", "/import ja")
    shown = await bot.ask("anna", "/zeige 1")
    assert "Beginn: 01.03.2027" in shown and "Frist: 31.10.2027" in shown, shown
    shown = await bot.ask("anna", "/zeige 2")  # days shown as days; the period: all of 2028
    assert "Beginn: 15.03.2027" in shown and "Frist: 15.10.2027" in shown, shown
    assert "Ende: 31.12.2028" in shown, shown
    shown = await bot.ask("anna", "/zeige 3")  # and the period: the fourth quarter
    assert "Frist: 30.11.2027" in shown and "Beginn: 01.10.2027" in shown, shown
    assert "Ende: 31.12.2027" in shown, shown


@pytest.mark.parametrize(
    ("header", "period", "start", "end"),
    [
        ("Zeitraum", "2027/28", "01.01.2027", "31.12.2028"),
        ("Zeitraum", "2027/2028", "01.01.2027", "31.12.2028"),
        ("Umsetzungszeitraum", "Haushaltsjahr 2027/28", "01.01.2027", "31.12.2028"),
        ("Zeitraum", "Schuljahr 2027/28", "01.08.2027", "31.07.2028"),
        ("Zeitraum", "Schuljahr 2027/28 – 2028/29", "01.08.2027", "31.07.2029"),
    ],
)
async def test_two_years_with_a_slash_are_a_range(
    bot: Bot, header: str, period: str, start: str, end: str
) -> None:
    """A plan writes a school year or a two-year budget as "2027/28": before, the row had a
    problem ("Ich konnte „2027/28“ nicht als Zeitraum lesen")."""
    await bot.group_with()
    await imported(bot, f"Titel;{header}\nSpielplatz am Park;{period}\n")
    shown = await bot.ask("anna", "/zeige 1")
    assert f"Beginn: {start}" in shown and f"Ende: {end}" in shown, shown
    assert f"Frist: {end}" in shown, shown


async def test_two_years_in_a_date_column_are_their_first_and_last_day(bot: Bot) -> None:
    await bot.group_with()
    table = "Titel;Beginn;Frist\nSpielplatz;Schuljahr 2027/28;Schuljahr 2027/28\nBänke;;2027/28\n"
    await imported(bot, table)
    shown = await bot.ask("anna", "/zeige 1")
    assert "Beginn: 01.08.2027" in shown and "Frist: 31.07.2028" in shown, shown
    assert "Frist: 31.12.2028" in await bot.ask("anna", "/zeige 2")


@pytest.mark.parametrize(
    "line", ["Okt 27 Baubeginn", "Okt. 27: Baubeginn", "Oktober 27 Baubeginn", "10/2027 Baubeginn"]
)
async def test_a_milestone_of_a_month_and_its_year_is_due_at_its_end(bot: Bot, line: str) -> None:
    """A plan dates a milestone "Okt 27" as it dates a cell: October 2027. Before, "Okt" was
    the day and "27 Baubeginn" the milestone (or the line could not be read)."""
    await bot.group_with()
    await imported(bot, f'Titel;Meilensteine\nSpielplatz;"{line}\n27. Okt Richtfest"\n')
    shown = await bot.ask("anna", "/zeige 1")
    assert "Meilenstein 27.10.2027: Richtfest" in shown, shown  # a day first: that day
    assert "Meilenstein 31.10.2027: Baubeginn\n" in shown + "\n", shown


async def test_a_milestone_of_a_month_in_an_english_list(bot: Bot) -> None:
    await bot.group_with()
    await bot.ask("anna", "/lang en")
    await bot.ask("anna", "/import")
    table = 'Title;Milestones\nPlayground;"Oct 27 start of works\n27 Oct topping-out"\n'
    await bot.send_file("anna", "list.csv", table.encode())
    assert "imported" in await bot.ask("anna", "/import yes")
    shown = await bot.ask("anna", "/show 1")
    assert "Milestone 31 Oct 2027: start of works" in shown, shown
    assert "Milestone 27 Oct 2027: topping-out" in shown, shown


async def test_a_number_after_a_month_that_would_be_a_year_long_past_is_its_day(bot: Bot) -> None:
    """A milestone "Mai 12 Bänke" in a plan is 12 May, the next from today: May 2012 lies
    before any plan a town runs now. Before, it was read as May 2012 (by the "Okt 27" rule,
    which stays)."""
    await bot.group_with()  # today: 11.01.2027
    table = 'Titel;Meilensteine;Frist\nSpielplatz;"Mai 12 Bänke\nOkt 27 Baubeginn";Juni 15\n'
    checked = await imported(bot, table)
    assert "Vergangenheit" not in checked, checked
    shown = await bot.ask("anna", "/zeige 1")
    assert "Meilenstein 12.05.2027: Bänke" in shown, shown
    assert "Meilenstein 31.10.2027: Baubeginn" in shown, shown
    assert "Frist: 15.06.2027" in shown, shown


async def test_a_month_with_a_year_before_the_signing_is_a_day(bot: Bot) -> None:
    """Once the programme's signing is known, a month and a year before it is a day: "Mai 25"
    in a plan of a town that signed in 2026 is 25 May; without the date, May 2025."""
    await bot.group_with()
    await imported(bot, 'Titel;Meilensteine\nSpielplatz;"Mai 25 Bänke"\n')
    assert "Meilenstein 31.05.2025: Bänke" in await bot.ask("anna", "/zeige 1")
    await bot.ask("anna", "/programm unterzeichnet=1.3.2026")
    await imported(bot, 'Titel;Meilensteine\nSkatepark;"Mai 25 Bänke"\n')
    assert "Meilenstein 25.05.2027: Bänke" in await bot.ask("anna", "/zeige 2")
