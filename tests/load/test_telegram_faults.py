"""The real app on the fake Bot API while a fifth of all sends fail at random (seeded).

Faults (``FakeTelegram.random_faults``): 5xx answers (nothing was done), connections dropped
before the call was done, and connections dropped *after* it was done — a timeout whose
message nonetheless arrived. What must hold: every reply and every due nudge is delivered in
the end; a 5xx or a drop before the call never causes a second copy; each drop after the call
causes exactly one extra copy (the client cannot know the call arrived, and the Bot API has no
idempotency key) — the test counts those and checks that they are the only repeats.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import AsyncIterator
from datetime import date, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from adapters.telegram.factory import telegram_adapter
from adapters.telegram.ratelimit import RateLimiter
from bot.app import App
from bot.clock import FakeClock
from storage.models import Identity, Measure
from tests.harness import make_app, settings_for, start_clock
from tests.unit.scheduling.helpers import berlin
from tests.wire.fake_telegram import DONE_THEN_DROPPED, FakeTelegram
from tests.wire.telegram.conftest import FakeClock as SleepClock
from tests.wire.telegram.conftest import no_real_telegram  # noqa: F401 - autouse fixture

GROUP = -1001234567890
RATE = 0.2
SEED = 20261122


@pytest.fixture
async def tg() -> AsyncIterator[FakeTelegram]:
    async with FakeTelegram() as fake:
        yield fake


@pytest.fixture
async def clock() -> FakeClock:
    return start_clock()


@pytest.fixture
async def app(tmp_path: Path, tg: FakeTelegram, clock: FakeClock) -> AsyncIterator[App]:
    settings = settings_for(
        tmp_path,
        DATABASE_URL=f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}",
        TELEGRAM_TOKEN=tg.token,
        TELEGRAM_BASE_URL=tg.base_url,
    )
    app = make_app(settings, clock)
    sleeper = SleepClock()  # retries and rate limits wait on a fake clock: no real sleeping
    app.add_adapter(
        telegram_adapter(
            app, limiter=RateLimiter(clock=sleeper, sleep=sleeper.sleep), sleep=sleeper.sleep
        )
    )
    async with app:
        yield app


async def _run(app: App, tg: FakeTelegram, clock: FakeClock, proposals: int, nudges: int) -> None:
    anna = tg.user(4242, "Anna", "Koordinatorin")
    tg.admin_in.add(GROUP)  # one answer per command: no note on a missing right after /setup
    tg.push_message(GROUP, "/setup@steerbot Musterstadt", user=anna)
    await tg.wait_for("sendMessage", 1)
    faults = tg.random_faults(RATE, SEED)
    for n in range(proposals):
        tg.push_message(GROUP, f"/propose Idee Nummer {n}", user=anna)
        await tg.wait_for("sendMessage", 2 + n, within=30)
    async with app.sessions() as session, session.begin():
        anna_id = await session.scalar(select(Identity.person_id).where(Identity.user_id == "4242"))
        now = clock.now()
        session.add_all(
            Measure(
                group_id=1,
                number=proposals + 1 + n,
                title=f"Fällige Maßnahme {n}",
                status="adopted",
                due_on=date(2027, 2, 18),
                responsible_id=anna_id,
                created_at=now,
                updated_at=now,
            )  # fmt: skip
            for n in range(nudges)
        )
    clock.set(berlin(2027, 2, 17, 10, 0))
    await app.reminders.plan()
    due = berlin(2027, 2, 18, 9, 0)
    report = await app.reminders.sweep(due)
    # A nudge whose sends all failed would wait for a retry; with at most 3 faults in a row
    # and 5 attempts per send none does, but sweep again after the backoff to be sure.
    report2 = await app.reminders.sweep(due + timedelta(hours=2))
    delivered = [r for r in tg.calls("sendMessage") if r.status in (200, DONE_THEN_DROPPED)]
    texts = Counter(r.params["text"] for r in delivered)
    for n in range(proposals):
        assert (
            sum(c for t, c in texts.items() if f"Idee Nummer {n}" in t and "Maßnahme" in t) >= 1
        ), n
    for n in range(nudges):
        assert any(f"Fällige Maßnahme {n}" in t for t in texts), f"nudge {n} missing"
    repeats = sum(c - 1 for c in texts.values())
    arrived_timeouts = sum(1 for r in delivered if r.status == DONE_THEN_DROPPED)
    assert repeats == arrived_timeouts, "only a call that was done but not answered repeats"
    assert report.failed == 0 and report2.messages == 0
    print(
        f"\n{faults.calls} sendMessage calls, faults given: {dict(faults.given)}; "
        f"{proposals} replies + {report.messages} nudge messages delivered; "
        f"{repeats} delivered twice (each after a dropped-after-done call), none after a 5xx"
    )


async def test_replies_and_nudges_survive_a_fifth_of_sends_failing(
    app: App, tg: FakeTelegram, clock: FakeClock
) -> None:
    await _run(app, tg, clock, proposals=40, nudges=20)


@pytest.mark.slow
async def test_300_replies_and_100_nudges_with_a_fifth_of_sends_failing(
    app: App, tg: FakeTelegram, clock: FakeClock
) -> None:
    await _run(app, tg, clock, proposals=300, nudges=100)
