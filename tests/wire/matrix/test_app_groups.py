"""Through the whole app on a real Synapse: invites, setup, joining by code, proposing."""

from __future__ import annotations

import asyncio

import aiohttp
import pytest
from nio import RoomPutStateResponse
from sqlalchemy import select

from bot.events import ChatRef
from storage.models import Chat, Identity, Membership
from tests.wire.matrix.app_helpers import dm_with_bot, notice_from
from tests.wire.matrix.helpers import WAIT, Human, redaction_of, room_with_bot

pytestmark = pytest.mark.synapse


async def test_invite_is_followed_and_a_stranger_is_refused(make_app_bot, make_human, synapse):
    alice = await make_human("anna")
    mallory = await make_human("mallory")
    bot = await make_app_bot(MATRIX_ALLOWED_USERS=alice.user_id, MATRIX_ALLOWED_SERVERS="")
    await bot.start()

    room = await room_with_bot(alice, bot.user_id)  # waits for the bot's join
    answer = await bot.ask(alice, room, "!help")
    refused = await mallory.create_room(invite=[bot.user_id])
    left = await mallory.wait_for_event(
        refused,
        lambda s: (
            s.get("type") == "m.room.member"
            and s.get("state_key") == bot.user_id
            and s.get("content", {}).get("membership") == "leave"
        ),
    )

    assert answer["content"]["msgtype"] == "m.notice"
    assert left["sender"] == bot.user_id  # the bot declined the invite itself


async def test_setup_join_by_code_and_propose(make_app_bot, make_human):
    bot = await make_app_bot()
    app = await bot.start()
    anna = await make_human("anna")
    ben = await make_human("ben")
    carl = await make_human("carl")
    room = await room_with_bot(anna, bot.user_id, others=(carl,))

    setup = await bot.ask(anna, room, "!setup Musterstadt")
    invite = await bot.ask(anna, room, "!invite member")
    code = "CODE0001"
    dm = await dm_with_bot(ben, bot.user_id)
    joined = await bot.ask(ben, dm, f"/join {code}")
    propose = await bot.ask(ben, dm, "!propose Spielplatz am Markt")
    again = await bot.ask(anna, room, "!propose Radweg zur Schule")

    assert "Steuerungsgruppe Musterstadt" in setup["content"]["body"]
    assert code in invite["content"]["body"]
    assert "Musterstadt" in joined["content"]["body"]
    assert "Maßnahme 1" in propose["content"]["body"]
    assert "Maßnahme 2" in again["content"]["body"]
    for answer in (setup, invite, joined, propose, again):
        assert answer["content"]["msgtype"] == "m.notice"
        assert answer["content"]["format"] == "org.matrix.custom.html"  # HTML next to the body
        assert answer["content"]["formatted_body"]
    async with app.sessions() as session:
        members = {
            user_id: role
            for user_id, role in await session.execute(
                select(Identity.user_id, Membership.role).join(
                    Membership, Membership.person_id == Identity.person_id
                )
            )
        }
    assert members == {anna.user_id: "coordinator", ben.user_id: "member"}


async def _make_moderator(anna: Human, room: str, user_id: str) -> None:
    levels = await anna.client.room_get_state_event(room, "m.room.power_levels")
    content = dict(levels.content)
    content["users"] = {**content.get("users", {}), user_id: 50}
    put = await anna.client.room_put_state(room, "m.room.power_levels", content)
    assert isinstance(put, RoomPutStateResponse), put


async def test_setup_asks_for_the_power_to_remove_messages_only_where_it_lacks(
    make_app_bot, make_human
):
    bot = await make_app_bot()
    app = await bot.start()
    anna = await make_human("anna")
    carl = await make_human("carl")  # a third person: a room of two is a direct chat
    room = await room_with_bot(anna, bot.user_id, others=(carl,))
    await bot.ask(anna, room, "!setup Musterstadt")
    hint = await anna.wait_for_event(room, notice_from(bot.user_id, "Ein Hinweis"))
    assert hint["content"]["body"].endswith(
        "bis der Absender sie löscht. Geben Sie mir bitte die Berechtigung, Nachrichten zu "
        "entfernen (Moderator)."
    )
    # The adapter reads the bot's power level from the synced room state.
    matrix = app.messenger.adapters["matrix"]
    assert await matrix.can_remove(ChatRef("matrix", room)) is False
    await _make_moderator(anna, room, bot.user_id)

    async def moderator(room_id: str) -> bool:
        """Whether the bot's sync brings it the new power level within ``WAIT``."""
        for _ in range(int(WAIT * 10)):
            if await matrix.can_remove(ChatRef("matrix", room_id)):
                return True
            await asyncio.sleep(0.1)
        return False

    assert await moderator(room)
    # A moderator binding the youth room hears no such note.
    youth = await room_with_bot(anna, bot.user_id, others=(carl,))
    await _make_moderator(anna, youth, bot.user_id)
    assert await moderator(youth)
    bound = await bot.ask(anna, youth, "!bind youth")
    assert "Jugendchat von Musterstadt" in bound["content"]["body"]
    await bot.ask(anna, youth, "!hilfe")  # anything the bind sent has arrived before this answer
    notes = [
        e
        for e in await anna.raw_history(youth)
        if e.get("sender") == bot.user_id and "Ein Hinweis" in e["content"].get("body", "")
    ]
    assert notes == []


async def test_a_question_answered_by_reaction_loses_its_number_reactions(make_app_bot, make_human):
    bot = await make_app_bot()
    await bot.start()
    anna = await make_human("anna")
    ben = await make_human("ben")
    room = await room_with_bot(anna, bot.user_id, others=(ben,))
    await bot.ask(anna, room, "!setup Musterstadt programme=custom fields=Bildung;Freizeit")

    question = await bot.ask(anna, room, "!fields remove 1")
    offered = await anna.wait_for_event(
        room,
        lambda s: (
            s.get("type") == "m.reaction"
            and s["sender"] == bot.user_id
            and s["content"]["m.relates_to"]["event_id"] == question["event_id"]
        ),
    )
    await anna.send(
        room,
        {
            "m.relates_to": {
                "rel_type": "m.annotation",
                "event_id": question["event_id"],
                "key": "1️⃣",
            }
        },
        "m.reaction",
    )
    done = await anna.wait_for_event(room, notice_from(bot.user_id, "entfernt"))
    gone = await anna.wait_for_event(room, redaction_of(offered["event_id"]))
    fields = await bot.ask(anna, room, "!fields")

    assert "Bildung" in question["content"]["body"]
    assert "Bildung" in done["content"]["body"]
    assert gone["sender"] == bot.user_id
    assert "Bildung" not in fields["content"]["body"]
    assert "Freizeit" in fields["content"]["body"]


async def test_an_upgraded_room_takes_the_group_along(make_app_bot, make_human):
    """A room upgrade leaves a tombstone in the old room naming the new one: the bot joins the
    new room and the group's binding follows, with what is still to be sent."""
    bot = await make_app_bot()
    app = await bot.start()
    anna = await make_human("anna")
    carl = await make_human("carl")
    room = await room_with_bot(anna, bot.user_id, others=(carl,))
    assert (
        "Steuerungsgruppe Musterstadt"
        in (await bot.ask(anna, room, "!setup Musterstadt"))["content"]["body"]
    )
    await bot.ask(anna, room, "!propose Spielplatz am Markt")

    # A room anyone may join: its replacement is one too, and the bot goes there by itself (an
    # invite-only room's replacement needs an invite, which the bot follows; the binding moves
    # at the tombstone either way).
    rules = await anna.client.room_put_state(room, "m.room.join_rules", {"join_rule": "public"})
    assert isinstance(rules, RoomPutStateResponse), rules
    new_room = await _upgrade(anna, room)
    await carl.client.join(new_room)
    await anna.wait_joined(new_room, carl.user_id)
    await anna.wait_joined(new_room, bot.user_id)  # the bot followed the tombstone itself

    listed = await bot.ask(anna, new_room, "!measures")
    assert "Spielplatz am Markt" in listed["content"]["body"]
    async with app.sessions() as session:
        bound = set(await session.scalars(select(Chat.chat_id)))
    assert bound == {new_room}


async def _upgrade(human: Human, room: str) -> str:
    """Upgrade ``room`` as ``human`` through the client-server API (``/upgrade``, as Element
    does); the replacement room's id."""
    url = f"{human.client.homeserver}/_matrix/client/v3/rooms/{room}/upgrade"
    headers = {"Authorization": f"Bearer {human.client.access_token}"}
    async with (
        aiohttp.ClientSession() as http,
        http.post(url, json={"new_version": "10"}, headers=headers) as answer,
    ):
        body = await answer.json()
    assert answer.status == 200, body
    return str(body["replacement_room"])
