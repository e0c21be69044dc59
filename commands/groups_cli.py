"""``steerbot groups``: the groups in the database by id, the number that ``export``,
``import`` and ``reminders preview`` take as ``--group``."""

from __future__ import annotations

import asyncio
from collections import defaultdict
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import func, select

from bot.config import Settings
from bot.i18n import N_
from storage.models import Chat, Group, Measure, Person

if TYPE_CHECKING:
    from sqlalchemy.ext.asyncio import AsyncSession

    from bot.services import Services


async def group_lines(settings: Settings) -> list[str]:
    """One line per group: id, name, programme, measures, chats (platform and kind), and
    when it was closed. Names no person. The schema is the newest (``bot.cli`` saw to it,
    upgrading only where no bot runs): nothing here changes it beside a running bot."""
    from bot.app import App

    app = App(settings)
    try:
        async with app.sessions() as session:
            groups = (await session.scalars(select(Group).order_by(Group.id))).all()
            counted = select(Measure.group_id, func.count()).group_by(Measure.group_id)
            counts = {gid: n for gid, n in (await session.execute(counted)).all()}
            chats: dict[int, list[str]] = defaultdict(list)
            for chat in await session.scalars(select(Chat).order_by(Chat.id)):
                chats[chat.group_id].append(f"{chat.platform} {chat.kind}")
    finally:
        await app.engine.dispose()
    width = max((len(str(g.id)) for g in groups), default=1)
    lines = []
    for group in groups:
        n = counts.get(group.id, 0)
        parts = [group.programme, f"{n} measure" if n == 1 else f"{n} measures"]
        parts.append("chats: " + (", ".join(chats[group.id]) or "none"))
        if group.closed_at is not None:
            parts.append(f"closed {group.closed_at:%Y-%m-%d}")
        lines.append(f"{group.id:>{width}}  {group.name} ({'; '.join(parts)})")
    return lines


def run(settings: Settings) -> int:
    """Print the groups; the exit code is 0 (also when there is none yet)."""
    lines = asyncio.run(group_lines(settings))
    for line in lines or ["no groups yet: /setup <town> in a group chat makes one"]:
        print(line)
    return 0


async def make_coordinator(
    settings: Settings, group_id: int, who: str, now: datetime | None = None
) -> tuple[int, str]:
    """``steerbot groups coordinator <group> <person>``: the operator makes a member of the
    group (by whole name or user id, as /role finds them) its coordinator, the way back for a
    group left without one (its only coordinator forgotten, no adult member to take it on).
    The group's reminders are planned anew at once (the digest now comes to them), and the
    new coordinator is told in their direct chat and the group in its chat by the running bot
    (see ``notice_from_outside``, ``post_from_outside``); a guest made coordinator may vote,
    so the running bot shows the open rounds with the new count (``recount_later``). Exit
    code and line."""
    from bot.app import App
    from bot.parsing import fold
    from bot.roles import CONTRIBUTORS, COORDINATOR
    from bot.scheduling import replan
    from commands.membership import members_called
    from commands.voting_announcement import recount_later
    from storage.repo import groups as group_repo
    from storage.repo import people

    app = App(settings)
    try:
        async with app.sessions() as session:
            group = await session.get(Group, group_id)
            if group is None:
                return 1, f"no group {group_id}: steerbot groups lists them"
            wanted = fold(who.strip().lstrip("@"))
            rows = await people.members_of(session, group.id)
            found = await members_called(session, rows, wanted) if wanted else []
            if len(found) != 1:
                what = "several members are" if found else "no member is"
                return 1, f"{what} called {who!r} in {group.name}: write the whole name or user id"
            person, membership = found[0]
            if membership.role == COORDINATOR:
                return 0, f"{person.display_name} already coordinates {group.name}"
            old, membership.role = membership.role, COORDINATOR
            now = now or app.clock.now()
            await group_repo.record_group_event(
                session,
                group.id,
                actor_id=None,
                subject_id=person.id,
                at=now,
                field="role",
                old=old,
                new=COORDINATOR,
                note="operator",
            )
            await _tell_new_coordinator(app.services, session, group, person, old, now)
            if old not in CONTRIBUTORS:  # a guest: one more who may vote, as /role counts
                await recount_later(session, group.id, now)
            # in this unit of work, as /role does: a running bot sends what it plans
            await replan(app.services, session, group.id, now)
            await session.commit()
    finally:
        await app.engine.dispose()
    return 0, (
        f"{person.display_name} coordinates {group.name} now; the running bot tells them in "
        "their direct chat, and the group chat"
    )


async def _tell_new_coordinator(
    services: Services,
    session: AsyncSession,
    group: Group,
    person: Person,
    old: str,
    now: datetime,
) -> None:
    """Leave the new coordinator the notice ``/role`` gives, for the running bot to send to
    their direct chat (at the end of their quiet hours, if they are in them), and the group
    chat a line saying who coordinates now. As ``/role`` does, it takes back the notices of
    earlier changes still held for their quiet hours: one notice, from the role they knew,
    with what those changes took from them."""
    from bot.events import Reply
    from bot.roles import COORDINATOR, ROLE_TOPIC
    from bot.scheduling.notices import (
        known_before,
        notice_from_outside,
        post_from_outside,
        take_back_in,
        told_also,
    )
    from commands.common import YOUTH_PSEUDONYM, is_pseudonymous
    from commands.member_roles import role_notice
    from commands.minors import AGE_QUESTION

    held = await take_back_in(session, group.id, person.id, [ROLE_TOPIC, AGE_QUESTION])
    knew = known_before(held, ROLE_TOPIC) or old
    taken = told_also(held, ROLE_TOPIC)
    if knew != COORDINATOR or taken:
        tr = services.i18n(person.lang or group.lang, informal=person.is_minor)
        told = role_notice(tr, group, COORDINATOR, taken)
        await notice_from_outside(
            session, group, person.id, Reply(told), now, topic=ROLE_TOPIC, known=knew, also=taken
        )
    # and the group chat, in its language: who coordinates now
    in_chat = services.i18n(group.lang)
    # A minor the group sees by the pseudonym is not named there (on any of its platforms).
    hidden = is_pseudonymous(person, platform="telegram", sensitive=bool(group.sensitive))
    said = in_chat.t(
        N_("Whoever runs this bot has made {name} a coordinator of {group}."),
        name=in_chat.t(YOUTH_PSEUDONYM) if hidden else person.display_name,
        group=group.name,
    )
    await post_from_outside(session, group, Reply(said), now)


def run_coordinator(settings: Settings, group_id: int, who: str) -> int:
    """Make ``who`` coordinator of group ``group_id``; prints one line."""
    code, line = asyncio.run(make_coordinator(settings, group_id, who))
    print(line)
    return code
