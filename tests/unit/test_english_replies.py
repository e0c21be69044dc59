"""An English-speaking steering group (/lang en): replies read as English, not as German
put word for word into English."""

from __future__ import annotations

from tests.harness import Bot


async def _english_group(bot: Bot) -> None:
    await bot.ask("anna", "/setup Twinville programme=custom")
    await bot.ask("anna", "/lang en")


async def test_roles_are_named_without_a_missing_article(bot: Bot) -> None:
    """'You are now in … as member', 'you are member', 'Tom is now member' read as broken
    English; the role stands as a role."""
    await _english_group(bot)
    code = await bot.invite("anna", "member")
    assert await bot.ask("tom", f"/join {code}", chat="dm") == (
        "Welcome, Tom! You are now in the steering group Twinville (role: member)."
    )
    assert "You joined Twinville with this code already; your role there: member." in (
        await bot.ask("tom", f"/join {code}", chat="dm")
    )
    assert await bot.ask("tom", "/invite member") == (
        "/invite is only for: coordinator. Your role: member."
    )
    assert (await bot.ask("anna", "/role tom observer")).startswith(
        "Tom now has the role observer (was: member).\n"
    )
    assert await bot.ask("anna", "/role tom observer") == "Tom already has the role observer."
    sent = await bot.say("anna", "/role tom coordinator")
    told = next(s.reply.text for s in sent if s.chat.chat_id == "dm:tom")
    assert told.startswith("In the steering group Twinville your role is now: coordinator.")


async def test_examples_name_an_office_in_english(bot: Bot) -> None:
    """The German example office (Jugendamt) stays in German help only."""
    await _english_group(bot)
    answer = await bot.ask("anna", "/help edit")
    assert "(e.g. office=Youth Office cost=1500 due=in 2 weeks)" in answer
    assert "Jugendamt" not in answer
    await bot.ask("anna", "/propose Youth café")
    assert "Youth Office" in await bot.ask("anna", "/edit 1 office=Youth Office cost=1500")


async def test_a_youth_representative_whose_name_is_hidden_is_a_youth_representative(
    bot: Bot,
) -> None:
    """The pseudonym stands for a person ("Proposed by: …"): the German "Jugendvertretung"
    is a youth representative in English, not "Youth representation"."""
    await _english_group(bot)
    code = await bot.invite("anna", "youth")
    await bot.ask("lea", f"/join {code}", chat="dm")
    await bot.press("lea", "age:under16", chat="dm")
    await bot.ask("lea", "/idea Skate park", chat="dm")
    assert "1. Skate park · Youth representative\n" in await bot.ask("anna", "/queue")
    await bot.ask("anna", "/accept 1")
    assert (await bot.ask("anna", "/show 1")).endswith("\nProposed by: Youth representative")
    assert "Youth representation" not in await bot.ask("lea", "/help", chat="dm")
