"""Errors from the Bot API: rate limits, server errors, blocked users, migrated groups."""

from __future__ import annotations

import logging
from collections.abc import Callable

import pytest

from adapters.telegram import TelegramAdapter
from bot.adapter import DeliveryFailed
from bot.events import ChatRef, Reply
from tests.wire.fake_telegram import FakeTelegram
from tests.wire.telegram.conftest import FakeClock, Sink

GROUP = -1001234567890
CHAT = ChatRef("telegram", str(GROUP))


async def test_429_retry_after_is_waited_out_and_the_message_delivered_once(
    tg: FakeTelegram, adapter: TelegramAdapter, clock: FakeClock
) -> None:
    tg.fail("sendMessage", "retry_after", seconds=7)
    before = clock.now
    ref = await adapter.send(CHAT, Reply("Erinnerung"))
    assert [r.status for r in tg.calls("sendMessage")] == [429, 200]
    assert tg.sent_texts() == ["Erinnerung"]
    assert 7 in clock.slept and clock.now - before >= 7
    assert ref.message_id == "1"


async def test_server_errors_are_retried_with_backoff(
    tg: FakeTelegram, adapter: TelegramAdapter, clock: FakeClock
) -> None:
    tg.fail("sendMessage", "server_error", times=2, status=500)
    await adapter.send(CHAT, Reply("trotzdem"))
    assert [r.status for r in tg.calls("sendMessage")] == [500, 500, 200]
    assert tg.sent_texts() == ["trotzdem"]
    assert clock.slept[-2:] == [1.0, 2.0]


async def test_bad_gateway_too(tg: FakeTelegram, adapter: TelegramAdapter) -> None:
    tg.fail("sendMessage", "server_error", status=502)
    await adapter.send(CHAT, Reply("ok"))
    assert tg.sent_texts() == ["ok"]


async def test_lasting_server_errors_fail_as_temporary(
    tg: FakeTelegram, adapter: TelegramAdapter
) -> None:
    tg.fail("sendMessage", "server_error", times=10)
    with pytest.raises(DeliveryFailed) as err:
        await adapter.send(CHAT, Reply("nie"))
    assert err.value.permanent is False
    assert tg.sent_texts() == []


async def test_blocked_user_is_a_permanent_delivery_failure(
    tg: FakeTelegram, adapter: TelegramAdapter
) -> None:
    tg.fail("sendMessage", "blocked")
    with pytest.raises(DeliveryFailed) as err:
        await adapter.send(ChatRef("telegram", "4242", is_direct=True), Reply("privat"))
    assert err.value.reason == "blocked" and err.value.permanent
    assert err.value.shut_out  # a group chat's posts then go to its coordinators
    assert len(tg.calls("sendMessage")) == 1  # not retried


async def test_chat_not_found_is_a_delivery_failure(
    tg: FakeTelegram, adapter: TelegramAdapter
) -> None:
    tg.fail("sendMessage", "chat_not_found")
    with pytest.raises(DeliveryFailed) as err:
        await adapter.send(ChatRef("telegram", "-99"), Reply("weg"))
    assert err.value.reason == "chat not found" and err.value.permanent
    assert err.value.shut_out


async def test_migrated_group_message_is_resent_and_core_told(
    tg: FakeTelegram, adapter: TelegramAdapter, migrations
) -> None:
    old, new = -4711, -1009999
    tg.migrated[old] = new  # upgraded, but we have not seen the service message
    ref = await adapter.send(ChatRef("telegram", str(old)), Reply("Hallo Supergruppe"))
    assert [r.params["chat_id"] for r in tg.calls("sendMessage")] == [old, new]
    assert tg.sent_texts(new) == ["Hallo Supergruppe"]
    assert ref.chat == ChatRef("telegram", str(new))
    assert migrations == [(ChatRef("telegram", str(old)), ChatRef("telegram", str(new)))]
    # Later sends go straight to the new id, and the core is not told twice.
    await adapter.send(ChatRef("telegram", str(old)), Reply("nochmal"))
    assert tg.calls("sendMessage")[-1].params["chat_id"] == new
    assert len(migrations) == 1


async def test_injected_migrate_error(
    tg: FakeTelegram, adapter: TelegramAdapter, migrations
) -> None:
    tg.fail("sendMessage", "migrate", to=-100555)
    await adapter.send(ChatRef("telegram", "-5"), Reply("x"))
    assert tg.sent_texts(-100555) == ["x"]
    assert migrations[0][1] == ChatRef("telegram", "-100555")


async def test_another_process_polling_the_token_is_said_in_one_line(
    tg: FakeTelegram,
    make_adapter: Callable[..., TelegramAdapter],
    caplog: pytest.LogCaptureFixture,
) -> None:
    """Two bots polling one token end each other's getUpdates (409 Conflict); each conflict
    was a warning of its own, again and again, with PTB's words only."""
    caplog.set_level(logging.DEBUG, logger="adapters.telegram.polling")
    first, second = make_adapter(), make_adapter()
    await first.start(Sink())
    await second.start(Sink())
    try:
        await tg.wait_for("getUpdates", 16, ok_only=False)
    finally:
        await first.stop()
        await second.stop()
    assert tg.conflicts >= 8
    said = [r for r in caplog.records if r.levelno >= logging.WARNING]
    note = (
        "another process is polling this bot's Telegram token (409 Conflict): the two take "
        "turns and each misses updates; run one steerbot per token (several on one database: "
        "the webhook)"
    )
    assert [r.getMessage() for r in said] == [note, note]  # one line for each bot
