"""Groups, their chats, fields of action and invites."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession

from storage.models import Chat, FieldOfAction, Group, Invite


async def chat_binding(session: AsyncSession, platform: str, chat_id: str) -> Chat | None:
    """The binding of a platform chat to a group, if any."""
    return await session.scalar(
        select(Chat).where(Chat.platform == platform, Chat.chat_id == chat_id)
    )


async def group_by_id(session: AsyncSession, group_id: int) -> Group | None:
    return await session.get(Group, group_id)


async def fields_of(session: AsyncSession, group_id: int) -> list[FieldOfAction]:
    rows = await session.scalars(
        select(FieldOfAction)
        .where(FieldOfAction.group_id == group_id)
        .order_by(FieldOfAction.position, FieldOfAction.id)
    )
    return list(rows)


async def chats_of(session: AsyncSession, group_id: int, kind: str | None = None) -> list[Chat]:
    query = select(Chat).where(Chat.group_id == group_id)
    if kind:
        query = query.where(Chat.kind == kind)
    return list(await session.scalars(query.order_by(Chat.id)))


async def invite_by_code(session: AsyncSession, code: str) -> Invite | None:
    return await session.scalar(select(Invite).where(Invite.code == code))


async def next_measure_number(session: AsyncSession, group_id: int) -> int:
    """Atomically take the next measure number of a group (safe under concurrency)."""
    result = await session.execute(
        update(Group)
        .where(Group.id == group_id)
        .values(measure_seq=Group.measure_seq + 1)
        .returning(Group.measure_seq)
    )
    return int(result.scalar_one())


async def create_group(
    session: AsyncSession,
    *,
    name: str,
    programme: str,
    lang: str,
    tz: str,
    fields: list[tuple[str, bool]],
    now: datetime,
) -> Group:
    """A new group with its fields of action (name, optional)."""
    group = Group(name=name, programme=programme, lang=lang, tz=tz, created_at=now, measure_seq=0)
    session.add(group)
    await session.flush()
    for position, (field_name, optional) in enumerate(fields, start=1):
        session.add(
            FieldOfAction(group_id=group.id, position=position, name=field_name, optional=optional)
        )
    await session.flush()
    return group
