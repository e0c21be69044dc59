"""Command path: mixed commands through the real dispatcher against single-row INSERT + COMMIT.

Run: ``python -m bench.command_path [commands]``. 5,000 commands by default, spread over 50
steering groups (3 people each) so that a group holds a realistic few dozen measures, on a SQLite
file and — when ``BENCH_DATABASE_URL`` or ``TEST_DATABASE_URL`` is set — on a dedicated
PostgreSQL database created and dropped for the run. Commands run one after another through
``MemoryAdapter.push`` (dispatch, unit of work, commit, delivery). The floor is the same number of
single-row INSERT + COMMIT through the same engine into a scratch table, measured
in slices alternating with slices of the mix. Afterwards each command kind's statements run
alone (``statements_bound``), which shows the least ratio the mix could reach with its
statement counts.
"""

from __future__ import annotations

import asyncio
import os
import random
import re
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from sqlalchemy import bindparam, event, select, text

from adapters.memory import MemoryAdapter
from bench.common import bench_settings, postgres_server_url, row, scratch_postgres, summary
from bot.app import App
from bot.events import ChatRef, Message, UserRef
from storage.models import Measure
from storage.repo.context import mark_processed

GROUPS = 50
PEOPLE_PER_GROUP = 3
TARGET_SQLITE = 2.0
CHUNKS = 10
INCIDENT_WORDS = ("incident", "Vorfall")
BOUND_UNITS = 300  # units of work per command kind for the statements-only bound
_CODE = re.compile(r": ([A-Z0-9]{6,})\b")


class Driver:
    """Says things as people in group chats and collects the bot's answers."""

    def __init__(self, app: App, adapter: MemoryAdapter) -> None:
        self.app = app
        self.adapter = adapter
        self._ids = 0

    def message(self, user: str, chat: str, text_: str) -> Message:
        self._ids += 1
        return Message(
            chat=ChatRef(self.adapter.name, chat, is_direct=chat.startswith("dm:")),
            sender=UserRef(self.adapter.name, user, user.capitalize()),
            text=text_,
            event_id=f"bench-{self._ids}",
        )

    async def say(self, user: str, chat: str, text_: str) -> str:
        self.adapter.pop()
        await self.adapter.push(self.message(user, chat, text_))
        return "\n\n".join(s.reply.text for s in self.adapter.pop())


async def populate(driver: Driver, groups: int) -> list[tuple[str, list[str]]]:
    """``groups`` steering groups, each with a coordinator and members; returns (chat, people)."""
    made = []
    for g in range(groups):
        chat = f"room-{g}"
        coordinator = f"coord{g}"
        await driver.say(coordinator, chat, f"/setup Town {g}")
        people = [coordinator]
        for p in range(1, PEOPLE_PER_GROUP):
            role = "youth" if p == PEOPLE_PER_GROUP - 1 else "member"
            answer = await driver.say(coordinator, chat, f"/invite {role}")
            match = _CODE.search(answer)
            if match is None:
                raise RuntimeError(f"no invite code in {answer!r}")
            person = f"p{g}x{p}"
            await driver.say(person, chat, f"/join {match.group(1)}")
            people.append(person)
        for n in range(3):  # something to show and vote on from the start
            await driver.say(coordinator, chat, f"/propose Seed measure {n} of town {g}")
        made.append((chat, people))
    return made


async def prepare_votes(driver: Driver, groups: list[tuple[str, list[str]]]) -> bool:
    """When voting exists, open one approval round over the seed measures in each group."""
    if driver.app.services.registry.get("vote") is None:
        return False
    for chat, people in groups:
        await driver.say(people[0], chat, "/round approval 1 2 3")
    return True


def plan(
    groups: list[tuple[str, list[str]]], count: int, with_votes: bool, seed: int = 8
) -> list[tuple[str, str, str]]:
    """The command mix: (user, chat, text). 40 % propose, 30 % show, 30 % list; with voting
    25 % each of propose, show, list, vote."""
    rng = random.Random(seed)
    proposed = {chat: 3 for chat, _ in groups}
    kinds = ["propose", "show", "measures"] + (["vote"] if with_votes else [])
    weights = [25, 25, 25, 25] if with_votes else [40, 30, 30]
    out = []
    for i in range(count):
        chat, people = groups[i % len(groups)]
        user = rng.choice(people)
        kind = rng.choices(kinds, weights)[0]
        if kind == "propose":
            if user != people[-1]:  # a youth representative's proposal is an idea, no measure
                proposed[chat] += 1
            words = " ".join(
                rng.choice(["Spielplatz", "Radweg", "Jugendforum", "Bänke", "Beleuchtung"])
                for _ in range(3)
            )
            out.append((user, chat, f"/propose {words} {i} | Beschreibung {i}"))
        elif kind == "show":
            out.append((user, chat, f"/show {rng.randint(1, proposed[chat])}"))
        elif kind == "vote":
            picks = " ".join(str(n) for n in sorted(rng.sample([1, 2, 3], rng.randint(1, 3))))
            out.append((user, chat, f"/vote 1 {picks}"))
        else:
            out.append((user, chat, "/measures"))
    return out


class PerKind:
    """Time and statements per command kind (``/vote``, …), to see where the time goes."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = {}
        self.statements: dict[str, int] = {}
        self.count: dict[str, int] = {}
        self.current = ""

    def on_statement(self, *_: Any) -> None:
        if self.current:
            self.statements[self.current] = self.statements.get(self.current, 0) + 1

    def add(self, kind: str, seconds: float) -> None:
        self.seconds[kind] = self.seconds.get(kind, 0.0) + seconds
        self.count[kind] = self.count.get(kind, 0) + 1

    def table(self) -> dict[str, dict[str, float]]:
        return {
            kind: {
                "ms": round(self.seconds[kind] / n * 1000, 2),
                "statements": round(self.statements.get(kind, 0) / n, 1),
                "count": n,
            }
            for kind, n in sorted(self.count.items())
        }


async def timed_commands(
    driver: Driver, commands: list[tuple[str, str, str]], per_kind: PerKind | None = None
) -> tuple[list[float], float, dict[str, int]]:
    """Run the commands one after another; latencies, total time and what came back."""
    messages = [driver.message(u, c, t) for u, c, t in commands]
    latencies = []
    counts = {"replies": 0, "incidents": 0, "silent": 0}
    adapter = driver.adapter
    adapter.pop()
    start = time.perf_counter()
    for message in messages:
        if per_kind is not None:
            per_kind.current = message.text.split()[0]
        t0 = time.perf_counter()
        await adapter.push(message)
        latencies.append(time.perf_counter() - t0)
        if per_kind is not None:
            per_kind.add(per_kind.current, latencies[-1])
            per_kind.current = ""
        sent = adapter.pop()
        counts["replies"] += len(sent)
        if not sent:
            counts["silent"] += 1
        if any(w in s.reply.text for s in sent for w in INCIDENT_WORDS):
            counts["incidents"] += 1
    return latencies, time.perf_counter() - start, counts


async def floor_inserts(app: App, count: int, first_id: int = 0) -> tuple[list[float], float]:
    """``count`` single-row INSERT + COMMIT through the app's engine (a scratch table)."""
    engine = app.engine
    async with engine.begin() as conn:
        await conn.execute(
            text(
                "CREATE TABLE IF NOT EXISTS bench_floor (id INTEGER PRIMARY KEY, payload VARCHAR(200))"
            )
        )
    statement = text("INSERT INTO bench_floor (id, payload) VALUES (:id, :payload)")
    latencies = []
    start = time.perf_counter()
    for i in range(first_id, first_id + count):
        t0 = time.perf_counter()
        async with engine.connect() as conn:
            await conn.execute(statement, {"id": i, "payload": f"row {i}"})
            await conn.commit()
        latencies.append(time.perf_counter() - t0)
    total = time.perf_counter() - start
    return latencies, total


async def statements_only(app: App, statements: int, units: int, tag: str) -> float:
    """Seconds per unit of work that does what a command with ``statements`` statements must
    do at the least, and nothing else: a session, the event recorded as handled (the first
    statement of every command), ``statements - 1`` one-row reads by primary key, the commit.
    No parsing, no context, no rendering, no delivery: the bound no command can go below
    without fewer statements."""
    read = select(Measure.__table__.c.title).where(Measure.__table__.c.id == bindparam("id"))
    now = app.services.clock.now()
    with_epoch = app.services.context_cache is not None  # as the dispatcher's first statement
    start = time.perf_counter()
    for i in range(units):
        async with app.services.sessions() as session:
            await mark_processed(session, "bench", f"{tag}-{i}", now, epoch=with_epoch)
            for n in range(statements - 1):
                (await session.execute(read, {"id": 1 + n})).all()
            await session.commit()
    return (time.perf_counter() - start) / units


async def statements_bound(
    app: App, per_kind: PerKind, first_id: int, units: int = BOUND_UNITS
) -> dict[str, Any]:
    """The statements-only bound of the mix: each kind's statement count (as measured) run
    bare, weighted like the mix, against a floor slice measured just before."""
    _, floor_total = await floor_inserts(app, units, first_id=first_id)
    floor_s = floor_total / units
    kinds = per_kind.table()
    seconds = {
        kind: await statements_only(
            app, max(1, round(figures["statements"])), units, f"bound{kind}"
        )
        for kind, figures in kinds.items()
    }
    total = sum(figures["count"] for figures in kinds.values())
    mean = sum(seconds[k] * kinds[k]["count"] for k in kinds) / total
    return {
        "per_kind_ms": {k: round(s * 1000, 3) for k, s in seconds.items()},
        "ms": round(mean * 1000, 3),
        "floor_ms": round(floor_s * 1000, 3),
        "ratio": mean / floor_s,
    }


async def measure_backend(
    backend: str,
    database_url: str,
    data_dir: Path,
    count: int,
    *,
    groups: int = GROUPS,
    bound_units: int = BOUND_UNITS,
) -> dict[str, Any]:
    """Populate, then run the floor and the mix in alternating slices (a tenth each), so that
    changes in the machine's load during the run hit both alike. The scratch table of the
    floor lives in the bench's own database, which is thrown away afterwards."""
    app = App(bench_settings(data_dir, database_url))
    adapter = MemoryAdapter()
    app.add_adapter(adapter)
    async with app:
        driver = Driver(app, adapter)
        chats = await populate(driver, groups)
        with_votes = await prepare_votes(driver, chats)
        commands = plan(chats, count, with_votes)
        warm = plan(chats, 100, with_votes, seed=99)
        await timed_commands(driver, warm)
        lat, floor_lat = [], []
        total = floor_total = 0.0
        counts = {"replies": 0, "incidents": 0, "silent": 0}
        per_kind = PerKind()
        event.listen(app.engine.sync_engine, "before_cursor_execute", per_kind.on_statement)
        cache = app.services.context_cache
        hits, misses = (cache.hits, cache.misses) if cache is not None else (0, 0)
        step = max(1, count // CHUNKS)
        for start in range(0, count, step):
            # Alternate slices of floor and mix, so both meet the same load on a shared machine.
            chunk = commands[start : start + step]
            f_lat, f_total = await floor_inserts(app, len(chunk), first_id=start)
            c_lat, c_total, c_counts = await timed_commands(driver, chunk, per_kind)
            floor_lat += f_lat
            floor_total += f_total
            lat += c_lat
            total += c_total
            for key, value in c_counts.items():
                counts[key] += value
        event.remove(app.engine.sync_engine, "before_cursor_execute", per_kind.on_statement)
        bound = await statements_bound(app, per_kind, first_id=count, units=bound_units)
        if cache is not None:
            counts["context_cache_hits"] = cache.hits - hits
            counts["context_cache_misses"] = cache.misses - misses
    full = summary(lat, total)
    floor = summary(floor_lat, floor_total)
    return {
        "backend": backend,
        "with_votes": with_votes,
        "full": full,
        "floor": floor,
        "counts": counts,
        "per_kind": per_kind.table(),
        "statements_only": bound,
        "ratio": full["total_s"] / floor["total_s"],
    }


async def _run(count: int) -> dict[str, Any]:
    results = []
    with tempfile.TemporaryDirectory(prefix="steerbot-bench-") as tmp:
        data_dir = Path(tmp)
        results.append(
            await measure_backend(
                "sqlite", f"sqlite+aiosqlite:///{data_dir / 'bench.db'}", data_dir, count
            )
        )
        server = postgres_server_url()
        if server:
            async with scratch_postgres(server, f"steerbot_bench_{os.getpid()}") as url:
                results.append(await measure_backend("postgresql", url, data_dir, count))
    return {"backends": results}


def rows(result: dict[str, Any]) -> list[dict[str, Any]]:
    """Table rows: commands/s against inserts/s (ratio = how many inserts one command costs)."""
    out = []
    for r in result["backends"]:
        full, floor, counts = r["full"], r["floor"], r["counts"]
        notes = [f"p50 {full['p50_ms']:.2f} ms, p99 {full['p99_ms']:.2f} ms"]
        notes.append(f"floor p50 {floor['p50_ms']:.2f} ms, p99 {floor['p99_ms']:.2f} ms")
        if counts["incidents"] or counts["silent"]:
            notes.append(f"{counts['incidents']} incidents, {counts['silent']} unanswered")
        bound = r["statements_only"]
        notes.append(
            f"statements alone (session, event record, the reads, commit): ratio "
            f"{bound['ratio']:.2f}"
        )
        if not r["with_votes"]:
            notes.append("no /vote yet (voting not on this branch)")
        out.append(
            row(
                f"command path, {r['backend']} ({full['count']} cmds)",
                full["per_s"],
                floor["per_s"],
                unit="cmd/s",
                target=TARGET_SQLITE if r["backend"] == "sqlite" else None,
                higher_is_better=True,
                note="; ".join(notes),
            )
        )
    return out


def run(count: int = 5000) -> dict[str, Any]:
    """Run the benchmark on every configured backend; returns figures and table rows."""
    result = asyncio.run(_run(count))
    result["rows"] = rows(result)
    for r in result["backends"]:
        full, floor = r["full"], r["floor"]
        print(
            f"{r['backend']:10s} commands {full['per_s']:8.1f}/s p50 {full['p50_ms']:6.2f} ms "
            f"p99 {full['p99_ms']:6.2f} ms | floor {floor['per_s']:8.1f}/s "
            f"p50 {floor['p50_ms']:6.2f} ms | ratio {r['ratio']:.2f} | {r['counts']}"
        )
        for kind, figures in r["per_kind"].items():
            print(
                f"{'':10s} {kind:10s} {figures['ms']:6.2f} ms/command, "
                f"{figures['statements']:4.1f} statements ({figures['count']} commands); "
                f"the statements alone {r['statements_only']['per_kind_ms'][kind]:.2f} ms"
            )
        bound = r["statements_only"]
        print(
            f"{'':10s} statements alone, weighted like the mix: {bound['ms']:.2f} ms against a "
            f"floor of {bound['floor_ms']:.2f} ms = ratio {bound['ratio']:.2f} (the least the "
            "mix could reach with these statement counts)"
        )
    return result


if __name__ == "__main__":
    run(*(int(a) for a in sys.argv[1:2]))
