"""Driving the whole App through the fake Bot API: build it, push updates, wait until handled."""

from __future__ import annotations

import asyncio
import dataclasses
from pathlib import Path
from typing import Any

from telegram import Update

from adapters.telegram import TelegramAdapter
from adapters.telegram.factory import telegram_adapter
from adapters.telegram.ratelimit import RateLimiter
from bot.app import App
from bot.clock import FakeClock as BotClock
from tests.harness import invite_code, make_app, settings_for, start_clock
from tests.wire.fake_telegram import SEND_METHODS, FakeTelegram, Recorded
from tests.wire.telegram.conftest import FakeClock

GROUP = -1001234567890
OUTPUT = SEND_METHODS | {"editMessageText", "editMessageReplyMarkup", "answerCallbackQuery"}


class Driver:
    """The App with its Telegram adapter; every ``say``/``press`` waits until the update was
    handled (the adapter's ``handle_update`` returned) and returns the output it caused."""

    def __init__(self, app: App, adapter: TelegramAdapter, tg: FakeTelegram) -> None:
        self.app, self.adapter, self.tg = app, adapter, tg
        self.handled: set[int] = set()
        self._changed = asyncio.Condition()
        inner = adapter.handle_update

        async def handle_update(update: Update) -> None:
            try:
                await inner(update)
            finally:
                async with self._changed:
                    self.handled.add(update.update_id)
                    self._changed.notify_all()

        # Set before start: the poller and the webhook take the bound attribute then.
        adapter.handle_update = handle_update  # type: ignore[method-assign]

    @property
    def clock(self) -> BotClock:
        assert isinstance(self.app.clock, BotClock)
        return self.app.clock

    async def wait_handled(self, update_id: int, within: float = 20.0) -> None:
        async with self._changed:
            await asyncio.wait_for(
                self._changed.wait_for(lambda: update_id in self.handled), within
            )

    async def caused(self, update_id: int) -> list[Recorded]:
        before = len(self.tg.requests)
        await self.wait_handled(update_id)
        return [r for r in self.tg.requests[before:] if r.method in OUTPUT and r.status == 200]

    async def say(self, chat_id: int, text: str, user: dict[str, Any], **kw: Any) -> list[Recorded]:
        """``user`` writes ``text`` in ``chat_id``; returns the successful output calls."""
        before = len(self.tg.requests)
        update_id = self.tg.push_message(chat_id, text, user=user, **kw)
        await self.wait_handled(update_id)
        return [r for r in self.tg.requests[before:] if r.method in OUTPUT and r.status == 200]

    async def press(self, chat_id: int, data: str, user: dict[str, Any], message_id: int = 1):
        """``user`` presses the button with callback ``data`` under ``message_id``."""
        before = len(self.tg.requests)
        update_id = self.tg.push_callback(chat_id, data, message_id=message_id, user=user)
        await self.wait_handled(update_id)
        return [r for r in self.tg.requests[before:] if r.method in OUTPUT and r.status == 200]

    async def text(self, chat_id: int, text: str, user: dict[str, Any], **kw: Any) -> str:
        """The texts of the messages ``say`` caused in ``chat_id``, joined by blank lines."""
        out = await self.say(chat_id, text, user, **kw)
        return "\n\n".join(
            r.params["text"]
            for r in out
            if r.method == "sendMessage" and r.params["chat_id"] == chat_id
        )


def build_app(
    tmp_path: Path,
    tg: FakeTelegram,
    clock: FakeClock,
    *,
    database_url: str = "sqlite+aiosqlite://",
    bot_clock: BotClock | None = None,
    stop_grace: float | None = None,
    **settings: Any,
) -> Driver:
    """The real App on ``database_url`` with the Telegram adapter on the fake; the adapter's
    rate limiter and retries run on ``clock`` (no real waiting), the core on ``bot_clock``."""
    app = make_app(
        settings_for(
            tmp_path,
            DATABASE_URL=database_url,
            TELEGRAM_TOKEN=tg.token,
            TELEGRAM_BASE_URL=tg.base_url,
            **settings,
        ),
        bot_clock or start_clock(),
    )
    adapter = telegram_adapter(
        app, limiter=RateLimiter(clock=clock, sleep=clock.sleep), sleep=clock.sleep, clock=clock
    )
    if stop_grace is not None:
        adapter.config = dataclasses.replace(adapter.config, stop_grace=stop_grace)
    app.add_adapter(adapter)
    return Driver(app, adapter, tg)


async def join_by_deep_link(
    drive: Driver, coordinator: dict[str, Any], user: dict[str, Any], role: str = "member"
) -> str:
    """The coordinator invites in the group; ``user`` opens the deep link (→ ``/start``);
    returns the welcome text."""
    answer = await drive.text(GROUP, f"/invite {role}", coordinator)
    code = invite_code(answer)
    payload = drive.adapter.deep_link(f"join-{code}").split("?start=", 1)[1]
    return await drive.text(user["id"], f"/start {payload}", user)
