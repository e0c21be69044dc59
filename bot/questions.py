"""A question typed to the bot in plain words ("wie stimme ich ab?"): the command it is about."""

from __future__ import annotations

import re

from bot.parsing import fold

# How a question starts or ends, German and English (folded).
_QUESTION = re.compile(
    r"^(?:wie|wo|was|wann|wer|welche\w*|kann|darf|muss|how|where|what|when|who|which|can|may)\b"
    r"|\?\s*$"
)
# The start of a word that names what the question is about → the command explaining it.
_TOPICS: tuple[tuple[tuple[str, ...], str], ...] = (
    (("abstimm", "stimme", "stimmen", "wahl", "vote", "voting"), "vote"),
    (("vorschlag", "vorschlage", "idee", "propos", "idea"), "propose"),
    (("erinner", "remind"), "reminders"),
    (("beitret", "beitritt", "join"), "join"),
)


def topic_of(text: str) -> str | None:
    """The command (its English name) a plain question is about, or None: only a question
    ("wie …", "…?") and only by the start of one of its words."""
    folded = fold(" ".join(text.split()))
    if not _QUESTION.search(folded):
        return None
    words = re.findall(r"\w+", folded)
    phrases = [*words, *(" ".join(pair) for pair in zip(words, words[1:], strict=False))]
    for stems, command in _TOPICS:
        if any(p.startswith(stem) for p in phrases for stem in stems):
            return command
    return None
