"""Dates with a time of day, in the group's zone, across daylight-saving changes."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bot.errors import InvalidValue
from bot.values import format_datetime, parse_datetime, require_future_datetime
from bot.values.dates import (
    DATE_AMBIGUOUS,
    DATE_NOT_IN_CALENDAR,
    DATETIME_IN_PAST,
    DATETIME_TOO_FAR,
    DATETIME_UNREADABLE,
    TIME_NOT_ON_CLOCK,
)
from bot.values.durations import MAX_DURATION

BERLIN = ZoneInfo("Europe/Berlin")
NOW = datetime(2026, 11, 18, 10, 0, tzinfo=BERLIN)  # a Wednesday morning


def local(y: int, mo: int, d: int, h: int, mi: int = 0) -> datetime:
    return datetime(y, mo, d, h, mi, tzinfo=BERLIN)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("15.3.2027 17:00", local(2027, 3, 15, 17)),
        ("15.3.2027 17 Uhr", local(2027, 3, 15, 17)),
        ("15.3.2027 um 17 Uhr", local(2027, 3, 15, 17)),
        ("15.3.2027, 17.30 Uhr", local(2027, 3, 15, 17, 30)),
        ("15.03.2027 17:00", local(2027, 3, 15, 17)),
        ("morgen 9:30", local(2026, 11, 19, 9, 30)),
        ("morgen um 9:30", local(2026, 11, 19, 9, 30)),
        ("2027-03-15T17:00", local(2027, 3, 15, 17)),
        ("2027-03-15 17:00", local(2027, 3, 15, 17)),
        ("2027-03-15T17:00:00", local(2027, 3, 15, 17)),
        ("2027-03-15T16:00Z", local(2027, 3, 15, 17)),
        ("2027-03-15T17:00+01:00", local(2027, 3, 15, 17)),
        ("nächsten Freitag 14:00", local(2026, 11, 20, 14)),
        ("next friday at 5pm", local(2026, 11, 20, 17)),
        ("tomorrow 12am", local(2026, 11, 19, 0)),
        ("tomorrow 12 pm", local(2026, 11, 19, 12)),
        ("15.3.2027", local(2027, 3, 15, 9)),  # no time: the default time
        ("in 2 Wochen", local(2026, 12, 2, 9)),
        ("17:00", local(2026, 11, 18, 17)),  # a time alone: the next such time
        ("9:00", local(2026, 11, 19, 9)),
        ("in 3 Stunden", local(2026, 11, 18, 13)),
        ("in 30 Minuten", local(2026, 11, 18, 10, 30)),
        ("in 2 hours", local(2026, 11, 18, 12)),
        ("12:00 morgen", local(2026, 11, 19, 12)),
        ("um 17 Uhr am Freitag", local(2026, 11, 20, 17)),
        ("17.30 Uhr morgen", local(2026, 11, 19, 17, 30)),
        ("5pm tomorrow", local(2026, 11, 19, 17)),
        ("9 Uhr", local(2026, 11, 19, 9)),
        # A part of the day names a time; after a clock time it moves it past noon.
        ("morgen früh", local(2026, 11, 19, 8)),
        ("morgen in der Früh", local(2026, 11, 19, 8)),
        ("heute Morgen", local(2026, 11, 18, 8)),
        ("heute Abend", local(2026, 11, 18, 18)),
        ("Freitagabend", local(2026, 11, 20, 18)),
        ("bis Freitag Mittag", local(2026, 11, 20, 12)),
        ("Sonntagnachmittag", local(2026, 11, 22, 15)),
        ("morgen Abend 19 Uhr", local(2026, 11, 19, 19)),
        ("morgen 8 Uhr abends", local(2026, 11, 19, 20)),
        ("morgen um 7 abends", local(2026, 11, 19, 19)),
        ("Freitag 1 Uhr mittags", local(2026, 11, 20, 13)),
        ("morgen 9 Uhr morgens", local(2026, 11, 19, 9)),
        ("um 8 Uhr morgen", local(2026, 11, 19, 8)),  # "morgen" after a time is tomorrow
        ("tomorrow morning", local(2026, 11, 19, 8)),
        ("tomorrow at noon", local(2026, 11, 19, 12)),
        ("tonight", local(2026, 11, 18, 18)),
    ],
)
def test_reads_datetimes(text: str, expected: datetime) -> None:
    got = parse_datetime(text, now=NOW, tz=BERLIN)
    assert got == expected
    assert got.tzinfo == BERLIN


def test_default_time_is_used_without_a_time() -> None:
    got = parse_datetime("morgen", now=NOW, tz=BERLIN, default_time=time(18, 30))
    assert got == local(2026, 11, 19, 18, 30)


def test_now_in_another_zone_is_read_in_the_groups_zone() -> None:
    # 23:30 UTC on the 18th is already the 19th in Berlin: "morgen" is the 20th.
    now = datetime(2026, 11, 18, 23, 30, tzinfo=UTC)
    assert parse_datetime("morgen 8:00", now=now, tz=BERLIN) == local(2026, 11, 20, 8)


@pytest.mark.parametrize(
    ("text", "offset_hours"),
    [
        ("28.3.2027 01:30", 1),  # before clocks go forward
        ("28.3.2027 17:00", 2),  # after
        ("27.3.2027 17:00", 1),
        ("31.10.2027 01:00", 2),  # before clocks go back
        ("31.10.2027 17:00", 1),  # after
        ("1.11.2027 9:00", 1),
    ],
)
def test_utc_offset_on_daylight_saving_days(text: str, offset_hours: int) -> None:
    got = parse_datetime(text, now=NOW, tz=BERLIN)
    assert got.utcoffset() == timedelta(hours=offset_hours)


def test_skipped_hour_moves_forward() -> None:
    got = parse_datetime("28.3.2027 2:30", now=NOW, tz=BERLIN)
    assert got.astimezone(UTC) == datetime(2027, 3, 28, 1, 30, tzinfo=UTC)
    assert (got.hour, got.minute) == (3, 30)


def test_repeated_hour_is_the_first_of_the_two() -> None:
    got = parse_datetime("31.10.2027 2:30", now=NOW, tz=BERLIN)
    assert got.astimezone(UTC) == datetime(2027, 10, 31, 0, 30, tzinfo=UTC)


def test_relative_hours_cross_the_clock_change_in_real_time() -> None:
    now = datetime(2027, 3, 28, 1, 0, tzinfo=BERLIN)
    got = parse_datetime("in 2 Stunden", now=now, tz=BERLIN)
    assert got.astimezone(UTC) - now.astimezone(UTC) == timedelta(hours=2)
    assert (got.hour, got.utcoffset()) == (4, timedelta(hours=2))


@pytest.mark.parametrize("text", ["15.3.2027 25:00", "morgen 9:75", "13pm", "15.3.2027T24:00"])
def test_refuses_times_not_on_the_clock(text: str) -> None:
    with pytest.raises(InvalidValue):
        parse_datetime(text, now=NOW, tz=BERLIN)


def test_impossible_days_are_named_as_typed() -> None:
    with pytest.raises(InvalidValue) as err:
        parse_datetime("31.2.2027 17:00", now=NOW, tz=BERLIN)
    assert err.value.message == DATE_NOT_IN_CALENDAR
    assert err.value.params == {"text": "31.2.2027 17:00"}


def test_time_errors_name_the_problem() -> None:
    with pytest.raises(InvalidValue) as err:
        parse_datetime("morgen 25:00", now=NOW, tz=BERLIN)
    assert err.value.message == TIME_NOT_ON_CLOCK


@pytest.mark.parametrize(
    "text",
    [
        "",
        "asdf 17:00",
        "um",
        "bald",
        "15",
        "Freitag 10",
        "morgen 9",
        "15.3.2027 17",
        "Abend",
        "bald abends",
    ],
)
def test_refuses_gibberish(text: str) -> None:
    with pytest.raises(InvalidValue) as err:
        parse_datetime(text, now=NOW, tz=BERLIN)
    assert err.value.message == DATETIME_UNREADABLE


def test_formats_datetimes_in_the_groups_zone() -> None:
    dt = datetime(2027, 3, 15, 16, 0, tzinfo=UTC)
    assert format_datetime(dt, BERLIN, "de") == "15.03.2027 17:00"
    assert format_datetime(dt, BERLIN, "en") == "15 Mar 2027 17:00"
    summer = datetime(2027, 7, 1, 7, 5, tzinfo=UTC)
    assert format_datetime(summer, BERLIN, "de") == "01.07.2027 09:05"


def test_reads_english_dates_with_a_time() -> None:
    assert parse_datetime("15/12/2026 17:00", now=NOW, tz=BERLIN, lang="en") == local(
        2026, 12, 15, 17
    )
    assert parse_datetime("15 Dec 2026 5pm", now=NOW, tz=BERLIN, lang="en") == local(
        2026, 12, 15, 17
    )
    with pytest.raises(InvalidValue) as err:
        parse_datetime("03/04/2027 17:00", now=NOW, tz=BERLIN, lang="en")
    assert err.value.message == DATE_AMBIGUOUS
    assert err.value.params["text"] == "03/04/2027 17:00"


@pytest.mark.parametrize("text", ["30.2.2027 morgen", "30.2.2027 abends", "31/02/2027 morgen"])
def test_a_day_not_in_the_calendar_with_a_part_of_the_day_is_refused(text: str) -> None:
    """Typing "30.2.2027 morgen" ended in an internal error: the date's check raised while looking
    for the part of the day."""
    with pytest.raises(InvalidValue) as err:
        parse_datetime(text, now=NOW, tz=BERLIN)
    assert err.value.message == DATE_NOT_IN_CALENDAR


def test_require_future_datetime_refuses_the_past() -> None:
    assert require_future_datetime(NOW, NOW, BERLIN) == NOW
    earlier = NOW - timedelta(minutes=1)
    with pytest.raises(InvalidValue) as err:
        require_future_datetime(earlier, NOW, BERLIN)
    assert err.value.message == DATETIME_IN_PAST
    assert err.value.params == {"datetime": "18.11.2026 09:59"}


def test_require_future_datetime_refuses_more_than_ten_years_ahead() -> None:
    in_ten_years = NOW + MAX_DURATION
    assert require_future_datetime(in_ten_years, NOW, BERLIN) == in_ten_years
    with pytest.raises(InvalidValue) as err:
        require_future_datetime(in_ten_years + timedelta(minutes=1), NOW, BERLIN)
    assert err.value.message == DATETIME_TOO_FAR
    assert err.value.params == {"datetime": "25.11.2036 10:01", "years": 10}
