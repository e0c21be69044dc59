"""What every benchmark shares: a result row, percentiles, a scratch app and database URLs.

A benchmark module offers ``run() -> dict``; the dict holds ``rows``: a list of :class:`Row`
as dicts (see :func:`row`). Every figure is a ratio against a floor measured in the same run,
because the machines are shared and noisy: absolute numbers move, ratios much less.
"""

from __future__ import annotations

import os
import statistics
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from bot.config import Settings


def row(
    name: str,
    figure: float,
    floor: float,
    *,
    unit: str,
    target: float | None,
    note: str = "",
    higher_is_better: bool = False,
    extra: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """One line of the table. ``ratio`` is figure/floor (or floor/figure when higher is better,
    so that a ratio is always "how many times worse than the floor"); ``target`` bounds it."""
    if higher_is_better:
        ratio = floor / figure if figure else float("inf")
    else:
        ratio = figure / floor if floor else float("inf")
    passed = None if target is None else ratio <= target
    return {
        "name": name,
        "figure": figure,
        "floor": floor,
        "unit": unit,
        "ratio": ratio,
        "target": target,
        "passed": passed,
        "note": note,
        **(extra or {}),
    }


def percentile(values: list[float], q: float) -> float:
    """The ``q`` quantile (0..1) by the nearest-rank method; 0 for no values."""
    if not values:
        return 0.0
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q * len(ordered) + 0.5) - 1))
    return ordered[index]


def summary(latencies: list[float], total: float) -> dict[str, float]:
    """Throughput and latency figures (milliseconds) of a timed series."""
    return {
        "count": len(latencies),
        "total_s": total,
        "per_s": len(latencies) / total if total else 0.0,
        "mean_ms": statistics.fmean(latencies) * 1000 if latencies else 0.0,
        "p50_ms": percentile(latencies, 0.50) * 1000,
        "p99_ms": percentile(latencies, 0.99) * 1000,
    }


def bench_settings(data_dir: Path, database_url: str, **overrides: object) -> Settings:
    """Settings that ignore any .env: English, Berlin time, the given database."""
    values: dict[str, object] = {
        "STEERBOT_DATA_DIR": data_dir,
        "STEERBOT_LANG": "en",
        "STEERBOT_TZ": "Europe/Berlin",
        "DATABASE_URL": database_url,
    }
    values.update(overrides)
    return Settings(_env_file=None, **values)  # type: ignore[call-arg, arg-type]


def postgres_server_url() -> str | None:
    """BENCH_DATABASE_URL or TEST_DATABASE_URL with the asyncpg driver, or None."""
    raw = os.environ.get("BENCH_DATABASE_URL") or os.environ.get("TEST_DATABASE_URL")
    if not raw:
        return None
    url = make_url(raw)
    if url.drivername in ("postgresql", "postgres", "postgresql+psycopg2"):
        url = url.set(drivername="postgresql+asyncpg")
    return url.render_as_string(hide_password=False)


@asynccontextmanager
async def scratch_postgres(server_url: str, name: str) -> AsyncIterator[str]:
    """A dedicated, empty database ``name`` on the server of ``server_url``; dropped after."""
    admin: AsyncEngine = create_async_engine(server_url, isolation_level="AUTOCOMMIT")
    try:
        async with admin.connect() as conn:
            await conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
            await conn.execute(text(f'CREATE DATABASE "{name}"'))
        yield make_url(server_url).set(database=name).render_as_string(hide_password=False)
    finally:
        async with admin.connect() as conn:
            await conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        await admin.dispose()


def has_table(name: str) -> bool:
    """Whether the models on this branch declare table ``name`` (voting adds ``ballots``)."""
    from storage.models import Base

    return name in Base.metadata.tables
