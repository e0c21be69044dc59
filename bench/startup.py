"""Memory and start-up: the app on a filled SQLite file against a bare python-telegram-bot.

Run: ``python -m bench.startup``. The parent fills a SQLite file (10,000 measures in 100
groups; 100,000 ballots — 10 closed rounds of 100 voters in each group — with their
participations, when voting's ``ballots`` table exists), then starts fresh Python
processes: the app (App + memory adapter, schema check included) that answers one ``/measures``
and reports its RSS, and — the floor — a bare python-telegram-bot process (import telegram,
build an Application, no network). Start-to-ready is the wall time from spawning the process to
its "ready" line. Each is run several times; the median counts.
"""

from __future__ import annotations

import asyncio
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.common import bench_settings, has_table, row

MEASURES = 10_000
GROUPS = 100
ROUNDS_PER_GROUP = 10
VOTERS_PER_GROUP = 100
BALLOTS = GROUPS * ROUNDS_PER_GROUP * VOTERS_PER_GROUP  # 100,000
RUNS = 3
RSS_LIMIT_MB = 120.0
READY_LIMIT_S = 2.0
CHILD_TIMEOUT_S = 60


async def fill(path: Path) -> list[str]:
    """Create the schema and store the measures (and ballots when they exist); returns notes."""
    from sqlalchemy import insert

    from bot.app import App
    from storage.models import Chat, Group, Identity, Measure, Membership, Person

    notes = []
    app = App(bench_settings(path.parent, f"sqlite+aiosqlite:///{path}"))
    await app.upgrade_database()
    now = datetime(2027, 1, 11, 9, 0, tzinfo=UTC)
    per_group = MEASURES // GROUPS
    async with app.engine.begin() as conn:
        await conn.execute(
            insert(Group),
            [
                {
                    "id": g,
                    "name": f"Town {g}",
                    "lang": "en",
                    "measure_seq": per_group,
                    "created_at": now,
                }
                for g in range(1, GROUPS + 1)
            ],
        )
        await conn.execute(
            insert(Chat),
            [
                {"platform": "memory", "chat_id": f"room-{g}", "group_id": g}
                for g in range(1, GROUPS + 1)
            ],
        )
        await conn.execute(
            insert(Person),
            [
                {"id": g, "display_name": f"Coordinator {g}", "created_at": now}
                for g in range(1, GROUPS + 1)
            ],
        )
        await conn.execute(
            insert(Identity),
            [
                {
                    "person_id": g,
                    "platform": "memory",
                    "user_id": f"coord{g}",
                    "display_name": f"Coordinator {g}",
                }
                for g in range(1, GROUPS + 1)
            ],
        )
        await conn.execute(
            insert(Membership),
            [
                {"person_id": g, "group_id": g, "role": "coordinator", "joined_at": now}
                for g in range(1, GROUPS + 1)
            ],
        )
        await conn.execute(
            insert(Measure),
            [
                {
                    "group_id": g,
                    "number": n,
                    "title": f"Measure {n} of town {g}: Spielplatz am Bahnhof",
                    "description": "Ein Ort für Kinder und Jugendliche. " * 4,
                    "proposer_id": g,
                    "status": "proposed",
                    "created_at": now,
                    "updated_at": now,
                }
                for g in range(1, GROUPS + 1)
                for n in range(1, per_group + 1)
            ],
        )
    if has_table("ballots"):
        await _fill_ballots(app.engine, now)
        notes.append(
            f"{BALLOTS:,} ballots in {GROUPS * ROUNDS_PER_GROUP:,} closed rounds "
            f"({VOTERS_PER_GROUP} voters per group), with their participations"
        )
    else:
        notes.append("no ballots table on this branch (voting not merged): measures only")
    await app.engine.dispose()
    return notes


async def _fill_ballots(engine: Any, now: datetime) -> None:
    """Voters for every group, closed approval rounds, one ballot and participation each."""
    import secrets

    from sqlalchemy import insert

    from storage.models import Membership, Person
    from storage.models.voting import Ballot, Participation, Round

    per_group = MEASURES // GROUPS

    def voter(g: int, v: int) -> int:
        return 1_000 + (g - 1) * VOTERS_PER_GROUP + v

    async with engine.begin() as conn:
        await conn.execute(
            insert(Person),
            [
                {"id": voter(g, v), "display_name": f"Member {v} of town {g}", "created_at": now}
                for g in range(1, GROUPS + 1)
                for v in range(VOTERS_PER_GROUP)
            ],
        )
        await conn.execute(
            insert(Membership),
            [
                {"person_id": voter(g, v), "group_id": g, "role": "member", "joined_at": now}
                for g in range(1, GROUPS + 1)
                for v in range(VOTERS_PER_GROUP)
            ],
        )
        rounds: list[dict[str, Any]] = [
            {
                "id": (g - 1) * ROUNDS_PER_GROUP + r,
                "group_id": g,
                "number": r,
                "method": "approval",
                "title": f"Round {r}",
                "candidates": list(range((g - 1) * per_group + 1, (g - 1) * per_group + 6)),
                "opened_by": g,
                "opened_at": now,
                "closed_at": now,
            }
            for g in range(1, GROUPS + 1)
            for r in range(1, ROUNDS_PER_GROUP + 1)
        ]
        await conn.execute(insert(Round), rounds)
        await conn.execute(
            insert(Ballot),
            [
                {
                    "token": secrets.token_hex(16),
                    "round_id": rd["id"],
                    "voter_id": voter(rd["group_id"], v),
                    "content": {"approved": rd["candidates"][v % 5 : v % 5 + 2]},
                    "updated_at": now,
                }
                for rd in rounds
                for v in range(VOTERS_PER_GROUP)
            ],
        )
        await conn.execute(
            insert(Participation),
            [
                {"round_id": rd["id"], "person_id": voter(rd["group_id"], v), "voted_at": now}
                for rd in rounds
                for v in range(VOTERS_PER_GROUP)
            ],
        )


async def _child_app(database: Path) -> dict[str, Any]:
    from adapters.memory import MemoryAdapter
    from bot.app import App
    from bot.events import ChatRef, Message, UserRef

    app = App(bench_settings(database.parent, f"sqlite+aiosqlite:///{database}"))
    adapter = MemoryAdapter()
    app.add_adapter(adapter)
    await app.start()
    await adapter.push(
        Message(
            ChatRef("memory", "room-1"),
            UserRef("memory", "coord1", "Coordinator 1"),
            "/measures",
            f"probe-{os.getpid()}-{time.time_ns()}",
        )
    )
    answered = len(adapter.pop())
    figures = {"answered": answered, **_memory()}
    await app.stop()
    return figures


def _child_ptb() -> dict[str, Any]:
    import telegram  # noqa: F401 - the import is part of what is measured
    from telegram.ext import Application

    Application.builder().token("123456:TEST-TOKEN-NOT-USED").build()
    return _memory()


def _memory() -> dict[str, Any]:
    """Current and peak resident memory of this process, in MB (Linux /proc)."""
    values = {}
    for line in Path("/proc/self/status").read_text().splitlines():
        key, _, rest = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            values[key] = int(rest.split()[0]) / 1024
    return {"rss_mb": values.get("VmRSS", 0.0), "peak_rss_mb": values.get("VmHWM", 0.0)}


def child(kind: str, database: str | None) -> None:
    """In the spawned process: start, print one JSON line (the "ready" signal), exit."""
    if kind == "app":
        assert database is not None
        figures = asyncio.run(_child_app(Path(database)))
    else:
        figures = _child_ptb()
    print(json.dumps(figures), flush=True)


def spawn(kind: str, database: Path | None) -> dict[str, Any]:
    """Start a child; its ready time is until its JSON line arrives."""
    args = [sys.executable, "-m", "bench.startup", "--child", kind]
    if database is not None:
        args.append(str(database))
    started = time.perf_counter()
    proc = subprocess.Popen(
        args, stdout=subprocess.PIPE, text=True, cwd=Path(__file__).parent.parent
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        ready = time.perf_counter() - started
        proc.wait(timeout=CHILD_TIMEOUT_S)
    finally:
        if proc.poll() is None:
            proc.kill()
    if proc.returncode != 0 or not line:
        raise RuntimeError(f"{kind} child failed (exit {proc.returncode})")
    figures = json.loads(line)
    figures["ready_s"] = ready
    return figures


def _median(runs: list[dict[str, Any]], key: str) -> float:
    return statistics.median(r[key] for r in runs)


def run(runs: int = RUNS) -> dict[str, Any]:
    """Fill the database, then time both processes ``runs`` times, interleaved."""
    with tempfile.TemporaryDirectory(prefix="steerbot-startup-") as tmp:
        database = Path(tmp) / "filled.db"
        notes = asyncio.run(fill(database))
        app_runs, ptb_runs = [], []
        for _ in range(runs):
            ptb_runs.append(spawn("ptb", None))
            app_runs.append(spawn("app", database))
    if not all(r["answered"] for r in app_runs):
        raise AssertionError("the app did not answer /measures after start")
    result: dict[str, Any] = {
        "measures": MEASURES,
        "ballots": BALLOTS if has_table("ballots") else 0,
        "app_runs": app_runs,
        "ptb_runs": ptb_runs,
        "notes": notes,
    }
    app_rss, ptb_rss = _median(app_runs, "rss_mb"), _median(ptb_runs, "rss_mb")
    app_ready, ptb_ready = _median(app_runs, "ready_s"), _median(ptb_runs, "ready_s")
    note = "; ".join(notes)
    result["rows"] = [
        row(
            "memory: RSS after start (MB)",
            app_rss,
            ptb_rss,
            unit="MB",
            target=None,
            note=f"absolute limit {RSS_LIMIT_MB:g} MB: {'pass' if app_rss <= RSS_LIMIT_MB else 'FAIL'}; "
            f"{MEASURES:,} measures; {note}",
            extra={"absolute_limit": RSS_LIMIT_MB, "absolute_passed": app_rss <= RSS_LIMIT_MB},
        ),
        row(
            "start-up: spawn to ready (s)",
            app_ready,
            ptb_ready,
            unit="s",
            target=None,
            note=f"absolute limit {READY_LIMIT_S:g} s: {'pass' if app_ready <= READY_LIMIT_S else 'FAIL'}; "
            "ready = schema checked, adapter started, first /measures answered",
            extra={"absolute_limit": READY_LIMIT_S, "absolute_passed": app_ready <= READY_LIMIT_S},
        ),
    ]
    # The absolute limits are the targets here; show them as pass/fail in the table.
    for r in result["rows"]:
        r["passed"] = r["absolute_passed"]
    print(
        f"app  RSS {app_rss:6.1f} MB ready {app_ready:5.2f} s | "
        f"bare PTB RSS {ptb_rss:6.1f} MB ready {ptb_ready:5.2f} s"
    )
    return result


if __name__ == "__main__":
    if len(sys.argv) >= 3 and sys.argv[1] == "--child":
        child(sys.argv[2], sys.argv[3] if len(sys.argv) > 3 else None)
    else:
        run()
