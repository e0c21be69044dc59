"""How the date cells of an action plan are read on import: town halls write spans there, not
days. A year ("2028") or a month ("03/2027", and "Okt 27": in a plan a month and its year, not
the 27th, unless that year lies before the plan's: see ``first_plan_year``) is its first day for
a start and its last for the other dates; a range ("03/2027 –
06/2027", "März–Juni 2027", "Q1–Q3 2027", "2027–2028", "01.03.2027 - 30.06.2027") runs from
the first day of its start to the last day of its end, and so do two years ("2027/28": from 1
January 2027 to 31 December 2028; a "Schuljahr 2027/28" from 1 August 2027 to 31 July 2028).

A chat command reads dates as ``bot.values.dates`` does ("/frist 4 Okt 27" is the 27th): only
the import reads cells so."""

from __future__ import annotations

import calendar
import re
from datetime import date
from decimal import Decimal

from bot.documents.sheet import DateSpan
from bot.errors import CommandError
from bot.values import parse_date
from bot.values.calendar_words import MONTHS, alternation
from bot.values.dates import MAX_YEAR, MIN_YEAR
from bot.values.text import fold

Span = tuple[date, date]

#: How many years a programme runs at most (KFK: 5 in a city of 150,000 or more): a plan
#: imported today has no date further back unless the programme was signed earlier.
PROGRAMME_YEARS = 5

_YEAR = re.compile(r"(?P<y>[0-9]{4})")
_MONTH_YEAR = re.compile(r"(?P<m>[0-9]{1,2})\s?/\s?(?P<y>[0-9]{4})")
# A month's name and a two-digit year, as a plan (and Excel's "MMM YY") writes a month: "Okt 27",
# "Okt. 27", "Oktober 27", "Oct-27", "Okt '27", "Okt/27".
_NAMED_MONTH_YEAR = re.compile(
    rf"(?P<mon>{alternation(MONTHS)})\.?\s?[-/]?\s?'?(?P<y>[0-9]{{2}})", re.ASCII
)
# Two years as a school or budget year writes them ("2027/28", "2027/2028", "Schuljahr 2027/28",
# "Haushaltsjahr 2027/28"): a school year runs from 1 August to 31 July, anything else over both
# calendar years (a budget for two years, "Doppelhaushalt 2027/28").
_TWO_YEARS = re.compile(
    r"(?:(?P<kind>schuljahre?|school\s?years?|academic\s?years?|haushaltsjahre?|doppelhaushalt"
    r"|budget\s?years?|fiscal\s?years?|financial\s?years?)\s?)?"
    r"(?P<a>[0-9]{4})\s?/\s?(?P<b>[0-9]{2}|[0-9]{4})",
    re.ASCII,
)
_SCHOOL = ("schul", "school", "academic")
# What stands between the two ends of a range: a hyphen or dash (with or without spaces),
# "bis", "to", "until"; "von" or "ab" may lead it ("von März bis Juni 2027").
_DASHES = "-\u2010\u2011\u2012\u2013\u2014\u2015\u2212"
_BETWEEN = re.compile(rf"\s*[{_DASHES}]+\s*|\s+(?:bis|to|until|till|through)\s+", re.ASCII)
_FROM = re.compile(r"(?:von|ab|vom|seit|from|since|between|zwischen)\s+", re.ASCII)
_AT_ONCE = frozenset({"sofort", "ab sofort", "immediately", "from now on", "starting now"})
_UNTIL = re.compile(r"(?:bis|until|till|by)\s+", re.ASCII)
_HAS_YEAR = re.compile(r"[0-9]{4}")
# A range is short ("Beginning of March 2027 until the end of June 2028" is 50 characters);
# each place it could be split at is tried, the first few ("2027-03-15" has two).
_LONGEST = 60
_GAPS = 4


def first_plan_year(today: date, signed_on: date | None = None) -> int:
    """The first year a plan's month with a two-digit year may name: the year the programme
    was signed, else ``PROGRAMME_YEARS`` before today. A number after a month that names an
    earlier year is the day: "Mai 12 Bänke" is 12 May, not May 2012, while "Okt 27" stays
    October 2027."""
    if signed_on is not None:
        return min(signed_on.year, today.year)
    return today.year - PROGRAMME_YEARS


def cell_span(cell: object, today: date, earliest: int) -> Span | None:
    """The first and last day of the year, month or range a date cell names (also a workbook's
    date shown as a month: "Okt 27" formatted "MMM YY"); None for anything else (a day, "März
    2027", "Mai 12" in a plan from ``earliest`` (see ``first_plan_year``) on: read as the chat
    reads it)."""
    if isinstance(cell, DateSpan):
        return cell.first, cell.last
    if isinstance(cell, bool) or not isinstance(cell, int | Decimal | str):
        return None
    text = _folded(str(cell).strip().removesuffix(".0"))
    if text is None:
        return None
    return _month_or_year(text, earliest) or _range(text, today, earliest)


# A milestone line's day and its text ("15.03.2027 Baubeginn", "15.03.2027: Baubeginn"): the
# day is at most its first few words, the words after the first each a number or a month
# ("27. Okt 2027", "Okt 27", "Ende März", "KW 12"); what separates it from the text goes.
_DAY_WORDS = 3
_WORD = re.compile(r"\S+")
_AFTER_DAY = ":,;\u2013\u2014- "


def milestone_day(line: str, today: date, lang: str, earliest: int) -> tuple[date, str] | None:
    """The day a milestone line starts with and the text after it, or None. A month and its
    year ("Okt 27 Baubeginn", "Okt. 27: Baubeginn", "10/2027 Baubeginn") is its last day, as
    in a date column, while a day first ("27. Okt Baubeginn") is that day, and so is a number
    after a month that would be a year before ``earliest`` ("Mai 12 Bänke": 12 May)."""
    words = list(_WORD.finditer(line))[:_DAY_WORDS]
    for n in range(len(words), 0, -1):
        if not all(_day_part(w[0]) for w in words[1:n]):
            continue
        head = line[: words[n - 1].end()].rstrip(_AFTER_DAY)
        text = line[words[n - 1].end() :].lstrip(_AFTER_DAY)
        if head and (day := _milestone_head(head, today, lang, earliest)) is not None:
            return day, text
    return None


def _day_part(word: str) -> bool:
    """Whether a word can go on a day's first word: a number ("27", "2027", "27.", "'27:")
    or a month ("Okt", "Okt.")."""
    word = word.strip(_AFTER_DAY + ".'")
    if not word:
        return False
    return word.isdecimal() or (_folded(word) or "") in MONTHS


def _milestone_head(text: str, today: date, lang: str, earliest: int) -> date | None:
    folded = _folded(text)
    if folded is None:
        return None
    if span := _month_or_year(folded, earliest):
        return span[1]
    try:
        return parse_date(text, today=today, lang=lang)
    except CommandError:
        return None


def period_span(cell: object, today: date, earliest: int) -> tuple[date | None, date | None] | None:
    """The start and end a period column ("Zeitraum", "Umsetzungszeitraum") gives: a range or
    a span from its first to its last day, a day alone its end ("bis 06/2027" too), "ab
    03/2027" only a start ("ab sofort": today); None when the cell says no date."""
    if (span := cell_span(cell, today, earliest)) is not None:
        return span
    if isinstance(cell, date):
        return None, cell
    text = _folded(str(cell).strip())
    if text is None:
        return None
    if text in _AT_ONCE:
        return today, None
    if lead := _FROM.match(text):
        found = _side(text[lead.end() :], today, earliest)
        return (found[0], None) if found else None
    if lead := _UNTIL.match(text):
        found = _side(text[lead.end() :], today, earliest)
        return (None, found[1]) if found else None
    found = _side(text, today, earliest)
    if found is None:
        return None
    first, last = found
    return (None, last) if first == last else (first, last)


def _folded(text: str) -> str | None:
    try:
        return fold(text)
    except CommandError:  # longer than any date
        return None


def _month_or_year(text: str, earliest: int) -> Span | None:
    """The first and last day of the year ("2028"), the two years ("2027/28", "Schuljahr
    2027/28": see ``_TWO_YEARS``) or the month ("03/2027", "Okt 27") a folded cell names, or
    None (also for "Mai 12" when 2012 is before ``earliest``: a day)."""
    if m := _YEAR.fullmatch(text):
        year = int(m["y"])
        if MIN_YEAR <= year <= MAX_YEAR:
            return date(year, 1, 1), date(year, 12, 31)
        return None
    if m := _TWO_YEARS.fullmatch(text):
        return _two_years(int(m["a"]), m["b"], (m["kind"] or "").startswith(_SCHOOL))
    month = year = 0
    if m := _MONTH_YEAR.fullmatch(text):
        month, year = int(m["m"]), int(m["y"])
    elif (m := _NAMED_MONTH_YEAR.fullmatch(text)) and 2000 + int(m["y"]) >= earliest:
        month, year = MONTHS[m["mon"]], 2000 + int(m["y"])
    if 1 <= month <= 12 and MIN_YEAR <= year <= MAX_YEAR:
        return date(year, month, 1), date(year, month, calendar.monthrange(year, month)[1])
    return None


def _two_years(first: int, second: str, school: bool) -> Span | None:
    """The span of "2027/28" (``second`` "28" or "2028"): both years, or the school year from
    1 August 2027 to 31 July 2028; None unless the second year follows the first."""
    if int(second) != (first + 1 if len(second) == 4 else (first + 1) % 100):
        return None
    if not MIN_YEAR <= first < MAX_YEAR:
        return None
    if school:
        return date(first, 8, 1), date(first + 1, 7, 31)
    return date(first, 1, 1), date(first + 1, 12, 31)


def _side(text: str, today: date, earliest: int) -> Span | None:
    """One end of a range (or a period's single value) as the span it names, or None."""
    text = text.strip(" ,")
    if not text:
        return None
    if span := _month_or_year(text, earliest):
        return span
    try:
        return (
            parse_date(text, today=today, start=True),
            parse_date(text, today=today, start=False),
        )
    except CommandError:
        return None


def _range(text: str, today: date, earliest: int) -> Span | None:
    """The span from the first day of a range's start to the last day of its end; the start
    may leave out the year the end gives ("März–Juni 2027", "Q1–Q3 2027", "01.03.–30.06.2027"),
    or the end the year of the start ("März 2027 bis Juni")."""
    if lead := _FROM.match(text):
        text = text[lead.end() :]
    if len(text) > _LONGEST:
        return None
    for gap in list(_BETWEEN.finditer(text))[:_GAPS]:
        left, right = text[: gap.start()], text[gap.end() :]
        if not left or not right:
            continue
        if (kind := _TWO_YEARS.match(left)) and kind["kind"] and _TWO_YEARS.fullmatch(right):
            right = f"{kind['kind']} {right}"  # "Schuljahr 2027/28 – 2028/29": both school years
        found = _ends(left, right, today, earliest)
        if found is not None:
            return found
    return None


def _ends(left: str, right: str, today: date, earliest: int) -> Span | None:
    end = start = None
    if not _has_year(left, earliest) and (end := _side(right, today, earliest)) is not None:
        start = _start_in(left, end, today, earliest)
    if start is None and not _has_year(right, earliest) and (start := _side(left, today, earliest)):
        end = _side(f"{right} {start[0].year}", today, earliest)
        if end is not None and end[1] < start[0]:  # "November 2027 bis Februar"
            end = _side(f"{right} {start[0].year + 1}", today, earliest)
    if start is None or end is None:
        start, end = _side(left, today, earliest), _side(right, today, earliest)
    if start is None or end is None or end[1] < start[0]:
        return None
    return start[0], end[1]


def _has_year(text: str, earliest: int) -> bool:
    return bool(_HAS_YEAR.search(text)) or _month_or_year(text, earliest) is not None


def _start_in(left: str, end: Span, today: date, earliest: int) -> Span | None:
    """The start of a range that names no year, in the year of its ``end`` (or the year
    before: "November–Februar 2028"); a bare month number takes the end's ("03–06/2027")."""
    year = end[1].year
    if left.isdecimal() and len(left) <= 2:
        return _month_or_year(f"{left}/{year}", earliest)
    for candidate in (year, year - 1):
        start = _side(f"{left.rstrip()} {candidate}", today, earliest)
        if start is not None and start[0] <= end[1]:
            return start
    return None
