"""Console time travel: a clock that runs with real time but can be moved forward."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import fields
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from bot.clock import Clock, SystemClock
from bot.errors import InvalidValue
from bot.scheduling.engine import SweepReport
from bot.values import format_datetime, parse_datetime, parse_duration
from storage.repo.reminders import next_due
from storage.repo.voting import closing_times

if TYPE_CHECKING:
    from bot.app import App


class TravelClock:
    """Real time plus an offset that only grows: the console's simulated clock."""

    def __init__(self, real: Clock | None = None) -> None:
        self._real = real or SystemClock()
        self.offset = timedelta(0)

    def now(self) -> datetime:
        return self._real.now() + self.offset

    def advance(self, delta: timedelta) -> datetime:
        """Move forward by ``delta``; returns the new time."""
        if delta < timedelta(0):
            raise ValueError("time only moves forward")
        self.offset += delta
        return self.now()

    def set(self, when: datetime) -> datetime:
        """Jump to ``when``; a time real time has already passed (a stop reached while the
        messages due there were sent) leaves the clock where it is."""
        return self.advance(max(when - self.now(), timedelta(0)))

    def to_real(self, at: datetime) -> datetime:
        """The real instant at which this clock will show ``at`` (for the scheduler)."""
        return at - self.offset


def _count(n: int, one: str, many: str) -> str:
    return f"{n} {one if n == 1 else many}"


# Stops on one jump at most: a year of daily nudges for a few groups fits well within it.
MAX_STOPS = 2000
# The longest the clock moves without a tick of the scheduler.
BEAT = timedelta(days=1)
# Stops named in the line that answers a jump.
SHOWN_STOPS = 8


async def _step_to(
    app: App, clock: TravelClock, target: datetime
) -> tuple[list[tuple[datetime, int]], SweepReport]:
    """Move ``clock`` to ``target`` through every time a reminder comes due or a round closes
    on the way, with a tick at each, as the running scheduler would: a jump of three days
    shows the nudges of each day on time rather than as one late summary. Returns the stops
    where messages went out, and the sum of the sweeps."""
    total, stops = SweepReport(), []
    # The scheduler's beat first: a jump typed before its first beat would find nothing planned.
    _add(total, await app.reminders.tick(clock.now()))
    for _ in range(MAX_STOPS):
        async with app.services.sessions() as session:
            due = await next_due(session, after=clock.now(), until=target)
            due += await closing_times(session, after=clock.now(), until=target)
        # At least a beat a day, as the running scheduler has: the plan reaches only so far
        # ahead (a jump of two months meets the digests of its second month too).
        beat = clock.now() + BEAT
        stop = min([*due, beat])
        if stop >= target:
            break
        clock.set(stop)
        report = await app.reminders.tick(clock.now())
        _add(total, report)
        if report.messages:
            stops.append((stop, report.messages))
    clock.set(target)
    _add(total, await app.reminders.tick(clock.now()))
    return stops, total


def _add(total: SweepReport, report: SweepReport) -> None:
    """``report``'s counts (and keys) added to ``total``'s."""
    for item in fields(SweepReport):
        setattr(total, item.name, getattr(total, item.name) + getattr(report, item.name))


def console_time_travel(app: App, clock: TravelClock) -> Callable[[str], Awaitable[str]]:
    """The console's ``>> +3d`` / ``>> 2027-03-01 09:00`` hook: move ``clock``, run the
    engine's tick (periodic jobs, plan, sweep) — the nudges are printed as the console
    adapter sends them — and answer with one line of what happened."""

    async def travel(text: str) -> str:
        settings = app.settings
        spec = text.strip()
        try:
            if spec.startswith("+"):
                target = clock.now() + parse_duration(spec[1:])
            else:
                target = parse_datetime(spec, now=clock.now(), tz=settings.zone, lang=settings.lang)
        except InvalidValue as exc:
            # The console's own note, in English as its others ("(time only moves forward)").
            return "(" + app.services.i18n("en").t(exc.message, **exc.params) + ")"
        if target < clock.now():
            return "(time only moves forward)"
        stops, report = await _step_to(app, clock, target)
        shown = format_datetime(clock.now(), settings.zone, settings.lang)
        nudges = report.messages - report.notices
        if report.notices:  # news held for the quiet hours' end is no nudge
            notices = _count(report.notices, "held notice sent", "held notices sent")
            said = [f"{_count(nudges, 'nudge', 'nudges')}, {notices}"]
        else:
            said = [_count(nudges, "nudge sent", "nudges sent")]
        if stops:  # where the clock stopped on the way, as the scheduler would have woken
            times = [f"{format_datetime(at, settings.zone, settings.lang)}: {n}" for at, n in stops]
            if len(times) > SHOWN_STOPS:
                times[SHOWN_STOPS:] = [f"… {len(times) - SHOWN_STOPS} more"]
            said[0] += f" ({', '.join(times)})"
        if report.held:  # a jump into the night: why nothing came
            said.append(f"{report.held} held until the quiet hours end")
        if report.skipped:
            said.append(
                f"{report.skipped} left out (nothing new to say: empty, or a newer one says it)"
            )
        return f"time is now {shown} ({settings.tz}) — {', '.join(said)}"

    return travel
