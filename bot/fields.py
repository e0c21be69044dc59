"""Matching what people type (``#beteil``) to a group's field of action."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol, TypeVar

from bot.errors import CommandError
from bot.i18n import N_, Translator
from bot.parsing import fold, spellings
from bot.programmes import FIELD_ALIASES, FIELD_NAMES


class Named(Protocol):
    name: str


T = TypeVar("T", bound=Named)

MAX_FIELD_NAME = 120
# Where lists and the plan put the measures that have no field of action.
NO_FIELD = N_("Without a field of action")


def shown_field(tr: Translator, name: str) -> str:
    """The name of a field of action as ``tr``'s reader reads it: a template field's name in
    that language ("Participation" for "Beteiligung" in English), any other as it is stored."""
    english = FIELD_NAMES.get(name)
    return tr.t(english) if english else name


def match_field(typed: str, fields: Sequence[T], tr: Translator) -> T:
    """The field whose name equals ``typed`` or uniquely starts with it (case- and
    accent-insensitive; "gruen" finds "Grünflächen" too), or the field of that number in
    ``fields`` (the order /fields numbers them in; a field's name is never just a number).
    Raises a CommandError listing the fields (named in the language of ``tr``) otherwise."""
    wanted = fold(typed.lstrip("#"))

    def shown(field: T) -> str:
        return shown_field(tr, field.name)

    # " · " between them, not ", ": a name may have a comma of its own (the FGK's "Familie und
    # Arbeitswelt, Betreuung"), and a list joined by commas would read as more fields.
    names = " · ".join(shown(f) for f in fields)
    if not fields:
        raise CommandError(
            N_(
                "This group has no fields of action yet. A coordinator can add them with /fields add <name>."
            )
        )
    number = typed.strip().lstrip("#")
    if number.isdecimal():
        if 1 <= int(number) <= len(fields):
            return fields[int(number) - 1]
        raise CommandError(
            N_("There is no field of action number {number}; /fields lists them."),
            number=number[:12],
        )
    if not wanted:
        raise CommandError(N_("Which field of action? Choose one of: {fields}"), fields=names)
    # A field's own name before the English name the template gives another one.
    exact = [f for f in fields if wanted in spellings(f.name)]
    exact += [f for f in fields if wanted in _spellings(f) and f not in exact]
    if exact:
        return exact[0]
    prefix = [f for f in fields if any(s.startswith(wanted) for s in _spellings(f))]
    if len(prefix) == 1:
        return prefix[0]
    words = [
        f for f in fields if any(w.startswith(wanted) for s in _spellings(f) for w in s.split())
    ]
    if len(words) == 1 and not prefix:
        return words[0]
    if len(prefix) > 1 or len(words) > 1:
        raise CommandError(
            N_("“{typed}” fits several fields of action: {matches}. Please type more of the name."),
            typed=typed.lstrip("#")[:60],
            # with the number that picks each one (#2), as /fields numbers them
            matches=" · ".join(
                f"{shown(f)} (#{number})"
                for number, f in enumerate(fields, start=1)
                if f in (prefix or words)
            ),
        )
    raise CommandError(
        N_(
            "There is no field of action “{typed}”. Choose one of: {fields}. Coordinators add "
            "new ones with /fields add <name>."
        ),
        typed=typed.lstrip("#")[:60],
        fields=names,
    )


def named_in_words(typed: str, fields: Sequence[T]) -> T | None:
    """The field whose name of several words ``typed`` gives in full or as the unique start
    ("#Kinderfreundliche Rahmenbedingungen", "#kinderfreundliche rahmen"); None otherwise,
    also for a single word (:func:`match_field` reads those, with its refusals)."""
    wanted = fold(" ".join(typed.lstrip("#").split()))
    if " " not in wanted:
        return None
    exact = [f for f in fields if wanted in _spellings(f)]
    prefix = [f for f in fields if any(s.startswith(wanted) for s in _spellings(f))]
    return exact[0] if exact else prefix[0] if len(prefix) == 1 else None


def _spellings(field: Named) -> set[str]:
    """The folded forms of the field's name and of the English names the programme template
    gives it ("participation" for "Beteiligung")."""
    english = (FIELD_NAMES[field.name],) if field.name in FIELD_NAMES else ()
    names = (field.name, *english, *FIELD_ALIASES.get(field.name, ()))
    return {s for name in names for s in spellings(name)}


def trailing_field(text: str, fields: Sequence[T]) -> tuple[str, T] | None:
    """``Sportplatz #Kinderfreundliche Rahmenbedingungen`` → ("Sportplatz", the field): a field
    of action whose name has spaces, named after the last "#" of ``text``."""
    head, sep, tail = text.rpartition("#")
    found = named_in_words(tail, fields) if sep else None
    return (head.rstrip(), found) if found is not None else None
