"""/lang (/sprache) in a youth chat sets the language of that chat alone: the steering chat
keeps the group's, and everything the bot posts into the youth chat (a round's notice, its
result, the count on its announcement, the notice when the chat is unbound or moved) comes in
the youth chat's language. A youth chat without its own language follows the group's."""

from __future__ import annotations

import pytest

from tests.harness import Bot
from tests.voting.helpers import group_with_measures


def texts(sent: list, chat: str) -> list[str]:  # type: ignore[type-arg]
    return [s.reply.text for s in sent if s.chat.chat_id == chat]


@pytest.fixture
async def youth(bot: Bot) -> Bot:
    """Musterstadt with measures, its youth chat "jugend" bound."""
    await group_with_measures(bot)
    assert "Jugendchat" in await bot.ask("anna", "/binden jugend", chat="jugend")
    return bot


async def test_the_youth_chat_s_language_leaves_the_steering_chat_as_it_was(youth: Bot) -> None:
    refused = await youth.ask("lea", "/sprache en", chat="jugend")
    assert refused.startswith("Nur die Koordination kann die Sprache")
    answer = await youth.ask("anna", "/sprache en", chat="jugend")
    assert answer.startswith("From now on I answer in English.\n")
    assert "language of this youth chat only" in answer and "/sprache there" in answer
    assert (await youth.ask("anna", "/massnahmen", chat="jugend")).startswith("4 measures:")
    assert (await youth.ask("lea", "/sprache", chat="jugend")).startswith(
        "In this youth chat I write in English; coordinators can change that."
    )
    assert (await youth.ask("anna", "/lang", chat="jugend")).startswith(
        "In this youth chat I write in English. To change it for this chat: /lang de."
    )
    # The steering chat and the direct chats still speak the group's German.
    assert (await youth.ask("max", "/sprache")).startswith(
        "In dieser Gruppe schreibe ich auf Deutsch"
    )
    assert (await youth.ask("anna", "/massnahmen")).startswith("4 Maßnahmen:")
    assert "Ich schreibe Ihnen auf Deutsch" in await youth.ask("max", "/sprache", chat="dm")


async def test_the_group_s_language_again_makes_the_youth_chat_follow_it(youth: Bot) -> None:
    await youth.ask("anna", "/sprache en", chat="jugend")
    answer = await youth.ask("anna", "/sprache de", chat="jugend")
    assert answer == (
        "Ab jetzt antworte ich auf Deutsch.\n"
        "Das ist die Sprache der Steuerungsgruppe: Dieser Jugendchat folgt ihr wieder."
    )
    assert (await youth.ask("lea", "/sprache", chat="jugend")).startswith(
        "In diesem Jugendchat schreibe ich auf Deutsch"
    )
    # Following the group again: the group's new language is the youth chat's too.
    await youth.ask("anna", "/sprache en")
    assert (await youth.ask("lea", "/sprache", chat="jugend")).startswith(
        "In this youth chat I write in English"
    )


async def test_the_new_language_shows_in_the_next_answer_on_each_backend(
    backend_bot: Bot,
) -> None:
    bot = backend_bot
    await bot.group_with(lea="youth")
    await bot.ask("anna", "/binden jugend", chat="jugend")
    # Each asks once before, so that a context kept in memory would be the old one.
    assert "auf Deutsch" in await bot.ask("anna", "/sprache", chat="jugend")
    assert "auf Deutsch" in await bot.ask("lea", "/sprache", chat="jugend")
    assert "auf Deutsch" in await bot.ask("anna", "/sprache")
    await bot.ask("anna", "/sprache en", chat="jugend")
    assert "in English" in await bot.ask("anna", "/sprache", chat="jugend")
    assert "in English" in await bot.ask("lea", "/sprache", chat="jugend")
    assert "auf Deutsch" in await bot.ask("anna", "/sprache")
    await bot.ask("anna", "/sprache de", chat="jugend")
    assert "auf Deutsch" in await bot.ask("lea", "/sprache", chat="jugend")


async def test_someone_joining_in_the_youth_chat_is_welcomed_in_its_language(youth: Bot) -> None:
    await youth.ask("anna", "/sprache en", chat="jugend")
    code = await youth.invite("anna", "youth")
    welcome = await youth.ask("kim", f"/join {code}", chat="jugend")
    assert welcome.startswith("Welcome, ") and "You are now in the steering group" in welcome
