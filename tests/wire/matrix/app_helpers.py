"""The whole app (dispatcher, commands, SQLite database) behind the Matrix adapter, driven by
people on their own clients against the real Synapse."""

from __future__ import annotations

import asyncio
import itertools
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from adapters.matrix.adapter import MatrixAdapter
from adapters.matrix.factory import matrix_adapter
from bot.app import App
from bot.clock import FakeClock
from storage.models import Ballot
from tests.harness import settings_for, start_clock
from tests.wire.matrix.helpers import WAIT, Human

if TYPE_CHECKING:
    from tests.wire.matrix.conftest import BotHandle
    from tests.wire.synapse import Synapse


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


def notice_from(bot_user_id: str, needle: str) -> Callable[[dict[str, Any]], bool]:
    """Predicate: an ``m.notice`` of the bot whose body contains ``needle``."""

    def match(source: dict[str, Any]) -> bool:
        content = source.get("content", {})
        return (
            source.get("sender") == bot_user_id
            and source.get("type") == "m.room.message"
            and content.get("msgtype") == "m.notice"
            and needle in content.get("body", "")
        )

    return match


class AppBot:
    """A bot account and the apps run for it: each :meth:`new_app` is a fresh process on the
    same SQLite file and data directory (so a restart is two apps one after the other)."""

    def __init__(
        self, synapse: Synapse, handle: BotHandle, base: Path, settings: dict[str, object]
    ) -> None:
        self.synapse = synapse
        self.handle = handle
        self.user_id = handle.user_id
        self.base = base
        base.mkdir(parents=True, exist_ok=True)
        self.extra = settings
        self.clock: FakeClock = start_clock()
        self._codes = itertools.count(1)
        self.apps: list[App] = []

    def new_app(self) -> App:
        """A new app (not started) with the Matrix adapter; invite codes CODE0001, …"""
        values: dict[str, object] = {
            "DATABASE_URL": f"sqlite+aiosqlite:///{self.base / 'steerbot.db'}",
            "MATRIX_HOMESERVER": self.synapse.url,
            "MATRIX_USER_ID": self.handle.user_id,
            "MATRIX_PASSWORD": self.handle.password,
            "MATRIX_ALLOWED_SERVERS": self.synapse.server_name,
        }
        values.update(self.extra)
        settings = settings_for(self.base / "data", **values)
        app = App(settings, clock=self.clock, new_code=lambda: f"CODE{next(self._codes):04d}")
        app.add_adapter(matrix_adapter(app))
        self.apps.append(app)
        return app

    async def start(self) -> App:
        """A new app, started."""
        app = self.new_app()
        await app.start()
        return app

    @staticmethod
    def adapter(app: App) -> MatrixAdapter:
        adapter = app.adapters[0]
        assert isinstance(adapter, MatrixAdapter)
        return adapter

    async def stop(self, app: App) -> None:
        await app.stop()
        self.apps.remove(app)

    async def stop_all(self) -> None:
        for app in list(self.apps):
            await self.stop(app)

    async def ask(self, human: Human, room_id: str, text: str) -> dict[str, Any]:
        """``human`` says ``text`` in ``room_id``; returns the bot's reply event."""
        said = await human.say(room_id, text)
        return await human.wait_for_event(room_id, reply_to(self.user_id, said))

    async def ballots(self, app: App) -> list[Ballot]:
        async with app.sessions() as session:
            return list(await session.scalars(select(Ballot).order_by(Ballot.token)))


async def dm_with_bot(human: Human, bot_user_id: str) -> str:
    """A direct room ``human`` opened with the bot (just the two of them)."""
    room = await human.create_room(invite=[bot_user_id])
    await human.wait_joined(room, bot_user_id)
    return room


async def join_invited(human: Human, room_id: str, within: float = WAIT) -> None:
    """Accept the bot's invite to ``room_id`` once it arrives."""

    async def accept() -> None:
        while room_id not in human.client.rooms or room_id in human.client.invited_rooms:
            await human.sync(timeout_ms=1000)
            if room_id in human.client.invited_rooms:
                await human.client.join(room_id)
                await human.sync()
                return

    await asyncio.wait_for(accept(), within)
