"""Milestones, events across a group, the youth queue and youth preferences."""

from __future__ import annotations

import functools
from datetime import date, datetime
from typing import Any, cast

from sqlalchemy import Insert, Select, Table, bindparam, func, insert, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.statuses import RESTING
from storage.models import Group, Measure, MeasureEvent, Milestone, YouthIdea, YouthPreference


async def milestones_of(session: AsyncSession, measure_id: int) -> list[Milestone]:
    return list(await session.scalars(_milestones_of(), {"measure_id": measure_id}))


@functools.cache
def _milestones_of() -> Select[Milestone]:
    return (
        select(Milestone)
        .where(Milestone.measure_id == bindparam("measure_id"))
        .order_by(Milestone.due_on, Milestone.id)
    )


async def missed_milestones(
    session: AsyncSession, group_id: int, before: date
) -> dict[int, list[Milestone]]:
    """The milestones before ``before`` not reached, of a group's measures not resting (done,
    postponed, dropped): measure number → its missed milestones by date."""
    rows = await session.execute(
        select(Measure.number, Milestone)
        .join(Measure, Measure.id == Milestone.measure_id)
        .where(
            Measure.group_id == group_id,
            Measure.status.not_in(RESTING),
            Milestone.due_on < before,
            Milestone.reached_on.is_(None),
        )
        .order_by(Milestone.due_on, Milestone.id)
    )
    found: dict[int, list[Milestone]] = {}
    for number, stone in rows.all():
        found.setdefault(number, []).append(stone)
    return found


async def group_milestones(session: AsyncSession, group_id: int) -> list[tuple[Milestone, Measure]]:
    """Every milestone of a group's measures with its measure, by date."""
    rows = await session.execute(
        select(Milestone, Measure)
        .join(Measure, Measure.id == Milestone.measure_id)
        .where(Measure.group_id == group_id)
        .order_by(Milestone.due_on, Milestone.id)
    )
    return [(m, measure) for m, measure in rows.all()]


async def group_events_since(
    session: AsyncSession, group_id: int, since: datetime
) -> list[tuple[MeasureEvent, Measure]]:
    """Audit-trail entries of a group's measures at or after ``since``, oldest first."""
    rows = await session.execute(
        select(MeasureEvent, Measure)
        .join(Measure, Measure.id == MeasureEvent.measure_id)
        .where(Measure.group_id == group_id, MeasureEvent.at >= since)
        .order_by(MeasureEvent.at, MeasureEvent.id)
    )
    return [(e, m) for e, m in rows.all()]


async def new_idea_facts(
    session: AsyncSession, group_id: int, person_id: int, *, title: str, since: datetime
) -> tuple[int, bool, int | None]:
    """For a new youth idea, in one statement: the group's next queue number (the unique
    constraint guards against a race), whether the proposer chose to be shown only as
    "Jugendvertretung", and the number of an idea titled ``title`` they sent at or after
    ``since`` (a message sent twice) or that still waits for a decision (sent again because
    nothing seemed to happen), else None."""
    values = {"group_id": group_id, "person_id": person_id, "title": title, "since": since}
    top, anonymous, repeated = (await session.execute(_new_idea_facts(), values)).one()
    return int(top or 0) + 1, bool(anonymous), (int(repeated) if repeated is not None else None)


@functools.cache
def _new_idea_facts() -> Select[int | None, bool | None, int | None]:
    top = (
        select(func.max(YouthIdea.number))
        .where(YouthIdea.group_id == bindparam("group_id"))
        .scalar_subquery()
    )
    anonymous = (
        select(YouthPreference.anonymous)
        .where(YouthPreference.person_id == bindparam("person_id"))
        .scalar_subquery()
    )
    ideas = cast(Table, YouthIdea.__table__)
    repeated = repeated_number(ideas, "person_id", or_also=ideas.c.state == "pending")
    return select(top, anonymous, repeated)


def repeated_number(table: Table, proposer: str, or_also: Any = None) -> Any:
    """A scalar subquery: the number of the latest row of ``table`` (measures or youth ideas)
    in the group ``:group_id`` that the person bound as ``:<proposer>`` sent with the title
    ``:title`` (case aside) at or after ``:since`` — the same message sent twice — or, at any
    time, that meets ``or_also``; else NULL."""
    c = table.c
    recent = c.created_at >= bindparam("since", type_=c.created_at.type)
    return (
        select(c.number)
        .where(
            c.group_id == bindparam("group_id"),
            c.proposer_id == bindparam(proposer),
            # "spielplatz am park" right after "Spielplatz am Park" is the same message.
            func.lower(c.title) == func.lower(bindparam("title")),
            recent if or_also is None else or_(recent, or_also),
        )
        .order_by(c.number.desc())
        .limit(1)
        .scalar_subquery()
    )


async def add_idea(session: AsyncSession, **columns: Any) -> None:
    """Insert a youth idea (column values by name) as a plain statement."""
    await session.execute(_add_idea(), columns)


@functools.cache
def _add_idea() -> Insert:
    return insert(cast(Table, YouthIdea.__table__))


async def idea_by_number(session: AsyncSession, group_id: int, number: int) -> YouthIdea | None:
    return await session.scalar(
        select(YouthIdea).where(YouthIdea.group_id == group_id, YouthIdea.number == number)
    )


async def idea_of_measure(session: AsyncSession, measure_id: int) -> YouthIdea | None:
    return await session.scalar(select(YouthIdea).where(YouthIdea.measure_id == measure_id))


async def proposals_of(
    session: AsyncSession, group_id: int, person_id: int
) -> tuple[list[YouthIdea], list[Measure]]:
    """Everything ``person_id`` proposed in a group: their youth ideas (any state, oldest
    first) and the measures they proposed (by number), those taken up from an idea included."""
    ideas = await session.scalars(
        select(YouthIdea)
        .where(YouthIdea.group_id == group_id, YouthIdea.proposer_id == person_id)
        .order_by(YouthIdea.number)
    )
    measures = await session.scalars(
        select(Measure)
        .where(Measure.group_id == group_id, Measure.proposer_id == person_id)
        .order_by(Measure.number)
    )
    return list(ideas), list(measures)


async def groups_with_ideas_of(session: AsyncSession, person_id: int) -> list[Group]:
    """The groups ``person_id`` sent youth ideas to (someone in a youth chat who is no member
    has no group otherwise), in the order they first did."""
    first = (
        select(YouthIdea.group_id, func.min(YouthIdea.id).label("first"))
        .where(YouthIdea.proposer_id == person_id)
        .group_by(YouthIdea.group_id)
        .subquery()
    )
    rows = await session.scalars(
        select(Group).join(first, first.c.group_id == Group.id).order_by(first.c.first)
    )
    return list(rows)


async def pending_ideas(session: AsyncSession, group_id: int) -> list[YouthIdea]:
    rows = await session.scalars(
        select(YouthIdea)
        .where(YouthIdea.group_id == group_id, YouthIdea.state == "pending")
        .order_by(YouthIdea.number)
    )
    return list(rows)


async def is_anonymous(session: AsyncSession, person_id: int) -> bool:
    """Whether the person chose to be shown only as "Jugendvertretung" with their ideas."""
    pref = await session.get(YouthPreference, person_id)
    return pref is not None and pref.anonymous


async def set_anonymous(session: AsyncSession, person_id: int, anonymous: bool) -> None:
    pref = await session.get(YouthPreference, person_id)
    if pref is None:
        session.add(YouthPreference(person_id=person_id, anonymous=anonymous))
    else:
        pref.anonymous = anonymous
