"""Meeting rules in English and German, and their dates across months and DST."""

from __future__ import annotations

from datetime import date, datetime, time

import pytest

from bot.errors import InvalidValue
from bot.reminders import MeetingRule, parse_meeting_rule
from bot.reminders.recurrence import (
    MSG_RULE_BAD_DATE,
    MSG_RULE_BAD_TIME,
    MSG_RULE_MIXED,
    MSG_RULE_NO_TIME,
    MSG_RULE_NO_WEEKDAY,
    MSG_RULE_UNREADABLE,
)

from .helpers import BERLIN, berlin, utc

TODAY = date(2027, 3, 1)
TUE, MON, FRI = 1, 0, 4

SECOND_TUESDAY = MeetingRule(weekday=TUE, at=time(17, 0), nth=2)
EVERY_TUESDAY = MeetingRule(weekday=TUE, at=time(17, 0))
BIWEEKLY_TUESDAY = MeetingRule(weekday=TUE, at=time(17, 0), interval_weeks=2, anchor=TODAY)
FIRST_MONDAY = MeetingRule(weekday=MON, at=time(18, 30), nth=1)
LAST_FRIDAY = MeetingRule(weekday=FRI, at=time(16, 0), nth=-1)


@pytest.mark.parametrize(
    ("spec", "rule"),
    [
        ("every 2nd tuesday 17:00", SECOND_TUESDAY),
        ("jeden 2. Dienstag 17:00", SECOND_TUESDAY),
        ("jeden 2. Dienstag im Monat um 17 Uhr", SECOND_TUESDAY),
        ("every second Tuesday of the month at 5pm", SECOND_TUESDAY),
        ("jeden zweiten Dienstag 17.00 Uhr", SECOND_TUESDAY),
        ("every tuesday 17:00", EVERY_TUESDAY),
        ("jeden Dienstag 17 Uhr", EVERY_TUESDAY),
        ("dienstags 17 Uhr", EVERY_TUESDAY),
        ("Every Tue at 5:00 p.m.", EVERY_TUESDAY),
        ("wöchentlich am Dienstag um 17 Uhr", EVERY_TUESDAY),
        ("every 2 weeks tuesday 17:00", BIWEEKLY_TUESDAY),
        ("alle 2 Wochen Dienstag 17:00", BIWEEKLY_TUESDAY),
        ("alle zwei Wochen am Dienstag um 17 Uhr", BIWEEKLY_TUESDAY),
        ("every other tuesday 17:00", BIWEEKLY_TUESDAY),
        ("14-tägig Dienstag 17 Uhr", BIWEEKLY_TUESDAY),
        ("vierzehntaegig dienstags 17:00", BIWEEKLY_TUESDAY),
        ("first monday 18:30", FIRST_MONDAY),
        ("jeden 1. Montag 18:30", FIRST_MONDAY),
        ("erster Montag 18.30 Uhr", FIRST_MONDAY),
        ("every 1st Monday 6:30 pm", FIRST_MONDAY),
        ("last friday 16:00", LAST_FRIDAY),
        ("letzter Freitag 16:00", LAST_FRIDAY),
        ("jeden letzten Freitag im Monat um 16 Uhr", LAST_FRIDAY),
        ("the last Friday of the month at 4pm", LAST_FRIDAY),
    ],
)
def test_rule_forms_in_english_and_german(spec: str, rule: MeetingRule) -> None:
    assert parse_meeting_rule(spec, today=TODAY) == rule


def test_start_date_anchors_every_few_weeks() -> None:
    expected = MeetingRule(weekday=TUE, at=time(17), interval_weeks=2, anchor=date(2027, 3, 9))
    assert (
        parse_meeting_rule("every 2 weeks tuesday 17:00 from 2027-03-09", today=TODAY) == expected
    )
    assert parse_meeting_rule("alle 2 Wochen Dienstag 17:00 ab 9.3.2027") == expected
    assert parse_meeting_rule("alle 2 Wochen Dienstag 17:00 ab dem 09.03.2027") == expected


def test_german_am_after_a_24_hour_time_is_not_a_m() -> None:
    assert parse_meeting_rule("17:00 am Dienstag") == EVERY_TUESDAY


@pytest.mark.parametrize(
    "rule", [SECOND_TUESDAY, EVERY_TUESDAY, BIWEEKLY_TUESDAY, FIRST_MONDAY, LAST_FRIDAY]
)
def test_canonical_spec_reads_back(rule: MeetingRule) -> None:
    assert parse_meeting_rule(rule.spec()) == rule


def test_second_tuesday_across_months_and_dst() -> None:
    dates = SECOND_TUESDAY.occurrences(utc(2027, 2, 1), BERLIN, count=4)
    assert dates == [
        utc(2027, 2, 9, 16),
        utc(2027, 3, 9, 16),
        utc(2027, 4, 13, 15),
        utc(2027, 5, 11, 15),
    ]
    autumn = SECOND_TUESDAY.occurrences(utc(2027, 10, 1), "Europe/Berlin", count=2)
    assert autumn == [utc(2027, 10, 12, 15), utc(2027, 11, 9, 16)]
    assert all(d.tzinfo is not None and d.utcoffset() == utc(2027, 1, 1).utcoffset() for d in dates)


def test_weekly_stays_at_local_time_over_the_switch() -> None:
    dates = EVERY_TUESDAY.occurrences(utc(2027, 3, 20), BERLIN, count=2)
    assert dates == [berlin(2027, 3, 23, 17), berlin(2027, 3, 30, 17)]
    assert dates == [utc(2027, 3, 23, 16), utc(2027, 3, 30, 15)]


def test_every_two_weeks_counts_from_the_anchor() -> None:
    rule = parse_meeting_rule("alle 2 Wochen Dienstag 17:00 ab 9.3.2027")
    assert rule.occurrences(utc(2027, 3, 1), BERLIN, count=3) == [
        berlin(2027, 3, 9, 17), berlin(2027, 3, 23, 17), berlin(2027, 4, 6, 17),
    ]  # fmt: skip
    assert rule.occurrences(berlin(2027, 3, 10), BERLIN, count=1) == [berlin(2027, 3, 23, 17)]
    # without a start date: counted from the day the rule was set (a Monday)
    assert BIWEEKLY_TUESDAY.occurrences(utc(2027, 3, 1), BERLIN, count=2) == [
        berlin(2027, 3, 2, 17), berlin(2027, 3, 16, 17),
    ]  # fmt: skip


def test_first_monday_strictly_after_and_until() -> None:
    after = berlin(2027, 3, 1, 18, 30)  # exactly a meeting: not included
    assert FIRST_MONDAY.occurrences(after, BERLIN, count=1) == [berlin(2027, 4, 5, 18, 30)]
    upto = FIRST_MONDAY.occurrences(utc(2027, 1, 1), BERLIN, until=berlin(2027, 3, 1, 18, 30))
    assert upto == [
        berlin(2027, 1, 4, 18, 30),
        berlin(2027, 2, 1, 18, 30),
        berlin(2027, 3, 1, 18, 30),
    ]


def test_last_friday_of_each_month() -> None:
    dates = LAST_FRIDAY.occurrences(utc(2027, 3, 1), BERLIN, until=utc(2027, 5, 31))
    assert dates == [utc(2027, 3, 26, 15), utc(2027, 4, 30, 14), utc(2027, 5, 28, 14)]
    assert LAST_FRIDAY.occurrences(utc(2027, 12, 1), BERLIN, count=1) == [berlin(2027, 12, 31, 16)]


def test_fifth_weekday_skips_months_without_one() -> None:
    rule = parse_meeting_rule("jeden 5. Freitag 16 Uhr")
    assert rule.occurrences(utc(2027, 1, 1), BERLIN, count=2) == [
        berlin(2027, 1, 29, 16), berlin(2027, 4, 30, 16),
    ]  # fmt: skip


def test_count_and_until_together_stop_at_the_first_limit() -> None:
    dates = EVERY_TUESDAY.occurrences(utc(2027, 3, 1), BERLIN, count=10, until=utc(2027, 3, 20))
    assert len(dates) == 3


def test_occurrences_need_a_limit_and_an_aware_start() -> None:
    with pytest.raises(ValueError):
        EVERY_TUESDAY.occurrences(utc(2027, 3, 1), BERLIN)
    with pytest.raises(ValueError):
        EVERY_TUESDAY.occurrences(datetime(2027, 3, 1), BERLIN, count=1)
    assert EVERY_TUESDAY.occurrences(utc(2027, 3, 1), BERLIN, count=0) == []


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("every tuesday", MSG_RULE_NO_TIME),
        ("jeden Dienstag", MSG_RULE_NO_TIME),
        ("every 17:00", MSG_RULE_NO_WEEKDAY),
        ("alle 2 Wochen 17 Uhr", MSG_RULE_NO_WEEKDAY),
        ("every tuesday 25:00", MSG_RULE_BAD_TIME),
        ("jeden Dienstag 17:75", MSG_RULE_BAD_TIME),
        ("alle 2 Wochen Dienstag 17 Uhr ab 31.2.2027", MSG_RULE_BAD_DATE),
        ("every 2nd tuesday every 2 weeks 17:00", MSG_RULE_MIXED),
        ("every tuesday and thursday 17:00", MSG_RULE_UNREADABLE),
        ("jeden Dienstag 17:00 und 18:00", MSG_RULE_UNREADABLE),
        ("every 6th tuesday 17:00", MSG_RULE_UNREADABLE),
        ("tuesday tuesday 17:00", MSG_RULE_UNREADABLE),
        ("nächste Woche irgendwann", MSG_RULE_NO_TIME),
    ],
)
def test_unreadable_rules_are_refused_with_an_example(spec: str, message: str) -> None:
    with pytest.raises(InvalidValue) as info:
        parse_meeting_rule(spec, today=TODAY)
    assert info.value.message == message
    assert "17:00" in message  # every refusal shows an example


def test_unknown_word_is_named() -> None:
    with pytest.raises(InvalidValue) as info:
        parse_meeting_rule("jeden Dienstag 17 Uhr im Rathaus", today=TODAY)
    assert info.value.params == {"spec": "jeden Dienstag 17 Uhr im Rathaus", "word": "rathaus"}
