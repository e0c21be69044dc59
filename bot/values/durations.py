"""Lengths of time ("3d", "2 Wochen") and lists of them, e.g. reminder offsets."""

from __future__ import annotations

import re
from datetime import timedelta

from bot.errors import InvalidValue
from bot.i18n import N_
from bot.values.calendar_words import DURATION_UNITS, NUMBER_WORDS, alternation
from bot.values.text import fold

DURATION_UNREADABLE = N_(
    "I could not read “{text}” as a length of time. Examples: 3d, 2w, 1h, 30m, 14 days, 2 weeks."
)
OFFSETS_UNREADABLE = N_(
    "I could not read “{text}” as a list of times before the date. "
    "Example: 14d,3d,0d (14 days, 3 days and on the day)."
)

# Longer than ten years is never meant; the bound also keeps timedelta from overflowing.
MAX_DURATION = timedelta(days=3660)

_UNIT = "|".join(re.escape(u) for u in sorted(DURATION_UNITS, key=len, reverse=True))
_PART = re.compile(
    rf"(?P<n>[0-9]{{1,7}}|{alternation(NUMBER_WORDS)})\s?(?P<unit>{_UNIT})(?![a-z])",
    re.ASCII,
)
_BARE = re.compile(rf"(?P<n>[0-9]{{1,7}}|{alternation(NUMBER_WORDS)})(?![a-z0-9])", re.ASCII)
# "vorlauf=2 Wochen und 3 Tage vorher": the closing word says nothing more.
_BEFORE = re.compile(r"\s+(?:vorher|davor|zuvor|before|in advance|ahead)\s*$", re.ASCII)
DAY = 86400
_JOINERS = re.compile(r"\s*(?:\band\b|\bund\b|,|\+)?\s*", re.ASCII)


def parse_duration(text: str) -> timedelta:
    """Read a length of time: "3d", "2w", "1h", "30m", "14 Tage", "2 Wochen", "1 Woche 2 Tage".

    "m" means minutes. Months are not accepted (their length varies). Zero is allowed ("0d").
    Raises ``InvalidValue`` for anything else or for more than ten years.
    """
    folded = fold(text)
    total = _read(folded)
    if total is None:
        raise InvalidValue(DURATION_UNREADABLE, text=text.strip())
    return total


def parse_offsets(text: str) -> list[timedelta]:
    """Read a list of durations ("14d,3d,0d"), separated by commas, semicolons, "und"/"and"
    or spaces: each number of days or weeks is a reminder of its own, so "2 Wochen und 3 Tage"
    and "14t 3t" are two (14 and 3 days before; hours and minutes add to the one before them,
    "1 Tag 12 Stunden"); a number without its unit takes the next one's ("14 und 3 Tage"), and
    a closing "vorher"/"before" is left out.

    Returns them without duplicates, longest first (the order reminders go out in).
    """
    folded = _BEFORE.sub("", fold(text))
    items = [part.strip() for part in re.split(r"[,;]", folded)]
    if not items or any(not item for item in items):
        raise InvalidValue(OFFSETS_UNREADABLE, text=text.strip())
    offsets: set[timedelta] = set()
    for item in items:
        found = _read_apart(item)
        if found is None:
            raise InvalidValue(OFFSETS_UNREADABLE, text=text.strip())
        offsets.update(found)
    return sorted(offsets, reverse=True)


def offsets_summed(text: str) -> timedelta | None:
    """The one length of time ``text`` also reads as, where :func:`parse_offsets` took it as
    several ("2 Wochen und 3 Tage": 17 days), for the answer to say how to ask for that one;
    None where there is no such other reading."""
    try:
        apart = parse_offsets(text)
    except InvalidValue:
        return None
    folded = _BEFORE.sub("", fold(text))
    if len(apart) < 2 or re.search(r"[,;]", folded):
        return None
    return _read(folded.strip())


def _read_apart(folded: str) -> list[timedelta] | None:
    """The offsets in one comma-free piece of a list: each number of days or weeks starts one,
    hours and minutes add to the one before; None if anything is left over."""
    offsets: list[int] = []
    waiting: list[int] = []  # numbers typed without a unit: "14 und 3 Tage"
    pos = 0
    while pos < len(folded):
        if offsets or waiting:
            joiner = _JOINERS.match(folded, pos)
            pos = joiner.end() if joiner else pos
        m = _PART.match(folded, pos)
        if m is None:
            bare = _BARE.match(folded, pos)
            if bare is None:
                return None
            waiting.append(_count(bare["n"]))
            pos = bare.end()
            continue
        unit = DURATION_UNITS[m["unit"]]
        seconds = _count(m["n"]) * unit
        if unit < DAY and offsets and not waiting:
            offsets[-1] += seconds
        else:
            offsets += [n * unit for n in waiting]
            offsets.append(seconds)
        waiting = []
        if max(offsets) > MAX_DURATION.total_seconds():
            return None
        pos = m.end()
    if waiting or not offsets:
        return None
    return [timedelta(seconds=n) for n in offsets]


def _count(word: str) -> int:
    return NUMBER_WORDS[word] if word in NUMBER_WORDS else int(word)


def _read(folded: str) -> timedelta | None:
    """Sum the number-unit pairs that make up all of ``folded``; None if anything is left over."""
    pos = 0
    total = 0
    parts = 0
    while pos < len(folded):
        if parts:
            joiner = _JOINERS.match(folded, pos)
            pos = joiner.end() if joiner else pos
        m = _PART.match(folded, pos)
        if m is None:
            return None
        total += _count(m["n"]) * DURATION_UNITS[m["unit"]]
        if total > MAX_DURATION.total_seconds():
            return None
        pos = m.end()
        parts += 1
    return timedelta(seconds=total) if parts else None
