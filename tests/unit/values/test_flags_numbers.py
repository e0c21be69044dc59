"""Yes/no answers, percentages and positive whole numbers."""

from __future__ import annotations

import pytest

from bot.errors import InvalidValue
from bot.values import parse_bool, parse_percent, parse_positive_int
from bot.values.flags import BOOL_UNREADABLE
from bot.values.numbers import NUMBER_TOO_LARGE


@pytest.mark.parametrize(
    "text", ["ja", "Ja", "JA", "j", "yes", "y", "true", "wahr", "1", "x", "ja!", " Yes "]
)
def test_reads_yes(text: str) -> None:
    assert parse_bool(text) is True


@pytest.mark.parametrize("text", ["nein", "Nein", "n", "no", "false", "falsch", "0", "nein."])
def test_reads_no(text: str) -> None:
    assert parse_bool(text) is False


@pytest.mark.parametrize("text", ["", "vielleicht", "maybe", "jein", "2", "ja nein", "offen"])
def test_refuses_unclear_answers(text: str) -> None:
    with pytest.raises(InvalidValue) as err:
        parse_bool(text)
    assert err.value.message == BOOL_UNREADABLE and err.value.params == {"text": text.strip()}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("50%", 50),
        ("50 %", 50),
        ("50", 50),
        ("0", 0),
        ("100%", 100),
        ("75 Prozent", 75),
        ("75 percent", 75),
    ],
)
def test_reads_percentages(text: str, expected: int) -> None:
    assert parse_percent(text) == expected


@pytest.mark.parametrize("text", ["101%", "-5%", "50,5%", "fünfzig", "", "%"])
def test_refuses_percentages_outside_0_to_100(text: str) -> None:
    with pytest.raises(InvalidValue):
        parse_percent(text)


@pytest.mark.parametrize(("text", "expected"), [("3", 3), (" 12 ", 12), ("+7", 7), ("#4", 4)])
def test_reads_positive_whole_numbers(text: str, expected: int) -> None:
    assert parse_positive_int(text) == expected


@pytest.mark.parametrize("text", ["0", "-3", "3.5", "drei", "", "1e3"])
def test_refuses_what_is_not_a_positive_whole_number(text: str) -> None:
    with pytest.raises(InvalidValue):
        parse_positive_int(text)


def test_positive_int_respects_a_maximum() -> None:
    assert parse_positive_int("10", maximum=10) == 10
    with pytest.raises(InvalidValue) as err:
        parse_positive_int("11", maximum=10)
    assert err.value.message == NUMBER_TOO_LARGE
    assert err.value.params == {"maximum": 10}
