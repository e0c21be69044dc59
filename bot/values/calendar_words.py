"""German and English words for months, weekdays, counts and calendar units.

All keys are in the folded spelling produced by ``bot.values.text.fold`` (lower case, umlauts
spelled out: "maerz"), plus the plain-vowel spelling people type on foreign keyboards ("marz").
"""

from __future__ import annotations

from collections.abc import Iterable

# fmt: off
MONTHS: dict[str, int] = {
    "januar": 1, "jaenner": 1, "janner": 1, "january": 1, "jan": 1,
    "februar": 2, "feber": 2, "february": 2, "feb": 2,
    "maerz": 3, "marz": 3, "march": 3, "maer": 3, "mar": 3, "mrz": 3,
    "april": 4, "apr": 4,
    "mai": 5, "may": 5,
    "juni": 6, "june": 6, "jun": 6,
    "juli": 7, "july": 7, "jul": 7,
    "august": 8, "aug": 8,
    "september": 9, "sept": 9, "sep": 9,
    "oktober": 10, "october": 10, "okt": 10, "oct": 10,
    "november": 11, "nov": 11,
    "dezember": 12, "december": 12, "dez": 12, "dec": 12,
}
# fmt: on

# Monday is 0, as in ``date.weekday()``.
# fmt: off
WEEKDAYS: dict[str, int] = {
    "montag": 0, "mo": 0, "monday": 0, "mon": 0,
    "dienstag": 1, "di": 1, "tuesday": 1, "tue": 1, "tues": 1,
    "mittwoch": 2, "mi": 2, "wednesday": 2, "wed": 2,
    "donnerstag": 3, "do": 3, "thursday": 3, "thu": 3, "thur": 3, "thurs": 3,
    "freitag": 4, "fr": 4, "friday": 4, "fri": 4,
    "samstag": 5, "sonnabend": 5, "sa": 5, "saturday": 5, "sat": 5,
    "sonntag": 6, "so": 6, "sunday": 6, "sun": 6,
}
# fmt: on

# fmt: off
NUMBER_WORDS: dict[str, int] = {
    "a": 1, "an": 1, "one": 1, "ein": 1, "eine": 1, "einem": 1, "einer": 1, "einen": 1,
    "two": 2, "zwei": 2, "three": 3, "drei": 3, "four": 4, "vier": 4, "five": 5, "fuenf": 5,
    "funf": 5, "six": 6, "sechs": 6, "seven": 7, "sieben": 7, "eight": 8, "acht": 8,
    "nine": 9, "neun": 9, "ten": 10, "zehn": 10, "eleven": 11, "elf": 11, "twelve": 12,
    "zwoelf": 12, "zwolf": 12,
}
# fmt: on

# Calendar units for dates: (kind, factor); kind is "days" or "months".
# fmt: off
DATE_UNITS: dict[str, tuple[str, int]] = {
    "tag": ("days", 1), "tage": ("days", 1), "tagen": ("days", 1),
    "day": ("days", 1), "days": ("days", 1),
    "woche": ("days", 7), "wochen": ("days", 7), "week": ("days", 7), "weeks": ("days", 7),
    "monat": ("months", 1), "monate": ("months", 1), "monaten": ("months", 1),
    "month": ("months", 1), "months": ("months", 1),
    "jahr": ("months", 12), "jahre": ("months", 12), "jahren": ("months", 12),
    "year": ("months", 12), "years": ("months", 12),
}
# fmt: on

# Units for durations and clock offsets, in seconds. "m" is minutes, as in "30m".
# fmt: off
DURATION_UNITS: dict[str, int] = {
    "m": 60, "min": 60, "mins": 60, "minute": 60, "minuten": 60, "minutes": 60,
    "h": 3600, "std": 3600, "std.": 3600, "stunde": 3600, "stunden": 3600,
    "hour": 3600, "hours": 3600, "hr": 3600, "hrs": 3600,
    "d": 86400, "t": 86400, "tag": 86400, "tage": 86400, "tagen": 86400,
    "day": 86400, "days": 86400,
    "w": 604800, "wo": 604800, "woche": 604800, "wochen": 604800,
    "week": 604800, "weeks": 604800, "wk": 604800, "wks": 604800,
}
# fmt: on


def alternation(words: Iterable[str]) -> str:
    """A regex alternation of ``words``, longest first so "maerz" wins over "mar"."""
    return "|".join(sorted(words, key=len, reverse=True))
