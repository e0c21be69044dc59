"""Webhook mode: setWebhook with a secret, and a listener that checks it."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable

import aiohttp
import pytest

from adapters.telegram import TelegramAdapter
from bot.events import Message
from tests.wire.fake_telegram import FakeTelegram
from tests.wire.telegram.conftest import Sink

SECRET = "s3cret_Token-1"
HEADER = "X-Telegram-Bot-Api-Secret-Token"


@pytest.fixture
async def hooked(
    make_adapter: Callable[..., TelegramAdapter], sink: Sink
) -> AsyncIterator[TelegramAdapter]:
    adapter = make_adapter(
        webhook_url="https://bot.example.org/telegram/hook",
        webhook_listen="127.0.0.1:0",
        webhook_secret=SECRET,
    )
    await adapter.start(sink)
    try:
        yield adapter
    finally:
        await adapter.stop()


def pop_update(tg: FakeTelegram, chat_id: int, text: str) -> dict:
    tg.push_message(chat_id, text)
    return tg.updates.pop()


async def post(adapter: TelegramAdapter, update: dict, secret: str | None) -> int:
    assert adapter.webhook is not None
    url = f"http://127.0.0.1:{adapter.webhook.port}/telegram/hook"
    headers = {HEADER: secret} if secret is not None else {}
    async with (
        aiohttp.ClientSession() as session,
        session.post(url, json=update, headers=headers) as response,
    ):
        return response.status


async def test_webhook_is_registered_with_the_secret(tg: FakeTelegram, hooked: TelegramAdapter):
    (call,) = tg.calls("setWebhook")
    assert call.params["url"] == "https://bot.example.org/telegram/hook"
    assert call.params["secret_token"] == SECRET
    assert set(call.params["allowed_updates"]) == {"message", "callback_query"}
    assert tg.calls("getUpdates") == [] and tg.calls("deleteWebhook") == []
    assert len(tg.calls("setMyCommands")) == 3


async def test_requests_without_the_right_secret_are_refused(
    tg: FakeTelegram, hooked: TelegramAdapter, sink: Sink
) -> None:
    update = pop_update(tg, -100777, "/help")
    assert await post(hooked, update, None) == 403
    assert await post(hooked, update, "wrong") == 403
    assert sink.calls == []


async def test_valid_update_reaches_the_sink_once(
    tg: FakeTelegram, hooked: TelegramAdapter, sink: Sink
) -> None:
    update = pop_update(tg, -100777, "/help")
    assert await post(hooked, update, SECRET) == 200
    got = await sink.next()
    assert isinstance(got, Message) and got.text == "/help"
    assert got.event_id == str(update["update_id"])
    assert await post(hooked, update, SECRET) == 200  # Telegram retried: not applied again
    assert sink.calls == [got.event_id]


async def test_failed_handling_asks_telegram_to_retry(
    tg: FakeTelegram, hooked: TelegramAdapter, sink: Sink
) -> None:
    sink.fail_next = 1
    update = pop_update(tg, -100777, "/plan")
    assert await post(hooked, update, SECRET) == 500
    assert await post(hooked, update, SECRET) == 200
    got = await sink.next()
    assert got.event_id == str(update["update_id"])
