"""Quiet hours, weekends, German holidays, pauses and DST in the nudge policy."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, time

import pytest

from bot.errors import InvalidValue
from bot.reminders import (
    STATES,
    Policy,
    is_allowed,
    next_allowed,
    normalize_state,
    parse_quiet_hours,
    previous_allowed,
    to_utc,
    zone,
)
from bot.reminders.calendar import MSG_STATE_MEANT, MSG_STATE_MEANT_TWO, MSG_UNKNOWN_STATE
from bot.reminders.policy import MSG_BAD_QUIET_HOURS, MSG_UNKNOWN_ZONE

from .helpers import BERLIN, berlin, utc


def test_allowed_instant_is_unchanged() -> None:
    at = berlin(2027, 3, 17, 10, 15)  # a Wednesday morning
    assert next_allowed(at, Policy()) == at
    assert previous_allowed(at, Policy()) == at


def test_evening_in_quiet_hours_moves_to_next_morning() -> None:
    # Wednesday 21:30 → Thursday 07:00 (CET: 06:00 UTC)
    assert next_allowed(berlin(2027, 3, 17, 21, 30), Policy()) == utc(2027, 3, 18, 6, 0)


def test_early_morning_moves_to_end_of_quiet_hours_same_day() -> None:
    assert next_allowed(berlin(2027, 3, 17, 5, 0), Policy()) == berlin(2027, 3, 17, 7, 0)


def test_friday_evening_moves_to_monday_morning() -> None:
    assert next_allowed(berlin(2027, 3, 19, 21, 30), Policy()) == berlin(2027, 3, 22, 7, 0)


def test_saturday_moves_to_monday_0700_or_keeps_its_time() -> None:
    saturday_nine = berlin(2027, 3, 20, 9, 0)
    assert next_allowed(saturday_nine, Policy()) == berlin(2027, 3, 22, 7, 0)
    assert next_allowed(saturday_nine, Policy(), keep_time=True) == berlin(2027, 3, 22, 9, 0)


def test_weekends_allowed_when_not_skipped() -> None:
    saturday_nine = berlin(2027, 3, 20, 9, 0)
    assert next_allowed(saturday_nine, Policy(skip_weekends=False)) == saturday_nine


@pytest.mark.parametrize("state", sorted(STATES))
def test_unity_day_is_free_in_every_state(state: str) -> None:
    # 2027-10-03 is a Sunday: look at the holiday alone.
    policy = Policy(state=state, skip_weekends=False)
    assert not is_allowed(berlin(2027, 10, 3, 9, 0), policy)
    assert next_allowed(berlin(2027, 10, 3, 9, 0), policy, keep_time=True) == berlin(
        2027, 10, 4, 9, 0
    )
    # and on a weekday (Tuesday 2028-10-03) with the default policy
    assert next_allowed(berlin(2028, 10, 3, 9, 0), Policy(state=state)) == berlin(2028, 10, 4, 7, 0)


def test_reformation_day_is_free_in_thuringia_not_in_north_rhine_westphalia() -> None:
    sunday_nine = berlin(2027, 10, 31, 9, 0)  # also the day DST ends: 09:00 CET = 08:00 UTC
    assert sunday_nine == utc(2027, 10, 31, 8, 0)
    th = Policy(state="TH", skip_weekends=False)
    nw = Policy(state="NW", skip_weekends=False)
    assert next_allowed(sunday_nine, th, keep_time=True) == berlin(2027, 11, 1, 9, 0)
    assert next_allowed(sunday_nine, nw, keep_time=True) == sunday_nine
    assert th.holiday_name(date(2027, 10, 31)) == "Reformationstag"


def test_all_saints_is_free_in_north_rhine_westphalia_not_in_thuringia() -> None:
    monday_nine = berlin(2027, 11, 1, 9, 0)
    assert next_allowed(monday_nine, Policy(state="NW"), keep_time=True) == berlin(
        2027, 11, 2, 9, 0
    )
    assert next_allowed(monday_nine, Policy(state="TH"), keep_time=True) == monday_nine


def test_without_state_only_nationwide_holidays_count() -> None:
    assert is_allowed(berlin(2027, 11, 1, 9, 0), Policy())  # Allerheiligen is regional
    assert not is_allowed(berlin(2027, 3, 29, 9, 0), Policy())  # Ostermontag everywhere
    assert is_allowed(berlin(2027, 3, 29, 9, 0), Policy(skip_holidays=False))


def test_nine_local_is_seven_or_eight_utc_across_the_spring_switch() -> None:
    assert to_utc(date(2027, 3, 26), time(9, 0), BERLIN) == utc(2027, 3, 26, 8, 0)
    assert to_utc(date(2027, 3, 29), time(9, 0), BERLIN) == utc(2027, 3, 29, 7, 0)


def test_nine_local_is_seven_or_eight_utc_across_the_autumn_switch() -> None:
    assert to_utc(date(2027, 10, 29), time(9, 0), BERLIN) == utc(2027, 10, 29, 7, 0)
    assert to_utc(date(2027, 11, 1), time(9, 0), BERLIN) == utc(2027, 11, 1, 8, 0)


def test_easter_weekend_over_the_dst_switch() -> None:
    # Good Friday 2027-03-26 (CET) → past Easter Monday → Tuesday 09:00 CEST = 07:00 UTC
    assert next_allowed(berlin(2027, 3, 26, 9, 0), Policy(), keep_time=True) == utc(
        2027, 3, 30, 7, 0
    )


def test_skipped_wall_time_lands_an_hour_later() -> None:
    assert to_utc(date(2027, 3, 28), time(2, 30), BERLIN) == berlin(2027, 3, 28, 3, 30)


def test_pause_holds_nudges_through_its_last_day() -> None:
    policy = Policy(paused_until=date(2027, 3, 19))  # paused through Friday
    assert not is_allowed(berlin(2027, 3, 19, 12, 0), policy)
    assert next_allowed(berlin(2027, 3, 17, 10, 0), policy) == berlin(2027, 3, 22, 7, 0)
    assert next_allowed(berlin(2027, 3, 17, 10, 0), policy, keep_time=True) == berlin(
        2027, 3, 22, 10, 0
    )
    assert is_allowed(berlin(2027, 3, 22, 10, 0), policy)


def test_pause_without_weekends_resumes_the_next_day() -> None:
    policy = Policy(paused_until=date(2027, 3, 19), skip_weekends=False)
    assert next_allowed(berlin(2027, 3, 10, 12, 0), policy) == berlin(2027, 3, 20, 7, 0)


def test_quiet_window_that_does_not_wrap_midnight() -> None:
    policy = Policy(quiet_start=time(12, 0), quiet_end=time(14, 0))
    assert next_allowed(berlin(2027, 3, 17, 13, 0), policy) == berlin(2027, 3, 17, 14, 0)
    assert is_allowed(berlin(2027, 3, 17, 23, 0), policy)
    # from the weekend: Monday's small hours are not quiet here, but a nudge held over the
    # weekend waits for the end of the quiet hours, never goes at midnight
    assert next_allowed(berlin(2027, 3, 20, 13, 0), policy) == berlin(2027, 3, 22, 14, 0)


def test_equal_start_and_end_means_no_quiet_hours() -> None:
    policy = Policy(quiet_start=time(0, 0), quiet_end=time(0, 0))
    assert is_allowed(berlin(2027, 3, 17, 3, 0), policy)
    assert next_allowed(berlin(2027, 3, 20, 3, 0), policy) == berlin(2027, 3, 22, 0, 0)


def test_previous_allowed_goes_back_to_friday() -> None:
    sunday_five_pm = berlin(2027, 3, 21, 17, 0)
    assert previous_allowed(sunday_five_pm, Policy(), keep_time=True) == berlin(2027, 3, 19, 17, 0)
    # without keeping the time: one minute before Friday's quiet hours begin
    assert previous_allowed(sunday_five_pm, Policy()) == berlin(2027, 3, 19, 19, 59)
    # early morning: back to the previous evening
    assert previous_allowed(berlin(2027, 3, 17, 6, 0), Policy()) == berlin(2027, 3, 16, 19, 59)


def test_previous_allowed_respects_floor_and_pause() -> None:
    sunday = berlin(2027, 3, 21, 17, 0)
    assert previous_allowed(sunday, Policy(), not_before=berlin(2027, 3, 20, 0, 0)) is None
    assert previous_allowed(sunday, Policy(paused_until=date(2027, 3, 30))) is None


def test_naive_datetime_is_refused() -> None:
    with pytest.raises(ValueError):
        next_allowed(datetime(2027, 3, 17, 10, 0), Policy())


@pytest.mark.parametrize(
    ("given", "code"),
    [("TH", "TH"), ("th", "TH"), ("DE-NW", "NW"), ("Thüringen", "TH"), ("thueringen", "TH"),
     ("Nordrhein-Westfalen", "NW"), (" by ", "BY"), ("NRW", "NW"), ("nrw", "NW"),
     ("BaWü", "BW"), ("Bawue", "BW"), ("BW", "BW"), ("Bayern", "BY"), ("RLP", "RP"),
     ("nordrhein westfalen", "NW"), ("THÜRINGEN", "TH"), ("Sachsen Anhalt", "ST"),
     ("Meck-Pomm", "MV")],
)  # fmt: skip
def test_state_codes_and_names_are_accepted(given: str, code: str) -> None:
    assert normalize_state(given) == code
    assert Policy(state=given).state == code


@pytest.mark.parametrize(
    ("given", "code"),
    [("Bavaria", "BY"), ("BAVARIA", "BY"), ("North Rhine-Westphalia", "NW"),
     ("north rhine westphalia", "NW"), ("NorthRhineWestphalia", "NW"), ("Lower Saxony", "NI"),
     ("Baden-Württemberg", "BW"), ("Baden-Wuerttemberg", "BW"), ("Baden Wurttemberg", "BW"),
     ("Rhineland-Palatinate", "RP"), ("Saxony", "SN"), ("Saxony-Anhalt", "ST"),
     ("saxony anhalt", "ST"), ("Thuringia", "TH"), ("Thuringen", "TH"), ("Hesse", "HE"),
     ("Berlin", "BE"), ("Hamburg", "HH"), ("Bremen", "HB"), ("Brandenburg", "BB"),
     ("Mecklenburg-Western Pomerania", "MV"), ("Saarland", "SL"),
     ("Schleswig-Holstein", "SH")],
)  # fmt: skip
def test_english_state_names_are_accepted(given: str, code: str) -> None:
    assert normalize_state(given) == code


@pytest.mark.parametrize(
    ("given", "meant"),
    [("Bayren", ["Bayern (BY)"]), ("Bavria", ["Bavaria (BY)"]), ("Hesen", ["Hessen (HE)"]),
     ("Nordrhein", ["Nordrhein-Westfalen (NW)"]), ("Niedersachen", ["Niedersachsen (NI)"]),
     ("Saxon", ["Saxony (SN)", "Saxony-Anhalt (ST)"])],
)  # fmt: skip
def test_a_mistyped_state_is_answered_with_the_state_it_looks_like(
    given: str, meant: list[str]
) -> None:
    with pytest.raises(InvalidValue) as info:
        normalize_state(given)
    if len(meant) == 1:
        assert info.value.message == MSG_STATE_MEANT
        assert info.value.params == {"state": given, "meant": meant[0]}
    else:
        assert info.value.message == MSG_STATE_MEANT_TWO
        assert info.value.params == {"state": given, "one": meant[0], "other": meant[1]}


@pytest.mark.parametrize("given", ["XX", "Frankreich", "", "DE"])
def test_unknown_state_is_refused_with_the_list_of_codes(given: str) -> None:
    with pytest.raises(InvalidValue) as info:
        Policy(state=given)
    assert info.value.message == MSG_UNKNOWN_STATE
    assert info.value.params["state"] == given
    assert "TH" in str(info.value.params["codes"])


def test_zone_names() -> None:
    assert zone("Europe/Berlin") == BERLIN
    with pytest.raises(InvalidValue) as info:
        zone("Mars/Olympus")
    assert info.value.message == MSG_UNKNOWN_ZONE


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [("20:00-07:00", time(20), time(7)), ("22-6", time(22), time(6)),
     ("21.30 bis 7 Uhr", time(21, 30), time(7)), ("12:00 to 14:00", time(12), time(14)),
     # as English speakers write them
     ("10pm-7am", time(22), time(7)), ("9:30 p.m. to 6 a.m.", time(21, 30), time(6)),
     ("12am-6AM", time(0), time(6)), ("11pm until 12pm", time(23), time(12))],
)  # fmt: skip
def test_parse_quiet_hours(text: str, start: time, end: time) -> None:
    assert parse_quiet_hours(text) == (start, end)


@pytest.mark.parametrize("text", ["", "20", "25:00-07:00", "abends", "13pm-7am", "0am-6am"])
def test_unreadable_quiet_hours(text: str) -> None:
    with pytest.raises(InvalidValue) as info:
        parse_quiet_hours(text)
    assert info.value.message == MSG_BAD_QUIET_HOURS


def test_policies_compare_by_their_settings() -> None:
    assert Policy(state="th") == Policy(state="TH")
    assert hash(Policy(state="th")) == hash(Policy(state="TH"))


def test_replacing_a_setting_rebuilds_the_holiday_calendar() -> None:
    nw = replace(Policy(state="TH"), state="nw")
    assert nw.state == "NW"
    assert not is_allowed(berlin(2027, 11, 1, 9, 0), nw)
    paused = replace(nw, paused_until=date(2027, 11, 5))
    assert next_allowed(berlin(2027, 11, 3, 9, 0), paused) == berlin(2027, 11, 8, 7, 0)
