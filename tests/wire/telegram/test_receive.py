"""Incoming: start-up calls, messages, commands for other bots, deep links, button presses."""

from __future__ import annotations

import dataclasses

import pytest

from adapters.telegram import TelegramAdapter
from adapters.telegram.keyboard import STATE_PREFIX
from bot.adapter import Adapter, FileUnavailable
from bot.events import Action, ChatRef, Choice, Message, Reply
from tests.wire.fake_telegram import FakeTelegram
from tests.wire.telegram.conftest import Sink

GROUP = -1001234567890
USER = 777


async def test_start_calls_getme_deletewebhook_and_publishes_commands(
    tg: FakeTelegram, adapter: TelegramAdapter
) -> None:
    await tg.wait_for("getUpdates", ok_only=False)
    methods = [r.method for r in tg.requests]
    assert methods[:2] == ["getMe", "deleteWebhook"]
    assert methods.index("setMyCommands") < methods.index("getUpdates")
    published = {
        r.params.get("language_code"): r.params["commands"] for r in tg.calls("setMyCommands")
    }
    assert set(published) == {None, "de", "en"}
    assert published["de"] == [
        {"command": "hilfe", "description": "Befehle anzeigen"},
        {"command": "vorschlag", "description": "Maßnahme vorschlagen"},
    ]
    assert published["en"][1] == {"command": "propose", "description": "Propose a measure"}
    assert published[None][0] == published["de"][0]  # German by default
    assert adapter.bot_username == "steerbot"
    assert isinstance(adapter, Adapter)


async def test_group_message_reaches_the_sink(
    tg: FakeTelegram, adapter: TelegramAdapter, sink: Sink
) -> None:
    update_id = tg.push_message(GROUP, "Hallo zusammen", user=tg.user(USER, "Erika", "Muster"))
    got = await sink.next()
    assert isinstance(got, Message)
    assert got.text == "Hallo zusammen"
    assert got.event_id == str(update_id)
    assert got.chat == ChatRef("telegram", str(GROUP), is_direct=False)
    assert got.sender.user_id == str(USER)
    assert got.sender.display_name == "Erika Muster"
    assert got.sent_at is not None and got.sent_at.tzinfo is not None


async def test_a_command_as_a_photo_caption_is_read_a_photo_alone_is_not(
    tg: FakeTelegram, adapter: TelegramAdapter, sink: Sink
) -> None:
    # A youth representative sends a photo of the place with her proposal as the caption.
    tg.push_message(GROUP, "", photo=True)
    tg.push_message(GROUP, "/vorschlag Skatepark am Bahnhof", photo=True)
    got = await sink.next()
    assert isinstance(got, Message)
    assert got.text == "/vorschlag Skatepark am Bahnhof"
    assert sink.received == [got]


async def test_plain_group_is_not_direct(
    tg: FakeTelegram, adapter: TelegramAdapter, sink: Sink
) -> None:
    tg.push_message(-42, "/help", chat_type="group")
    got = await sink.next()
    assert isinstance(got, Message) and not got.chat.is_direct


async def test_private_chat_is_direct(
    tg: FakeTelegram, adapter: TelegramAdapter, sink: Sink
) -> None:
    tg.push_message(USER, "/help")
    got = await sink.next()
    assert isinstance(got, Message)
    assert got.chat == ChatRef("telegram", str(USER), is_direct=True)


async def test_command_for_another_bot_is_dropped_ours_is_kept(
    tg: FakeTelegram, adapter: TelegramAdapter, sink: Sink
) -> None:
    tg.push_message(GROUP, "/help@otherbot")
    tg.push_message(GROUP, "/help@SteerBot bitte")
    got = await sink.next()
    assert isinstance(got, Message)
    assert got.text == "/help@SteerBot bitte"
    assert sink.received == [got]


async def test_deep_link_start_payloads_become_commands(
    tg: FakeTelegram, adapter: TelegramAdapter, sink: Sink
) -> None:
    link = adapter.deep_link("join-AB12cd")
    assert link == "https://t.me/steerbot?start=join-AB12cd"
    tg.push_message(USER, "/start join-AB12cd")
    tg.push_message(USER, "/start link-x_y-Z")
    tg.push_message(USER, "/start vote-3")
    tg.push_message(USER, "/start")
    texts = [(await sink.next()).text for _ in range(4)]  # type: ignore[union-attr]
    assert texts == ["/join AB12cd", "/link x_y-Z", "/vote 3", "/start"]


async def test_button_press_becomes_action_and_is_answered(
    tg: FakeTelegram, adapter: TelegramAdapter, sink: Sink
) -> None:
    update_id = tg.push_callback(GROUP, "a:vote:3:yes", message_id=17, user=tg.user(USER))
    got = await sink.next()
    assert got == Action(
        chat=ChatRef("telegram", str(GROUP)),
        sender=got.sender,
        ref="vote:3:yes",
        event_id=str(update_id),
        message_id="17",
    )
    assert got.sender.user_id == str(USER)
    answers = await tg.wait_for("answerCallbackQuery")
    assert "text" not in answers[0].params


async def test_long_action_goes_through_a_stored_key(
    tg: FakeTelegram, adapter: TelegramAdapter, sink: Sink, state
) -> None:
    action = "round:12:ballot:" + "x" * 80
    await adapter.send(
        ChatRef("telegram", str(GROUP)), Reply("Wählt", choices=(Choice("A", action),))
    )
    markup = tg.calls("sendMessage")[0].params["reply_markup"]
    data = markup["inline_keyboard"][0][0]["callback_data"]
    assert len(data.encode()) <= 64 and data.startswith("k:")
    assert await state.get(STATE_PREFIX + data[2:]) == action
    tg.push_callback(GROUP, data, user=tg.user(USER))
    got = await sink.next()
    assert isinstance(got, Action) and got.ref == action


async def test_press_on_unknown_key_is_answered_politely_without_action(
    tg: FakeTelegram, adapter: TelegramAdapter, sink: Sink
) -> None:
    tg.push_callback(GROUP, "k:doesnotexist0000", user=tg.user(USER, language_code="en"))
    answers = await tg.wait_for("answerCallbackQuery")
    assert answers[0].params["text"] == "This button is no longer valid. Please ask the bot again."
    tg.push_callback(GROUP, "k:gone", user=tg.user(USER, language_code="de"))
    answers = await tg.wait_for("answerCallbackQuery", 2)
    assert answers[1].params["text"].startswith("Diese Schaltfläche")
    # Nothing reached the core; a later message still does (the press did not block anything).
    tg.push_message(GROUP, "weiter")
    got = await sink.next()
    assert isinstance(got, Message) and got.text == "weiter"
    assert sink.received == [got]


async def test_migration_service_message_moves_the_binding(
    tg: FakeTelegram, adapter: TelegramAdapter, sink: Sink, migrations
) -> None:
    tg.migrate_chat(-42, GROUP)
    tg.push_message(GROUP, "nach dem Umzug")
    await sink.next()
    assert migrations == [(ChatRef("telegram", "-42"), ChatRef("telegram", str(GROUP)))]
    await adapter.send(ChatRef("telegram", "-42"), Reply("an die alte Gruppe"))
    assert [r.params["chat_id"] for r in tg.calls("sendMessage")] == [GROUP]  # no detour


async def test_forum_topic_is_kept_for_the_answer(
    tg: FakeTelegram, adapter: TelegramAdapter, sink: Sink
) -> None:
    tg.push_message(GROUP, "/plan", thread_id=5)
    got = await sink.next()
    assert got.chat == ChatRef("telegram", str(GROUP), thread_id="5")
    await adapter.send(got.chat, Reply("Aktionsplan"))
    assert tg.calls("sendMessage")[0].params["message_thread_id"] == 5


async def test_fake_answers_getchat_through_ptb(tg: FakeTelegram, adapter: TelegramAdapter) -> None:
    chat = await adapter.bot.get_chat(GROUP)
    assert chat.id == GROUP and chat.type == "supergroup"


async def test_a_document_is_described_and_fetched_only_when_asked(
    tg: FakeTelegram, adapter: TelegramAdapter, sink: Sink
) -> None:
    data = b"Titel\nSkatepark\n"
    tg.push_message(GROUP, "", document=("liste.csv", data, "text/csv"))
    got = await sink.next()
    assert isinstance(got, Message) and got.text == ""
    (file,) = got.files
    assert (file.name, file.mime_type, file.size) == ("liste.csv", "text/csv", len(data))
    assert tg.calls("getFile") == [] and tg.downloads == []  # nothing fetched on arrival
    assert await adapter.fetch(file, 1024) == data
    assert [r.params["file_id"] for r in tg.calls("getFile")] == [file.ref]
    assert tg.downloads == [f"documents/{file.ref}"]


async def test_a_document_over_the_limit_is_not_downloaded(
    tg: FakeTelegram, adapter: TelegramAdapter, sink: Sink
) -> None:
    tg.push_message(GROUP, "/import", document=("gross.xlsx", b"x" * 5000, "application/zip"))
    got = await sink.next()
    assert isinstance(got, Message) and got.text == "/import"
    with pytest.raises(FileUnavailable) as raised:
        await adapter.fetch(got.files[0], 1000)
    assert raised.value.too_large and tg.downloads == []
    gone = dataclasses.replace(got.files[0], ref="no-such-file", size=None)
    with pytest.raises(FileUnavailable) as raised:
        await adapter.fetch(gone, 1000)
    assert not raised.value.too_large
