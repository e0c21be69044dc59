"""Reminder planning: pure functions that say when nudges are due (UTC), honouring the group's
time zone, quiet hours, weekends, German public holidays and pauses. No database, no scheduler:
the reminder engine stores what these plan and sends it.
"""

from bot.reminders.calendar import STATES, HolidayCalendar, normalize_state, state_name
from bot.reminders.delivery import backoff, catch_up, held_until
from bot.reminders.plan import (
    Nudge,
    due_date_nudges,
    keep_spacing,
    meeting_nudges,
    programme_nudges,
    resumed,
    round_nudges,
    weekly_digest_nudges,
    weekly_digest_times,
)
from bot.reminders.policy import (
    Policy,
    is_allowed,
    next_allowed,
    parse_quiet_hours,
    previous_allowed,
    to_utc,
    zone,
)
from bot.reminders.recurrence import MeetingRule, parse_meeting_rule

__all__ = [
    "STATES",
    "HolidayCalendar",
    "MeetingRule",
    "Nudge",
    "Policy",
    "backoff",
    "catch_up",
    "due_date_nudges",
    "held_until",
    "is_allowed",
    "keep_spacing",
    "meeting_nudges",
    "next_allowed",
    "normalize_state",
    "state_name",
    "parse_meeting_rule",
    "parse_quiet_hours",
    "previous_allowed",
    "programme_nudges",
    "resumed",
    "round_nudges",
    "to_utc",
    "weekly_digest_nudges",
    "weekly_digest_times",
    "zone",
]
