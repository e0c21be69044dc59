"""The storage contract, run on SQLite and on PostgreSQL (when TEST_DATABASE_URL is set)."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.db import make_sessionmaker
from storage.migrate import current_revision, head_revision, upgrade
from storage.models import Base, Identity, Measure, ProcessedEvent
from storage.repo import groups as group_repo
from storage.repo import people
from storage.repo.system import DatabaseKeyValueStore
from tests.harness import Bot

NOW = datetime(2027, 3, 28, 0, 30, tzinfo=UTC)


async def test_migrations_reach_head_and_match_models(backend_engine: AsyncEngine) -> None:
    await upgrade(backend_engine)
    assert await current_revision(backend_engine) == head_revision()
    from alembic.autogenerate import compare_metadata
    from alembic.migration import MigrationContext

    def diff(conn):  # type: ignore[no-untyped-def]
        return compare_metadata(MigrationContext.configure(conn), Base.metadata)

    async with backend_engine.connect() as conn:
        differences = await conn.run_sync(diff)
    assert differences == []


async def test_upgrade_twice_is_harmless(backend_engine: AsyncEngine) -> None:
    await upgrade(backend_engine)
    await upgrade(backend_engine)
    assert await current_revision(backend_engine) == head_revision()


async def test_datetimes_come_back_aware_utc(backend_engine: AsyncEngine) -> None:
    await upgrade(backend_engine)
    sessions = make_sessionmaker(backend_engine)
    berlin = NOW.astimezone(ZoneInfo("Europe/Berlin"))
    async with sessions() as s, s.begin():
        s.add(ProcessedEvent(platform="p", event_id="1", processed_at=berlin))
    async with sessions() as s:
        got = await s.scalar(select(ProcessedEvent.processed_at))
    assert got == NOW and got.tzinfo is not None and got.utcoffset() == timedelta(0)


async def test_identity_unique_per_platform_user(backend_engine: AsyncEngine) -> None:
    await upgrade(backend_engine)
    sessions = make_sessionmaker(backend_engine)
    async with sessions() as s, s.begin():
        await people.create_person(s, "telegram", "42", "Anna", NOW)
    with pytest.raises(IntegrityError):
        async with sessions() as s, s.begin():
            await people.create_person(s, "telegram", "42", "Anna again", NOW)
    async with sessions() as s:
        assert await s.scalar(select(func.count()).select_from(Identity)) == 1


async def test_foreign_keys_enforced(backend_engine: AsyncEngine) -> None:
    await upgrade(backend_engine)
    sessions = make_sessionmaker(backend_engine)
    with pytest.raises(IntegrityError):
        async with sessions() as s, s.begin():
            s.add(Identity(person_id=999, platform="x", user_id="y", display_name=""))


async def test_measure_numbers_unique_under_concurrency(backend_engine: AsyncEngine) -> None:
    await upgrade(backend_engine)
    sessions = make_sessionmaker(backend_engine)
    async with sessions() as s, s.begin():
        group = await group_repo.create_group(
            s, name="G", programme="kfk", lang="de", tz="Europe/Berlin", fields=[], now=NOW
        )
    group_id = group.id

    async def propose(i: int) -> None:
        async with sessions() as s, s.begin():
            number = await group_repo.next_measure_number(s, group_id)
            s.add(
                Measure(
                    group_id=group_id, number=number, title=f"M{i}", created_at=NOW, updated_at=NOW
                )
            )

    await asyncio.gather(*(propose(i) for i in range(20)))
    async with sessions() as s:
        numbers = sorted((await s.scalars(select(Measure.number))).all())
    assert numbers == list(range(1, 21))


async def test_key_value_store_round_trip(backend_engine: AsyncEngine) -> None:
    from bot.clock import FakeClock

    await upgrade(backend_engine)
    store = DatabaseKeyValueStore(make_sessionmaker(backend_engine), FakeClock(NOW))
    assert await store.get("matrix:next_batch") is None
    await store.set("matrix:next_batch", "s1")
    await store.set("matrix:next_batch", "s2")
    assert await store.get("matrix:next_batch") == "s2"


async def test_whole_flow_on_backend(backend_bot: Bot) -> None:
    codes = await backend_bot.group_with(lea="youth", max="member")
    assert codes
    assert "Warteschlange" in await backend_bot.ask("lea", "/propose Skatepark #beteil")
    assert "Maßnahme 1" in await backend_bot.ask("anna", "/accept 1")
    assert "Maßnahme 2" in await backend_bot.ask("max", "/propose Infoflyer | für Eltern #info")
    listing = await backend_bot.ask("anna", "/measures")
    assert "Skatepark" in listing and "Jugendidee" in listing and "Infoflyer" in listing
    assert "für Eltern" in await backend_bot.ask("anna", "/show 2")


async def test_duplicate_event_on_backend(backend_bot: Bot) -> None:
    await backend_bot.ask("anna", "/setup Musterstadt")
    results = await asyncio.gather(
        *(backend_bot.app.dispatcher.handle(_message("dup-1")) for _ in range(3))
    )
    assert results == [None, None, None]
    async with backend_bot.app.sessions() as s:
        assert await s.scalar(select(func.count()).select_from(Measure)) == 1


def _message(event_id: str):  # type: ignore[no-untyped-def]
    from bot.events import ChatRef, Message, UserRef

    return Message(
        ChatRef("memory", "group"), UserRef("memory", "anna", "Anna"), "/propose Park", event_id
    )
