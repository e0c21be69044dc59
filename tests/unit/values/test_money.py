"""Amounts of money in euros, German and English notation."""

from __future__ import annotations

from decimal import Decimal

import pytest

from bot.errors import InvalidValue
from bot.values import format_money, parse_money
from bot.values.money import (
    MONEY_AMBIGUOUS,
    MONEY_NEGATIVE,
    MONEY_TOO_LARGE,
    MONEY_TOO_PRECISE,
    MONEY_UNREADABLE,
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.500 €", "1500"),
        ("1500,50", "1500.50"),
        ("1.500,50 EUR", "1500.50"),
        ("1.500,50 €", "1500.50"),
        ("1.500,50\u00a0€", "1500.50"),
        ("€ 1500", "1500"),
        ("€1500", "1500"),
        ("1500", "1500"),
        ("1500 Euro", "1500"),
        ("0", "0"),
        ("0,5", "0.50"),
        ("1,5 Mio", "1500000"),
        ("1,5 Mio. €", "1500000"),
        ("1.5 million", "1500000"),
        ("2 Mio", "2000000"),
        ("1,250 Mio", "1250000"),  # before a multiplier the mark is always decimal
        ("2 Tsd", "2000"),
        ("2 Tsd.", "2000"),
        ("2k", "2000"),
        ("2,5k", "2500"),
        ("1,2 Mrd", "1200000000"),
        ("1500.50", "1500.50"),  # one dot, two digits after: decimal point
        ("1500.5", "1500.50"),
        ("1.500", "1500"),  # one dot, three digits after: thousands
        ("1,500", "1500"),
        ("1,500.50", "1500.50"),
        ("€1,500.50", "1500.50"),
        ("1.500.000", "1500000"),
        ("1,500,000", "1500000"),
        ("12.345.678,90", "12345678.90"),
        ("+100", "100"),
        ("1.500,- €", "1500"),
        ("1.500,–", "1500"),
        # An estimate as lists write it, and thousands as budgets do.
        ("ca. 5.000 €", "5000"),
        ("ca 5.000", "5000"),
        ("rd. 12.500,50 €", "12500.50"),
        ("~ 800 €", "800"),
        ("ungefähr 1,5 Mio", "1500000"),
        ("about €1,500", "1500"),
        ("25 T€", "25000"),
        ("2,5 TEUR", "2500"),
    ],
)
def test_reads_amounts(text: str, expected: str) -> None:
    got = parse_money(text)
    assert got == Decimal(expected)
    assert got.as_tuple().exponent == -2


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1,500", "1500"),
        ("€1,500", "1500"),
        ("1.5", "1.50"),
        ("1.50", "1.50"),
        ("€1,500.50", "1500.50"),
        ("1.500.000", "1500000"),  # several dots cannot be decimal points
        ("1.500,50 €", "1500.50"),  # both marks: the later one is decimal
        ("1.500,- €", "1500"),  # ",-" is German price style: the dot groups thousands
        ("1.250 million", "1250000"),
        ("2k", "2000"),
    ],
)
def test_reads_amounts_typed_in_english(text: str, expected: str) -> None:
    assert parse_money(text, "en") == Decimal(expected)


@pytest.mark.parametrize(
    ("text", "thousands", "plain", "fraction"),
    [
        ("1.500", "1,500", "1500", "1.5"),
        ("€1.500", "1,500", "1500", "1.5"),
        ("ca. 12.250 €", "12,250", "12250", "12.25"),
        ("1.000", "1,000", "1000", "1"),
    ],
)
def test_asks_which_was_meant_for_a_dot_before_three_digits_in_english(
    text: str, thousands: str, plain: str, fraction: str
) -> None:
    with pytest.raises(InvalidValue) as err:
        parse_money(text, "en")
    assert err.value.message == MONEY_AMBIGUOUS
    assert err.value.params == {
        "text": text,
        "thousands": thousands,
        "plain": plain,
        "fraction": fraction,
    }


def test_german_reads_a_dot_before_three_digits_as_thousands_as_before() -> None:
    assert parse_money("1.500", "de") == parse_money("1.500") == Decimal("1500")
    assert parse_money("1,5", "de") == Decimal("1.5")


@pytest.mark.parametrize("text", ["-5", "- 5 €", "€ -5", "−5", "5-"])
def test_refuses_negative_amounts(text: str) -> None:
    with pytest.raises(InvalidValue) as err:
        parse_money(text)
    assert err.value.message == MONEY_NEGATIVE


@pytest.mark.parametrize(
    "text",
    [
        "",
        "abc",
        "€",
        "1.2345",
        "1.50.000",
        "0,500",
        "1,2,3",
        "1e5",
        ".5",
        "5.",
        "1 2",
        "ca.",
        "5 t",
    ],
)
def test_refuses_unreadable_amounts(text: str) -> None:
    with pytest.raises(InvalidValue) as err:
        parse_money(text)
    assert err.value.message == MONEY_UNREADABLE


def test_refuses_fractions_of_a_cent_and_huge_amounts() -> None:
    with pytest.raises(InvalidValue) as err:
        parse_money("1,234567 Tsd")
    assert err.value.message == MONEY_TOO_PRECISE
    with pytest.raises(InvalidValue) as err:
        parse_money("5000 Mrd")
    assert err.value.message == MONEY_TOO_LARGE


def test_formats_amounts_per_language() -> None:
    assert format_money(Decimal("1500.5"), "de") == "1.500,50 €"
    assert format_money(Decimal("1500.5"), "en") == "€1,500.50"
    assert format_money(Decimal("0"), "de") == "0,00 €"
    assert format_money(Decimal("1000000"), "de") == "1.000.000,00 €"


@pytest.mark.parametrize(
    ("text", "thousands", "plain", "fraction"),
    [
        ("1,500", "1.500", "1500", "1,5"),
        ("1,500 €", "1.500", "1500", "1,5"),
        ("ca. 12,250 €", "12.250", "12250", "12,25"),
        ("1,000", "1.000", "1000", "1"),
    ],
)
def test_asks_which_was_meant_for_a_comma_before_three_digits_typed_in_german(
    text: str, thousands: str, plain: str, fraction: str
) -> None:
    with pytest.raises(InvalidValue) as err:
        parse_money(text, "de", typed=True)
    assert err.value.message == MONEY_AMBIGUOUS
    assert err.value.params == {
        "text": text,
        "thousands": thousands,
        "plain": plain,
        "fraction": fraction,
    }


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("1.500", "1500"),
        ("1,5", "1.5"),
        ("1,50 €", "1.50"),
        ("1.500,50 €", "1500.50"),
        ("1,500,000", "1500000"),
        ("1,250 Mio", "1250000"),
        ("1500", "1500"),
    ],
)
def test_german_typed_in_a_chat_reads_what_is_not_ambiguous(text: str, expected: str) -> None:
    assert parse_money(text, "de", typed=True) == Decimal(expected)


def test_a_comma_before_three_digits_outside_a_chat_is_read_as_before() -> None:
    """An imported list's "1,500" stays fifteen hundred."""
    assert parse_money("1,500 €", "de") == Decimal("1500")
