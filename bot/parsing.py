"""Reading a command line: prefix, name, ``@botname``, quoted tokens and ``key=value`` options."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import TypeVar

T = TypeVar("T")

PREFIXES = ("/", "!")
MAX_INPUT_CHARS = 4000

_QUOTES = {'"': '"', "'": "'", "„": "“", "“": "”", "«": "»", "»": "«", "‚": "‘", "‘": "’"}
_OPTION = re.compile(r"^([A-Za-zÄÖÜäöüß_][\wÄÖÜäöüß-]*)=(.*)$", re.DOTALL)
_NAME = re.compile(r"^[/!]([A-Za-zÄÖÜäöüß_][\wÄÖÜäöüß-]*)(?:@(\S+))?$")


def unquote(text: str) -> str:
    """``"Skatepark am Bahnhof"`` → ``Skatepark am Bahnhof``: one pair of quotes around the whole
    text goes; quotes around a part (``„Kinder“ und „Jugend“``) stay."""
    if len(text) >= 2 and text[0] in _QUOTES:
        close = _QUOTES[text[0]]
        inner = text[1:-1]
        if text[-1] == close and close not in inner and text[0] not in inner:
            return inner.strip()
    return text


@dataclass(frozen=True, slots=True)
class Token:
    """One word or quoted phrase, with where it stood in the text."""

    value: str
    start: int
    end: int
    quoted: bool = False


@dataclass(frozen=True, slots=True)
class CommandLine:
    """A message read as a command: its name, the bot it was addressed to and the rest."""

    name: str
    botname: str | None
    rest: str


# Invisible characters that only hide or disguise text: the bidirectional embeddings,
# overrides and isolates (a title could read backwards, "\u202eetalp"), the zero-width space,
# the word joiner and the byte order mark.
_INVISIBLE = frozenset(
    [chr(c) for c in range(0x202A, 0x202F)] + [chr(c) for c in range(0x2066, 0x206A)]
) | {"\u200b", "\u2060", "\ufeff"}
# The zero-width (non-)joiner shapes what stands on both sides of it (emoji sequences such as
# 👨‍👩‍👧, Persian and Indic words): kept there, dropped anywhere else.
_JOINERS = frozenset({"\u200c", "\u200d"})


def clean_text(text: str) -> str:
    """NFC-normalise and drop control characters (keeping newlines and tabs) and invisible
    ones (``_INVISIBLE``, and a joiner that joins nothing), so that a text made only of them
    is empty."""
    text = unicodedata.normalize("NFC", text)
    kept = [
        ch
        for ch in text
        if ch in "\n\t" or (unicodedata.category(ch) not in ("Cc", "Cs") and ch not in _INVISIBLE)
    ]
    return "".join(ch for i, ch in enumerate(kept) if ch not in _JOINERS or _joins(kept, i))


def _joins(chars: Sequence[str], i: int) -> bool:
    """Whether the joiner at ``chars[i]`` stands between two visible characters."""
    if i == 0 or i == len(chars) - 1:
        return False
    return all(not c.isspace() and c not in _JOINERS for c in (chars[i - 1], chars[i + 1]))


def split_command(text: str) -> CommandLine | None:
    """``/name@bot rest`` → CommandLine; None when the text is not a command."""
    stripped = text.lstrip()
    if not stripped or stripped[0] not in PREFIXES:
        return None
    head, _, rest = stripped.partition(" ")
    head, nl, after_nl = head.partition("\n")
    if nl:
        rest = after_nl + (" " + rest if rest else "")
    match = _NAME.match(head)
    if not match:
        return None
    return CommandLine(match.group(1).lower(), match.group(2), rest.strip())


def tokenize(text: str) -> list[Token]:
    """Split into words; quotes ("…", „…“, '…') group words. An unclosed quote runs to the end."""
    tokens: list[Token] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch.isspace():
            i += 1
            continue
        start = i
        if ch in _QUOTES:
            j = _closing(text, i)
            end = n if j < 0 else j + 1
            tokens.append(Token(text[i + 1 : j if j >= 0 else n], start, end, True))
            i = end
            continue
        buf: list[str] = []
        while i < n and not text[i].isspace():
            c = text[i]
            if c in _QUOTES and buf and buf[-1] == "=":
                close = _QUOTES[c]
                j = text.find(close, i + 1)
                end = n if j < 0 else j
                buf.append(text[i + 1 : end])
                i = end + 1
                continue
            buf.append(c)
            i += 1
        tokens.append(Token("".join(buf), start, i))
    return tokens


def _closing(text: str, i: int) -> int:
    """Where the quote opened at ``text[i]`` closes; -1 when it does not."""
    j = text.find(_QUOTES[text[i]], i + 1)
    if text[i] == '"' and j < 0:
        j = text.find("”", i + 1)
    return j


def partition_unquoted(text: str, separator: str) -> tuple[str, str, str]:
    """``text.partition(separator)``, at the first ``separator`` outside a quoted phrase
    (quoted as ``tokenize`` reads it, from the start of a word to its closing quote):
    ``"Spiel | Spaß" | Beschreibung`` → ``"Spiel | Spaß"``, ``|``, `` Beschreibung``. A quote
    that does not close protects nothing."""
    i = 0
    while i < len(text):
        if text[i] in _QUOTES and (i == 0 or text[i - 1].isspace()):
            j = _closing(text, i)
            if j >= 0:
                i = j + 1
                continue
        if text.startswith(separator, i):
            return text[:i], separator, text[i + len(separator) :]
        i += 1
    return text, "", ""


def option_of(token: Token) -> tuple[str, str] | None:
    """``key=value`` → (lower-case key, value); None for anything else (and quoted phrases)."""
    if token.quoted:
        return None
    match = _OPTION.match(token.value)
    if not match:
        return None
    return match.group(1).lower(), match.group(2)


def fold(text: str) -> str:
    """Case- and accent-insensitive form for matching (``Ä`` → ``a``, ``ß`` → ``ss``)."""
    text = text.casefold().replace("ß", "ss")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in decomposed if not unicodedata.combining(ch)).strip()


_SPELLED_OUT = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "Ä": "Ae", "Ö": "Oe", "Ü": "Ue"})


def spellings(word: str) -> set[str]:
    """The folded forms of a German word as people type it: with its umlauts or without their
    dots (``fällig``, ``fallig`` → ``fallig``), or spelled out (``faellig``)."""
    return {fold(word), fold(word.translate(_SPELLED_OUT))}


def same_words(first: str, second: str) -> bool:
    """Whether two titles are the same words written otherwise: case, accents and umlauts
    (dotted, dotless or spelled out), punctuation, emoji and spaces aside ("Basketball-Korb!!
    🏀" is "basketballkorb", "Bänke am See" is "Baenke am See.")."""
    return bool(_letters_and_digits(first) & _letters_and_digits(second))


@functools.lru_cache(maxsize=8192)
def title_skeleton(text: str) -> str:
    """A key two titles share whenever :func:`same_words` finds them the same (not the
    converse): their letters and digits, folded, without the "e" that spelling an umlaut out
    adds. Comparing it first spares the full comparison against every title of a group, and
    a group's titles come back with every proposal (hence the cache)."""
    return "".join(ch for ch in fold(text) if ch.isalnum()).replace("e", "")


def _letters_and_digits(text: str) -> set[str]:
    return {"".join(ch for ch in form if ch.isalnum()) for form in spellings(text)}


def typed_code(text: str) -> str:
    """An invitation, link or confirmation code as someone typed or copied it, in the form it
    is stored in: codes are letters and digits, so case, spaces, dashes and the full stop or
    quotes copied with it from a sentence do not matter (``k7x-2abc.`` is ``K7X2ABC``)."""
    return "".join(ch for ch in text.upper() if ch.isascii() and ch.isalnum())


#: The words for renaming something (a group, a field of action), folded.
RENAME_WORDS = ("rename", "umbenennen")

_NONE_WORDS = frozenset(
    {
        "keine", "kein", "keiner", "niemand", "loschen", "loeschen", "entfernen", "weg",
        "none", "nobody", "no one", "remove", "clear", "-", "—",
    }
)  # fmt: skip


def choose(text: str, items: Sequence[T], names: Callable[[T], Iterable[str]]) -> T | None:
    """The item ``text`` names: by its number in ``items`` (from 1), by one of its ``names``
    (case- and accent-insensitive), or by the beginning of exactly one item's names; None when
    no item or several fit."""
    if text.isdecimal() and 1 <= int(text) <= len(items):
        return items[int(text) - 1]
    wanted = fold(text)
    if not wanted:
        return None
    exact = [item for item in items if any(fold(n) == wanted for n in names(item))]
    starts = [item for item in items if any(fold(n).startswith(wanted) for n in names(item))]
    found = exact or starts
    return found[0] if len(found) == 1 else None


def means_none(text: str) -> bool:
    """Whether ``text`` asks to clear a value ("keine", "niemand", "löschen", "none", "-")."""
    return fold(text) in _NONE_WORDS


# A number as people write it before or after the figure: "#3", "Nr. 3", "Nr.3", "No. 3",
# "3." (German ordinal style, as lists number). Group 1 is the figure.
NUMBER_FORM = re.compile(r"^(?:#|(?:nr|no|nummer|number)\.?\s*)?(\d+)\.?$", re.IGNORECASE)
# The word alone before a number, typed with a space: "Nr. 3".
NUMBER_WORDS = frozenset({"nr", "nr.", "no.", "nummer", "number"})


def figure_of(text: str) -> str | None:
    """The digits of a number written as ``NUMBER_FORM`` allows (``Nr. 3`` → ``3``), else
    None."""
    match = NUMBER_FORM.match(text.strip())
    return match.group(1) if match else None
