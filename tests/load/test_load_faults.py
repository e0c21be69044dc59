"""Load and faults: many people at once, and the database connection lost mid-run.

The quick tests run in ``make test``; the longer ones are marked ``slow`` (``make soak``).
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import random
import re
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import select, text
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.memory import MemoryAdapter
from bot.clock import FakeClock
from bot.events import ChatRef, Message, UserRef
from storage.db import make_engine
from storage.models import Measure
from tests.conftest import postgres_url, reset_postgres
from tests.harness import Bot, invite_code, make_app, settings_for

INCIDENT = ("incident", "Vorfall")
PROPOSED = re.compile(r"Maßnahme (\d+) „([^“]+)“ ist vorgeschlagen")
needs_postgres = pytest.mark.skipif(postgres_url() is None, reason="needs TEST_DATABASE_URL")


async def crowd(bot: Bot, people: int) -> list[str]:
    """A group (in the chat ``group``) with a coordinator and ``people - 1`` members."""
    await bot.ask("anna", "/setup Musterstadt")
    names = ["anna"]
    for n in range(1, people):
        answer = await bot.ask("anna", "/invite member")
        code = invite_code(answer)
        name = f"person{n:02d}"
        assert "Willkommen" in await bot.ask(name, f"/join {code}")
        names.append(name)
    return names


class Crowd:
    """Many messages handled at once through the dispatcher; replies matched by event id."""

    def __init__(self, bot: Bot) -> None:
        self.bot = bot
        self._ids = itertools.count(1)

    def message(self, user: str, text_: str) -> Message:
        return Message(
            ChatRef("memory", "group"),
            UserRef("memory", user, user.capitalize()),
            text_,
            f"crowd-{next(self._ids)}",
        )

    async def run(
        self, said: list[tuple[str, str]], during: asyncio.Future[None] | None = None
    ) -> dict[str, tuple[Message, list[str]]]:
        messages = [self.message(u, t) for u, t in said]
        self.bot.adapter.pop()
        await asyncio.wait_for(
            asyncio.gather(
                *(self.bot.app.dispatcher.handle(m) for m in messages),
                *([during] if during else []),
            ),
            timeout=120,  # a deadlock would hang here; fail instead
        )
        replies: dict[str, list[str]] = {m.event_id: [] for m in messages}
        for sent in self.bot.adapter.pop():
            if sent.reply.in_reply_to in replies:
                replies[sent.reply.in_reply_to].append(sent.reply.text)
        return {m.event_id: (m, replies[m.event_id]) for m in messages}


def mixed_commands(people: list[str], count: int, seed: int = 5) -> list[tuple[str, str]]:
    rng = random.Random(seed)
    said = []
    for i in range(count):
        kind = i % 4
        who = people[i % len(people)]
        if kind in (0, 1):
            said.append((who, f"/propose Idee {i:03d} von {who}"))
        elif kind == 2:
            said.append((who, "/measures"))
        else:
            said.append((who, f"/show {rng.randint(1, 3)}"))
    return said


def one_answer(text: str, replies: list[str]) -> str:
    """The one answer to a command: a list of a hundred measures comes in several messages of
    at most 3,500 characters each, every other answer in one."""
    if text == "/measures" and len(replies) > 1:
        assert all(len(r) <= 3500 for r in replies), replies
        return "\n".join(replies)
    assert len(replies) == 1, (text, replies)
    return replies[0]


async def stored_titles(engine: AsyncEngine) -> dict[str, int]:
    async with engine.connect() as conn:
        rows = await conn.execute(select(Measure.title, Measure.number))
        return {title: number for title, number in rows}


async def test_200_concurrent_commands_from_50_people(backend_bot: Bot) -> None:
    bot = backend_bot
    people = await crowd(bot, 50)
    for n in range(3):
        await bot.ask("anna", f"/propose Startidee {n}")
    said = mixed_commands(people, 200)
    results = await Crowd(bot).run(said)
    proposals = {}
    for message, replies in results.values():
        reply = one_answer(message.text, replies)
        assert not any(w in reply for w in INCIDENT), (message.text, reply)
        if message.text.startswith("/propose"):
            match = PROPOSED.search(reply)
            assert match, reply
            title = message.text.removeprefix("/propose ")
            assert match.group(2) == title
            proposals[title] = int(match.group(1))
        elif message.text == "/measures":
            assert "Startidee 0" in reply
        else:
            assert "Startidee" in reply
    assert len(proposals) == 100
    stored = await stored_titles(bot.app.engine)
    numbers = sorted(stored.values())
    assert numbers == list(range(1, 104)), "every proposal stored with its own number, no gaps"
    for title, number in proposals.items():
        assert stored[title] == number, "the number in the reply is the number stored"


@pytest.fixture
async def pg_bot(tmp_path: Path) -> AsyncIterator[Bot]:
    url = postgres_url()
    assert url is not None
    engine = make_engine(url)
    await reset_postgres(engine)
    clock = FakeClock()
    app = make_app(settings_for(tmp_path), clock, engine=engine)
    adapter = MemoryAdapter()
    app.add_adapter(adapter)
    async with app:
        yield Bot(app, adapter, clock)
    await engine.dispose()


async def terminate_other_backends() -> int:
    """Cut every other connection to the test database, as a restart of PostgreSQL would."""
    url = postgres_url()
    assert url is not None
    killer = make_engine(url)
    try:
        async with killer.connect() as conn:
            rows = await conn.execute(
                text(
                    "SELECT pg_terminate_backend(pid) FROM pg_stat_activity "
                    "WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )
            )
            return len(rows.all())
    finally:
        await killer.dispose()


@needs_postgres
async def test_the_bot_recovers_when_postgres_drops_every_connection(pg_bot: Bot) -> None:
    bot = pg_bot
    await crowd(bot, 3)
    assert "ist vorgeschlagen" in await bot.ask("anna", "/propose Vorher")
    assert await terminate_other_backends() >= 1  # the pool held at least one connection
    # pool_pre_ping notices the dead connections: the next commands simply work.
    first = await bot.ask("anna", "/propose Danach")
    second = await bot.ask("person01", "/measures")
    assert "ist vorgeschlagen" in first
    assert "Vorher" in second and "Danach" in second
    assert not any(w in first + second for w in INCIDENT)


@needs_postgres
@pytest.mark.slow
async def test_connections_dropped_in_the_middle_of_a_busy_run(pg_bot: Bot) -> None:
    """While 400 commands from 50 people run, PostgreSQL drops every connection twice: commands
    in flight may get the apology, but every acknowledged proposal is stored, no number is used
    twice, and afterwards everything works again."""
    bot = pg_bot
    people = await crowd(bot, 50)
    for n in range(3):
        await bot.ask("anna", f"/propose Startidee {n}")

    async def cut_twice() -> None:
        for _ in range(2):
            await asyncio.sleep(0)  # let the crowd start first
            for _ in range(20):
                await asyncio.sleep(0)
            await terminate_other_backends()

    said = mixed_commands(people, 400, seed=11)
    results = await Crowd(bot).run(said, during=asyncio.ensure_future(cut_twice()))
    acknowledged = {}
    failed = 0
    for message, replies in results.values():
        reply = one_answer(message.text, replies)
        if any(w in reply for w in INCIDENT):
            failed += 1
            continue
        match = PROPOSED.search(reply)
        if message.text.startswith("/propose"):
            assert match, reply
            acknowledged[match.group(2)] = int(match.group(1))
    stored = await stored_titles(bot.app.engine)
    for title, number in acknowledged.items():
        assert stored.get(title) == number, f"acknowledged {title!r} lost"
    assert len(set(stored.values())) == len(stored)
    assert failed < len(said) // 4
    after = await bot.ask("anna", "/propose Nach dem Sturm")
    assert "ist vorgeschlagen" in after


@needs_postgres
async def test_the_reminder_sweep_recovers_when_postgres_drops_every_connection(
    pg_bot: Bot,
) -> None:
    """Mid-sweep, every connection of the database is cut (as a PostgreSQL restart would).
    The sweep in hand may stop or count failures; the next sweep — nothing restarted, no
    operator — delivers everything left. A nudge is sent twice at most when its send went out
    but the cut lost the settle that records it; no nudge is lost."""
    from collections import Counter

    from sqlalchemy import func

    from storage.models import Reminder
    from tests.contract.test_reminder_workers import _many_due_nudges
    from tests.unit.scheduling.helpers import berlin

    bot = pg_bot
    count = 24
    await _many_due_nudges(bot, count)
    engine = bot.app.reminders
    engine.batch = 4
    bot.adapter.pop()
    now = berlin(2027, 2, 18, 9, 0)
    original = engine.send
    cut = asyncio.Event()
    sends = 0

    async def send_then_cut(item: object) -> None:
        nonlocal sends
        await original(item)  # type: ignore[arg-type]
        sends += 1
        if sends == count // 3 and not cut.is_set():
            cut.set()
            assert await terminate_other_backends() >= 1

    engine.send = send_then_cut
    with contextlib.suppress(Exception):  # the cut may surface here; the next sweep is the test
        await engine.sweep(now)
    assert cut.is_set()
    engine.send = original
    # Rows claimed by this worker when the cut came are still claimed; the same worker id
    # (the same process) may take them again once the lease has passed.
    from storage.repo.reminders import CLAIM_LEASE

    await engine.sweep(now + CLAIM_LEASE + CLAIM_LEASE)
    keys = Counter(s.reply.key for s in bot.adapter.pop())
    assert len(keys) == count, "every nudge delivered"
    doubled = sum(n - 1 for n in keys.values())
    print(f"nudges: {count}, delivered twice after the cut: {doubled}")
    assert doubled <= engine.batch, f"only sends whose settle was cut may repeat ({doubled})"
    async with bot.app.sessions() as session:
        unsettled = await session.scalar(
            select(func.count())
            .select_from(Reminder)
            .where(Reminder.due_at <= now, Reminder.sent_at.is_(None))
        )
    assert unsettled == 0
