"""Several workers on one database deliver every nudge exactly once: two engines in one
process (SQLite and PostgreSQL) and two bot processes on the real PostgreSQL."""

from __future__ import annotations

import asyncio
import sys
from collections import Counter
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession

from adapters.memory import MemoryAdapter
from bot.scheduling import ReminderEngine, messenger_send
from storage.db import make_engine
from storage.models import Measure, Reminder
from storage.repo import reminders
from tests.conftest import postgres_url, reset_postgres
from tests.harness import Bot, make_app, settings_for, start_clock
from tests.unit.scheduling.helpers import add_measure, berlin, person_id, run_at

ROOT = Path(__file__).resolve().parents[2]
MEASURES = 24
PROCESS_MEASURES = 300  # enough work that the two processes overlap
DUE = date(2027, 2, 18)


async def _many_due_nudges(bot: Bot, count: int = MEASURES) -> None:
    """``count`` measures due on the same morning, spread over three responsible people."""
    await bot.group_with(ben="member", cara="member", dora="member")
    people = [await person_id(bot, name) for name in ("ben", "cara", "dora")]
    now = bot.clock.now()
    async with bot.app.sessions() as session, session.begin():
        session.add_all(
            Measure(
                group_id=1,
                number=n + 1,
                title=f"Maßnahme {n + 1}",
                status="adopted",
                due_on=DUE,
                responsible_id=people[n % 3],
                created_at=now,
                updated_at=now,
            )  # fmt: skip
            for n in range(count)
        )
    bot.clock.set(berlin(2027, 2, 17, 10, 0))
    await bot.app.reminders.plan()


async def _due_rows(engine: AsyncEngine) -> int:
    from sqlalchemy.ext.asyncio import async_sessionmaker

    async with async_sessionmaker(engine)() as session:
        return int(
            await session.scalar(
                select(func.count())
                .select_from(Reminder)
                .where(Reminder.due_at <= berlin(2027, 2, 18, 9, 0))
            )
            or 0
        )


async def test_two_engines_in_one_process_deliver_once(backend_bot: Bot) -> None:
    await _many_due_nudges(backend_bot)
    app = backend_bot.app
    first = app.reminders
    first.batch = 2
    second = ReminderEngine(
        app.services, send=messenger_send(app.messenger), worker_id="second", batch=2
    )
    backend_bot.adapter.pop()
    now = berlin(2027, 2, 18, 9, 0)
    reports = await asyncio.gather(first.sweep(now), second.sweep(now), first.sweep(now))
    keys = [s.reply.key for s in backend_bot.adapter.pop()]
    assert len(keys) == MEASURES
    assert Counter(keys).most_common(1)[0][1] == 1
    assert sum(r.sent for r in reports) == MEASURES
    assert await _due_rows(app.engine) == MEASURES
    # A further sweep finds nothing left.
    assert (await first.sweep(now)).messages == 0 and (await second.sweep(now)).messages == 0


async def test_a_claim_of_one_takes_one_row_when_many_are_due(backend_bot: Bot) -> None:
    """A worker with a batch of one claims one row of the 24 due, not all of them (on
    PostgreSQL the candidate query was run again for each row claimed)."""
    await _many_due_nudges(backend_bot)
    now = berlin(2027, 2, 18, 9, 0)
    async with backend_bot.app.sessions() as session, session.begin():
        first = await reminders.claim_due(session, "one", now, limit=1)
        three = await reminders.claim_due(session, "three", now, limit=3)
    assert len(first) == 1 and len(three) == 3
    assert not {r.id for r in first} & {r.id for r in three}


async def test_two_workers_claiming_one_row_at_a_time_never_share_one(backend_bot: Bot) -> None:
    """Two workers claim one row at a time until nothing is due: each claim holds one row,
    every due row is claimed once, and by one worker only. On PostgreSQL the second claims
    while the first still holds its claim open."""
    await _many_due_nudges(backend_bot)
    now = berlin(2027, 2, 18, 9, 0)
    sessions = backend_bot.app.sessions
    taken: list[tuple[str, int]] = []
    sizes: list[int] = []

    async def claim(worker: str) -> int:
        async with sessions() as session, session.begin():
            rows = await reminders.claim_due(session, worker, now, limit=1)
            sizes.append(len(rows))
            taken.extend((worker, row.id) for row in rows)
            await asyncio.sleep(0)  # the other worker's claim comes in meanwhile
            return len(rows)

    async def worker(name: str) -> None:
        while await claim(name):
            pass

    postgres = backend_bot.app.engine.dialect.name == "postgresql"
    if postgres:  # one claim open while the other claims
        async with sessions() as session, session.begin():
            held = await reminders.claim_due(session, "a", now, limit=1)
            async with sessions() as other, other.begin():
                beside = await reminders.claim_due(other, "b", now, limit=1)
            assert len(held) == 1 and len(beside) == 1 and held[0].id != beside[0].id
            taken += [("a", held[0].id), ("b", beside[0].id)]
    await asyncio.gather(worker("a"), worker("b"))
    assert max(sizes) == 1
    ids = Counter(row_id for _, row_id in taken)
    assert len(ids) == MEASURES and max(ids.values()) == 1


@pytest.mark.skipif(postgres_url() is None, reason="needs TEST_DATABASE_URL (PostgreSQL)")
async def test_two_bot_processes_on_postgresql_deliver_every_nudge_once(tmp_path: Path) -> None:
    url = postgres_url()
    assert url is not None
    engine = make_engine(url)
    await reset_postgres(engine)
    clock = start_clock()
    app = make_app(settings_for(tmp_path), clock, engine=engine)
    adapter = app.add_adapter(MemoryAdapter())
    assert isinstance(adapter, MemoryAdapter)
    async with app:
        await _many_due_nudges(Bot(app, adapter, clock), PROCESS_MEASURES)
    out = tmp_path / "delivered.tsv"
    out.touch()
    workers = [
        await asyncio.create_subprocess_exec(
            sys.executable,
            "-m",
            "tests.contract.reminder_worker",
            url,
            str(out),
            berlin(2027, 2, 18, 9, 0).isoformat(),
            name,
            cwd=ROOT,
            stdin=asyncio.subprocess.PIPE,
            stdout=asyncio.subprocess.PIPE,
        )  # fmt: skip
        for name in ("worker-a", "worker-b")
    ]
    try:
        for worker in workers:
            assert worker.stdout is not None
            line = await asyncio.wait_for(worker.stdout.readline(), timeout=60)
            assert line.strip() == b"ready"
        for worker in workers:  # both are up: let them race
            assert worker.stdin is not None
            worker.stdin.write(b"go\n")
            await worker.stdin.drain()
        results = [await asyncio.wait_for(w.communicate(), timeout=60) for w in workers]
    finally:
        for worker in workers:
            if worker.returncode is None:
                worker.kill()
    assert [w.returncode for w in workers] == [0, 0]
    done = [int(stdout.decode().split()[-1]) for stdout, _ in results]
    lines = [line.split("\t") for line in out.read_text().splitlines()]
    keys = Counter(key for key, _worker, _chat in lines)
    assert len(keys) == PROCESS_MEASURES
    assert max(keys.values()) == 1
    assert sum(done) == PROCESS_MEASURES
    # Both processes took part (a race, but 300 rows take far longer than a process wake-up).
    print("deliveries per worker:", done)
    async with app.sessions() as session:
        unsettled = await session.scalar(
            select(func.count())
            .select_from(Reminder)
            .where(Reminder.due_at <= berlin(2027, 2, 18, 9, 0), Reminder.sent_at.is_(None))
        )
    assert unsettled == 0
    await engine.dispose()


async def test_the_due_claim_walks_the_pending_index(backend_engine: AsyncEngine) -> None:
    """The claim's candidate query reads the partial index of pending rows, so a sweep costs
    what is due, not the size of the outbox's history."""
    from sqlalchemy import text

    from storage.migrate import upgrade

    await upgrade(backend_engine)
    query = (
        "SELECT id FROM reminders WHERE sent_at IS NULL AND next_try_at <= :now "
        "AND (claimed_by IS NULL OR claimed_at < :stale) ORDER BY next_try_at, id LIMIT 50"
    )
    params = {"now": berlin(2027, 2, 18, 9, 0), "stale": berlin(2027, 2, 18, 8, 50)}
    async with backend_engine.connect() as conn:
        if conn.dialect.name == "sqlite":
            params = {k: v.replace(tzinfo=None) for k, v in params.items()}
            plan = (await conn.execute(text("EXPLAIN QUERY PLAN " + query), params)).all()
        else:
            # An empty table would be scanned whatever the indexes; ask whether it can use one.
            await conn.execute(text("SET enable_seqscan = off"))
            plan = (await conn.execute(text("EXPLAIN " + query), params)).all()
    assert "ix_reminders_pending" in " ".join(str(part) for row in plan for part in row)


async def test_two_engines_post_the_coordinators_one_digest_once(
    backend_bot: Bot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Anna and Ben both read their digest in the group chat: two workers sweeping at once,
    each with one of their rows claimed (a claim takes one row, as when many are due at
    once; the first waits for the second to hold the other before it goes on to post), post
    it there once, not once each."""
    bot = backend_bot  # on SQLite and PostgreSQL
    claim_due = reminders.claim_due

    async def one_row(session: AsyncSession, worker: str, now: datetime, **_: Any) -> Any:
        return await claim_due(session, worker, now, limit=1)

    await bot.group_with(ben="coordinator")
    assert "Gruppenchat" in await bot.ask("anna", "/erinnerungen kanal=gruppe")
    assert "Gruppenchat" in await bot.ask("ben", "/erinnerungen kanal=gruppe")
    await add_measure(bot, "Spielplatz", due=date(2027, 2, 1), responsible=None)
    await bot.app.reminders.plan()
    await run_at(bot, berlin(2027, 2, 7, 12, 0))
    monkeypatch.setattr(reminders, "claim_due", one_row)
    app = bot.app
    first = app.reminders
    second = ReminderEngine(app.services, send=messenger_send(app.messenger), worker_id="second")
    both_hold = asyncio.Barrier(2)
    waited: set[str] = set()
    holding = asyncio.Event()  # the first worker holds its row

    def held_back(engine: ReminderEngine) -> Any:
        post = engine._alike

        async def when_both_hold(*args: Any) -> Any:
            if engine.worker_id not in waited:  # its first post: the other holds a row too
                waited.add(engine.worker_id)
                holding.set()
                await asyncio.wait_for(both_hold.wait(), timeout=10)
            return await post(*args)

        return when_both_hold

    for engine in (first, second):
        engine._alike = held_back(engine)  # type: ignore[method-assign]
    bot.adapter.pop()
    now = berlin(2027, 2, 8, 8, 0)  # Monday: the digest

    async def once_the_first_holds_one() -> Any:
        await holding.wait()
        return await second.sweep(now)

    await asyncio.gather(first.sweep(now), once_the_first_holds_one())
    posts = [s for s in bot.adapter.pop() if s.chat.chat_id == "group"]
    assert len(posts) == 1
    assert sorted(m.user_id for m in posts[0].reply.mention) == ["anna", "ben"]
    async with app.sessions() as session:
        outcomes = await session.scalars(
            select(Reminder.outcome).where(
                Reminder.subject == "digest", Reminder.due_at.between(now - timedelta(hours=8), now)
            )
        )
        assert sorted(str(o) for o in outcomes) == ["in_chat", "sent"]
