"""Every migration can be undone, on SQLite and PostgreSQL: ``steerbot db downgrade`` takes a
database back for an older release, and what the undone migrations did not add stays."""

from __future__ import annotations

from alembic.script import ScriptDirectory
from sqlalchemy import func, inspect, select, text
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.migrate import alembic_config, current_revision, downgrade, head_revision, upgrade
from storage.models import Ballot, Group, Measure, Membership, Person, Reminder, Round
from tests.harness import Bot
from tests.voting.helpers import group_with_measures

#: What the data test counts, with the revision that made each table.
TABLES = {Group: "0001", Person: "0001", Membership: "0001", Measure: "0001"}
TABLES |= {Round: "0003", Ballot: "0003", Reminder: "0004"}


def _revisions_newest_first() -> list[str]:
    return [r.revision for r in ScriptDirectory.from_config(alembic_config()).walk_revisions()]


async def _tables(engine: AsyncEngine) -> set[str]:
    async with engine.connect() as conn:
        return set(await conn.run_sync(lambda c: inspect(c).get_table_names()))


async def test_every_migration_downgrades_to_an_empty_database_and_up_again(
    backend_engine: AsyncEngine,
) -> None:
    engine = backend_engine
    await upgrade(engine)
    at_head = await _tables(engine)
    for revision in _revisions_newest_first():
        assert await current_revision(engine) == revision
        await downgrade(engine, "-1")
    assert await current_revision(engine) is None
    assert await _tables(engine) <= {"alembic_version"}
    await upgrade(engine)
    assert await current_revision(engine) == head_revision()
    assert await _tables(engine) == at_head


async def _counts(bot: Bot, revision: str) -> dict[str, int]:
    """Rows of each counted table that exists at ``revision`` (read without the models,
    whose newer columns an older schema lacks)."""
    made = _revisions_newest_first()[::-1]
    counts = {}
    async with bot.app.engine.connect() as conn:
        for model, since in TABLES.items():
            if made.index(since) <= made.index(revision):
                table = model.__tablename__
                counts[table] = int(await conn.scalar(text(f"SELECT count(*) FROM {table}")))
    return counts


async def test_data_outlives_a_downgrade_and_the_upgrade_after_it(backend_bot: Bot) -> None:
    """A group with measures, a round with ballots and planned reminders: undoing the newest
    migration, and then each one down to the first that made those tables, loses none of
    their rows (on SQLite a table rebuilt to drop a column used to take the rows referring
    to it along), and they are all there again at the head."""
    bot = backend_bot
    await group_with_measures(bot)
    await bot.ask("anna", "/round approval 1 2 closes=12.1.2027 18:00")
    await bot.ask("max", "/vote 1 1 2")
    await bot.ask("lea", "/vote 1 1")
    await bot.ask("anna", "/assign 1 Max")
    engine = bot.app.engine
    head = head_revision()
    assert head is not None
    before = await _counts(bot, head)
    assert all(before.values()), before
    async with bot.app.sessions() as s:
        assert await s.scalar(select(func.count()).select_from(Ballot)) == 2

    await downgrade(engine, "-1")
    await upgrade(engine)
    assert await _counts(bot, head) == before

    for revision in _revisions_newest_first():
        if revision == "0004":
            break
        await downgrade(engine, "-1")
        below = await current_revision(engine)
        assert below is not None
        assert await _counts(bot, below) == before, f"downgrading {revision}"
    await upgrade(engine)
    assert await _counts(bot, head) == before
    assert "Skatepark" in await bot.ask("anna", "/measures")
