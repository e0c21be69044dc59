"""Properties of the policy and the meeting rules over many generated cases."""

from __future__ import annotations

import contextlib
from datetime import UTC, date, datetime, time, timedelta

import holidays
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.errors import InvalidValue
from bot.reminders import (
    STATES,
    MeetingRule,
    Policy,
    is_allowed,
    next_allowed,
    parse_meeting_rule,
    previous_allowed,
)

from .helpers import BERLIN

SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

instants = st.datetimes(
    min_value=datetime(2026, 1, 1), max_value=datetime(2030, 12, 31), timezones=st.just(UTC)
)
minutes = st.builds(time, st.integers(0, 23), st.integers(0, 59))
policies = st.builds(
    Policy,
    tz=st.just(BERLIN),
    quiet_start=minutes,
    quiet_end=minutes,
    skip_weekends=st.booleans(),
    state=st.sampled_from([None, *STATES]),
    paused_until=st.none() | st.dates(date(2026, 1, 1), date(2031, 1, 31)),
    skip_holidays=st.booleans(),
)


def quiet(p: Policy, t: time) -> bool:
    """The quiet-hours rule written out again, as an oracle."""
    if p.quiet_start == p.quiet_end:
        return False
    if p.quiet_start > p.quiet_end:
        return t >= p.quiet_start or t < p.quiet_end
    return p.quiet_start <= t < p.quiet_end


def allowed(p: Policy, at: datetime) -> bool:
    """Whether ``at`` is a time to nudge, checked against the holidays package directly."""
    local = at.astimezone(p.tz)
    day = local.date()
    if p.paused_until is not None and day <= p.paused_until:
        return False
    if p.skip_weekends and day.weekday() >= 5:
        return False
    if p.skip_holidays and day in holidays.country_holidays("DE", subdiv=p.state):
        return False
    return not quiet(p, local.time())


@SETTINGS
@given(instants, policies, st.booleans())
def test_next_allowed_is_later_allowed_and_idempotent(
    at: datetime, policy: Policy, keep_time: bool
) -> None:
    result = next_allowed(at, policy, keep_time=keep_time)
    assert result >= at
    assert result.tzinfo is UTC
    assert allowed(policy, result)
    assert is_allowed(result, policy)
    assert next_allowed(result, policy, keep_time=keep_time) == result
    if allowed(policy, at):
        assert result == at


@SETTINGS
@given(instants, policies, st.floats(0, 1, exclude_max=True))
def test_next_allowed_is_the_earliest_allowed_time(
    at: datetime, policy: Policy, fraction: float
) -> None:
    result = next_allowed(at, policy)
    between = at + (result - at) * fraction
    if between < result and allowed(policy, between):
        # The one allowed stretch skipped: the small hours of the day it lands on, before the
        # quiet hours end there (a nudge held over a weekend waits for that, not midnight).
        local, landed = policy.local(between), policy.local(result)
        assert local.date() == landed.date() and local.time() < policy.quiet_end
        assert landed.time() == policy.quiet_end


@SETTINGS
@given(instants, policies, st.booleans())
def test_previous_allowed_is_earlier_and_allowed(
    at: datetime, policy: Policy, keep_time: bool
) -> None:
    floor = at - timedelta(days=10)
    result = previous_allowed(at, policy, keep_time=keep_time, not_before=floor)
    if result is not None:
        assert floor <= result <= at
        assert allowed(policy, result)
    elif policy.paused_until is None or policy.paused_until < floor.date() - timedelta(days=1):
        # ten days always hold an allowed weekday when nothing is paused
        raise AssertionError(f"nothing allowed in the ten days before {at}")


# Wall times in 02:00–02:59 do not exist on the spring switch day; keep them out here.
meeting_times = st.builds(
    time, st.integers(0, 23).filter(lambda h: h != 2), st.sampled_from([0, 15, 30, 45])
)
rules = st.one_of(
    st.builds(MeetingRule, weekday=st.integers(0, 6), at=meeting_times),
    st.builds(
        MeetingRule,
        weekday=st.integers(0, 6),
        at=meeting_times,
        nth=st.sampled_from([1, 2, 3, 4, 5, -1]),
    ),
    st.builds(
        MeetingRule,
        weekday=st.integers(0, 6),
        at=meeting_times,
        interval_weeks=st.integers(2, 6),
        anchor=st.dates(date(2026, 1, 1), date(2029, 12, 31)),
    ),
)


@SETTINGS
@given(rules, instants)
def test_occurrences_match_the_rule(rule: MeetingRule, after: datetime) -> None:
    dates = rule.occurrences(after, BERLIN, count=6)
    assert len(dates) == 6
    assert dates == sorted(set(dates))
    assert dates[0] > after
    for moment in dates:
        local = moment.astimezone(BERLIN)
        assert moment.tzinfo is UTC
        assert local.weekday() == rule.weekday
        assert local.time() == rule.at
        if rule.nth == -1:
            assert (local + timedelta(days=7)).month != local.month
        elif rule.nth is not None:
            assert (local.day - 1) // 7 + 1 == rule.nth
        if rule.anchor is not None:
            assert local.date() >= rule.anchor
            assert (local.date() - rule.anchor).days % (7 * rule.interval_weeks) < 7
    if rule.nth is None:
        gaps = {b - a for a, b in zip(dates, dates[1:], strict=False)}
        week = timedelta(weeks=rule.interval_weeks)
        assert gaps <= {week, week - timedelta(hours=1), week + timedelta(hours=1)}


@SETTINGS
@given(rules)
def test_canonical_spec_reads_back(rule: MeetingRule) -> None:
    assert parse_meeting_rule(rule.spec()) == rule


@SETTINGS
@given(st.text(max_size=60))
def test_parser_refuses_with_invalid_value_only(text: str) -> None:
    with contextlib.suppress(InvalidValue):
        parse_meeting_rule(text, today=date(2027, 3, 1))
