"""The nudge planners: which reminders a measure, a round, a programme date, a meeting or the
weekly digest produce, and when (UTC), after applying the group's policy.

They are pure: the engine turns each ``Nudge`` into outbox rows, using ``Nudge.key`` (plus the
object's id and the recipient) as the dedupe key, and re-plans when the object changes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta

from bot.reminders.policy import (
    Policy,
    aware_utc,
    end_of_quiet,
    next_allowed,
    previous_allowed,
    to_utc,
)

DEFAULT_DUE_OFFSETS = (timedelta(days=14), timedelta(days=3), timedelta(days=0))
DEFAULT_OVERDUE_EVERY = timedelta(days=7)  # then every four weeks, see due_date_nudges
DEFAULT_MEETING_OFFSETS = (timedelta(days=1), timedelta(hours=2))
# When a reminder cannot go out in time after moving forward, look this far back for an
# earlier allowed slot instead (unless the caller gives a tighter bound).
_LOOKBACK = timedelta(days=4)


@dataclass(frozen=True)
class Nudge:
    """One planned reminder.

    ``at``: when to send (aware, UTC), after the policy moved it. ``planned``: when it would
    have gone out without the policy. ``kind``: 'before' | 'due' | 'overdue' (measures),
    'programme', 'round_reminder' | 'round_close', 'digest', 'meeting'. ``offset_days``: whole
    days from the event date (negative before, 0 on the day, positive overdue; 0 for
    reminders measured in hours). ``escalate``: send to the coordinators as well.
    ``key``: stable text naming this nudge of this event, e.g. "due:2027-03-15:-14".
    ``slows_down``: the last overdue nudge before the longer interval (the text says so).
    ``gap_days``: for an overdue nudge, the whole days it normally follows the nudge before it
    (7, later 28); ``keep_spacing`` holds it to that distance from what was really sent.
    """

    at: datetime
    kind: str
    offset_days: int
    escalate: bool
    key: str
    planned: datetime
    slows_down: bool = False
    gap_days: int = 0


def _whole_days(offset: timedelta) -> int:
    if offset < timedelta(0) or offset % timedelta(days=1):
        raise ValueError(f"offset {offset!r} must be a non-negative number of whole days")
    return offset.days


def _merge(nudges: Iterable[Nudge]) -> list[Nudge]:
    """Sort by send time and keep one nudge per instant: the one planned latest (the later
    kind, e.g. 'due' over 'before', or the reminder nearer the meeting)."""
    by_time: dict[datetime, Nudge] = {}
    for nudge in nudges:
        kept = by_time.get(nudge.at)
        if kept is None or nudge.planned > kept.planned:
            by_time[nudge.at] = nudge
    return [by_time[at] for at in sorted(by_time)]


def _signed(days: int) -> str:
    return f"+{days}" if days > 0 else str(days)


def due_date_nudges(
    due: date,
    policy: Policy,
    *,
    overdue_until: date,
    offsets: Iterable[timedelta] = DEFAULT_DUE_OFFSETS,
    at: time = time(9, 0),
    overdue_every: timedelta | None = DEFAULT_OVERDUE_EVERY,
    overdue_often: int = 4,
    overdue_then_every: timedelta = timedelta(days=28),
    escalate_after: timedelta = timedelta(days=7),
    label: str = "due",
    not_before: datetime | None = None,
    started: Callable[[str], bool] = lambda _key: False,
) -> list[Nudge]:
    """Nudges for a measure's due date (or a milestone) to its responsible person.

    One nudge ``offsets`` before ``due`` (default 14 days, 3 days and on the day) at local
    ``at``, then every ``overdue_every`` after it (none when it is None) while the planned day
    is on or before ``overdue_until`` (the engine passes the horizon it plans for while the
    measure is open); after ``overdue_often`` of them every ``overdue_then_every``, when that
    is longer.
    Overdue nudges at least ``escalate_after`` past due have ``escalate`` set (coordinators
    too). Each is moved by ``next_allowed(keep_time=True)``: a weekend/holiday 09:00 becomes
    09:00 on the next allowed day, unless that is past the due day; then a nudge before or on
    the day goes back to the last allowed time before it (a Saturday's 'due' on Friday 09:00).
    A nudge before the day that falls on a weekend or a public holiday kept free goes back as
    well, to the last allowed day before it (Friday, not Monday: a warning "in 3 days" that
    came on Monday could come on or after the due day; Wednesday before Ascension Day, not
    Friday), unless that time is before ``not_before`` (the plan's now: that day has passed)
    and ``started(key)`` does not say its row is already due; then it moves forward as others
    do.
    Nudges that land on the same instant are merged, keeping
    the later one (e.g. a '-3' pushed by Easter onto the due day gives one 'due' nudge), and a
    warning ahead the day before the day's own nudge, come back from a weekend or holiday,
    is left out (``_not_the_day_before``).
    Keys: "{label}:{due}:{offset}", e.g. "due:2027-03-15:-14", "due:2027-03-15:0",
    "due:2027-03-15:+7".
    """
    for every in (overdue_every or timedelta(days=1), overdue_then_every):
        if every <= timedelta(0) or every % timedelta(days=1):
            raise ValueError("overdue intervals must be positive numbers of whole days")
    escalate_days = _whole_days(escalate_after)
    plan: list[tuple[int, str]] = [
        (-days, "due" if days == 0 else "before")
        for days in sorted({_whole_days(o) for o in offsets}, reverse=True)
    ]
    day_count, overdue_count = overdue_every.days if overdue_every else 0, 0
    last_often = None  # the offset of the last nudge at the short interval
    while overdue_every and due + timedelta(days=day_count) <= overdue_until:
        plan.append((day_count, "overdue"))
        overdue_count += 1
        if overdue_count == overdue_often and overdue_then_every > overdue_every:
            last_often = day_count
        every = overdue_every
        if overdue_count >= overdue_often:
            every = max(overdue_every, overdue_then_every)
        day_count += every.days
    nudges = []
    day_over = to_utc(due + timedelta(days=1), time(0, 0), policy.tz)
    previous = 0  # the due day, for the first overdue nudge when there is no nudge before it
    for offset, kind in plan:
        gap, previous = offset - previous, offset
        planned = to_utc(due + timedelta(days=offset), at, policy.tz)
        key = f"{label}:{due.isoformat()}:{_signed(offset)}"
        send = next_allowed(planned, policy, keep_time=True)
        if kind == "before":
            send = _ahead_of_a_free_day(planned, send, key, policy, not_before, started)
        if kind != "overdue" and send >= day_over:
            # A reminder of the date comes before it is past: a Saturday due date is recalled
            # on Friday, not on Monday as already overdue.
            floor = planned - _LOOKBACK
            send = previous_allowed(planned, policy, keep_time=True, not_before=floor) or send
        nudges.append(
            Nudge(
                at=send,
                kind=kind,
                offset_days=offset,
                escalate=kind == "overdue" and offset >= escalate_days,
                key=key,
                planned=planned,
                slows_down=offset == last_often,
                gap_days=gap if kind == "overdue" else 0,
            )
        )
    return _merge(_not_the_day_before(nudges, due, policy))


def _not_the_day_before(nudges: list[Nudge], due: date, policy: Policy) -> list[Nudge]:
    """``nudges`` without a warning ahead on the day before the nudge of the date itself
    when that one came back from a weekend or holiday (due on Sunday, recalled on Friday):
    "in 3 Tagen" on Thursday and "in 2 Tagen" on Friday would read as the same twice; the
    nudge of the day says it."""
    day = next((policy.local(n.at).date() for n in nudges if n.kind == "due"), None)
    if day is None or day >= due:
        return nudges
    eve = day - timedelta(days=1)
    return [n for n in nudges if n.kind != "before" or policy.local(n.at).date() != eve]


def _on_free_day(at_utc: datetime, policy: Policy) -> bool:
    """Whether ``at_utc`` falls on a Saturday or Sunday, or on a public holiday, that
    ``policy`` keeps free (not a pause: that holds its nudges till it ends)."""
    day = policy.local(at_utc).date()
    return (policy.skip_weekends and day.weekday() >= 5) or policy.holiday_name(day) is not None


def _ahead_of_a_free_day(
    planned: datetime,
    send: datetime,
    key: str,
    policy: Policy,
    not_before: datetime | None,
    started: Callable[[str], bool],
) -> datetime:
    """A warning ahead of a date ``planned`` on a weekend or holiday kept free, that would go
    out at ``send`` (the next working day): on the last allowed day before instead, unless
    that has passed (before ``not_before``) and ``started(key)`` does not say its row already
    waits to be sent."""
    if send == planned or not _on_free_day(planned, policy):
        return send
    back = _last_day_before(planned, send, policy)
    if back is not None and (not_before is None or back >= not_before or started(key)):
        return back
    return send


def _last_day_before(planned: datetime, forward: datetime, policy: Policy) -> datetime | None:
    """For a nudge ``planned`` on a weekend or holiday that would go out at ``forward``
    (Monday 09:00, or the day after the holiday): the same wall time on the last allowed day
    before (Friday 09:00, Thursday when Friday is a holiday; Wednesday before Ascension Day),
    or None when there is none within a few days (a pause)."""
    wall = policy.local(forward).time().replace(tzinfo=None)
    day = policy.local(planned).date()
    back = previous_allowed(
        to_utc(day, wall, policy.tz), policy, keep_time=True, not_before=planned - _LOOKBACK
    )
    if back is None or policy.local(back).time().replace(tzinfo=None) != wall:
        return None
    return back


def resumed(nudge: Nudge, policy: Policy, now: datetime) -> Nudge:
    """``nudge``, whose time the plan now puts before ``now`` although its outbox row still
    waits (the pause that held it ended early, a holiday is one no more), at its wall time on
    the first allowed day from ``now`` on: late, not lost."""
    wall = policy.local(nudge.planned).time().replace(tzinfo=None)
    day = policy.local(now).date()
    at = to_utc(day, wall, policy.tz)
    if at < now:
        at = to_utc(day + timedelta(days=1), wall, policy.tz)
    return replace(nudge, at=next_allowed(at, policy, keep_time=True))


def _spaced_from(nudge: Nudge, anchor: datetime | None, policy: Policy) -> Nudge:
    """``nudge`` moved, if overdue, to at least its ``gap_days`` after ``anchor`` (that day's
    wall time, ``next_allowed``)."""
    if nudge.kind != "overdue" or nudge.gap_days <= 0 or anchor is None:
        return nudge
    earliest = policy.local(anchor).date() + timedelta(days=nudge.gap_days)
    if policy.local(nudge.at).date() >= earliest:
        return nudge
    wall = policy.local(nudge.planned).time().replace(tzinfo=None)
    return replace(
        nudge, at=next_allowed(to_utc(earliest, wall, policy.tz), policy, keep_time=True)
    )


def keep_spacing(
    nudges: Iterable[Nudge],
    policy: Policy,
    *,
    now: datetime,
    last_sent: datetime | None,
    settled: Callable[[Nudge], bool] = lambda _nudge: False,
    waiting: Callable[[Nudge], datetime | None] = lambda _nudge: None,
) -> list[Nudge]:
    """``due_date_nudges`` (or ``programme_nudges``) of one thing to one recipient with every
    overdue nudge still to come at least its ``gap_days`` (local days) after the nudge before
    it that really went out, and what a pause held and holds no more sent late, not lost.

    The planner alone cannot tell a nudge held by a pause from one sent long ago: both have
    moved to the pause's end. So the nudges ``settled`` already (their outbox rows are done,
    whatever the plan says) count by ``last_sent``, the real send time of the last nudge the
    recipient got about the same thing, and each one still to come by its planned time; one
    that would have gone out before ``now`` but did not counts for nothing, unless its row
    still waits (``waiting`` gives the time it waits for, after ``now``): then it comes
    ``resumed``. A long pause holds several nudges till its end, where they meet and are merged into the
    last; when the plan puts that one after ``now`` again but earlier than its row waits for
    (the pause ended early), the one before it whose time has passed unsent comes ``resumed``
    instead, as it would had the pause held it alone (unless that one comes as soon). An
    overdue nudge closer than its gap to the one before moves to that day's wall time
    (``next_allowed``), and the rhythm runs on from there: after a pause the held nudge goes
    out when it ends, and the next one a week after it, not three days. Nudges still to come
    that meet at one instant are merged as ``due_date_nudges`` merges them (one message, not
    two).
    """
    anchor = aware_utc(last_sent) if last_sent is not None else None
    spaced, ahead = [], []
    missed: Nudge | None = None  # the last one since the last settled whose time passed unsent
    for nudge in sorted(nudges, key=lambda n: n.at):
        if settled(nudge):
            spaced.append(nudge)
            missed = None
            continue
        held_until = waiting(nudge)
        if held_until is not None and nudge.at < now:
            nudge = resumed(nudge, policy, now)
        timely = _spaced_from(nudge, anchor, policy)
        if missed is not None and held_until is not None and now <= timely.at < held_until:
            again = _spaced_from(resumed(missed, policy, now), anchor, policy)
            if again.at < timely.at:
                ahead.append(again)
                anchor = again.at if anchor is None else max(anchor, again.at)
                timely = _spaced_from(nudge, anchor, policy)
        nudge, missed = timely, None
        if nudge.at >= now:
            anchor = nudge.at if anchor is None else max(anchor, nudge.at)
            ahead.append(nudge)
        else:
            spaced.append(nudge)
            missed = nudge
    return spaced + _merge(ahead)


def programme_nudges(
    event_date: date,
    policy: Policy,
    weeks: Iterable[int] = (8, 4, 1),
    *,
    at: time = time(9, 0),
    label: str = "programme",
    not_before: datetime | None = None,
    started: Callable[[str], bool] = lambda _key: False,
) -> list[Nudge]:
    """Nudges to the coordinators ahead of a programme date (action plan due, seal expiry,
    interim report): ``weeks`` before ``event_date`` at local ``at`` (0 weeks = on the day),
    moved like due-date nudges and merged when they meet: one ahead of the date that falls on
    a weekend or a public holiday kept free comes on the last allowed day before it (the
    Friday before; Wednesday before Ascension Day), ``not_before`` and ``started`` as for
    ``due_date_nudges``. Kind 'programme'; keys "{label}:{date}:{-days}", e.g.
    "seal_expiry:2027-06-30:-56"."""
    nudges = []
    for n in sorted(set(weeks), reverse=True):
        if n < 0:
            raise ValueError(f"weeks must not be negative: {n}")
        offset = -7 * n
        planned = to_utc(event_date + timedelta(days=offset), at, policy.tz)
        key = f"{label}:{event_date.isoformat()}:{_signed(offset)}"
        send = next_allowed(planned, policy, keep_time=True)
        if offset < 0:
            send = _ahead_of_a_free_day(planned, send, key, policy, not_before, started)
        nudges.append(
            Nudge(
                at=send,
                kind="programme",
                offset_days=offset,
                escalate=False,
                key=key,
                planned=planned,
            )
        )
    return _merge(nudges)


def _stamp(at_utc: datetime) -> str:
    return at_utc.strftime("%Y-%m-%dT%H:%MZ")


def _fmt_offset(offset: timedelta) -> str:
    minutes = int(offset.total_seconds() // 60)
    if minutes % (24 * 60) == 0:
        return f"-{minutes // (24 * 60)}d"
    if minutes % 60 == 0:
        return f"-{minutes // 60}h"
    return f"-{minutes}m"


def _before_event(
    planned: datetime, event: datetime, policy: Policy, not_before: datetime | None
) -> datetime | None:
    """``planned`` moved to an allowed time that is still before ``event``: forward first,
    else back to the latest allowed time before it (not earlier than ``not_before``)."""
    forward = next_allowed(planned, policy, keep_time=True)
    if forward < event:
        return forward
    floor = not_before if not_before is not None else planned - _LOOKBACK
    return previous_allowed(planned, policy, keep_time=True, not_before=floor)


def round_nudges(
    closes_at_utc: datetime,
    policy: Policy,
    *,
    before: timedelta = timedelta(hours=24),
    opens_at_utc: datetime | None = None,
) -> list[Nudge]:
    """Nudges for a voting round: a 'round_reminder' ``before`` the close (the engine sends it
    to those who have not voted) and a 'round_close' at the close itself.

    The reminder is moved out of quiet hours, weekends, holidays and pauses; if moving it
    forward would reach the close it goes back instead to the latest allowed time before
    (keeping its wall time on an earlier day when it can), never before ``opens_at_utc``
    (or 4 days before the planned time); if there is no such time it is left out. The close
    is not moved: results are posted when the round closes. Keys
    "round:{close}:reminder" / "round:{close}:close" with the close as "2027-03-15T16:00Z".
    """
    closes = aware_utc(closes_at_utc)
    opens = aware_utc(opens_at_utc) if opens_at_utc is not None else None
    stamp = _stamp(closes)
    nudges = []
    planned = closes - before
    if opens is None or planned >= opens:
        at = _before_event(planned, closes, policy, opens)
        if at is not None:
            nudges.append(Nudge(at, "round_reminder", 0, False, f"round:{stamp}:reminder", planned))
    nudges.append(Nudge(closes, "round_close", 0, False, f"round:{stamp}:close", closes))
    return nudges


def meeting_nudges(
    meeting_utc: datetime,
    policy: Policy,
    *,
    offsets: Iterable[timedelta] = DEFAULT_MEETING_OFFSETS,
) -> list[Nudge]:
    """Reminders before one meeting occurrence (see ``MeetingRule.occurrences``).

    The meeting time itself is never moved. Offsets of a day or more (the day-before
    reminder) follow the whole policy like a round reminder: forward, or back to the latest
    allowed time before the meeting (Monday 17:00 meeting → Friday 17:00). Shorter offsets
    (2 hours before) only avoid quiet hours and pauses — the meeting happens that day anyway —
    moving forward to the end of the quiet hours if that is still before the meeting, else
    left out. Reminders landing on the same instant are merged, keeping the one nearer the
    meeting. Kind 'meeting', offset_days = -whole days; keys
    "meeting:2027-03-09T16:00Z:-1d" / "…:-2h" / "…:-90m".
    """
    meeting = aware_utc(meeting_utc)
    nudges = []
    for offset in sorted(set(offsets), reverse=True):
        if offset <= timedelta(0):
            raise ValueError(f"meeting reminder offsets must be positive: {offset!r}")
        planned = meeting - offset
        at: datetime | None
        if offset >= timedelta(days=1):
            at = _before_event(planned, meeting, policy, None)
        else:
            local = policy.local(planned)
            paused = policy.paused_until is not None and local.date() <= policy.paused_until
            at = None if paused else planned
            if at is not None and policy.in_quiet(local.time()):
                at = end_of_quiet(planned, policy)
            if at is not None and at >= meeting:
                at = None
        if at is not None:
            nudges.append(
                Nudge(
                    at=at,
                    kind="meeting",
                    offset_days=-offset.days,
                    escalate=False,
                    key=f"meeting:{_stamp(meeting)}:{_fmt_offset(offset)}",
                    planned=planned,
                )
            )
    return _merge(nudges)


def weekly_digest_nudges(
    start_utc: datetime,
    until_utc: datetime,
    policy: Policy,
    weekday: int = 0,
    at: time = time(8, 0),
) -> list[Nudge]:
    """The weekly coordinator digest: every ``weekday`` (0 = Monday) at local ``at`` whose
    planned time is in [``start_utc``, ``until_utc``), moved like due-date nudges (Easter
    Monday → Tuesday 08:00). A digest planned in a pause is left out, not held: it is an
    overview of how things stand, and the first one after the pause gives it (one, not a held
    one on the day the pause ends and the regular one a few days later). Kind 'digest'; key
    "digest:{ISO year}-W{week}" of the planned week, e.g. "digest:2027-W13"."""
    start = aware_utc(start_utc)
    until = aware_utc(until_utc)
    day = policy.local(start).date()
    day += timedelta(days=(weekday - day.weekday()) % 7)
    nudges = []
    while True:
        planned = to_utc(day, at, policy.tz)
        if planned >= until:
            break
        paused = policy.paused_until is not None and day <= policy.paused_until
        if planned >= start and not paused:
            year, week, _ = day.isocalendar()
            nudges.append(
                Nudge(
                    at=next_allowed(planned, policy, keep_time=True),
                    kind="digest",
                    offset_days=0,
                    escalate=False,
                    key=f"digest:{year}-W{week:02d}",
                    planned=planned,
                )
            )
        day += timedelta(days=7)
    return _merge(nudges)


def weekly_digest_times(
    start_utc: datetime,
    until_utc: datetime,
    policy: Policy,
    weekday: int = 0,
    at: time = time(8, 0),
) -> list[datetime]:
    """The send times (UTC) of ``weekly_digest_nudges``."""
    return [
        n.at for n in weekly_digest_nudges(start_utc, until_utc, policy, weekday=weekday, at=at)
    ]
