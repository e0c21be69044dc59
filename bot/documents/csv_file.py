"""CSV the way German spreadsheet programs open it: ``;`` between cells, UTF-8 with BOM,
dates as 15.03.2027 and amounts as 1500,50 (an English sheet: 2027-03-15 and 1500.50); a text
that starts like a formula ("=HYPERLINK(…)", "- Spielplatz") after an apostrophe."""

from __future__ import annotations

import csv
import io
from datetime import date
from decimal import Decimal

from bot.documents.sheet import Sheet, guarded
from bot.values import file_date


def write_csv(sheets: list[Sheet]) -> bytes:
    """The first sheet as CSV (a CSV file has one table)."""
    sheet = sheets[0]
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(sheet.headers)
    for row in sheet.rows:
        writer.writerow([_text(v, sheet.lang) for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")


def _text(value: object, lang: str) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return ("ja" if value else "nein") if lang == "de" else ("yes" if value else "no")
    if isinstance(value, date):
        return file_date(value, lang)
    if isinstance(value, Decimal):
        return f"{value:.2f}".replace(".", ",") if lang == "de" else f"{value:.2f}"
    if isinstance(value, str):  # "=HYPERLINK(…)" is not run when the file is opened
        return guarded(value)
    return str(value)
