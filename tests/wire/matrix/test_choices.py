"""Choices: MSC3381 polls and numbered reactions, answered by a person on a real Synapse."""

from __future__ import annotations

import dataclasses

import pytest

from bot.events import Action, ChatRef, Choice, Message, Reply
from bot.i18n import I18n
from tests.wire.matrix.helpers import event_with_id, redaction_of, room_with_bot

pytestmark = pytest.mark.synapse

DAY = 24 * 3600  # a bare number answers a poll of many choices for a day

CHOICES = (
    Choice("Spielplatz am Markt", "m1"),
    Choice("Radweg zur Schule", "m2"),
    Choice("Jugendtreff", "m3"),
)


def poll_response(poll_id: str, answers: list[str]) -> dict:
    return {
        "org.matrix.msc3381.poll.response": {"answers": answers},
        "m.relates_to": {"rel_type": "m.reference", "event_id": poll_id},
    }


async def test_poll_answers_become_actions_and_latest_response_counts(make_bot, make_human):
    bot = await make_bot()
    adapter, sink = await bot.start()
    alice = await make_human("alice")
    room = await room_with_bot(alice, bot.user_id)

    sent = await adapter.send(
        ChatRef("matrix", room),
        Reply("Welche Maßnahmen zuerst?", choices=CHOICES, poll_max_selections=2, key="round-7"),
    )
    poll = await alice.wait_for_event(room, event_with_id(sent.message_id))
    start = poll["content"]["org.matrix.msc3381.poll.start"]
    assert poll["type"] == "org.matrix.msc3381.poll.start"
    assert [a["id"] for a in start["answers"]] == ["m1", "m2", "m3"]
    assert [a["org.matrix.msc1767.text"] for a in start["answers"]] == [c.label for c in CHOICES]
    assert start["max_selections"] == 2
    assert poll["content"]["m.poll"]["answers"][0] == {
        "m.id": "m1",
        "m.text": [{"body": "Spielplatz am Markt"}],
    }

    first = await alice.send(
        room, poll_response(sent.message_id, ["m1"]), "org.matrix.msc3381.poll.response"
    )
    # The stable event type; an unknown id is ignored and at most two answers count.
    second = await alice.send(
        room,
        {
            "m.selections": ["m3", "nope", "m2", "m1"],
            "m.relates_to": {"rel_type": "m.reference", "event_id": sent.message_id},
        },
        "m.poll.response",
    )
    latest = await sink.wait_for(lambda e: e.event_id == second)
    earlier = await sink.wait_for(lambda e: e.event_id == first)

    assert isinstance(earlier, Action) and earlier.selected == ("m1",)
    assert isinstance(latest, Action)
    assert latest.ref == "round-7"
    assert latest.selected == ("m3", "m2")
    assert latest.sender.user_id == alice.user_id
    assert latest.message_id == sent.message_id
    answers = [e for e in sink.events if isinstance(e, Action)]
    assert answers[-1] is latest  # delivered in the order they were given


async def test_editing_a_poll_without_choices_ends_it(make_bot, make_human):
    bot = await make_bot()
    adapter, sink = await bot.start()
    alice = await make_human("alice")
    room = await room_with_bot(alice, bot.user_id)
    sent = await adapter.send(
        ChatRef("matrix", room),
        Reply("Priorität?", choices=CHOICES, poll_max_selections=1, key="round-8"),
    )

    await adapter.edit(sent, Reply("Ergebnis: Radweg zur Schule (3 Stimmen)"))
    end = await alice.wait_for_event(room, lambda s: s.get("type") == "org.matrix.msc3381.poll.end")
    late = await alice.send(
        room, poll_response(sent.message_id, ["m1"]), "org.matrix.msc3381.poll.response"
    )
    marker = await alice.say(room, "danke")
    await sink.wait_for(lambda e: e.event_id == marker)

    assert end["content"]["m.relates_to"] == {
        "rel_type": "m.reference",
        "event_id": sent.message_id,
    }
    assert end["content"]["org.matrix.msc1767.text"] == "Ergebnis: Radweg zur Schule (3 Stimmen)"
    assert all(e.event_id != late for e in sink.events)  # answers after the end are ignored


async def test_numbered_reaction_becomes_the_choice(make_bot, make_human):
    bot = await make_bot()
    adapter, sink = await bot.start()
    alice = await make_human("alice")
    room = await room_with_bot(alice, bot.user_id)

    sent = await adapter.send(
        ChatRef("matrix", room),
        Reply(
            "Soll Maßnahme 4 priorisiert werden?",
            choices=(Choice("Ja", "yes:4"), Choice("Nein", "no:4")),
        ),
    )
    message = await alice.wait_for_event(room, event_with_id(sent.message_id))
    offered = [
        await alice.wait_for_event(
            room,
            lambda s, key=key: (
                s.get("type") == "m.reaction"
                and s["content"]["m.relates_to"]
                == {"rel_type": "m.annotation", "event_id": sent.message_id, "key": key}
            ),
        )
        for key in ("1️⃣", "2️⃣")
    ]
    reaction = await alice.send(
        room,
        {"m.relates_to": {"rel_type": "m.annotation", "event_id": sent.message_id, "key": "2️⃣"}},
        "m.reaction",
    )
    action = await sink.wait_for(lambda e: e.event_id == reaction)

    assert message["content"]["body"] == "Soll Maßnahme 4 priorisiert werden?\n\n1. Ja\n2. Nein"
    assert all(o["sender"] == bot.user_id for o in offered)
    assert isinstance(action, Action)
    assert action.ref == "no:4"
    assert action.message_id == sent.message_id
    assert not any(isinstance(e, Message) for e in sink.events)


async def test_an_answered_list_loses_its_number_reactions_and_a_late_one_still_counts(
    make_bot, make_human
):
    bot = await make_bot()
    adapter, sink = await bot.start()
    alice = await make_human("alice")
    room = await room_with_bot(alice, bot.user_id)
    sent = await adapter.send(
        ChatRef("matrix", room),
        Reply("Handlungsfeld „Bildung“ entfernen?", choices=(Choice("Entfernen", "rm:1"),)),
    )
    offered = await alice.wait_for_event(
        room,
        lambda s: s.get("type") == "m.reaction" and s["sender"] == bot.user_id,
    )

    await adapter.drop_choices(sent)
    gone = await alice.wait_for_event(room, redaction_of(offered["event_id"]))
    await adapter.drop_choices(sent)  # a second time finds nothing left to take off
    late = await alice.send(
        room,
        {"m.relates_to": {"rel_type": "m.annotation", "event_id": sent.message_id, "key": "1️⃣"}},
        "m.reaction",
    )
    action = await sink.wait_for(lambda e: e.event_id == late)

    assert gone["sender"] == bot.user_id
    history = await alice.raw_history(room)
    redactions = [s for s in history if s.get("type") == "m.room.redaction"]
    assert len(redactions) == 1
    assert isinstance(action, Action) and action.ref == "rm:1"  # the core answers it as stale
    message = next(s for s in history if s.get("event_id") == sent.message_id)
    assert message["content"]["body"].endswith("1. Entfernen")  # the text stays


async def test_a_list_edited_to_have_no_choices_loses_its_number_reactions(make_bot, make_human):
    """A nudge answered by a typed command is edited to its text and a line saying so, without
    choices: the numbered list goes from the text, and the bot's number reactions go too."""
    bot = await make_bot()
    adapter, _sink = await bot.start()
    alice = await make_human("alice")
    room = await room_with_bot(alice, bot.user_id)
    sent = await adapter.send(
        ChatRef("matrix", room),
        Reply(
            "Erinnerung: Maßnahme 1 ist heute fällig.",
            choices=(
                Choice("In Umsetzung", "nudge:1:progress"),
                Choice("Umgesetzt", "nudge:1:done"),
            ),
        ),
    )
    offered = [
        await alice.wait_for_event(
            room,
            lambda s, key=key: (
                s.get("type") == "m.reaction"
                and s["sender"] == bot.user_id
                and s["content"]["m.relates_to"]["key"] == key
            ),
        )
        for key in ("1️⃣", "2️⃣")
    ]

    await adapter.edit(sent, Reply("Erinnerung: Maßnahme 1 ist heute fällig.\n✓ Status: umgesetzt"))
    edit = await alice.wait_for_event(
        room,
        lambda s: s.get("content", {}).get("m.relates_to", {}).get("rel_type") == "m.replace",
    )
    gone = [await alice.wait_for_event(room, redaction_of(o["event_id"])) for o in offered]

    assert edit["content"]["m.new_content"]["body"] == (
        "Erinnerung: Maßnahme 1 ist heute fällig.\n✓ Status: umgesetzt"
    )
    assert all(g["sender"] == bot.user_id for g in gone)


async def test_more_choices_than_number_reactions_are_a_poll_each_one_tap(make_bot, make_human):
    """Reactions press 1..10 only: twelve plain choices go out as a poll of one answer, choice
    12 is pressed by answering it, and once the press is carried out the poll is ended."""
    bot = await make_bot()
    adapter, sink = await bot.start()
    alice = await make_human("alice")
    room = await room_with_bot(alice, bot.user_id)
    choices = tuple(Choice(f"Gruppe {i}", f"g:{i}") for i in range(1, 13))

    sent = await adapter.send(ChatRef("matrix", room), Reply("Welche Gruppe?", choices=choices))
    poll = await alice.wait_for_event(room, event_with_id(sent.message_id))
    answer = await alice.send(
        room, poll_response(sent.message_id, ["g:12"]), "org.matrix.msc3381.poll.response"
    )
    action = await sink.wait_for(lambda e: e.event_id == answer)
    await adapter.drop_choices(sent)
    end = await alice.wait_for_event(room, lambda s: s.get("type") == "org.matrix.msc3381.poll.end")
    late = await alice.send(
        room, poll_response(sent.message_id, ["g:1"]), "org.matrix.msc3381.poll.response"
    )
    marker = await alice.say(room, "danke")
    await sink.wait_for(lambda e: e.event_id == marker)

    start = poll["content"]["org.matrix.msc3381.poll.start"]
    assert poll["type"] == "org.matrix.msc3381.poll.start"
    assert start["max_selections"] == 1
    assert [a["id"] for a in start["answers"]] == [c.action for c in choices]
    history = await alice.raw_history(room)
    assert not any(s.get("type") == "m.reaction" for s in history)  # no half-usable reactions
    assert isinstance(action, Action) and action.ref == "g:12"
    assert action.message_id == sent.message_id
    assert end["content"]["m.relates_to"]["event_id"] == sent.message_id
    assert all(e.event_id != late for e in sink.events)  # the poll is over


async def test_a_poll_of_many_choices_hides_counts_and_a_typed_number_presses(make_bot, make_human):
    """A poll of many choices is one person's pick: undisclosed (no counts in the room while
    it runs); a client without polls reads the numbered list and how to answer, and the
    number typed is the press of that choice until the poll is ended."""
    bot = await make_bot()
    adapter, sink = await bot.start(translator=I18n()("de"))
    alice = await make_human("alice")
    room = await room_with_bot(alice, bot.user_id)
    choices = tuple(Choice(f"Gruppe {i}", f"g:{i}") for i in range(1, 13))

    sent = await adapter.send(ChatRef("matrix", room), Reply("Welche Gruppe?", choices=choices))
    poll = await alice.wait_for_event(room, event_with_id(sent.message_id))
    typed = await alice.say(room, "12")
    action = await sink.wait_for(lambda e: e.event_id == typed)
    await adapter.drop_choices(sent)
    await alice.wait_for_event(room, lambda s: s.get("type") == "org.matrix.msc3381.poll.end")
    later = await alice.say(room, "3")
    message = await sink.wait_for(lambda e: e.event_id == later)

    content = poll["content"]
    assert content["org.matrix.msc3381.poll.start"]["kind"] == (
        "org.matrix.msc3381.poll.undisclosed"
    )
    assert content["m.poll"]["kind"] == "m.undisclosed"
    assert content["body"].startswith("Welche Gruppe?\n1. Gruppe 1\n")
    assert content["body"].endswith(
        "12. Gruppe 12\n\nKeine Umfrage zu sehen? Die Nummer der Antwort als Nachricht schicken."
    )
    assert content["org.matrix.msc1767.text"] == content["body"]
    assert isinstance(action, Action) and action.ref == "g:12"
    assert action.message_id == sent.message_id and action.sender.user_id == alice.user_id
    assert isinstance(message, Message) and message.text == "3"  # the poll is over


async def test_a_bare_number_answers_a_poll_of_many_choices_only_while_it_is_the_question(
    make_bot, make_human
):
    """An unanswered poll of many choices used to take any bare number typed in the room,
    weeks later or after the bot had asked something else there. A number typed in reply to
    the poll still answers it."""
    bot = await make_bot()
    adapter, sink = await bot.start()
    alice = await make_human("alice")
    room = await room_with_bot(alice, bot.user_id)
    chat = ChatRef("matrix", room)
    many = tuple(Choice(f"Gruppe {i}", f"g:{i}") for i in range(1, 13))

    sent = await adapter.send(chat, Reply("Welche Gruppe?", choices=many))
    await adapter.send(chat, Reply("Erledigt?", choices=CHOICES))  # another question after it
    after_other = await alice.say(room, "2")
    replied = await alice.send(
        room,
        {
            "msgtype": "m.text",
            "body": "> <@steerbot> Welche Gruppe?\n\n2",
            "m.relates_to": {"m.in_reply_to": {"event_id": sent.message_id}},
        },
    )
    pressed = await sink.wait_for(lambda e: e.event_id == replied)
    assert isinstance(pressed, Action) and pressed.ref == "g:2"
    assert pressed.message_id == sent.message_id
    first = next(e for e in sink.events if e.event_id == after_other)
    assert isinstance(first, Message) and first.text == "2"

    late = await adapter.send(chat, Reply("Welche Gruppe nun?", choices=many))
    record = await adapter.memory.poll(late.message_id)
    assert record is not None and record.sent_at is not None
    a_day_ago = dataclasses.replace(record, sent_at=record.sent_at - DAY)
    await adapter.memory.remember_poll(late.message_id, a_day_ago)  # as sent a day ago
    day_later = await alice.say(room, "5")
    message = await sink.wait_for(lambda e: e.event_id == day_later)
    assert isinstance(message, Message) and message.text == "5"


async def test_a_bare_number_answers_the_latest_poll_of_many_choices_within_a_day(
    make_bot, make_human
):
    bot = await make_bot()
    adapter, sink = await bot.start()
    alice = await make_human("alice")
    room = await room_with_bot(alice, bot.user_id)
    many = tuple(Choice(f"Gruppe {i}", f"g:{i}") for i in range(1, 13))

    sent = await adapter.send(ChatRef("matrix", room), Reply("Welche Gruppe?", choices=many))
    record = await adapter.memory.poll(sent.message_id)
    assert record is not None and record.sent_at is not None
    almost = dataclasses.replace(record, sent_at=record.sent_at - DAY + 600)
    await adapter.memory.remember_poll(sent.message_id, almost)  # 23 hours 50 minutes ago
    typed = await alice.say(room, "11")
    action = await sink.wait_for(lambda e: e.event_id == typed)

    assert isinstance(action, Action) and action.ref == "g:11"


async def test_the_first_poll_in_a_room_comes_with_its_text_as_a_plain_message(
    make_bot, make_human
):
    """Clients without polls (Nheko, Cinny) hide the poll event, its fallback text too: their
    users never learnt that the bot had asked anything. The first poll in a room is preceded
    by a notice saying so, with the poll's text; later polls come alone."""
    bot = await make_bot()
    adapter, sink = await bot.start(translator=I18n()("de"))
    alice = await make_human("alice")
    room = await room_with_bot(alice, bot.user_id)
    chat = ChatRef("matrix", room)

    first = await adapter.send(chat, Reply("Welche Maßnahme?", CHOICES, poll_max_selections=1))
    second = await adapter.send(chat, Reply("Und jetzt?", CHOICES, poll_max_selections=1))
    await alice.wait_for_event(room, event_with_id(second.message_id))
    history = await alice.raw_history(room)

    ours = [s for s in history if s["sender"] == bot.user_id and "state_key" not in s]
    assert [s["event_id"] for s in ours[-2:]] == [first.message_id, second.message_id]
    note = ours[-3]
    assert note["type"] == "m.room.message" and note["content"]["msgtype"] == "m.notice"
    assert note["content"]["body"] == (
        "Fragen mit Auswahl stellt der Bot hier als Umfrage. Wer unter dieser Nachricht keine "
        "Umfrage sieht, nutzt eine Matrix-App, die keine Umfragen anzeigt (Element zeigt sie "
        "zum Beispiel). Die Umfrage lautet:\n\n"
        "Welche Maßnahme?\n1. Spielplatz am Markt\n2. Radweg zur Schule\n3. Jugendtreff"
    )
