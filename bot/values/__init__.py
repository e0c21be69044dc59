"""Pure parsers for values users type in German or English (dates, money, yes/no …).

Every parser raises ``bot.errors.InvalidValue`` (and nothing else) for text it cannot read,
with a message id that says why and gives an example; texts over 200 characters are refused.
"""

from bot.values.dates import (
    file_date,
    file_datetime,
    format_date,
    format_datetime,
    parse_date,
    parse_datetime,
    require_future,
    require_future_datetime,
)
from bot.values.durations import offsets_summed, parse_duration, parse_offsets
from bot.values.flags import parse_bool
from bot.values.money import format_money, parse_money
from bot.values.numbers import parse_percent, parse_positive_int
from bot.values.text import MAX_INPUT_CHARS, quoted, shortened

__all__ = [
    "MAX_INPUT_CHARS",
    "file_date",
    "file_datetime",
    "format_date",
    "format_datetime",
    "format_money",
    "parse_bool",
    "parse_date",
    "parse_datetime",
    "parse_duration",
    "parse_money",
    "offsets_summed",
    "parse_offsets",
    "parse_percent",
    "parse_positive_int",
    "quoted",
    "shortened",
    "require_future",
    "require_future_datetime",
]
