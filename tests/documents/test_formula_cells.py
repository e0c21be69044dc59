"""A text that starts like a formula ("=HYPERLINK(…)", "+49 …", "- Spielplatz", "@Jugendforum")
is exported so that Excel and LibreOffice show it and do not run it, and an import of the
export reads it back as it was."""

from __future__ import annotations

import csv
import io
from io import BytesIO

import pytest
from openpyxl import load_workbook

from tests.documents.test_plan_roundtrip import XLSX_MIME, exported
from tests.harness import Bot
from tests.measures.docs import ods_rows

TITLES = (
    '=HYPERLINK("https://example.org/x";"Mehr")',
    "- Spielplatz am Park",
    "+49 Bänke für den Stadtpark",
    "@Jugendforum Treffpunkt",
    "'=1 Apostroph vorne",
    "'Zitat' im Titel",
)


async def plan_with_formula_titles(bot: Bot) -> None:
    await bot.group_with()
    for number, title in enumerate(TITLES, start=1):
        await bot.ask("anna", f"/vorschlag Maßnahme {number}")
        await bot.ask("anna", f"/bearbeite {number} titel={title}")
        await bot.ask("anna", f"/stand {number} beschlossen force")
    shown = await bot.ask("anna", "/zeige 1")
    assert TITLES[0] in shown and TITLES[1] in await bot.ask("anna", "/zeige 2")


async def test_a_csv_export_writes_a_formula_start_after_an_apostrophe(bot: Bot) -> None:
    await plan_with_formula_titles(bot)
    text = (await exported(bot, "csv")).decode("utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    titles = [row[rows[0].index("Titel")] for row in rows[1:]]
    assert titles == [
        '\'=HYPERLINK("https://example.org/x";"Mehr")',
        "'- Spielplatz am Park",
        "'+49 Bänke für den Stadtpark",
        "'@Jugendforum Treffpunkt",
        "''=1 Apostroph vorne",
        "'Zitat' im Titel",
    ]


async def test_a_workbook_writes_a_formula_start_as_text(bot: Bot) -> None:
    await plan_with_formula_titles(bot)
    sheet = load_workbook(BytesIO(await exported(bot, "xlsx"))).active
    column = [c.value for c in sheet[1]].index("Titel") + 1
    cells = [sheet.cell(row, column) for row in range(2, 2 + len(TITLES))]
    assert all(c.data_type == "s" for c in cells), [c.data_type for c in cells]
    assert [c.value for c in cells] == [*TITLES[:4], "''=1 Apostroph vorne", TITLES[5]]
    rows = ods_rows(await exported(bot, "ods"))
    column = [text for _kind, text in rows[0]].index("Titel")
    assert {row[column][0] for row in rows[1:]} == {"string"}
    assert [row[column][1] for row in rows[1:4]] == list(TITLES[:3])


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "ods"])
async def test_titles_that_start_like_a_formula_read_back_as_they_were(bot: Bot, fmt: str) -> None:
    await plan_with_formula_titles(bot)
    data = await exported(bot, fmt)
    await bot.ask("carl", "/einrichten Neustadt", chat="neu")
    await bot.ask("carl", "/import", chat="neu")
    checked = await bot.send_file("carl", f"aktionsplan.{fmt}", data, chat="neu")
    assert f"{len(TITLES)} Maßnahmen lassen sich importieren" in checked, checked
    await bot.ask("carl", "/import ja", chat="neu")
    for number, title in enumerate(TITLES, start=1):
        shown = await bot.ask("carl", f"/zeige {number}", chat="neu")
        assert f"{number}. {title}\n" in shown or f"{number} {title}" in shown, (title, shown)
    # Sent back to the group it came from, the list matches the measures as they are.
    await bot.ask("anna", "/import")
    again = await bot.send_file(
        "anna", f"aktionsplan.{fmt}", data, mime_type=XLSX_MIME if fmt == "xlsx" else ""
    )
    assert f"{len(TITLES)} Zeilen stimmen mit ihren Maßnahmen überein." in again, again
