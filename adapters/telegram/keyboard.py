"""Choices as an inline keyboard, with callback data that fits Telegram's 64-byte limit.

Callback data is ``a:<action>`` when the action fits; a longer action is stored in the
key-value store under ``telegram:cb:<key>`` (the key is a hash of the action, so the same action
always gets the same key) and the button carries ``k:<key>``. A press maps back through the
store; a key that is unknown (expired, or from another installation) maps to None.
"""

from __future__ import annotations

import base64
import hashlib
from collections.abc import Callable, Sequence

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

from bot.events import Choice
from bot.state import KeyValueStore

MAX_CALLBACK_BYTES = 64
STATE_PREFIX = "telegram:cb:"
MAX_LABEL = 64  # Telegram does not publish a hard limit; long labels are cut off on screen
MAX_BUTTONS = 100  # Telegram refuses a message whose inline keyboard has more
MAX_PER_ROW = 8  # Telegram shows at most eight buttons in a row


def short_key(action: str) -> str:
    """A short, stable key for ``action`` (16 url-safe characters of its SHA-256)."""
    digest = hashlib.sha256(action.encode("utf-8")).digest()
    return base64.urlsafe_b64encode(digest).decode("ascii")[:16]


async def callback_data(action: str, state: KeyValueStore) -> str:
    """The callback data for ``action``; long actions are stored under a short key."""
    direct = "a:" + action
    if len(direct.encode("utf-8")) <= MAX_CALLBACK_BYTES:
        return direct
    key = short_key(action)
    await state.set(STATE_PREFIX + key, action)
    return "k:" + key


async def resolve_callback(data: str | None, state: KeyValueStore) -> str | None:
    """The action behind pressed callback ``data``, or None when it is unknown."""
    if not data:
        return None
    if data.startswith("a:"):
        return data[2:] or None
    if data.startswith("k:"):
        return await state.get(STATE_PREFIX + data[2:])
    return None


def _per_row(choices: Sequence[Choice]) -> int:
    # Short labels (numbers, yes/no) sit side by side; anything longer gets its own row so
    # it is readable on a phone.
    longest = max(len(c.label) for c in choices)
    if longest <= 4 and len(choices) > 10:
        return MAX_PER_ROW  # many numbers: rows of eight instead of a long column
    if longest <= 4:
        return 5
    if longest <= 12:
        return 2
    return 1


async def build_keyboard(
    choices: Sequence[Choice], state: KeyValueStore, link: Callable[[str], str]
) -> InlineKeyboardMarkup | None:
    """An inline keyboard for ``choices`` (None when there are none); a choice that opens the
    direct chat becomes a button with the URL ``link(action)``. More than Telegram takes
    (the core leaves them off before) give no keyboard: the message still goes out."""
    if not choices or len(choices) > MAX_BUTTONS:
        return None
    buttons = [
        InlineKeyboardButton(c.label[:MAX_LABEL], url=link(c.action))
        if c.opens_direct
        else InlineKeyboardButton(
            c.label[:MAX_LABEL], callback_data=await callback_data(c.action, state)
        )
        for c in choices
    ]
    n = _per_row(choices)
    rows = [buttons[i : i + n] for i in range(0, len(buttons), n)]
    return InlineKeyboardMarkup(rows)
