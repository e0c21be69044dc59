"""Builders for reminder-engine tests: people, measures and outbox rows of a harness bot."""

from __future__ import annotations

from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

from sqlalchemy import select

from adapters.memory import Sent
from storage.models import Group, Identity, Measure, Reminder
from tests.harness import Bot

BERLIN = ZoneInfo("Europe/Berlin")


def berlin(y: int, m: int, d: int, h: int = 0, mi: int = 0) -> datetime:
    """The UTC instant of a Berlin wall-clock time."""
    return datetime(y, m, d, h, mi, tzinfo=BERLIN).astimezone(UTC)


async def person_id(bot: Bot, name: str) -> int:
    async with bot.app.sessions() as session:
        found = await session.scalar(select(Identity.person_id).where(Identity.user_id == name))
    assert found is not None, name
    return found


async def group_id(bot: Bot) -> int:
    async with bot.app.sessions() as session:
        found = await session.scalar(select(Group.id).order_by(Group.id))
    assert found is not None
    return found


async def add_measure(
    bot: Bot, title: str, *, due: date | None, responsible: str | None, status: str = "adopted"
) -> Measure:
    """Propose a measure as anna, then give it a due date, a responsible person and a status
    (the /due and /assign commands belong to another capability)."""
    answer = await bot.ask("anna", f"/propose {title}")
    number = int(answer.split()[1])
    responsible_id = await person_id(bot, responsible) if responsible else None
    async with bot.app.sessions() as session, session.begin():
        measure = await session.scalar(select(Measure).where(Measure.number == number))
        assert measure is not None
        measure.due_on = due
        measure.responsible_id = responsible_id
        measure.status = status
    return measure


async def set_measure(bot: Bot, measure_id: int, **values: object) -> None:
    async with bot.app.sessions() as session, session.begin():
        measure = await session.get(Measure, measure_id)
        assert measure is not None
        for key, value in values.items():
            setattr(measure, key, value)


async def set_group(bot: Bot, **values: object) -> None:
    async with bot.app.sessions() as session, session.begin():
        group = await session.get(Group, await group_id(bot))
        assert group is not None
        for key, value in values.items():
            setattr(group, key, value)


async def rows(bot: Bot, *, pending_only: bool = False) -> list[Reminder]:
    async with bot.app.sessions() as session:
        query = select(Reminder).order_by(Reminder.due_at, Reminder.dedupe_key)
        if pending_only:
            query = query.where(Reminder.sent_at.is_(None))
        return list(await session.scalars(query))


async def run_at(bot: Bot, when: datetime) -> list[Sent]:
    """Move the fake clock to ``when``, run one scheduler tick, return what was sent."""
    bot.clock.set(when)
    bot.adapter.pop()
    await bot.app.reminders.tick(when)
    return bot.adapter.pop()


def to(sent: list[Sent], chat: str) -> list[str]:
    """The texts sent to ``chat``."""
    return [s.reply.text for s in sent if s.chat.chat_id == chat]


def nothing_under(digest: str) -> list[str]:
    """The headings a digest names as empty, in its one "Ohne Einträge: …" line."""
    for line in digest.splitlines():
        if line.startswith("Ohne Einträge: "):
            return line.removeprefix("Ohne Einträge: ").split(" · ")
    return []
