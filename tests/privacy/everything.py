"""A scene where one person has data in every capability's tables: ballots of an open and of
a closed round, a secret ballot, reminders pending and sent, reminder settings, a youth idea
and preference, a link code and a milestone (shared by the export and the erasure tests)."""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import func, select

from storage.models import (
    Ballot,
    Group,
    Identity,
    LinkCode,
    Measure,
    Milestone,
    Participation,
    PersonReminderSettings,
    Reminder,
    Round,
    YouthIdea,
    YouthPreference,
)
from tests.harness import Bot
from tests.unit.scheduling.helpers import berlin, run_at


async def person_of(bot: Bot, user_id: str) -> int:
    async with bot.app.sessions() as s:
        found = await s.scalar(select(Identity.person_id).where(Identity.user_id == user_id))
    assert found is not None, user_id
    return found


async def store_everything(bot: Bot, user: str, other: str, measure: int) -> None:
    """``user`` (a member, responsible for measure ``measure``) votes in open round 1 (so does
    ``other``), in secret round 2 and in round 3 (closed afterwards); sets reminder offsets,
    gets a sent and a pending nudge for ``measure``, has a youth idea and a youth preference, a
    link code and a milestone; ``other`` has a ballot and settings too (not ``user``'s data)."""
    await bot.ask("anna", "/round approval 1 2")
    await bot.ask(user, "/vote 1 1")
    await bot.ask(other, "/vote 1 2")
    await bot.ask("anna", "/round consent 1 secret")
    await bot.ask(user, "/vote 2 yes", chat="dm")
    await bot.ask("anna", "/round approval 1 2 live")
    await bot.ask(user, "/vote 3 2")
    await bot.ask("anna", "/close 3")
    await bot.ask(user, "/reminders offsets=7d,1d overdue=14d")
    await bot.ask(other, "/reminders offsets=2d")
    await bot.ask(user, f"/milestone {measure} 1.3.2027 Plan fertig")
    me = await person_of(bot, user)
    async with bot.app.sessions() as s, s.begin():
        group_id = await s.scalar(select(Group.id).order_by(Group.id))
        assert group_id is not None
        found = await s.scalar(select(Measure).where(Measure.number == measure))
        assert found is not None
        found.due_on = date(2027, 2, 18)
        s.add(
            YouthIdea(
                group_id=group_id,
                number=1,
                title="Graffitiwand",
                description=f"Idee von {user.capitalize()}",
                proposer_id=me,
                state="pending",
                created_at=bot.clock.now(),
            )
        )
        s.add(YouthPreference(person_id=me, anonymous=True))
    await bot.app.reminders.plan()
    await run_at(bot, berlin(2027, 2, 11, 9, 0))  # the 7-day nudge goes out; the 1-day one waits
    # After the tick: the tick also runs the daily purge, which rightly drops expired link codes.
    await bot.ask(user, "/link", chat="dm")
    await check_stored(bot, me)


async def check_stored(bot: Bot, person_id: int) -> None:
    """The scene really stored something in every table it means to."""
    async with bot.app.sessions() as s:

        async def n(model: Any, *where: Any) -> int:
            return int(await s.scalar(select(func.count()).select_from(model).where(*where)) or 0)

        assert await n(Ballot, Ballot.voter_id == person_id) == 2  # rounds 1 and 3
        assert await n(Ballot, Ballot.voter_id.is_(None)) == 1  # the secret one
        assert await n(Participation, Participation.person_id == person_id) == 3
        assert (
            await n(Reminder, Reminder.person_id == person_id, Reminder.sent_at.is_not(None)) >= 1
        )
        assert await n(Reminder, Reminder.person_id == person_id, Reminder.sent_at.is_(None)) >= 1
        assert await n(PersonReminderSettings, PersonReminderSettings.person_id == person_id) == 1
        assert await n(YouthIdea, YouthIdea.proposer_id == person_id) == 1
        assert await n(YouthPreference, YouthPreference.person_id == person_id) == 1
        assert await n(LinkCode, LinkCode.person_id == person_id) == 1
        assert await n(Milestone, Milestone.created_by == person_id) == 1
        assert await n(Round, Round.closed_at.is_not(None)) == 1
