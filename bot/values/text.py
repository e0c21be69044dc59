"""Shared first step of every value parser: bound the length and fold the text."""

from __future__ import annotations

import unicodedata

from bot.errors import InvalidValue
from bot.i18n import N_

MAX_INPUT_CHARS = 200

TOO_LONG = N_("That value is too long (at most {max} characters).")

# Users type umlauts in every possible way; fold them to one spelling ("maerz", "naechsten").
_FOLD = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})


def fold(text: str) -> str:
    """Return ``text`` compacted for matching: length-checked, NFKC, case-folded, umlauts
    spelled out, other accents dropped, whitespace collapsed to single spaces.

    Raises ``InvalidValue`` for texts over ``MAX_INPUT_CHARS``, before any expensive work.
    """
    if len(text) > MAX_INPUT_CHARS:
        raise InvalidValue(TOO_LONG, max=MAX_INPUT_CHARS)
    return search_key(text)


def search_key(text: str) -> str:
    """``text`` folded as ``fold`` does, of any length: for finding words in stored texts.

    Umlauts are spelled out first; other accents are then dropped, so "cafe" finds
    "Jugendcafé" and "creche" finds "Crèche".
    """
    text = unicodedata.normalize("NFKC", text).casefold().translate(_FOLD)
    if not text.isascii():
        decomposed = unicodedata.normalize("NFD", text)
        bare = "".join(c for c in decomposed if not unicodedata.combining(c))
        text = unicodedata.normalize("NFC", bare)
    # str.split() splits on every Unicode space (NBSP, narrow NBSP) as well.
    return " ".join(text.split())


def quoted(text: str, lang: str) -> str:
    """``text`` in the quotation marks of ``lang``: „Spielplatz“ (de), “Playground” (en)."""
    return f"„{text}“" if lang == "de" else f"“{text}”"


def shortened(text: str, limit: int = 80) -> str:
    """``text`` on one line, cut to at most ``limit`` characters for quoting it back: at the
    last word that fits (unless that leaves little), with "…" where something was left out."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    cut = text[: limit - 1]
    space = cut.rfind(" ")
    if space >= limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:.-") + "…"


def sentence(text: str) -> str:
    """``text`` ending in a full stop, unless it ends in punctuation (or an emoji) already."""
    text = text.rstrip()
    return f"{text}." if text and text[-1].isalnum() else text


def with_more(old: str, new: str) -> str | None:
    """``old`` with what ``new`` adds to it, or None when it adds nothing (empty, or said in
    ``old`` already, case and spacing aside): ``new`` where it repeats and extends ``old``
    ("am Bahnhof" → "am Bahnhof, mit Rampen"), else both, one per line."""
    if not new.strip() or search_key(new) in search_key(old):
        return None
    if search_key(old) in search_key(new):
        return new
    return f"{old}\n{new}"
