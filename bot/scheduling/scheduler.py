"""APScheduler 3 drives the engine: a tick every minute plus exact-time jobs for the rows due
in the next day, rebuilt from the database on start and after each tick's re-plan. The job
store is in memory: the database holds all state, so nothing is shared between processes."""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import UTC, datetime, timedelta

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.clock import Clock
from bot.scheduling.engine import ReminderEngine
from storage.repo import reminders as repo

log = logging.getLogger(__name__)

EXACT_AHEAD = timedelta(hours=24)


class ReminderScheduler:
    """Starts and stops with the app (``async with app``)."""

    def __init__(
        self, engine: ReminderEngine, clock: Clock, *, every: timedelta = timedelta(minutes=1)
    ) -> None:
        self.engine = engine
        self.clock = clock
        self.every = every
        self._scheduler: AsyncIOScheduler | None = None
        self._first_plan: asyncio.Task[None] | None = None

    def _real(self, at: datetime) -> datetime:
        to_real = getattr(self.clock, "to_real", None)
        return to_real(at) if to_real is not None else at

    async def start(self) -> None:
        """Start the tick, then plan from the database and schedule the exact-time sweeps in
        the background, so the bot answers at once even when many groups need planning.

        The first tick comes one interval after the start; it catches up what the downtime
        left due (late or summarised)."""
        scheduler = AsyncIOScheduler(timezone=UTC)
        scheduler.add_job(
            self._tick,
            "interval",
            seconds=self.every.total_seconds(),
            id="tick",
            max_instances=1,
            coalesce=True,
        )
        self._scheduler = scheduler
        scheduler.start()
        self._first_plan = asyncio.create_task(self._plan_and_schedule(), name="first-plan")

    async def _plan_and_schedule(self) -> None:
        try:
            await self.engine.plan(self.clock.now())
            await self.rebuild_exact()
        except Exception:  # the hourly re-plan tries again; never take the bot down
            log.exception("planning reminders at start failed")

    async def ready(self) -> None:
        """Wait until the first plan after start is done (tests, benchmarks)."""
        if self._first_plan is not None:
            await asyncio.shield(self._first_plan)

    async def stop(self) -> None:
        if self._first_plan is not None and not self._first_plan.done():
            self._first_plan.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._first_plan
        if self._scheduler is not None:
            self._scheduler.shutdown(wait=False)
            self._scheduler = None

    async def rebuild_exact(self) -> None:
        """One job per distinct due time in the next day, so a nudge due at 09:00:00 goes out
        then rather than at the next minute tick."""
        scheduler = self._scheduler
        if scheduler is None:
            return
        now = self.clock.now()
        async with self.engine.services.sessions() as session:
            times = await repo.next_due(session, after=now, until=now + EXACT_AHEAD)
        for job in scheduler.get_jobs():
            if job.id.startswith("due-"):
                job.remove()
        for at in times:
            scheduler.add_job(
                self._sweep,
                "date",
                run_date=self._real(at),
                id=f"due-{at.isoformat()}",
                replace_existing=True,
                misfire_grace_time=None,
            )

    async def _tick(self) -> None:
        try:
            planned_before = self.engine.last_plan
            await self.engine.tick(self.clock.now())
            if self.engine.last_plan != planned_before:
                await self.rebuild_exact()
        except Exception:
            log.exception("reminder tick failed")

    async def _sweep(self) -> None:
        try:
            await self.engine.sweep(self.clock.now())
        except Exception:
            log.exception("reminder sweep failed")
