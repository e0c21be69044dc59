"""Sending with retries: nio error values become exceptions here, at the adapter edge.

* ``M_LIMIT_EXCEEDED``: wait ``retry_after_ms`` and repeat the same request (same transaction
  id, so the homeserver keeps one event); :class:`~bot.adapter.RateLimited` after the retries.
* homeserver unreachable or answering 5xx: exponential backoff until it is back or the
  adapter stops; the send stays queued behind a per-room lock, nothing is dropped.
* any other error: :class:`~bot.adapter.DeliveryFailed`.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import Awaitable, Callable
from typing import TypeVar

from aiohttp import ClientError
from nio import ErrorResponse, LocalProtocolError

from bot.adapter import DeliveryFailed, RateLimited

log = logging.getLogger(__name__)

T = TypeVar("T")

PERMANENT_CODES = frozenset(
    {"M_FORBIDDEN", "M_NOT_FOUND", "M_UNKNOWN_TOKEN", "M_BAD_JSON", "M_NOT_JSON", "M_TOO_LARGE"}
)

# Not in the room, or the room is gone: the bot is refused the chat, not one message.
SHUT_OUT_CODES = frozenset({"M_FORBIDDEN", "M_NOT_FOUND"})


class Retrier:
    """Runs one homeserver request until it succeeds, or raises a seam exception."""

    def __init__(self, *, rate_limit_retries: int, max_backoff: float) -> None:
        self._rate_limit_retries = rate_limit_retries
        self._max_backoff = max_backoff
        self._closed = asyncio.Event()

    def close(self) -> None:
        """Stop waiting: pending retries raise :class:`DeliveryFailed` (not permanent)."""
        self._closed.set()

    async def _wait(self, seconds: float) -> None:
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._closed.wait(), seconds)
        if self._closed.is_set():
            raise DeliveryFailed("the Matrix adapter was stopped", permanent=False)

    async def run(self, request: Callable[[], Awaitable[T]], what: str) -> T:
        """Await ``request()`` (a fresh call each try) until it returns a non-error value."""
        limited = 0
        failures = 0
        while True:
            if self._closed.is_set():
                raise DeliveryFailed("the Matrix adapter was stopped", permanent=False)
            try:
                response = await request()
            except (ClientError, TimeoutError, OSError) as exc:
                failures += 1
                delay = self._backoff(failures)
                log.warning("%s: homeserver unreachable (%s); retry in %.1fs", what, exc, delay)
                await self._wait(delay)
                continue
            except LocalProtocolError as exc:
                raise DeliveryFailed(f"{what}: {exc}") from exc
            if not isinstance(response, ErrorResponse):
                return response
            code = str(response.status_code or "")
            status = getattr(getattr(response, "transport_response", None), "status", 0) or 0
            if code == "M_LIMIT_EXCEEDED" or status == 429:
                retry_after = (response.retry_after_ms or 1000) / 1000
                limited += 1
                if limited > self._rate_limit_retries:
                    raise RateLimited(retry_after)
                log.info("%s: rate limited, retry in %.1fs", what, retry_after)
                await self._wait(retry_after)
                continue
            if status >= 500 and code not in PERMANENT_CODES:
                failures += 1
                await self._wait(self._backoff(failures))
                continue
            raise DeliveryFailed(
                f"{what}: {code or status} {response.message}", shut_out=code in SHUT_OUT_CODES
            )

    def _backoff(self, failures: int) -> float:
        return float(min(self._max_backoff, 0.25 * 2 ** min(failures - 1, 10)))
