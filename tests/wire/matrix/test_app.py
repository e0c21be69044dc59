"""End to end: the whole app (dispatcher, commands, database) behind the Matrix adapter, with a
person in a room on a real Synapse."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest

from adapters.matrix.factory import matrix_adapter
from bot.app import App
from bot.clock import FakeClock
from tests.harness import settings_for, start_clock
from tests.wire.matrix.helpers import room_with_bot

pytestmark = pytest.mark.synapse


def reply_to(bot_user_id: str, event_id: str) -> Callable[[dict[str, Any]], bool]:
    """Predicate: the bot's answer to the message ``event_id`` (it carries a reply relation)."""

    def match(source: dict[str, Any]) -> bool:
        relates = source.get("content", {}).get("m.relates_to", {})
        return (
            source.get("sender") == bot_user_id
            and source.get("type") == "m.room.message"
            and relates.get("m.in_reply_to", {}).get("event_id") == event_id
        )

    return match


def matrix_app(synapse, bot, tmp_path) -> App:
    """The whole app on a SQLite file, with the Matrix adapter logged in as ``bot``."""
    settings = settings_for(
        tmp_path,
        DATABASE_URL=f"sqlite+aiosqlite:///{tmp_path / 'steerbot.db'}",
        MATRIX_HOMESERVER=synapse.url,
        MATRIX_USER_ID=bot.user_id,
        MATRIX_PASSWORD=bot.password,
        MATRIX_ALLOWED_SERVERS=synapse.server_name,
    )
    clock: FakeClock = start_clock()
    app = App(settings, clock=clock)
    app.add_adapter(matrix_adapter(app))
    return app


async def test_setup_and_propose_in_a_matrix_room(synapse, make_bot, make_human, tmp_path):
    bot = await make_bot()
    app = matrix_app(synapse, bot, tmp_path)
    alice = await make_human("anna")
    ben = await make_human("ben")

    async with app:
        # A steering-group room: more than the bot and one person, so not a direct chat.
        room = await room_with_bot(alice, bot.user_id, others=(ben,))
        setup = await alice.say(room, "!setup Musterstadt")
        first = await alice.wait_for_event(room, reply_to(bot.user_id, setup))
        propose = await alice.say(room, "!propose Spielplatz")
        second = await alice.wait_for_event(room, reply_to(bot.user_id, propose))

    assert "Steuerungsgruppe Musterstadt" in first["content"]["body"]
    assert first["content"]["msgtype"] == "m.notice"
    assert "Spielplatz" in second["content"]["body"]
    assert "Maßnahme 1" in second["content"]["body"]


async def test_a_list_sent_into_an_encrypted_room_is_imported(
    synapse, make_bot, make_human, tmp_path
):
    bot = await make_bot()
    app = matrix_app(synapse, bot, tmp_path)
    alice = await make_human("anna")
    ben = await make_human("ben")
    listing = b"Titel;Frist\nSkatepark;15.3.2027\nJugendraum;\n"

    async with app:
        room = await room_with_bot(alice, bot.user_id, others=(ben,), encrypted=True)
        setup = await alice.say(room, "!setup Musterstadt")
        await alice.wait_for_event(room, reply_to(bot.user_id, setup))
        asked = await alice.say(room, "!import")
        await alice.wait_for_event(room, reply_to(bot.user_id, asked))
        sent = await alice.send_file(room, "workshop.csv", listing, "text/csv", encrypted=True)
        check = await alice.wait_for_event(room, reply_to(bot.user_id, sent))
        confirm = await alice.say(room, "!import ja")
        done = await alice.wait_for_event(room, reply_to(bot.user_id, confirm))

    assert (
        "2 Maßnahmen lassen sich importieren:\n• Skatepark\n• Jugendraum"
        in (check["content"]["body"])
    )
    assert done["content"]["body"].startswith("2 Maßnahmen in Musterstadt importiert: Nr. 1, 2.")


async def test_a_command_written_in_a_thread_is_answered_in_that_thread(
    synapse, make_bot, make_human, tmp_path
):
    bot = await make_bot()
    app = matrix_app(synapse, bot, tmp_path)
    alice = await make_human("anna")
    ben = await make_human("ben")

    async with app:
        room = await room_with_bot(alice, bot.user_id, others=(ben,))
        setup = await alice.say(room, "!setup Musterstadt")
        await alice.wait_for_event(room, reply_to(bot.user_id, setup))
        root = await alice.say(room, "Sitzung am Dienstag: Ideen bitte im Thread")
        in_thread = {"rel_type": "m.thread", "event_id": root, "is_falling_back": True}
        in_thread["m.in_reply_to"] = {"event_id": root}
        propose = await alice.send(
            room, {"msgtype": "m.text", "body": "!propose Spielplatz", "m.relates_to": in_thread}
        )
        answer = await alice.wait_for_event(room, reply_to(bot.user_id, propose))
        outside = await alice.say(room, "!measures")
        listing = await alice.wait_for_event(room, reply_to(bot.user_id, outside))

    assert "Maßnahme 1" in answer["content"]["body"]
    relates = answer["content"]["m.relates_to"]
    assert (relates["rel_type"], relates["event_id"]) == ("m.thread", root)
    assert relates["is_falling_back"] is False  # a real reply to the command, in the thread
    assert "rel_type" not in listing["content"]["m.relates_to"]  # the main timeline stays


async def test_a_button_pressed_in_a_thread_is_answered_in_that_thread(
    synapse, make_bot, make_human, tmp_path
):
    """A number reaction relates to the bot's question, not to the thread: the answer still
    goes into the thread where the question was asked."""
    bot = await make_bot()
    app = matrix_app(synapse, bot, tmp_path)
    alice = await make_human("anna")
    ben = await make_human("ben")

    async with app:
        room = await room_with_bot(alice, bot.user_id, others=(ben,))
        setup = await alice.say(room, "!setup Musterstadt")
        await alice.wait_for_event(room, reply_to(bot.user_id, setup))
        root = await alice.say(room, "Handlungsfelder aufräumen")
        in_thread = {"rel_type": "m.thread", "event_id": root, "is_falling_back": True}
        in_thread["m.in_reply_to"] = {"event_id": root}
        remove = await alice.send(
            room, {"msgtype": "m.text", "body": "!fields remove 1", "m.relates_to": in_thread}
        )
        question = await alice.wait_for_event(room, reply_to(bot.user_id, remove))
        press = {"rel_type": "m.annotation", "event_id": question["event_id"], "key": "1️⃣"}
        pressed = await alice.send(room, {"m.relates_to": press}, "m.reaction")
        answer = await alice.wait_for_event(room, reply_to(bot.user_id, pressed))

    assert question["content"]["m.relates_to"]["rel_type"] == "m.thread"
    assert "Kindeswohlvorrang" in answer["content"]["body"]
    relates = answer["content"]["m.relates_to"]
    assert (relates["rel_type"], relates["event_id"]) == ("m.thread", root)
