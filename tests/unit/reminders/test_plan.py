"""Which nudges measures, rounds, programme dates, meetings and the digest produce, and when."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest

from bot.reminders import (
    Nudge,
    Policy,
    due_date_nudges,
    meeting_nudges,
    next_allowed,
    programme_nudges,
    round_nudges,
    weekly_digest_nudges,
    weekly_digest_times,
)

from .helpers import berlin, utc


def summary(nudges: list[Nudge]) -> list[tuple[object, ...]]:
    return [(n.at, n.kind, n.offset_days, n.escalate, n.key) for n in nudges]


# --- due dates of measures -------------------------------------------------------------


def test_due_date_default_offsets_then_weekly_overdue_with_escalation() -> None:
    nudges = due_date_nudges(date(2027, 3, 15), Policy(), overdue_until=date(2027, 4, 5))
    assert summary(nudges) == [
        (utc(2027, 3, 1, 8), "before", -14, False, "due:2027-03-15:-14"),
        (utc(2027, 3, 12, 8), "before", -3, False, "due:2027-03-15:-3"),
        (utc(2027, 3, 15, 8), "due", 0, False, "due:2027-03-15:0"),
        (utc(2027, 3, 22, 8), "overdue", 7, True, "due:2027-03-15:+7"),
        # +14 is Easter Monday (and now summer time): Tuesday 09:00 CEST
        (utc(2027, 3, 30, 7), "overdue", 14, True, "due:2027-03-15:+14"),
        (utc(2027, 4, 5, 7), "overdue", 21, True, "due:2027-03-15:+21"),
    ]
    assert nudges[4].planned == utc(2027, 3, 29, 7)


def test_overdue_nudges_are_weekly_for_four_weeks_then_every_four_weeks() -> None:
    free = Policy(skip_holidays=False)
    nudges = due_date_nudges(date(2027, 1, 4), free, offsets=(), overdue_until=date(2027, 6, 1))
    assert [n.offset_days for n in nudges] == [7, 14, 21, 28, 56, 84, 112, 140]
    assert [n.offset_days for n in nudges if n.slows_down] == [28]


def test_overdue_nudges_at_one_interval_never_say_they_slow_down() -> None:
    free = Policy(skip_holidays=False)
    nudges = due_date_nudges(
        date(2027, 1, 4),
        free,
        offsets=(),
        overdue_until=date(2027, 3, 1),
        overdue_then_every=timedelta(days=7),
    )
    assert [n.offset_days for n in nudges] == [7, 14, 21, 28, 35, 42, 49, 56]
    assert not any(n.slows_down for n in nudges)


def test_overdue_nudges_at_a_chosen_interval_or_none() -> None:
    free = Policy(skip_holidays=False)
    monthly = due_date_nudges(
        date(2027, 1, 4),
        free,
        offsets=(),
        overdue_until=date(2027, 9, 1),
        overdue_every=timedelta(days=30),
    )
    # Longer than the later four weeks: it stays at 30 days and never says it slows down.
    assert [n.offset_days for n in monthly] == [30, 60, 90, 120, 150, 180, 210, 240]
    assert not any(n.slows_down for n in monthly)
    none = due_date_nudges(
        date(2027, 1, 4), free, overdue_until=date(2027, 9, 1), overdue_every=None
    )
    assert [n.kind for n in none] == ["before", "before", "due"]


def test_due_date_without_overdue_horizon_has_no_overdue_nudges() -> None:
    nudges = due_date_nudges(date(2027, 3, 15), Policy(), overdue_until=date(2027, 3, 21))
    assert [n.kind for n in nudges] == ["before", "before", "due"]


def test_due_date_on_saturday_is_nudged_on_friday_not_monday_when_it_is_overdue() -> None:
    nudges = due_date_nudges(date(2027, 3, 20), Policy(), overdue_until=date(2027, 3, 27))
    assert summary(nudges) == [
        # 14 days before is also a Saturday: the Friday before, as a warning ahead of a date
        (berlin(2027, 3, 5, 9), "before", -14, False, "due:2027-03-20:-14"),
        (berlin(2027, 3, 17, 9), "before", -3, False, "due:2027-03-20:-3"),
        # the day itself: the last working day before it, not Monday, when it is past
        (berlin(2027, 3, 19, 9), "due", 0, False, "due:2027-03-20:0"),
        (berlin(2027, 3, 30, 9), "overdue", 7, True, "due:2027-03-20:+7"),  # Easter Monday
    ]


def test_held_nudges_go_when_the_quiet_hours_end_not_at_midnight() -> None:
    # Quiet during working hours, 09:00–18:00: the evening stretch runs on past midnight, but a
    # nudge held over the weekend goes at 18:00, when the quiet hours end.
    policy = Policy(quiet_start=time(9, 0), quiet_end=time(18, 0))
    nudges = due_date_nudges(
        date(2027, 3, 15),
        policy,
        offsets=(),
        overdue_every=timedelta(days=5),
        overdue_until=date(2027, 3, 20),
    )
    assert [n.at for n in nudges] == [berlin(2027, 3, 22, 18)]
    # A warning ahead comes on the Friday before instead, at that time too.
    nudges = due_date_nudges(
        date(2027, 3, 22), policy, offsets=(timedelta(days=2),), overdue_until=date(2027, 3, 22)
    )
    assert [n.at for n in nudges] == [berlin(2027, 3, 19, 18)]
    assert next_allowed(berlin(2027, 3, 20, 9), policy) == berlin(2027, 3, 22, 18)


def test_nudges_pushed_onto_the_same_instant_merge_into_the_later_kind() -> None:
    # due Tuesday after Easter, set on Easter Saturday: the day before is Easter Monday, and
    # the Thursday before Good Friday has passed → the due day
    offsets = (timedelta(days=14), timedelta(days=1), timedelta(days=0))
    nudges = due_date_nudges(
        date(2027, 3, 30),
        Policy(),
        offsets=offsets,
        overdue_until=date(2027, 3, 30),
        not_before=berlin(2027, 3, 27, 10),
    )
    assert summary(nudges) == [
        (berlin(2027, 3, 16, 9), "before", -14, False, "due:2027-03-30:-14"),
        (berlin(2027, 3, 30, 9), "due", 0, False, "due:2027-03-30:0"),
    ]
    # Set earlier, the warning comes on that Thursday (before: merged into the due day's).
    nudges = due_date_nudges(
        date(2027, 3, 30), Policy(), offsets=offsets, overdue_until=date(2027, 3, 30)
    )
    assert [n.at for n in nudges if n.offset_days == -1] == [berlin(2027, 3, 25, 9)]


def test_a_warning_ahead_that_falls_on_a_weekend_comes_on_the_friday_before() -> None:
    # Due Tuesday 16 March: 3 days before is Saturday. On Monday it would come the day before
    # the date; on Friday it is the warning it is meant to be.
    nudges = due_date_nudges(date(2027, 3, 16), Policy(), overdue_until=date(2027, 3, 16))
    assert summary(nudges) == [
        (berlin(2027, 3, 2, 9), "before", -14, False, "due:2027-03-16:-14"),
        (berlin(2027, 3, 12, 9), "before", -3, False, "due:2027-03-16:-3"),
        (berlin(2027, 3, 16, 9), "due", 0, False, "due:2027-03-16:0"),
    ]
    # Due Wednesday 31 March: 3 days before is the Sunday of Easter; Good Friday is a
    # holiday too, so it comes on Thursday.
    nudges = due_date_nudges(date(2027, 3, 31), Policy(), overdue_until=date(2027, 3, 31))
    assert [n.at for n in nudges if n.offset_days == -3] == [berlin(2027, 3, 25, 9)]


def test_a_warning_ahead_whose_friday_has_passed_comes_on_monday() -> None:
    # The due date is set on Saturday 13 March: Friday has passed, so Monday, as before.
    nudges = due_date_nudges(
        date(2027, 3, 16),
        Policy(),
        overdue_until=date(2027, 3, 16),
        not_before=berlin(2027, 3, 13, 10),
    )
    assert [n.at for n in nudges if n.offset_days == -3] == [berlin(2027, 3, 15, 9)]
    # Unless its row is already waiting to be sent (planned again just after 09:00 Friday).
    nudges = due_date_nudges(
        date(2027, 3, 16),
        Policy(),
        overdue_until=date(2027, 3, 16),
        not_before=berlin(2027, 3, 12, 9, 1),
        started=lambda key: key == "due:2027-03-16:-3",
    )
    assert [n.at for n in nudges if n.offset_days == -3] == [berlin(2027, 3, 12, 9)]


def test_weekends_allowed_or_a_pause_keep_the_warning_where_it_was() -> None:
    on_weekends = Policy(skip_weekends=False)
    nudges = due_date_nudges(date(2027, 3, 16), on_weekends, overdue_until=date(2027, 3, 16))
    assert [n.at for n in nudges if n.offset_days == -3] == [berlin(2027, 3, 13, 9)]
    # Paused until Friday: nothing before the weekend may come, so Monday.
    paused = Policy(paused_until=date(2027, 3, 12))
    nudges = due_date_nudges(date(2027, 3, 16), paused, overdue_until=date(2027, 3, 16))
    assert [n.at for n in nudges if n.offset_days == -3] == [berlin(2027, 3, 15, 9)]


def test_a_warning_ahead_that_falls_on_a_weekday_holiday_comes_the_working_day_before() -> None:
    # Due Sunday 9 May 2027: 3 days before is Ascension Day, Thursday 6 May (a holiday in all
    # states). On Friday it would meet the nudge of the date (recalled on Friday too) and be
    # lost in it; it comes on Wednesday.
    nudges = due_date_nudges(date(2027, 5, 9), Policy(), overdue_until=date(2027, 5, 9))
    assert summary(nudges) == [
        (berlin(2027, 4, 23, 9), "before", -14, False, "due:2027-05-09:-14"),
        (berlin(2027, 5, 5, 9), "before", -3, False, "due:2027-05-09:-3"),
        (berlin(2027, 5, 7, 9), "due", 0, False, "due:2027-05-09:0"),
    ]
    # Tag der Deutschen Einheit on Wednesday 3 October 2029, 3 days before Saturday the 6th:
    # Tuesday, not Thursday.
    nudges = due_date_nudges(date(2029, 10, 6), Policy(), overdue_until=date(2029, 10, 6))
    assert [n.at for n in nudges if n.offset_days == -3] == [berlin(2029, 10, 2, 9)]
    # Good Friday, 26 March 2027, 14 days before Friday 9 April: Thursday, not the Tuesday
    # after Easter Monday.
    nudges = due_date_nudges(date(2027, 4, 9), Policy(), overdue_until=date(2027, 4, 9))
    assert [n.at for n in nudges if n.offset_days == -14] == [berlin(2027, 3, 25, 9)]


def test_a_warning_ahead_on_a_holiday_of_the_groups_state_only_comes_the_day_before() -> None:
    # Corpus Christi, Thursday 27 May 2027, 3 days before Sunday the 30th, is a holiday in
    # North Rhine-Westphalia: Wednesday. Without a state (the holidays of all states) it is a
    # working day, the day before Friday's nudge of the date: that says it ("in 2 Tagen").
    due = date(2027, 5, 30)
    nudges = due_date_nudges(due, Policy(state="NW"), overdue_until=due)
    assert [n.at for n in nudges if n.offset_days == -3] == [berlin(2027, 5, 26, 9)]
    nudges = due_date_nudges(due, Policy(), overdue_until=due)
    assert [n.at for n in nudges if n.offset_days == -3] == []
    assert [n.at for n in nudges if n.offset_days == 0] == [berlin(2027, 5, 28, 9)]
    # Holidays not kept free: the same.
    nudges = due_date_nudges(due, Policy(state="NW", skip_holidays=False), overdue_until=due)
    assert [n.at for n in nudges if n.offset_days == -3] == []
    # Due Saturday 29 May: the warning on Wednesday is two days before Friday's nudge: it stays.
    day = date(2027, 5, 29)
    nudges = due_date_nudges(day, Policy(state="NW", skip_holidays=False), overdue_until=day)
    assert [n.at for n in nudges if n.offset_days == -3] == [berlin(2027, 5, 26, 9)]


def test_a_warning_ahead_on_a_holiday_whose_day_before_has_passed_moves_forward() -> None:
    # Due Monday 31 May 2027 (NW), warned 4 days ahead: Corpus Christi, Thursday the 27th.
    # Set on Wednesday 26 May at 10:00, the Wednesday has passed: Friday, as before.
    due, four = date(2027, 5, 31), (timedelta(days=4),)
    nudges = due_date_nudges(
        due, Policy(state="NW"), offsets=four, overdue_until=due, not_before=berlin(2027, 5, 26, 10)
    )
    assert [n.at for n in nudges] == [berlin(2027, 5, 28, 9)]
    # Set earlier: Wednesday.
    nudges = due_date_nudges(due, Policy(state="NW"), offsets=four, overdue_until=due)
    assert [n.at for n in nudges] == [berlin(2027, 5, 26, 9)]
    # Unless its row is already waiting to be sent.
    nudges = due_date_nudges(
        due,
        Policy(state="NW"),
        offsets=four,
        overdue_until=due,
        not_before=berlin(2027, 5, 26, 9, 1),
        started=lambda key: key == "due:2027-05-31:-4",
    )
    assert [n.at for n in nudges] == [berlin(2027, 5, 26, 9)]
    # Paused until Wednesday: nothing before the holiday may come, so Friday.
    paused = Policy(state="NW", paused_until=date(2027, 5, 26))
    nudges = due_date_nudges(due, paused, offsets=four, overdue_until=due)
    assert [n.at for n in nudges] == [berlin(2027, 5, 28, 9)]


def test_pause_collapses_missed_nudges_into_the_first_after_it() -> None:
    policy = Policy(paused_until=date(2027, 3, 19))
    nudges = due_date_nudges(date(2027, 3, 15), policy, overdue_until=date(2027, 3, 29))
    assert summary(nudges) == [
        (berlin(2027, 3, 22, 9), "overdue", 7, True, "due:2027-03-15:+7"),
        (berlin(2027, 3, 30, 9), "overdue", 14, True, "due:2027-03-15:+14"),
    ]


def test_due_date_respects_state_holidays_and_custom_settings() -> None:
    # Allerheiligen in NW: the on-the-day nudge comes the Friday before
    nudges = due_date_nudges(
        date(2027, 11, 1),
        Policy(state="NW"),
        offsets=(timedelta(days=0),),
        at=time(10, 30),
        overdue_until=date(2027, 11, 16),
        overdue_every=timedelta(days=14),
        escalate_after=timedelta(days=14),
        label="milestone",
    )
    assert summary(nudges) == [
        (berlin(2027, 10, 29, 10, 30), "due", 0, False, "milestone:2027-11-01:0"),
        (berlin(2027, 11, 15, 10, 30), "overdue", 14, True, "milestone:2027-11-01:+14"),
    ]


def test_due_date_nudge_keeps_nine_local_on_both_sides_of_dst() -> None:
    free = Policy(skip_holidays=False)
    before = due_date_nudges(
        date(2027, 3, 26), free, offsets=(timedelta(0),), overdue_until=date(2027, 3, 26)
    )
    after = due_date_nudges(
        date(2027, 3, 29), free, offsets=(timedelta(0),), overdue_until=date(2027, 3, 29)
    )
    assert before[0].at == utc(2027, 3, 26, 8)
    assert after[0].at == utc(2027, 3, 29, 7)
    autumn = due_date_nudges(
        date(2027, 10, 29), free, offsets=(timedelta(0),), overdue_until=date(2027, 11, 5)
    )
    assert [n.at for n in autumn] == [utc(2027, 10, 29, 7), utc(2027, 11, 5, 8)]


@pytest.mark.parametrize("offset", [timedelta(hours=5), timedelta(days=-1)])
def test_due_date_offsets_must_be_whole_days_before(offset: timedelta) -> None:
    with pytest.raises(ValueError):
        due_date_nudges(
            date(2027, 3, 15), Policy(), offsets=(offset,), overdue_until=date(2027, 3, 15)
        )


# --- voting rounds ---------------------------------------------------------------------


def test_round_reminder_24h_before_and_close() -> None:
    closes = berlin(2027, 3, 17, 17, 0)
    assert summary(round_nudges(closes, Policy())) == [
        (berlin(2027, 3, 16, 17), "round_reminder", 0, False, "round:2027-03-17T16:00Z:reminder"),
        (closes, "round_close", 0, False, "round:2027-03-17T16:00Z:close"),
    ]


def test_round_close_at_night_is_not_moved_but_reminder_is() -> None:
    closes = berlin(2027, 3, 17, 21, 0)
    nudges = round_nudges(closes, Policy())
    assert [n.at for n in nudges] == [berlin(2027, 3, 17, 7, 0), closes]


def test_round_closing_monday_morning_is_reminded_on_friday() -> None:
    closes = berlin(2027, 3, 22, 10, 0)
    assert [n.at for n in round_nudges(closes, Policy())] == [berlin(2027, 3, 19, 10, 0), closes]


def test_round_closing_before_quiet_hours_end_is_reminded_friday_evening() -> None:
    closes = berlin(2027, 3, 22, 6, 0)
    assert [n.at for n in round_nudges(closes, Policy())] == [berlin(2027, 3, 19, 19, 59), closes]


def test_short_or_paused_round_has_only_the_close() -> None:
    closes = berlin(2027, 3, 17, 17, 0)
    short = round_nudges(closes, Policy(), opens_at_utc=berlin(2027, 3, 17, 9, 0))
    assert [n.kind for n in short] == ["round_close"]
    paused = round_nudges(closes, Policy(paused_until=date(2027, 3, 17)))
    assert [n.kind for n in paused] == ["round_close"]


def test_round_reminder_never_before_the_round_opens() -> None:
    closes = berlin(2027, 3, 22, 10, 0)  # reminder would go back to Friday …
    opens = berlin(2027, 3, 20, 12, 0)  # … but the round opened on Saturday
    assert [n.kind for n in round_nudges(closes, Policy(), opens_at_utc=opens)] == ["round_close"]


# --- programme dates --------------------------------------------------------------------


def test_programme_date_eight_four_one_weeks_ahead() -> None:
    nudges = programme_nudges(date(2027, 6, 30), Policy(), label="seal_expiry")
    assert summary(nudges) == [
        (utc(2027, 5, 5, 7), "programme", -56, False, "seal_expiry:2027-06-30:-56"),
        (utc(2027, 6, 2, 7), "programme", -28, False, "seal_expiry:2027-06-30:-28"),
        (utc(2027, 6, 23, 7), "programme", -7, False, "seal_expiry:2027-06-30:-7"),
    ]


def test_programme_nudge_on_ascension_day_comes_the_day_before() -> None:
    # A week before Thursday 13 May 2027 is Ascension Day: Wednesday, not Friday.
    nudges = programme_nudges(date(2027, 5, 13), Policy(), weeks=(1, 0))
    assert [(n.at, n.key) for n in nudges] == [
        (berlin(2027, 5, 5, 9), "programme:2027-05-13:-7"),
        (berlin(2027, 5, 13, 9), "programme:2027-05-13:0"),
    ]
    # Its Wednesday passed (the date entered on Wednesday at 10:00): Friday, as before.
    nudges = programme_nudges(
        date(2027, 5, 13), Policy(), weeks=(1,), not_before=berlin(2027, 5, 5, 10)
    )
    assert [n.at for n in nudges] == [berlin(2027, 5, 7, 9)]


def test_a_programme_nudge_ahead_on_a_holiday_of_the_groups_state_comes_the_day_before() -> None:
    # The action plan is due on Thursday 3 June 2027: a week before is Corpus Christi, a
    # holiday in Bavaria (Wednesday) but not in all states (Thursday itself).
    nudges = programme_nudges(date(2027, 6, 3), Policy(state="BY"), weeks=(1,))
    assert [n.at for n in nudges] == [berlin(2027, 5, 26, 9)]
    assert [n.at for n in programme_nudges(date(2027, 6, 3), Policy(), weeks=(1,))] == [
        berlin(2027, 5, 27, 9)
    ]
    # Tag der Deutschen Einheit, Wednesday 3 October 2029, 4 weeks before 31 October: Tuesday.
    nudges = programme_nudges(date(2029, 10, 31), Policy(state="TH"), weeks=(4,))
    assert [n.at for n in nudges] == [berlin(2029, 10, 2, 9)]


def test_a_programme_nudge_ahead_on_a_weekend_comes_on_the_friday_before() -> None:
    # The seal ends on Sunday 21 March 2027: 8, 4 and 1 weeks before are Sundays too, and
    # come on the Fridays before, not on the Mondays after.
    nudges = programme_nudges(date(2027, 3, 21), Policy(), label="seal_expiry")
    assert [(n.at, n.key) for n in nudges] == [
        (berlin(2027, 1, 22, 9), "seal_expiry:2027-03-21:-56"),
        (berlin(2027, 2, 19, 9), "seal_expiry:2027-03-21:-28"),
        (berlin(2027, 3, 12, 9), "seal_expiry:2027-03-21:-7"),
    ]
    # The Friday has passed (the date entered on Saturday 13 March): Monday, as before.
    nudges = programme_nudges(
        date(2027, 3, 21), Policy(), weeks=(1,), not_before=berlin(2027, 3, 13, 10)
    )
    assert [n.at for n in nudges] == [berlin(2027, 3, 15, 9)]
    # Weekends allowed: the Sunday itself.
    nudges = programme_nudges(date(2027, 3, 21), Policy(skip_weekends=False), weeks=(1,))
    assert [n.at for n in nudges] == [berlin(2027, 3, 14, 9)]


# --- weekly digest ---------------------------------------------------------------------


def test_weekly_digest_monday_eight_local_moves_off_easter_monday() -> None:
    start, until = utc(2027, 3, 1), utc(2027, 4, 12)
    nudges = weekly_digest_nudges(start, until, Policy())
    assert [(n.at, n.key) for n in nudges] == [
        (utc(2027, 3, 1, 7), "digest:2027-W09"),
        (utc(2027, 3, 8, 7), "digest:2027-W10"),
        (utc(2027, 3, 15, 7), "digest:2027-W11"),
        (utc(2027, 3, 22, 7), "digest:2027-W12"),
        (utc(2027, 3, 30, 6), "digest:2027-W13"),  # Tuesday 08:00 CEST
        (utc(2027, 4, 5, 6), "digest:2027-W14"),
    ]
    assert weekly_digest_times(start, until, Policy()) == [n.at for n in nudges]


def test_a_pause_leaves_out_its_digests_and_the_first_monday_after_it_brings_one() -> None:
    # Paused until Thursday 18 March: no digest on Friday the 19th, then Monday the 22nd.
    nudges = weekly_digest_nudges(
        utc(2027, 3, 1), utc(2027, 3, 30), Policy(paused_until=date(2027, 3, 18))
    )
    assert [(n.at, n.key) for n in nudges] == [
        (utc(2027, 3, 22, 7), "digest:2027-W12"),
        (utc(2027, 3, 30, 6), "digest:2027-W13"),  # Easter Monday: Tuesday
    ]


def test_weekly_digest_window_is_half_open_and_weekday_configurable() -> None:
    friday = weekly_digest_times(
        berlin(2027, 3, 5, 8, 0), berlin(2027, 3, 19, 8, 0), Policy(), weekday=4, at=time(8)
    )
    assert friday == [berlin(2027, 3, 5, 8), berlin(2027, 3, 12, 8)]


# --- meetings --------------------------------------------------------------------------


def test_meeting_reminders_day_before_and_two_hours_before() -> None:
    meeting = berlin(2027, 3, 9, 17, 0)
    assert summary(meeting_nudges(meeting, Policy())) == [
        (berlin(2027, 3, 8, 17), "meeting", -1, False, "meeting:2027-03-09T16:00Z:-1d"),
        (berlin(2027, 3, 9, 15), "meeting", 0, False, "meeting:2027-03-09T16:00Z:-2h"),
    ]


def test_monday_meeting_is_announced_on_friday() -> None:
    meeting = berlin(2027, 3, 8, 8, 0)
    assert [n.at for n in meeting_nudges(meeting, Policy())] == [
        berlin(2027, 3, 5, 8, 0),
        berlin(2027, 3, 8, 7, 0),  # 06:00 is quiet; 07:00 is still before the meeting
    ]


def test_weekend_meeting_keeps_its_short_reminder() -> None:
    meeting = berlin(2027, 3, 13, 10, 0)  # Saturday
    assert [n.at for n in meeting_nudges(meeting, Policy())] == [
        berlin(2027, 3, 12, 10, 0),
        berlin(2027, 3, 13, 8, 0),
    ]


def test_early_meeting_drops_a_reminder_that_quiet_hours_would_push_past_it() -> None:
    meeting = berlin(2027, 3, 10, 6, 30)
    nudges = meeting_nudges(meeting, Policy())
    assert [n.key for n in nudges] == ["meeting:2027-03-10T05:30Z:-1d"]
    assert nudges[0].at == berlin(2027, 3, 9, 7, 0)


def test_meeting_after_easter_is_announced_before_good_friday() -> None:
    meeting = berlin(2027, 3, 30, 17, 0)  # Tuesday after Easter, summer time
    nudges = meeting_nudges(meeting, Policy(), offsets=(timedelta(days=1), timedelta(minutes=90)))
    assert [(n.at, n.key) for n in nudges] == [
        (berlin(2027, 3, 25, 17, 0), "meeting:2027-03-30T15:00Z:-1d"),
        (berlin(2027, 3, 30, 15, 30), "meeting:2027-03-30T15:00Z:-90m"),
    ]
    assert nudges[0].at == utc(2027, 3, 25, 16, 0)


def test_paused_meeting_reminders_are_left_out() -> None:
    meeting = berlin(2027, 3, 9, 17, 0)
    assert meeting_nudges(meeting, Policy(paused_until=date(2027, 3, 9))) == []


def test_meeting_offsets_must_be_positive() -> None:
    with pytest.raises(ValueError):
        meeting_nudges(berlin(2027, 3, 9, 17), Policy(), offsets=(timedelta(0),))
