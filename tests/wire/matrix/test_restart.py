"""Sync tokens: no replay after a restart, nothing lost while down, no old history."""

from __future__ import annotations

import json
import stat

import pytest

from bot.events import Message
from bot.state import MemoryKeyValueStore
from tests.wire.matrix.helpers import RecordingSink, room_with_bot

pytestmark = pytest.mark.synapse


def texts(sink: RecordingSink) -> list[str]:
    return [e.text for e in sink.events if isinstance(e, Message)]


async def test_restart_resumes_without_replay_or_loss(make_bot, make_human):
    bot = await make_bot()
    first, sink1 = await bot.start()
    alice = await make_human("alice")
    room = await room_with_bot(alice, bot.user_id)
    one = await alice.say(room, "eins")
    await sink1.wait_for(lambda e: e.event_id == one)
    device = first.client.device_id
    await bot.stop(first)

    await alice.say(room, "zwei")
    await alice.say(room, "drei")
    second, sink2 = await bot.start()
    four = await alice.say(room, "vier")
    await sink2.wait_for(lambda e: e.event_id == four)

    assert texts(sink1) == ["eins"]
    assert texts(sink2) == ["zwei", "drei", "vier"]
    assert second.client.device_id == device  # the same device after a restart
    session = bot.data_dir / "matrix_session.json"
    assert stat.S_IMODE(session.stat().st_mode) == 0o600
    assert json.loads(session.read_text())["device_id"] == device


async def test_long_outage_is_filled_from_history(make_bot, make_human):
    bot = await make_bot()
    first, _ = await bot.start()
    alice = await make_human("alice")
    room = await room_with_bot(alice, bot.user_id)
    await bot.stop(first)

    said = [f"Nachricht {i}" for i in range(70)]  # more than one sync timeline holds
    for text in said:
        await alice.client.room_send(room, "m.room.message", {"msgtype": "m.text", "body": text})
    second, sink = await bot.start()
    last = await alice.say(room, "zuletzt")
    await sink.wait_for(lambda e: e.event_id == last)

    assert texts(sink) == [*said, "zuletzt"]


async def test_first_ever_sync_does_not_answer_old_history(make_bot, make_human):
    bot = await make_bot()
    first, sink1 = await bot.start()
    alice = await make_human("alice")
    room = await room_with_bot(alice, bot.user_id)
    old = await alice.say(room, "!setup Altstadt")
    await sink1.wait_for(lambda e: e.event_id == old)
    await bot.stop(first)

    bot.state = MemoryKeyValueStore()  # a fresh installation: no sync token yet
    second, sink2 = await bot.start()
    new = await alice.say(room, "!setup Neustadt")
    await sink2.wait_for(lambda e: e.event_id == new)

    assert texts(sink2) == ["!setup Neustadt"]


async def test_history_before_the_bot_joined_is_not_answered(make_bot, make_human):
    bot = await make_bot()
    alice = await make_human("alice")
    room = await alice.create_room(invite=[])
    await alice.say(room, "vor dem Bot gesagt")
    adapter, sink = await bot.start()
    await alice.client.room_invite(room, bot.user_id)
    await alice.wait_joined(room, bot.user_id)
    after = await alice.say(room, "nach dem Beitritt")
    await sink.wait_for(lambda e: e.event_id == after)

    assert texts(sink) == ["nach dem Beitritt"]
