"""Dates typed in German and English, read relative to a fixed day."""

from __future__ import annotations

from datetime import date

import pytest

from bot.errors import InvalidValue
from bot.values import file_date, format_date, parse_date, require_future
from bot.values.dates import (
    DATE_AMBIGUOUS,
    DATE_IN_PAST,
    DATE_NOT_IN_CALENDAR,
    DATE_UNREADABLE,
    NO_SUCH_WEEK,
)

TODAY = date(2026, 11, 18)  # a Wednesday


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("15.3.2027", date(2027, 3, 15)),
        ("15.03.2027", date(2027, 3, 15)),
        ("15.3.27", date(2027, 3, 15)),
        ("15. 3. 2027", date(2027, 3, 15)),
        ("15.3.", date(2027, 3, 15)),
        ("15.3", date(2027, 3, 15)),
        ("1.12.", date(2026, 12, 1)),
        ("18.11.", date(2026, 11, 18)),  # today counts as the next such date
        ("17.11.", date(2027, 11, 17)),
        ("2027-03-15", date(2027, 3, 15)),
        ("15. März 2027", date(2027, 3, 15)),
        ("15. Maerz 2027", date(2027, 3, 15)),
        ("15 march 2027", date(2027, 3, 15)),
        ("15. März", date(2027, 3, 15)),
        ("3. Dezember", date(2026, 12, 3)),
        ("März 2027", date(2027, 3, 31)),
        ("Ende Juni", date(2027, 6, 30)),
        ("Ende Juni 2028", date(2028, 6, 30)),
        ("Ende November", date(2026, 11, 30)),
        ("Anfang Juli", date(2027, 7, 1)),
        ("Anfang Dezember", date(2026, 12, 1)),
        ("Mitte Mai", date(2027, 5, 15)),
        ("Ende Februar", date(2027, 2, 28)),
        ("Ende des Monats", date(2026, 11, 30)),
        ("heute", TODAY),
        ("Heute", TODAY),
        ("morgen", date(2026, 11, 19)),
        ("übermorgen", date(2026, 11, 20)),
        ("uebermorgen", date(2026, 11, 20)),
        ("gestern", date(2026, 11, 17)),
        ("nächsten Freitag", date(2026, 11, 20)),
        ("naechsten freitag", date(2026, 11, 20)),
        ("Nächster Montag", date(2026, 11, 23)),
        ("Freitag", date(2026, 11, 20)),
        ("am Freitag", date(2026, 11, 20)),
        ("Mittwoch", date(2026, 11, 25)),  # a weekday is always after today
        ("übernächsten Freitag", date(2026, 11, 27)),
        ("letzten Freitag", date(2026, 11, 13)),  # refused as past where a deadline is asked
        ("Ende letzter Woche", date(2026, 11, 13)),
        ("in 2 Wochen", date(2026, 12, 2)),
        ("in 3 Tagen", date(2026, 11, 21)),
        ("in einem Tag", date(2026, 11, 19)),
        ("in einer Woche", date(2026, 11, 25)),
        ("in einem Monat", date(2026, 12, 18)),
        ("in 2 Monaten", date(2027, 1, 18)),
        ("in einem Jahr", date(2027, 11, 18)),
        ("vor 3 Tagen", date(2026, 11, 15)),
        ("next friday", date(2026, 11, 20)),
        ("Next Friday", date(2026, 11, 20)),
        ("friday", date(2026, 11, 20)),
        ("today", TODAY),
        ("tomorrow", date(2026, 11, 19)),
        ("day after tomorrow", date(2026, 11, 20)),
        ("in 2 weeks", date(2026, 12, 2)),
        ("in a month", date(2026, 12, 18)),
        ("2 weeks from now", date(2026, 12, 2)),
        ("3 days ago", date(2026, 11, 15)),
        ("end of june", date(2027, 6, 30)),
        ("beginning of july", date(2027, 7, 1)),
        ("mid-may", date(2027, 5, 15)),
        ("March 15, 2027", date(2027, 3, 15)),
        ("March 15th, 2027", date(2027, 3, 15)),
        ("15th of March 2027", date(2027, 3, 15)),
        ("March 15", date(2027, 3, 15)),
        # deadlines as administrations write them: a month, quarter, half year, calendar week
        # or year means its end ("bis", "im", "spätestens" change nothing)
        ("im Mai", date(2027, 5, 31)),
        ("in May", date(2027, 5, 31)),
        ("bis Mai", date(2027, 5, 31)),
        ("bis Ende Mai 2028", date(2028, 5, 31)),
        ("im November", date(2026, 11, 30)),
        ("bis 15.12.", date(2026, 12, 15)),
        ("bis zum 15.12.2027", date(2027, 12, 15)),
        ("spätestens Ende Juni", date(2027, 6, 30)),
        ("spaetestens am Freitag", date(2026, 11, 20)),
        ("by Friday", date(2026, 11, 20)),
        ("Q2", date(2027, 6, 30)),
        ("Q4", date(2026, 12, 31)),
        ("Q2 2028", date(2028, 6, 30)),
        ("Q3/2027", date(2027, 9, 30)),
        ("Ende Q1 2027", date(2027, 3, 31)),
        ("Anfang Q4", date(2027, 10, 1)),  # 1.10.2026 has passed
        ("2. Quartal 2027", date(2027, 6, 30)),
        ("im 3. Quartal", date(2027, 9, 30)),
        ("3rd quarter of 2027", date(2027, 9, 30)),
        ("1. Halbjahr 2027", date(2027, 6, 30)),
        ("zweites Halbjahr", date(2026, 12, 31)),
        ("H1", date(2027, 6, 30)),
        ("second half of 2027", date(2027, 12, 31)),
        ("KW 12", date(2027, 3, 26)),  # the Friday of ISO week 12
        ("KW47", date(2026, 11, 20)),  # this week
        ("KW 46", date(2027, 11, 19)),  # last week: next year's
        ("Anfang KW 12", date(2027, 3, 22)),
        ("KW 12/2028", date(2028, 3, 24)),
        ("Kalenderwoche 53 2026", date(2027, 1, 1)),  # 2026 has 53 ISO weeks
        ("week 5", date(2027, 2, 5)),
        ("Ende 2027", date(2027, 12, 31)),
        ("Mitte 2028", date(2028, 6, 30)),
        ("Anfang 2027", date(2027, 1, 1)),
        ("end of 2027", date(2027, 12, 31)),
        ("Jahresende", date(2026, 12, 31)),
        ("bis Ende des Jahres", date(2026, 12, 31)),
        ("  15.3.2027  ", date(2027, 3, 15)),
        ("zum 1.7.", date(2027, 7, 1)),
        ("am 3.3.2027", date(2027, 3, 3)),
        ("on 3 March", date(2027, 3, 3)),
        # Seasons as the weather service counts them, read like a quarter: their last day.
        ("Sommer 2027", date(2027, 8, 31)),
        ("im Frühjahr", date(2027, 5, 31)),
        ("Fruehling 2028", date(2028, 5, 31)),
        ("bis Ende des Sommers", date(2027, 8, 31)),
        ("im Herbst", date(2026, 11, 30)),  # this autumn has not ended
        ("Anfang Herbst 2027", date(2027, 9, 1)),
        ("Mitte Frühjahr", date(2027, 4, 15)),
        ("Herbst 27", date(2027, 11, 30)),
        ("early summer 2027", date(2027, 6, 1)),
        ("in the fall", date(2026, 11, 30)),
        # Weeks named from this one end on their Friday, like "KW 12" (a deadline).
        ("next week", date(2026, 11, 27)),
        ("nächste Woche", date(2026, 11, 27)),
        ("bis nächste Woche", date(2026, 11, 27)),
        ("Ende nächster Woche", date(2026, 11, 27)),
        ("Anfang der nächsten Woche", date(2026, 11, 23)),
        ("übernächste Woche", date(2026, 12, 4)),
        ("the week after next", date(2026, 12, 4)),
        ("diese Woche", date(2026, 11, 20)),
        ("end of this week", date(2026, 11, 20)),
        # A part of the day leaves the day as it is; "heute Morgen" is this morning (it was
        # read as tomorrow) and "bis morgen" is still tomorrow.
        ("morgen früh", date(2026, 11, 19)),
        ("heute Morgen", TODAY),
        ("Freitagabend", date(2026, 11, 20)),
        ("bis Freitag Nachmittag", date(2026, 11, 20)),
        ("Montag, abends", date(2026, 11, 23)),
        ("tomorrow morning", date(2026, 11, 19)),
        ("this evening", TODAY),
        ("bis morgen", date(2026, 11, 19)),
        ("übermorgen", date(2026, 11, 20)),
    ],
)
def test_reads_dates(text: str, expected: date) -> None:
    assert parse_date(text, today=TODAY) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("next month", date(2026, 12, 31)),
        ("nächsten Monat", date(2026, 12, 31)),
        ("im kommenden Monat", date(2026, 12, 31)),
        ("bis nächsten Monat", date(2026, 12, 31)),
        ("by next month", date(2026, 12, 31)),
        ("Anfang nächsten Monats", date(2026, 12, 1)),
        ("early next month", date(2026, 12, 1)),
        ("Mitte nächsten Monats", date(2026, 12, 15)),
        ("diesen Monat", date(2026, 11, 30)),
        ("this month", date(2026, 11, 30)),
        ("übernächsten Monat", date(2027, 1, 31)),
        ("the month after next", date(2027, 1, 31)),
        ("nächstes Jahr", date(2027, 12, 31)),
        ("next year", date(2027, 12, 31)),
        ("Anfang nächsten Jahres", date(2027, 1, 1)),
        ("in einem Monat", date(2026, 12, 18)),  # a count keeps the day of month
        ("in one month", date(2026, 12, 18)),
    ],
)
def test_a_month_or_year_named_from_this_one_is_read_as_a_month_or_year_by_its_name(
    text: str, expected: date
) -> None:
    """A due date of "nächsten Monat" or "next month" means next month as "Dezember" does:
    its last day. Before, both were a month from today (18.12.), a day nobody named."""
    assert parse_date(text, today=TODAY) == expected


def test_last_month_since_is_its_first_day() -> None:
    assert parse_date("letzten Monat", today=TODAY, past=True) == date(2026, 10, 1)
    assert parse_date("last month", today=TODAY, past=True) == date(2026, 10, 1)


@pytest.mark.parametrize(
    ("today", "text", "expected"),
    [
        (date(2027, 12, 31), "morgen", date(2028, 1, 1)),
        (date(2027, 12, 31), "Freitag", date(2028, 1, 7)),
        (date(2027, 12, 30), "nächsten Montag", date(2028, 1, 3)),
        (date(2027, 12, 30), "15.3.", date(2028, 3, 15)),
        (date(2027, 12, 30), "2.1.", date(2028, 1, 2)),
        (date(2027, 12, 30), "Anfang Januar", date(2028, 1, 1)),
        (date(2027, 12, 30), "Ende Dezember", date(2027, 12, 31)),
        (date(2027, 12, 25), "in 2 Wochen", date(2028, 1, 8)),
        (date(2027, 12, 15), "in einem Monat", date(2028, 1, 15)),
        (date(2027, 1, 31), "in einem Monat", date(2027, 2, 28)),
        (date(2028, 1, 31), "in einem Monat", date(2028, 2, 29)),
        (date(2028, 1, 10), "Ende Februar", date(2028, 2, 29)),
        (date(2028, 3, 1), "Ende Februar", date(2029, 2, 28)),
        (date(2026, 11, 18), "29.2.", date(2028, 2, 29)),
        (date(2028, 2, 29), "in einem Jahr", date(2029, 2, 28)),
    ],
)
def test_reads_dates_around_new_year_and_leap_days(today: date, text: str, expected: date) -> None:
    assert parse_date(text, today=today) == expected


def test_leap_day_exists_only_in_leap_years() -> None:
    assert parse_date("29.2.2028", today=TODAY) == date(2028, 2, 29)
    with pytest.raises(InvalidValue) as err:
        parse_date("29.2.2027", today=TODAY)
    assert err.value.message == DATE_NOT_IN_CALENDAR


@pytest.mark.parametrize(
    "text",
    [
        "31.2.2027",
        "32.1.2027",
        "15.13.2027",
        "0.1.2027",
        "2027-02-30",
    ],
)
def test_refuses_days_not_in_the_calendar(text: str) -> None:
    with pytest.raises(InvalidValue) as err:
        parse_date(text, today=TODAY)
    assert err.value.message == DATE_NOT_IN_CALENDAR
    assert err.value.params == {"text": text}


@pytest.mark.parametrize("text", ["KW 53 2027", "KW 0", "KW 60"])
def test_refuses_calendar_weeks_no_year_has_with_the_range(text: str) -> None:
    """Not "does the month have that many days?": there is no month in "KW 60"."""
    with pytest.raises(InvalidValue) as err:
        parse_date(text, today=TODAY)
    assert err.value.message == NO_SUCH_WEEK
    assert err.value.params == {"text": text}


@pytest.mark.parametrize(
    "text",
    [
        *("", "   ", "asdf", "Weihnachten?", "!!!", "15.3.2027.5", "🎉", "15", "2027"),
        *("Freitag 10", "Q5", "H3", "5. Quartal", "bis", "bis bis Mai", "am", "zum zum 1.7."),
        # Winter spans two years; "Winter 2027" means different months to different people.
        *("im Winter", "Winter 2027", "Sommerferien"),
    ],
)
def test_refuses_gibberish_with_examples(text: str) -> None:
    with pytest.raises(InvalidValue) as err:
        parse_date(text, today=TODAY)
    assert err.value.message == DATE_UNREADABLE
    assert "Examples" in err.value.message


def test_refuses_years_out_of_range() -> None:
    with pytest.raises(InvalidValue):
        parse_date("in 99999 Jahren", today=TODAY)
    with pytest.raises(InvalidValue):
        parse_date("1.1.1066", today=TODAY)


def test_refuses_overlong_text_before_reading_it() -> None:
    with pytest.raises(InvalidValue) as err:
        parse_date("15.3.2027" + " " * 300, today=TODAY)
    assert err.value.params == {"max": 200}


def test_same_text_same_day_same_answer() -> None:
    other = date(2030, 6, 3)
    assert parse_date("next week", today=other) == date(2030, 6, 14)
    assert parse_date("in einer Woche", today=other) == date(2030, 6, 10)
    assert parse_date("Freitag", today=other) == date(2030, 6, 7)


def test_formats_dates_per_language() -> None:
    """An English reader gets the month as a word: "2027-03-05" reads as a database's date,
    and "03/05/2027" means different days in London and New York."""
    assert format_date(date(2027, 3, 5), "de") == "05.03.2027"
    assert format_date(date(2027, 3, 5), "en") == "5 Mar 2027"
    assert format_date(date(2026, 12, 15), "en") == "15 Dec 2026"
    assert format_date(date(2027, 9, 30), "en") == "30 Sep 2027"


def test_files_keep_their_dates() -> None:
    """Exports are read back by spreadsheets and the importer: their dates stay as they were."""
    assert file_date(date(2027, 3, 5), "de") == "05.03.2027"
    assert file_date(date(2027, 3, 5), "en") == "2027-03-05"


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("15/12/2026", date(2026, 12, 15)),  # 15 is no month: day/month
        ("12/15/2026", date(2026, 12, 15)),  # 15 is no month: month/day
        ("5/5/2027", date(2027, 5, 5)),  # the same either way
        ("by 12/15/26", date(2026, 12, 15)),
        ("15 Dec 2026", date(2026, 12, 15)),
        ("Dec 15, 2026", date(2026, 12, 15)),
        ("December 15", date(2026, 12, 15)),
        ("15 Mar 2027", date(2027, 3, 15)),
        ("30 Sep 2027", date(2027, 9, 30)),
    ],
)
def test_reads_english_dates(text: str, expected: date) -> None:
    assert parse_date(text, today=TODAY, lang="en") == expected


@pytest.mark.parametrize(
    ("text", "one", "other", "iso"),
    [
        ("03/04/2027", "3 Apr 2027", "4 Mar 2027", "2027-04-03"),
        ("3/4/27", "3 Apr 2027", "4 Mar 2027", "2027-04-03"),
        ("by 1/12/2026", "1 Dec 2026", "12 Jan 2026", "2026-12-01"),
    ],
)
def test_refuses_a_slashed_date_an_english_reader_could_read_both_ways(
    text: str, one: str, other: str, iso: str
) -> None:
    with pytest.raises(InvalidValue) as err:
        parse_date(text, today=TODAY, lang="en")
    assert err.value.message == DATE_AMBIGUOUS
    assert err.value.params == {"text": text, "one": one, "other": other, "iso": iso}


@pytest.mark.parametrize("lang", ["de", "en"])
@pytest.mark.parametrize("text", ["12/26", "3/27", "15/12"])
def test_a_slashed_date_needs_its_year(text: str, lang: str) -> None:
    """Lists write "12/26" for December 2026: without a year it is no day."""
    with pytest.raises(InvalidValue) as err:
        parse_date(text, today=TODAY, lang=lang)
    assert err.value.message == DATE_UNREADABLE


def test_german_reads_a_slashed_date_day_first() -> None:
    """German writes the day first (15.12., and so 03/04/2027 is 3 April); a day no month
    has is read the other way round, as the only day it can be."""
    assert parse_date("03/04/2027", today=TODAY, lang="de") == date(2027, 4, 3)
    assert parse_date("15/12/2026", today=TODAY, lang="de") == date(2026, 12, 15)
    assert parse_date("12/15/2026", today=TODAY, lang="de") == date(2026, 12, 15)
    with pytest.raises(InvalidValue) as err:
        parse_date("13/13/2027", today=TODAY, lang="de")
    assert err.value.message == DATE_NOT_IN_CALENDAR


@pytest.mark.parametrize("example", ["15 Mar 2027", "2027-03-15", "next Friday", "in 2 weeks"])
def test_the_examples_of_the_english_refusal_are_read(example: str) -> None:
    assert example in DATE_UNREADABLE
    assert parse_date(example, today=TODAY, lang="en") >= TODAY


def test_require_future_accepts_today_and_refuses_the_past() -> None:
    assert require_future(TODAY, TODAY) == TODAY
    assert require_future(date(2027, 1, 1), TODAY) == date(2027, 1, 1)
    with pytest.raises(InvalidValue) as err:
        require_future(date(2026, 11, 17), TODAY)
    assert err.value.message == DATE_IN_PAST
    assert err.value.params == {"date": "17.11.2026"}
    with pytest.raises(InvalidValue) as err:
        require_future(date(2026, 11, 17), TODAY, lang="en")
    assert err.value.params == {"date": "17 Nov 2026"}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1. November", date(2026, 11, 1)),  # the last one, not next year's
        ("1.12.", date(2025, 12, 1)),
        ("18.11.", date(2026, 11, 18)),  # today counts
        ("Anfang Oktober", date(2026, 10, 1)),
        ("Ende Dezember", date(2025, 12, 31)),
        ("Montag", date(2026, 11, 16)),
        ("Mittwoch", date(2026, 11, 18)),  # today is a Wednesday
        ("letzte Woche", date(2026, 11, 9)),  # the week before this one, from its Monday
        ("vorige Woche", date(2026, 11, 9)),
        ("letzten Montag", date(2026, 11, 16)),
        ("letztem Mittwoch", date(2026, 11, 11)),  # not today, a Wednesday
        ("vorigen Freitag", date(2026, 11, 13)),
        ("last monday", date(2026, 11, 16)),
        ("gestern", date(2026, 11, 17)),
        ("15.3.2027", date(2027, 3, 15)),  # a year given is kept
        ("vor 2 Wochen", date(2026, 11, 4)),
    ],
)
def test_reads_days_without_a_year_backwards_for_since(text: str, expected: date) -> None:
    assert parse_date(text, today=TODAY, past=True) == expected


@pytest.mark.parametrize(
    ("text", "since", "start", "deadline"),
    [
        ("Mai", date(2026, 5, 1), date(2027, 5, 1), date(2027, 5, 31)),
        ("im Mai 2027", date(2027, 5, 1), date(2027, 5, 1), date(2027, 5, 31)),
        ("Q3", date(2026, 7, 1), date(2027, 7, 1), date(2027, 9, 30)),
        ("KW 12", date(2026, 3, 16), date(2027, 3, 22), date(2027, 3, 26)),
        ("2027", None, None, None),
        ("Ende Mai", date(2026, 5, 31), date(2027, 5, 31), date(2027, 5, 31)),
        ("Mitte 2027", date(2027, 6, 30), date(2027, 6, 30), date(2027, 6, 30)),
        ("15.3.", date(2026, 3, 15), date(2027, 3, 15), date(2027, 3, 15)),
        ("Sommer", date(2026, 6, 1), date(2027, 6, 1), date(2027, 8, 31)),
        ("Herbst", date(2026, 9, 1), date(2027, 9, 1), date(2026, 11, 30)),
    ],
)
def test_a_span_is_its_first_day_since_or_at_a_start_and_its_last_as_a_deadline(
    text: str, since: date | None, start: date | None, deadline: date | None
) -> None:
    if since is None:
        with pytest.raises(InvalidValue):
            parse_date(text, today=TODAY, start=True)
        return
    assert parse_date(text, today=TODAY, past=True) == since
    assert parse_date(text, today=TODAY, start=True) == start
    assert parse_date(text, today=TODAY) == deadline
