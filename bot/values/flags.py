"""Yes/no answers typed in German or English."""

from __future__ import annotations

from bot.errors import InvalidValue
from bot.i18n import N_
from bot.values.text import fold

BOOL_UNREADABLE = N_("Please answer yes or no instead of “{text}”. Examples: yes, no, on, off.")

# Only words whose meaning is clear on their own; domain words such as "gesichert"/"offen"
# are left to the command that knows what they refer to.
_TRUE = frozenset({"ja", "j", "yes", "y", "true", "wahr", "1", "x", "on", "an", "✓", "✔"})
_FALSE = frozenset({"nein", "n", "no", "false", "falsch", "0", "off", "aus", "-"})


def parse_bool(text: str) -> bool:
    """Read yes (ja, j, yes, y, true, wahr, 1, x, on, an, ✓) or no (nein, n, no, false,
    falsch, 0, off, aus, -). Raises ``InvalidValue`` for anything else."""
    word = fold(text).rstrip(".!")
    if word in _TRUE:
        return True
    if word in _FALSE:
        return False
    raise InvalidValue(BOOL_UNREADABLE, text=text.strip())
