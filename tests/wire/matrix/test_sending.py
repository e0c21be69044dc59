"""What the bot sends, as another client sees it on a real Synapse."""

from __future__ import annotations

import pytest

from bot.events import ChatRef, File, Reply, UserRef
from tests.wire.matrix.helpers import event_with_id, room_with_bot

pytestmark = pytest.mark.synapse


async def test_reply_is_a_notice_with_escaped_html_pill_and_reply_relation(make_bot, make_human):
    bot = await make_bot()
    adapter, _ = await bot.start()
    alice = await make_human("alice")
    room = await room_with_bot(alice, bot.user_id)
    question = await alice.say(room, "!show 3")

    sent = await adapter.send(
        ChatRef("matrix", room),
        Reply(
            "<b>Tom & Jerry</b> planen\nden <script>Spielplatz</script>",
            mention=(UserRef("matrix", alice.user_id, "Alice <A>"),),
            in_reply_to=question,
        ),
    )
    event = await alice.wait_for_event(room, event_with_id(sent.message_id))

    content = event["content"]
    assert event["type"] == "m.room.message"
    assert content["msgtype"] == "m.notice"
    assert content["format"] == "org.matrix.custom.html"
    assert (
        "&lt;b&gt;Tom &amp; Jerry&lt;/b&gt; planen<br>den &lt;script&gt;"
        in content["formatted_body"]
    )
    assert "<script>" not in content["formatted_body"]
    assert (
        f'<a href="https://matrix.to/#/{alice.user_id}">Alice &lt;A&gt;</a>'
        in content["formatted_body"]
    )
    assert content["m.mentions"] == {"user_ids": [alice.user_id]}
    assert content["body"].endswith("<b>Tom & Jerry</b> planen\nden <script>Spielplatz</script>")
    assert content["m.relates_to"] == {"m.in_reply_to": {"event_id": question}}


async def test_plain_text_reply_when_notice_is_off(make_bot, make_human):
    bot = await make_bot()
    adapter, _ = await bot.start()
    alice = await make_human("alice")
    room = await room_with_bot(alice, bot.user_id)

    sent = await adapter.send(ChatRef("matrix", room), Reply("Hallo", notice=False))
    event = await alice.wait_for_event(room, event_with_id(sent.message_id))

    assert event["content"]["msgtype"] == "m.text"


async def test_long_text_is_split_at_line_boundaries(make_bot, make_human):
    bot = await make_bot()
    adapter, _ = await bot.start()
    alice = await make_human("alice")
    room = await room_with_bot(alice, bot.user_id)
    lines = [f"Maßnahme {i:04d}: " + "x" * 60 for i in range(400)]  # ~29k characters
    text = "\n".join(lines)

    await adapter.send(ChatRef("matrix", room), Reply(text, key="long-1"))
    parts = [
        e["content"]["body"]
        for e in await alice.history(room)
        if e["sender"] == bot.user_id and e["type"] == "m.room.message"
    ]

    assert len(parts) == 2
    assert all(len(p) <= adapter.capabilities.max_text_length for p in parts)
    assert "\n".join(parts) == text  # nothing lost, cut between lines


async def test_send_retried_with_the_same_key_posts_once(make_bot, make_human):
    bot = await make_bot()
    adapter, _ = await bot.start()
    alice = await make_human("alice")
    room = await room_with_bot(alice, bot.user_id)
    reply = Reply("Erinnerung: Frist für Maßnahme 4 ist morgen", key="reminder:42")

    first = await adapter.send(ChatRef("matrix", room), reply)
    second = await adapter.send(ChatRef("matrix", room), reply)
    other = await adapter.send(ChatRef("matrix", room), Reply(reply.text, key="reminder:43"))

    assert first.message_id == second.message_id
    assert other.message_id != first.message_id
    bodies = [
        e["content"].get("body") for e in await alice.history(room) if e["sender"] == bot.user_id
    ]
    assert bodies.count(reply.text) == 2  # key 42 once, key 43 once


async def test_edit_replaces_the_text(make_bot, make_human):
    bot = await make_bot()
    adapter, _ = await bot.start()
    alice = await make_human("alice")
    room = await room_with_bot(alice, bot.user_id)
    sent = await adapter.send(ChatRef("matrix", room), Reply("Abstimmung läuft"))

    await adapter.edit(sent, Reply("Abstimmung beendet"))
    edit = await alice.wait_for_event(
        room, lambda s: s.get("content", {}).get("m.relates_to", {}).get("rel_type") == "m.replace"
    )

    assert edit["content"]["m.relates_to"]["event_id"] == sent.message_id
    assert edit["content"]["m.new_content"]["body"] == "Abstimmung beendet"
    assert edit["content"]["body"] == "* Abstimmung beendet"


async def test_attachments_are_uploaded_as_file_and_image(make_bot, make_human):
    bot = await make_bot()
    adapter, _ = await bot.start()
    alice = await make_human("alice")
    room = await room_with_bot(alice, bot.user_id)
    png = bytes.fromhex(
        "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
        "1f15c4890000000d49444154789c63000100000500010d0a2db40000000049454e44ae426082"
    )

    await adapter.send(
        ChatRef("matrix", room),
        Reply(
            "Der Aktionsplan",
            attachments=(
                File("aktionsplan.pdf", b"%PDF-1.4 test", "application/pdf"),
                File("chart.png", png, "image/png", caption="Stand der Maßnahmen"),
            ),
        ),
    )
    image = await alice.wait_for_event(
        room, lambda s: s.get("content", {}).get("msgtype") == "m.image"
    )
    file = await alice.wait_for_event(
        room, lambda s: s.get("content", {}).get("msgtype") == "m.file"
    )

    assert file["content"]["filename"] == "aktionsplan.pdf"
    assert file["content"]["url"].startswith("mxc://")
    assert file["content"]["info"] == {"mimetype": "application/pdf", "size": 13}
    assert image["content"]["body"] == "Stand der Maßnahmen"
    assert image["content"]["url"].startswith("mxc://")
