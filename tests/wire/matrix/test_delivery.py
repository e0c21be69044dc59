"""Rate limits and an unreachable homeserver: retried with the same transaction id."""

from __future__ import annotations

import asyncio

import pytest

from bot.adapter import RateLimited
from bot.events import ChatRef, Message, Reply
from tests.wire.matrix.helpers import room_with_bot

pytestmark = pytest.mark.synapse


async def test_rate_limited_send_waits_and_posts_once(synapse, make_bot, make_human):
    bot = await make_bot()
    adapter, _ = await bot.start()
    alice = await make_human("alice")
    room = await room_with_bot(alice, bot.user_id)
    await synapse.override_ratelimit(bot.user_id, messages_per_second=1, burst_count=1)

    refs = [
        await adapter.send(ChatRef("matrix", room), Reply(f"Stand {i}", key=f"digest:{i}"))
        for i in range(3)
    ]
    bodies = [
        e["content"].get("body")
        for e in await alice.history(room)
        if e["sender"] == bot.user_id and e["type"] == "m.room.message"
    ]

    assert len({r.message_id for r in refs}) == 3
    assert bodies == ["Stand 0", "Stand 1", "Stand 2"]


async def test_rate_limit_is_reported_when_retries_are_exhausted(synapse, make_bot, make_human):
    bot = await make_bot()
    adapter, _ = await bot.start(rate_limit_retries=0)
    alice = await make_human("alice")
    room = await room_with_bot(alice, bot.user_id)
    await synapse.override_ratelimit(bot.user_id, messages_per_second=1, burst_count=1)

    with pytest.raises(RateLimited) as raised:
        for i in range(20):  # one message a second: a quick second send is refused
            await adapter.send(ChatRef("matrix", room), Reply(f"Nachricht {i}"))

    assert 0 < raised.value.retry_after <= 1.0


async def test_sends_and_sync_survive_a_homeserver_restart(synapse, make_bot, make_human):
    bot = await make_bot()
    adapter, sink = await bot.start()
    alice = await make_human("alice")
    room = await room_with_bot(alice, bot.user_id)

    synapse.stop()
    pending = asyncio.create_task(
        adapter.send(ChatRef("matrix", room), Reply("während des Ausfalls", key="outage-1"))
    )
    await synapse.start_and_wait()
    sent = await asyncio.wait_for(pending, 90)
    said = await alice.say(room, "wieder da?")
    await sink.wait_for(lambda e: e.event_id == said)
    bodies = [
        e["content"].get("body")
        for e in await alice.history(room)
        if e["sender"] == bot.user_id and e["type"] == "m.room.message"
    ]

    assert bodies == ["während des Ausfalls"]
    assert sent.message_id
    assert [e.text for e in sink.events if isinstance(e, Message)] == ["wieder da?"]
