"""From stored reminder settings to the planners' ``Policy`` and offsets.

A person's own setting wins over the group's, which wins over the built-in default.
"""

from __future__ import annotations

import dataclasses
import logging
from datetime import time, timedelta

from bot.errors import InvalidValue
from bot.reminders import Policy, zone
from bot.reminders.plan import DEFAULT_DUE_OFFSETS
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
    """"20:00" for storing and showing a wall time."""
    return value.strftime("%H:%M")


def group_policy(group: Group, settings: GroupReminderSettings | None) -> Policy:
    """The group's policy: its zone and state, quiet hours, weekends and pause."""
    try:
        tz = zone(group.tz or "Europe/Berlin")
    except InvalidValue:
        tz = zone("Europe/Berlin")
    state = group.state or None
    values: dict[str, object] = {"tz": tz, "state": state}
    if settings is not None:
        start, end = _clock(settings.quiet_start), _clock(settings.quiet_end)
        if start is not None and end is not None:
            values.update(quiet_start=start, quiet_end=end)
        if settings.skip_weekends is not None:
            values["skip_weekends"] = settings.skip_weekends
        values["paused_until"] = settings.paused_until
    try:
        return Policy(**values)  # type: ignore[arg-type]
    except InvalidValue:
        log.warning("group %s has an unknown state %r; using holidays of all states", group.id, state)
        values["state"] = None
        return Policy(**values)  # type: ignore[arg-type]


def person_policy(base: Policy, settings: PersonReminderSettings | None) -> Policy:
    """``base`` with the person's own quiet hours, weekends and pause laid over it.

    A pause of the group and one of the person both hold: the later end wins."""
    if settings is None:
        return base
    changes: dict[str, object] = {}
    start, end = _clock(settings.quiet_start), _clock(settings.quiet_end)
    if start is not None and end is not None:
        changes.update(quiet_start=start, quiet_end=end)
    if settings.skip_weekends is not None:
        changes["skip_weekends"] = settings.skip_weekends
    if settings.paused_until is not None and (
        base.paused_until is None or settings.paused_until > base.paused_until
    ):
        changes["paused_until"] = settings.paused_until
    return dataclasses.replace(base, **changes) if changes else base  # type: ignore[arg-type]


def offsets_text(days: list[int] | tuple[int, ...]) -> str:
    """"14,3,0" for storing."""
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


def channel_of(person: PersonReminderSettings | None) -> str:
    """'direct' (default) or 'group'."""
    return person.channel if person is not None and person.channel else DIRECT
