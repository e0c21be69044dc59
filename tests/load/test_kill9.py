"""kill -9 in the middle of votes and nudges, then a restart.

A bot process (``tests/load/crash_bot.py``) on a SQLite file (and PostgreSQL when configured)
is fed votes while it sends due nudges; it is SIGKILLed after a share of its deliveries and
started again with every message fed anew (as a platform redelivers unconfirmed updates).

What is guaranteed, and checked here:
- Votes: a vote is acknowledged only after its unit of work (ballot, participation, and the
  record that the event was handled) committed, so every acknowledged vote is stored. After the
  restart every vote is stored exactly once; a redelivered event that had been handled is
  skipped, so no vote is counted or answered twice (a vote committed just before the kill keeps
  its ballot but may never get its answer: stored, not acknowledged).
- Nudges: the outbox marks a row sent in the transaction that releases its claim. A nudge
  whose settle committed is never sent again. A nudge sent but killed before its settle stays
  claimed by the dead worker until the claim lease (10 minutes) passes, then is sent again:
  at-least-once, with at most the dead worker's batch repeated. Every repeat carries the same
  ``Reply.key`` (the outbox's dedupe key), so the repeat is identifiable; the memory adapter
  records it, and Telegram has no idempotency key to drop it — so a Telegram user may see such
  a nudge twice. The test counts the repeats and bounds them by the batch size.
"""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sys
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from adapters.memory import MemoryAdapter
from bot.clock import FakeClock
from storage.db import make_engine
from storage.models import Ballot, Identity, Measure, Participation, Reminder
from storage.repo.reminders import CLAIM_LEASE
from tests.conftest import BACKENDS, postgres_url, reset_postgres
from tests.harness import Bot, make_app, settings_for, start_clock
from tests.unit.scheduling.helpers import berlin
from tests.voting.helpers import add_voters

ROOT = Path(__file__).resolve().parents[2]
DUE = date(2027, 2, 18)
NOW = berlin(2027, 2, 18, 9, 0)
BATCH = 5  # crash_bot's reminder batch: the most nudges one kill can leave half-done
ACK = "Ihre Stimme in Runde"


async def _prepare(bot: Bot, votes: int, nudges: int, voters: int) -> list[list[str]]:
    """A group, ``votes // voters`` open approval rounds, ``nudges`` measures due at ``DUE``;
    returns the vote messages ``[user, text, event_id]``, rounds interleaved."""
    await bot.ask("anna", "/setup Musterstadt")
    for title in ("Skatepark", "Bänke", "Jugendraum"):
        await bot.ask("anna", f"/propose {title}")
    names = await add_voters(bot, voters)
    rounds = votes // voters
    for n in range(rounds):
        opened = await bot.ask("anna", f'/round approval 1 2 3 title="Teil {n + 1}"')
        assert "ist eröffnet" in opened
    now = bot.clock.now()
    async with bot.app.sessions() as session, session.begin():
        ids = list(
            await session.scalars(select(Identity.person_id).where(Identity.user_id.in_(names)))
        )
        session.add_all(
            Measure(
                group_id=1,
                number=4 + n,
                title=f"Maßnahme {4 + n}",
                status="adopted",
                due_on=DUE,
                responsible_id=ids[n % len(ids)],
                created_at=now,
                updated_at=now,
            )  # fmt: skip
            for n in range(nudges)
        )
    bot.clock.set(berlin(2027, 2, 17, 10, 0))
    await bot.app.reminders.plan()
    said = []
    for v in range(voters):
        for r in range(1, rounds + 1):
            said.append([names[v], f"/vote {r} {1 + (v + r) % 3}", f"vote-{r}-{v}"])
    return said


async def _run_child(
    url: str, out: Path, messages: Path, now: str, kill_after: int | None
) -> tuple[int, bool]:
    """Start crash_bot; SIGKILL it after ``kill_after`` deliveries (None: let it finish).
    Returns (deliveries it announced, whether it finished)."""
    child = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "tests.load.crash_bot", url, str(out), str(messages), now,
        cwd=ROOT, stdout=asyncio.subprocess.PIPE,
    )  # fmt: skip
    assert child.stdout is not None
    seen = 0
    finished = False
    try:
        while True:
            line = await asyncio.wait_for(child.stdout.readline(), timeout=300)
            if not line:
                break
            if line.strip() == b"sent":
                seen += 1
                if kill_after is not None and seen >= kill_after:
                    os.kill(child.pid, signal.SIGKILL)
                    break
            elif line.strip() == b"done":
                finished = True
        await asyncio.wait_for(child.wait(), timeout=60)
    finally:
        if child.returncode is None:
            child.kill()
            await child.wait()
    return seen, finished


async def _kill_and_restart(
    backend: str, tmp_path: Path, votes: int, nudges: int, voters: int
) -> None:
    if backend == "sqlite":
        url = f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}"
        engine = make_engine(url)
    else:
        url = postgres_url() or ""
        engine = make_engine(url)
        await reset_postgres(engine)
    clock: FakeClock = start_clock()
    app = make_app(settings_for(tmp_path, DATABASE_URL=url), clock, engine=engine)
    adapter = app.add_adapter(MemoryAdapter())
    assert isinstance(adapter, MemoryAdapter)
    async with app:
        said = await _prepare(Bot(app, adapter, clock), votes, nudges, voters)
    messages = tmp_path / "messages.jsonl"
    messages.write_text("\n".join(json.dumps(m) for m in said) + "\n", encoding="utf-8")
    out = tmp_path / "deliveries.jsonl"
    out.touch()

    kill_after = (votes + nudges) * 2 // 5
    seen, finished = await _run_child(url, out, messages, NOW.isoformat(), kill_after)
    assert not finished and seen >= kill_after
    before = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    # The restart comes after the claim lease, so the dead worker's claims count as abandoned.
    later = (NOW + CLAIM_LEASE * 2).isoformat()
    _, finished = await _run_child(url, out, messages, later, None)
    assert finished
    deliveries = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]

    acked_before = {d["reply_to"] for d in before if d["reply_to"] and ACK in d["text"]}
    async with app.sessions() as session:
        ballots = int(await session.scalar(select(func.count()).select_from(Ballot)) or 0)
        participations = int(
            await session.scalar(select(func.count()).select_from(Participation)) or 0
        )
        unsettled = int(
            await session.scalar(
                select(func.count())
                .select_from(Reminder)
                .where(Reminder.due_at <= NOW, Reminder.sent_at.is_(None))
            )
            or 0
        )
    await engine.dispose()

    # Votes: everything stored once; nothing answered twice; every acknowledgement stands.
    assert ballots == votes and participations == votes
    answers = Counter(d["reply_to"] for d in deliveries if d["reply_to"])
    assert max(answers.values()) == 1, "no vote answered twice"
    assert all(ACK in d["text"] for d in deliveries if d["reply_to"]), "no apology, no refusal"
    unanswered = votes - len(answers)
    assert unanswered <= 1, "only a vote committed in the instant of the kill may lack its answer"

    # Nudges: every one delivered; repeats only of the dead worker's last batch, same key.
    sent = [d["key"] for d in deliveries if not d["reply_to"]]
    nudge_keys = Counter(k for k in sent if ":due:" in k)
    # Besides the due-date nudges only catch-up summaries: the scene plans weekly digests from
    # January on (/round re-plans at once) and then jumps to February, so the stale digests are
    # folded into one summary instead of being sent one by one.
    assert all(k.startswith("summary:") for k in sent if ":due:" not in k), sent
    assert len(nudge_keys) == nudges and unsettled == 0
    repeated = sum(n - 1 for n in nudge_keys.values())
    assert repeated <= BATCH
    print(
        f"\n{backend}: killed after {seen} deliveries ({len(acked_before)} votes acknowledged, "
        f"{sum(1 for d in before if not d['reply_to'])} nudges sent); after restart: "
        f"{ballots} ballots, {unanswered} vote(s) stored without answer, {len(nudge_keys)} nudges, "
        f"{repeated} sent twice (same key)"
    )


@pytest.mark.parametrize("backend", BACKENDS)
async def test_kill9_mid_votes_and_nudges_quick(backend: str, tmp_path: Path) -> None:
    await _kill_and_restart(backend, tmp_path, votes=100, nudges=50, voters=50)


@pytest.mark.slow
@pytest.mark.parametrize("backend", BACKENDS)
async def test_kill9_mid_1000_votes_and_500_nudges(backend: str, tmp_path: Path) -> None:
    await _kill_and_restart(backend, tmp_path, votes=1_000, nudges=500, voters=100)
