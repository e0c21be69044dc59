"""Everything the dispatcher needs about an incoming event, in one round trip.

Each statement costs a round trip to the database (on SQLite, a hop to aiosqlite's thread);
the dispatcher used to spend six of them before a handler ran. One outer-joined SELECT answers
them all: was the event handled before, who is the sender (identity, person), which group the
chat belongs to and the sender's membership in it.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import and_, exists, literal, select
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Chat, Group, Identity, Membership, Person, ProcessedEvent


@dataclass(frozen=True)
class EventContext:
    """What is known about an event's sender and chat; ``None`` where nothing is stored."""

    processed: bool
    identity: Identity | None
    person: Person | None
    binding: Chat | None
    group: Group | None
    membership: Membership | None


async def event_context(
    session: AsyncSession,
    *,
    platform: str,
    event_id: str,
    user_id: str,
    chat_id: str | None,
) -> EventContext:
    """Load the sender and (for a group chat, ``chat_id`` given) the chat's group at once."""
    anchor = select(literal(1).label("one")).subquery()
    processed = exists().where(
        ProcessedEvent.platform == platform, ProcessedEvent.event_id == event_id
    )
    sender = (
        select(processed.label("processed"), Identity, Person)
        .select_from(anchor)
        .outerjoin(Identity, and_(Identity.platform == platform, Identity.user_id == user_id))
        .outerjoin(Person, Person.id == Identity.person_id)
    )
    if chat_id is None:
        was_processed, identity, person = (await session.execute(sender)).one()
        return EventContext(bool(was_processed), identity, person, None, None, None)
    query = (
        sender.add_columns(Chat, Group, Membership)
        .outerjoin(Chat, and_(Chat.platform == platform, Chat.chat_id == chat_id))
        .outerjoin(Group, Group.id == Chat.group_id)
        .outerjoin(
            Membership,
            and_(Membership.person_id == Person.id, Membership.group_id == Group.id),
        )
    )
    was_processed, identity, person, binding, group, membership = (
        await session.execute(query)
    ).one()
    return EventContext(bool(was_processed), identity, person, binding, group, membership)
