"""Everything the dispatcher needs about an incoming event, in as few round trips as possible.

Each statement costs a round trip to the database (on SQLite, hops to aiosqlite's thread). The
first statement of every unit of work records the event as handled (a second delivery fails on
the primary key at once, before any work) and, where the context cache is used, reads the
context epoch in the same statement. One outer-joined SELECT then answers who the sender is
(identity, person), which group the chat belongs to and the sender's membership in it — unless
the cache still holds that answer (storage.repo.context_cache).
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from datetime import datetime
from typing import cast

from sqlalchemy import Insert, Table, and_, insert, literal, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Chat, ContextEpoch, Group, Identity, Membership, Person, ProcessedEvent


@dataclass(frozen=True)
class EventContext:
    """What is known about an event's sender and chat; ``None`` where nothing is stored."""

    identity: Identity | None
    person: Person | None
    binding: Chat | None
    group: Group | None
    membership: Membership | None
    groups: int = 0  # in a direct chat: how many steering groups the sender is in


@functools.cache
def _mark_statement(with_epoch: bool) -> Insert:
    """Built once (its values are bind parameters): building a statement and its cache key
    costs about as much as running it on SQLite."""
    statement = insert(cast(Table, ProcessedEvent.__table__))
    if not with_epoch:
        return statement
    epochs = cast(Table, ContextEpoch.__table__)
    return statement.returning(select(epochs.c.value).where(epochs.c.id == 1).scalar_subquery())


async def mark_processed(
    session: AsyncSession, platform: str, event_id: str, now: datetime, *, epoch: bool = False
) -> int | None:
    """Record the event as handled (IntegrityError when it was before); with ``epoch``, return
    the context epoch read in the same statement."""
    values = {"platform": platform, "event_id": event_id, "processed_at": now}
    result = await session.execute(_mark_statement(epoch), values)
    if not epoch:
        return None
    value = result.scalar()
    return int(value) if value is not None else None


async def event_context(
    session: AsyncSession, *, platform: str, user_id: str, chat_id: str | None
) -> EventContext:
    """Load the sender and (for a group chat, ``chat_id`` given) the chat's group at once."""
    anchor = select(literal(1).label("one")).subquery()
    sender = (
        select(Identity, Person)
        .select_from(anchor)
        .outerjoin(Identity, and_(Identity.platform == platform, Identity.user_id == user_id))
        .outerjoin(Person, Person.id == Identity.person_id)
    )
    if chat_id is None:
        identity, person = (await session.execute(sender)).one()
        return EventContext(identity, person, None, None, None)
    query = (
        sender.add_columns(Chat, Group, Membership)
        .outerjoin(Chat, and_(Chat.platform == platform, Chat.chat_id == chat_id))
        .outerjoin(Group, Group.id == Chat.group_id)
        .outerjoin(
            Membership,
            and_(Membership.person_id == Person.id, Membership.group_id == Group.id),
        )
    )
    identity, person, binding, group, membership = (await session.execute(query)).one()
    return EventContext(identity, person, binding, group, membership)
