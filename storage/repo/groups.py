"""Groups, their chats, fields of action and invites."""

from __future__ import annotations

import functools
from datetime import datetime
from typing import Any, NamedTuple, cast

from sqlalchemy import (
    Select,
    String,
    Table,
    bindparam,
    func,
    literal,
    select,
    union_all,
    update,
)
from sqlalchemy import cast as cast_
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.dml import ReturningUpdate

from bot.parsing import same_words, title_skeleton
from storage.models import (
    Chat,
    FieldOfAction,
    Group,
    GroupEvent,
    ImportDraft,
    Invite,
    Measure,
    Reminder,
    YouthIdea,
)


async def chat_binding(session: AsyncSession, platform: str, chat_id: str) -> Chat | None:
    """The binding of a platform chat to a group, if any."""
    return await session.scalar(
        select(Chat).where(Chat.platform == platform, Chat.chat_id == chat_id)
    )


async def group_by_id(session: AsyncSession, group_id: int) -> Group | None:
    return await session.get(Group, group_id)


@functools.cache
def _fields_of() -> Select[FieldOfAction]:
    return (
        select(FieldOfAction)
        .where(FieldOfAction.group_id == bindparam("group_id"))
        .order_by(FieldOfAction.position, FieldOfAction.id)
    )


async def fields_of(session: AsyncSession, group_id: int) -> list[FieldOfAction]:
    return list(await session.scalars(_fields_of(), {"group_id": group_id}))


async def field_users(session: AsyncSession, group_id: int) -> dict[int, list[tuple[str, int]]]:
    """Which measures and waiting youth ideas use each field of action: field id →
    ("measure", number) and ("idea", number) pairs, in number order. (An idea decided on is in
    its measure, or turned down; it does not keep a field.)"""
    query = union_all(
        select(Measure.field_id, literal("measure"), Measure.number).where(
            Measure.group_id == group_id, Measure.field_id.is_not(None)
        ),
        select(YouthIdea.field_id, literal("idea"), YouthIdea.number).where(
            YouthIdea.group_id == group_id,
            YouthIdea.state == "pending",
            YouthIdea.field_id.is_not(None),
        ),
    )
    users: dict[int, list[tuple[str, int]]] = {}
    for field_id, kind, number in sorted(await session.execute(query), key=lambda r: r[2]):
        if field_id is not None:
            users.setdefault(field_id, []).append((kind, number))
    return users


async def chats_of(session: AsyncSession, group_id: int, kind: str | None = None) -> list[Chat]:
    query = select(Chat).where(Chat.group_id == group_id)
    if kind:
        query = query.where(Chat.kind == kind)
    return list(await session.scalars(query.order_by(Chat.id)))


async def invite_by_code(session: AsyncSession, code: str) -> Invite | None:
    return await session.scalar(select(Invite).where(Invite.code == code))


async def open_invites(session: AsyncSession, group_id: int, now: datetime) -> list[Invite]:
    """The group's invite codes that someone could still join with, oldest first."""
    rows = await session.scalars(
        select(Invite)
        .where(
            Invite.group_id == group_id,
            Invite.used_at.is_(None),
            Invite.revoked_at.is_(None),
            Invite.expires_at > now,
        )
        .order_by(Invite.id)
    )
    return list(rows)


async def next_measure_number(session: AsyncSession, group_id: int) -> int:
    """Atomically take the next measure number of a group (safe under concurrency)."""
    result = await session.execute(_next_measure_number(), {"group_id": group_id})
    return int(result.scalar_one())


class TakenNumber(NamedTuple):
    """What :func:`take_measure_number` reads in one statement."""

    number: int
    repeated: int | None
    titled: list[Titled]


class Titled(NamedTuple):
    """A measure whose title is a new one's in other case, accents, punctuation or spacing."""

    number: int
    status: str
    title: str


async def take_measure_number(
    session: AsyncSession, group_id: int, *, proposer_id: int, title: str, since: datetime
) -> TakenNumber:
    """The next measure number (as :func:`next_measure_number`) and, in the same statement, the
    number of a measure titled ``title`` that ``proposer_id`` proposed in this group at or after
    ``since`` (a message sent twice), else None, and the group's measures whose title is
    ``title`` in other words (:func:`titled_alike`). A caller that refuses the repeat rolls
    back, and the number is not used up. Case aside, compared in Python with Unicode casefold
    ("STRASSE" is "Straße", "ÄPFEL" is "Äpfel"), which SQLite's lower() does not know."""
    values = {"group_id": group_id, "proposer_id": proposer_id, "since": since}
    number, recent, titles = (await session.execute(_take_measure_number(), values)).one()
    return TakenNumber(int(number), same_title(recent, title), titled_alike(titles, title))


def titled_alike(titles: str | None, title: str) -> list[Titled]:
    """The measures among ``titles`` (``number<US>status<US>title`` entries joined by RS, as
    :func:`group_titles` reads them) whose title is ``title`` in other case, accents,
    punctuation or spacing (:func:`same_words`), by number."""
    found = []
    key = title_skeleton(title)
    for entry in (titles or "").split(ENTRIES):
        number, _, rest = entry.partition(FIELDS)
        status, _, other = rest.partition(FIELDS)
        if title_skeleton(other) == key and number.isdecimal() and same_words(other, title):
            found.append(Titled(int(number), status, other))
    return sorted(found)


def same_title(recent: str | None, title: str) -> int | None:
    """The highest number among ``recent`` (``number<US>title`` entries joined by RS, as
    :func:`_recent_measures` reads them) whose title is ``title``, case aside."""
    wanted = title.casefold()
    found = [
        int(number)
        for entry in (recent or "").split(ENTRIES)
        for number, _, other in [entry.partition(FIELDS)]
        if number.isdecimal() and other.casefold() == wanted
    ]
    return max(found, default=None)


# Separators no title holds: a title's whitespace is folded to single spaces when it is
# typed, and Python counts these as whitespace.
FIELDS, ENTRIES = "\x1f", "\x1e"


@functools.cache
def _take_measure_number() -> ReturningUpdate[int, str | None, str | None]:
    return _next_measure_number().returning(_recent_measures(), group_titles())


def group_titles() -> Any:
    """A scalar subquery: the measures in the group ``:group_id``, as :func:`numbered_titles`
    reads them."""
    c = cast(Table, Measure.__table__).c
    return numbered_titles(c, c.status)


def numbered_titles(c: Any, status: Any, *where: Any) -> Any:
    """A scalar subquery: the rows of a numbered table (its columns ``c``: ``group_id``,
    ``number``, ``title``) in the group ``:group_id`` meeting ``where``, each as
    ``number<US>status<US>title``, joined by RS, else NULL (compared in Python, where
    "Spielplatz sanieren!" is "spielplatz sanieren" on every database)."""
    entry = cast_(c.number, String) + literal(FIELDS) + status + literal(FIELDS) + c.title
    return (
        select(func.aggregate_strings(entry, ENTRIES))
        .where(c.group_id == bindparam("group_id"), *where)
        .scalar_subquery()
    )


def _recent_measures() -> Any:
    """A scalar subquery: the measures in the group ``:group_id`` that ``:proposer_id``
    proposed at or after ``:since`` (a message sent twice would be one of them), each as
    ``number<US>title``, joined by RS (few: those of the last minutes), else NULL."""
    c = cast(Table, Measure.__table__).c
    entry = cast_(c.number, String) + literal(FIELDS) + c.title
    return (
        select(func.aggregate_strings(entry, ENTRIES))
        .where(
            c.group_id == bindparam("group_id"),
            c.proposer_id == bindparam("proposer_id"),
            c.created_at >= bindparam("since", type_=c.created_at.type),
        )
        .scalar_subquery()
    )


@functools.cache
def _next_measure_number() -> ReturningUpdate[int]:
    # On the table, not the ORM class: no object in the session holds the counter, and the
    # ORM's bulk UPDATE (autoflush, synchronising loaded objects) cost twice the statement.
    groups = cast(Table, Group.__table__)
    return (
        update(groups)
        .where(groups.c.id == bindparam("group_id"))
        .values(measure_seq=groups.c.measure_seq + 1)
        .returning(groups.c.measure_seq)
    )


async def create_group(
    session: AsyncSession,
    *,
    name: str,
    programme: str,
    lang: str,
    tz: str,
    fields: list[tuple[str, bool]],
    now: datetime,
    phase: str = "stocktaking",
) -> Group:
    """A new group with its fields of action (name, optional), in ``phase``."""
    group = Group(
        name=name,
        programme=programme,
        phase=phase,
        lang=lang,
        tz=tz,
        created_at=now,
        measure_seq=0,
    )
    session.add(group)
    await session.flush()
    for position, (field_name, optional) in enumerate(fields, start=1):
        session.add(
            FieldOfAction(group_id=group.id, position=position, name=field_name, optional=optional)
        )
    await session.flush()
    return group


async def rebind_chat(session: AsyncSession, chat: Chat, platform: str, chat_id: str) -> None:
    """Point the binding ``chat`` at another platform chat, and with it what waits for the old
    one: pending nudges that name it (the sweep posts to the group's chat as bound when it
    sends, so nothing goes to the old chat) and a file awaited there after /import."""
    old = (chat.platform, chat.chat_id)
    chat.platform, chat.chat_id = platform, chat_id
    await session.execute(
        update(Reminder)
        .where(
            Reminder.group_id == chat.group_id,
            Reminder.sent_at.is_(None),
            Reminder.platform == old[0],
            Reminder.chat_id == old[1],
        )
        .values(platform=platform, chat_id=chat_id)
        .execution_options(synchronize_session=False)
    )
    await session.execute(
        update(ImportDraft)
        .where(
            ImportDraft.group_id == chat.group_id,
            ImportDraft.platform == old[0],
            ImportDraft.chat_id == old[1],
        )
        .values(platform=platform, chat_id=chat_id)
        .execution_options(synchronize_session=False)
    )


async def record_group_event(
    session: AsyncSession,
    group_id: int,
    *,
    actor_id: int | None,
    subject_id: int | None,
    at: datetime,
    field: str,
    old: str = "",
    new: str = "",
    note: str = "",
) -> None:
    """Write one entry of the group's audit trail of its people (a role changed)."""
    session.add(
        GroupEvent(
            group_id=group_id,
            actor_id=actor_id,
            subject_id=subject_id,
            at=at,
            field=field,
            old=old,
            new=new,
            note=note,
        )
    )
    await session.flush()


async def group_events_of(session: AsyncSession, group_id: int) -> list[GroupEvent]:
    """The group's audit trail of its people, oldest first."""
    rows = await session.scalars(
        select(GroupEvent)
        .where(GroupEvent.group_id == group_id)
        .order_by(GroupEvent.at, GroupEvent.id)
    )
    return list(rows)
