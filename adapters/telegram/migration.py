"""Group → supergroup migrations: Telegram gives the chat a new id and refuses the old one."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from bot.events import ChatRef
from bot.state import KeyValueStore

log = logging.getLogger(__name__)

OnMigrate = Callable[[ChatRef, ChatRef], Awaitable[None]]
STATE_PREFIX = "telegram:migrated:"


class Migrations:
    """Remembers old → new chat ids (durably) and tells the core once per migration."""

    def __init__(self, state: KeyValueStore, on_migrate: OnMigrate | None) -> None:
        self._state = state
        self._on_migrate = on_migrate
        self._known: dict[str, str | None] = {}

    async def resolve(self, chat_id: str) -> str:
        """The id to send to: the newest id of a migrated chat, else ``chat_id`` itself."""
        seen: set[str] = set()
        while chat_id not in seen:  # follow chains, but never loop
            seen.add(chat_id)
            if chat_id not in self._known:
                self._known[chat_id] = await self._state.get(STATE_PREFIX + chat_id)
            new = self._known[chat_id]
            if not new:
                return chat_id
            chat_id = new
        return chat_id

    async def moved(self, old: str, new: str) -> None:
        """Record that ``old`` is now ``new`` and notify the core (once per pair)."""
        if self._known.get(old) == new:
            return
        self._known[old] = new
        await self._state.set(STATE_PREFIX + old, new)
        log.info("telegram chat %s migrated to %s", old, new)
        if self._on_migrate is not None:
            await self._on_migrate(
                ChatRef("telegram", old, is_direct=False), ChatRef("telegram", new, is_direct=False)
            )
