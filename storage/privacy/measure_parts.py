"""Personal data parts for measures: proposals and responsibilities, and the audit trail.

Measures and their history are the group's record and stay; erasure unlinks the person (shown
as "former member") and replaces their names where someone typed them into the text.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from sqlalchemy import or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.i18n import N_, I18n
from storage.models import Group, Measure, MeasureEvent
from storage.privacy.erasure import (
    former_member,
    group_names,
    mentions_any,
    names_of,
    related_group_ids,
    scrub,
)
from storage.privacy.parts import Retention, affected

# Free-text columns of a measure where a person's name may have been typed.
MEASURE_TEXT = (
    "title",
    "description",
    "goal",
    "lead_office",
    "contact",
    "partners",
    "funding_source",
    "indicators",
    "resolution_body",
    "progress_note",
)
# History fields whose values name a person (never exported to someone else).
PERSON_FIELDS = frozenset({"responsible", "responsible_id", "assignee", "assigned", "proposer"})
# Where a history entry points at a person: who made the change, whom its values name.
PERSON_LINKS = (MeasureEvent.actor_id, MeasureEvent.old_person_id, MeasureEvent.new_person_id)


class MeasuresPart:
    """Measures the person proposed or is responsible for."""

    name = "measures"
    title = N_("Your measures")

    def __init__(self, i18n: I18n) -> None:
        self.i18n = i18n

    async def export(self, session: AsyncSession, person_id: int) -> dict[str, Any]:
        groups = await group_names(session)
        proposed = [
            {
                "group": groups.get(m.group_id, ""),
                "number": m.number,
                "title": m.title,
                "description": m.description,
                "origin": m.origin,
                "status": m.status,
                "proposed": m.created_at.isoformat(),
            }
            for m in await session.scalars(
                select(Measure).where(Measure.proposer_id == person_id).order_by(Measure.id)
            )
        ]
        responsible = [
            {
                "group": groups.get(m.group_id, ""),
                "number": m.number,
                "title": m.title,
                "status": m.status,
            }
            for m in await session.scalars(
                select(Measure).where(Measure.responsible_id == person_id).order_by(Measure.id)
            )
        ]
        out: dict[str, Any] = {}
        if proposed:
            out["proposed"] = proposed
        if responsible:
            out["responsible_for"] = responsible
        return out

    async def erase(self, session: AsyncSession, person_id: int, now: datetime) -> None:
        names = await names_of(session, person_id)
        groups = await related_group_ids(session, person_id)
        await session.execute(
            update(Measure).where(Measure.proposer_id == person_id).values(proposer_id=None)
        )
        await session.execute(
            update(Measure).where(Measure.responsible_id == person_id).values(responsible_id=None)
        )
        if not names or not groups:
            return
        replacement_in = await former_member(session, self.i18n)
        for measure in await session.scalars(select(Measure).where(Measure.group_id.in_(groups))):
            replacement = replacement_in(measure.group_id)
            for column in MEASURE_TEXT:
                value = getattr(measure, column)
                if value and mentions_any(value, names):
                    setattr(measure, column, scrub(value, names, replacement)[: _limit(column)])

    async def purge(
        self, session: AsyncSession, now: datetime, retention: Retention
    ) -> dict[str, int]:
        from storage.privacy.retention import unlink_in_closed_groups

        return await unlink_in_closed_groups(
            session,
            now,
            retention,
            Measure,
            ("proposer_id", "responsible_id"),
            "measures unlinked from people",
        )


async def pseudonymise_history(
    session: AsyncSession, person_id: int, pseudonym: Callable[[str], str]
) -> None:
    """Write ``pseudonym(group language)`` where the measures' history of the person's groups
    names them as a value ("responsible: — → Lena"): for someone now under 16, whose name the
    group, its report and the report's export must no longer show. A value written with the
    person it names is matched by that person (another member may have the same name); one
    written before the history kept it (migration 0019), by the name alone."""
    names = {name.casefold() for name in await names_of(session, person_id)}
    groups = await related_group_ids(session, person_id)
    if not groups:
        return
    rows = await session.execute(
        select(MeasureEvent, Group.lang)
        .join(Measure, Measure.id == MeasureEvent.measure_id)
        .join(Group, Group.id == Measure.group_id)
        .where(Measure.group_id.in_(groups), MeasureEvent.field.in_(PERSON_FIELDS))
    )
    for event, lang in rows.all():
        for column, named in (("old", event.old_person_id), ("new", event.new_person_id)):
            if named == person_id or (
                named is None and getattr(event, column).strip().casefold() in names
            ):
                setattr(event, column, pseudonym(lang))


def _limit(column: str) -> int:
    length = getattr(Measure.__table__.c[column].type, "length", None)
    return int(length) if length else 1_000_000


class MeasureEventsPart:
    """The person's entries in the measures' audit trail."""

    name = "history"
    title = N_("Your changes to measures")

    def __init__(self, i18n: I18n) -> None:
        self.i18n = i18n

    async def export(self, session: AsyncSession, person_id: int) -> dict[str, Any]:
        groups = await group_names(session)
        rows = await session.execute(
            select(MeasureEvent, Measure.number, Measure.group_id)
            .join(Measure, Measure.id == MeasureEvent.measure_id)
            .where(MeasureEvent.actor_id == person_id)
            .order_by(MeasureEvent.at, MeasureEvent.id)
        )
        changes = []
        for event, number, group_id in rows.all():
            names_someone = event.field in PERSON_FIELDS
            changes.append(
                {
                    "group": groups.get(group_id, ""),
                    "measure": number,
                    "at": event.at.isoformat(),
                    "field": event.field,
                    # Values that name a person are someone else's data: left out.
                    "old": "" if names_someone else event.old,
                    "new": "" if names_someone else event.new,
                    "note": event.note,
                }
            )
        return {"changes": changes} if changes else {}

    async def erase(self, session: AsyncSession, person_id: int, now: datetime) -> None:
        names = await names_of(session, person_id)
        groups = await related_group_ids(session, person_id)
        for link in PERSON_LINKS:
            await session.execute(
                update(MeasureEvent).where(link == person_id).values({link: None})
            )
        if not names or not groups:
            return
        replacement_in = await former_member(session, self.i18n)
        rows = await session.execute(
            select(MeasureEvent, Measure.group_id)
            .join(Measure, Measure.id == MeasureEvent.measure_id)
            .where(Measure.group_id.in_(groups))
        )
        for event, group_id in rows.all():
            replacement = replacement_in(group_id)
            for column in ("old", "new", "note"):
                value = getattr(event, column)
                if value and mentions_any(value, names):
                    setattr(event, column, scrub(value, names, replacement))

    async def purge(
        self, session: AsyncSession, now: datetime, retention: Retention
    ) -> dict[str, int]:
        from storage.privacy.retention import closed_groups_due

        due = await closed_groups_due(session, now, retention)
        if not due:
            return {"history entries unlinked from people": 0}
        measure_ids = select(Measure.id).where(Measure.group_id.in_(due))
        result = await session.execute(
            update(MeasureEvent)
            .where(
                MeasureEvent.measure_id.in_(measure_ids),
                or_(*(link.is_not(None) for link in PERSON_LINKS)),
            )
            .values({link: None for link in PERSON_LINKS})
        )
        return {"history entries unlinked from people": affected(result)}
