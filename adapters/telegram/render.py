"""Turn a :class:`bot.events.Reply` into Telegram HTML, split to fit the message limit.

All text from the core is plain text and may contain anything a user typed, so every piece is
escaped with :func:`html.escape` before it is sent in HTML parse mode. Splitting happens on the
plain text (at line boundaries, then at spaces, then anywhere) and each part is escaped
afterwards, so a split can never cut an entity such as ``&amp;`` or a tag in two.
"""

from __future__ import annotations

import html
from collections.abc import Iterable, Sequence

from bot.events import UserRef

MAX_TEXT = 4096
MAX_CAPTION = 1024


def tg_length(text: str) -> int:
    """Length as Telegram counts it: UTF-16 code units (an emoji outside the BMP counts 2)."""
    return len(text.encode("utf-16-le")) // 2


def escape(text: str) -> str:
    """Escape plain text for Telegram's HTML parse mode."""
    return html.escape(text, quote=False)


def mention_html(user: UserRef) -> str:
    """A mention of ``user``: a ``tg://user`` link for Telegram users, the plain name otherwise."""
    name = escape((user.display_name or user.user_id)[:200])
    if user.platform == "telegram" and user.user_id.lstrip("-").isdecimal():
        return f'<a href="tg://user?id={user.user_id}">{name}</a>'
    return name


def mentions_prefix(users: Iterable[UserRef]) -> str:
    """The mentions as one leading line (empty when there are none)."""
    parts = [mention_html(u) for u in users]
    return " ".join(parts) + "\n" if parts else ""


def _split_long_line(line: str, limit: int) -> list[str]:
    """Split one line that does not fit: at the last space that fits, else anywhere."""
    pieces: list[str] = []
    rest = line
    while tg_length(escape(rest)) > limit:
        cut = _fit(rest, limit)
        space = rest.rfind(" ", 1, cut + 1)
        if space > 0:
            cut = space + 1  # keep the space at the end of the piece so nothing is lost
        pieces.append(rest[:cut])
        rest = rest[cut:]
    pieces.append(rest)
    return pieces


def _fit(text: str, limit: int) -> int:
    """The largest prefix length of ``text`` whose escaped form fits in ``limit``."""
    lo, hi = 1, len(text)
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if tg_length(escape(text[:mid])) <= limit:
            lo = mid
        else:
            hi = mid - 1
    return lo


def split_plain(text: str, limit: int = MAX_TEXT) -> list[str]:
    """Split plain ``text`` into parts whose escaped form is at most ``limit`` long.

    Parts break at line boundaries: ``"\\n".join(parts) == text`` whenever every single line
    fits; a line longer than the limit is cut at spaces (or anywhere) into consecutive parts.
    """
    if tg_length(escape(text)) <= limit:
        return [text]
    parts: list[str] = []
    current: list[str] = []
    size = 0
    for line in text.split("\n"):
        length = tg_length(escape(line))
        if length > limit:
            if current:
                parts.append("\n".join(current))
                current, size = [], 0
            parts.extend(_split_long_line(line, limit))
            continue
        extra = length + (1 if current else 0)
        if current and size + extra > limit:
            parts.append("\n".join(current))
            current, size = [line], length
        else:
            current.append(line)
            size += extra
    if current:
        parts.append("\n".join(current))
    return parts


def mention_lines(users: Iterable[UserRef], limit: int = MAX_TEXT) -> list[str]:
    """Mention links packed into lines of at most ``limit`` (a link is never cut)."""
    lines: list[str] = []
    current = ""
    for user in users:
        link = mention_html(user)
        candidate = f"{current} {link}" if current else link
        if current and tg_length(candidate) > limit:
            lines.append(current)
            current = link
        else:
            current = candidate
    if current:
        lines.append(current)
    return lines


def render_text(text: str, mentions: Sequence[UserRef] = (), limit: int = MAX_TEXT) -> list[str]:
    """The HTML messages for ``text``, mentions on a first line of the first message (or in
    messages of their own before it, when they do not fit there)."""
    if limit < 16:
        raise ValueError("limit too small")
    plain = [p for p in split_plain(text, limit) if p.strip()]
    heads = mention_lines(mentions, limit)
    if heads and plain:
        room = limit - tg_length(heads[-1]) - 1
        if tg_length(escape(plain[0])) > room and room >= limit // 2:
            # Make room for the mention line by splitting the first part once more.
            plain = [p for p in split_plain(plain[0], room) if p.strip()] + plain[1:]
    parts = [escape(p) for p in plain]
    if heads and parts and tg_length(heads[-1]) + 1 + tg_length(parts[0]) <= limit:
        parts[0] = heads.pop() + "\n" + parts[0]
    return heads + parts


def lines_before_last(text: str, limit: int = MAX_TEXT) -> int:
    """How many lines of ``text`` the messages before its last one show, when ``render_text``
    splits it (0 when it fits one message). The last message starts at the next line (or, cut
    in a long line, at that line's start: the edit then shows a little of it twice)."""
    plain = [p for p in split_plain(text, limit) if p.strip()]
    if len(plain) < 2:
        return 0
    return text[: text.rfind(plain[-1])].count("\n")


def truncate_html(text: str, mentions: Sequence[UserRef] = (), limit: int = MAX_TEXT) -> str:
    """One HTML message for an edit: Telegram cannot split an edit, so cut with an ellipsis."""
    prefix = mentions_prefix(mentions)
    if tg_length(prefix) > limit // 2:
        prefix = ""  # an edit does not notify anyone anyway; keep the room for the text
    room = limit - tg_length(prefix)
    if tg_length(escape(text)) > room:
        text = text[: _fit(text, room - 1)] + "…"
    return prefix + escape(text)


def caption_html(text: str) -> str:
    """An attachment caption, escaped and cut to Telegram's caption limit."""
    return truncate_html(text, limit=MAX_CAPTION)
