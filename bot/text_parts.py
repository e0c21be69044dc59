"""Text in parts under a length: a long text split at line breaks (else at spaces), and blocks
of text packed into as few messages as fit, for answers longer than one message."""

from __future__ import annotations

from collections.abc import Sequence

CONTINUED = "(…)"  # after a heading that goes on from the message before
# What a command packs its answer into: below every platform's limit, so that the packing,
# not the platform, splits (and a message that goes on with a section names it).
MESSAGE_BUDGET = 3500


def split_text(text: str, limit: int) -> list[str]:
    """``text`` in pieces of at most ``limit`` characters, cut at line breaks where possible,
    else at a space, else hard; nothing is lost but the line breaks and spaces the cuts fall on."""
    if limit <= 0 or len(text) <= limit:
        return [text]
    pieces: list[str] = []
    current = ""
    for line in text.split("\n"):
        candidate = f"{current}\n{line}" if current else line
        if len(candidate) <= limit:
            current = candidate
            continue
        if current:
            pieces.append(current)
        while len(line) > limit:
            cut = line.rfind(" ", 0, limit + 1)
            if cut <= 0:
                cut = limit
            pieces.append(line[:cut])
            line = line[cut:].lstrip(" ") if line[cut : cut + 1] == " " else line[cut:]
        current = line
    if current or not pieces:
        pieces.append(current)
    return pieces


def fill(blocks: Sequence[str], budget: int, *, sep: str = "\n", head: str = "") -> list[str]:
    """The blocks, joined by ``sep``, as messages of at most ``budget`` characters, each filled
    up; ``head`` opens the first. A block goes to the next message whole when it does not fit
    (a measure with the lines under it stays together); only a block too long for any message
    is split, at line breaks (else spaces), its parts then filled in like blocks."""
    messages: list[str] = []
    current = head
    room = budget - len(head) - len(sep)  # what a block has in the fullest message it can open
    for block in blocks:
        for part in split_text(block, max(room, budget // 2)):
            if current and len(current) + len(sep) + len(part) > budget and current != head:
                messages.append(current)
                current = part
            else:
                current = f"{current}{sep}{part}" if current else part
    messages.append(current)
    return messages


def pack(
    sections: Sequence[tuple[str, Sequence[str]]],
    budget: int,
    *,
    sep: str = "\n\n",
    head: str = "",
    gap: str | None = None,
) -> list[str]:
    """The sections (a heading and its blocks, joined by ``sep``) as messages of at most
    ``budget`` characters, each filled up; ``head`` opens the first message, and ``gap``
    (else ``sep``) goes before a heading that does not open a message. A block goes to
    the next message whole when it does not fit; a message that goes on with a section starts
    with its heading marked "(…)". Only a block too long for any message is split, at line
    breaks (else spaces), its parts then packed like blocks: nothing is cut off."""
    messages: list[str] = []
    current = head
    before_heading = sep if gap is None else gap
    for heading, blocks in sections:
        continued = f"{heading} {CONTINUED}"
        # The room a block has in the fullest message it can open: after the head and a heading.
        room = budget - len(head) - len(continued) - len(sep) - len(before_heading)
        parts = [part for block in blocks for part in split_text(block, max(room, budget // 2))]
        if not parts:
            parts = [""]
        for index, part in enumerate(parts):
            piece = (f"{heading}{sep}{part}" if part else heading) if index == 0 else part
            joint = before_heading if index == 0 else sep
            if current and len(current) + len(joint) + len(piece) > budget and current != head:
                messages.append(current)
                current = piece if index == 0 else f"{continued}{sep}{part}"
            else:
                current = f"{current}{joint}{piece}" if current else piece
    messages.append(current)
    return messages
