"""The reminder sweep: claiming what is due must not slow down as the outbox grows.

Run: ``python -m bench reminder_sweep`` (or ``python -m bench.reminder_sweep``). For each
backend — a SQLite file, and PostgreSQL when BENCH_DATABASE_URL or TEST_DATABASE_URL is set
(in scratch databases ``steerbot_bench_sweep_*`` on that server, dropped afterwards) — two
outboxes are filled directly (SQLite: ``executemany`` in one transaction; PostgreSQL: ``COPY``
through asyncpg), one with 1,000 and one with 1,000,000 pending rows, of which exactly 100 are
due now and the rest due in the future. The figure is the median time of the real
:func:`storage.repo.reminders.claim_due` claiming those 100 rows (each try rolled back); the
floor is the same with 1,000 rows. Both are filled before anything is timed (PostgreSQL then
runs a ``CHECKPOINT``, so that writing the fill out does not meet the claims), and the claims
alternate between the two, so that a change in the machine's load meets both. Target: ratio
≤ 1.5.
The query plan of the claim statement (captured as it is sent) is printed and kept, to show
the partial index ``ix_reminders_pending`` is used.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import event, insert, text
from sqlalchemy.exc import DBAPIError
from sqlalchemy.ext.asyncio import AsyncEngine

from bench.common import postgres_server_url, row, scratch_postgres
from storage.db import make_engine, make_sessionmaker
from storage.models import Base, Group
from storage.repo.reminders import claim_due

SMALL = 1_000
LARGE = 1_000_000
DUE = 100
TRIES = 15
TARGET = 1.5
NOW = datetime(2027, 3, 1, 9, 0, tzinfo=UTC)
COLUMNS = (
    "id", "dedupe_key", "group_id", "kind", "subject", "payload", "due_at", "planned_at",
    "next_try_at", "late", "attempts", "last_error", "created_at",
)  # fmt: skip


def records(count: int) -> Iterator[tuple[Any, ...]]:
    """``count`` pending rows: the first :data:`DUE` due a minute ago, the rest spread over
    the next year (never due at :data:`NOW`)."""
    for i in range(1, count + 1):
        if i <= DUE:
            due = NOW - timedelta(minutes=1)
        else:
            due = NOW + timedelta(hours=1, seconds=(i * 31) % (365 * 86400))
        yield (i, f"bench:{i}", 1, "measure_due", "measure", "{}", due, NOW, due, False, 0, "", NOW)


def _sqlite_time(value: datetime) -> str:
    # SQLAlchemy's SQLite DateTime storage format (UTCDateTime stores naive UTC there).
    return value.astimezone(UTC).replace(tzinfo=None).strftime("%Y-%m-%d %H:%M:%S.%f")


async def _create_schema(engine: AsyncEngine) -> None:
    async with engine.begin() as conn:
        await conn.run_sync(Base.metadata.create_all)
        await conn.execute(
            insert(Group).values(id=1, name="Bench", lang="en", measure_seq=0, created_at=NOW)
        )


def fill_sqlite(path: Path, count: int) -> None:
    """Replace the outbox rows with ``count`` new ones, one transaction, ``executemany``."""
    conn = sqlite3.connect(path)
    try:
        with conn:
            conn.execute("DELETE FROM reminders")
            conn.executemany(
                f"INSERT INTO reminders ({', '.join(COLUMNS)}) VALUES ({', '.join('?' * len(COLUMNS))})",
                (
                    (
                        *r[:6],
                        _sqlite_time(r[6]),
                        _sqlite_time(r[7]),
                        _sqlite_time(r[8]),
                        0,
                        0,
                        "",
                        _sqlite_time(r[12]),
                    )
                    for r in records(count)
                ),
            )
        conn.execute("ANALYZE")
        # Move the bulk write out of the WAL into the database file, as a long-running bot's
        # automatic checkpoints would; otherwise every read searches a WAL of ~1 GB.
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()


async def fill_postgres(engine: AsyncEngine, count: int) -> None:
    """Replace the outbox rows with ``count`` new ones through ``COPY``."""
    async with engine.begin() as conn:
        await conn.execute(text("TRUNCATE reminders"))
        raw = await conn.get_raw_connection()
        driver = raw.driver_connection
        assert driver is not None
        await driver.copy_records_to_table(
            "reminders", records=records(count), columns=list(COLUMNS)
        )
    async with engine.connect() as conn:
        auto = await conn.execution_options(isolation_level="AUTOCOMMIT")
        await auto.execute(text("VACUUM ANALYZE reminders"))
        # Write the fill out now, not while the claims are timed (needs a superuser or
        # pg_checkpoint; without that, the next automatic checkpoint does it).
        with contextlib.suppress(DBAPIError):
            await auto.execute(text("CHECKPOINT"))


class Claims:
    """Times ``claim_due`` on one outbox (each try rolled back) and keeps the statement sent."""

    def __init__(self, engine: AsyncEngine) -> None:
        self.engine = engine
        self.sessions = make_sessionmaker(engine)
        self.times: list[float] = []
        self.sent: list[tuple[str, Any]] = []

    def capture(
        self, _conn: Any, _cursor: Any, statement: str, parameters: Any, _ctx: Any, _many: bool
    ) -> None:
        if " UPDATE REMINDERS " in " " + " ".join(statement.upper().split()) + " ":
            self.sent.append((statement, parameters))

    async def once(self, timed: bool) -> None:
        async with self.sessions() as session:
            started = time.perf_counter()
            claimed = await claim_due(session, "bench", NOW, limit=DUE)
            if timed:
                self.times.append(time.perf_counter() - started)
            await session.rollback()
        if len(claimed) != DUE:
            raise AssertionError(f"claimed {len(claimed)} rows, {DUE} were due")

    async def plan(self) -> list[str]:
        """The query plan of the claim statement as it was sent to the database."""
        statement, parameters = self.sent[-1]
        explain = "EXPLAIN QUERY PLAN " if self.engine.dialect.name == "sqlite" else "EXPLAIN "
        async with self.engine.connect() as conn:
            result = await conn.exec_driver_sql(explain + statement, parameters)
            plan = [" | ".join(str(c) for c in r) for r in result.all()]
            await conn.rollback()
        return plan


async def time_claims(engines: dict[int, AsyncEngine]) -> dict[str, Any]:
    """Median seconds of ``claim_due`` per outbox size (of :data:`TRIES` claims each), the
    claims taking turns between the outboxes, and each claim statement's query plan."""
    claims = {count: Claims(engine) for count, engine in engines.items()}
    for c in claims.values():
        event.listen(c.engine.sync_engine, "before_cursor_execute", c.capture)
    try:
        for attempt in range(TRIES + 1):  # the first, untimed, brings the pages into the cache
            for c in claims.values():
                await c.once(timed=attempt > 0)
    finally:
        for c in claims.values():
            event.remove(c.engine.sync_engine, "before_cursor_execute", c.capture)
    figures: dict[str, Any] = {}
    for count, c in claims.items():
        figures[f"claim_{count}_s"] = statistics.median(c.times)
        figures[f"plan_{count}"] = await c.plan()
    return figures


async def _sqlite(tmp: Path) -> dict[str, Any]:
    engines, fills = {}, {}
    for count in (SMALL, LARGE):
        path = tmp / f"sweep-{count}.db"
        engines[count] = make_engine(f"sqlite+aiosqlite:///{path}")
        await _create_schema(engines[count])
        await engines[count].dispose()
        fills[count] = functools.partial(asyncio.to_thread, fill_sqlite, path, count)
    return await _measure(engines, fills)


async def _postgres(server: str) -> dict[str, Any]:
    async with (
        scratch_postgres(server, f"steerbot_bench_sweep_{SMALL}") as small,
        scratch_postgres(server, f"steerbot_bench_sweep_{LARGE}") as large,
    ):
        engines = {SMALL: make_engine(small), LARGE: make_engine(large)}
        try:
            fills = {}
            for count, engine in engines.items():
                await _create_schema(engine)
                fills[count] = functools.partial(fill_postgres, engine, count)
            return await _measure(engines, fills)
        finally:
            for engine in engines.values():
                await engine.dispose()


async def _measure(engines: dict[int, AsyncEngine], fills: dict[int, Any]) -> dict[str, Any]:
    figures: dict[str, Any] = {}
    for count, fill in fills.items():
        started = time.perf_counter()
        await fill()
        figures[f"fill_{count}_s"] = time.perf_counter() - started
        await engines[count].dispose()  # fresh connections see the new statistics
    figures.update(await time_claims(engines))
    for engine in engines.values():
        await engine.dispose()
    return figures


def run() -> dict[str, Any]:
    """Both backends (PostgreSQL when configured); one table row each."""
    result: dict[str, Any] = {"small": SMALL, "large": LARGE, "due": DUE, "backends": {}}
    with tempfile.TemporaryDirectory(prefix="steerbot-sweep-") as tmp:
        result["backends"]["sqlite"] = asyncio.run(_sqlite(Path(tmp)))
    server = postgres_server_url()
    if server is not None:
        result["backends"]["postgresql"] = asyncio.run(_postgres(server))
    rows = []
    for backend, figures in result["backends"].items():
        plan = figures[f"plan_{LARGE}"]
        uses_index = any("ix_reminders_pending" in line for line in plan)
        print(f"-- {backend}: plan of the claim statement with {LARGE:,} pending rows")
        for line in plan:
            print(f"   {line}")
        print(
            f"   claim {DUE} of {SMALL:,}: {figures[f'claim_{SMALL}_s'] * 1000:.2f} ms; "
            f"of {LARGE:,}: {figures[f'claim_{LARGE}_s'] * 1000:.2f} ms "
            f"(fill {figures[f'fill_{LARGE}_s']:.1f} s)"
        )
        rows.append(
            row(
                f"reminder sweep {backend}: claim {DUE} due of {LARGE:,} (ms)",
                figures[f"claim_{LARGE}_s"] * 1000,
                figures[f"claim_{SMALL}_s"] * 1000,
                unit="ms",
                target=TARGET,
                note=f"floor: same claim with {SMALL:,} pending rows; "
                f"plan uses ix_reminders_pending: {'yes' if uses_index else 'NO'}; "
                f"fill of {LARGE:,} rows {figures[f'fill_{LARGE}_s']:.1f} s",
                extra={"uses_index": uses_index, "plan": plan},
            )
        )
        if not uses_index:
            rows[-1]["passed"] = False
    result["rows"] = rows
    return result


if __name__ == "__main__":
    run()
