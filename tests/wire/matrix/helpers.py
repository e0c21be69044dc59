"""Test doubles for the Matrix wire tests: a human on a second nio client, a recording sink."""

from __future__ import annotations

import asyncio
import io
from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote

import aiohttp
from nio import (
    AsyncClient,
    AsyncClientConfig,
    RoomCreateResponse,
    RoomMessagesResponse,
    RoomSendResponse,
    UploadResponse,
)

from adapters.matrix.sync import trust_new_devices
from bot.events import Incoming

WAIT = 60.0  # generous: only a failing test waits this long (CI machines are slow)


class RecordingSink:
    """Collects what the adapter hands to the core; tests await what they expect."""

    def __init__(self) -> None:
        self.events: list[Incoming] = []
        self._changed = asyncio.Condition()

    async def __call__(self, event: Incoming) -> None:
        async with self._changed:
            self.events.append(event)
            self._changed.notify_all()

    async def wait_for(
        self, predicate: Callable[[Incoming], bool], within: float = WAIT
    ) -> Incoming:
        """The first recorded event matching ``predicate`` (waits for it to arrive)."""

        def found() -> Incoming | None:
            return next((e for e in self.events if predicate(e)), None)

        async def arrive() -> Incoming:
            async with self._changed:
                await self._changed.wait_for(lambda: found() is not None)
                event = found()
                assert event is not None
                return event

        return await asyncio.wait_for(arrive(), within)


class Human:
    """A person on their own Matrix client (nio, with encryption), driven by the test."""

    def __init__(self, homeserver: str, user_id: str, device_id: str, token: str, store: Path):
        store.mkdir(parents=True, exist_ok=True)
        self.client = AsyncClient(
            homeserver,
            user_id,
            device_id=device_id,
            store_path=str(store),
            config=AsyncClientConfig(store_sync_tokens=False, encryption_enabled=True),
        )
        self.client.restore_login(user_id, device_id, token)
        self.user_id = user_id
        self.seen: dict[str, list[dict[str, Any]]] = {}

    async def sync(self, timeout_ms: int = 0) -> None:
        """One sync plus the key traffic a real client does; remembers timeline events."""
        response = await self.client.sync(timeout=timeout_ms, full_state=None)
        for room_id, info in response.rooms.join.items():
            for event in info.timeline.events:
                self.seen.setdefault(room_id, []).append(event.source)
        client = self.client
        if client.should_upload_keys:
            await client.keys_upload()
        if client.should_query_keys:
            await client.keys_query()
        if client.should_claim_keys:
            await client.keys_claim(client.get_users_for_key_claiming())
        await client.send_to_device_messages()
        trust_new_devices(client)

    async def wait_for_event(
        self, room_id: str, predicate: Callable[[dict[str, Any]], bool], within: float = WAIT
    ) -> dict[str, Any]:
        """The first event in ``room_id`` that matches ``predicate`` (syncing until it comes)."""

        async def look() -> dict[str, Any]:
            while True:
                for source in self.seen.get(room_id, []):
                    if predicate(source):
                        return source
                await self.sync(timeout_ms=1000)

        return await asyncio.wait_for(look(), within)

    async def create_room(self, invite: list[str], encrypted: bool = False) -> str:
        """A new private room inviting ``invite``."""
        initial_state = []
        if encrypted:
            initial_state.append(
                {
                    "type": "m.room.encryption",
                    "state_key": "",
                    "content": {"algorithm": "m.megolm.v1.aes-sha2"},
                }
            )
        answer = await self.client.room_create(invite=invite, initial_state=initial_state)
        assert isinstance(answer, RoomCreateResponse), answer
        await self.sync()
        return answer.room_id

    async def wait_joined(self, room_id: str, user_id: str, within: float = WAIT) -> None:
        """Until ``user_id`` has joined ``room_id``."""
        await self.wait_for_event(
            room_id,
            lambda s: (
                s.get("type") == "m.room.member"
                and s.get("state_key") == user_id
                and s.get("content", {}).get("membership") == "join"
            ),
            within,
        )

    async def send(
        self, room_id: str, content: dict[str, Any], event_type: str = "m.room.message"
    ) -> str:
        """Send an event and return its id."""
        await self.sync()
        answer = await self.client.room_send(
            room_id, event_type, content, ignore_unverified_devices=True
        )
        assert isinstance(answer, RoomSendResponse), answer
        return answer.event_id

    async def say(self, room_id: str, text: str) -> str:
        """Send a plain text message."""
        return await self.send(room_id, {"msgtype": "m.text", "body": text})

    async def send_file(
        self,
        room_id: str,
        name: str,
        data: bytes,
        mime: str,
        *,
        encrypted: bool = False,
        say_size: bool = True,
    ) -> str:
        """Upload ``data`` (encrypted for an encrypted room, as Element does) and send it as
        an ``m.file`` without a caption; ``say_size=False`` leaves ``info.size`` out, as some
        clients do."""
        answer, keys = await self.client.upload(
            io.BytesIO(data),
            content_type=mime,
            filename=name,
            encrypt=encrypted,
            filesize=len(data),
        )
        assert isinstance(answer, UploadResponse), answer
        content: dict[str, Any] = {
            "msgtype": "m.file",
            "body": name,
            "info": {"mimetype": mime, "size": len(data)} if say_size else {"mimetype": mime},
        }
        if encrypted:
            assert keys is not None
            content["file"] = {**keys, "url": answer.content_uri}
        else:
            content["url"] = answer.content_uri
        return await self.send(room_id, content)

    async def history(self, room_id: str, limit: int = 100) -> list[dict[str, Any]]:
        """The room's recent events from the server, oldest first."""
        await self.sync()
        answer = await self.client.room_messages(room_id, start=self.client.next_batch, limit=limit)
        assert isinstance(answer, RoomMessagesResponse), answer
        return [e.source for e in reversed(answer.chunk)]

    async def raw_history(self, room_id: str, limit: int = 100) -> list[dict[str, Any]]:
        """The room's recent events exactly as the server stores them (no decryption)."""
        url = f"{self.client.homeserver}/_matrix/client/v3/rooms/{quote(room_id)}/messages"
        headers = {"Authorization": f"Bearer {self.client.access_token}"}
        params = {"dir": "b", "limit": str(limit)}
        async with (
            aiohttp.ClientSession() as http,
            http.get(url, headers=headers, params=params) as resp,
        ):
            assert resp.status == 200, await resp.text()
            return list(reversed((await resp.json())["chunk"]))

    async def close(self) -> None:
        await self.client.close()


async def room_with_bot(
    human: Human, bot_user_id: str, *, others: tuple[Human, ...] = (), encrypted: bool = False
) -> str:
    """A room ``human`` created, with the bot (and ``others``) joined."""
    room = await human.create_room(
        invite=[bot_user_id, *(o.user_id for o in others)], encrypted=encrypted
    )
    for other in others:
        await other.client.join(room)
        await human.wait_joined(room, other.user_id)
    await human.wait_joined(room, bot_user_id)
    return room


def event_with_id(event_id: str) -> Callable[[dict[str, Any]], bool]:
    """Predicate: the event with this id."""
    return lambda source: source.get("event_id") == event_id


def redaction_of(event_id: str) -> Callable[[dict[str, Any]], bool]:
    """Predicate: the redaction of ``event_id`` (top-level ``redacts`` before room version 11,
    in the content from 11 on)."""

    def match(source: dict[str, Any]) -> bool:
        redacts = source.get("redacts") or source.get("content", {}).get("redacts")
        return source.get("type") == "m.room.redaction" and redacts == event_id

    return match
