"""Properties: what the bot shows, it reads back; no text makes a parser fail another way."""

from __future__ import annotations

from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from bot.errors import InvalidValue
from bot.values import (
    format_date,
    format_datetime,
    format_money,
    parse_bool,
    parse_date,
    parse_datetime,
    parse_duration,
    parse_money,
    parse_offsets,
    parse_percent,
    parse_positive_int,
)

BERLIN = ZoneInfo("Europe/Berlin")
TODAY = date(2026, 11, 18)
NOW = datetime(2026, 11, 18, 10, 0, tzinfo=BERLIN)
LANGS = st.sampled_from(["de", "en"])


@given(d=st.dates(min_value=date(2000, 1, 1), max_value=date(2100, 12, 31)), lang=LANGS)
def test_shown_dates_read_back(d: date, lang: str) -> None:
    assert parse_date(format_date(d, lang), today=TODAY, lang=lang) == d


@given(
    moment=st.datetimes(
        min_value=datetime(2000, 1, 1), max_value=datetime(2100, 12, 31), timezones=st.just(UTC)
    ),
    lang=LANGS,
)
def test_shown_datetimes_read_back_to_the_minute(moment: datetime, lang: str) -> None:
    shown_local = moment.astimezone(BERLIN)
    # The second pass through the repeated autumn hour shows like the first; skip it.
    assume(shown_local.fold == 0)
    expected = shown_local.replace(second=0, microsecond=0)
    got = parse_datetime(format_datetime(moment, BERLIN, lang), now=NOW, tz=BERLIN, lang=lang)
    assert got == expected
    assert got.utcoffset() == expected.utcoffset()


@given(cents=st.integers(min_value=0, max_value=10**11), lang=LANGS)
def test_shown_amounts_read_back(cents: int, lang: str) -> None:
    amount = Decimal(cents).scaleb(-2)
    assert parse_money(format_money(amount, lang), lang) == amount


@given(days=st.integers(0, 3000), hours=st.integers(0, 23))
def test_durations_read_back(days: int, hours: int) -> None:
    assert parse_duration(f"{days}d {hours}h") == timedelta(days=days, hours=hours)


PARSERS: dict[str, Callable[[str], object]] = {
    "date": lambda s: parse_date(s, today=TODAY),
    "datetime": lambda s: parse_datetime(s, now=NOW, tz=BERLIN),
    "duration": parse_duration,
    "offsets": parse_offsets,
    "money": parse_money,
    "bool": parse_bool,
    "percent": parse_percent,
    "positive_int": parse_positive_int,
}

# Pieces of real input, so the random texts also reach deep into the grammar.
TOKENS = [
    "15",
    "3",
    "2027",
    ".",
    ",",
    ":",
    "-",
    " ",
    "T",
    "Uhr",
    "März",
    "Ende",
    "Mitte",
    "in",
    "Wochen",
    "Tagen",
    "nächsten",
    "Freitag",
    "morgen",
    "€",
    "Mio",
    "k",
    "%",
    "d",
    "w",
    "h",
    "1.500",
    "00",
    "29",
    "2",
    "pm",
    "Z",
    "+01:00",
    "vor",
    "ago",
    "99999999",
    "\u202e",
    "🎉",
    "\x00",
    "\u00a0",
    "ß",
    "İ",
    "٣",
]
ANY_TEXT = st.one_of(
    st.text(max_size=60),
    st.text(st.characters(codec="utf-8"), max_size=250),
    st.lists(st.sampled_from(TOKENS), max_size=12).map("".join),
    st.lists(st.sampled_from(TOKENS), max_size=12).map(" ".join),
)


@pytest.mark.parametrize("name", sorted(PARSERS))
@settings(deadline=None, max_examples=150)
@given(text=ANY_TEXT)
def test_parsers_only_ever_refuse_with_invalid_value(name: str, text: str) -> None:
    try:
        PARSERS[name](text)
    except InvalidValue as err:
        assert isinstance(err.message, str) and err.message


@pytest.mark.parametrize("name", sorted(PARSERS))
def test_texts_over_200_characters_are_refused(name: str) -> None:
    with pytest.raises(InvalidValue) as err:
        PARSERS[name]("1" * 201)
    assert err.value.params == {"max": 200}
