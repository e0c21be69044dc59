"""/reminders: reading its options (offsets, overdue, quiet hours, weekends, pause) into a
person's or the group's stored settings."""

from __future__ import annotations

import re
from datetime import timedelta

from bot.context import Context
from bot.errors import InvalidValue
from bot.i18n import N_
from bot.parsing import fold
from bot.reminders import parse_quiet_hours
from bot.scheduling.policies import DIRECT, GROUP, clock_text, offsets_text
from bot.values import parse_bool, parse_date, parse_duration, parse_offsets, require_future
from storage.models import GroupReminderSettings, PersonReminderSettings

MAX_OFFSET_DAYS = 120
OFF_WORDS = {"off", "aus", "none", "keine", "nein", "no"}
ON_WORDS = {"on", "an", "ein", "ja", "yes"}
DEFAULT_WORDS = {"default", "standard", "voreinstellung"}
CHANNELS = {"direct": DIRECT, "direkt": DIRECT, "dm": DIRECT, "group": GROUP, "gruppe": GROUP}

MSG_BAD_OFFSETS = N_(
    "Reminders go out whole days before a due date, at most {limit} days: “{text}” does not "
    "fit. Example: offsets=14d,3d,0d"
)
MSG_BAD_OVERDUE = N_(
    "While a measure is overdue I remind every few days, at most {limit} days apart: “{text}” "
    "does not fit. Example: overdue=14d, or overdue=off"
)
MSG_BAD_CHANNEL = N_("“{text}” is not a channel. Use channel=direct or channel=group.")


def is_off(text: str) -> bool:
    return fold(text) in OFF_WORDS


def _offset_days(ctx: Context, text: str) -> str:
    offsets = parse_offsets(text)
    days = []
    for offset in offsets:
        if offset % timedelta(days=1) or offset.days > MAX_OFFSET_DAYS:
            raise InvalidValue(MSG_BAD_OFFSETS, text=text, limit=MAX_OFFSET_DAYS)
        days.append(offset.days)
    return offsets_text(days)


def _overdue_days(text: str) -> int | None:
    """``14d`` → 14, ``off`` → 0 (no overdue nudges), ``default`` → None."""
    if fold(text) in DEFAULT_WORDS:
        return None
    if is_off(text):
        return 0
    try:
        if re.search(r"[,;]", text):  # "7d,14d": a list, not one interval
            raise InvalidValue(MSG_BAD_OVERDUE)
        every = parse_duration(text)  # one length of time: "1 Woche 2 Tage" is 9 days
    except InvalidValue:
        raise InvalidValue(MSG_BAD_OVERDUE, text=text, limit=MAX_OFFSET_DAYS) from None
    if every % timedelta(days=1) or not 0 < every.days <= MAX_OFFSET_DAYS:
        raise InvalidValue(MSG_BAD_OVERDUE, text=text, limit=MAX_OFFSET_DAYS)
    return every.days


def apply_common(
    ctx: Context, target: GroupReminderSettings | PersonReminderSettings, changed: list[str]
) -> None:
    """offsets, overdue, quiet, weekends and pause: the same for a person and a group."""
    options = ctx.options
    if "overdue" in options:
        target.overdue_days = _overdue_days(options["overdue"])
        changed.append("overdue")
    if "offsets" in options:
        wanted = options["offsets"]
        if fold(wanted) in DEFAULT_WORDS:
            target.offsets = None  # back to the group's setting, else 14, 3 and 0 days
        elif is_off(wanted):
            target.offsets = offsets_text([0])  # no lead time: on the due day only
        else:
            target.offsets = _offset_days(ctx, wanted)
        changed.append("offsets")
    if "quiet" in options:
        if is_off(options["quiet"]):
            target.quiet_start = target.quiet_end = "00:00"  # an empty window: no quiet hours
        else:
            start, end = parse_quiet_hours(options["quiet"])
            target.quiet_start, target.quiet_end = clock_text(start), clock_text(end)
        changed.append("quiet")
    if "weekends" in options:
        target.skip_weekends = not parse_bool(options["weekends"])
        changed.append("weekends")
    if "pause" in options:
        if is_off(options["pause"]):
            target.paused_until = None
        else:
            today = ctx.now.astimezone(ctx.zone).date()
            day = parse_date(options["pause"], today=today, lang=ctx.lang)
            target.paused_until = require_future(day, today, ctx.lang)
        changed.append("pause")
    target.updated_at = ctx.now
