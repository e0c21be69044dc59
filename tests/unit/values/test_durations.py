"""Lengths of time and reminder offsets."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.errors import InvalidValue
from bot.i18n import I18n
from bot.values import parse_duration, parse_offsets
from bot.values.durations import DURATION_UNREADABLE, OFFSETS_UNREADABLE
from tests.harness import Bot


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("3d", timedelta(days=3)),
        ("2w", timedelta(weeks=2)),
        ("1h", timedelta(hours=1)),
        ("30m", timedelta(minutes=30)),
        ("0d", timedelta(0)),
        ("14 Tage", timedelta(days=14)),
        ("1 Tag", timedelta(days=1)),
        ("2 Wochen", timedelta(weeks=2)),
        ("eine Woche", timedelta(weeks=1)),
        ("3 Stunden", timedelta(hours=3)),
        ("45 Minuten", timedelta(minutes=45)),
        ("2 days", timedelta(days=2)),
        ("1 week", timedelta(weeks=1)),
        ("1w2d", timedelta(days=9)),
        ("1 Woche 2 Tage", timedelta(days=9)),
        ("2 Wochen und 3 Tage", timedelta(days=17)),
        ("1h 30m", timedelta(minutes=90)),
        (" 3D ", timedelta(days=3)),
    ],
)
def test_reads_durations(text: str, expected: timedelta) -> None:
    assert parse_duration(text) == expected


@pytest.mark.parametrize("text", ["", "3", "d", "3 Monate", "drei", "3dx", "-3d", "99999999d"])
def test_refuses_what_is_not_a_duration(text: str) -> None:
    with pytest.raises(InvalidValue) as err:
        parse_duration(text)
    assert err.value.message == DURATION_UNREADABLE


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("14d,3d,0d", [timedelta(days=14), timedelta(days=3), timedelta(0)]),
        ("0d; 14 Tage, 3d", [timedelta(days=14), timedelta(days=3), timedelta(0)]),
        ("1d, 1 Tag, 2h", [timedelta(days=1), timedelta(hours=2)]),
        ("1w", [timedelta(weeks=1)]),
    ],
)
def test_reads_offsets_longest_first_without_duplicates(
    text: str, expected: list[timedelta]
) -> None:
    assert parse_offsets(text) == expected


@pytest.mark.parametrize("text", ["", ",", "14d,,3d", "14d,bald", "14d 3d x"])
def test_refuses_broken_offset_lists(text: str) -> None:
    with pytest.raises(InvalidValue) as err:
        parse_offsets(text)
    assert err.value.message == OFFSETS_UNREADABLE


@pytest.mark.parametrize("lang", ["de", "en"])
def test_the_examples_the_error_messages_give_are_read(lang: str) -> None:
    """Whoever copies an example from the error message gets it accepted (the German text
    gives German units: 14t, not 14d)."""
    tr = I18n()(lang)
    durations = tr.t(DURATION_UNREADABLE, text="x").split(": ", 1)[1].rstrip(".")
    examples = [e.strip() for e in durations.split(", ")]
    assert len(examples) >= 5
    for example in examples:
        assert parse_duration(example) > timedelta(0), example
    offsets = tr.t(OFFSETS_UNREADABLE, text="x").split(": ", 1)[1].split(" ")[0]
    assert parse_offsets(offsets) == [timedelta(days=14), timedelta(days=3), timedelta(0)]
    if lang == "de":
        assert "d" not in offsets  # "d" is not a German unit


async def test_the_example_in_the_german_reminder_settings_is_taken(bot: Bot) -> None:
    await bot.group_with(lea="youth")
    shown = await bot.ask("lea", "/erinnerungen", chat="dm")
    example = shown.split("/erinnerungen ", 1)[1].split(" ")[0]
    assert example == "vorlauf=14t,3t,0t"
    answer = await bot.ask("lea", "/erinnerungen vorlauf=7t,1t", chat="dm")
    assert "7, 1 Tage vor der Frist" in answer
