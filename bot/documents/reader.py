"""Reading a workshop list (xlsx, ods or csv) into header names and numbered rows."""

from __future__ import annotations

import calendar
import csv
import io
import math
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path

from bot.documents.sheet import Cell, DateSpan


@dataclass(frozen=True)
class Table:
    """Header names and the data rows with their row numbers as a spreadsheet shows them."""

    headers: list[str]
    rows: list[tuple[int, list[Cell]]]
    more: bool = False  # rows past the ``max_rows`` the reader was given were left unread


class UnreadableFile(Exception):
    """The file is not a spreadsheet we can read."""


SUFFIXES = (".xlsx", ".ods", ".csv")
# What chat clients call these files when the name says nothing (Matrix "body": "file").
_BY_MIME = {
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ".xlsx",
    "application/vnd.oasis.opendocument.spreadsheet": ".ods",
    "text/csv": ".csv",
    "text/comma-separated-values": ".csv",
}


Pick = Callable[[Table], bool]


def read_table(path: Path, pick: Pick | None = None) -> Table:
    """The first sheet of an ``.xlsx``/``.ods`` (with ``pick``: the first it accepts, see
    :func:`read_bytes`) or a ``.csv`` file; empty rows are skipped."""
    if path.suffix.lower() not in SUFFIXES:
        raise UnreadableFile(f"{path.name}: use a .xlsx, .ods or .csv file")
    return read_bytes(path.name, path.read_bytes(), pick=pick)


def kind_of(name: str, mime_type: str = "") -> str | None:
    """``.xlsx``, ``.ods`` or ``.csv`` by the file's name, else by its MIME type; None when it
    is none of them."""
    suffix = Path(name).suffix.lower()
    if suffix in SUFFIXES:
        return suffix
    return _BY_MIME.get(mime_type.split(";")[0].strip().lower())


def read_bytes(
    name: str,
    data: bytes,
    mime_type: str = "",
    max_rows: int | None = None,
    pick: Pick | None = None,
) -> Table:
    """Like :func:`read_table` for a file received as bytes (sent in the chat); with
    ``max_rows``, rows past it are not kept (``Table.more`` says there were). Of a workbook,
    the first sheet ``pick`` accepts is read (a town hall's workbook may open with a cover
    sheet), or the first sheet when it accepts none."""
    kind = kind_of(name, mime_type)
    if kind == ".xlsx":
        table = _chosen(_xlsx(data, max_rows), pick)
    elif kind == ".ods":
        table = _chosen(_ods(data, max_rows), pick)
    elif kind == ".csv":
        table = _csv(data)
    else:
        raise UnreadableFile(f"{name}: use a .xlsx, .ods or .csv file")
    if max_rows is not None and len(table.rows) > max_rows:
        return Table(table.headers, table.rows[:max_rows], more=True)
    return table


def _chosen(tables: Iterator[Table], pick: Pick | None) -> Table:
    """The first table ``pick`` accepts, else the first; a damaged sheet after the first ends
    the search (the first is read then)."""
    first: Table | None = None
    try:
        for table in tables:
            if pick is None or pick(table):
                return table
            first = first or table
    except UnreadableFile:
        if first is None:
            raise
    return first or Table([], [])


def _xlsx(data: bytes, max_rows: int | None = None) -> Iterator[Table]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        sheets = list(book.worksheets)
    except Exception as exc:  # openpyxl raises several kinds for a broken file
        raise UnreadableFile(f"not an Excel workbook ({exc.__class__.__name__})") from exc
    for sheet in sheets:
        try:
            table = _xlsx_sheet(sheet, max_rows)
        except Exception as exc:
            raise UnreadableFile(f"not an Excel workbook ({exc.__class__.__name__})") from exc
        yield table


def _xlsx_sheet(sheet: object, max_rows: int | None) -> Table:
    rows = sheet.iter_rows()  # type: ignore[attr-defined]
    first = next(rows, None)
    if first is None:
        return Table([], [])
    headers = [str(h.value).strip() if h.value is not None else "" for h in first]
    out: list[tuple[int, list[Cell]]] = []
    for number, row in enumerate(rows, start=2):
        cells = [_cell(c.value, getattr(c, "number_format", None)) for c in row]
        if any(c not in (None, "") for c in cells):
            out.append((number, cells))
            if max_rows is not None and len(out) > max_rows:
                break  # one past the limit: enough to say there are more
    return Table(headers, out)


def _cell(value: object, number_format: str | None = None) -> Cell:
    if isinstance(value, datetime):
        return _shown_span(value.date(), number_format or "")
    if isinstance(value, float):
        from decimal import Decimal

        return Decimal(str(value)) if math.isfinite(value) else str(value)
    if isinstance(value, int | date | str | bool) or value is None:
        return value
    return str(value)


# What a number format shows besides its codes: "[$-407]", "[Red]", "\"bis\" ", "\\-".
_FORMAT_LITERALS = re.compile(r'\[[^\]]*\]|"[^"]*"|\\.')


def _shown_span(day: date, number_format: str) -> date:
    """A date cell's day, or the month or year it stands for when its number format shows no
    day ("MMM YY": "Okt 27", "MM/YYYY", "YYYY"), as a town hall's plan writes a month."""
    codes = _FORMAT_LITERALS.sub("", number_format.split(";")[0]).lower()
    if "d" in codes or "y" not in codes or any(c in codes for c in "hs"):
        return day  # a day is shown (or a time, or no date format at all)
    return _span(day, "month" if "m" in codes else "year")


def _span(day: date, shown: str) -> date:
    """``day`` as the span a cell shows of it: its month, quarter or year (a
    :class:`DateSpan`), or the day itself (``shown`` "day")."""
    if shown == "month":
        last = calendar.monthrange(day.year, day.month)[1]
        return DateSpan(day.replace(day=1), day.replace(day=last))
    if shown == "quarter":
        first = date(day.year, (day.month - 1) // 3 * 3 + 1, 1)
        end = first.month + 2
        return DateSpan(first, date(day.year, end, calendar.monthrange(day.year, end)[1]))
    if shown == "year":
        return DateSpan(date(day.year, 1, 1), date(day.year, 12, 31))
    return day


def _csv(data: bytes) -> Table:
    if b"\0" in data:  # a binary file with a .csv name
        raise UnreadableFile("not a text file")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    sample = text[:4096]
    delimiter = ";" if sample.count(";") >= sample.count(",") else ","
    if "\t" in sample.split("\n", 1)[0] and delimiter not in sample.split("\n", 1)[0]:
        delimiter = "\t"
    try:
        rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    except csv.Error as exc:  # a field past the csv module's limit, a stray quote at the end
        raise UnreadableFile(f"not a readable csv file ({exc})") from exc
    if not rows:
        return Table([], [])
    headers = [h.strip() for h in rows[0]]
    out: list[tuple[int, list[Cell]]] = []
    for number, row in enumerate(rows[1:], start=2):
        if any(c.strip() for c in row):
            out.append((number, [c for c in row]))
    return Table(headers, out)


# Spreadsheets repeat empty cells and rows with a count instead of writing them out; a count
# this large only pads the sheet to its end.
_PADDING = 1000


def _ods(data: bytes, max_rows: int | None = None) -> Iterator[Table]:
    from odf.opendocument import load
    from odf.table import Table as OdsTable

    try:
        doc = load(io.BytesIO(data))
        sheets = doc.spreadsheet.getElementsByType(OdsTable)
        shown = _ods_date_shows(doc)
    except Exception as exc:  # odfpy raises several kinds for a broken file
        raise UnreadableFile(f"not an OpenDocument spreadsheet ({exc.__class__.__name__})") from exc
    if not sheets:
        raise UnreadableFile("not an OpenDocument spreadsheet (no table)")
    for sheet in sheets:
        try:
            table = _ods_sheet(sheet, max_rows, shown)
        except Exception as exc:  # and so do values a cell's type cannot hold
            raise UnreadableFile(
                f"not an OpenDocument spreadsheet ({exc.__class__.__name__})"
            ) from exc
        yield table


# What a date style (number:date-style) shows of a day by the parts it has: any of these, the
# day (or a time); else with a year its month, quarter or the year alone ("Okt 27", "Q4 2027",
# "2027", as LibreOffice formats a date "MMM YY", "Q YYYY" or "YYYY").
_DAY_PARTS = frozenset({"day", "day-of-week", "week-of-year", "hours", "minutes", "seconds"})


def _ods_date_shows(doc: object) -> dict[str, str]:
    """Cell style name → what a date cell of that style shows ("month", "quarter", "year"),
    for the styles whose date style shows no day; the cell's own style or its parent's."""
    from odf.namespaces import NUMBERNS, STYLENS

    shows: dict[str, str] = {}
    parents: dict[str, str] = {}
    data_styles: dict[str, str] = {}
    for styles in (doc.styles, doc.automaticstyles):  # type: ignore[attr-defined]
        for node in styles.childNodes:
            if node.qname == (NUMBERNS, "date-style"):
                parts = {child.qname[1] for child in node.childNodes if child.qname[0] == NUMBERNS}
                shows[node.getAttribute("name")] = _date_shows(parts)
            elif node.qname == (STYLENS, "style") and node.getAttribute("family") == "table-cell":
                name = node.getAttribute("name")
                if data_style := node.getAttribute("datastylename"):
                    data_styles[name] = data_style
                if parent := node.getAttribute("parentstylename"):
                    parents[name] = parent
    cells = {}
    for name in {*data_styles, *parents}:
        style, seen = name, set()
        while style not in data_styles and style in parents and style not in seen:
            seen.add(style)
            style = parents[style]
        span = shows.get(data_styles.get(style, ""), "day")
        if span != "day":
            cells[name] = span
    return cells


def _date_shows(parts: set[str]) -> str:
    if parts & _DAY_PARTS or "year" not in parts:
        return "day"
    if "month" in parts:
        return "month"
    return "quarter" if "quarter" in parts else "year"


def _ods_columns(sheet: object) -> list[str]:
    """The style a cell of each column has when it names none (a whole column formatted)."""
    from odf.table import TableColumn

    styles: list[str] = []
    for column in sheet.getElementsByType(TableColumn):  # type: ignore[attr-defined]
        repeat = int(column.getAttribute("numbercolumnsrepeated") or 1)
        style = column.getAttribute("defaultcellstylename") or ""
        styles += [style] * min(repeat, _PADDING)
    return styles


def _ods_sheet(sheet: object, max_rows: int | None, shown: dict[str, str]) -> Table:
    from odf.table import TableRow

    rows: list[list[Cell]] = []
    filled = 0
    columns = _ods_columns(sheet)
    for row in sheet.getElementsByType(TableRow):  # type: ignore[attr-defined]
        cells = _ods_cells(row, shown, columns)
        repeat_rows = int(row.getAttribute("numberrowsrepeated") or 1)
        repeat_rows = 1 if repeat_rows > _PADDING else repeat_rows
        rows += [cells] * repeat_rows
        if any(c not in (None, "") for c in cells):
            filled += repeat_rows
            if max_rows is not None and filled > max_rows + 1:
                break  # the header and one row past the limit: enough to say there are more
    if not rows:
        return Table([], [])
    headers = [str(h).strip() if h is not None else "" for h in rows[0]]
    out = [
        (n, cells)
        for n, cells in enumerate(rows[1:], start=2)
        if any(c not in (None, "") for c in cells)
    ]
    return Table(headers, out)


def _ods_cells(row: object, shown: dict[str, str], columns: list[str]) -> list[Cell]:
    """One row's cells by their value type (a date, a number, yes/no, else the text); a date
    whose style shows only its month or year is that span (``shown``: see
    :func:`_ods_date_shows`; ``columns``: the styles of the sheet's columns)."""
    from decimal import Decimal

    from odf.table import TableCell
    from odf.text import P

    cells: list[Cell] = []
    for cell in row.getElementsByType(TableCell):  # type: ignore[attr-defined]
        repeat = int(cell.getAttribute("numbercolumnsrepeated") or 1)
        kind = cell.getAttribute("valuetype") or ""
        value: Cell
        if kind == "date":
            value = date.fromisoformat(cell.getAttribute("datevalue")[:10])
            style = cell.getAttribute("stylename") or ""
            if not style and len(cells) < len(columns):
                style = columns[len(cells)]
            value = _span(value, shown.get(style, "day"))
        elif kind in ("float", "currency", "percentage"):
            number = Decimal(cell.getAttribute("value"))
            if not number.is_finite():  # "NaN", "Infinity": read as the text it is
                value = cell.getAttribute("value")
            elif number == number.to_integral_value() and kind == "float":
                value = int(number)
            else:
                value = number
        elif kind == "boolean":
            value = cell.getAttribute("booleanvalue") == "true"
        else:
            value = "\n".join(str(p) for p in cell.getElementsByType(P)) or None
        cells += [value] * min(repeat, _PADDING if value not in (None, "") else 1)
    return cells
