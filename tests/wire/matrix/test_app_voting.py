"""Through the whole app on a real Synapse: voting by MSC3381 poll and by text, and a secret
ballot in a direct room."""

from __future__ import annotations

from typing import Any

import pytest
from nio import RoomPutStateResponse

from tests.wire.matrix.app_helpers import AppBot, dm_with_bot, notice_from
from tests.wire.matrix.helpers import Human, room_with_bot

pytestmark = pytest.mark.synapse

POLL_START = "org.matrix.msc3381.poll.start"
POLL_RESPONSE = "org.matrix.msc3381.poll.response"


def poll_response(poll_id: str, answers: list[str]) -> dict[str, Any]:
    return {
        POLL_RESPONSE: {"answers": answers},
        "m.relates_to": {"rel_type": "m.reference", "event_id": poll_id},
    }


async def steering_group(bot: AppBot, anna: Human, ben: Human) -> tuple[str, str]:
    """Anna coordinates the group room (with Ben in it), Ben joined by code in his direct
    room with the bot; three measures. Returns (group room, Ben's direct room)."""
    room = await room_with_bot(anna, bot.user_id, others=(ben,))
    await bot.ask(anna, room, "!setup Musterstadt")
    await bot.ask(anna, room, "!invite member")
    dm = await dm_with_bot(ben, bot.user_id)
    await bot.ask(ben, dm, "!join CODE0001")
    for title in ("Skatepark", "Sitzbänke am Markt", "Jugendraum"):
        await bot.ask(anna, room, f"!propose {title}")
    return room, dm


async def test_vote_by_poll_latest_response_counts_and_by_text(make_app_bot, make_human):
    bot = await make_app_bot()
    app = await bot.start()
    anna = await make_human("anna")
    ben = await make_human("ben")
    room, dm = await steering_group(bot, anna, ben)

    opened = await anna.say(room, "!round approval 1 2 3")
    poll = await ben.wait_for_event(
        room, lambda s: s.get("type") == POLL_START and s.get("sender") == bot.user_id
    )
    answers = [a["id"] for a in poll["content"][POLL_START]["answers"]]
    await ben.send(room, poll_response(poll["event_id"], [answers[0], answers[2]]), POLL_RESPONSE)
    await ben.wait_for_event(
        dm, notice_from(bot.user_id, "Runde 1: Maßnahme 1 „Skatepark“, Maßnahme 3 „Jugendraum“.")
    )
    first = await bot.ballots(app)
    # A later response replaces the ballot: the latest counts.
    await ben.send(room, poll_response(poll["event_id"], [answers[1]]), POLL_RESPONSE)
    await ben.wait_for_event(
        dm, notice_from(bot.user_id, "Runde 1: Maßnahme 2 „Sitzbänke am Markt“.")
    )
    second = await bot.ballots(app)
    text_vote = await bot.ask(anna, room, "!vote 1 1 2 3")
    third = await bot.ballots(app)
    result = await bot.ask(anna, room, "!close 1")
    # Closing edits the round announcement without choices: on Matrix the poll is ended.
    ended = await ben.wait_for_event(
        room,
        lambda s: (
            s.get("type") in ("org.matrix.msc3381.poll.end", "m.poll.end")
            and s.get("sender") == bot.user_id
        ),
    )

    assert opened and poll["content"][POLL_START]["max_selections"] == 3
    assert len(first) == 1 and len(second) == 1
    assert first[0].voter_id is not None and second[0].voter_id == first[0].voter_id
    assert len(first[0].content["approved"]) == 2 and len(second[0].content["approved"]) == 1
    assert "gespeichert: Maßnahme 1 „Skatepark“, Maßnahme 2" in text_vote["content"]["body"]
    assert len(third) == 2
    body = result["content"]["body"]
    assert "Platz 1: Nr. 2 Sitzbänke am Markt — 2 Zustimmungen" in body and "2 von 2" in body
    assert ended["content"]["m.relates_to"]["event_id"] == poll["event_id"]


async def test_secret_ballot_only_in_the_direct_room(make_app_bot, make_human):
    bot = await make_app_bot()
    app = await bot.start()
    anna = await make_human("anna")
    ben = await make_human("ben")
    room, dm = await steering_group(bot, anna, ben)

    opened = await bot.ask(anna, room, "!round approval 1 2 3 secret")
    in_group = await bot.ask(ben, room, "!vote 1 1 2")
    stored_after_group = await bot.ballots(app)
    in_dm = await bot.ask(ben, dm, "!vote 1 1 2")
    counted = await anna.wait_for_event(room, notice_from(bot.user_id, "1 von 2"))
    stored = await bot.ballots(app)

    assert "geheim" in opened["content"]["body"]
    assert stored_after_group == []  # a secret vote typed in the group room is refused
    assert "im direkten chat" in in_group["content"]["body"].lower()
    # Anna's room gives the bot no power to redact: Ben is asked to delete it himself.
    assert "Bitte löschen Sie sie." in in_group["content"]["body"]
    assert "geheimer Stimmzettel" in in_dm["content"]["body"]
    assert len(stored) == 1 and stored[0].voter_id is None  # no link to the voter
    assert ben.user_id not in counted["content"]["body"]


async def test_a_secret_ballot_typed_in_the_group_is_redacted_where_the_bot_may(
    make_app_bot, make_human
):
    bot = await make_app_bot()
    app = await bot.start()
    anna = await make_human("anna")
    ben = await make_human("ben")
    room, _ = await steering_group(bot, anna, ben)
    await bot.ask(anna, room, "!round approval 1 2 3 secret")
    # Anna makes the bot a moderator (power level 50, enough to redact by default).
    levels = await anna.client.room_get_state_event(room, "m.room.power_levels")
    content = dict(levels.content)
    content["users"] = {**content.get("users", {}), bot.user_id: 50}
    put = await anna.client.room_put_state(room, "m.room.power_levels", content)
    assert isinstance(put, RoomPutStateResponse), put

    said = await ben.say(room, "!vote 1 1 2")
    answer = await anna.wait_for_event(room, notice_from(bot.user_id, "entfernt"))
    (ballot,) = [e for e in await anna.raw_history(room) if e["event_id"] == said]

    assert ballot["content"] == {}  # redacted: the server no longer hands out the text
    assert ballot["unsigned"]["redacted_because"]["sender"] == bot.user_id
    assert "Ich habe Ihre Nachricht aus diesem Chat entfernt" in answer["content"]["body"]
    assert await bot.ballots(app) == []
