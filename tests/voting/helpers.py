"""Shared setup for the voting tests: a group with voters and measures, table counts."""

from __future__ import annotations

from sqlalchemy import func, select

from storage.models import Ballot, Identity, Membership, Participation, Person, Round
from tests.harness import Bot

MEASURES = ("Skatepark", "Sitzbänke am Markt", "Jugendraum", "Radweg zur Schule")


async def group_with_measures(bot: Bot) -> None:
    """Anna coordinates; Max is a member, Lea and Jonas youth (both answered "16 or older"),
    Otto an observer; 4 measures."""
    await bot.group_with(max="member", lea="youth", jonas="youth", otto="observer")
    for youth in ("lea", "jonas"):
        await bot.press(youth, "age:16plus", chat="dm")
    for title in MEASURES:
        await bot.ask("anna", f"/propose {title}")


async def add_voters(bot: Bot, n: int, role: str = "member", prefix: str = "voter") -> list[str]:
    """``n`` more people in the group (written directly: joining 50 by invite is slow)."""
    now = bot.clock.now()
    names = [f"{prefix}{i}" for i in range(n)]
    async with bot.app.sessions() as s, s.begin():
        group_id = await s.scalar(select(Membership.group_id).limit(1))
        for name in names:
            person = Person(display_name=name.capitalize(), created_at=now)
            s.add(person)
            await s.flush()
            s.add(Identity(person_id=person.id, platform="memory", user_id=name, display_name=name))
            s.add(Membership(person_id=person.id, group_id=group_id, role=role, joined_at=now))
    return names


async def count(bot: Bot, table: type) -> int:
    async with bot.app.sessions() as s:
        return int(await s.scalar(select(func.count()).select_from(table)) or 0)


async def counts(bot: Bot) -> tuple[int, int, int]:
    """(rounds, ballots, participations)"""
    return await count(bot, Round), await count(bot, Ballot), await count(bot, Participation)
