"""Binding a chat (/setup, /bind youth) says so when the bot may not remove others' messages
there: invite codes and secret votes typed into the chat would stay visible."""

from __future__ import annotations

from bot.events import ChatRef
from tests.harness import Bot

NOTE = (
    "Ein Hinweis: Ich darf in diesem Chat keine Nachrichten entfernen. Ein hier eingetippter "
    "Einladungscode oder eine geheime Stimme bleibt dann sichtbar, bis der Absender sie löscht. "
    "Geben Sie mir bitte das Recht, Nachrichten zu entfernen."
)


async def test_setup_and_bind_say_when_the_bot_may_not_remove_messages(bot: Bot) -> None:
    bot.adapter.may_remove = False
    sent = await bot.say("anna", "/setup Musterstadt")
    assert [s.chat.chat_id for s in sent] == ["group", "group"]
    assert "Steuerungsgruppe Musterstadt" in sent[0].reply.text
    assert sent[1].reply.text == NOTE
    sent = await bot.say("anna", "/bind youth", chat="youthroom")
    assert [s.reply.text for s in sent][1:] == [NOTE]
    # Other commands never add it.
    assert NOTE not in await bot.ask("anna", "/invite member")


async def test_no_note_where_the_bot_may_remove_messages(bot: Bot) -> None:
    sent = await bot.say("anna", "/setup Musterstadt")
    assert len(sent) == 1 and "Steuerungsgruppe Musterstadt" in sent[0].reply.text
    assert len(await bot.say("anna", "/bind youth", chat="youthroom")) == 1


async def test_a_failing_question_to_the_platform_says_nothing_and_loses_nothing(
    bot: Bot,
) -> None:
    async def broken(chat: ChatRef) -> bool | None:
        raise RuntimeError("platform down")

    bot.adapter.can_remove = broken  # type: ignore[method-assign]
    sent = await bot.say("anna", "/setup Musterstadt")
    assert len(sent) == 1 and "Steuerungsgruppe Musterstadt" in sent[0].reply.text
    assert "Mitglieder von Musterstadt" in await bot.ask("anna", "/members")
