"""SQLite through aiosqlite with one thread hop per statement instead of four.

aiosqlite runs every sqlite3 call in its worker thread; SQLAlchemy's adapter makes four such
calls per statement (create the cursor, execute, fetch all rows, close the cursor), each a round
trip between the event loop and the thread (~0.1 ms on a busy machine). Here the cursor does all
four in one call and keeps the rows, description, row count and last row id it got back; fetching
and closing then need no hop. Commit, rollback and closing the connection stay aiosqlite's own.

SQLAlchemy still owns the connection (pooling, pragmas, isolation, errors): ``install`` makes its
aiosqlite dialect open connections of this kind through the documented ``async_creator_fn``
connect parameter, with the arguments it derived from the URL.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from typing import Any

import aiosqlite
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine

_Result = tuple[Any, list[Any], int, int | None]


def _run(connection: sqlite3.Connection, sql: str, parameters: Any, many: bool) -> _Result:
    """In aiosqlite's thread: execute, fetch everything, close the cursor."""
    cursor = connection.cursor()
    try:
        if many:
            cursor.executemany(sql, parameters)
        elif parameters is None:
            cursor.execute(sql)
        else:
            cursor.execute(sql, parameters)
        description = cursor.description
        rows = cursor.fetchall() if description else []
        return description, rows, cursor.rowcount, cursor.lastrowid
    finally:
        cursor.close()


class OneHopCursor:
    """The part of aiosqlite's cursor that SQLAlchemy uses, with rows fetched at execute."""

    arraysize = 1

    def __init__(self, connection: OneHopConnection) -> None:
        self._connection = connection
        self._rows: list[Any] = []
        self._next = 0
        self.description: Any = None
        self.rowcount = -1
        self.lastrowid: int | None = None

    async def __aenter__(self) -> OneHopCursor:
        return self

    async def __aexit__(self, *_: object) -> None:
        await self.close()

    async def _call(self, sql: str, parameters: Any, many: bool) -> OneHopCursor:
        connection = self._connection
        result: _Result = await connection._execute(_run, connection._conn, sql, parameters, many)
        self.description, self._rows, self.rowcount, self.lastrowid = result
        self._next = 0
        return self

    async def execute(self, sql: str, parameters: Any = None) -> OneHopCursor:
        return await self._call(sql, parameters, False)

    async def executemany(self, sql: str, parameters: Sequence[Any]) -> OneHopCursor:
        return await self._call(sql, parameters, True)

    async def fetchone(self) -> Any:
        if self._next >= len(self._rows):
            return None
        self._next += 1
        return self._rows[self._next - 1]

    async def fetchmany(self, size: int | None = None) -> list[Any]:
        end = self._next + (size or self.arraysize)
        rows = self._rows[self._next : end]
        self._next += len(rows)
        return rows

    async def fetchall(self) -> list[Any]:
        rows = self._rows[self._next :]
        self._next = len(self._rows)
        return rows

    async def close(self) -> None:
        self._rows = []
        self._next = 0


class OneHopConnection(aiosqlite.Connection):
    """aiosqlite's connection whose cursors cost one hop per statement."""

    def cursor(self) -> OneHopCursor:  # type: ignore[override]
        return OneHopCursor(self)


def _connect(database: str, **kwargs: Any) -> OneHopConnection:
    def connector() -> sqlite3.Connection:
        return sqlite3.connect(database, **kwargs)

    connection = OneHopConnection(connector, iter_chunk_size=64)
    connection._thread.daemon = True  # as SQLAlchemy does for aiosqlite's own connections
    return connection


def _use_one_hop(_dialect: Any, _record: Any, _args: Any, params: dict[str, Any]) -> None:
    params["async_creator_fn"] = _connect


def install(engine: AsyncEngine) -> None:
    """Make ``engine`` (sqlite+aiosqlite) open one-hop connections."""
    event.listen(engine.sync_engine, "do_connect", _use_one_hop)
