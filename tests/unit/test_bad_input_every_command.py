"""Every registered command, fed hostile input by every kind of person: one clear reply,
never an internal error, nothing written for a refusal. Grows with the registry."""

from __future__ import annotations

import pytest

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
}


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
async def test_without_arguments(bot: Bot, name: str) -> None:
    await bot.group_with(max="member")
    for who in ("anna", "max", "fremd"):
        sent = await bot.say(who, f"/{name}")
        for item in sent:
            assert "Vorfall" not in item.reply.text
