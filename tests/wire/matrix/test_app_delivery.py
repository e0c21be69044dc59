"""Through the whole app on a real Synapse: nudges, restarts, encrypted rooms, retried sends."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

import pytest

from bot.app import App
from bot.events import ChatRef, Reply, UserRef
from tests.wire.matrix.app_helpers import AppBot, dm_with_bot, notice_from, reply_to
from tests.wire.matrix.helpers import Human, redaction_of, room_with_bot

pytestmark = pytest.mark.synapse

BERLIN = ZoneInfo("Europe/Berlin")


def localpart(human: Human) -> str:
    return human.user_id[1:].split(":")[0]


async def group_with_ben(bot: AppBot, anna: Human, ben: Human) -> tuple[str, str]:
    """Anna coordinates the group room (Ben is in it too); Ben joined by code in his direct
    room with the bot. Returns (group room, Ben's direct room)."""
    group = await room_with_bot(anna, bot.user_id, others=(ben,))
    await bot.ask(anna, group, "!setup Musterstadt")
    await bot.ask(anna, group, "!invite member")
    dm = await dm_with_bot(ben, bot.user_id)
    await bot.ask(ben, dm, "!join CODE0001")
    return group, dm


async def measure_due_for_ben(bot: AppBot, anna: Human, ben: Human, group: str) -> None:
    await bot.ask(anna, group, "!propose Spielplatz")
    await bot.ask(anna, group, "!due 1 18.2.2027")
    assigned = await bot.ask(anna, group, f"!assign 1 {localpart(ben)}")
    assert localpart(ben) in assigned["content"]["body"]


async def nudge_day(bot: AppBot, app: App) -> None:
    """The reminder engine's tick at 09:00 on the due day (the FakeClock moved there)."""
    when = datetime(2027, 2, 18, 9, 0, tzinfo=BERLIN)
    await app.reminders.plan()
    bot.clock.set(when)
    await app.reminders.tick(when)


async def test_nudge_arrives_in_the_direct_room_as_a_notice(make_app_bot, make_human):
    bot = await make_app_bot()
    app = await bot.start()
    anna = await make_human("anna")
    ben = await make_human("ben")
    group, dm = await group_with_ben(bot, anna, ben)
    await measure_due_for_ben(bot, anna, ben, group)

    await nudge_day(bot, app)
    nudge = await ben.wait_for_event(dm, notice_from(bot.user_id, "heute fällig"))

    assert "Maßnahme 1" in nudge["content"]["body"]
    assert "heute fällig" in nudge["content"]["body"]
    assert nudge["content"]["format"] == "org.matrix.custom.html"


async def test_a_nudge_answered_by_a_typed_command_is_edited_and_loses_its_reactions(
    make_app_bot, make_human
):
    bot = await make_app_bot()
    app = await bot.start()
    anna = await make_human("anna")
    ben = await make_human("ben")
    group, dm = await group_with_ben(bot, anna, ben)
    await measure_due_for_ben(bot, anna, ben, group)
    await nudge_day(bot, app)
    nudge = await ben.wait_for_event(dm, notice_from(bot.user_id, "heute fällig"))
    offered = await ben.wait_for_event(
        dm, lambda s: s.get("type") == "m.reaction" and s["sender"] == bot.user_id
    )

    await bot.ask(anna, group, "!due 1 15.3.2027")
    edit = await ben.wait_for_event(
        dm,
        lambda s: (
            s.get("content", {}).get("m.relates_to", {})
            == {"rel_type": "m.replace", "event_id": nudge["event_id"]}
        ),
    )
    gone = await ben.wait_for_event(dm, redaction_of(offered["event_id"]))

    body = edit["content"]["m.new_content"]["body"]
    assert "heute fällig" in body and body.endswith("✓ Frist: 15.03.2027")
    assert "1. Frist 2 Wochen später" in nudge["content"]["body"]
    assert "1. Frist" not in body  # the numbered choice is gone from the text
    assert gone["sender"] == bot.user_id


async def test_nudge_without_a_direct_room_mentions_the_person_with_a_pill(
    make_app_bot, make_human
):
    bot = await make_app_bot()
    app = await bot.start()
    anna = await make_human("anna")
    ben = await make_human("ben")
    group = await room_with_bot(anna, bot.user_id, others=(ben,))
    await bot.ask(anna, group, "!setup Musterstadt")
    await bot.ask(anna, group, "!invite member")
    await bot.ask(ben, group, "!join CODE0001")  # in the group room: no direct room known
    await measure_due_for_ben(bot, anna, ben, group)

    async def no_direct_room(user: UserRef) -> ChatRef | None:
        return None  # e.g. the person's server refuses direct rooms

    bot.adapter(app).direct_chat = no_direct_room  # type: ignore[method-assign]
    await nudge_day(bot, app)
    nudge = await anna.wait_for_event(group, notice_from(bot.user_id, "heute fällig"))

    pill = f'<a href="https://matrix.to/#/{ben.user_id}">'
    assert pill in nudge["content"]["formatted_body"]
    assert nudge["content"]["m.mentions"]["user_ids"] == [ben.user_id]


async def test_restart_answers_every_message_once(make_app_bot, make_human):
    bot = await make_app_bot()
    anna = await make_human("anna")
    ben = await make_human("ben")
    first = await bot.start()
    group = await room_with_bot(anna, bot.user_id, others=(ben,))
    setup = await anna.say(group, "!setup Musterstadt")
    await anna.wait_for_event(group, reply_to(bot.user_id, setup))
    await bot.stop(first)

    while_down = [await anna.say(group, f"!propose Maßnahme Nummer {i}") for i in range(3)]
    second = await bot.start()
    after = await anna.say(group, "!propose Danach")
    await anna.wait_for_event(group, reply_to(bot.user_id, after))
    last = await bot.ask(anna, group, "!measures")  # everything before it is answered by now

    history = await anna.history(group, limit=200)
    asked = [setup, *while_down, after]
    answers = {e: [h for h in history if reply_to(bot.user_id, e)(h)] for e in asked}
    assert {e: len(found) for e, found in answers.items()} == dict.fromkeys(asked, 1)
    numbers = [answers[e][0]["content"]["body"] for e in while_down]
    assert [f"Maßnahme {n}" in body for n, body in zip((1, 2, 3), numbers, strict=True)] == [
        True
    ] * 3
    assert "Danach" in last["content"]["body"]
    assert second is not first


async def test_encrypted_room_round_trip_through_the_app(make_app_bot, make_human):
    bot = await make_app_bot()
    app = await bot.start()
    assert bot.adapter(app).e2e
    anna = await make_human("anna")
    ben = await make_human("ben")
    group = await room_with_bot(anna, bot.user_id, others=(ben,), encrypted=True)

    setup = await bot.ask(anna, group, "!setup Verschlüsselt")
    propose = await bot.ask(anna, group, "!propose Sichere Schulwege")
    raw = {e["event_id"]: e for e in await anna.raw_history(group)}

    assert "Steuerungsgruppe Verschlüsselt" in setup["content"]["body"]  # anna decrypted it
    assert "Sichere Schulwege" in propose["content"]["body"]
    assert raw[setup["event_id"]]["type"] == "m.room.encrypted"  # encrypted on the wire
    assert raw[propose["event_id"]]["type"] == "m.room.encrypted"


async def test_a_retried_send_posts_once_even_across_a_restart(make_app_bot, make_human):
    bot = await make_app_bot()
    anna = await make_human("anna")
    ben = await make_human("ben")
    first = await bot.start()
    group = await room_with_bot(anna, bot.user_id, others=(ben,))
    chat = ChatRef("matrix", group)
    reply = Reply("Protokoll der Sitzung vom 11. Januar", key="minutes-2027-01-11")

    one = await first.messenger.send(chat, reply)
    two = await first.messenger.send(chat, reply)  # the same key: a retry
    await bot.stop(first)
    second = await bot.start()
    three = await second.messenger.send(chat, reply)
    marker = await second.messenger.send(chat, Reply("Ende", key="end-marker"))
    await anna.wait_for_event(group, lambda s: s.get("event_id") == marker.message_id)

    posted = [
        e for e in await anna.history(group) if e.get("content", {}).get("body") == reply.text
    ]
    assert len(posted) == 1
    assert one.message_id == two.message_id == three.message_id == posted[0]["event_id"]
