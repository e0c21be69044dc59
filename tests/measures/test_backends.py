"""The storage side of measures on SQLite and PostgreSQL: audit trail, milestones, youth queue,
merging persons (/link) and import."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import func, select

from storage.models import Identity, Measure, MeasureEvent, Membership, Milestone, Person, YouthIdea
from tests.harness import Bot
from tests.measures.docs import life
from tests.measures.test_linking import other_platform, say_on


async def test_whole_life_of_a_measure_on_backend(backend_bot: Bot) -> None:
    bot = backend_bot
    await life(bot)
    await bot.ask("anna", "/assign 1 max")
    await bot.ask("anna", "/status 1 in_umsetzung")
    await bot.ask("anna", "/status 1 umgesetzt Eröffnung gefeiert")
    history = await bot.ask("anna", "/history 1")
    assert "Status: in Umsetzung → umgesetzt (Eröffnung gefeiert)" in history
    assert "verantwortlich: — → Max" in history
    bot.clock.advance(timedelta(days=1))
    report = await bot.ask("anna", "/report since=11.1.2027")
    assert "Umgesetzt (1):" in report
    async with bot.app.sessions() as s:
        assert await s.scalar(select(func.count()).select_from(Milestone)) == 1
        events = await s.scalar(select(func.count()).select_from(MeasureEvent))
        assert events is not None and events > 20
    assert "Nichts wurde geändert" in await bot.ask("anna", "/edit 2 kosten=viel amt=X")


async def test_youth_queue_on_backend(backend_bot: Bot) -> None:
    bot = backend_bot
    await bot.group_with(lea="youth")
    await bot.ask("lea", "/propose Skatepark")
    await bot.ask("lea", "/propose Kino")
    await bot.ask("anna", "/accept 2")
    await bot.ask("anna", "/reject 1 Kein Platz")
    async with bot.app.sessions() as s:
        ideas = list(await s.scalars(select(YouthIdea).order_by(YouthIdea.number)))
        assert [(i.state, i.reason) for i in ideas] == [
            ("rejected", "Kein Platz"),
            ("accepted", ""),
        ]
        m = await s.scalar(select(Measure))
        assert m is not None and m.origin == "youth" and ideas[1].measure_id == m.id


async def test_link_merges_on_backend(backend_bot: Bot) -> None:
    bot = backend_bot
    await bot.group_with(max="member")
    await bot.ask("max", "/propose Spielplatz")
    matrix = await other_platform(bot)
    await bot.ask("anna", "/invite coordinator", chat="dm")
    await say_on(matrix, "@max:m.org", "/join CODE0002")
    await bot.ask("max", "/link", chat="dm")
    assert "eine Person" in await say_on(matrix, "@max:m.org", "/link CODE0003")
    async with bot.app.sessions() as s:
        assert await s.scalar(select(func.count()).select_from(Person)) == 2
        person_ids = set(
            await s.scalars(select(Identity.person_id).where(Identity.user_id != "anna"))
        )
        assert len(person_ids) == 1
        roles = list(
            await s.scalars(select(Membership.role).where(Membership.person_id.in_(person_ids)))
        )
        assert roles == ["coordinator"]
        m = await s.scalar(select(Measure))
        assert m is not None and m.proposer_id in person_ids
    # the linked Telegram side now acts as coordinator too
    assert "Einladungscode" in await bot.ask("max", "/invite member")
