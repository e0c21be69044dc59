"""Excel workbooks (openpyxl): real date cells, money as numbers with a euro format."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from bot.documents.sheet import Sheet, guarded

DATE_FORMAT = {"de": "DD.MM.YYYY", "en": "YYYY-MM-DD"}  # as the chat writes dates
MONEY_FORMAT = '#,##0.00 "€"'


def write_xlsx(sheets: list[Sheet]) -> bytes:
    """A workbook with one worksheet per sheet; the header row bold, frozen and filtering
    its columns."""
    book = Workbook()
    book.remove(book.active)
    for sheet in sheets:
        ws = book.create_sheet(_safe_title(sheet.name))
        ws.append(list(sheet.headers))
        for cell in ws[1]:
            cell.font = Font(bold=True)
        money_cols = {i for i, h in enumerate(sheet.headers) if h in sheet.money}
        for row in sheet.rows:
            ws.append([_value(v, sheet.lang) for v in row])
            r = ws.max_row
            for i, value in enumerate(row):
                cell = ws.cell(row=r, column=i + 1)
                if isinstance(value, date):
                    cell.number_format = DATE_FORMAT.get(sheet.lang, DATE_FORMAT["de"])
                elif i in money_cols and value is not None:
                    cell.number_format = MONEY_FORMAT
                elif isinstance(value, str):
                    if cell.data_type == "f":  # text, not a formula ("=> mehr Platz")
                        cell.data_type = "s"
                    if "\n" in value:
                        cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.freeze_panes = "A2"
        ws.auto_filter.ref = ws.dimensions  # a filter button on every heading
        for i, header in enumerate(sheet.headers, start=1):
            width = max([len(header)] + [len(str(r[i - 1] or "")) for r in sheet.rows[:200]])
            ws.column_dimensions[get_column_letter(i)].width = min(max(width + 2, 8), 50)
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _value(value: object, lang: str) -> object:
    if isinstance(value, Decimal):
        return float(value)  # a number cell; two decimal places survive a float exactly enough
    if isinstance(value, bool):
        return ("ja" if value else "nein") if lang == "de" else ("yes" if value else "no")
    if isinstance(value, str):
        return guarded(value, typed=True)
    return value


def _safe_title(name: str) -> str:
    for ch in "[]:*?/\\":
        name = name.replace(ch, " ")
    return name[:31] or "Tabelle"
