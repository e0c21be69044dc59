"""Storage limitation: the purge every part takes part in, and the daily job hook.

The scheduler calls :func:`purge` once a day; ``steerbot db purge [--dry-run]`` calls it too.
A dry run does everything in a transaction and rolls it back, so its counts are exact.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Group, Membership, Person
from storage.privacy.erasure import erase_person
from storage.privacy.parts import (
    PersonalDataPart,
    PurgingPart,
    Retention,
    affected,
    build_parts,
)

if TYPE_CHECKING:
    from bot.services import Services

log = logging.getLogger(__name__)

PERSONS_ERASED = "people of closed groups erased"


async def closed_groups_due(
    session: AsyncSession, now: datetime, retention: Retention
) -> list[int]:
    """Ids of groups closed longer ago than the retention period for closed groups."""
    cutoff = retention.closed_group_cutoff(now)
    rows = await session.scalars(
        select(Group.id)
        .where(Group.closed_at.is_not(None), Group.closed_at < cutoff)
        .order_by(Group.id)
    )
    return list(rows)


async def unlink_in_closed_groups(
    session: AsyncSession,
    now: datetime,
    retention: Retention,
    model: Any,
    columns: tuple[str, ...],
    label: str,
) -> dict[str, int]:
    """Clear the links to people (``columns``) of ``model``'s rows in groups closed longer
    than the retention period; the rows stay as the group's record. ``{label: rows}``."""
    due = await closed_groups_due(session, now, retention)
    if not due:
        return {label: 0}
    linked = or_(*(getattr(model, column).is_not(None) for column in columns))
    result = await session.execute(
        update(model).where(model.group_id.in_(due), linked).values(dict.fromkeys(columns))
    )
    return {label: affected(result)}


async def _people_only_in(session: AsyncSession, group_ids: list[int]) -> list[int]:
    """People whose every membership is in ``group_ids`` (nobody else needs their data)."""
    if not group_ids:
        return []
    members = set(
        await session.scalars(
            select(Membership.person_id).where(Membership.group_id.in_(group_ids))
        )
    )
    elsewhere = set(
        await session.scalars(
            select(Membership.person_id).where(
                Membership.person_id.in_(members), Membership.group_id.not_in(group_ids)
            )
        )
    )
    keep = members - elsewhere
    alive = await session.scalars(
        select(Person.id)
        .where(Person.id.in_(keep), Person.forgotten_at.is_(None))
        .order_by(Person.id)
    )
    return list(alive)


async def purge_all(
    session: AsyncSession, parts: Sequence[PersonalDataPart], now: datetime, retention: Retention
) -> dict[str, int]:
    """Erase people whose only groups outlived their period, then let every part purge."""
    counts: dict[str, int] = {}
    due = await closed_groups_due(session, now, retention)
    people = await _people_only_in(session, due)
    for person_id in people:
        await erase_person(session, parts, person_id, now)
    counts[PERSONS_ERASED] = len(people)
    for part in parts:
        if isinstance(part, PurgingPart):
            for key, n in (await part.purge(session, now, retention)).items():
                counts[key] = counts.get(key, 0) + n
    return counts


async def purge(services: Services, now: datetime, dry_run: bool = False) -> dict[str, int]:
    """The daily purge job: what outlived its retention period goes (or, dry, is counted)."""
    retention = Retention.from_settings(services.settings)
    parts = build_parts(services.i18n)
    async with services.sessions() as session:
        counts = await purge_all(session, parts, now, retention)
        if dry_run:
            await session.rollback()
        else:
            await session.commit()
    log.info("purge %s: %s", "dry run" if dry_run else "done", counts)
    return counts
