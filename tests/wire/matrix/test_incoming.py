"""Room events (their JSON) into core events, without a homeserver."""

from __future__ import annotations

from types import SimpleNamespace

from adapters.matrix.incoming import convert_event, events_after_own_join
from adapters.matrix.polls import ChoiceMemory, ChoiceRecord, PollRecord
from bot.events import Action, Message
from bot.state import MemoryKeyValueStore

ROOM = "!r:s"


def text(body: str, msgtype: str = "m.text", **content: object) -> dict:
    return {
        "type": "m.room.message",
        "sender": "@a:s",
        "event_id": "$e",
        "origin_server_ts": 1_800_000_000_000,
        "content": {"msgtype": msgtype, "body": body, **content},
    }


async def test_text_becomes_message_and_notices_and_edits_do_not():
    memory = ChoiceMemory(MemoryKeyValueStore())

    message = await convert_event(text("!help"), ROOM, None, memory)
    notice = await convert_event(text("!help", "m.notice"), ROOM, None, memory)
    edit = await convert_event(
        text("* !help", **{"m.relates_to": {"rel_type": "m.replace", "event_id": "$x"}}),
        ROOM,
        None,
        memory,
    )

    assert isinstance(message, Message)
    assert message.text == "!help" and message.sender.user_id == "@a:s"
    assert message.sent_at is not None and message.sent_at.year == 2027
    assert notice is None and edit is None


async def test_a_command_as_a_photo_caption_is_read_a_photo_alone_is_not():
    memory = ChoiceMemory(MemoryKeyValueStore())
    image = {"url": "mxc://s/abc", "info": {"mimetype": "image/jpeg"}}

    captioned = await convert_event(
        text("!vorschlag Skatepark", "m.image", filename="IMG_0042.jpg", **image),
        ROOM,
        None,
        memory,
    )
    bare = await convert_event(text("IMG_0042.jpg", "m.image", **image), ROOM, None, memory)
    named = await convert_event(
        text("IMG_0042.jpg", "m.image", filename="IMG_0042.jpg", **image), ROOM, None, memory
    )

    assert isinstance(captioned, Message) and captioned.text == "!vorschlag Skatepark"
    assert bare is None and named is None  # the body is only the file's name


async def test_reply_fallback_is_stripped():
    memory = ChoiceMemory(MemoryKeyValueStore())
    body = "> <@bot:s> Maßnahme 3 angelegt\n> zweite Zeile\n\n!show 3"

    message = await convert_event(
        text(body, **{"m.relates_to": {"m.in_reply_to": {"event_id": "$q"}}}), ROOM, None, memory
    )

    assert isinstance(message, Message) and message.text == "!show 3"


async def test_poll_answers_are_mapped_to_the_polls_key():
    memory = ChoiceMemory(MemoryKeyValueStore())
    await memory.remember_poll("$poll", PollRecord("round-1", ("a", "b", "c"), 2))
    response = {
        "type": "org.matrix.msc3381.poll.response",
        "sender": "@a:s",
        "event_id": "$r",
        "content": {
            "org.matrix.msc3381.poll.response": {"answers": ["c", "zz", "a", "b"]},
            "m.relates_to": {"rel_type": "m.reference", "event_id": "$poll"},
        },
    }

    action = await convert_event(response, ROOM, None, memory)
    await memory.remember_poll("$poll", PollRecord("round-1", ("a", "b", "c"), 2, ended=True))
    after_end = await convert_event(response, ROOM, None, memory)

    assert isinstance(action, Action)
    assert (action.ref, action.selected, action.message_id) == ("round-1", ("c", "a"), "$poll")
    assert after_end is None


async def test_reactions_to_unknown_messages_are_ignored():
    memory = ChoiceMemory(MemoryKeyValueStore())
    reaction = {
        "type": "m.reaction",
        "sender": "@a:s",
        "event_id": "$x",
        "content": {"m.relates_to": {"rel_type": "m.annotation", "event_id": "$m", "key": "1️⃣"}},
    }

    assert await convert_event(reaction, ROOM, None, memory) is None
    await memory.remember_choices("$m", ChoiceRecord(("yes", "no")))
    action = await convert_event(reaction, ROOM, None, memory)
    assert isinstance(action, Action) and action.ref == "yes"


def test_only_events_after_the_bots_own_join_count():
    def member(who: str, membership: str, prev: str | None = None) -> SimpleNamespace:
        unsigned = {"prev_content": {"membership": prev}} if prev else {}
        return SimpleNamespace(
            source={
                "type": "m.room.member",
                "state_key": who,
                "content": {"membership": membership},
                "unsigned": unsigned,
            }
        )

    old, new = SimpleNamespace(source=text("alt")), SimpleNamespace(source=text("neu"))
    joined = member("@bot:s", "join", "invite")
    renamed = member("@bot:s", "join", "join")  # a profile change, not a join

    assert events_after_own_join([old, joined, new], "@bot:s") == [new]
    assert events_after_own_join([old, renamed, new], "@bot:s") == [old, renamed, new]
    assert events_after_own_join([old, new], "@bot:s") == [old, new]


async def test_a_list_remembered_before_its_reactions_were_kept_still_answers():
    """A numbered list sent by an earlier version (stored as a bare list of actions) maps a
    reaction to its choice after an upgrade."""
    store = MemoryKeyValueStore()
    await store.set("matrix:choices:$old", '["yes:4", "no:4"]')
    memory = ChoiceMemory(store)
    reaction = {
        "type": "m.reaction",
        "sender": "@a:s",
        "event_id": "$r",
        "content": {"m.relates_to": {"rel_type": "m.annotation", "event_id": "$old", "key": "2️⃣"}},
    }

    action = await convert_event(reaction, ROOM, None, memory)

    assert isinstance(action, Action) and action.ref == "no:4"
    assert await memory.choices("$old") == ChoiceRecord(("yes:4", "no:4"))


async def test_a_message_in_a_thread_carries_the_threads_root():
    memory = ChoiceMemory(MemoryKeyValueStore())
    relates = {"rel_type": "m.thread", "event_id": "$root", "m.in_reply_to": {"event_id": "$x"}}

    threaded = await convert_event(text("!help", **{"m.relates_to": relates}), ROOM, None, memory)
    plain = await convert_event(text("!help"), ROOM, None, memory)

    assert isinstance(threaded, Message) and threaded.chat.thread_id == "$root"
    assert threaded.text == "!help"
    assert isinstance(plain, Message) and plain.chat.thread_id is None
    assert threaded.chat.same_chat(plain.chat)


async def test_a_press_on_choices_shown_in_a_thread_is_answered_in_that_thread():
    """A reaction or a poll answer carries no thread of its own (it relates to the bot's
    message): the thread is the one the bot showed the choices in, as remembered."""
    memory = ChoiceMemory(MemoryKeyValueStore())
    await memory.remember_choices("$list", ChoiceRecord(("yes", "no"), ("$r1",), "$root"))
    await memory.remember_poll("$poll", PollRecord("round-1", ("a", "b"), 1, thread="$root"))
    await memory.remember_choices("$main", ChoiceRecord(("yes", "no")))
    reaction = {
        "type": "m.reaction",
        "sender": "@a:s",
        "event_id": "$x",
        "content": {"m.relates_to": {"rel_type": "m.annotation", "event_id": "$list", "key": "2️⃣"}},
    }
    answer = {
        "type": "org.matrix.msc3381.poll.response",
        "sender": "@a:s",
        "event_id": "$y",
        "content": {
            "org.matrix.msc3381.poll.response": {"answers": ["b"]},
            "m.relates_to": {"rel_type": "m.reference", "event_id": "$poll"},
        },
    }
    in_main = {**reaction, "content": {"m.relates_to": {**reaction["content"]["m.relates_to"]}}}
    in_main["content"]["m.relates_to"]["event_id"] = "$main"

    pressed = await convert_event(reaction, ROOM, None, memory)
    voted = await convert_event(answer, ROOM, None, memory)
    main = await convert_event(in_main, ROOM, None, memory)

    assert isinstance(pressed, Action) and pressed.ref == "no"
    assert pressed.chat.thread_id == "$root"
    assert isinstance(voted, Action) and voted.chat.thread_id == "$root"
    assert isinstance(main, Action) and main.chat.thread_id is None
    assert await memory.choices("$list") == ChoiceRecord(("yes", "no"), ("$r1",), "$root")


async def test_an_answer_to_a_poll_of_many_choices_is_the_press_of_that_choice():
    memory = ChoiceMemory(MemoryKeyValueStore())
    actions = tuple(f"g:{i}" for i in range(1, 13))
    await memory.remember_poll("$pick", PollRecord("$pick", actions, 1, thread="$t", pick=True))

    def answer(event_id: str, answers: list[str]) -> dict:
        return {
            "type": "org.matrix.msc3381.poll.response",
            "sender": "@a:s",
            "event_id": event_id,
            "content": {
                "org.matrix.msc3381.poll.response": {"answers": answers},
                "m.relates_to": {"rel_type": "m.reference", "event_id": "$pick"},
            },
        }

    twelve = await convert_event(answer("$1", ["g:12", "g:3"]), ROOM, None, memory)
    taken_back = await convert_event(answer("$2", []), ROOM, None, memory)
    unknown = await convert_event(answer("$3", ["zz"]), ROOM, None, memory)

    assert isinstance(twelve, Action)
    assert (twelve.ref, twelve.selected, twelve.message_id) == ("g:12", (), "$pick")
    assert twelve.chat.thread_id == "$t"
    assert taken_back is None and unknown is None
    assert (await memory.poll("$pick")).pick


async def test_a_number_typed_presses_that_choice_of_the_open_poll_of_many_choices():
    """What the fallback text of a poll of many choices asks a client without polls to do:
    the number typed in the room (or its thread), or as a reply to the poll, is the press."""
    memory = ChoiceMemory(MemoryKeyValueStore())
    main = tuple(f"g:{i}" for i in range(1, 13))
    threaded = tuple(f"t:{i}" for i in range(1, 12))
    sent = 1_800_000_000 - 60  # a minute before the messages typed below
    await memory.remember_poll("$pick", PollRecord("$pick", main, 1, pick=True, sent_at=sent))
    await memory.remember_open_pick(ROOM, None, "$pick")
    await memory.remember_poll(
        "$tpick", PollRecord("$tpick", threaded, 1, thread="$t", pick=True, sent_at=sent)
    )
    await memory.remember_open_pick(ROOM, "$t", "$tpick")
    await memory.remember_poll("$vote", PollRecord("round-1", ("a", "b"), 1))
    in_thread = {"rel_type": "m.thread", "event_id": "$t", "is_falling_back": True}

    twelve = await convert_event(text("12"), ROOM, None, memory)
    three = await convert_event(text("3.", **{"m.relates_to": in_thread}), ROOM, None, memory)
    replied = await convert_event(
        text("[2]", **{"m.relates_to": {"m.in_reply_to": {"event_id": "$tpick"}}}),
        ROOM,
        None,
        memory,
    )
    to_vote = await convert_event(
        text("2", **{"m.relates_to": {"m.in_reply_to": {"event_id": "$vote"}}}), ROOM, None, memory
    )
    too_high = await convert_event(text("13"), ROOM, None, memory)
    words = await convert_event(text("12 Stühle"), ROOM, None, memory)
    elsewhere = await convert_event(text("12"), "!other:s", None, memory)

    assert isinstance(twelve, Action)
    assert (twelve.ref, twelve.message_id, twelve.event_id) == ("g:12", "$pick", "$e")
    assert twelve.sender.user_id == "@a:s" and twelve.chat.thread_id is None
    assert isinstance(three, Action) and (three.ref, three.message_id) == ("t:3", "$tpick")
    assert three.chat.thread_id == "$t"
    assert isinstance(replied, Action) and (replied.ref, replied.chat.thread_id) == ("t:2", "$t")
    # A reply to a vote is not a pick: the open poll of the room takes it.
    assert isinstance(to_vote, Action) and to_vote.ref == "g:2"
    for plain, said in ((too_high, "13"), (words, "12 Stühle"), (elsewhere, "12")):
        assert isinstance(plain, Message) and plain.text == said
    # Once the poll is ended (the press carried out), a number is text again.
    ended = PollRecord("$pick", main, 1, ended=True, pick=True, sent_at=sent)
    await memory.remember_poll("$pick", ended)
    after = await convert_event(text("12"), ROOM, None, memory)
    assert isinstance(after, Message) and after.text == "12"
    assert await memory.open_pick(ROOM, None, sent + 60) is None
