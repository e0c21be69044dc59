"""Fixtures for the Telegram wire tests: a fake Bot API and adapters pointed at it."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest
from telegram.request import HTTPXRequest

from adapters.telegram import TelegramAdapter, TelegramConfig
from adapters.telegram.ratelimit import RateLimiter
from bot.events import ChatRef, Incoming
from bot.state import MemoryKeyValueStore
from tests.wire.fake_telegram import FakeTelegram


class FakeClock:
    """A clock that moves only when someone sleeps on it: rate limits without real waits."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        self.now += max(seconds, 0.0)
        await asyncio.sleep(0)


class Sink:
    """Collects what the adapter hands to the core; can be told to fail or to hang."""

    def __init__(self) -> None:
        self.queue: asyncio.Queue[Incoming] = asyncio.Queue()
        self.received: list[Incoming] = []
        self.fail_next = 0
        self.hang: asyncio.Event | None = None
        self.entered = asyncio.Event()
        self.calls: list[str] = []  # event ids of every call, failed ones included

    async def __call__(self, incoming: Incoming) -> None:
        self.calls.append(incoming.event_id)
        self.entered.set()
        if self.hang is not None:
            await self.hang.wait()
        if self.fail_next:
            self.fail_next -= 1
            raise RuntimeError("the core failed")
        self.received.append(incoming)
        await self.queue.put(incoming)

    async def next(self, within: float = 10.0) -> Incoming:
        """The next incoming event (fails the test after ``within`` seconds)."""
        return await asyncio.wait_for(self.queue.get(), within)


class Command:
    """A command as the registry would describe it."""

    def __init__(self, name: str, de: str, en: str, german_name: str = "") -> None:
        self.name = name
        self._text = {"de": de, "en": en}
        self._names = {"de": german_name or name, "en": name}

    def name_in(self, lang: str) -> str:
        return self._names[lang]

    def description(self, lang: str) -> str:
        return self._text[lang]


COMMANDS = [
    Command("help", "Befehle anzeigen", "Show commands", "hilfe"),
    Command("propose", "Maßnahme vorschlagen", "Propose a measure", "vorschlag"),
]


@pytest.fixture(autouse=True)
def no_real_telegram(monkeypatch: pytest.MonkeyPatch) -> None:
    """Fail any request that would leave for the real api.telegram.org."""
    original = HTTPXRequest.do_request

    async def guarded(self: HTTPXRequest, url: str, *args: Any, **kwargs: Any) -> Any:
        if "api.telegram.org" in url:
            raise AssertionError(f"test tried to reach the real Telegram: {url}")
        return await original(self, url, *args, **kwargs)

    monkeypatch.setattr(HTTPXRequest, "do_request", guarded)
    # PTB 22 warns about int time periods unless opted in to timedeltas; the adapter reads both.
    monkeypatch.setenv("PTB_TIMEDELTA", "1")


@pytest.fixture
async def tg() -> AsyncIterator[FakeTelegram]:
    async with FakeTelegram() as fake:
        yield fake


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def state() -> MemoryKeyValueStore:
    return MemoryKeyValueStore()


@pytest.fixture
def migrations() -> list[tuple[ChatRef, ChatRef]]:
    return []


@pytest.fixture
def make_adapter(
    tg: FakeTelegram,
    clock: FakeClock,
    state: MemoryKeyValueStore,
    migrations: list[tuple[ChatRef, ChatRef]],
) -> Callable[..., TelegramAdapter]:
    """Build adapters talking to the fake, on the fake clock (no real sleeping)."""

    async def on_migrate(old: ChatRef, new: ChatRef) -> None:
        migrations.append((old, new))

    def build(**overrides: Any) -> TelegramAdapter:
        config = TelegramConfig(token=tg.token, base_url=tg.base_url, poll_timeout=5, **overrides)
        return TelegramAdapter(
            config,
            state=state,
            commands=COMMANDS,
            on_migrate=on_migrate,
            limiter=RateLimiter(clock=clock, sleep=clock.sleep),
            clock=clock,
            sleep=clock.sleep,
        )

    return build


@pytest.fixture
async def sink() -> Sink:
    return Sink()


@pytest.fixture
async def adapter(
    make_adapter: Callable[..., TelegramAdapter], sink: Sink
) -> AsyncIterator[TelegramAdapter]:
    """A started adapter in polling mode."""
    a = make_adapter()
    await a.start(sink)
    try:
        yield a
    finally:
        await a.stop()
