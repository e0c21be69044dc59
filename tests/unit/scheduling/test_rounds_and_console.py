"""Round reminders through the voting hooks, console time travel, the preview CLI and the
scheduler's exact-time jobs."""

from __future__ import annotations

import io
import itertools
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy.ext.asyncio import AsyncSession

from adapters.console import ConsoleAdapter
from adapters.memory import MemoryAdapter
from bot.app import App
from bot.clock import FakeClock
from bot.scheduling import PeriodicJob, RoundInfo, TravelClock, console_time_travel
from bot.scheduling.preview import preview
from bot.scheduling.scheduler import ReminderScheduler
from bot.services import Services
from tests.harness import Bot, settings_for, start_clock
from tests.unit.scheduling.helpers import add_measure, berlin, person_id, run_at, to


class FakeVoting:
    """What the voting capability will offer: one open round, who has not voted."""

    def __init__(self) -> None:
        self.round = RoundInfo(
            id=7, group_id=1, number=2, title="Prioritäten 2027",
            closes_at=berlin(2027, 1, 20, 17, 0), opens_at=berlin(2027, 1, 11, 9, 0),
        )  # fmt: skip
        self.waiting: list[int] = []

    async def open_rounds(self, session: AsyncSession, group_id: int) -> list[RoundInfo]:
        return [self.round] if group_id == self.round.group_id else []

    async def round_info(self, session: AsyncSession, round_id: int) -> RoundInfo | None:
        return self.round if round_id == self.round.id else None

    async def non_voters(self, session: AsyncSession, round_id: int) -> list[int]:
        return list(self.waiting) if round_id == self.round.id else []


async def test_round_reminder_goes_only_to_those_who_have_not_voted(tmp_path: Path) -> None:
    voting = FakeVoting()
    counter = itertools.count(1)
    clock = start_clock()
    app = App(
        settings_for(tmp_path, DATABASE_URL="sqlite+aiosqlite://"),
        clock=clock, voting=voting, new_code=lambda: f"CODE{next(counter):04d}",
    )  # fmt: skip
    adapter = app.add_adapter(MemoryAdapter())
    assert isinstance(adapter, MemoryAdapter)
    async with app:
        bot = Bot(app, adapter, clock)
        await bot.group_with(ben="member", cara="member")
        voting.waiting = [await person_id(bot, "ben"), await person_id(bot, "cara")]
        await app.reminders.plan()
        voting.waiting.remove(await person_id(bot, "cara"))  # cara votes before the reminder
        assert to(await run_at(bot, berlin(2027, 1, 19, 16, 59)), "dm:ben") == []
        sent = await run_at(bot, berlin(2027, 1, 19, 17, 0))
        assert to(sent, "dm:ben") == [
            "Die Abstimmungsrunde 2 „Prioritäten 2027“ endet am 20.01.2027 17:00, und Sie haben "
            "noch nicht abgestimmt. Abstimmen mit /abstimmen 2 …"
        ]
        assert to(sent, "dm:cara") == []
        digest = await bot.ask("anna", "/digest")
        assert (
            "Offene Abstimmungsrunden:\n• Runde 2 „Prioritäten 2027“ — endet 20.01.2027 17:00"
            in digest
        )


async def test_periodic_jobs_run_on_the_tick(tmp_path: Path) -> None:
    calls: list[datetime] = []

    async def close_due_rounds(services: Services, now: datetime) -> int:
        calls.append(now)
        return 0

    from datetime import timedelta

    clock = start_clock()
    app = App(
        settings_for(tmp_path, DATABASE_URL="sqlite+aiosqlite://"),
        clock=clock,
        periodic_jobs=[PeriodicJob("close rounds", close_due_rounds, every=timedelta(minutes=1))],
    )
    async with app:
        t0 = clock.now()
        await app.reminders.tick(t0)
        await app.reminders.tick(t0 + timedelta(seconds=30))
        await app.reminders.tick(t0 + timedelta(minutes=1))
    assert calls == [t0, t0 + timedelta(minutes=1)]


class RunningClock(FakeClock):
    """Real time as the console has it: a little later at every look."""

    def now(self) -> datetime:
        self.advance(timedelta(milliseconds=1))
        return super().now()


async def _console(tmp_path: Path, lines: list[str]) -> str:
    """What the console prints for ``lines``, its clock starting on Monday 11.01.2027 10:00."""
    clock = TravelClock(FakeClock(datetime(2027, 1, 11, 9, 0, tzinfo=UTC)))
    counter = itertools.count(1)
    app = App(
        settings_for(tmp_path),
        clock=clock,
        new_code=lambda: f"CODE{next(counter):04d}",
        run_scheduler=False,
    )
    out = io.StringIO()
    console = ConsoleAdapter(
        stdin=io.StringIO("\n".join(lines) + "\n"), stdout=out,
        time_travel=console_time_travel(app, clock),
    )  # fmt: skip
    app.add_adapter(console)
    async with app:
        await console.run()
    return out.getvalue()


async def test_console_time_travel_prints_the_nudges(tmp_path: Path) -> None:
    lines = [
        "anna: /setup Musterstadt",
        "anna: /reminders meeting every tuesday 17:00",
        ">> +1d",
        ">> 2027-01-12 15:00",
        ">> 2027-01-01 09:00",
        ">> +bald",
    ]
    output = await _console(tmp_path, lines)
    # The jump stops on Monday 17:00, a day before the meeting, and sends it on time.
    assert "time is now 12.01.2027 10:00 (Europe/Berlin) — 1 nudge sent (11.01.2027 17:00: 1)" in (
        output
    )
    assert output.count("[group] steerbot: Sitzung der Steuerungsgruppe: 12.01.2027 17:00.\n") == 1
    assert (
        "[group] steerbot: Heute um 17:00: Sitzung der Steuerungsgruppe. "
        "Die Tagesordnung kam mit der Erinnerung vom 11.01.2027.\n"
    ) in output
    assert "time is now 12.01.2027 15:00 (Europe/Berlin) — 1 nudge sent" in output
    assert "verspätet" not in output
    assert "(time only moves forward)" in output
    assert "(I could not read “bald” as a length of time." in output  # the console's note


async def test_preview_prints_the_plan_without_sending(tmp_path: Path, capsys) -> None:  # type: ignore[no-untyped-def]
    settings = settings_for(tmp_path)
    clock = start_clock()
    counter = itertools.count(1)
    app = App(settings, clock=clock, new_code=lambda: f"CODE{next(counter):04d}")
    adapter = app.add_adapter(MemoryAdapter())
    assert isinstance(adapter, MemoryAdapter)
    async with app:
        bot = Bot(app, adapter, clock)
        await bot.group_with(ben="member")
        await add_measure(bot, "Spielplatz", due=date(2027, 2, 18), responsible="ben")
    code = await preview(settings, 1, "28.2.2027", clock=clock)
    printed = capsys.readouterr().out
    assert code == 0
    assert printed.splitlines()[0].startswith("Musterstadt: ")
    assert "04.02.2027 09:00  before         → Ben" in printed
    assert "18.02.2027 09:00  due            → Ben" in printed
    assert "25.02.2027 09:00  escalation     → Anna" in printed
    assert await preview(settings, 99, "28.2.2027", clock=clock) == 2
    assert await preview(settings, 1, "irgendwann", clock=clock) == 2


async def test_scheduler_rebuilds_exact_time_jobs_from_the_database(bot: Bot) -> None:
    await bot.group_with(ben="member")
    await add_measure(bot, "Spielplatz", due=date(2027, 1, 12), responsible="ben")
    await bot.app.reminders.plan()
    scheduler = ReminderScheduler(bot.app.reminders, bot.clock)
    await scheduler.start()
    try:
        await scheduler.ready()  # the first plan runs in the background after start
        assert scheduler._scheduler is not None
        jobs = {job.id for job in scheduler._scheduler.get_jobs()}
    finally:
        await scheduler.stop()
    assert "tick" in jobs
    assert f"due-{berlin(2027, 1, 12, 9, 0).isoformat()}" in jobs


async def test_console_time_travel_into_the_night_sends_on_the_way(tmp_path: Path) -> None:
    """A jump past a nudge into the quiet hours stops at the nudge and sends it there, as the
    running bot would have; nothing is left to wait for the morning."""
    lines = [
        "anna: /setup Musterstadt",
        "anna: /vorschlag Skatepark",
        "anna: /zuweisen 1 anna",
        "anna: /frist 1 15.01.2027",  # 3 days before: 12.01. 09:00
        ">> 2027-01-12 22:00",
        ">> 2027-01-13 07:30",
    ]
    output = await _console(tmp_path, lines)
    assert (
        "time is now 12.01.2027 22:00 (Europe/Berlin) — 1 nudge sent (12.01.2027 09:00: 1)\n"
        in output
    )
    assert "time is now 13.01.2027 07:30 (Europe/Berlin) — 0 nudges sent\n" in output


def test_travel_to_a_stop_that_real_time_just_passed_carries_on() -> None:
    """A jump whose target is the time of a nudge: the clock stops there, sends, and is then
    set to the target, which real time has passed by a few milliseconds meanwhile. That must
    leave the clock where it is, not fail on "time only moves forward" (the console stopped
    answering)."""
    clock = TravelClock(RunningClock(datetime(2027, 1, 11, 9, 0, tzinfo=UTC)))
    target = datetime(2027, 1, 18, 7, 0, tzinfo=UTC)
    clock.set(target)
    assert clock.set(target) >= target  # a moment later: already there
    with pytest.raises(ValueError):
        clock.advance(timedelta(seconds=-1))  # a jump back is still refused


async def test_the_preview_leaves_out_what_went_out_before_a_pause(bot: Bot) -> None:
    await bot.group_with(ben="member")
    await add_measure(bot, "Fest", due=date(2027, 2, 18), responsible="ben")
    await add_measure(bot, "Markt", due=date(2027, 2, 12), responsible="ben")
    await bot.app.reminders.plan()
    sent = to(await run_at(bot, berlin(2027, 1, 29, 9, 0)), "dm:ben")
    assert len(sent) == 1 and "„Markt“ ist am 12.02.2027 fällig, in 14 Tagen" in sent[0]
    sent = to(await run_at(bot, berlin(2027, 2, 4, 9, 0)), "dm:ben")
    assert len(sent) == 1 and "„Fest“ ist am 18.02.2027 fällig, in 14 Tagen" in sent[0]
    await bot.ask("ben", "/erinnerungen pause=10.02.2027")
    plan = [
        (r.due_at, r.key.split(":", 3)[3])
        for r in await bot.app.reminders.preview(1, berlin(2027, 2, 19))
        if r.person_id == await person_id(bot, "ben")
    ]
    # Not the nudges of the 29th and the 4th again (the plan moves them to the pause's end as
    # well); the one the pause holds (Markt, 3 days before) on the day after it.
    assert plan == [
        (berlin(2027, 2, 11, 9, 0), "due:2027-02-12:-3"),
        (berlin(2027, 2, 12, 9, 0), "due:2027-02-12:0"),
        (berlin(2027, 2, 15, 9, 0), "due:2027-02-18:-3"),
        (berlin(2027, 2, 18, 9, 0), "due:2027-02-18:0"),
    ]
