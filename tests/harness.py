"""A test harness: the real app with an in-memory adapter, a fake clock and predictable codes."""

from __future__ import annotations

import itertools
import secrets
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncEngine

from adapters.memory import MemoryAdapter, Sent
from bot.app import App
from bot.clock import FakeClock
from bot.config import Settings
from bot.events import Action, ChatRef, IncomingFile, Message, UserRef

PLATFORM = "memory"


def settings_for(tmp_path: Path, **overrides: object) -> Settings:
    """Settings that ignore the environment's .env and point at ``tmp_path``."""
    values: dict[str, object] = {
        "STEERBOT_DATA_DIR": tmp_path,
        "STEERBOT_LANG": "de",
        "STEERBOT_TZ": "Europe/Berlin",
    }
    values.update(overrides)
    return Settings(_env_file=None, **values)  # type: ignore[call-arg]


def invite_code(answer: str) -> str:
    """The code in /invite's answer ("Einladungscode (Mitglied): CODE0001 …")."""
    assert ": " in answer, answer
    return answer.split(": ", 1)[1].split()[0]


def code_sequence() -> itertools.count[int]:
    return itertools.count(1)


@dataclass
class Bot:
    """Drive the bot as several people in several chats and read what it answers."""

    app: App
    adapter: MemoryAdapter
    clock: FakeClock
    _ids: itertools.count[int] = field(default_factory=lambda: itertools.count(1))
    _run: str = field(default_factory=lambda: secrets.token_hex(3))
    # Display names other than the capitalised user id ("lena2" → "Lena"); changed between
    # messages, like a name changed on the platform.
    names: dict[str, str] = field(default_factory=dict)

    def chat(self, name: str = "group") -> ChatRef:
        if name.startswith("dm:"):
            return ChatRef(self.adapter.name, name, is_direct=True)
        return ChatRef(self.adapter.name, name)

    def user(self, name: str) -> UserRef:
        return UserRef(self.adapter.name, name, self.names.get(name, name.capitalize()))

    async def say(
        self,
        user: str,
        text: str,
        chat: str = "group",
        event_id: str | None = None,
        files: tuple[IncomingFile, ...] = (),
    ) -> list[Sent]:
        """``user`` says ``text`` in ``chat`` (``group``, another room, or ``dm`` for their direct
        chat), with ``files``; returns everything the bot sent as a result."""
        if chat == "dm":
            chat = f"dm:{user}"
        event_id = event_id or f"{self._run}-{next(self._ids)}"
        message = Message(
            chat=self.chat(chat),
            sender=self.user(user),
            text=text,
            event_id=event_id,
            sent_at=self.clock.now(),
            message_id=f"msg-{event_id}",
            files=files,
        )
        self.adapter.pop()
        await self.adapter.push(message)
        return self.adapter.pop()

    async def send_file(
        self,
        user: str,
        name: str,
        data: bytes,
        caption: str = "",
        chat: str = "group",
        mime_type: str = "application/octet-stream",
    ) -> str:
        """``user`` sends a file (with ``caption`` as its text) in ``chat``; returns the bot's
        answers like :meth:`ask`."""
        sent = await self.say_file(user, name, data, caption, chat, mime_type)
        return "\n\n".join(s.reply.text for s in sent)

    async def say_file(
        self,
        user: str,
        name: str,
        data: bytes,
        caption: str = "",
        chat: str = "group",
        mime_type: str = "application/octet-stream",
    ) -> list[Sent]:
        """Like :meth:`send_file`, returning everything the bot sent (with its buttons)."""
        ref = f"file-{self._run}-{len(self.adapter.files) + 1}"
        self.adapter.files[ref] = data
        file = IncomingFile(name, ref, mime_type, size=len(data))
        return await self.say(user, caption, chat, files=(file,))

    async def ask(self, user: str, text: str, chat: str = "group") -> str:
        """Like :meth:`say`, returning the text of the bot's answers joined by blank lines."""
        return "\n\n".join(s.reply.text for s in await self.say(user, text, chat))

    async def press(
        self,
        user: str,
        ref: str,
        chat: str = "group",
        selected: tuple[str, ...] = (),
        message_id: str | None = None,
    ) -> list[Sent]:
        """``user`` presses the button ``ref`` (under the bot's message ``message_id``)."""
        if chat == "dm":
            chat = f"dm:{user}"
        self.adapter.pop()
        await self.adapter.push(
            Action(
                self.chat(chat),
                self.user(user),
                ref,
                f"{self._run}-{next(self._ids)}",
                selected=selected,
                message_id=message_id,
            )
        )
        return self.adapter.pop()

    async def group_with(self, coordinator: str = "anna", **roles: str) -> dict[str, str]:
        """Set up a group with ``coordinator`` and let each ``name=role`` join; returns codes."""
        await self.ask(coordinator, "/setup Musterstadt")
        codes = {}
        for name, role in roles.items():
            # Coordinator codes are given only in a direct chat.
            where = "dm" if role == "coordinator" else "group"
            codes[name] = code = await self.invite(coordinator, role, where)
            await self.ask(name, f"/join {code}")
        return codes

    async def invite(self, coordinator: str, role: str, chat: str = "group") -> str:
        """The code ``coordinator`` gets for ``/invite role`` in ``chat``."""
        return invite_code(await self.ask(coordinator, f"/invite {role}", chat))


def make_app(settings: Settings, clock: FakeClock, engine: AsyncEngine | None = None) -> App:
    counter = itertools.count(1)
    return App(settings, clock=clock, engine=engine, new_code=lambda: f"CODE{next(counter):04d}")


def start_clock() -> FakeClock:
    return FakeClock(datetime(2027, 1, 11, 9, 0, tzinfo=UTC))


@contextmanager
def counted(bot: Bot) -> Iterator[list[str]]:
    """The SQL statements the bot's engine runs inside the block, as sent to the database."""
    statements: list[str] = []

    def on_statement(_conn: Any, _cursor: Any, sql: str, *_: Any) -> None:
        statements.append(sql)

    engine = bot.app.engine.sync_engine
    event.listen(engine, "before_cursor_execute", on_statement)
    try:
        yield statements
    finally:
        event.remove(engine, "before_cursor_execute", on_statement)
