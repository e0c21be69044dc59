"""From stored reminder settings to the planners' ``Policy`` and offsets.

A person's own setting wins over the group's, which wins over the built-in default.
"""

from __future__ import annotations

import logging
from datetime import date, time, timedelta
from functools import lru_cache

from bot.errors import InvalidValue
from bot.reminders import Policy, zone
from bot.reminders.plan import DEFAULT_DUE_OFFSETS, DEFAULT_OVERDUE_EVERY
from storage.models import Group, GroupReminderSettings, PersonReminderSettings

log = logging.getLogger(__name__)

DIRECT = "direct"
GROUP = "group"


def _clock(text: str | None) -> time | None:
    if not text:
        return None
    hours, minutes = text.split(":")
    return time(int(hours), int(minutes))


def clock_text(value: time) -> str:
    """ "20:00" for storing and showing a wall time."""
    return value.strftime("%H:%M")


@lru_cache(maxsize=512)
def make_policy(
    tz_name: str,
    state: str | None,
    quiet: tuple[time, time] | None,
    skip_weekends: bool | None,
    paused_until: date | None,
) -> Policy:
    """A Policy from plain values, memoised: building one loads the state's holiday
    calendar, and a sweep asks for the same few policies over and over. (A pure function of
    immutable values, so the cache is not shared state.)"""
    values: dict[str, object] = {"tz": zone(tz_name), "state": state, "paused_until": paused_until}
    if quiet is not None:
        values["quiet_start"], values["quiet_end"] = quiet
    if skip_weekends is not None:
        values["skip_weekends"] = skip_weekends
    return Policy(**values)  # type: ignore[arg-type]


def _quiet(start: str | None, end: str | None) -> tuple[time, time] | None:
    a, b = _clock(start), _clock(end)
    return (a, b) if a is not None and b is not None else None


def group_policy(group: Group, settings: GroupReminderSettings | None) -> Policy:
    """The group's policy: its zone and state, quiet hours, weekends and pause."""
    tz_name = group.tz or "Europe/Berlin"
    try:
        zone(tz_name)
    except InvalidValue:
        tz_name = "Europe/Berlin"
    quiet = _quiet(settings.quiet_start, settings.quiet_end) if settings else None
    weekends = settings.skip_weekends if settings else None
    paused = settings.paused_until if settings else None
    try:
        return make_policy(tz_name, group.state or None, quiet, weekends, paused)
    except InvalidValue:
        log.warning(
            "group %s has an unknown state %r; using holidays of all states", group.id, group.state
        )
        return make_policy(tz_name, None, quiet, weekends, paused)


def person_policy(base: Policy, settings: PersonReminderSettings | None) -> Policy:
    """``base`` with the person's own quiet hours, weekends and pause laid over it.

    A pause of the group and one of the person both hold: the later end wins."""
    if settings is None:
        return base
    quiet = _quiet(settings.quiet_start, settings.quiet_end) or (base.quiet_start, base.quiet_end)
    weekends = base.skip_weekends if settings.skip_weekends is None else settings.skip_weekends
    paused = base.paused_until
    if settings.paused_until is not None and (paused is None or settings.paused_until > paused):
        paused = settings.paused_until
    return make_policy(str(base.tz.key), base.state, quiet, weekends, paused)


def offsets_text(days: list[int] | tuple[int, ...]) -> str:
    """ "14,3,0" for storing."""
    return ",".join(str(d) for d in sorted(set(days), reverse=True))


def _days(text: str | None) -> tuple[int, ...] | None:
    if not text:
        return None
    return tuple(int(part) for part in text.split(",") if part.strip())


def due_offsets(
    group: GroupReminderSettings | None, person: PersonReminderSettings | None
) -> tuple[timedelta, ...]:
    """Offsets before a due date: the person's, else the group's, else 14, 3 and 0 days."""
    days = _days(person.offsets if person else None) or _days(group.offsets if group else None)
    if days is None:
        return DEFAULT_DUE_OFFSETS
    return tuple(timedelta(days=d) for d in days)


def overdue_every(
    group: GroupReminderSettings | None, person: PersonReminderSettings | None
) -> timedelta | None:
    """Days between nudges about an overdue measure: the person's, else the group's, else a
    week (later four); None when they chose none (``overdue=off``)."""
    days = next(
        (s.overdue_days for s in (person, group) if s is not None and s.overdue_days is not None),
        DEFAULT_OVERDUE_EVERY.days,
    )
    return timedelta(days=days) if days > 0 else None


def channel_of(person: PersonReminderSettings | None) -> str:
    """'direct' (default) or 'group'."""
    return person.channel if person is not None and person.channel else DIRECT
