"""Encrypted rooms (vodozemac through matrix-nio) and the plain fallback without them."""

from __future__ import annotations

import tracemalloc

import pytest
from nio.crypto import decrypt_attachment

from bot.adapter import FileUnavailable
from bot.events import ChatRef, File, Message, Reply, UserRef
from bot.i18n import I18n
from tests.wire.matrix.helpers import event_with_id, room_with_bot

pytestmark = pytest.mark.synapse


async def test_encrypted_room_round_trip(make_bot, make_human):
    bot = await make_bot()
    adapter, sink = await bot.start()
    assert adapter.e2e
    alice = await make_human("alice")
    room = await room_with_bot(alice, bot.user_id, encrypted=True)

    said = await alice.say(room, "!propose Sichere Schulwege")
    message = await sink.wait_for(lambda e: e.event_id == said)
    sent = await adapter.send(
        ChatRef("matrix", room), Reply("Maßnahme 1 angelegt: Sichere Schulwege")
    )
    answer = await alice.wait_for_event(room, event_with_id(sent.message_id))
    raw = [e for e in await alice.raw_history(room) if e["event_id"] == sent.message_id]

    assert isinstance(message, Message) and message.text == "!propose Sichere Schulwege"
    assert answer["type"] == "m.room.message"  # alice could decrypt it
    assert answer["content"]["body"] == "Maßnahme 1 angelegt: Sichere Schulwege"
    assert raw[0]["type"] == "m.room.encrypted"  # and on the wire it was encrypted
    assert (bot.data_dir / "matrix-store").is_dir()


async def test_direct_chat_is_created_once_and_reused(make_bot, make_human):
    bot = await make_bot()
    adapter, sink = await bot.start()
    alice = await make_human("alice")
    user = UserRef("matrix", alice.user_id, "Alice")

    chat = await adapter.direct_chat(user)
    sent = await adapter.send(chat, Reply("Dein Einladungscode: K7-QX"))
    await alice.sync()
    assert chat.chat_id in alice.client.invited_rooms
    await alice.client.join(chat.chat_id)
    code = await alice.wait_for_event(chat.chat_id, event_with_id(sent.message_id))
    said = await alice.say(chat.chat_id, "!join K7-QX")
    incoming = await sink.wait_for(lambda e: e.event_id == said)
    again = await adapter.direct_chat(user)

    assert chat.is_direct
    assert code["content"]["body"] == "Dein Einladungscode: K7-QX"  # decrypted by alice
    assert incoming.chat == chat
    assert again == chat


async def test_without_encryption_the_room_is_told_once_what_to_do(make_bot, make_human):
    bot = await make_bot()
    adapter, sink = await bot.start(translator=I18n()("de"), encryption=False)
    alice = await make_human("alice")
    room = await room_with_bot(alice, bot.user_id, encrypted=True)

    await alice.say(room, "Hallo Bot?")
    await alice.say(room, "Hörst du mich?")
    notice = await alice.wait_for_event(
        room, lambda s: s.get("sender") == bot.user_id and s.get("type") == "m.room.message"
    )
    history = await alice.raw_history(room)
    notices = [e for e in history if e["sender"] == bot.user_id and e["type"] == "m.room.message"]

    assert "Ende-zu-Ende-verschlüsselt" in notice["content"]["body"]
    assert "(MATRIX_ENCRYPTION=true)" in notice["content"]["body"]  # the setting to switch on
    assert notice["content"]["msgtype"] == "m.notice"
    assert len(notices) == 1
    assert not [e for e in sink.events if isinstance(e, Message)]


async def test_encrypted_messages_sent_while_down_are_read_after_restart(make_bot, make_human):
    bot = await make_bot()
    first, sink1 = await bot.start()
    alice = await make_human("alice")
    room = await room_with_bot(alice, bot.user_id, encrypted=True)
    hello = await alice.say(room, "vor dem Neustart")
    await sink1.wait_for(lambda e: e.event_id == hello)
    await bot.stop(first)

    while_down = await alice.say(room, "während der Bot schläft")
    second, sink2 = await bot.start()
    message = await sink2.wait_for(lambda e: e.event_id == while_down)
    sent = await second.send(ChatRef("matrix", room), Reply("wieder da"))
    answer = await alice.wait_for_event(room, event_with_id(sent.message_id))

    assert isinstance(message, Message) and message.text == "während der Bot schläft"
    assert [e.text for e in sink2.events if isinstance(e, Message)] == ["während der Bot schläft"]
    assert answer["content"]["body"] == "wieder da"  # same device, same keys: alice can read it


async def test_attachment_in_an_encrypted_room_is_encrypted_too(make_bot, make_human):
    bot = await make_bot()
    adapter, _ = await bot.start()
    alice = await make_human("alice")
    room = await room_with_bot(alice, bot.user_id, encrypted=True)
    data = b"Aktionsplan 2027\n" * 100

    await adapter.send(
        ChatRef("matrix", room),
        Reply("", attachments=(File("aktionsplan.txt", data, "text/plain"),)),
    )
    event = await alice.wait_for_event(
        room, lambda s: s.get("content", {}).get("msgtype") == "m.file"
    )
    file = event["content"]["file"]
    download = await alice.client.download(file["url"])
    plain = decrypt_attachment(
        download.body, file["key"]["k"], file["hashes"]["sha256"], file["iv"]
    )

    assert "url" not in event["content"]  # only the encrypted file object
    assert download.body != data  # the media repository holds ciphertext
    assert plain == data


@pytest.mark.parametrize("encrypted", [False, True], ids=["plain", "encrypted"])
async def test_a_file_sent_into_a_room_is_fetched_and_decrypted(make_bot, make_human, encrypted):
    bot = await make_bot()
    adapter, sink = await bot.start()
    alice = await make_human("alice")
    room = await room_with_bot(alice, bot.user_id, encrypted=encrypted)
    data = b"Titel;Frist\nSkatepark;15.3.2027\n"

    said = await alice.send_file(room, "workshop.csv", data, "text/csv", encrypted=encrypted)
    message = await sink.wait_for(lambda e: e.event_id == said)

    assert isinstance(message, Message) and message.text == ""
    (file,) = message.files
    assert (file.name, file.mime_type, file.size) == ("workshop.csv", "text/csv", len(data))
    assert await adapter.fetch(file, 1024) == data
    with pytest.raises(FileUnavailable) as raised:
        await adapter.fetch(file, 10)
    assert raised.value.too_large


@pytest.mark.parametrize("encrypted", [False, True], ids=["plain", "encrypted"])
async def test_a_file_that_does_not_say_its_size_is_not_read_whole_past_the_limit(
    make_bot, make_human, encrypted
):
    bot = await make_bot()
    adapter, sink = await bot.start()
    alice = await make_human("alice")
    room = await room_with_bot(alice, bot.user_id, encrypted=encrypted)
    data = b"x" * (8 * 1024 * 1024)
    said = await alice.send_file(
        room, "riesig.csv", data, "text/csv", encrypted=encrypted, say_size=False
    )
    message = await sink.wait_for(lambda e: e.event_id == said)
    (file,) = message.files
    assert file.size is None

    tracemalloc.start()
    try:
        with pytest.raises(FileUnavailable) as raised:
            await adapter.fetch(file, 64 * 1024)
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()

    assert raised.value.too_large
    assert peak < 2 * 1024 * 1024  # the 8 MB were never held
    small = b"Titel;Frist\nSkatepark;15.3.2027\n"
    said = await alice.send_file(
        room, "klein.csv", small, "text/csv", encrypted=encrypted, say_size=False
    )
    message = await sink.wait_for(lambda e: e.event_id == said)
    assert await adapter.fetch(message.files[0], 1024) == small
