"""Markdown: one section per sheet, each row a heading with its fields as a list (tables with
25 columns are unreadable); the action plan with a section per field of action."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from bot.documents.sheet import Sheet
from bot.values import file_date


def write_markdown(sheets: list[Sheet]) -> bytes:
    """The sheets as a Markdown document; a sheet grouped by a column (the field of action,
    the report's section) has a section per value, the rows in it one level down, without
    that column. Rows in a run of one head (number and title: a measure's changes in the
    report) come under one heading: what they share is listed once, then a line per row."""
    lines: list[str] = []
    for sheet in sheets:
        lines += [f"# {sheet.title or sheet.name}", ""]
        if not sheet.rows:
            lines += ["–", ""]
        grouped = sheet.group_by in sheet.headers
        level = "###" if grouped else "##"
        group: object = None
        for index, run in enumerate(_runs(sheet, grouped)):
            cells = dict(zip(sheet.headers, run[0], strict=False))
            if grouped and (index == 0 or cells[sheet.group_by] != group):
                group = cells[sheet.group_by]
                name = sheet.ungrouped if group in (None, "") else _text(group, sheet.lang)
                lines += [f"## {name}", ""]
            head = " ".join(_text(v, sheet.lang) for v in run[0][:2] if v not in (None, ""))
            lines += [f"{level} {head}", ""]
            columns = [
                i
                for i, header in enumerate(sheet.headers)
                if i >= 2 and not (grouped and header == sheet.group_by)
            ]
            shared = [i for i in columns if all(row[i] == run[0][i] for row in run)]
            for i in shared if len(run) > 1 else columns:
                if run[0][i] not in (None, ""):  # money: the header says EUR
                    lines.append(f"- **{sheet.headers[i]}:** {_text(run[0][i], sheet.lang)}")
            if len(run) > 1:
                for row in run:
                    parts = [
                        f"**{sheet.headers[i]}:** {_text(row[i], sheet.lang)}"
                        for i in columns
                        if i not in shared and row[i] not in (None, "")
                    ]
                    lines.append("- " + " · ".join(parts))
            lines.append("")
    return "\n".join(lines).encode("utf-8")


def _runs(sheet: Sheet, grouped: bool) -> list[list[tuple[object, ...]]]:
    """The rows in runs of one head (the first two cells) within one group."""
    runs: list[list[tuple[object, ...]]] = []
    at = sheet.headers.index(sheet.group_by) if grouped else None
    for row in sheet.rows:
        key = (row[:2], row[at] if at is not None else None)
        last = runs[-1][0] if runs else None
        if last is not None and (last[:2], last[at] if at is not None else None) == key:
            runs[-1].append(row)
        else:
            runs.append([row])
    return runs


def _text(value: object, lang: str) -> str:
    if isinstance(value, bool):
        return ("ja" if value else "nein") if lang == "de" else ("yes" if value else "no")
    if isinstance(value, date):
        return file_date(value, lang)
    if isinstance(value, Decimal):
        if lang != "de":
            return f"{value:,.2f}"
        return f"{value:,.2f}".replace(",", "X").replace(".", ",").replace("X", ".")
    return str(value).replace("\n", "; ")
