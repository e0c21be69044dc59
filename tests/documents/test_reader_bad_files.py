"""Any bytes sent as a list are read or refused as unreadable: never another exception (which
would reach the chat as an incident instead of "I cannot read …")."""

from __future__ import annotations

import io

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from odf.opendocument import OpenDocumentSpreadsheet
from odf.table import Table as OdsTable
from odf.table import TableCell, TableRow
from odf.text import P
from openpyxl import Workbook

from bot.documents.reader import Table, UnreadableFile, read_bytes

SUFFIXES = ("liste.xlsx", "liste.ods", "liste.csv")


def ods(*sheets: list[list[dict[str, str]]]) -> bytes:
    """A spreadsheet (a table for each of ``sheets``) whose cells have the given attributes
    (and the text of ``text``)."""
    doc = OpenDocumentSpreadsheet()
    for n, cells in enumerate(sheets, start=1):
        sheet = OdsTable(name=f"Liste {n}")
        for row_cells in cells:
            row = TableRow()
            for attrs in row_cells:
                attrs = dict(attrs)
                text = attrs.pop("text", "")
                cell = TableCell(**attrs)
                if text:
                    cell.addElement(P(text=text))
                row.addElement(cell)
            sheet.addElement(row)
        doc.spreadsheet.addElement(sheet)
    out = io.BytesIO()
    doc.write(out)
    return out.getvalue()


def xlsx(rows: list[list[object]]) -> bytes:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    for row in rows:
        sheet.append(row)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def read_or_refuse(name: str, data: bytes) -> Table | None:
    try:
        return read_bytes(name, data, max_rows=50)
    except UnreadableFile:
        return None


def test_values_an_ods_cell_cannot_hold_make_the_file_unreadable() -> None:
    title = {"valuetype": "string", "text": "Titel"}
    for bad in (
        {"valuetype": "date", "datevalue": "31.02.2027"},
        {"valuetype": "float", "value": "viel"},
    ):
        assert read_or_refuse("liste.ods", ods([[title], [bad]])) is None, bad
    # Numbers that are none are read as the text they are; the import's check refuses them.
    for odd in ("NaN", "Infinity", "-Infinity"):
        table = read_or_refuse("liste.ods", ods([[title], [{"valuetype": "float", "value": odd}]]))
        assert table is not None and table.rows == [(2, [odd])]


def test_a_damaged_sheet_after_the_first_leaves_the_first_to_read() -> None:
    def text(t: str) -> dict[str, str]:
        return {"valuetype": "string", "text": t}

    cover = [[text("Aktionsplan")], [text("Stand: Januar")]]
    damaged = [[text("Titel")], [{"valuetype": "date", "datevalue": "31.02.2027"}]]
    good = [[text("Titel")], [text("Skatepark")]]

    def titled(table: Table) -> bool:
        return table.headers == ["Titel"]

    # The search for a sheet with a title column ends at the damaged one: the first is read.
    first = read_bytes("liste.ods", ods(cover, damaged, good), pick=titled)
    assert first.headers == ["Aktionsplan"] and first.rows == [(2, ["Stand: Januar"])]
    assert read_bytes("liste.ods", ods(cover, good), pick=titled).rows == [(2, ["Skatepark"])]
    with pytest.raises(UnreadableFile):  # damaged as the first sheet: the file is unreadable
        read_bytes("liste.ods", ods(damaged, good), pick=titled)


def test_a_long_ods_stops_past_the_row_limit() -> None:
    rows = [[{"valuetype": "string", "text": "Titel"}]]
    rows += [[{"valuetype": "string", "text": f"Maßnahme {i}"}] for i in range(80)]
    table = read_or_refuse("liste.ods", ods(rows))
    assert table is not None and table.more and len(table.rows) == 50


@settings(max_examples=150, deadline=None)
@given(name=st.sampled_from(SUFFIXES), data=st.binary(max_size=3000))
def test_random_bytes_are_read_or_refused(name: str, data: bytes) -> None:
    read_or_refuse(name, data)


@settings(max_examples=60, deadline=None)
@given(
    name=st.sampled_from(("liste.xlsx", "liste.ods")),
    flips=st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 255)), min_size=1, max_size=8),
)
def test_damaged_spreadsheets_are_read_or_refused(name: str, flips: list[tuple[int, int]]) -> None:
    if name.endswith(".xlsx"):
        good = xlsx([["Titel", "Frist"], ["Skatepark", "15.3.2027"]])
    else:
        good = ods(
            [
                [{"valuetype": "string", "text": "Titel"}],
                [{"valuetype": "string", "text": "Skatepark"}],
            ]
        )
    damaged = bytearray(good)
    for position, value in flips:
        damaged[position % len(damaged)] = value
    read_or_refuse(name, bytes(damaged))
