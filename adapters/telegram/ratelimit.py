"""Outgoing rate limits for the Bot API: sliding windows per chat, per group and overall.

Telegram asks bots to send at most about one message per second to one chat, at most 20 messages
per minute to one group and about 30 messages per second overall. We keep an exact log of recent
send times per window (a sliding window) rather than a token bucket: a bucket with a burst of 20
still lets more than 20 messages into some 60-second span, and Telegram answers that with 429.
Clock and sleep are injected so tests can run the limiter on a fake clock without real waits.
"""

from __future__ import annotations

import asyncio
import time
from collections import deque
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

Clock = Callable[[], float]
Sleep = Callable[[float], Awaitable[None]]


class SlidingWindow:
    """At most ``limit`` events in any span of ``period`` seconds."""

    def __init__(self, limit: int, period: float) -> None:
        if limit < 1 or period <= 0:
            raise ValueError("limit must be >= 1 and period > 0")
        self.limit = limit
        self.period = period
        self._times: deque[float] = deque()

    def _forget(self, now: float) -> None:
        while self._times and self._times[0] <= now - self.period:
            self._times.popleft()

    def wait_time(self, now: float) -> float:
        """Seconds until one more event fits (0 when it fits now)."""
        self._forget(now)
        if len(self._times) < self.limit:
            return 0.0
        return self._times[0] + self.period - now

    def record(self, now: float) -> None:
        """Count one event at ``now``."""
        self._times.append(now)

    def idle(self, now: float) -> bool:
        """True when the window holds no event any more (it can be dropped)."""
        self._forget(now)
        return not self._times


@dataclass(frozen=True)
class Limits:
    """The limits to keep; the defaults are Telegram's published guidance."""

    per_chat: int = 1
    per_chat_period: float = 1.0
    per_group: int = 20
    per_group_period: float = 60.0
    overall: int = 30
    overall_period: float = 1.0


class RateLimiter:
    """Waits until a message to a chat fits every limit, then counts it.

    ``acquire`` is fair enough for a chat bot: waiters re-check after sleeping, and the check
    and the count happen without an ``await`` in between, so two senders never both take the
    last slot.
    """

    def __init__(
        self,
        limits: Limits | None = None,
        *,
        clock: Clock = time.monotonic,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self.limits = limits or Limits()
        self._clock = clock
        self._sleep = sleep
        self._overall = SlidingWindow(self.limits.overall, self.limits.overall_period)
        self._chats: dict[str, SlidingWindow] = {}
        self._groups: dict[str, SlidingWindow] = {}
        self.waited = 0.0  # total seconds spent waiting, for tests and logs

    def _windows(self, chat_id: str, is_group: bool) -> list[SlidingWindow]:
        lim = self.limits
        windows = [self._overall]
        windows.append(
            self._chats.setdefault(chat_id, SlidingWindow(lim.per_chat, lim.per_chat_period))
        )
        if is_group:
            windows.append(
                self._groups.setdefault(chat_id, SlidingWindow(lim.per_group, lim.per_group_period))
            )
        return windows

    def _prune(self, now: float) -> None:
        # Drop windows of chats that have been quiet, so the dicts do not grow forever.
        for table in (self._chats, self._groups):
            for key in [k for k, w in table.items() if w.idle(now)]:
                del table[key]

    async def acquire(self, chat_id: str, *, is_group: bool) -> None:
        """Wait until one message to ``chat_id`` is allowed, and count it."""
        while True:
            now = self._clock()
            windows = self._windows(chat_id, is_group)
            wait = max(w.wait_time(now) for w in windows)
            if wait <= 0:
                for w in windows:
                    w.record(now)
                if len(self._chats) > 1000:
                    self._prune(now)
                return
            self.waited += wait
            await self._sleep(wait)


def is_group_chat(chat_id: str) -> bool:
    """Telegram group and supergroup ids are negative; users' private chats are positive."""
    return chat_id.startswith("-")
