"""A round over more measures than a platform can offer as buttons: announced whole, voted by
typing, and the announcement does not say to tap where there is nothing to tap."""

from __future__ import annotations

import dataclasses

import pytest

from tests.harness import Bot
from tests.voting.helpers import group_with_measures

TAP = "Oder tippen Sie unten auf Maßnahmen"


@pytest.fixture
async def group(bot: Bot) -> Bot:
    await group_with_measures(bot)  # 4 measures
    # A platform that offers at most three choices in a message.
    bot.adapter.capabilities = dataclasses.replace(bot.adapter.capabilities, max_choices=3)
    return bot


async def test_more_measures_than_buttons_go_without_buttons_and_the_tap_line(group: Bot) -> None:
    sent = (await group.say("anna", "/round approval 1 2 3 4"))[0]
    assert not sent.chat.is_direct
    assert not sent.reply.choices and sent.reply.poll_max_selections is None
    assert TAP not in sent.reply.text
    assert "/abstimmen 1" in sent.reply.text  # voting by typing is said
    assert "4. Radweg zur Schule" in sent.reply.text
    # Typing the vote works; the count edited in keeps saying nothing about tapping.
    await group.ask("max", "/abstimmen 1 2 4")
    (ref, edited) = group.adapter.edits[-1]
    assert ref.message_id == sent.message_id
    assert "1 von 4 hat abgestimmt." in edited.text and TAP not in edited.text
    assert not edited.choices


async def test_as_many_measures_as_buttons_keep_them_and_the_tap_line(group: Bot) -> None:
    sent = (await group.say("anna", "/round approval 1 2 3"))[0]
    assert len(sent.reply.choices) == 3 and TAP in sent.reply.text
