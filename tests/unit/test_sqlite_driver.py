"""The SQLite driver answers like aiosqlite's, with one trip to its thread per statement.

SQLAlchemy's aiosqlite adapter makes four calls into aiosqlite's worker thread per statement;
storage.sqlite_driver makes one. The trips are counted where they happen (aiosqlite's queue into
the thread); the answers — rows, row counts, new ids, streamed results, errors — must be what
SQLAlchemy expects from aiosqlite.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiosqlite
import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine

from storage.db import make_engine


class Trips:
    """Counts calls into aiosqlite's worker thread, by what they run."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.names: list[str] = []
        original = aiosqlite.Connection._execute
        trips = self

        async def counted(self: aiosqlite.Connection, fn: Any, *args: Any, **kwargs: Any) -> Any:
            trips.names.append(getattr(fn, "__name__", repr(fn)))
            return await original(self, fn, *args, **kwargs)

        monkeypatch.setattr(aiosqlite.Connection, "_execute", counted)


@pytest.fixture
async def engine(tmp_path: Path) -> AsyncIterator[AsyncEngine]:
    engine = make_engine(f"sqlite+aiosqlite:///{tmp_path / 'driver.db'}")
    async with engine.begin() as conn:
        await conn.execute(
            text("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE)")
        )
    yield engine
    await engine.dispose()


async def test_a_select_is_one_trip_to_the_thread(
    engine: AsyncEngine, monkeypatch: pytest.MonkeyPatch
) -> None:
    async with engine.connect() as conn:
        await conn.execute(text("SELECT 1"))  # the connection is open and set up
        trips = Trips(monkeypatch)
        rows = (await conn.execute(text("SELECT 1 AS one, 'x' AS two"))).all()
        assert len(trips.names) == 1, trips.names
        await conn.execute(text("INSERT INTO t (name) VALUES ('a')"))
        assert len(trips.names) == 2, trips.names
    assert [tuple(r) for r in rows] == [(1, "x")]


async def test_rows_counts_and_new_ids_come_back(engine: AsyncEngine) -> None:
    async with engine.begin() as conn:
        first = await conn.execute(text("INSERT INTO t (name) VALUES ('a')"))
        second = await conn.execute(text("INSERT INTO t (name) VALUES ('b')"))
        assert (first.lastrowid, second.lastrowid) == (1, 2)
        many = await conn.execute(
            text("INSERT INTO t (name) VALUES (:name)"), [{"name": "c"}, {"name": "d"}]
        )
        assert many.rowcount == 2
        changed = await conn.execute(text("UPDATE t SET name = name || '!' WHERE id > 1"))
        assert changed.rowcount == 3
        returned = await conn.execute(text("DELETE FROM t WHERE id = 4 RETURNING name"))
        assert returned.scalars().all() == ["d!"]
        empty = await conn.execute(text("SELECT id, name FROM t WHERE id > 99"))
        assert list(empty.keys()) == ["id", "name"] and empty.all() == []
    async with engine.connect() as conn:
        names = (await conn.execute(text("SELECT name FROM t ORDER BY id"))).scalars().all()
    assert names == ["a", "b!", "c!"]


async def test_streamed_results_come_in_parts(engine: AsyncEngine) -> None:
    async with engine.begin() as conn:
        await conn.execute(
            text("INSERT INTO t (name) VALUES (:name)"), [{"name": f"n{i}"} for i in range(10)]
        )
    async with engine.connect() as conn:
        result = await conn.stream(text("SELECT name FROM t ORDER BY id"))
        parts = [[r[0] for r in part] async for part in result.partitions(4)]
    assert parts == [["n0", "n1", "n2", "n3"], ["n4", "n5", "n6", "n7"], ["n8", "n9"]]


async def test_errors_are_sqlalchemy_errors_and_the_connection_goes_on(
    engine: AsyncEngine,
) -> None:
    async with engine.connect() as conn:
        await conn.execute(text("INSERT INTO t (name) VALUES ('a')"))
        with pytest.raises(IntegrityError):
            await conn.execute(text("INSERT INTO t (name) VALUES ('a')"))
        await conn.rollback()
        await conn.execute(text("INSERT INTO t (name) VALUES ('b')"))
        await conn.commit()
    async with engine.connect() as conn:
        names = (await conn.execute(text("SELECT name FROM t"))).scalars().all()
    assert names == ["b"]  # the rolled-back 'a' is gone, 'b' is kept
