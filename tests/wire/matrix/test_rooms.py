"""Invites, incoming messages and the sync token against a real Synapse."""

from __future__ import annotations

import pytest

from bot.events import ChatRef, Message, Reply, UserRef

pytestmark = pytest.mark.synapse


async def test_allowed_inviter_is_followed_and_message_reaches_core(make_bot, make_human):
    bot = await make_bot()
    adapter, sink = await bot.start()
    alice = await make_human("alice")
    room = await alice.create_room(invite=[bot.user_id])
    await alice.wait_joined(room, bot.user_id)

    event_id = await alice.say(room, "!propose Spielplatz")
    message = await sink.wait_for(lambda e: isinstance(e, Message) and e.event_id == event_id)

    assert isinstance(message, Message)
    assert message.text == "!propose Spielplatz"
    assert message.chat.chat_id == room
    assert message.chat.is_direct  # two members
    assert message.sender.user_id == alice.user_id
    assert message.sent_at is not None


async def test_refused_inviter_is_rejected(make_bot, make_human):
    bot = await make_bot()
    adapter, sink = await bot.start(
        allowed_users=("@alice*:localhost",), allowed_servers=("stadt.example",)
    )
    mallory = await make_human("mallory")
    room = await mallory.create_room(invite=[bot.user_id])

    left = await mallory.wait_for_event(
        room,
        lambda s: (
            s.get("type") == "m.room.member"
            and s.get("state_key") == bot.user_id
            and s.get("content", {}).get("membership") == "leave"
        ),
    )
    assert left["sender"] == bot.user_id


async def test_bots_own_echo_is_not_dispatched(make_bot, make_human):
    bot = await make_bot()
    adapter, sink = await bot.start()
    alice = await make_human("alice")
    bob = await make_human("bob")
    room = await alice.create_room(invite=[bot.user_id, bob.user_id])
    await alice.wait_joined(room, bot.user_id)

    await adapter.send(ChatRef("matrix", room), Reply("Hallo zusammen"))
    marker = await alice.say(room, "after the bot spoke")
    message = await sink.wait_for(lambda e: e.event_id == marker)

    assert not message.chat.is_direct  # three members
    assert all(e.sender.user_id != bot.user_id for e in sink.events)
    assert [e.text for e in sink.events if isinstance(e, Message)] == ["after the bot spoke"]


async def test_direct_chat_reuses_a_room_the_person_opened(make_bot, make_human):
    bot = await make_bot()
    adapter, sink = await bot.start()
    alice = await make_human("alice")
    room = await alice.create_room(invite=[bot.user_id])
    await alice.wait_joined(room, bot.user_id)
    marker = await alice.say(room, "hallo")
    await sink.wait_for(lambda e: e.event_id == marker)  # the bot has synced the room

    chat = await adapter.direct_chat(UserRef("matrix", alice.user_id))

    assert chat == ChatRef("matrix", room, is_direct=True)
