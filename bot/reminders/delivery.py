"""Delivery decisions for nudges that are due: catching up after downtime and retrying."""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Literal

from bot.reminders.policy import Policy, aware_utc, end_of_quiet

CatchUp = Literal["send", "late", "summarise"]

BACKOFF_BASE = timedelta(seconds=30)
BACKOFF_CAP = timedelta(hours=1)


def catch_up(
    due_at_utc: datetime,
    now_utc: datetime,
    grace: timedelta = timedelta(hours=24),
    *,
    on_time: timedelta = timedelta(minutes=5),
) -> CatchUp:
    """What to do with a nudge due at ``due_at_utc`` that is being sent at ``now_utc``.

    'send': on time (missed by at most ``on_time``, which covers a minutely sweep; a due time
    still in the future counts as on time too). 'late': missed by more than that but less than
    ``grace`` — send it, marked as late. 'summarise': missed by ``grace`` or more — do not send
    it alone; fold it into one summary of what was missed.
    """
    missed = aware_utc(now_utc) - aware_utc(due_at_utc)
    if missed <= on_time:
        return "send"
    if missed < grace:
        return "late"
    return "summarise"


def held_until(now_utc: datetime, policy: Policy) -> datetime | None:
    """When a nudge that is late at ``now_utc`` may go out under ``policy``: None for now, or
    the end of the quiet hours ``now_utc`` falls in. A nudge planned in allowed hours and
    missed during downtime must not arrive at 23:30 (least of all to a minor); it waits for
    the morning, and a wait past the grace period folds it into the summary there."""
    if not policy.in_quiet(policy.local(now_utc).time()):
        return None
    return end_of_quiet(now_utc, policy)


def backoff(attempts: int, *, retry_after: timedelta | None = None) -> timedelta:
    """How long to wait before retrying a send that has failed ``attempts`` times.

    30 s after the first failure, doubling each time (1 min, 2 min, …), capped at 1 hour;
    0 before any failure. Deterministic (no jitter: the outbox claim already spreads work).
    A platform's own ``retry_after`` (Telegram 429, Matrix M_LIMIT_EXCEEDED) wins when longer.
    """
    if attempts <= 0:
        delay = timedelta(0)
    else:
        # 2**7 * 30 s already exceeds the cap; bounding the exponent avoids huge integers.
        delay = min(BACKOFF_BASE * 2 ** min(attempts - 1, 8), BACKOFF_CAP)
    if retry_after is not None and retry_after > delay:
        return retry_after
    return delay
