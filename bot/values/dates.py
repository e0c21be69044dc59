"""Dates and times as users type them in German or English, and how the bot shows them.

Every result depends only on the text and the ``today``/``now`` passed in. The forms below are
read by hand, because dateparser is unreliable with several of them ("nächsten Freitag",
"Ende Juni"); dateparser is only asked for what is left, with a fixed ``RELATIVE_BASE``.

Rules worth knowing:
- a date without a year ("15.3.", "15. März", "Ende Juni") is the next such date from today on
  (today itself counts); "29.2." is the next 29 February that exists;
- a weekday ("Freitag", "nächsten Freitag", "next friday") is the next such day *after* today
  (on a Tuesday, this week's Friday, in German and English alike; the answers name the day);
  "übernächsten Freitag" is one week later; "letzten Montag" ("last monday") the last one
  before today, and "letzte Woche" is the week before this one;
- a month alone ("März 2027", "Juni", "im Mai", "bis Mai") means the end of that month;
  "Anfang" is the 1st, "Mitte" the 15th;
- so do quarters ("Q2 2027", "2. Quartal"), half years ("1. Halbjahr", "H2"), calendar weeks
  ("KW 12": its Friday; "Anfang KW 12": its Monday), weeks named from this one ("nächste
  Woche", "übernächste Woche", "next week": its Friday, like a calendar week) and years
  ("Ende 2027", "Mitte 2028"), and a month or year named from this one ("nächsten Monat", "next
  month", "diesen Monat", "nächstes Jahr": its last day; "in einem Monat" is a count, below);
  for "since …" and the start of something (``past``, ``start``) each means its first day;
  a leading "bis", "bis zum", "spätestens", "zum", "am", "by", "on" or "until" changes nothing;
- seasons ("Sommer 2027", "im Herbst", "Mitte Frühjahr") are read like quarters (see
  ``bot.values.seasons``);
- "in einem Monat" keeps the day of month, clamped to the month's last day (31.1. → 28.2.);
- two-digit years are 20xx; years outside 1900–2199 are refused;
- a part of the day after a date ("morgen früh", "heute Abend", "Freitagabend", "tomorrow
  morning") leaves the date as it is; with a time it stands for 08:00, 10:00, 12:00, 15:00 or
  18:00, and "8 Uhr abends" is 20:00.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta, timezone
from zoneinfo import ZoneInfo

from bot.errors import InvalidValue
from bot.i18n import N_
from bot.values.calendar_words import (
    DATE_UNITS,
    DURATION_UNITS,
    MONTHS,
    NUMBER_WORDS,
    WEEKDAYS,
    alternation,
)
from bot.values.durations import MAX_DURATION
from bot.values.seasons import SEASON, season_span
from bot.values.text import fold

DATE_UNREADABLE = N_(
    "I could not read “{text}” as a date. "
    "Examples: 15 Mar 2027, 2027-03-15, next Friday, in 2 weeks."
)
DATE_AMBIGUOUS = N_(
    "“{text}” could be {one} or {other}. Please write the month as a word ({one}) "
    "or the year first ({iso})."
)
DATE_NOT_IN_CALENDAR = N_(
    "“{text}” is not a day in the calendar: does the month have that many days?"
)
NO_SUCH_WEEK = N_("“{text}”: a year has calendar weeks 1 to 52, some also a week 53.")
DATE_YEAR_OUT_OF_RANGE = N_("“{text}” is too far in the past or future. Example: 15 Mar 2027.")
DATETIME_UNREADABLE = N_(
    "I could not read “{text}” as a date and time. "
    "Examples: 15 Mar 2027 17:00, tomorrow 9:30, 2027-03-15T17:00."
)
TIME_NOT_ON_CLOCK = N_("“{text}” is not a time of day. Example: 17:00.")
DATE_IN_PAST = N_("{date} is in the past. Please give a date from today on.")
DATETIME_IN_PAST = N_("{datetime} is in the past. Please give a later time.")
DATETIME_TOO_FAR = N_("{datetime} is more than {years} years ahead. Please give an earlier time.")
DATE_TOO_FAR = N_("{date} is more than {years} years ahead. Please give an earlier date.")

MIN_YEAR = 1900
MAX_YEAR = 2199
# Bounds "in 99999999 Tagen" long before date arithmetic overflows.
_MAX_COUNT = 100_000

_MONTH = alternation(MONTHS)
_WEEKDAY = alternation(WEEKDAYS)
_COUNT = r"[0-9]{1,6}|" + alternation(NUMBER_WORDS)
_DATE_UNIT = alternation(DATE_UNITS)
_CLOCK_UNIT = "|".join(
    re.escape(u) for u in sorted(DURATION_UNITS, key=len, reverse=True) if DURATION_UNITS[u] < 86400
)

# fmt: off
_SIMPLE_DAYS = {
    "heute": 0, "today": 0,
    "morgen": 1, "tomorrow": 1,
    "uebermorgen": 2, "ubermorgen": 2, "the day after tomorrow": 2, "day after tomorrow": 2,
    "gestern": -1, "yesterday": -1,
    "vorgestern": -2, "the day before yesterday": -2, "day before yesterday": -2,
}
# fmt: on

_FLAGS = re.ASCII
_NUMERIC = re.compile(
    r"(?P<d>[0-9]{1,2})\.\s?(?P<m>[0-9]{1,2})(?:\.\s?(?P<y>[0-9]{4}|[0-9]{2})?)?", _FLAGS
)
_ISO = re.compile(r"(?P<y>[0-9]{4})[-/](?P<m>[0-9]{1,2})[-/](?P<d>[0-9]{1,2})", _FLAGS)
# "15/12/2026", "12/15/2026", "3/4/27": day and month in either order (see _slashed). Only with
# a year: "12/26" is as often December 2026 (month/year, as lists write it) as a day.
_SLASHED = re.compile(
    r"(?P<a>[0-9]{1,2})\s?/\s?(?P<b>[0-9]{1,2})\s?/\s?(?P<y>[0-9]{4}|[0-9]{2})", _FLAGS
)
_DAY_MONTH = re.compile(
    rf"(?:the\s)?(?P<d>[0-9]{{1,2}})(?:\.|st|nd|rd|th)?\s?(?:of\s)?(?P<mon>{_MONTH})\.?"
    rf"(?:,?\s(?P<y>[0-9]{{4}}))?",
    _FLAGS,
)
_MONTH_DAY = re.compile(
    rf"(?P<mon>{_MONTH})\.?\s(?:the\s)?(?P<d>[0-9]{{1,2}})(?:st|nd|rd|th)?(?:,?\s(?P<y>[0-9]{{4}}))?",
    _FLAGS,
)
_PART_OF_MONTH = re.compile(
    r"(?:(?:im|in)\s)?"
    r"(?:(?P<pos>anfang|beginning\sof|start\sof|early|mitte|mid-?|middle\sof|ende|end\sof|late)"
    rf"\s?)?(?P<mon>{_MONTH})\.?(?:\s(?P<y>[0-9]{{4}}))?",
    _FLAGS,
)
# A quarter, a half year or a calendar week, maybe with its year: "Q2 2027", "2. Quartal",
# "1. Halbjahr 2027", "H2", "KW 12", "KW12/2027", "week 12"; "Anfang"/"Ende" pick its first or
# last (working) day.
_PERIOD = re.compile(
    r"(?:(?:im|in)\s)?(?:(?P<pos>anfang|beginning\sof|start\sof|ende|end\sof)\s(?:des\s|der\s)?)?"
    r"(?:q\s?(?P<q>[1-4])|(?P<qn>[1-4])\.\s?quartals?|(?P<qe>[1-4])(?:st|nd|rd|th)\squarter"
    r"|h(?P<h>[12])|(?P<hn>[12])\.\s?halbjahr(?:es)?|(?P<hw>erste|zweite)[ns]?\shalbjahr(?:es)?"
    r"|(?P<he>first|second|1st|2nd)\shalf"
    r"|(?:kw|kalenderwoche|week|calendar\sweek)\s?(?P<w>[0-9]{1,2}))"
    r"(?:(?:\s?/\s?|\s(?:of\s)?)(?P<y>[0-9]{4}|[0-9]{2}))?",
    _FLAGS,
)
# A part of a year: "Ende 2027", "Mitte 2028", "Anfang 2027", "end of 2027", "Jahresende".
_PART_OF_YEAR = re.compile(
    r"(?P<pos>anfang|beginning\sof|start\sof|mitte|mid-?|middle\sof|ende|end\sof)\s"
    r"(?P<y>[0-9]{4})"
    r"|(?P<eoy>jahresende|ende\s(?:des|dieses)\sjahres|end\sof\s(?:the\s|this\s)?year)",
    _FLAGS,
)
# Words before a deadline that change nothing: "bis 15.12.", "spätestens Ende Mai", "by Friday".
_DEADLINE_WORDS = re.compile(
    r"(?:bis\s(?:zum\s|sp(?:ae|a)testens\s)?|sp(?:ae|a)testens\s(?:am\s|zum\s)?|zum\s|am\s"
    r"|until\s|by\s|no\slater\sthan\s|on\s)",
    _FLAGS,
)
# A week named relative to this one: "diese Woche", "nächste Woche", "übernächste Woche",
# "Ende nächster Woche", "Anfang der nächsten Woche", "next week", "the week after next".
_RELATIVE_WEEK = re.compile(
    r"(?:(?:im\s|in\s)?(?P<pos>anfang|beginning\sof|start\sof|ende|end\sof)\s(?:der\s)?)?"
    r"(?:(?P<this>diese[rn]?|this)|(?P<after>(?:ue|u)?bernaechste[rn]?)|naechste[rn]?|next"
    r"|(?P<last>letzte[rn]?|vorige[rn]?|vergangene[rn]?|last|previous)"
    r"|(?P<after_en>the\sweek\safter\snext|week\safter\snext))"
    r"(?:\s(?:woche|week))?",
    _FLAGS,
)
_END_OF_MONTH = re.compile(
    r"(?:ende\s(?:des\s|dieses\s)?monats|monatsende|end\sof\s(?:the\s|this\s)?month)"
    r"|(?P<next>ende\s(?:des\s)?naechsten\smonats|end\sof\snext\smonth)",
    _FLAGS,
)
# A month or year named relative to this one: "nächsten Monat", "im kommenden Monat", "next
# month", "diesen Monat", "übernächsten Monat", "the month after next", "letzten Monat",
# "nächstes Jahr", "Anfang nächsten Monats", "Mitte nächsten Jahres", "end of next year".
_RELATIVE_SPAN = re.compile(
    r"(?:(?:im\s|in\s)?(?P<pos>anfang|beginning\sof|start\sof|early|mitte|mid-?|middle\sof"
    r"|ende|end\sof|late)\s?(?:des\s|der\s|the\s)?)?(?:(?:im|in)\s)?"
    r"(?:(?:(?P<this>diese[nrsm]?|this)|(?P<after>(?:ue|u)?bern(?:ae|a)chste[nrsm]?)"
    r"|n(?:ae|a)chste[nrsm]?|kommende[nrsm]?|next|coming"
    r"|(?P<last>letzte[nrsm]?|vorige[nrsm]?|vergangene[nrsm]?|last|previous))"
    r"\s(?P<unit>monats?|month|jahres|jahr|year)"
    r"|(?:the\s)?(?P<unit_en>month|year)\safter\snext)",
    _FLAGS,
)
_WEEKDAY_RE = re.compile(
    r"(?:(?P<pre>(?:ue|u)?bernaechste[nrsm]?|(?:ue|u)?bernachste[nrsm]?|naechste[nrsm]?"
    r"|nachste[nrsm]?|kommende[nrsm]?|diese[nrsm]?|am|next|this|on|coming"
    r"|(?P<last>letzte[nrsm]?|vorige[nrsm]?|vergangene[nrsm]?|last|previous))\s)?"
    rf"(?P<wd>{_WEEKDAY})\.?",
    _FLAGS,
)
_RELATIVE = re.compile(
    rf"(?P<dir>in\s|vor\s)?(?P<n>{_COUNT})\s(?P<unit>{_DATE_UNIT})"
    r"(?P<suffix>\sfrom\snow|\slater|\sspaeter|\sago)?",
    _FLAGS,
)
# A part of the day and the hour it stands for when no time is given.
# fmt: off
_PART_HOURS = {
    "frueh": 8, "fruh": 8, "morgen": 8, "morgens": 8, "morning": 8,
    "vormittag": 10, "vormittags": 10,
    "mittag": 12, "mittags": 12, "noon": 12, "midday": 12,
    "nachmittag": 15, "nachmittags": 15, "afternoon": 15,
    "abend": 18, "abends": 18, "evening": 18,
}
# fmt: on
# "morgen früh", "Freitag, abends", "morgen in der Früh", "tomorrow at noon", "Freitagabend".
_PART_OF_DAY = re.compile(
    r"(?P<rest>.+?)(?P<sep>[\s,]+(?:am\s|in\sder\s|in\sthe\s|at\s)?)?"
    rf"(?P<part>{alternation(_PART_HOURS)})",
    _FLAGS,
)
_CLOCK_RELATIVE = re.compile(rf"in\s(?P<n>{_COUNT})\s?(?P<unit>{_CLOCK_UNIT})", _FLAGS)
_ISO_DATETIME = re.compile(
    r"(?P<date>[0-9]{4}-[0-9]{1,2}-[0-9]{1,2})[t\s](?P<h>[0-9]{1,2}):(?P<mi>[0-9]{2})"
    r"(?::(?P<s>[0-9]{2})(?:\.[0-9]{1,6})?)?\s?(?P<off>z|[+-][0-9]{2}:?[0-9]{2})?",
    _FLAGS,
)
# A time of day at the end: "17:00", "17 uhr", "17.00 uhr", "um 9:30", "at 5pm", "5 p.m.".
_TRAILING_TIME = re.compile(
    r"(?:^|[\s,])(?:(?:um|at|@|gegen)\s?)?(?P<h>[0-9]{1,2})"
    r"(?:(?P<sep>[:.])(?P<mi>[0-9]{2}))?\s?(?P<suf>uhr|h|am|pm|a\.m\.|p\.m\.)?$",
    _FLAGS,
)
# The same at the start: "17:00 morgen", "um 17 Uhr am Freitag".
_LEADING_TIME = re.compile(
    r"(?:(?:um|at|@|gegen)\s?)?(?P<h>[0-9]{1,2})(?:(?P<sep>[:.])(?P<mi>[0-9]{2}))?"
    r"\s?(?P<suf>uhr|h|am|pm|a\.m\.|p\.m\.)?[\s,]+(?P<rest>[^0-9].*)",
    _FLAGS,
)


_MONTH_ABBREVIATIONS = (
    "Jan",
    "Feb",
    "Mar",
    "Apr",
    "May",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Oct",
    "Nov",
    "Dec",
)


def format_date(d: date, lang: str = "de") -> str:
    """Show ``d`` in a reply as readers of ``lang`` write it: "15.03.2027" (de) or
    "15 Mar 2027" (en: the month as a word reads alike in British and American English)."""
    if lang == "en":
        return f"{d.day} {_MONTH_ABBREVIATIONS[d.month - 1]} {d.year:04d}"
    return f"{d.day:02d}.{d.month:02d}.{d.year:04d}"


def format_datetime(dt: datetime, tz: ZoneInfo, lang: str = "de") -> str:
    """Show the aware ``dt`` in zone ``tz``: "15.03.2027 17:00" (de), "15 Mar 2027 17:00" (en)."""
    local = dt.astimezone(tz)
    return f"{format_date(local.date(), lang)} {local.hour:02d}:{local.minute:02d}"


def file_date(d: date, lang: str = "de") -> str:
    """Write ``d`` into a file (an export, a calendar entry): "15.03.2027" (de) or
    "2027-03-15" (en), as spreadsheets of that language read it back."""
    if lang == "en":
        return d.isoformat()
    return format_date(d, lang)


def file_datetime(dt: datetime, tz: ZoneInfo, lang: str = "de") -> str:
    """The aware ``dt`` in zone ``tz`` as files write it: "15.03.2027 17:00", "2027-03-15 17:00"."""
    local = dt.astimezone(tz)
    return f"{file_date(local.date(), lang)} {local.hour:02d}:{local.minute:02d}"


def require_future(d: date, today: date, lang: str = "de") -> date:
    """Return ``d`` if it is today or later and not further ahead than the longest time ever
    meant (``MAX_DURATION``, ten years); otherwise raise ``InvalidValue``."""
    if d < today:
        raise InvalidValue(DATE_IN_PAST, date=format_date(d, lang))
    if d - today > MAX_DURATION:
        raise InvalidValue(DATE_TOO_FAR, date=format_date(d, lang), years=MAX_DURATION.days // 365)
    return d


def require_future_datetime(
    dt: datetime, now: datetime, tz: ZoneInfo, lang: str = "de"
) -> datetime:
    """Return ``dt`` if it is not before ``now`` and not further ahead than the longest time
    ever meant (``MAX_DURATION``, ten years: "in 100 Jahren" is a slip, not a plan); otherwise
    raise ``InvalidValue``."""
    if dt < now:
        raise InvalidValue(DATETIME_IN_PAST, datetime=format_datetime(dt, tz, lang))
    if dt - now > MAX_DURATION:
        raise InvalidValue(
            DATETIME_TOO_FAR,
            datetime=format_datetime(dt, tz, lang),
            years=MAX_DURATION.days // 365,
        )
    return dt


def parse_date(
    text: str, *, today: date, lang: str = "de", past: bool = False, start: bool | None = None
) -> date:
    """Read a date typed in German or English, relative to ``today``.

    A day without a year ("1. November", "Ende Juni", "Freitag") is the next such day from
    today on, or with ``past`` the last one up to today (for "since …"). A span without
    "Anfang"/"Ende" ("Mai", "Q2", "KW 12") is its last day, a deadline; with ``start`` (the
    default with ``past``) its first, for "since …" and the start of something. Both
    languages are always understood alike, except a date with slashes whose day and month could
    be swapped ("03/04/2027"): ``lang`` "en" refuses it, naming both days, "de" reads it as day
    and month (see ``_slashed``). Raises ``InvalidValue`` for anything else.
    """
    folded = fold(text)
    first = past if start is None else start
    try:
        found = _read_deadline(folded, today, past, first, lang)
        if found is None and (split := _part_of_day(folded, today)):
            found = _read_deadline(split[0], today, past, first, lang)
        if found is None:
            found = _ask_dateparser(text.strip(), today, past)
    except _AmbiguousDate as both:
        one, other = both.days
        raise InvalidValue(
            DATE_AMBIGUOUS,
            text=text.strip(),
            one=format_date(one, "en"),
            other=format_date(other, "en"),
            iso=one.isoformat(),
        ) from None
    except OverflowError:
        raise InvalidValue(DATE_YEAR_OUT_OF_RANGE, text=text.strip()) from None
    except _NoSuchWeek:
        raise InvalidValue(NO_SUCH_WEEK, text=text.strip()) from None
    except ValueError:
        raise InvalidValue(DATE_NOT_IN_CALENDAR, text=text.strip()) from None
    if found is None:
        raise InvalidValue(DATE_UNREADABLE, text=text.strip())
    if not MIN_YEAR <= found.year <= MAX_YEAR:
        raise InvalidValue(DATE_YEAR_OUT_OF_RANGE, text=text.strip())
    return found


def parse_datetime(
    text: str,
    *,
    now: datetime,
    tz: ZoneInfo,
    default_time: time = time(9, 0),
    lang: str = "de",
) -> datetime:
    """Read a date with an optional time of day; return an aware datetime in ``tz``.

    ``now`` must be aware. Without a time, ``default_time`` is used; a time alone ("17:00")
    is the next such time from ``now``. "in 3 Stunden" counts from ``now``. Times in the past
    are not refused here (see ``require_future_datetime``). A local time
    that does not exist (the hour skipped when clocks go forward) is moved forward by that
    hour; an ambiguous one (clocks go back) is the first of the two.
    """
    folded = fold(text)
    local_now = now.astimezone(tz)
    shown = text.strip()

    iso = _ISO_DATETIME.fullmatch(folded)
    if iso:
        return _from_iso(iso, tz, shown, local_now.date())

    rel = _CLOCK_RELATIVE.fullmatch(folded)
    if rel:
        seconds = _count(rel["n"]) * DURATION_UNITS[rel["unit"]]
        # Added in UTC: aware arithmetic in one zone is wall-clock time and would skip DST.
        return (now.astimezone(UTC) + timedelta(seconds=seconds)).astimezone(tz)

    clock = None
    rest = folded
    split = _part_of_day(folded, local_now.date())
    part_hour = None
    if split is not None:  # "morgen Abend", "morgen 8 Uhr abends"
        rest, part_hour = split
    # A bare number is not a time ("15.3.2027 17" is refused): it needs ":", "Uhr"/"pm" or a
    # part of the day ("um 8 abends").
    m = _TRAILING_TIME.search(rest)
    lead = _LEADING_TIME.fullmatch(rest)
    if m and (m["sep"] == ":" or m["suf"] or part_hour is not None):
        clock = _clock(m, shown)
        rest = rest[: m.start()].rstrip(" ,")
        rest = re.sub(r"(?:\s|^)(?:um|at|gegen)$", "", rest, flags=_FLAGS).rstrip(" ,")
    elif lead and (lead["sep"] == ":" or lead["suf"] or part_hour is not None):
        clock = _clock(lead, shown)
        rest = lead["rest"]
    if part_hour is not None:
        clock = _in_part_of_day(clock, part_hour)

    if not rest:
        if clock is None:
            raise InvalidValue(DATETIME_UNREADABLE, text=shown)
        candidate = _localize(local_now.date(), clock, tz)
        if candidate < local_now:
            candidate = _localize(local_now.date() + timedelta(days=1), clock, tz)
        return candidate

    try:
        day = parse_date(rest, today=local_now.date(), lang=lang)
    except InvalidValue as err:
        if err.message == DATE_UNREADABLE:
            raise InvalidValue(DATETIME_UNREADABLE, text=shown) from None
        # Quote what the user typed, not the folded date part.
        params = {**err.params, "text": shown} if "text" in err.params else err.params
        raise InvalidValue(err.message, **params) from None
    return _localize(day, clock if clock is not None else default_time, tz)


def _part_of_day(s: str, today: date) -> tuple[str, int] | None:
    """Split "morgen früh" into ("morgen", 8); None when ``s`` ends in no part of the day.

    "morgen" after a date is its morning ("Freitag morgen", "heute Morgen"); after anything
    else it is tomorrow ("bis morgen", "um 8 Uhr morgen"), so it splits only after a date.
    A part joined to its day without a space must follow a weekday ("Freitagabend").
    """
    if s == "tonight":
        return "heute", 18
    m = _PART_OF_DAY.fullmatch(s)
    if m is None or (m["sep"] is None and m["rest"].rpartition(" ")[2] not in WEEKDAYS):
        return None
    rest = "heute" if m["rest"] == "this" else m["rest"]  # "this evening"
    if m["part"] == "morgen":
        try:
            if _read_deadline(rest, today) is None:
                return None
        except (ValueError, OverflowError):  # a date, but not a day: said when it is read
            pass
    return rest, _PART_HOURS[m["part"]]


def _in_part_of_day(clock: time | None, part_hour: int) -> time:
    """The time meant by a clock time and a part of the day: "8 Uhr abends" is 20:00."""
    if clock is None:
        return time(part_hour, 0)
    afternoon = part_hour >= 15 or part_hour == 12 and clock.hour < 6  # "1 Uhr mittags"
    if afternoon and clock.hour < 12:
        return clock.replace(hour=clock.hour + 12)
    return clock


def _read_deadline(
    s: str, today: date, past: bool = False, first: bool = False, lang: str = "de"
) -> date | None:
    """``_read_date``, also after words that change nothing ("bis", "spätestens", "by")."""
    found = _read_date(s, today, past, first, lang)
    if found is None and (lead := _DEADLINE_WORDS.match(s)):
        found = _read_date(s[lead.end() :], today, past, first, lang)
    return found


def _localize(day: date, clock: time, tz: ZoneInfo) -> datetime:
    naive = datetime.combine(day, clock)
    # The UTC round trip moves a skipped local time (02:30 on the spring DST day) to a real one.
    return naive.replace(tzinfo=tz).astimezone(UTC).astimezone(tz)


def _clock(m: re.Match[str], shown: str) -> time:
    hour = int(m["h"])
    minute = int(m["mi"] or 0)
    suffix = (m["suf"] or "").replace(".", "")
    if suffix in ("am", "pm"):
        if not 1 <= hour <= 12:
            raise InvalidValue(TIME_NOT_ON_CLOCK, text=shown)
        hour = hour % 12 + (12 if suffix == "pm" else 0)
    if hour > 23 or minute > 59:
        raise InvalidValue(TIME_NOT_ON_CLOCK, text=shown)
    return time(hour, minute)


def _from_iso(m: re.Match[str], tz: ZoneInfo, shown: str, today: date) -> datetime:
    day = parse_date(m["date"], today=today)
    hour, minute, second = int(m["h"]), int(m["mi"]), int(m["s"] or 0)
    if hour > 23 or minute > 59 or second > 59:
        raise InvalidValue(TIME_NOT_ON_CLOCK, text=shown)
    clock = time(hour, minute, second)
    off = m["off"]
    if off is None:
        return _localize(day, clock, tz)
    if off == "z":
        zone = UTC
    else:
        sign = -1 if off[0] == "-" else 1
        digits = off[1:].replace(":", "")
        hours, minutes = int(digits[:2]), int(digits[2:])
        if hours > 23 or minutes > 59:
            raise InvalidValue(DATETIME_UNREADABLE, text=shown)
        zone = timezone(sign * timedelta(hours=hours, minutes=minutes))
    return datetime.combine(day, clock, tzinfo=zone).astimezone(tz)


def _count(word: str) -> int:
    n = NUMBER_WORDS[word] if word in NUMBER_WORDS else int(word)
    if n > _MAX_COUNT:
        raise OverflowError(word)
    return n


def _read_date(
    s: str, today: date, past: bool = False, first: bool = False, lang: str = "de"
) -> date | None:
    """The hand-written forms; None when none of them fits. ``first``: a span named without
    "Anfang"/"Ende" means its first day rather than its last."""
    plain = "anfang" if first else None
    if s in _SIMPLE_DAYS:
        return today + timedelta(days=_SIMPLE_DAYS[s])

    if m := _NUMERIC.fullmatch(s):
        return _day_month_year(int(m["d"]), int(m["m"]), _year(m["y"]), today, past)
    if m := _ISO.fullmatch(s):
        return date(int(m["y"]), int(m["m"]), int(m["d"]))
    if m := _SLASHED.fullmatch(s):
        year = int(m["y"]) + (2000 if len(m["y"]) == 2 else 0)
        return _slashed(int(m["a"]), int(m["b"]), year, lang)
    if m := _DAY_MONTH.fullmatch(s) or _MONTH_DAY.fullmatch(s):
        return _day_month_year(int(m["d"]), MONTHS[m["mon"]], _year(m["y"]), today, past)
    if m := _PART_OF_MONTH.fullmatch(s):
        return _part_of_month(m["pos"] or plain, MONTHS[m["mon"]], _year(m["y"]), today, past)
    if m := _PERIOD.fullmatch(s):
        return _period(m, m["pos"] or plain, today, past)
    if m := SEASON.fullmatch(s):
        return _season(m, m["pos"] or plain, today, past)
    if m := _PART_OF_YEAR.fullmatch(s):
        if m["eoy"]:
            return date(today.year - 1 if past else today.year, 12, 31)
        start, end = date(int(m["y"]), 1, 1), date(int(m["y"]), 12, 31)
        return _pick(m["pos"] or plain, start, end, middle=date(start.year, 6, 30))
    if (m := _RELATIVE_WEEK.fullmatch(s)) and ("woche" in s or "week" in s):
        weeks = 0 if m["this"] else -1 if m["last"] else 2 if m["after"] or m["after_en"] else 1
        monday = today - timedelta(days=today.weekday()) + timedelta(weeks=weeks)
        return _pick(m["pos"] or plain, monday, monday + timedelta(days=4))
    if m := _END_OF_MONTH.fullmatch(s):
        month = today.replace(day=1)
        if m["next"]:
            month = _add_months(month, 1)
        return month.replace(day=calendar.monthrange(month.year, month.month)[1])
    if m := _RELATIVE_SPAN.fullmatch(s):
        return _relative_span(m, m["pos"] or plain, today)
    if m := _WEEKDAY_RE.fullmatch(s):
        if m["last"]:  # "letzten Montag": the last one before today
            return today - timedelta(days=(today.weekday() - WEEKDAYS[m["wd"]] - 1) % 7 + 1)
        if past and not m["pre"]:  # "seit Montag": the last Monday, today if it is one
            return today - timedelta(days=(today.weekday() - WEEKDAYS[m["wd"]]) % 7)
        ahead = (WEEKDAYS[m["wd"]] - today.weekday() - 1) % 7 + 1
        if m["pre"] and "bern" in m["pre"]:  # "übernächsten": the week after
            ahead += 7
        return today + timedelta(days=ahead)
    if m := _RELATIVE.fullmatch(s):
        back = m["dir"] == "vor " or m["suffix"] == " ago"
        if m["dir"] == "vor " and m["suffix"] or m["dir"] == "in " and m["suffix"] == " ago":
            return None
        kind, factor = DATE_UNITS[m["unit"]]
        n = _count(m["n"]) * factor * (-1 if back else 1)
        if kind == "days":
            return today + timedelta(days=n)
        return _add_months(today, n)
    return None


def _relative_span(m: re.Match[str], pos: str | None, today: date) -> date:
    """The day ``pos`` picks of the month or year named from this one ("nächsten Monat",
    "next year"): like a month or year by its name, its last day unless "Anfang"/"Mitte" say
    otherwise."""
    steps = 0 if m["this"] else -1 if m["last"] else 2 if m["after"] or m["unit_en"] else 1
    if (m["unit"] or m["unit_en"]).startswith(("monat", "month")):
        first = _add_months(today.replace(day=1), steps)
        last = _add_months(first, 1) - timedelta(days=1)
        return _pick(pos, first, last, middle=first.replace(day=15))
    year = today.year + steps
    return _pick(pos, date(year, 1, 1), date(year, 12, 31), middle=date(year, 6, 30))


class _AmbiguousDate(ValueError):
    """A date with slashes that is a day either way round ("03/04/2027")."""

    def __init__(self, one: date, other: date) -> None:
        super().__init__(one, other)
        self.days = (one, other)


def _slashed(a: int, b: int, y: int, lang: str) -> date:
    """The day of "15/12/2026" (day/month) or "12/15/2026" (month/day): only one of them is a
    day. When both are ("03/04/2027"), an English reader may mean either, so it is refused
    (``_AmbiguousDate`` names both); German writes the day first, so "de" reads it so. The
    same number twice ("5/5/2027") is one day either way."""
    if a > 12 or a == b:
        return date(y, b, a)
    if b > 12:
        return date(y, a, b)
    if lang == "en":
        raise _AmbiguousDate(date(y, b, a), date(y, a, b))
    return date(y, b, a)


def _year(text: str | None) -> int | None:
    if text is None:
        return None
    return 2000 + int(text) if len(text) == 2 else int(text)


def _day_month_year(d: int, m: int, y: int | None, today: date, past: bool = False) -> date:
    if y is not None:
        return date(y, m, d)
    # The next (or last) such day; 29.2. may be up to eight years away (2096 → 2104).
    years = range(today.year, today.year - 9, -1) if past else range(today.year, today.year + 9)
    for year in years:
        try:
            candidate = date(year, m, d)
        except ValueError:
            continue
        if (candidate <= today) if past else (candidate >= today):
            return candidate
    raise ValueError("no such day")


def _part_of_month(
    pos: str | None, month: int, year: int | None, today: date, past: bool = False
) -> date:
    def pick(y: int) -> date:
        if pos in ("anfang", "beginning of", "start of", "early"):
            return date(y, month, 1)
        if pos in ("mitte", "mid", "mid-", "middle of"):
            return date(y, month, 15)
        return date(y, month, calendar.monthrange(y, month)[1])

    return _nearest(pick, year, today, past)


def _pick(pos: str | None, first: date, last: date, middle: date | None = None) -> date:
    """The day of a span that ``pos`` names: its first ("Anfang"), its middle ("Mitte") or, by
    default, its last ("Ende", or nothing: a deadline means the end)."""
    if pos in ("anfang", "beginning of", "start of", "early"):
        return first
    if middle is not None and pos in ("mitte", "mid", "mid-", "middle of"):
        return middle
    return last


class _NoSuchWeek(ValueError):
    """A calendar week number no year has (KW 60), or week 53 of a year without one."""


def _period(m: re.Match[str], pos: str | None, today: date, past: bool) -> date:
    """A day of a quarter, half year or calendar week (Monday to Friday) of the year given,
    else the next such day from today on (with ``past``: the last one up to today)."""

    week = int(m["w"]) if m["w"] else None
    if week is not None and not 1 <= week <= 53:
        raise _NoSuchWeek(week)
    quarter = int(m["q"] or m["qn"] or m["qe"] or 0)
    second_half = "2" in (m["h"], m["hn"]) or m["hw"] == "zweite" or m["he"] in ("second", "2nd")

    def span(year: int) -> tuple[date, date]:
        if week is not None:
            try:
                return date.fromisocalendar(year, week, 1), date.fromisocalendar(year, week, 5)
            except ValueError:  # week 53 of a year with 52
                raise _NoSuchWeek(week) from None
        if quarter:
            first = date(year, 3 * quarter - 2, 1)
            return first, _add_months(first, 3) - timedelta(days=1)
        if second_half:
            return date(year, 7, 1), date(year, 12, 31)
        return date(year, 1, 1), date(year, 6, 30)

    return _nearest(lambda y: _pick(pos, *span(y)), _year(m["y"]), today, past)


def _season(m: re.Match[str], pos: str | None, today: date, past: bool) -> date:
    """A day of a season in the year given, else the next such day from today on (with
    ``past``: the last one up to today)."""
    return _nearest(lambda y: _pick(pos, *season_span(m, y)), _year(m["y"]), today, past)


def _nearest(day: Callable[[int], date], year: int | None, today: date, past: bool) -> date:
    """``day(year)`` for a year given; else the next such day from today on (today counts),
    or with ``past`` the last one up to today."""
    if year is not None:
        return day(year)
    candidate = day(today.year)
    if past and candidate > today:
        return day(today.year - 1)
    if not past and candidate < today:
        return day(today.year + 1)
    return candidate


def _add_months(d: date, months: int) -> date:
    index = d.year * 12 + d.month - 1 + months
    year, month = divmod(index, 12)
    if not 1 <= year <= 9999:
        raise OverflowError(months)
    last = calendar.monthrange(year, month + 1)[1]
    return date(year, month + 1, min(d.day, last))


def _ask_dateparser(text: str, today: date, past: bool = False) -> date | None:
    """Ask dateparser about word-only forms not read by hand ("next week", "nächste Woche").

    Texts with digits are not passed on: for those dateparser guesses (it reads "15" as a
    past day of this month and "Freitag 10" as the 10th), and every digit form users type
    is read by hand above.
    """
    if any(ch.isdecimal() for ch in text) or not any(ch.isalpha() for ch in text):
        return None
    import dateparser  # imported here: it is slow to load and rarely needed

    settings = {
        "PREFER_DATES_FROM": "past" if past else "future",
        "DATE_ORDER": "DMY",
        "RELATIVE_BASE": datetime.combine(today, time(12, 0)),
        "RETURN_AS_TIMEZONE_AWARE": False,
        # No Unix timestamps or digit runs: "1700000000" is not a date a person types.
        "PARSERS": ["relative-time", "absolute-time"],
    }
    try:
        found = dateparser.parse(text, languages=["de", "en"], settings=settings)
    except Exception:  # dateparser raises assorted errors on odd input; none is the user's fault
        return None
    return found.date() if found is not None else None
