"""Milestones, events across a group, the youth queue and youth preferences."""

from __future__ import annotations

import functools
from datetime import date, datetime
from typing import Any, NamedTuple, cast

from sqlalchemy import (
    Insert,
    Select,
    Table,
    bindparam,
    func,
    insert,
    or_,
    select,
    true,
)
from sqlalchemy.ext.asyncio import AsyncSession

from bot.parsing import same_words
from bot.statuses import RESTING
from storage.models import Group, Measure, MeasureEvent, Milestone, YouthIdea, YouthPreference
from storage.repo.groups import Titled, group_titles, numbered_titles, titled_alike


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


class IdeaFacts(NamedTuple):
    """What :func:`new_idea_facts` reads in one statement."""

    number: int
    anonymous: bool
    repeated: int | None
    measures: list[Titled]  # the measures with that title, by number
    waiting: list[int]  # the ideas of others with that title waiting for a decision


async def new_idea_facts(
    session: AsyncSession, group_id: int, person_id: int, *, title: str, since: datetime
) -> IdeaFacts:
    """For a new youth idea, in one statement: the group's next queue number (the unique
    constraint guards against a race), whether the proposer chose to be shown only as
    "Jugendvertretung", the number of an idea saying ``title`` (in other case, punctuation
    or emoji: :func:`same_words`) they sent at or after ``since`` (a message sent twice) or
    that still waits for a decision (sent again because nothing seemed to happen), else None,
    and the measures and waiting ideas saying ``title`` in other words."""
    values = {"group_id": group_id, "person_id": person_id, "since": since}
    rows = (await session.execute(_new_idea_facts(), values)).all()
    top, anonymous, measures, waiting = rows[0][:4]
    # A row per idea of theirs that may be the same (few: those waiting, those just sent).
    repeated = next(
        (row[4] for row in rows if row[5] is not None and same_words(row[5], title)),
        None,
    )
    return IdeaFacts(
        int(top or 0) + 1,
        bool(anonymous),
        repeated,
        titled_alike(measures, title),
        [m.number for m in titled_alike(waiting, title)],
    )


@functools.cache
def _new_idea_facts() -> Select[
    int | None, bool | None, str | None, str | None, int | None, str | None
]:
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
    c = cast(Table, YouthIdea.__table__).c
    # The ideas waiting for a decision, as the measures are read (their state for a status).
    waiting = numbered_titles(c, c.state, c.state == "pending")
    facts = select(
        top.label("top"),
        anonymous.label("anonymous"),
        group_titles().label("measures"),
        waiting.label("waiting"),
    ).subquery()
    # Compared in Python, where "Basketballkorb!!" is "basketballkorb" on every database.
    theirs = (
        select(c.number, c.title)
        .where(
            c.group_id == bindparam("group_id"),
            c.proposer_id == bindparam("person_id"),
            or_(c.created_at >= bindparam("since", type_=c.created_at.type), c.state == "pending"),
        )
        .subquery()
    )
    return (
        select(
            facts.c.top,
            facts.c.anonymous,
            facts.c.measures,
            facts.c.waiting,
            theirs.c.number,
            theirs.c.title,
        )
        .select_from(facts.outerjoin(theirs, true()))
        .order_by(theirs.c.number.desc())
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
