"""Every registered command, fed hostile input by every kind of person: one clear reply,
never an internal error, nothing written for a refusal. Grows with the registry."""

from __future__ import annotations

import pytest

from bot.i18n import load_catalogs
from bot.registry import Param
from commands import build_registry
from tests.harness import Bot

NAMES = sorted(c.name for c in build_registry())
HOSTILE = {
    "long": "x" * 4100,
    "control": "\x00\x01\x1b[2J\x7f",
    "sql": "'; DROP TABLE measures; --",
    "emoji": "🛝🎉👩‍👧‍👦",
    "rtl": "ملعب \u202e للأطفال",
    "unknown_id": "99999",
    "negative": "-3",
    "quotes": '"unclosed „quote',
    "superscript": "²",
    "huge": "99999999999999999999",
}

# Digits that str.isdigit() accepts and int() does not (²), or beyond any column (20 digits),
# where a number is read: after a measure, a round, a milestone or a field that exist.
NUMBERISH = (
    "²",
    "1 ²",
    "1 ² ²",
    "1 entfernen ²",
    "1 remove ①",
    "99999999999999999999",
    "1-99999999999999999999",
    "1 99999999999999999999",
    "#²",
)


@pytest.mark.parametrize("name", NAMES)
async def test_hostile_arguments_get_one_clear_reply(bot: Bot, name: str) -> None:
    await bot.group_with(max="member", lea="youth", otto="observer")
    people = (
        ("anna", "group"),
        ("max", "group"),
        ("lea", "dm"),
        ("otto", "group"),
        ("fremd", "group"),
    )
    for kind, argument in HOSTILE.items():
        for who, chat in people:
            sent = await bot.say(who, f"/{name} {argument}", chat=chat)
            assert len(sent) <= 2, (kind, who, [s.reply.text for s in sent])
            for item in sent:
                text = item.reply.text
                assert "Vorfall" not in text and "incident" not in text, (kind, who, text)
                assert "Traceback" not in text
                assert len(text) <= 4096, (kind, who, len(text))


@pytest.mark.parametrize("name", NAMES)
async def test_numbers_that_are_no_numbers_get_a_refusal(bot: Bot, name: str) -> None:
    await bot.group_with(max="member", lea="youth")
    await bot.ask("anna", "/propose Spielplatz")
    await bot.ask("anna", "/propose Radweg")
    await bot.ask("anna", "/milestone 1 in 3 Wochen Angebote")
    await bot.ask("anna", "/round approval 1 2")
    for argument in NUMBERISH:
        for who, chat in (("anna", "group"), ("anna", "dm")):
            for item in await bot.say(who, f"/{name} {argument}", chat=chat):
                text = item.reply.text
                assert "Vorfall" not in text and "Traceback" not in text, (argument, chat, text)
    # Nothing was changed by them: the measures are still there as proposed.
    listed = await bot.ask("anna", "/measures")
    assert "Spielplatz" in listed and "Radweg" in listed
    assert "vorgeschlagen" in await bot.ask("anna", "/show 1")


@pytest.mark.parametrize("name", NAMES)
async def test_without_arguments(bot: Bot, name: str) -> None:
    await bot.group_with(max="member")
    for who in ("anna", "max", "fremd"):
        sent = await bot.say(who, f"/{name}")
        for item in sent:
            assert "Vorfall" not in item.reply.text


def _first_required(name: str) -> Param | None:
    command = build_registry().get(name)
    assert command is not None
    return next((p for p in command.params if p.required), None)


@pytest.mark.parametrize("name", [n for n in NAMES if _first_required(n) is not None])
def test_every_required_argument_has_a_name_for_people(name: str) -> None:
    command = build_registry().get(name)
    assert command is not None
    for param in command.params:
        if param.required:
            assert param.label, f"/{name}: {param.name} has no label"


@pytest.mark.parametrize("name", [n for n in NAMES if _first_required(n) is not None])
async def test_a_missing_argument_is_named_in_the_readers_language(bot: Bot, name: str) -> None:
    await bot.group_with(max="member")
    param = _first_required(name)
    assert param is not None
    german = load_catalogs()["de"].singular[param.label]
    answer = await bot.ask("anna", f"/{name}")
    assert f"Es fehlt noch: {german}." in answer
    await bot.ask("anna", "/lang en")
    answer = await bot.ask("anna", f"/{name}")
    assert f"Something is missing: {param.label}." in answer
