"""Seasons as deadlines: "Sommer 2027", "im Herbst", "Ende Frühjahr 2028", "summer 2027".

A season is a span of three months, as the weather service counts them (spring March to May,
summer June to August, autumn September to November); like a month or a quarter, it means its
last day unless "Anfang" or "Mitte" says otherwise. Winter is not read: it spans two years,
and "Winter 2027" means different months to different people.
"""

from __future__ import annotations

import calendar
import re
from datetime import date

# Folded text (ä → ae, lower case); "fruhjahr" for a keyboard without umlauts.
SEASON = re.compile(
    r"(?:(?:im|in|in\sthe)\s)?"
    r"(?:(?P<pos>anfang|beginning\sof|start\sof|early|mitte|mid-?|middle\sof|ende|end\sof|late)"
    r"\s(?:des\s|der\s|the\s)?)?"
    r"(?:(?P<spring>fr(?:ue|u)hjahr|fr(?:ue|u)hling|spring)"
    r"|(?P<summer>sommer|summer)|(?P<autumn>herbst|autumn|fall))s?"
    r"(?:\s(?P<y>[0-9]{4}|[0-9]{2}))?",
    re.ASCII,
)
# First month of each season.
_FIRST_MONTH = {"spring": 3, "summer": 6, "autumn": 9}


def season_span(m: re.Match[str], year: int) -> tuple[date, date, date]:
    """First, last and middle day of the season ``m`` names, in ``year``."""
    name = next(key for key in _FIRST_MONTH if m[key])
    month = _FIRST_MONTH[name]
    last_month = month + 2
    last = date(year, last_month, calendar.monthrange(year, last_month)[1])
    return date(year, month, 1), last, date(year, month + 1, 15)
