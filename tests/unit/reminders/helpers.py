"""Small builders for reminder tests: instants in UTC and on the Berlin wall clock."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

BERLIN = ZoneInfo("Europe/Berlin")


def utc(y: int, m: int, d: int, h: int = 0, mi: int = 0) -> datetime:
    """An aware UTC instant."""
    return datetime(y, m, d, h, mi, tzinfo=UTC)


def berlin(y: int, m: int, d: int, h: int = 0, mi: int = 0) -> datetime:
    """The UTC instant of a Berlin wall-clock time."""
    return datetime(y, m, d, h, mi, tzinfo=BERLIN).astimezone(UTC)
