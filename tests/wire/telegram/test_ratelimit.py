"""The outgoing rate limiter on a fake clock, alone and against the fake's enforced limits."""

from __future__ import annotations

import asyncio

import pytest

from adapters.telegram import TelegramAdapter, TelegramConfig
from adapters.telegram.ratelimit import Limits, RateLimiter, SlidingWindow
from bot.events import ChatRef, Reply
from bot.state import MemoryKeyValueStore
from tests.wire.fake_telegram import FakeTelegram
from tests.wire.telegram.conftest import FakeClock


async def send_times(limiter: RateLimiter, clock: FakeClock, chats: list[str]) -> list[float]:
    times = []
    for chat in chats:
        await limiter.acquire(chat, is_group=chat.startswith("-"))
        times.append(clock.now - 1000.0)
    return times


async def test_one_message_per_second_per_chat(clock: FakeClock) -> None:
    limiter = RateLimiter(clock=clock, sleep=clock.sleep)
    assert await send_times(limiter, clock, ["5", "5", "5", "6"]) == [0, 1, 2, 2]


async def test_twenty_per_minute_per_group(clock: FakeClock) -> None:
    limiter = RateLimiter(clock=clock, sleep=clock.sleep)
    times = await send_times(limiter, clock, ["-100"] * 22)
    assert times[:20] == list(range(20))  # one per second while the minute allows
    assert times[20:] == [60, 61]  # then wait until the first of the minute falls out


async def test_thirty_per_second_overall(clock: FakeClock) -> None:
    limiter = RateLimiter(clock=clock, sleep=clock.sleep)
    times = await send_times(limiter, clock, [str(i) for i in range(35)])
    assert times == [0] * 30 + [1] * 5


async def test_concurrent_senders_never_share_a_slot(clock: FakeClock) -> None:
    limiter = RateLimiter(clock=clock, sleep=clock.sleep)
    stamps: list[float] = []

    async def one() -> None:
        await limiter.acquire("7", is_group=False)
        stamps.append(clock.now)

    await asyncio.gather(*(one() for _ in range(4)))
    assert sorted(stamps) == [1000.0, 1001.0, 1002.0, 1003.0]


def test_window_rejects_nonsense() -> None:
    with pytest.raises(ValueError):
        SlidingWindow(0, 1.0)


def adapter_for(tg: FakeTelegram, clock: FakeClock, limits: Limits) -> TelegramAdapter:
    return TelegramAdapter(
        TelegramConfig(token=tg.token, base_url=tg.base_url, poll_timeout=5),
        state=MemoryKeyValueStore(),
        limiter=RateLimiter(limits, clock=clock, sleep=clock.sleep),
        clock=clock,
        sleep=clock.sleep,
    )


async def burst(adapter: TelegramAdapter) -> None:
    group = ChatRef("telegram", "-100200")
    for i in range(25):
        await adapter.send(group, Reply(f"Gruppe {i}"))
    for i in range(35):
        await adapter.send(ChatRef("telegram", str(500 + i), is_direct=True), Reply("privat"))


async def test_limited_adapter_never_trips_telegrams_limits(clock: FakeClock) -> None:
    async with FakeTelegram(clock=clock, enforce_limits=True) as tg:
        adapter = adapter_for(tg, clock, Limits())
        await adapter.start(lambda incoming: asyncio.sleep(0))
        try:
            await burst(adapter)
        finally:
            await adapter.stop()
        assert tg.limit_429s == 0
        assert len(tg.sent_texts()) == 60


async def test_unlimited_adapter_waits_out_every_429_and_loses_nothing(clock: FakeClock) -> None:
    async with FakeTelegram(clock=clock, enforce_limits=True) as tg:
        adapter = adapter_for(tg, clock, Limits(per_chat=10**6, per_group=10**6, overall=10**6))
        await adapter.start(lambda incoming: asyncio.sleep(0))
        try:
            await burst(adapter)
        finally:
            await adapter.stop()
        assert tg.limit_429s > 0
        assert adapter.delivery.retried_after == tg.limit_429s
        assert tg.sent_texts(-100200) == [f"Gruppe {i}" for i in range(25)]
        assert len(tg.sent_texts()) == 60
