"""Shared fixtures: the bot on SQLite in memory (and on PostgreSQL where TEST_DATABASE_URL is set)."""

from __future__ import annotations

import logging
import os
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from _pytest.logging import LogCaptureHandler
from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.memory import MemoryAdapter
from bot.clock import FakeClock
from bot.logs import NOISY_LOGGERS, SecretFilter
from storage.db import make_engine
from storage.models import Base
from tests.harness import Bot, make_app, settings_for, start_clock


def postgres_url() -> str | None:
    """TEST_DATABASE_URL with the asyncpg driver, or None."""
    raw = os.environ.get("TEST_DATABASE_URL")
    if not raw:
        return None
    url = make_url(raw)
    if url.drivername in ("postgresql", "postgres", "postgresql+psycopg2"):
        url = url.set(drivername="postgresql+asyncpg")
    return url.render_as_string(hide_password=False)


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--run-slow", action="store_true", help="also run tests marked slow (make soak)"
    )


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests marked ``slow`` run only with --run-slow."""
    if config.getoption("--run-slow"):
        return
    skip = pytest.mark.skip(reason="slow: run with --run-slow (make soak)")
    for item in items:
        if "slow" in item.keywords:
            item.add_marker(skip)


BACKENDS = ["sqlite"] + (["postgresql"] if postgres_url() else [])


async def reset_postgres(engine: AsyncEngine) -> None:
    """Drop every table so Alembic starts from an empty database."""
    async with engine.begin() as conn:
        await conn.execute(text("DROP SCHEMA public CASCADE"))
        await conn.execute(text("CREATE SCHEMA public"))


@pytest.fixture
def clock() -> FakeClock:
    return start_clock()


@pytest.fixture
async def bot(tmp_path: Path, clock: FakeClock) -> AsyncIterator[Bot]:
    """The whole app on in-memory SQLite with a memory adapter."""
    settings = settings_for(tmp_path, DATABASE_URL="sqlite+aiosqlite://")
    app = make_app(settings, clock)
    adapter = MemoryAdapter()
    app.add_adapter(adapter)
    async with app:
        yield Bot(app, adapter, clock)


@pytest.fixture(params=BACKENDS)
async def backend_engine(
    request: pytest.FixtureRequest, tmp_path: Path
) -> AsyncIterator[AsyncEngine]:
    """A fresh, empty database on each backend (SQLite file; PostgreSQL when configured)."""
    if request.param == "sqlite":
        engine = make_engine(f"sqlite+aiosqlite:///{tmp_path / 'contract.db'}")
    else:
        url = postgres_url()
        assert url is not None
        engine = make_engine(url)
        await reset_postgres(engine)
    yield engine
    await engine.dispose()


@pytest.fixture
async def backend_bot(
    tmp_path: Path, clock: FakeClock, backend_engine: AsyncEngine
) -> AsyncIterator[Bot]:
    """The whole app on each backend."""
    settings = settings_for(tmp_path)
    app = make_app(settings, clock, engine=backend_engine)
    adapter = MemoryAdapter()
    app.add_adapter(adapter)
    async with app:
        yield Bot(app, adapter, clock)


__all__ = ["Base"]


@pytest.fixture(autouse=True)
def production_logging_undone() -> Iterator[None]:
    """Tests that run ``setup_logging`` (directly or through the CLI) leave nothing behind.

    setup_logging replaces the root handlers with its own, filtered one. Afterwards that handler
    goes, and pytest's session-wide handlers come back — not its per-phase capture handlers,
    which pytest adds and removes itself (putting back a discarded one leaves a stale handler
    that writes to a closed stream). Levels are restored too.
    """
    root = logging.getLogger()
    at_setup, level = list(root.handlers), root.level
    levels = {name: logging.getLogger(name).level for name in NOISY_LOGGERS}
    yield
    ours = [h for h in root.handlers if any(isinstance(f, SecretFilter) for f in h.filters)]
    if not ours:
        return
    for handler in ours:
        root.removeHandler(handler)
        handler.close()
    for handler in at_setup:
        if not isinstance(handler, LogCaptureHandler):
            root.addHandler(handler)
    root.setLevel(level)
    for name, lvl in levels.items():
        logging.getLogger(name).setLevel(lvl)
