"""Documents a town hall files: the action plan and status reports as spreadsheets (xlsx, ods),
CSV and Markdown, the calendar as iCalendar, and reading workshop lists back in. Pure: they
take plain rows and return bytes (or read bytes into rows)."""

from bot.documents.sheet import FORMATS, MIME_TYPES, Cell, Sheet, render

__all__ = ["FORMATS", "MIME_TYPES", "Cell", "Sheet", "render"]
