"""The entries of the key-value store whose keys start with a prefix (the groups marked for a
recount, a round's notices in direct chats) are read as a range of the primary key: exactly
those keys, on SQLite and on PostgreSQL, without reading the whole table at every tick."""

from __future__ import annotations

from typing import Any

from sqlalchemy import event, text
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.db import make_sessionmaker
from storage.migrate import upgrade
from storage.models import SyncToken
from storage.repo.system import values_starting
from tests.unit.scheduling.helpers import berlin

KEYS = [
    "round-recount",
    "round-recount:1",
    "round-recount:12",
    "round-recount:",
    "round-recount;",  # the first key past those starting with "round-recount:"
    "round-recount;1",
    "round-recounts",
    "round-notice:3:5",
    "round-notice:30:5",
    "round-notice:3;",
    "50%:1",
    "50x:1",
    "matrix:next_batch",
]


async def _stored(engine: AsyncEngine) -> None:
    await upgrade(engine)
    async with make_sessionmaker(engine)() as s, s.begin():
        for key in KEYS:
            s.add(SyncToken(key=key, value=key.upper(), updated_at=berlin(2027, 1, 11, 9, 0)))


async def test_the_keys_starting_with_a_prefix_are_exactly_those(
    backend_engine: AsyncEngine,
) -> None:
    await _stored(backend_engine)
    async with make_sessionmaker(backend_engine)() as s:
        assert await values_starting(s, "round-recount:") == {
            "round-recount:": "ROUND-RECOUNT:",
            "round-recount:1": "ROUND-RECOUNT:1",
            "round-recount:12": "ROUND-RECOUNT:12",
        }
        assert await values_starting(s, "round-notice:3:") == {
            "round-notice:3:5": "ROUND-NOTICE:3:5"
        }
        assert await values_starting(s, "50%:") == {"50%:1": "50%:1"}  # no wildcard
        assert await values_starting(s, "round-notice:4:") == {}


async def test_the_keys_starting_with_a_prefix_are_read_with_the_primary_key(
    backend_engine: AsyncEngine,
) -> None:
    """Not every key of the table: the query is a range of the primary key's index, in byte
    order on PostgreSQL whatever the database's locale (in a German one, "round-recount:5"
    would sort after "round-recount;" and drop out of the range)."""
    await _stored(backend_engine)
    sent: list[tuple[str, Any]] = []

    def on_statement(_conn: Any, _cursor: Any, sql: str, params: Any, *_: Any) -> None:
        sent.append((sql, params))

    event.listen(backend_engine.sync_engine, "before_cursor_execute", on_statement)
    try:
        async with make_sessionmaker(backend_engine)() as s:
            await values_starting(s, "round-recount:")
    finally:
        event.remove(backend_engine.sync_engine, "before_cursor_execute", on_statement)
    ((sql, params),) = sent
    async with backend_engine.connect() as conn:
        if conn.dialect.name == "sqlite":
            plan = (await conn.exec_driver_sql("EXPLAIN QUERY PLAN " + sql, params)).all()
            assert "sqlite_autoindex_sync_tokens_1" in str(plan), plan
        else:
            # A small table would be scanned whatever the indexes; ask whether it can use one.
            await conn.execute(text("SET enable_seqscan = off"))
            plan = (await conn.exec_driver_sql("EXPLAIN " + sql, params)).all()
            assert "Index Scan using pk_sync_tokens" in str(plan), plan
            collation = await conn.scalar(
                text(
                    "SELECT collation_name FROM information_schema.columns "
                    "WHERE table_name = 'sync_tokens' AND column_name = 'key'"
                )
            )
            assert collation == "C"
