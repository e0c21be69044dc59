"""When a group may be nudged: its time zone, quiet hours, weekends, holidays and pause.

Every function takes and returns aware datetimes in UTC; local wall-clock rules (quiet hours,
"09:00") are applied in the policy's zone, so 09:00 stays 09:00 on both sides of a DST switch.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.errors import InvalidValue
from bot.i18n import N_
from bot.reminders.calendar import HolidayCalendar, normalize_state

DEFAULT_TZ = "Europe/Berlin"

MSG_UNKNOWN_ZONE = N_("“{zone}” is not a time zone I know. Example: Europe/Berlin")
MSG_BAD_QUIET_HOURS = N_(
    "I could not read “{text}” as quiet hours. Give a start and an end time, for example "
    "20:00-07:00."
)

# How far the scans below look for an allowed day. A pause can be long; weekends and holidays
# never block more than a few days in a row, so this is only a guard against a bad policy.
_SCAN_DAYS = 3 * 366
# The latest allowed instant before a quiet period is one minute before it starts.
_MARGIN = timedelta(minutes=1)


def zone(name: str) -> ZoneInfo:
    """The time zone called ``name`` ("Europe/Berlin"); ``InvalidValue`` if there is none."""
    try:
        return ZoneInfo(name.strip())
    except (ZoneInfoNotFoundError, ValueError) as exc:
        raise InvalidValue(MSG_UNKNOWN_ZONE, zone=name) from exc


_QUIET = re.compile(
    r"^\s*(\d{1,2})(?:[:.](\d{2}))?\s*(uhr|h|[ap]\.?m\.?)?\s*(?:-|–|to|until|bis)\s*"
    r"(\d{1,2})(?:[:.](\d{2}))?\s*(uhr|h|[ap]\.?m\.?)?\s*$",
    re.IGNORECASE,
)


def _hour(hour: int, suffix: str | None) -> int | None:
    """The hour of the day (0–23) for ``hour`` with its "am"/"pm" (10pm is 22, 12am is 0),
    None when it is no hour."""
    half = (suffix or "").lower().replace(".", "")
    if half in ("am", "pm"):
        return None if not 1 <= hour <= 12 else hour % 12 + (12 if half == "pm" else 0)
    return hour if hour <= 23 else None


def parse_quiet_hours(text: str) -> tuple[time, time]:
    """Read quiet hours such as "20:00-07:00", "22-6", "21.30 bis 7 Uhr", "10pm-7am" into
    (start, end)."""
    match = _QUIET.match(text)
    if match:
        h1, m1, s1, h2, m2, s2 = match.groups()
        start, end = _hour(int(h1), s1), _hour(int(h2), s2)
        m1, m2 = int(m1 or 0), int(m2 or 0)
        if start is not None and end is not None and m1 <= 59 and m2 <= 59:
            return time(start, m1), time(end, m2)
    raise InvalidValue(MSG_BAD_QUIET_HOURS, text=text)


def to_utc(day: date, at: time, tz: ZoneInfo) -> datetime:
    """The UTC instant of wall-clock ``at`` on local ``day``.

    A wall time skipped by the spring DST switch (02:30) lands an hour later (03:30); one that
    occurs twice in autumn means its first occurrence.
    """
    return datetime.combine(day, at, tzinfo=tz).astimezone(UTC)


def aware_utc(at: datetime) -> datetime:
    """``at`` in UTC; a naive datetime is a programming error (``ValueError``)."""
    if at.tzinfo is None or at.utcoffset() is None:
        raise ValueError(f"naive datetime {at!r}: pass an aware datetime in UTC")
    return at.astimezone(UTC)


@dataclass(frozen=True)
class Policy:
    """A group's rules for nudging.

    ``quiet_start``–``quiet_end`` is a local wall-clock window without nudges; it wraps midnight
    when start > end (the default 20:00–07:00) and is empty when start == end.
    ``skip_weekends`` keeps Saturdays and Sundays free. ``skip_holidays`` keeps public holidays
    free: those of ``state`` (a German state code, validated and normalised, e.g. "TH"), or,
    without a state, those shared by all states. ``paused_until`` pauses nudges up to and
    including that local date.
    """

    tz: ZoneInfo = field(default_factory=lambda: ZoneInfo(DEFAULT_TZ))
    quiet_start: time = time(20, 0)
    quiet_end: time = time(7, 0)
    skip_weekends: bool = True
    state: str | None = None
    paused_until: date | None = None
    skip_holidays: bool = True
    _calendar: HolidayCalendar | None = field(init=False, default=None, repr=False, compare=False)

    def __post_init__(self) -> None:
        if self.state is not None:
            object.__setattr__(self, "state", normalize_state(self.state))
        if self.skip_holidays:
            object.__setattr__(self, "_calendar", HolidayCalendar(self.state))

    def in_quiet(self, at: time) -> bool:
        """Whether local wall time ``at`` is in the quiet hours."""
        start, end = self.quiet_start, self.quiet_end
        if start == end:
            return False
        if start > end:
            return at >= start or at < end
        return start <= at < end

    def holiday_name(self, day: date) -> str | None:
        """The German name of the public holiday on ``day`` that this policy keeps free."""
        return self._calendar.name(day) if self._calendar is not None else None

    def day_allowed(self, day: date) -> bool:
        """Whether nudges may go out on local ``day`` at all (weekend, holiday, pause)."""
        if self.paused_until is not None and day <= self.paused_until:
            return False
        if self.skip_weekends and day.weekday() >= 5:
            return False
        return not (self._calendar is not None and self._calendar.is_holiday(day))

    def local(self, at_utc: datetime) -> datetime:
        """``at_utc`` on the group's wall clock."""
        return aware_utc(at_utc).astimezone(self.tz)

    def _opening(self) -> time:
        """The wall time a held nudge goes out on an allowed day: when the quiet hours end
        (07:00; 18:00 with quiet hours 09:00–18:00, never at midnight because the evening's
        stretch runs on past it), or at midnight when there are none."""
        return self.quiet_end if self.quiet_start != self.quiet_end else time(0, 0)


def is_allowed(at_utc: datetime, policy: Policy) -> bool:
    """Whether a nudge may go out at ``at_utc`` under ``policy``."""
    local = policy.local(at_utc)
    return policy.day_allowed(local.date()) and not policy.in_quiet(local.time())


def _allowed_days(start: date, policy: Policy, step: int) -> list[date]:
    """Allowed local days from ``start`` (inclusive) in direction ``step``, lazily bounded."""
    days = []
    for n in range(_SCAN_DAYS):
        day = start + timedelta(days=n * step)
        if step < 0 and policy.paused_until is not None and day <= policy.paused_until:
            break  # a pause covers every earlier day as well
        if policy.day_allowed(day):
            days.append(day)
            if len(days) >= 8:
                break
    return days


def end_of_quiet(at_utc: datetime, policy: Policy) -> datetime:
    """The end of the quiet hours ``at_utc`` falls in, ignoring weekends and holidays."""
    local = policy.local(at_utc)
    day = local.date()
    if local.time() >= policy.quiet_end and policy.quiet_start > policy.quiet_end:
        day += timedelta(days=1)  # evening part of a window that wraps midnight
    return to_utc(day, policy.quiet_end, policy.tz)


def next_allowed(at_utc: datetime, policy: Policy, *, keep_time: bool = False) -> datetime:
    """The earliest instant at or after ``at_utc`` (UTC) at which ``policy`` allows a nudge.

    An allowed instant is returned unchanged. An instant in the quiet hours moves to their end
    (07:00 the same morning, or the next allowed day's 07:00 when it is in the evening). An
    instant on a weekend, holiday or paused day moves to the end of the next allowed day's
    quiet hours (07:00; midnight without quiet hours) — unless ``keep_time`` is set and its
    wall time is outside the quiet hours, in which case it keeps that wall time on the next
    allowed day (Saturday 09:00 → Monday 09:00). The planners use ``keep_time``; the result is always allowed and
    ``next_allowed`` of it is itself.
    """
    at_utc = aware_utc(at_utc)
    if is_allowed(at_utc, policy):
        return at_utc
    local = policy.local(at_utc)
    if keep_time and not policy.in_quiet(local.time()):
        wall = local.time().replace(tzinfo=None)
        first = local.date() + timedelta(days=1)
        if policy.paused_until is not None and first <= policy.paused_until:
            # From the pause's end: a nudge planned years before it keeps its 09:00 too,
            # and meets the others held by the pause at one time (one nudge, not two).
            first = policy.paused_until + timedelta(days=1)
        for day in _allowed_days(first, policy, 1):
            candidate = to_utc(day, wall, policy.tz)
            if candidate > at_utc and is_allowed(candidate, policy):
                return candidate
    start = local.date()
    if policy.paused_until is not None and start <= policy.paused_until:
        start = policy.paused_until + timedelta(days=1)
    for day in _allowed_days(start, policy, 1):
        candidate = to_utc(day, policy._opening(), policy.tz)
        if candidate > at_utc and is_allowed(candidate, policy):
            return candidate
    raise ValueError(f"no allowed time within {_SCAN_DAYS} days after {at_utc}: check {policy}")


def previous_allowed(
    at_utc: datetime,
    policy: Policy,
    *,
    keep_time: bool = False,
    not_before: datetime | None = None,
) -> datetime | None:
    """The latest instant at or before ``at_utc`` at which ``policy`` allows a nudge, or None
    when there is none at or after ``not_before``.

    Used when moving a nudge forward would make it useless (a reminder that would arrive after
    the meeting). An allowed instant is returned unchanged; otherwise, with ``keep_time`` and a
    wall time outside the quiet hours, the same wall time on the latest allowed day before;
    otherwise one minute before the latest allowed stretch ends (19:59 with quiet hours from
    20:00). A pause blocks every day up to its end, so nothing before it is allowed.
    """
    at_utc = aware_utc(at_utc)
    floor = aware_utc(not_before) if not_before is not None else None

    def fits(candidate: datetime) -> bool:
        return (
            candidate <= at_utc
            and (floor is None or candidate >= floor)
            and is_allowed(candidate, policy)
        )

    if is_allowed(at_utc, policy):
        return at_utc if fits(at_utc) else None
    local = policy.local(at_utc)
    if keep_time and not policy.in_quiet(local.time()):
        wall = local.time().replace(tzinfo=None)
        for day in _allowed_days(local.date() - timedelta(days=1), policy, -1):
            candidate = to_utc(day, wall, policy.tz)
            if fits(candidate):
                return candidate
            if floor is not None and candidate < floor:
                break
    for day in _allowed_days(local.date(), policy, -1):
        ends = [to_utc(day + timedelta(days=1), time(0, 0), policy.tz)]
        if policy.quiet_start != policy.quiet_end and policy.quiet_start != time(0, 0):
            ends.append(to_utc(day, policy.quiet_start, policy.tz))
        for end in sorted(ends, reverse=True):
            candidate = end - _MARGIN
            if fits(candidate):
                return candidate
        if floor is not None and to_utc(day, time(0, 0), policy.tz) < floor:
            return None
    return None
