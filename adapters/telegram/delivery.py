"""Calling the Bot API for output: rate limits, retries, and errors translated for the core.

Every outgoing call waits for the rate limiter, honours a 429 ``retry_after`` by waiting and
trying again (nothing is dropped), retries network errors and 5xx answers with exponential
backoff, follows a group's migration to a supergroup, and turns permanent refusals into
:class:`bot.adapter.DeliveryFailed` so no python-telegram-bot exception reaches the core.
"""

from __future__ import annotations

import datetime as dt
import logging
import warnings
from collections.abc import Awaitable, Callable
from typing import TypeVar

from telegram.error import (
    BadRequest,
    ChatMigrated,
    Forbidden,
    NetworkError,
    RetryAfter,
)
from telegram.warnings import PTBDeprecationWarning

from adapters.telegram.migration import Migrations
from adapters.telegram.ratelimit import RateLimiter, Sleep, is_group_chat
from bot.adapter import DeliveryFailed, RateLimited

log = logging.getLogger(__name__)

T = TypeVar("T")


def seconds(value: int | float | dt.timedelta) -> float:
    """A PTB time period (int seconds, or a timedelta when PTB_TIMEDELTA is set) in seconds."""
    if isinstance(value, dt.timedelta):
        return value.total_seconds()
    return float(value)


def retry_after_seconds(exc: RetryAfter) -> float:
    """How long a 429 asks us to wait. PTB 22 warns that the type will become a timedelta;
    :func:`seconds` accepts both, so the warning says nothing we need to act on."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", PTBDeprecationWarning)
        return seconds(exc.retry_after)


class Delivery:
    """Runs one Bot API call for a chat until it succeeds or fails for good."""

    def __init__(
        self,
        limiter: RateLimiter,
        migrations: Migrations,
        sleep: Sleep,
        *,
        network_attempts: int = 5,
        rate_limit_attempts: int = 50,
        backoff: float = 1.0,
        max_backoff: float = 30.0,
    ) -> None:
        self.limiter = limiter
        self.migrations = migrations
        self._sleep = sleep
        self.network_attempts = network_attempts
        self.rate_limit_attempts = rate_limit_attempts
        self.backoff = backoff
        self.max_backoff = max_backoff
        self.retried_after = 0  # how many 429 answers we have waited out

    async def call(
        self, chat_id: str, fn: Callable[[str], Awaitable[T]], *, limited: bool = True
    ) -> tuple[str, T]:
        """Call ``fn(chat_id)``; returns the chat id finally used (after a migration) and the
        result."""
        network_failures = 0
        rate_limits = 0
        if chat_id:  # empty for calls that are not about a chat (setMyCommands …)
            chat_id = await self.migrations.resolve(chat_id)
        while True:
            if limited:
                await self.limiter.acquire(chat_id, is_group=is_group_chat(chat_id))
            try:
                return chat_id, await fn(chat_id)
            except RetryAfter as exc:
                rate_limits += 1
                wait = retry_after_seconds(exc)
                if rate_limits >= self.rate_limit_attempts:
                    raise RateLimited(wait) from exc
                self.retried_after += 1
                log.warning("telegram asked us to wait %.0fs (chat %s)", wait, chat_id)
                await self._sleep(wait)
            except ChatMigrated as exc:
                new = str(exc.new_chat_id)
                await self.migrations.moved(chat_id, new)
                chat_id = new
            except Forbidden as exc:
                # The user blocked the bot or left; the core falls back to a group mention.
                log.info("telegram refused delivery to %s: %s", chat_id, exc.message)
                raise DeliveryFailed("blocked", permanent=True, shut_out=True) from exc
            except BadRequest as exc:
                # BadRequest is a NetworkError subclass in PTB, so it must come first: a bad
                # request fails the same way every time.
                reason = exc.message
                gone = "chat not found" in reason.lower()
                if gone:
                    reason = "chat not found"
                raise DeliveryFailed(reason, permanent=True, shut_out=gone) from exc
            except NetworkError as exc:  # also TimedOut and 5xx answers
                network_failures += 1
                if network_failures >= self.network_attempts:
                    raise DeliveryFailed(f"network: {exc.message}", permanent=False) from exc
                wait = min(self.backoff * 2 ** (network_failures - 1), self.max_backoff)
                log.warning("telegram call failed (%s), retrying in %.0fs", exc, wait)
                await self._sleep(wait)
