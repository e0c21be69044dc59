"""A table of cells (one sheet) and rendering sheets into a file format."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

Cell = str | int | Decimal | date | bool | None


class DateSpan(date):
    """A date cell a workbook shows as a month or a year ("Okt 27", "10/2027", "2027": its
    number format has no day): the span's first day, with its last as ``last``."""

    last: date

    def __new__(cls, first: date, last: date) -> DateSpan:
        span = super().__new__(cls, first.year, first.month, first.day)
        span.last = last
        return span

    @property
    def first(self) -> date:
        return date(self.year, self.month, self.day)


FORMATS = ("xlsx", "ods", "csv", "md")
MIME_TYPES = {
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "ods": "application/vnd.oasis.opendocument.spreadsheet",
    "csv": "text/csv",
    "md": "text/markdown",
    "ics": "text/calendar",
}


@dataclass(frozen=True)
class Sheet:
    """One sheet: a name, column headers, rows of cells. ``money`` names the columns holding
    euro amounts (formatted as currency); ``title`` heads the Markdown version; ``lang`` is how
    the text formats (CSV, Markdown) write dates and amounts: 15.03.2027 and 1500,50 (de) or
    2027-03-15 and 1500.50 (en). ``group_by`` names a column the rows are in order of (the
    field of action, the report's section): Markdown heads each run of its values once,
    ``ungrouped`` the rows without one; a spreadsheet keeps it as a column, one row per
    measure (or change)."""

    name: str
    headers: tuple[str, ...]
    rows: list[tuple[Cell, ...]] = field(default_factory=list)
    money: frozenset[str] = frozenset()
    title: str = ""
    lang: str = "de"
    group_by: str = ""
    ungrouped: str = ""


# How a cell a spreadsheet program would run as a formula starts ("=HYPERLINK(…)", "+1", "-1",
# "@SUM(…)", a tab or a carriage return before one of them). A text cell of a workbook is not
# run; a CSV file has no types, so such a text is written there after an apostrophe, the mark
# Excel and LibreOffice know for "text", and an import takes that apostrophe away again.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
GUARD = "'"


def guarded(text: str, *, typed: bool = False) -> str:
    """``text`` as a sheet writes it: after an apostrophe when it starts like a formula and the
    file has no text cells (CSV: ``typed`` False), and in every file when it already starts
    with apostrophes before such a start ("'=1"), so that :func:`unguarded` gives it back."""
    if text.lstrip(GUARD).startswith(FORMULA_STARTS) and (not typed or text.startswith(GUARD)):
        return GUARD + text
    return text


def unguarded(text: str) -> str:
    """A text cell as it was before :func:`guarded`: one apostrophe fewer before a formula's
    start ("'- Spielplatz" is "- Spielplatz"); any other text as it is."""
    if text.startswith(GUARD) and text.lstrip(GUARD).startswith(FORMULA_STARTS):
        return text[1:]
    return text


def render(sheets: list[Sheet], fmt: str) -> bytes:
    """The sheets as a file of format ``fmt`` (xlsx, ods, csv or md)."""
    if fmt == "xlsx":
        from bot.documents.xlsx import write_xlsx

        return write_xlsx(sheets)
    if fmt == "ods":
        from bot.documents.ods import write_ods

        return write_ods(sheets)
    if fmt == "csv":
        from bot.documents.csv_file import write_csv

        return write_csv(sheets)
    if fmt == "md":
        from bot.documents.markdown import write_markdown

        return write_markdown(sheets)
    raise ValueError(f"unknown format {fmt!r}")
