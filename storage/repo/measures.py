"""Measures and their audit trail."""

from __future__ import annotations

import functools
from collections.abc import Iterable, Sequence
from datetime import date, datetime
from typing import Any, NamedTuple, TypeVar, cast

from sqlalchemy import Insert, Row, Select, Table, bindparam, exists, insert, or_, select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased
from sqlalchemy.sql.dml import ReturningInsert

from bot.statuses import RESTING
from storage.models import FieldOfAction, Measure, MeasureEvent, Milestone, Person

_Query = TypeVar("_Query", bound="Select[*tuple[Any, ...]]")


@functools.cache
def _by_number() -> Select[Measure]:
    return select(Measure).where(
        Measure.group_id == bindparam("group_id"), Measure.number == bindparam("number")
    )


@functools.cache
def _of_group() -> Select[Measure]:
    """A group's measures by number (filters may still be added: ``_filtered``)."""
    return select(Measure).where(Measure.group_id == bindparam("group_id")).order_by(Measure.number)


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
    query = _filtered(_of_group(), field_id, statuses, person_id)
    return list(await session.scalars(query, {"group_id": group_id}))


async def measure_lines(
    session: AsyncSession,
    group_id: int,
    *,
    field_id: int | None = None,
    statuses: Sequence[str] = (),
    person_id: int | None = None,
    described: bool = False,
    overdue_on: date | None = None,
) -> list[Row[Any]]:
    """What a list shows of each measure — ``number``, ``title``, ``status``, ``origin``,
    ``field_name`` and ``field_position`` (to group by field in the group's order) and
    ``due_on``, with ``described`` also its ``description`` (to search in) — by number,
    filtered like :func:`list_measures`: one statement, plain rows (no ORM objects for what
    only gets printed). ``overdue_on``: only measures not resting (done, postponed, dropped)
    that were due before that day or have a milestone then not reached, the ones the digest
    calls overdue."""
    lines = _described_lines() if described else _lines()
    query = _filtered(lines, field_id, statuses, person_id)
    if overdue_on is not None:
        missed = exists().where(
            Milestone.measure_id == Measure.id,
            Milestone.due_on < overdue_on,
            Milestone.reached_on.is_(None),
        )
        query = query.where(
            or_(Measure.due_on < overdue_on, missed), Measure.status.not_in(RESTING)
        )
    return list((await session.execute(query, {"group_id": group_id})).all())


def _filtered(
    query: _Query, field_id: int | None, statuses: Sequence[str], person_id: int | None
) -> _Query:
    """``query`` narrowed by the filters; without any, ``query`` itself (a statement built
    once keeps its cache key: the common, unfiltered list costs no statement building)."""
    if field_id is not None:
        query = query.where(Measure.field_id == field_id)
    if statuses:
        query = query.where(Measure.status.in_(statuses))
    if person_id is not None:
        query = query.where(
            or_(Measure.proposer_id == person_id, Measure.responsible_id == person_id)
        )
    return query


@functools.cache
def _described_lines() -> Select[int, str, str, str, str | None, int | None, date | None, str]:
    return _lines().add_columns(Measure.description)


@functools.cache
def _lines() -> Select[int, str, str, str, str | None, int | None, date | None]:
    return (
        select(
            Measure.number,
            Measure.title,
            Measure.status,
            Measure.origin,
            FieldOfAction.name.label("field_name"),
            FieldOfAction.position.label("field_position"),
            Measure.due_on,
        )
        .outerjoin(FieldOfAction, FieldOfAction.id == Measure.field_id)
        .where(Measure.group_id == bindparam("group_id"))
        .order_by(Measure.number)
    )


class ShownMeasure(NamedTuple):
    """What ``/show`` reads in one statement."""

    measure: Measure
    proposer: Person | None
    responsible: Person | None
    field_name: str | None
    has_milestones: bool
    imported: bool


async def measure_for_show(
    session: AsyncSession, group_id: int, number: int
) -> ShownMeasure | None:
    """A group's measure with its proposer, the person responsible, its field's name, whether
    it has milestones (most have none: then they need no statement of their own) and whether
    it came from an imported file, in one statement; None when there is no such measure."""
    values = {"group_id": group_id, "number": number}
    found = (await session.execute(_for_show(), values)).first()
    return None if found is None else ShownMeasure(*found)


@functools.cache
def _for_show() -> Select[Measure, Person, Person, str, bool, bool]:
    proposer, responsible = aliased(Person), aliased(Person)
    has_milestones = exists().where(Milestone.measure_id == Measure.id)
    imported = exists().where(
        MeasureEvent.measure_id == Measure.id, MeasureEvent.field == "imported"
    )
    return (
        select(
            Measure,
            proposer,
            responsible,
            FieldOfAction.name,
            has_milestones.label("has_milestones"),
            imported.label("imported"),
        )
        .outerjoin(proposer, proposer.id == Measure.proposer_id)
        .outerjoin(responsible, responsible.id == Measure.responsible_id)
        .outerjoin(FieldOfAction, FieldOfAction.id == Measure.field_id)
        .where(Measure.group_id == bindparam("group_id"), Measure.number == bindparam("number"))
    )


async def add_measure(session: AsyncSession, **columns: Any) -> int:
    """Insert a measure (column values by name); its id. A plain statement: the ORM's unit of
    work costs more than the insert itself for a row nobody reads back."""
    return int((await session.execute(_add_measure(), columns)).scalar_one())


@functools.cache
def _add_measure() -> ReturningInsert[int]:
    table = cast(Table, Measure.__table__)
    return insert(table).returning(table.c.id)


async def record_event(
    session: AsyncSession,
    measure_id: int,
    *,
    actor_id: int | None,
    at: datetime,
    field: str,
    old: str = "",
    new: str = "",
    note: str = "",
    old_person_id: int | None = None,
    new_person_id: int | None = None,
) -> None:
    """Write one audit-trail entry for the measure (at once, as a plain statement);
    ``old_person_id`` and ``new_person_id``: the persons ``old`` and ``new`` name, if any."""
    values = {
        "measure_id": measure_id,
        "actor_id": actor_id,
        "at": at,
        "field": field,
        "old": old,
        "new": new,
        "note": note,
        "old_person_id": old_person_id,
        "new_person_id": new_person_id,
    }
    await session.execute(_record_event(), values)


@functools.cache
def _record_event() -> Insert:
    return insert(cast(Table, MeasureEvent.__table__))


async def status_notes(
    session: AsyncSession, measure_ids: list[int], status: str
) -> dict[int, str]:
    """The note given when each of ``measure_ids`` last went to ``status`` (where one was)."""
    if not measure_ids:
        return {}
    rows = await session.execute(
        select(MeasureEvent.measure_id, MeasureEvent.note)
        .where(
            MeasureEvent.measure_id.in_(measure_ids),
            MeasureEvent.field == "status",
            MeasureEvent.new == status,
        )
        .order_by(MeasureEvent.at, MeasureEvent.id)
    )
    last = {measure_id: note for measure_id, note in rows}  # the latest of each wins
    return {measure_id: note for measure_id, note in last.items() if note}


async def status_changed_since(
    session: AsyncSession, measure_ids: list[int], since: datetime
) -> set[int]:
    """Those of ``measure_ids`` whose status changed after ``since``."""
    if not measure_ids:
        return set()
    rows = await session.scalars(
        select(MeasureEvent.measure_id).where(
            MeasureEvent.measure_id.in_(measure_ids),
            MeasureEvent.field == "status",
            MeasureEvent.at > since,
        )
    )
    return set(rows)


async def imported_ids(session: AsyncSession, group_id: int) -> set[int]:
    """The group's measures that came from an imported file (nobody proposed them in the bot)."""
    rows = await session.scalars(
        select(MeasureEvent.measure_id)
        .join(Measure, Measure.id == MeasureEvent.measure_id)
        .where(Measure.group_id == group_id, MeasureEvent.field == "imported")
    )
    return set(rows)


async def events_of(session: AsyncSession, measure_id: int) -> list[MeasureEvent]:
    rows = await session.scalars(
        select(MeasureEvent)
        .where(MeasureEvent.measure_id == measure_id)
        .order_by(MeasureEvent.at, MeasureEvent.id)
    )
    return list(rows)
