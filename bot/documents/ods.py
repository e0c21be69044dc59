"""OpenDocument spreadsheets (odfpy): date cells with office:date-value, money as currency."""

from __future__ import annotations

import io
from datetime import date
from decimal import Decimal

from odf.number import CurrencyStyle, CurrencySymbol, DateStyle, Day, Month, Number, Text, Year
from odf.opendocument import OpenDocumentSpreadsheet
from odf.style import Style
from odf.table import Table, TableCell, TableRow
from odf.text import P

from bot.documents.sheet import Sheet, guarded
from bot.values import file_date, format_money


def write_ods(sheets: list[Sheet]) -> bytes:
    """A spreadsheet with one table per sheet."""
    doc = OpenDocumentSpreadsheet()
    date_style = DateStyle(name="Datum")
    date_style.addElement(Day(style="long"))
    date_style.addElement(Text(text="."))
    date_style.addElement(Month(style="long"))
    date_style.addElement(Text(text="."))
    date_style.addElement(Year(style="long"))
    doc.automaticstyles.addElement(date_style)
    euro = CurrencyStyle(name="Euro")
    euro.addElement(Number(decimalplaces=2, minintegerdigits=1, grouping="true"))
    euro.addElement(Text(text=" "))
    euro.addElement(CurrencySymbol(language="de", country="DE", text="€"))
    doc.automaticstyles.addElement(euro)
    date_cell = Style(name="DatumZelle", family="table-cell", datastylename="Datum")
    money_cell = Style(name="EuroZelle", family="table-cell", datastylename="Euro")
    doc.automaticstyles.addElement(date_cell)
    doc.automaticstyles.addElement(money_cell)
    for sheet in sheets:
        table = Table(name=sheet.name[:31])
        table.addElement(_row([_text(h) for h in sheet.headers]))
        money_cols = {i for i, h in enumerate(sheet.headers) if h in sheet.money}
        for values in sheet.rows:
            cells = []
            for i, value in enumerate(values):
                if value is None or value == "":
                    cells.append(TableCell())
                elif isinstance(value, bool):
                    cells.append(_text(_yes_no(value, sheet.lang)))
                elif isinstance(value, date):
                    cell = TableCell(
                        valuetype="date", datevalue=value.isoformat(), stylename=date_cell
                    )
                    cell.addElement(P(text=file_date(value, sheet.lang)))
                    cells.append(cell)
                elif isinstance(value, Decimal) and i in money_cols:
                    cell = TableCell(
                        valuetype="currency", currency="EUR", value=str(value), stylename=money_cell
                    )
                    # What a viewer that does not apply the style shows, as the chat writes it
                    cell.addElement(P(text=format_money(value, sheet.lang)))
                    cells.append(cell)
                elif isinstance(value, int | Decimal):
                    cell = TableCell(valuetype="float", value=str(value))
                    cell.addElement(P(text=str(value)))
                    cells.append(cell)
                else:  # a text cell: never run as a formula
                    cells.append(_text(guarded(str(value), typed=True)))
            table.addElement(_row(cells))
        doc.spreadsheet.addElement(table)
    out = io.BytesIO()
    doc.write(out)
    return out.getvalue()


def _text(value: str) -> TableCell:
    cell = TableCell(valuetype="string")
    for line in value.split("\n"):
        cell.addElement(P(text=line))
    return cell


def _row(cells: list[TableCell]) -> TableRow:
    row = TableRow()
    for cell in cells:
        row.addElement(cell)
    return row


def _yes_no(value: bool, lang: str) -> str:
    return ("ja" if value else "nein") if lang == "de" else ("yes" if value else "no")
