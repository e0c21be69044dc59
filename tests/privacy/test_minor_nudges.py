"""Reminder nudges and minors: a minor is nudged only in their direct chat, never by a mention
in the group chat (not even when they chose the group channel), and a nudge that may land in a
group chat does not name them (fake clock, the engine's tick)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from datetime import date
from pathlib import Path

import pytest

from bot.clock import FakeClock
from tests.harness import Bot, make_app, settings_for
from tests.privacy.test_minors import NoDirectChat
from tests.unit.scheduling.helpers import add_measure, berlin, run_at, to


@pytest.fixture
async def no_dm_bot(tmp_path: Path, clock: FakeClock) -> AsyncIterator[Bot]:
    """The bot on a platform where it cannot open direct chats: personal nudges fall back to
    a mention in the group chat."""
    app = make_app(settings_for(tmp_path, DATABASE_URL="sqlite+aiosqlite://"), clock)
    adapter = NoDirectChat()
    app.add_adapter(adapter)
    async with app:
        yield Bot(app, adapter, clock)


async def test_overdue_nudge_for_a_minor_is_never_posted_into_the_group(no_dm_bot: Bot) -> None:
    bot = no_dm_bot
    await bot.group_with(lea="youth", max="member")
    await bot.ask("anna", "/minor Lea on")
    await add_measure(bot, "Skatepark", due=date(2027, 2, 18), responsible="lea")
    await add_measure(bot, "Radweg", due=date(2027, 2, 18), responsible="max")
    await bot.app.reminders.plan()
    for day in (4, 15, 18):
        await run_at(bot, berlin(2027, 2, day, 9, 0))
    sent = await run_at(bot, berlin(2027, 2, 25, 9, 0))  # 7 days overdue: escalation too
    group = [s for s in sent if s.chat.chat_id == "group"]
    # Max (an adult without a direct chat) is reminded by a mention in the group chat …
    assert any(
        "Radweg" in s.reply.text and [u.user_id for u in s.reply.mention] == ["max"] for s in group
    )
    # … Lea never: no mention, and her overdue nudge is not posted there at all.
    assert not [s for s in group if any(u.user_id == "lea" for u in s.reply.mention)]
    assert not [
        s
        for s in group
        if "überfällig" in s.reply.text and "Skatepark" in s.reply.text and not s.reply.mention
    ]
    # Anna's escalation lands in the group chat too (no direct chat): it does not name Lea.
    escalations = [s.reply.text for s in group if "Skatepark" in s.reply.text]
    assert escalations and all("Lea" not in t for t in escalations)
    assert any("verantwortlich: Jugendvertretung" in t for t in escalations)
    assert any("verantwortlich: Max" in t for t in to(sent, "group"))


async def test_a_minor_choosing_the_group_channel_is_still_nudged_directly(bot: Bot) -> None:
    await bot.group_with(lea="youth", ben="member")
    await bot.ask("anna", "/minor Lea on")
    await add_measure(bot, "Skatepark", due=date(2027, 2, 18), responsible="lea")
    await add_measure(bot, "Radweg", due=date(2027, 2, 18), responsible="ben")
    # The setting says so at once.
    assert "• Kanal: direkter Chat (du bist unter 16: ich erinnere dich nur dort)" in (
        await bot.ask("lea", "/reminders channel=group")
    )
    assert "• Kanal: Gruppenchat" in await bot.ask("ben", "/reminders channel=group")
    sent = await run_at(bot, berlin(2027, 2, 4, 9, 0))
    assert [t for t in to(sent, "dm:lea") if "Skatepark" in t]
    assert not [s for s in sent if s.chat.chat_id == "group" and "Skatepark" in s.reply.text]
    # An adult who chose the group channel is mentioned there, as they asked.
    (ben,) = [s for s in sent if s.chat.chat_id == "group" and "Radweg" in s.reply.text]
    assert [u.user_id for u in ben.reply.mention] == ["ben"]


async def test_a_minor_who_opted_in_is_named_unless_the_group_is_sensitive(bot: Bot) -> None:
    await bot.group_with(lea="youth")
    await bot.ask("anna", "/minor Lea on")
    await bot.ask("lea", "/showname on", chat="dm")
    await add_measure(bot, "Skatepark", due=date(2027, 2, 18), responsible="lea")
    await bot.app.reminders.plan()
    escalation = [
        t for t in to(await run_at(bot, berlin(2027, 2, 25, 9, 0)), "dm:anna") if "Skatepark" in t
    ]
    assert escalation and "verantwortlich: Lea" in escalation[0]
    await bot.ask("anna", "/sensitive on")
    escalation = [
        t for t in to(await run_at(bot, berlin(2027, 3, 4, 9, 0)), "dm:anna") if "Skatepark" in t
    ]
    assert escalation and "verantwortlich: Jugendvertretung" in escalation[0]


async def test_the_reminder_settings_offer_no_channel_to_someone_under_16(bot: Bot) -> None:
    """She is reminded only in her direct chat: the line to copy does not offer kanal=gruppe,
    which she would be told she cannot have; an adult's still does."""
    await bot.group_with(lea="youth", ben="member")
    await bot.press("lea", "age:under16", chat="dm")
    shown = await bot.ask("lea", "/erinnerungen", chat="dm")
    assert "Deine Einstellungen ändern: /erinnerungen vorlauf=14t,3t,0t ruhezeit=" in shown
    assert "kanal=" not in shown
    assert "kanal=direkt|gruppe" in await bot.ask("ben", "/erinnerungen", chat="dm")
