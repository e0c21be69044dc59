"""Whole numbers and percentages."""

from __future__ import annotations

import re

from bot.errors import InvalidValue
from bot.i18n import N_
from bot.values.text import fold

PERCENT_UNREADABLE = N_(
    "I could not read “{text}” as a percentage. "
    "Please give a whole number from 0 to 100, for example 50%."
)
POSITIVE_INT_UNREADABLE = N_(
    "I could not read “{text}” as a whole number greater than 0. Example: 3."
)
NUMBER_TOO_LARGE = N_("Please give a number up to {maximum}.")

_PERCENT = re.compile(r"(?P<n>[0-9]{1,3})\s?(?:%|prozent|percent|pct\.?|v\.?\s?h\.?)?", re.ASCII)
_INT = re.compile(r"\+?(?P<n>[0-9]{1,12})", re.ASCII)


def parse_percent(text: str) -> int:
    """Read a whole percentage 0..100: "50%", "50 %", "50", "50 Prozent", "50 percent"."""
    m = _PERCENT.fullmatch(fold(text))
    if m is None or int(m["n"]) > 100:
        raise InvalidValue(PERCENT_UNREADABLE, text=text.strip())
    return int(m["n"])


def parse_positive_int(text: str, *, maximum: int | None = None) -> int:
    """Read a whole number ≥ 1 ("3", "+3", "#3"), at most ``maximum`` when given."""
    m = _INT.fullmatch(fold(text).removeprefix("#").removeprefix("nr.").strip())
    if m is None or int(m["n"]) < 1:
        raise InvalidValue(POSITIVE_INT_UNREADABLE, text=text.strip())
    n = int(m["n"])
    if maximum is not None and n > maximum:
        raise InvalidValue(NUMBER_TOO_LARGE, maximum=maximum)
    return n
