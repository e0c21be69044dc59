"""Every refusal a parser raises can be shown in German and English."""

from __future__ import annotations

import ast
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from bot.errors import InvalidValue
from bot.i18n import I18n, load_catalogs
from bot.values import (
    parse_bool,
    parse_date,
    parse_datetime,
    parse_duration,
    parse_money,
    parse_offsets,
    parse_percent,
    parse_positive_int,
    require_future,
    require_future_datetime,
)

VALUES_DIR = Path(__file__).resolve().parents[3] / "bot" / "values"
BERLIN = ZoneInfo("Europe/Berlin")
TODAY = date(2026, 11, 18)


def marked_messages() -> set[str]:
    found = set()
    for path in VALUES_DIR.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) == "N_":
                found.add(node.args[0].value)
    return found


def test_every_message_has_a_translation_in_both_languages() -> None:
    catalogs = load_catalogs()
    messages = marked_messages()
    assert messages
    for lang in ("de", "en"):
        missing = messages - catalogs[lang].singular.keys()
        assert not missing, (lang, missing)
    for message in messages:
        assert catalogs["en"].singular[message] == message
        assert catalogs["de"].singular[message] != message


REFUSALS: list[Callable[[], object]] = [
    lambda: parse_date("Quatsch", today=TODAY),
    lambda: parse_date("31.2.2027", today=TODAY),
    lambda: parse_date("in 99999 Jahren", today=TODAY),
    lambda: parse_datetime("Quatsch", now=datetime(2026, 11, 18, tzinfo=BERLIN), tz=BERLIN),
    lambda: parse_datetime("morgen 25:00", now=datetime(2026, 11, 18, tzinfo=BERLIN), tz=BERLIN),
    lambda: require_future(date(2026, 1, 1), TODAY),
    lambda: require_future_datetime(
        datetime(2026, 1, 1, tzinfo=BERLIN), datetime(2026, 11, 18, tzinfo=BERLIN), BERLIN
    ),
    lambda: require_future_datetime(
        datetime(2126, 1, 1, tzinfo=BERLIN), datetime(2026, 11, 18, tzinfo=BERLIN), BERLIN
    ),
    lambda: parse_duration("bald"),
    lambda: parse_offsets("14d,bald"),
    lambda: parse_money("viel"),
    lambda: parse_money("-5"),
    lambda: parse_money("1,234567 Tsd"),
    lambda: parse_money("5000 Mrd"),
    lambda: parse_money("1.500", "en"),
    lambda: parse_bool("vielleicht"),
    lambda: parse_percent("200"),
    lambda: parse_positive_int("0"),
    lambda: parse_positive_int("5", maximum=3),
    lambda: parse_bool("x" * 300),
]


@pytest.mark.parametrize("refusal", REFUSALS)
def test_refusals_translate_with_their_placeholders_filled(
    refusal: Callable[[], object],
) -> None:
    i18n = I18n()
    with pytest.raises(InvalidValue) as err:
        refusal()
    for lang in ("de", "en"):
        shown = i18n(lang).t(err.value.message, **err.value.params)
        assert "{" not in shown
        for value in err.value.params.values():
            assert str(value) in shown
    assert i18n("de").t(err.value.message, **err.value.params) != i18n("en").t(
        err.value.message, **err.value.params
    )
