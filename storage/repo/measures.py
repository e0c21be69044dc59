"""Measures and their audit trail."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Measure, MeasureEvent


async def measure_by_number(session: AsyncSession, group_id: int, number: int) -> Measure | None:
    return await session.scalar(
        select(Measure).where(Measure.group_id == group_id, Measure.number == number)
    )


async def list_measures(
    session: AsyncSession,
    group_id: int,
    *,
    field_id: int | None = None,
    statuses: Sequence[str] = (),
    person_id: int | None = None,
) -> list[Measure]:
    """Measures of a group by number, filtered by field, status and 'mine'."""
    query = select(Measure).where(Measure.group_id == group_id)
    if field_id is not None:
        query = query.where(Measure.field_id == field_id)
    if statuses:
        query = query.where(Measure.status.in_(statuses))
    if person_id is not None:
        query = query.where(
            or_(Measure.proposer_id == person_id, Measure.responsible_id == person_id)
        )
    return list(await session.scalars(query.order_by(Measure.number)))


def record_event(
    session: AsyncSession,
    measure: Measure,
    *,
    actor_id: int | None,
    at: datetime,
    field: str,
    old: str = "",
    new: str = "",
    note: str = "",
) -> MeasureEvent:
    """Add one audit-trail entry for ``measure``."""
    event = MeasureEvent(
        measure_id=measure.id, actor_id=actor_id, at=at, field=field, old=old, new=new, note=note
    )
    session.add(event)
    return event


async def events_of(session: AsyncSession, measure_id: int) -> list[MeasureEvent]:
    rows = await session.scalars(
        select(MeasureEvent)
        .where(MeasureEvent.measure_id == measure_id)
        .order_by(MeasureEvent.at, MeasureEvent.id)
    )
    return list(rows)
