"""The dispatcher keeps who-is-who in memory (SQLite); every change must reach the next command.

The cache is only correct because SQLite triggers bump the context epoch in every transaction
that changes a person, an identity, a chat binding, a group or a membership, whichever process
writes. Each test here would fail if a change slipped past the epoch.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text

from adapters.memory import MemoryAdapter
from bot.clock import FakeClock
from bot.events import UserRef
from storage.db import make_engine
from storage.models import Chat, Group, Identity, Membership, Person
from tests.harness import Bot, make_app, settings_for


def cache_of(bot: Bot):  # type: ignore[no-untyped-def]
    cache = bot.app.services.context_cache
    assert cache is not None, "SQLite must use the context cache"
    return cache


async def test_a_busy_chat_is_answered_from_the_cache(bot: Bot) -> None:
    await bot.group_with(ben="member")
    await bot.ask("ben", "/measures")
    hits = cache_of(bot).hits
    answers = [await bot.ask("ben", f"/propose Bank Nummer {n}") for n in range(1, 6)]
    # Taking the next measure number changes the group row, but not who-is-who.
    assert cache_of(bot).hits >= hits + 5
    assert [a.split(" „")[0] for a in answers] == [f"Maßnahme {n}" for n in range(1, 6)]


async def test_a_new_group_language_shows_in_the_next_answer(bot: Bot) -> None:
    await bot.group_with(ben="member")
    assert "Keine Maßnahmen" in await bot.ask("ben", "/measures")
    await bot.ask("anna", "/lang en")
    assert "No measures found" in await bot.ask("ben", "/measures")


async def test_a_removed_member_is_refused_at_once(bot: Bot) -> None:
    await bot.group_with(ben="member")
    assert "ist vorgeschlagen" in await bot.ask("ben", "/propose Radweg")
    await bot.ask("anna", "/remove Ben")
    answer = await bot.ask("ben", "/propose Noch ein Radweg")
    assert "ist vorgeschlagen" not in answer
    assert "nur Mitglieder" in answer


async def test_someone_joining_is_a_member_in_their_next_message(bot: Bot) -> None:
    await bot.ask("anna", "/setup Musterstadt")
    assert "nur Mitglieder" in await bot.ask("ben", "/propose Radweg")  # stranger, cached
    code = await bot.invite("anna", "member")
    await bot.ask("ben", f"/join {code}")
    assert "ist vorgeschlagen" in await bot.ask("ben", "/propose Radweg")


async def test_a_new_display_name_is_stored_and_shown(bot: Bot) -> None:
    await bot.group_with(ben="member")
    await bot.ask("ben", "/measures")
    bot.user = lambda name: UserRef(bot.adapter.name, name, "Benjamin B.")  # type: ignore[method-assign]
    await bot.ask("ben", "/measures")
    bot.user = lambda name: UserRef(bot.adapter.name, name, name.capitalize())  # type: ignore[method-assign]
    members = await bot.ask("anna", "/members")
    assert "Benjamin B." in members


@pytest.fixture
async def file_bot(tmp_path: Path, clock: FakeClock):  # type: ignore[no-untyped-def]
    settings = settings_for(tmp_path, DATABASE_URL=f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}")
    app = make_app(settings, clock)
    adapter = MemoryAdapter()
    app.add_adapter(adapter)
    async with app:
        yield Bot(app, adapter, clock), tmp_path / "bot.db"


async def test_a_change_by_another_process_shows_in_the_next_answer(file_bot) -> None:  # type: ignore[no-untyped-def]
    bot, path = file_bot
    await bot.group_with(ben="member")
    assert "Keine Maßnahmen" in await bot.ask("ben", "/measures")
    other = make_engine(f"sqlite+aiosqlite:///{path}")  # e.g. a maintenance command
    try:
        async with other.begin() as conn:
            await conn.execute(text("UPDATE groups SET lang = 'en'"))
    finally:
        await other.dispose()
    assert "No measures found" in await bot.ask("ben", "/measures")


async def test_the_triggers_watch_every_column_a_context_is_made_of(file_bot) -> None:  # type: ignore[no-untyped-def]
    bot, _ = file_bot
    async with bot.app.engine.connect() as conn:
        rows = (
            await conn.execute(text("SELECT name, sql FROM sqlite_master WHERE type = 'trigger'"))
        ).all()
    triggers = {name: sql for name, sql in rows}
    for model in (Identity, Person, Chat, Group, Membership):
        table = model.__tablename__
        for what in ("insert", "delete"):
            assert f"context_epoch_{table}_{what}" in triggers
        update = triggers[f"context_epoch_{table}_update"]
        watched = update.split(" OF ", 1)[1].split(" ON ", 1)[0]
        columns = {c.strip() for c in watched.split(",")}
        expected = {c.name for c in model.__table__.columns} - {"measure_seq"}
        assert columns == expected, (
            f"{table}: a new column must be watched by the trigger (migrations 0006, 0008)"
        )
