"""A notice to one person about what someone else did — made them responsible or took it from
them, moved their due date, decided on their idea, changed their role, marked them as under 16
or not, took them out of the group, left them the coordination — waits for the end of their
quiet hours.

The answer to whoever typed the command goes out at once; the notice to the other person is sent
at once too, unless their quiet hours (``/reminders quiet=``, else the group's, else
20:00–07:00) hold it: then it is stored as an outbox row (``Reminder`` of subject ``NOTICE``)
due when they end, in the same unit of work as the change, and the reminder engine sends it then
like a nudge — claimed, sent under the row's key and settled once, so a restart in between
neither loses nor repeats it; one to a member who has left the group by then is not sent (but
the one telling them they were taken out of it is, unless they are back by then). Only the quiet
hours hold a notice: a weekend or a pause of reminders does not (it is news, not a reminder).
The operator's command line, which sends nothing itself, leaves its notices as such rows too,
due at once (:func:`notice_from_outside`; to the group chat: :func:`post_from_outside`): the
running bot sends them at its next sweep.

A notice that a stored text cannot hold (a round's result, with its chart) is kept as what it is
about instead (:func:`hold_made`: the name of its maker and the id of its subject) and made again
when it goes out, by the maker of that name the engine was given (``ReminderEngine(makers=…)``,
wired in ``bot/app.py``); gone by then (the round, the group), it is not sent.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Awaitable, Callable, Collection, Sequence
from datetime import datetime
from enum import Enum
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.context import Context
from bot.events import ChatRef, Reply, SentRef
from bot.reminders import held_until
from bot.scheduling.content import payload_of
from bot.scheduling.planner import PlannedRow
from bot.scheduling.policies import group_policy, person_policy
from bot.services import Services
from storage.models import Group, Reminder
from storage.repo import people
from storage.repo import reminders as repo
from storage.repo.system import DatabaseKeyValueStore

#: The kind and subject of a held notice's outbox row.
NOTICE = "notice"
#: The payload entry of a notice made again when it goes out: the name of its maker.
MADE_BY = "made_by"
#: The payload entry of a notice to a group's chat, not to a person.
IN_GROUP_CHAT = "in_group_chat"
#: The payload entry of a notice whose sent message is kept to be edited later: the key in
#: the key-value store (:func:`keep_sent`).
KEEP_SENT = "keep_sent"

#: Makes a held notice (``MADE_BY``) again when it goes out, from its row (``subject_id``:
#: what it is about), in the recipient's language; None when that is gone: nothing is sent.
NoticeMaker = Callable[[AsyncSession, Services, Reminder], Awaitable[Reply | None]]


async def quiet_until(
    session: AsyncSession, group: Group, person_id: int, now: datetime
) -> datetime | None:
    """When the quiet hours ``person_id`` is in at ``now`` end (their own, else the
    group's), or None when they are not in them."""
    base = group_policy(group, await repo.group_settings(session, group.id))
    policy = person_policy(base, await repo.person_settings(session, person_id))
    return held_until(now, policy)


class Unread(Enum):
    """:func:`tell_when_awake`'s ``until`` not read by its caller: it reads it."""

    QUIET_HOURS = "unread"


async def tell_when_awake(
    ctx: Context,
    person_id: int,
    group: Group,
    reply: Reply,
    *,
    fallback: ChatRef | None = None,
    fallback_reply: Reply | None = None,
    taken_out: bool = False,
    topic: str | None = None,
    known: str | None = None,
    also: Sequence[str] = (),
    by: datetime | None = None,
    keep: str | None = None,
    until: datetime | None | Unread = Unread.QUIET_HOURS,
) -> None:
    """Send ``reply`` to ``person_id`` (as ``Context.send_to_person``) after commit, or, in
    their quiet hours, store it to go out when they end (with its buttons, if any).
    ``until``: :func:`quiet_until` for them now, when the caller has read it already.

    A notice to a member is not sent once they have left the group by then. ``taken_out``:
    the notice that they are no longer in it (someone took them out): it goes out although
    they are no member, but not once they have come back by then (it would say they are out).
    ``topic`` and ``known``: what the notice is about (``responsible:<measure id>``) and what
    the person knew of it before (see :func:`take_back`), kept with a held notice; ``also``:
    what ``reply`` tells beyond its topic (a measure taken from them with a role), as lines or
    as entries its caller writes out again (``commands.member_roles._taken``), kept with it to
    be told still by the notice that takes it back. ``by``:
    news that is no use later (a round closing then) is sent at once when the quiet hours end
    only after it. ``keep``: the key under which the sent message's reference is kept, now
    or when it goes out (:func:`keep_sent`), to edit it later (a round's notice, once closed).
    """
    if isinstance(until, Unread):
        until = await quiet_until(ctx.session, group, person_id, ctx.now)
    if until is None or (by is not None and by <= until):
        ctx.send_to_person(
            person_id,
            reply,
            fallback=fallback,
            fallback_reply=fallback_reply,
            on_sent=keep_sent(ctx.services, keep) if keep is not None else None,
        )
        return
    await hold(
        ctx.session,
        group,
        person_id,
        reply,
        ctx.now,
        until,
        fallback=fallback,
        fallback_reply=fallback_reply,
        taken_out=taken_out,
        topic=topic,
        known=known,
        also=also,
        keep=keep,
    )


def keep_sent(services: Services, key: str) -> Callable[[SentRef], Awaitable[None]]:
    """An ``on_sent`` callback that keeps a sent message's reference under ``key`` in the
    key-value store, as JSON ``[platform, chat id, thread id, message id]``."""
    store = DatabaseKeyValueStore(services.sessions, services.clock)

    async def kept(ref: SentRef) -> None:
        await store.set(key, json.dumps(ref.stored()))

    return kept


async def notice_from_outside(
    session: AsyncSession,
    group: Group,
    person_id: int,
    reply: Reply,
    now: datetime,
    *,
    topic: str | None = None,
    known: str | None = None,
    also: Sequence[str] = (),
) -> None:
    """Leave ``reply`` for ``person_id`` from outside a chat (the operator's command line, which
    sends nothing itself): stored in ``session`` as an outbox row that the running bot sends at
    its next sweep (within a minute), or when their quiet hours end; ``topic``, ``known`` and
    ``also`` as for :func:`tell_when_awake`."""
    until = await quiet_until(session, group, person_id, now)
    await hold(
        session, group, person_id, reply, now, until or now, topic=topic, known=known, also=also
    )


async def post_from_outside(
    session: AsyncSession, group: Group, reply: Reply, now: datetime
) -> None:
    """Leave ``reply`` for ``group``'s chat from outside a chat (the operator's command line):
    an outbox row the running bot posts there at its next sweep, or when the group's quiet
    hours end; not at all when the group has no chat by then."""
    base = group_policy(group, await repo.group_settings(session, group.id))
    until = held_until(now, base)
    payload: dict[str, object] = {"text": reply.text, IN_GROUP_CHAT: True}
    await _add(session, group, _key(group, "chat", now, reply.text), now, until or now, payload)


async def hold(
    session: AsyncSession,
    group: Group,
    person_id: int,
    reply: Reply,
    now: datetime,
    due: datetime,
    *,
    fallback: ChatRef | None = None,
    fallback_reply: Reply | None = None,
    taken_out: bool = False,
    topic: str | None = None,
    known: str | None = None,
    also: Sequence[str] = (),
    keep: str | None = None,
) -> None:
    """Store ``reply`` to ``person_id`` as an outbox row due at ``due`` (the arguments as for
    :func:`tell_when_awake`), in the caller's unit of work."""
    payload: dict[str, object] = {"text": reply.text}
    if taken_out:
        payload["taken_out"] = True
    elif await people.membership(session, person_id, group.id) is not None:
        payload["member"] = True  # not sent once they have left the group
    if topic is not None:
        payload["topic"], payload["known"] = topic, known or ""
        if also:
            payload["also"] = list(also)
    if reply.choices:  # a question asked by someone else's change (the age, for a new youth role)
        payload["choices"] = [[c.label, c.action] for c in reply.choices if not c.opens_direct]
        # a new round's notice: its text where the platform leaves the buttons off, and that
        # the text lists them already (see Reply)
        if reply.text_without_choices is not None:
            payload["text_without_choices"] = reply.text_without_choices
        if reply.choices_listed:
            payload["choices_listed"] = True
    if fallback is not None and fallback_reply is not None:
        payload["fallback_text"] = fallback_reply.text
    if keep is not None:
        payload[KEEP_SENT] = keep
    key = _key(group, person_id, now, reply.text)
    await _add(session, group, key, now, due, payload, person_id=person_id, fallback=fallback)


def _key(group: Group, to: int | str, now: datetime, text: str) -> str:
    """The outbox key of a held notice of ``text`` to ``to`` (a person's id, or ``"chat"``:
    the group's chat) left at ``now``."""
    digest = hashlib.sha256(f"{group.id}:{to}:{now.isoformat()}:{text}".encode()).hexdigest()
    return f"{NOTICE}:{group.id}:{to}:{digest[:40]}"


async def _add(
    session: AsyncSession,
    group: Group,
    key: str,
    now: datetime,
    due: datetime,
    payload: dict[str, object],
    *,
    person_id: int | None = None,
    subject_id: int | None = None,
    fallback: ChatRef | None = None,
) -> None:
    """Store a held notice's outbox row under ``key``, due at ``due``, in ``session``."""
    row = PlannedRow(
        key=key,
        group_id=group.id,
        kind=NOTICE,
        subject=NOTICE,
        due_at=due,
        planned_at=now,
        person_id=person_id,
        subject_id=subject_id,
        platform=fallback.platform if fallback is not None else None,
        chat_id=fallback.chat_id if fallback is not None else None,
        payload=payload,
    )
    await repo.add_planned(session, [row.values(now)])


async def hold_made(
    session: AsyncSession,
    group: Group,
    person_id: int,
    now: datetime,
    *,
    made_by: str,
    subject_id: int,
) -> bool:
    """Hold a notice to ``person_id`` made again when it goes out (by the maker ``made_by``,
    about ``subject_id``) while they are in their quiet hours at ``now``, in the caller's unit
    of work. True when it is held — also when one about the same is held already, or went out
    already from a hold (a post retried after a crash: it goes once) — and False when it is to
    be sent now."""
    key = f"{NOTICE}:{group.id}:{person_id}:{made_by}:{subject_id}"
    if await repo.by_key(session, key) is not None:
        return True
    until = await quiet_until(session, group, person_id, now)
    if until is None:
        return False
    payload: dict[str, object] = {MADE_BY: made_by}
    if await people.membership(session, person_id, group.id) is not None:
        payload["member"] = True  # not sent once they have left the group
    await _add(session, group, key, now, until, payload, person_id=person_id, subject_id=subject_id)
    return True


async def take_back(
    ctx: Context, group: Group, person_id: int | None, topics: Collection[str]
) -> list[dict[str, Any]]:
    """Take back the notices held for ``person_id`` about any of ``topics`` that have not gone
    out yet: a later change to the same thing supersedes them (made responsible at 22:00 and
    no longer at 23:00: at 07:00 neither is news). Returned are their payloads, oldest first;
    the first one's ``known`` is what the person knew before all of them, so the caller tells
    the whole change in one notice, or nothing when it came back to that. ``person_id`` None:
    everyone's (a round closed early: its held announcements)."""
    return await take_back_in(ctx.session, group.id, person_id, topics)


async def take_back_in(
    session: AsyncSession, group_id: int, person_id: int | None, topics: Collection[str]
) -> list[dict[str, Any]]:
    """:func:`take_back` in ``session``, for code without a command's context."""
    wanted = set(topics)
    rows = await repo.take_back(
        session, group_id, person_id, NOTICE, lambda row: payload_of(row).get("topic") in wanted
    )
    return [payload_of(row) for row in rows]


def told_also(held: Sequence[dict[str, Any]], topic: str) -> list[str]:
    """What the notices about ``topic`` taken back (``held``) told beyond it (``also`` of
    :func:`tell_when_awake`: lines or entries), oldest first: the notice replacing them tells
    them still."""
    return [str(line) for p in held if p.get("topic") == topic for line in p.get("also") or ()]


def known_before(held: Sequence[dict[str, Any]], topic: str) -> str | None:
    """What the person knew about ``topic`` before the notices taken back (``held``), or None
    when none of them was about it."""
    return next((str(p.get("known", "")) for p in held if p.get("topic") == topic), None)
