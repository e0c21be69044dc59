"""Fixtures for the Matrix wire tests: one real Synapse per test session."""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from adapters.matrix import MatrixAdapter, MatrixConfig
from bot.i18n import Translator
from bot.state import MemoryKeyValueStore
from tests.wire.matrix.app_helpers import AppBot
from tests.wire.matrix.helpers import Human, RecordingSink
from tests.wire.synapse import Synapse, start_synapse, synapse_importable


@pytest.fixture(scope="session")
def synapse(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Synapse]:
    """A running Synapse homeserver; fails (never skips) when matrix-synapse is missing."""
    if not synapse_importable():
        pytest.fail(
            "matrix-synapse is not importable: the Matrix wire tests need a real homeserver. "
            "Install the test extra: pip install 'steerbot[test]'",
            pytrace=False,
        )
    server = start_synapse(tmp_path_factory.mktemp("synapse"))
    try:
        yield server
    finally:
        server.stop()


@dataclass
class BotHandle:
    """A bot account plus what it takes to (re)start adapters for it."""

    synapse: Synapse
    user_id: str
    password: str
    data_dir: Path
    state: MemoryKeyValueStore = field(default_factory=MemoryKeyValueStore)
    running: list[MatrixAdapter] = field(default_factory=list)

    def config(self, **overrides: object) -> MatrixConfig:
        settings: dict[str, object] = {
            "homeserver": self.synapse.url,
            "user_id": self.user_id,
            "password": self.password,
            "data_dir": self.data_dir,
            "allowed_servers": (self.synapse.server_name,),
            "sync_timeout_ms": 1000,
            "max_backoff": 1.0,
        }
        settings.update(overrides)
        return MatrixConfig(**settings)  # type: ignore[arg-type]

    async def start(
        self,
        sink: RecordingSink | None = None,
        translator: Translator | None = None,
        **overrides: object,
    ) -> tuple[MatrixAdapter, RecordingSink]:
        """Start an adapter for this bot with the shared state store."""
        sink = sink or RecordingSink()
        adapter = MatrixAdapter(self.config(**overrides), self.state, translator)
        await adapter.start(sink)
        self.running.append(adapter)
        return adapter, sink

    async def stop(self, adapter: MatrixAdapter) -> None:
        await adapter.stop()
        self.running.remove(adapter)


@pytest.fixture
async def make_bot(
    synapse: Synapse, tmp_path: Path
) -> AsyncIterator[Callable[..., Awaitable[BotHandle]]]:
    """Registers a fresh bot account; adapters started through it are stopped at the end."""
    handles: list[BotHandle] = []

    async def make(prefix: str = "bot") -> BotHandle:
        localpart = synapse.unique(prefix)
        password = f"pw-{localpart}"
        data = await synapse.register_full(localpart, password=password)
        handle = BotHandle(synapse, data["user_id"], password, tmp_path / localpart)
        handles.append(handle)
        return handle

    yield make
    for handle in handles:
        for adapter in list(handle.running):
            await handle.stop(adapter)


@pytest.fixture
async def make_human(
    synapse: Synapse, tmp_path: Path
) -> AsyncIterator[Callable[..., Awaitable[Human]]]:
    """Registers a person with their own (encryption-capable) client."""
    humans: list[Human] = []

    async def make(prefix: str = "human") -> Human:
        localpart = synapse.unique(prefix)
        data = await synapse.register_full(localpart)
        human = Human(
            synapse.url,
            data["user_id"],
            data["device_id"],
            data["access_token"],
            tmp_path / f"{localpart}-store",
        )
        await human.sync()
        humans.append(human)
        return human

    yield make
    for human in humans:
        await human.close()


@pytest.fixture
async def make_app_bot(
    synapse: Synapse, make_bot: Callable[..., Awaitable[BotHandle]], tmp_path: Path
) -> AsyncIterator[Callable[..., Awaitable[AppBot]]]:
    """A bot account plus the whole app (SQLite file, FakeClock) behind the Matrix adapter;
    apps still running at the end are stopped."""
    made: list[AppBot] = []

    async def make(prefix: str = "bot", **settings: object) -> AppBot:
        handle = await make_bot(prefix)
        app_bot = AppBot(synapse, handle, tmp_path / f"{prefix}-app", settings)
        made.append(app_bot)
        return app_bot

    yield make
    for app_bot in made:
        await app_bot.stop_all()
