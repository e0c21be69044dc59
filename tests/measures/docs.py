"""Reading exported documents back for the tests (openpyxl, odfpy, csv, icalendar)."""

from __future__ import annotations

import csv
import io
from datetime import date, datetime
from decimal import Decimal

from tests.harness import Bot

FULL_LIFE = [
    "/propose Spielplatz am Park | Ein neuer Spielplatz #beteil",
    '/edit 1 ziel="Mehr Platz zum Spielen" amt=Grünflächenamt kontakt=Frau Berg partner=Kita, Elternbeirat '
    "beginn=15.3.2027 ende=30.9.2027 frist=1.7.2027 kosten=12.500,50 € finanzierung=Landesprogramm gesichert=ja "
    "indikator=Besuche gremium=Stadtrat beschlussdatum=1.2.2027 beschluss=DS-12 sachstand=Planung",
    "/status 1 beschlossen",
    "/milestone 1 1.5.2027 Baubeginn",
    "/propose Kinderstadtplan #info",
    "/edit 2 kosten=800 gesichert=nein frist=1.6.2027",
    "/status 2 beschlossen",
    "/status 2 in_umsetzung",
    "/propose Noch offen",
]


async def life(bot: Bot) -> None:
    """A group with two measures in the plan (one with every field) and one outside it."""
    await bot.group_with(max="member")
    for line in FULL_LIFE:
        answer = await bot.ask("anna", line)
        assert "Nichts" not in answer, answer


def xlsx_rows(data: bytes) -> list[list[object]]:
    from openpyxl import load_workbook

    ws = load_workbook(io.BytesIO(data)).worksheets[0]
    return [list(r) for r in ws.iter_rows(values_only=True)]


def xlsx_cells(data: bytes):  # type: ignore[no-untyped-def]
    from openpyxl import load_workbook

    return load_workbook(io.BytesIO(data)).worksheets[0]


def ods_rows(data: bytes) -> list[list[tuple[str, str]]]:
    """Each cell as (value type, value): ("date", "2027-03-15"), ("currency", "12500.5") …"""
    from odf.opendocument import load
    from odf.table import Table, TableCell, TableRow
    from odf.text import P

    doc = load(io.BytesIO(data))
    table = doc.spreadsheet.getElementsByType(Table)[0]
    rows = []
    for row in table.getElementsByType(TableRow):
        cells = []
        for cell in row.getElementsByType(TableCell):
            kind = cell.getAttribute("valuetype") or ""
            if kind == "date":
                value = cell.getAttribute("datevalue")
            elif kind in ("float", "currency"):
                value = cell.getAttribute("value")
            else:
                value = "\n".join(str(p) for p in cell.getElementsByType(P))
            cells.append((kind, value))
        rows.append(cells)
    return rows


def csv_rows(data: bytes) -> list[list[str]]:
    assert data.startswith("\ufeff".encode())
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig")), delimiter=";"))


def ical_events(data: bytes) -> dict[str, tuple[date, str]]:
    from icalendar import Calendar

    cal = Calendar.from_ical(data)
    out = {}
    for event in cal.walk("VEVENT"):
        start = event.decoded("dtstart")
        assert isinstance(start, date) and not isinstance(start, datetime)
        out[str(event["uid"])] = (start, str(event["summary"]))
    return out


__all__ = ["Decimal", "csv_rows", "ical_events", "life", "ods_rows", "xlsx_rows"]
