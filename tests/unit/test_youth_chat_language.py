"""/lang (/sprache) in a youth chat sets the language of that chat alone: the steering chat
keeps the group's, and everything the bot posts into the youth chat (a round's notice, its
result, the count on its announcement, the notice when the chat is unbound or moved) comes in
the youth chat's language, also when it is the group's (kept when the group changes its own).
A youth chat without its own language (new, or after /lang group) follows the group's."""

from __future__ import annotations

from datetime import timedelta

import pytest

from commands.voting import close_due_rounds
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
    # She asked for English: the refusal is in it, so she can read it (before: German).
    refused = await youth.ask("lea", "/sprache en", chat="jugend")
    assert refused == (
        "Only coordinators can change the language of the group chat. You can set your own "
        "language in a direct chat with me: /sprache en."
    )
    assert (await youth.ask("lea", "/sprache de", chat="jugend")).startswith(
        "Nur die Koordination kann die Sprache"
    )
    assert "/lang en" in await youth.ask("max", "/lang en")  # the steering chat alike
    assert (await youth.ask("max", "/massnahmen")).startswith("4 Maßnahmen")  # unchanged
    answer = await youth.ask("anna", "/sprache en", chat="jugend")
    assert answer.startswith("From now on I answer in English.\n")
    assert "language of this youth chat only" in answer and "/sprache there" in answer
    assert (await youth.ask("anna", "/massnahmen", chat="jugend")).startswith("4 measures:")
    assert (await youth.ask("lea", "/sprache", chat="jugend")).startswith(
        "In this youth chat I write in English; coordinators can change that."
    )
    assert (await youth.ask("anna", "/lang", chat="jugend")).startswith(
        "In this youth chat I write in English, whatever the steering group's language. To "
        "change it for this chat: /lang de;"
    )
    # The steering chat and the direct chats still speak the group's German.
    assert (await youth.ask("max", "/sprache")).startswith(
        "In dieser Gruppe schreibe ich auf Deutsch"
    )
    assert (await youth.ask("anna", "/massnahmen")).startswith("4 Maßnahmen:")
    assert "Ich schreibe Ihnen auf Deutsch" in await youth.ask("max", "/sprache", chat="dm")


async def test_the_group_s_language_said_in_the_youth_chat_is_kept(youth: Bot) -> None:
    await youth.ask("anna", "/sprache en", chat="jugend")
    answer = await youth.ask("anna", "/sprache de", chat="jugend")
    assert answer == (
        "Ab jetzt antworte ich auf Deutsch.\n"
        "Dieser Jugendchat behält sie, auch wenn die Steuerungsgruppe ihre Sprache ändert. "
        "Um stattdessen der Sprache der Steuerungsgruppe zu folgen: /sprache gruppe."
    )
    # The steering group turning English leaves the youth chat German: it said "de".
    await youth.ask("anna", "/sprache en")
    assert (await youth.ask("lea", "/sprache", chat="jugend")).startswith(
        "In diesem Jugendchat schreibe ich auf Deutsch"
    )


async def test_lang_group_makes_the_youth_chat_follow_the_group_again(youth: Bot) -> None:
    await youth.ask("anna", "/sprache en", chat="jugend")
    refused = await youth.ask("lea", "/sprache gruppe", chat="jugend")
    assert refused.startswith("Only coordinators can change the language")
    assert refused.endswith("/sprache en.")
    assert (await youth.ask("anna", "/sprache gruppe")).startswith("Mögliche Sprachen")
    answer = await youth.ask("anna", "/lang group", chat="jugend")
    assert answer == (
        "Ab jetzt antworte ich auf Deutsch.\n"
        "Das ist die Sprache der Steuerungsgruppe: Dieser Jugendchat folgt ihr wieder."
    )
    # Following the group again: the group's new language is the youth chat's too.
    await youth.ask("anna", "/sprache en")
    assert (await youth.ask("lea", "/sprache", chat="jugend")).startswith(
        "In this youth chat I write in English"
    )


async def test_lang_alone_and_its_help_tell_how_the_youth_chat_follows_the_group(
    youth: Bot,
) -> None:
    """A coordinator who asks in a youth chat of its own language hears how it follows the
    steering group's again; /help lang in a youth chat says so too."""
    assert await youth.ask("anna", "/sprache", chat="jugend") == (
        "In diesem Jugendchat schreibe ich auf Deutsch. Ändern können Sie das für diesen Chat "
        "mit /sprache en."
    )  # it follows the group: nothing to go back to
    await youth.ask("anna", "/sprache de", chat="jugend")
    assert await youth.ask("anna", "/sprache", chat="jugend") == (
        "In diesem Jugendchat schreibe ich auf Deutsch, unabhängig von der Sprache der "
        "Steuerungsgruppe. Ändern können Sie das für diesen Chat mit /sprache en; wieder der "
        "Sprache der Steuerungsgruppe folgen lässt ihn /sprache gruppe."
    )
    assert (await youth.ask("anna", "/hilfe sprache", chat="jugend")).endswith(
        "\nIn einem Jugendchat gibt die Koordination ihm mit /sprache de oder /sprache en eine "
        "eigene Sprache; /sprache gruppe lässt ihn wieder der Sprache der Steuerungsgruppe folgen."
    )
    assert "/sprache gruppe" not in await youth.ask("anna", "/hilfe sprache")  # steering chat
    assert "/sprache gruppe" not in await youth.ask("lea", "/sprache", chat="jugend")


async def test_a_round_reaches_the_youth_chat_in_its_language(youth: Bot) -> None:
    await youth.ask("anna", "/sprache en", chat="jugend")
    sent = await youth.say("anna", "/runde zustimmung 1 2 schliesst=12.1.2027 18:00")
    assert "Runde 1 ist eröffnet" in texts(sent, "group")[0]
    (notice,) = texts(sent, "jugend")
    assert notice.startswith("New voting round in Musterstadt: round 1 (")
    assert "Closes: " in notice
    # Opened in the youth chat: the announcement there in English, the steering chat's German.
    sent = await youth.say("anna", "/runde zustimmung 3 4", chat="jugend")
    (here,) = texts(sent, "jugend")
    assert here.startswith("Round 2 is open")
    (steering,) = texts(sent, "group")
    assert steering.startswith("Runde 2 ist eröffnet")
    await youth.ask("max", "/abstimmen 2 3")
    edits = {ref.chat.chat_id: reply.text for ref, reply in youth.adapter.edits[-2:]}
    assert edits["jugend"].endswith("1 of 4 has voted.")
    assert edits["group"].endswith("1 von 4 hat abgestimmt.")
    # The results: closed by the scheduler, and closed in the steering chat.
    youth.adapter.pop()
    youth.clock.advance(timedelta(days=2))
    assert await close_due_rounds(youth.app.services, youth.clock.now()) == 1
    sent = youth.adapter.pop()
    assert texts(sent, "group")[0].startswith("Ergebnis der Runde 1")
    assert texts(sent, "jugend")[0].startswith(
        "The vote in Musterstadt is over.\nResult of round 1"
    )
    sent = await youth.say("anna", "/schliessen 2")
    assert texts(sent, "group")[0].startswith("Ergebnis der Runde 2")
    assert texts(sent, "jugend")[0].startswith(
        "The vote in Musterstadt is over.\nResult of round 2"
    )


async def test_unbinding_tells_the_youth_chat_in_its_language(youth: Bot) -> None:
    await youth.ask("anna", "/sprache en", chat="jugend")
    sent = await youth.say("anna", "/binden jugend aus")
    assert texts(sent, "jugend")[0].startswith("This chat is no longer the youth chat of")
    assert texts(sent, "group")[0].startswith("Anna hat den Jugendchat von Musterstadt gelöst.")
    # Unbound in the youth chat itself: the answer there in English, the steering chat's German.
    await youth.ask("anna", "/binden jugend", chat="jugend2")
    await youth.ask("anna", "/lang en", chat="jugend2")
    sent = await youth.say("anna", "/bind youth off", chat="jugend2")
    assert texts(sent, "jugend2")[0].startswith("This chat is no longer the youth chat of")
    assert texts(sent, "group")[0].startswith("Anna hat den Jugendchat von Musterstadt gelöst.")


async def test_a_moved_youth_chat_keeps_its_language(youth: Bot) -> None:
    await youth.ask("anna", "/sprache en", chat="jugend")
    answer = await youth.ask("anna", "/move", chat="jugend")
    code = answer.split("\n/move ", 1)[1].split()[0]
    sent = await youth.say("anna", f"/move {code}", chat="jugend2")
    assert texts(sent, "jugend")[0].startswith("The youth chat of Musterstadt has moved")
    assert texts(sent, "jugend2")[0].startswith("Welcome! This chat is now the youth chat")
    assert texts(sent, "group")[0].startswith("Der Jugendchat von Musterstadt ist")
    assert (await youth.ask("lea", "/sprache", chat="jugend2")).startswith(
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
    # Not yet asked her age, she is greeted without her name in the chat others read.
    assert welcome.startswith("Welcome! You are now in the steering group") and "Kim" not in welcome


async def test_someone_in_no_group_hears_of_their_idea_in_the_youth_chat_s_language(
    youth: Bot,
) -> None:
    """Kim knows the bot only from the English youth chat: what became of her idea comes to
    her direct chat in English too, not in the group's German."""
    await youth.ask("anna", "/sprache en", chat="jugend")
    await youth.ask("kim", "/myideas", chat="dm")  # she has a direct chat with the bot
    await youth.ask("kim", "/idea Skate park", chat="jugend")
    sent = await youth.say("anna", "/annehmen 1")
    assert texts(sent, "dm:kim") == [
        "Good news: your idea “Skate park” has been taken up by the steering group "
        "Musterstadt. It is now measure 5."
    ]
    # A member without a language of her own reads the group's, wherever she wrote.
    await youth.ask("lea", "/idea Bolzplatz", chat="jugend")
    sent = await youth.say("anna", "/ablehnen 2 Gibt es schon")
    assert texts(sent, "dm:lea")[0].startswith("Deine Idee „Bolzplatz“ wurde diesmal nicht")
