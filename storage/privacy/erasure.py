"""Export and erasure of one person through every part, and helpers parts share."""

from __future__ import annotations

import re
from collections.abc import Callable, Collection, Iterable, Sequence
from datetime import date, datetime
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.i18n import N_, I18n
from storage.models import Group, Identity, Measure, MeasureEvent, Membership, Person
from storage.privacy.parts import PersonalDataPart

# What replaces an erased person's name in the group's record, in the group's language.
FORMER_MEMBER = N_("former member")

# Shorter strings would match ordinary words when scrubbing free text.
MIN_SCRUB_LENGTH = 3


def iso(value: datetime | date | None) -> str | None:
    """An instant or a day as exported (ISO 8601), or None."""
    return value.isoformat() if value is not None else None


async def group_names(session: AsyncSession) -> dict[int, str]:
    """Every group's name by id, for the "group" of exported rows."""
    return {
        group_id: name for group_id, name in await session.execute(select(Group.id, Group.name))
    }


async def former_member(session: AsyncSession, i18n: I18n) -> Callable[[int | None], str]:
    """What replaces an erased person's name in a group's record: "former member" in the
    language of the group (by id)."""
    langs = {
        group_id: lang for group_id, lang in await session.execute(select(Group.id, Group.lang))
    }

    def replacement(group_id: int | None) -> str:
        return i18n(langs.get(group_id) if group_id is not None else None).t(FORMER_MEMBER)

    return replacement


async def names_of(session: AsyncSession, person_id: int) -> list[str]:
    """Every string that identifies the person: display names, platform user ids and direct
    chat ids (``scrub_order``). Read it before the identities part has run."""
    found = await account_names(session, [person_id])
    person = await session.get(Person, person_id)
    if person is not None and person.display_name:
        found.add(person.display_name)
    return scrub_order(found)


async def account_names(session: AsyncSession, person_ids: Collection[int]) -> set[str]:
    """The platform display names, user ids and direct chat ids of the accounts of
    ``person_ids`` (one query)."""
    if not person_ids:
        return set()
    rows = await session.execute(
        select(Identity.display_name, Identity.user_id, Identity.direct_chat_id).where(
            Identity.person_id.in_(sorted(person_ids))
        )
    )
    return {s for row in rows.all() for s in row if s}


def scrub_order(names: Iterable[str]) -> list[str]:
    """``names`` as ``scrub`` takes them: none shorter than ``MIN_SCRUB_LENGTH`` (it would
    match ordinary words), the longest first (a full name before the first name in it)."""
    return sorted({n for n in names if len(n) >= MIN_SCRUB_LENGTH}, key=lambda n: (-len(n), n))


def scrub(text: str, names: Sequence[str], replacement: str) -> str:
    """``text`` with every whole-word occurrence of ``names`` replaced (case-insensitive)."""
    if not text:
        return text
    for name in names:
        pattern = rf"(?<!\w){re.escape(name)}(?!\w)"
        text = re.sub(pattern, replacement, text, flags=re.IGNORECASE)
    return text


def mentions_any(text: str, names: Iterable[str]) -> bool:
    """Whether any of ``names`` occurs in ``text`` at all (not only as a whole word)."""
    lowered = text.lower()
    return any(n.lower() in lowered for n in names)


async def related_group_ids(session: AsyncSession, person_id: int) -> set[int]:
    """Groups the person is in, proposed in, is responsible in, or changed something in."""
    ids = set(
        await session.scalars(select(Membership.group_id).where(Membership.person_id == person_id))
    )
    ids.update(
        await session.scalars(
            select(Measure.group_id).where(
                (Measure.proposer_id == person_id) | (Measure.responsible_id == person_id)
            )
        )
    )
    ids.update(
        await session.scalars(
            select(Measure.group_id)
            .join(MeasureEvent, MeasureEvent.measure_id == Measure.id)
            .where(MeasureEvent.actor_id == person_id)
        )
    )
    return ids


async def export_person(
    session: AsyncSession, parts: Sequence[PersonalDataPart], person_id: int
) -> dict[str, Any]:
    """Everything stored about the person, part by part (empty parts left out); the person
    and their accounts first (erase order reversed)."""
    out: dict[str, Any] = {}
    for part in reversed(parts):
        data = await part.export(session, person_id)
        if data:
            out[part.name] = data
    return out


async def erase_person(
    session: AsyncSession, parts: Sequence[PersonalDataPart], person_id: int, now: datetime
) -> None:
    """Erase the person through every part, in order, inside the caller's transaction."""
    await session.flush()  # pending changes first, so bulk statements see and win over them
    for part in parts:
        await part.erase(session, person_id, now)
    await session.flush()
