"""Recurring meetings: read rules like "jeden 2. Dienstag 17 Uhr" and list their dates.

Forms understood, in English and German (case, umlauts/ae and filler words such as "on",
"at", "um", "am", "im Monat" do not matter):

- weekly: "every tuesday 17:00", "jeden Dienstag 17 Uhr", "dienstags 17 Uhr"
- every n weeks: "every 2 weeks tuesday 17:00", "alle 2 Wochen Dienstag 17:00",
  "every other tuesday 17:00", "14-tägig Dienstag 17:00"; the weeks are counted from the
  rule's start date ("… from 2027-03-09", "… ab 9.3.2027", else the day it was set)
- the n-th weekday of a month: "every 2nd tuesday 17:00", "jeden 2. Dienstag 17:00",
  "first monday 18:30", "jeden 1. Montag 18:30", "jeden zweiten Dienstag 17 Uhr"
  (an ordinal always means "of the month"; months without a 5th weekday are skipped)
- the last weekday of a month: "last friday 16:00", "letzter Freitag 16:00"

Times: "17:00", "17.00", "17 Uhr", "18:30 Uhr", "5pm", "5:30 pm", "at 17", "um 17".
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from bot.errors import InvalidValue
from bot.i18n import N_
from bot.reminders.policy import aware_utc, to_utc, zone
from bot.values.text import search_key

MSG_RULE_UNREADABLE = N_(
    "I could not read the meeting rule “{spec}” (at “{word}”). Examples: every 2nd tuesday "
    "17:00, every tuesday 17:00, every 2 weeks tuesday 17:00, last friday 16:00."
)
MSG_RULE_NO_TIME = N_(
    "The meeting rule “{spec}” needs a time of day, for example: every tuesday 17:00."
)
MSG_RULE_NO_WEEKDAY = N_(
    "The meeting rule “{spec}” needs a weekday, for example: every tuesday 17:00."
)
MSG_RULE_BAD_TIME = N_("“{time}” is not a time of day. Example: every tuesday 17:00")
MSG_RULE_BAD_DATE = N_(
    "“{date}” is not a date. Example: every 2 weeks tuesday 17:00 from 2027-03-09"
)
MSG_RULE_MIXED = N_(
    "The meeting rule “{spec}” gives both a weekday of the month and a week interval; "
    "choose one, for example: every 2nd tuesday 17:00 or every 2 weeks tuesday 17:00."
)

_WEEKDAYS = {
    0: "monday mon mondays montag montags mo",
    1: "tuesday tue tues tuesdays dienstag dienstags di",
    2: "wednesday wed wednesdays mittwoch mittwochs mi",
    3: "thursday thu thur thurs thursdays donnerstag donnerstags do",
    4: "friday fri fridays freitag freitags fr",
    5: "saturday sat saturdays samstag samstags sonnabend sonnabends sa",
    6: "sunday sun sundays sonntag sonntags so",
}
_WEEKDAY = {word: day for day, words in _WEEKDAYS.items() for word in words.split()}
_ENGLISH_DAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")

_ORDINAL_WORDS = {
    1: "first erste erster ersten erstes",
    2: "second zweite zweiter zweiten zweites",
    3: "third dritte dritter dritten drittes",
    4: "fourth vierte vierter vierten viertes",
    5: "fifth fuenfte fuenfter fuenften fuenftes",
    -1: "last letzte letzter letzten letztes",
}
_ORDINAL = {word: n for n, words in _ORDINAL_WORDS.items() for word in words.split()}
_CARDINAL = {
    "one": 1, "eine": 1, "einer": 1, "two": 2, "zwei": 2, "three": 3, "drei": 3,
    "four": 4, "vier": 4, "five": 5, "fuenf": 5, "six": 6, "sechs": 6,
}  # fmt: skip
_WEEK = {"week", "weeks", "woche", "wochen"}
_FILLER = {
    "every", "each", "jeden", "jede", "jeder", "jedes", "alle", "on", "am", "at", "um", "of",
    "the", "a", "an", "in", "im", "des", "der", "den", "dem", "month", "months", "monthly",
    "monat", "monats", "monatlich", "jeweils", "immer", "uhr",
}  # fmt: skip

_DATE = re.compile(
    r"(?:\b(?:from|starting|since|ab|seit|beginnend)\s+(?:on\s+|dem\s+|am\s+)?)?"
    r"(?:(?P<iso>\b\d{4}-\d{1,2}-\d{1,2})|(?P<de>\b\d{1,2}\.\d{1,2}\.\d{4}))"
)
_TIME = re.compile(
    r"(?<![\d.:])(?P<h1>\d{1,2})[:.](?P<m1>\d{2})(?!\d)"
    r"(?:\s*(?P<s1>uhr\b|h\b|am\b|pm\b|a\.m\.|p\.m\.))?"
    r"|(?<![\d.:])(?P<h2>\d{1,2})\s*(?P<s2>uhr\b|h\b|am\b|pm\b|a\.m\.|p\.m\.)"
    r"|\b(?:at|um)\s+(?P<h3>\d{1,2})(?![\d.:a-z])"
)
_BIWEEKLY = re.compile(
    r"\b(?:14|vierzehn)\s*-?\s*taegig\w*|\bzweiwoechentlich\w*|\bzweiwoechig\w*"
    r"|\bbiweekly\b|\bfortnightly\b|\bfortnight\b"
)
_WEEKLY = re.compile(r"\bweekly\b|\bwoechentlich\w*")
_TOKEN = re.compile(r"\d+(?:st|nd|rd|th|te|ter|ten|tes|\.)?|[a-z]+")


@dataclass(frozen=True)
class MeetingRule:
    """A recurring meeting at local time ``at`` on ``weekday`` (0 = Monday).

    ``nth`` set (1–5, or -1 for the last): that weekday of every month. Otherwise every
    ``interval_weeks`` weeks, counted from the first such weekday on or after ``anchor``
    (required when the interval is above 1). No occurrence falls before ``anchor``.
    """

    weekday: int
    at: time
    nth: int | None = None
    interval_weeks: int = 1
    anchor: date | None = None

    def __post_init__(self) -> None:
        if not 0 <= self.weekday <= 6:
            raise ValueError(f"weekday must be 0..6, not {self.weekday}")
        if self.nth is not None and self.nth not in (1, 2, 3, 4, 5, -1):
            raise ValueError(f"nth must be 1..5 or -1, not {self.nth}")
        if self.interval_weeks < 1:
            raise ValueError("interval_weeks must be at least 1")
        if self.nth is not None and self.interval_weeks != 1:
            raise ValueError("a rule has either nth or interval_weeks, not both")
        if self.interval_weeks > 1 and self.anchor is None:
            raise ValueError("a rule every few weeks needs an anchor date to count from")

    def occurrences(
        self,
        after: datetime,
        tz: ZoneInfo | str,
        *,
        count: int | None = None,
        until: datetime | None = None,
    ) -> list[datetime]:
        """The meetings strictly after ``after`` (aware), as aware UTC datetimes, computed on
        the wall clock of ``tz`` (so 17:00 stays 17:00 across DST): the next ``count`` of them,
        those up to and including ``until``, or — given both — whichever ends first."""
        if count is None and until is None:
            raise ValueError("give count or until, or the list would never end")
        tzinfo = zone(tz) if isinstance(tz, str) else tz
        start = aware_utc(after)
        end = aware_utc(until) if until is not None else None
        found: list[datetime] = []
        if count is not None and count <= 0:
            return found
        # One day of slack: a meeting late on the previous local day can still be after.
        first_day = start.astimezone(tzinfo).date() - timedelta(days=1)
        for day in self._days_from(first_day):
            moment = to_utc(day, self.at, tzinfo)
            if moment <= start:
                continue
            if end is not None and moment > end:
                break
            found.append(moment)
            if count is not None and len(found) >= count:
                break
        return found

    def _days_from(self, start: date) -> Iterator[date]:
        """Meeting days on or after ``start`` (and the anchor), ascending, without end."""
        if self.anchor is not None and self.anchor > start:
            start = self.anchor
        if self.nth is not None:
            year, month = start.year, start.month
            while True:
                day = _nth_weekday(year, month, self.weekday, self.nth)
                if day is not None and day >= start:
                    yield day
                year, month = (year + 1, 1) if month == 12 else (year, month + 1)
        step = timedelta(weeks=self.interval_weeks)
        base = self.anchor if self.anchor is not None else start
        base += timedelta(days=(self.weekday - base.weekday()) % 7)
        if base < start:
            periods = -(-(start - base).days // step.days)  # ceiling division
            base += step * periods
        while True:
            yield base
            base += step

    def spec(self) -> str:
        """The rule in canonical English; ``parse_meeting_rule`` reads it back to an equal
        rule (store this, not the user's wording)."""
        day = _ENGLISH_DAYS[self.weekday]
        clock = self.at.strftime("%H:%M")
        if self.nth == -1:
            text = f"every last {day} {clock}"
        elif self.nth is not None:
            text = f"every {_ordinal(self.nth)} {day} {clock}"
        elif self.interval_weeks > 1:
            text = f"every {self.interval_weeks} weeks {day} {clock}"
        else:
            text = f"every {day} {clock}"
        if self.anchor is not None:
            text += f" from {self.anchor.isoformat()}"
        return text


def _ordinal(n: int) -> str:
    return f"{n}{ {1: 'st', 2: 'nd', 3: 'rd'}.get(n, 'th') }"


def _nth_weekday(year: int, month: int, weekday: int, nth: int) -> date | None:
    """The ``nth`` ``weekday`` of the month (-1: the last), or None if the month has none."""
    if nth > 0:
        first = date(year, month, 1)
        day = first + timedelta(days=(weekday - first.weekday()) % 7 + 7 * (nth - 1))
        return day if day.month == month else None
    following = date(year + 1, 1, 1) if month == 12 else date(year, month + 1, 1)
    last = following - timedelta(days=1)
    return last - timedelta(days=(last.weekday() - weekday) % 7)


def _read_date(spec: str, text: str) -> tuple[date | None, str]:
    matches = list(_DATE.finditer(text))
    if not matches:
        return None, text
    if len(matches) > 1:
        raise InvalidValue(MSG_RULE_UNREADABLE, spec=spec, word=matches[1].group(0).strip())
    match = matches[0]
    try:
        if match.group("iso"):
            found = date.fromisoformat(
                "-".join(part.zfill(2) for part in match.group("iso").split("-"))
            )
        else:
            d, m, y = (int(p) for p in match.group("de").split("."))
            found = date(y, m, d)
    except ValueError as exc:
        raise InvalidValue(MSG_RULE_BAD_DATE, date=match.group(0).strip()) from exc
    return found, text[: match.start()] + " " + text[match.end() :]


def _read_time(spec: str, text: str) -> tuple[time, str]:
    matches = list(_TIME.finditer(text))
    if not matches:
        raise InvalidValue(MSG_RULE_NO_TIME, spec=spec)
    if len(matches) > 1:
        raise InvalidValue(MSG_RULE_UNREADABLE, spec=spec, word=matches[1].group(0).strip())
    match = matches[0]
    hour = int(match.group("h1") or match.group("h2") or match.group("h3"))
    minute = int(match.group("m1") or 0)
    suffix = (match.group("s1") or match.group("s2") or "").replace(".", "")
    # "17:00 am Dienstag": German "am" after a 24-hour time is not a.m.
    if suffix in ("am", "pm") and 1 <= hour <= 12:
        hour = hour % 12 + (12 if suffix == "pm" else 0)
    if hour > 23 or minute > 59:
        raise InvalidValue(MSG_RULE_BAD_TIME, time=match.group(0).strip())
    return time(hour, minute), text[: match.start()] + " " + text[match.end() :]


def _number(token: str) -> tuple[str, int] | None:
    """('ord', n) for "2nd", "2.", "zweiten", "last"; ('num', n) for "2", "two"."""
    if token in _ORDINAL:
        return "ord", _ORDINAL[token]
    if token in _CARDINAL:
        return "num", _CARDINAL[token]
    digits = re.match(r"(\d+)(.*)", token)
    if digits:
        return ("ord" if digits.group(2) else "num"), int(digits.group(1))
    return None


def parse_meeting_rule(spec: str, *, today: date | None = None) -> MeetingRule:
    """Read a meeting rule in English or German (forms: see the module docstring).

    ``today`` (the group's local date) anchors "every n weeks" rules that name no start date.
    Raises ``InvalidValue`` with an example when the text is not a rule.
    """
    text = search_key(spec)
    anchor, text = _read_date(spec, text)
    at, text = _read_time(spec, text)
    text = _BIWEEKLY.sub(" \x00biweekly ", text)
    text = _WEEKLY.sub(" \x00weekly ", text)
    tokens = re.findall(r"\x00[a-z]+|" + _TOKEN.pattern, text)

    weekday: int | None = None
    nth: int | None = None
    interval: int | None = None

    def unreadable(word: str) -> InvalidValue:
        return InvalidValue(MSG_RULE_UNREADABLE, spec=spec, word=word.lstrip("\x00"))

    i = 0
    while i < len(tokens):
        token = tokens[i]
        following = tokens[i + 1] if i + 1 < len(tokens) else None
        number = _number(token)
        if token in _FILLER:
            pass
        elif token in ("\x00biweekly", "\x00weekly") or token in _WEEK:
            value = {"\x00biweekly": 2, "\x00weekly": 1}.get(token, 1)
            if interval is not None and token in _WEEK:
                pass  # "every 2 weeks … weekly"-style repeats of the unit are harmless
            elif interval is not None:
                raise unreadable(token)
            else:
                interval = value
        elif token == "other" and following is not None:
            if interval is not None:
                raise unreadable(token)
            interval = 2
            if following in _WEEK:
                i += 1
        elif number is not None and following in _WEEK:
            kind, value = number
            if interval is not None or not 1 <= value <= 52:
                raise unreadable(token)
            interval = value
            i += 1
        elif number is not None and following in _WEEKDAY:
            if nth is not None or number[1] not in (1, 2, 3, 4, 5, -1):
                raise unreadable(token)
            nth = number[1]
        elif number is not None and number[0] == "ord" and number[1] == -1:
            nth = -1  # "the last tuesday of the month" with words in between
        elif token in _WEEKDAY:
            if weekday is not None:
                raise unreadable(token)
            weekday = _WEEKDAY[token]
        else:
            raise unreadable(token)
        i += 1

    if weekday is None:
        raise InvalidValue(MSG_RULE_NO_WEEKDAY, spec=spec)
    if nth is not None and interval not in (None, 1):
        raise InvalidValue(MSG_RULE_MIXED, spec=spec)
    interval = interval or 1
    if interval > 1 and anchor is None:
        if today is None:
            raise ValueError("parse_meeting_rule needs today= for rules every few weeks")
        anchor = today
    return MeetingRule(weekday=weekday, at=at, nth=nth, interval_weeks=interval, anchor=anchor)
