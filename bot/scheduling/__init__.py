"""The reminder engine: plans nudges into the outbox, sweeps due rows and sends them, and the
APScheduler that drives it. The database is the source of truth; the scheduler only ticks.

Hooks other capabilities plug into (see ``bot/app.py``):

- ``PeriodicJob(name, run, every)`` with ``run(services, now)`` awaited on the engine's tick
  (voting's ``close_due_rounds``, privacy's daily ``purge``);
- ``VotingHooks`` (``open_rounds``, ``round_info``, ``non_voters``) for round reminders;
- ``replan(services, session, group_id, now)`` after a command changed a due date, the
  responsible person, a status or a programme date.
"""

from bot.scheduling.engine import (
    PeriodicJob,
    ReminderEngine,
    SweepReport,
    messenger_send,
    replan,
)
from bot.scheduling.planner import PlannedRow, RoundInfo, VotingHooks
from bot.scheduling.travel import TravelClock, console_time_travel

__all__ = [
    "PeriodicJob",
    "PlannedRow",
    "ReminderEngine",
    "RoundInfo",
    "SweepReport",
    "TravelClock",
    "VotingHooks",
    "console_time_travel",
    "messenger_send",
    "replan",
]
