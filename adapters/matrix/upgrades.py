"""Room upgrades: when a room is upgraded, the old room gets an ``m.room.tombstone`` state event
naming its replacement. The bot joins the replacement room and tells the core, so the group's
binding follows (as on Telegram when a group becomes a supergroup)."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

from nio import AsyncClient, JoinError

from bot.events import ChatRef

log = logging.getLogger(__name__)

TOMBSTONE = "m.room.tombstone"
OnRoomUpgrade = Callable[[ChatRef, ChatRef], Awaitable[None]]


def replacement_room(source: dict[str, Any]) -> str | None:
    """The room a tombstone event names as the replacement, or None for any other event."""
    if source.get("type") != TOMBSTONE or source.get("state_key") != "":
        return None
    room = source.get("content", {}).get("replacement_room")
    return room if isinstance(room, str) and room.startswith("!") else None


class RoomUpgrades:
    """Follows tombstones: join the replacement room, then move the binding (once per pair in
    this process; after a restart the full state shows the tombstone again, and the core's
    move is a no-op for a chat that is no longer bound)."""

    def __init__(self, client: AsyncClient, platform: str, on_upgrade: OnRoomUpgrade | None):
        self._client = client
        self._platform = platform
        self._on_upgrade = on_upgrade
        self._followed: set[tuple[str, str]] = set()

    async def seen(self, room_id: str, sources: list[dict[str, Any]]) -> None:
        """Look for a tombstone among the state and timeline events of ``room_id``."""
        for source in sources:
            new_room = replacement_room(source)
            if new_room is not None and new_room != room_id:
                await self.follow(room_id, new_room)

    async def follow(self, old_room: str, new_room: str) -> None:
        if (old_room, new_room) in self._followed:
            return
        if new_room not in self._client.rooms:
            answer = await self._client.join(new_room)
            if isinstance(answer, JoinError):
                # The group goes along anyway: the old room takes no more messages, and an
                # invite to the new one (which the bot follows) makes it reachable there.
                log.warning("could not join the replacement of %s: %s", old_room, answer)
        log.info("matrix room %s was upgraded to %s", old_room, new_room)
        self._followed.add((old_room, new_room))
        if self._on_upgrade is not None:
            await self._on_upgrade(
                ChatRef(self._platform, old_room, is_direct=False),
                ChatRef(self._platform, new_room, is_direct=False),
            )
