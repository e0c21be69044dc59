"""Markdown: one section per sheet, each row a heading with its fields as a list (tables with
25 columns are unreadable); the action plan with a section per field of action."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from bot.documents.sheet import Sheet
from bot.values import format_date


def write_markdown(sheets: list[Sheet]) -> bytes:
    """The sheets as a Markdown document; a sheet grouped by a column (the field of action)
    has a section per value, the rows in it one level down, without that column."""
    lines: list[str] = []
    for sheet in sheets:
        lines += [f"# {sheet.title or sheet.name}", ""]
        if not sheet.rows:
            lines += ["–", ""]
        grouped = sheet.group_by in sheet.headers
        level = "###" if grouped else "##"
        group: object = None
        for index, row in enumerate(sheet.rows):
            cells = dict(zip(sheet.headers, row, strict=False))
            if grouped and (index == 0 or cells[sheet.group_by] != group):
                group = cells[sheet.group_by]
                name = sheet.ungrouped if group in (None, "") else _text(group, sheet.lang)
                lines += [f"## {name}", ""]
            head = " ".join(_text(v, sheet.lang) for v in row[:2] if v not in (None, ""))
            lines += [f"{level} {head}", ""]
            for header, value in list(cells.items())[2:]:
                if value in (None, "") or (grouped and header == sheet.group_by):
                    continue
                lines.append(
                    f"- **{header}:** {_text(value, sheet.lang)}"
                )  # money: the header says EUR
            lines.append("")
    return "\n".join(lines).encode("utf-8")


def _text(value: object, lang: str) -> str:
    if isinstance(value, bool):
        return ("ja" if value else "nein") if lang == "de" else ("yes" if value else "no")
    if isinstance(value, date):
        return format_date(value, lang)
    if isinstance(value, Decimal):
        if lang != "de":
            return f"{value:,.2f}"
        return f"{value:,.2f}".replace(",", "X").replace(".", ",").replace("X", ".")
    return str(value).replace("\n", "; ")
