"""Measures and their audit trail."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from datetime import datetime

from sqlalchemy import Select, bindparam, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Measure, MeasureEvent


@functools.cache
def _by_number() -> Select[Measure]:
    return select(Measure).where(
        Measure.group_id == bindparam("group_id"), Measure.number == bindparam("number")
    )


@functools.cache
def _of_group() -> Select[Measure]:
    return select(Measure).where(Measure.group_id == bindparam("group_id"))


async def measure_by_number(session: AsyncSession, group_id: int, number: int) -> Measure | None:
    return await session.scalar(_by_number(), {"group_id": group_id, "number": number})


async def measures_by_id(session: AsyncSession, ids: Iterable[int]) -> list[Measure]:
    return list(await session.scalars(_by_ids(), {"ids": list(ids)}))


@functools.cache
def _by_ids() -> Select[Measure]:
    return select(Measure).where(Measure.id.in_(bindparam("ids", expanding=True)))


async def list_measures(
    session: AsyncSession,
    group_id: int,
    *,
    field_id: int | None = None,
    statuses: Sequence[str] = (),
    person_id: int | None = None,
) -> list[Measure]:
    """Measures of a group by number, filtered by field, status and 'mine'."""
    if field_id is None and not statuses and person_id is None:  # the common case: all of them
        return list(await session.scalars(_all_of_group(), {"group_id": group_id}))
    query = _of_group()
    if field_id is not None:
        query = query.where(Measure.field_id == field_id)
    if statuses:
        query = query.where(Measure.status.in_(statuses))
    if person_id is not None:
        query = query.where(
            or_(Measure.proposer_id == person_id, Measure.responsible_id == person_id)
        )
    rows = await session.scalars(query.order_by(Measure.number), {"group_id": group_id})
    return list(rows)


@functools.cache
def _all_of_group() -> Select[Measure]:
    return _of_group().order_by(Measure.number)


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
