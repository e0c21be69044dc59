"""Catching up on missed nudges and backing off failed sends."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.reminders import backoff, catch_up

from .helpers import utc

DUE = utc(2027, 3, 17, 8, 0)


@pytest.mark.parametrize(
    ("now", "verdict"),
    [
        (DUE - timedelta(minutes=1), "send"),
        (DUE, "send"),
        (DUE + timedelta(minutes=3), "send"),  # picked up by the next minutely sweep
        (DUE + timedelta(hours=3), "late"),
        (DUE + timedelta(hours=23, minutes=59), "late"),
        (DUE + timedelta(hours=24), "summarise"),
        (DUE + timedelta(days=3), "summarise"),
    ],
)
def test_catch_up_boundaries(now: object, verdict: str) -> None:
    assert catch_up(DUE, now) == verdict  # type: ignore[arg-type]


def test_catch_up_grace_is_configurable() -> None:
    assert catch_up(DUE, DUE + timedelta(hours=3), grace=timedelta(hours=2)) == "summarise"
    assert catch_up(DUE, DUE + timedelta(minutes=3), on_time=timedelta(0)) == "late"


def test_backoff_doubles_from_thirty_seconds() -> None:
    assert [backoff(n).total_seconds() for n in range(6)] == [0, 30, 60, 120, 240, 480]


def test_backoff_is_monotonic_and_capped_at_an_hour() -> None:
    delays = [backoff(n) for n in range(200)]
    assert delays == sorted(delays)
    assert max(delays) == timedelta(hours=1)
    assert backoff(8) == timedelta(hours=1)
    assert backoff(10_000) == timedelta(hours=1)


def test_platform_retry_after_wins_when_longer() -> None:
    assert backoff(1, retry_after=timedelta(seconds=90)) == timedelta(seconds=90)
    assert backoff(5, retry_after=timedelta(seconds=1)) == timedelta(seconds=480)
