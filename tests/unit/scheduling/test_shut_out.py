"""The bot removed from a group's chat: what the scheduler meant for that chat reaches the
coordinators in their direct chats instead of being dropped without anyone knowing."""

from __future__ import annotations

from datetime import date, timedelta

from tests.harness import Bot
from tests.unit.scheduling.helpers import add_measure, berlin, rows, run_at, to

WHY = "Ich konnte das nicht im Chat von Musterstadt posten"


async def test_a_meeting_reminder_for_a_chat_the_bot_was_removed_from_goes_to_the_coordinators(
    bot: Bot,
) -> None:
    await bot.group_with(ben="member", carla="coordinator")
    await add_measure(bot, "Spielplatz", due=date(2027, 1, 20), responsible="ben")
    await bot.ask("anna", "/reminders meeting every 2nd tuesday 17:00")
    bot.adapter.shut_out_of.add("group")
    sent = await run_at(bot, berlin(2027, 1, 11, 17, 0))
    for coordinator in ("dm:anna", "dm:carla"):
        texts = to(sent, coordinator)
        assert len(texts) == 1, coordinator
        assert texts[0].startswith(WHY)
        assert "Sitzung der Steuerungsgruppe: 12.01.2027 17:00." in texts[0]
    assert to(sent, "dm:ben") == []  # a member does not hear it: he cannot add the bot back
    meeting = [r for r in await rows(bot) if r.subject == "meeting" and r.sent_at is not None]
    assert [r.outcome for r in meeting] == ["sent"]
    # Once the bot is back in the chat, the next one is posted there again.
    bot.adapter.shut_out_of.clear()
    sent = await run_at(bot, berlin(2027, 1, 12, 15, 0))
    assert len(to(sent, "group")) == 1
    assert to(sent, "dm:anna") == []


async def test_a_post_refused_for_good_with_no_coordinator_reachable_fails_as_before(
    bot: Bot,
) -> None:
    await bot.group_with()
    await bot.ask("anna", "/reminders meeting every 2nd tuesday 17:00")
    bot.adapter.shut_out_of.update({"group", "dm:anna"})
    sent = await run_at(bot, berlin(2027, 1, 11, 17, 0))
    assert sent == []
    meeting = [r for r in await rows(bot) if r.subject == "meeting" and r.sent_at is not None]
    assert [r.outcome for r in meeting] == ["failed"]


async def test_the_result_of_a_round_reaches_the_coordinators_when_the_chat_is_gone(
    bot: Bot,
) -> None:
    await bot.group_with(ben="member")
    await bot.ask("anna", "/propose Spielplatz")
    await bot.ask("anna", "/propose Radweg")
    answer = await bot.ask("anna", "/round approval 1 2 closes=in 2 days")
    assert "Runde" in answer
    await bot.ask("ben", "/vote 1")
    bot.adapter.shut_out_of.add("group")
    sent = await run_at(bot, bot.clock.now() + timedelta(days=3))
    texts = to(sent, "dm:anna")
    assert any(t.startswith(WHY) and "Ergebnis" in t for t in texts), texts


async def test_a_result_for_a_youth_chat_that_shut_the_bot_out_says_which_chat(bot: Bot) -> None:
    await bot.group_with(lea="youth")
    await bot.ask("anna", "/binden jugend", chat="jugend")
    await bot.ask("anna", "/propose Spielplatz")
    await bot.ask("anna", "/propose Radweg")
    await bot.ask("anna", "/round approval 1 2 closes=in 2 days")
    bot.adapter.shut_out_of.add("jugend")
    sent = await run_at(bot, bot.clock.now() + timedelta(days=3))
    texts = [t for t in to(sent, "dm:anna") if t.startswith("Ich konnte das nicht im Jugendchat")]
    assert len(texts) == 1 and "/binden jugend aus" in texts[0], to(sent, "dm:anna")
    assert len(to(sent, "group")) == 1  # the steering chat has its result as ever
