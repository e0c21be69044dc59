"""Plain words in the direct chat with the bot, no command: a youth representative's one or two
words are likely an idea ("Skatepark"), thanks get a "you're welcome", a greeting a greeting
and where to start; "ok" or "ja" are no idea."""

from __future__ import annotations

from tests.harness import Bot

UNDERSTAND_DU = "Ich verstehe Befehle. Mit /hilfe siehst du alle."


async def _youth(bot: Bot) -> None:
    await bot.group_with(ben="member", lea="youth")
    await bot.ask("lea", "unter 16", chat="dm")  # the age question is answered


async def test_one_or_two_words_of_a_youth_representative_are_offered_as_an_idea(
    bot: Bot,
) -> None:
    await _youth(bot)
    for words in ("Skatepark", "Mehr Bänke"):
        assert await bot.ask("lea", words, chat="dm") == (
            f"{UNDERSTAND_DU}\nAls Idee schickst du das so: /idee {words}"
        )
        # a member's words are not taken for an idea
        assert "Als Idee" not in await bot.ask("ben", words, chat="dm")
    # thanks, a greeting, an answer, a goodbye, an emoji or a number: no idea
    for said in ("danke", "Danke!", "ok", "Okay.", "hallo", "Hallo zusammen", "ja", "Tschüss"):
        answer = await bot.ask("lea", said, chat="dm")
        assert answer != "", said
        assert "/idee" not in answer, answer
    for said in ("👍", "5"):
        assert await bot.ask("lea", said, chat="dm") == UNDERSTAND_DU, said


async def test_thanks_get_a_short_friendly_answer(bot: Bot) -> None:
    await _youth(bot)
    for said in ("danke", "Danke!", "Dankeschön 🙏", "Danke, Anna!", "thanks"):
        assert await bot.ask("lea", said, chat="dm") == "Gern geschehen.", said
        assert await bot.ask("ben", said, chat="dm") == "Gern geschehen.", said
    # in the group chat the bot keeps out of the conversation
    assert await bot.ask("ben", "Danke!") == ""


async def test_a_greeting_is_greeted_with_where_to_start(bot: Bot) -> None:
    await _youth(bot)
    assert await bot.ask("lea", "hallo", chat="dm") == (
        "Hallo! Was gerade ansteht: /uebersicht · was du tun kannst: /hilfe"
    )
    assert await bot.ask("ben", "Hi!", chat="dm") == (
        "Hallo! Was gerade ansteht: /uebersicht · was Sie tun können: /hilfe"
    )
    # someone in no group yet: only where the commands are
    assert await bot.ask("zoe", "Hallo", chat="dm") == (
        "Hallo! Ich verstehe Befehle. Mit /hilfe sehen Sie alle."
    )
    assert await bot.ask("ben", "Hallo") == ""  # the group chat: silent


async def test_a_greeting_still_reminds_of_the_open_age_question(bot: Bot) -> None:
    await bot.group_with(lea="youth")
    assert await bot.ask("lea", "Hallo", chat="dm") == (
        "Hallo! Was gerade ansteht: /uebersicht · was du tun kannst: /hilfe\n"
        "Noch offen: Bist du unter 16? Antworte „unter 16“ oder „16 oder älter“."
    )


async def test_thanks_and_hello_in_an_english_group(bot: Bot) -> None:
    await bot.ask("anna", "/setup Twinville programme=custom")
    await bot.ask("anna", "/lang en")
    assert await bot.ask("anna", "thanks", chat="dm") == "You're welcome."
    assert await bot.ask("anna", "Thank you!", chat="dm") == "You're welcome."
    assert await bot.ask("anna", "Hello", chat="dm") == (
        "Hello! What is going on: /digest · what you can do: /help"
    )
