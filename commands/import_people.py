"""The responsible column ("Verantwortlich") of a list sent with the chat's /import.

A cell that names one member of the group by their whole name (umlauts in any spelling, as
/assign reads them) makes that member responsible, as /assign does. A cell that says what the
export wrote for the person responsible now (their name, or "Jugendvertretung" for a minor)
changes nothing, nor does an empty one. A cell naming nobody in the group (an office, a typo,
a pseudonym), several members or a guest changes nothing either, and the check says so: the
office has its own column, and /assign does the rest.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from bot.i18n import N_, Translator
from bot.parsing import spellings
from bot.roles import OBSERVER
from bot.values import quoted
from storage.models import Measure, Membership, Person

NOBODY = N_("no member has this name")
SEVERAL = N_("several members have this name")
GUEST = N_("a guest cannot be responsible")


@dataclass(frozen=True)
class Handover:
    """A change of the person responsible, as the list asks for it."""

    old: Person | None
    new: Person


@dataclass(frozen=True)
class Kept:
    """A responsible cell that changes nothing, and why (for the check)."""

    number: int  # the measure's, or for a new measure the row's
    text: str
    why: str
    new_row: bool = False


class Members:
    """The group's members, to read responsible cells with. ``shown`` names a person as the
    export did (pseudonyms kept)."""

    def __init__(
        self, members: list[tuple[Person, Membership]], shown: Callable[[Person], str]
    ) -> None:
        self._members = [(p, m) for p, m in members if p.forgotten_at is None]
        self._shown = shown
        self._by_id = {p.id: p for p, _m in self._members}

    def read(self, text: str, measure: Measure | None) -> Person | str | None:
        """The member ``text`` makes responsible for ``measure`` (None: a new measure); None
        when it changes nothing; else why it is kept (a message id)."""
        if not text:
            return None
        current = self._by_id.get(measure.responsible_id or -1) if measure else None
        wanted = spellings(text)
        if current is not None and (
            wanted & spellings(self._shown(current)) or wanted & spellings(current.display_name)
        ):
            return None
        found = [(p, m) for p, m in self._members if wanted & spellings(p.display_name)]
        if not found:
            return NOBODY
        if len(found) > 1:
            return SEVERAL
        person, membership = found[0]
        if membership.role == OBSERVER:
            return GUEST
        return None if current is not None and person.id == current.id else person


def kept_line(tr: Translator, kept: list[Kept], shown: int) -> str:
    """The check's note on responsible cells taken over by nobody."""
    parts = [
        tr.t(
            N_("row {row}: {name} ({why})") if k.new_row else N_("no. {number}: {name} ({why})"),
            row=k.number,
            number=k.number,
            name=quoted(k.text[:60], tr.lang),
            why=tr.t(k.why),
        )
        for k in kept[:shown]
    ]
    if len(kept) > shown:
        parts.append("…")
    return tr.t(
        N_(
            "Not taken from the column Verantwortlich: {cells}. /assign <number> <name> makes "
            "someone responsible; an office goes in the column Federführung."
        ),
        cells="; ".join(parts),
    )
