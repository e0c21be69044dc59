"""The sync loop: long-poll ``/sync``, hand new events to the core, then store the token.

The sync token is stored only after the whole batch went through the sink, so a crash
replays at most one batch and never skips one. Without a stored token (first start) the
first sync only learns the rooms: old history is never answered.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import uuid
from collections.abc import Awaitable, Callable
from typing import Any

from aiohttp import ClientError
from nio import AsyncClient, InviteMemberEvent, LocalProtocolError, MegolmEvent, SyncResponse

from adapters.matrix.config import MatrixConfig
from adapters.matrix.incoming import convert_event, events_after_own_join
from adapters.matrix.invites import invite_allowed
from adapters.matrix.polls import ChoiceMemory
from adapters.matrix.upgrades import RoomUpgrades
from bot.adapter import Sink
from bot.state import KeyValueStore

log = logging.getLogger(__name__)

TOKEN_KEY = "matrix:next_batch"
# Enough timeline per room that a restart after a normal outage sees every missed event;
# a longer gap is filled from /messages (see SyncLoop._fill_gap).
TIMELINE_LIMIT = 50
SYNC_FILTER: dict[str, Any] = {
    "room": {"timeline": {"limit": TIMELINE_LIMIT}, "state": {"lazy_load_members": False}},
    "presence": {"types": []},
}


def first_sync_filter() -> dict[str, Any]:
    """The filter of a first-ever sync, made unique: Synapse answers a repeated /sync request
    from a response cache for a while, and a cached answer would carry a stale ``next_batch``
    (whose later events are old history). An event type nobody sends keeps the filter exact."""
    room = dict(SYNC_FILTER["room"])
    room["timeline"] = {**room["timeline"], "not_types": [f"steerbot.nonce.{uuid.uuid4().hex}"]}
    return {**SYNC_FILTER, "room": room}


class SyncFailed(Exception):
    """The homeserver answered /sync with an error."""


class SyncLoop:
    """Runs ``/sync`` until stopped, reconnecting with exponential backoff."""

    def __init__(
        self,
        client: AsyncClient,
        config: MatrixConfig,
        state: KeyValueStore,
        memory: ChoiceMemory,
        sink: Sink,
        *,
        e2e: bool,
        on_encrypted_without_e2e: Callable[[str], Awaitable[None]],
        on_first_sync: Callable[[], None],
        on_unknown_token: Callable[[], Awaitable[None]],
        upgrades: RoomUpgrades | None = None,
    ) -> None:
        self._client = client
        self._upgrades = upgrades
        self._config = config
        self._state = state
        self._memory = memory
        self._sink = sink
        self._e2e = e2e
        self._on_encrypted_without_e2e = on_encrypted_without_e2e
        self._on_first_sync = on_first_sync
        self._on_unknown_token = on_unknown_token
        self._stopping = False
        self._cancellable = False
        self.synced = asyncio.Condition()
        self.sync_count = 0

    def request_stop(self) -> bool:
        """Ask the loop to end; True if it is waiting (on the network or a backoff) and may
        be cancelled, False while it hands a batch to the core (let that finish)."""
        self._stopping = True
        return self._cancellable

    async def run(self) -> None:
        """Sync until :meth:`request_stop`. Never ends on its own: network trouble and
        homeserver errors are retried with exponential backoff from the last stored token
        (a batch that failed half-way is handed over again; the core drops events it has
        already handled by their event id)."""
        token = await self._state.get(TOKEN_KEY)
        first = True
        failures = 0
        while not self._stopping:
            try:
                self._cancellable = True
                response = await self._client.sync(
                    timeout=0 if first else self._config.sync_timeout_ms,
                    sync_filter=first_sync_filter() if token is None else SYNC_FILTER,
                    since=token,
                    # After a restart nio knows no rooms: get their full state once.
                    full_state=True if first else None,
                )
                self._cancellable = False
                if not isinstance(response, SyncResponse):
                    if getattr(response, "status_code", None) == "M_UNKNOWN_TOKEN":
                        await self._on_unknown_token()
                    raise SyncFailed(str(response))
                await self._handle(response, dispatch=token is not None)
                token = response.next_batch
                await self._state.set(TOKEN_KEY, token)
            except (ClientError, TimeoutError, OSError, SyncFailed) as exc:
                failures += 1
                await self._backoff(failures, exc)
                continue
            except Exception as exc:
                log.exception("unexpected error in the Matrix sync loop")
                failures += 1
                await self._backoff(failures, exc)
                continue
            finally:
                self._cancellable = False
            failures = 0
            if first:
                first = False
                self._on_first_sync()
            async with self.synced:
                self.sync_count += 1
                self.synced.notify_all()

    async def _backoff(self, failures: int, why: object) -> None:
        delay = min(self._config.max_backoff, 0.25 * 2 ** min(failures - 1, 10))
        log.warning("Matrix sync failed (%s); retrying in %.1fs", why, delay)
        self._cancellable = True
        try:
            await asyncio.sleep(delay)
        finally:
            self._cancellable = False

    async def _handle(self, response: SyncResponse, *, dispatch: bool) -> None:
        await self._handle_invites(response)
        if self._e2e:
            try:
                await self._manage_keys()
            except (ClientError, TimeoutError, OSError) as exc:
                # Keys are uploaded/queried again after the next sync; reading goes on.
                log.warning("Matrix key exchange failed: %s", exc)
        for room_id, info in response.rooms.join.items():
            room = self._client.rooms.get(room_id)
            if room is not None and room.encrypted and not self._e2e:
                await self._on_encrypted_without_e2e(room_id)
            events = info.timeline.events
            if dispatch and info.timeline.limited and info.timeline.prev_batch:
                events = await self._fill_gap(room_id, info.timeline.prev_batch) + list(events)
            if self._upgrades is not None:  # an upgraded room: the group follows it
                sources = [getattr(e, "source", None) for e in (*info.state, *events)]
                await self._upgrades.seen(room_id, [s for s in sources if isinstance(s, dict)])
            events = events_after_own_join(events, self._client.user_id)
            for event in events:
                if isinstance(event, MegolmEvent):
                    await self._undecryptable(event, room_id)
                    continue
                source = getattr(event, "source", None)
                if not dispatch or not isinstance(source, dict):
                    continue
                if source.get("sender") == self._client.user_id:
                    continue  # our own echo
                incoming = await convert_event(source, room_id, room, self._memory)
                if incoming is None:
                    continue
                try:
                    await self._sink(incoming)
                except Exception:
                    # The core handles its own errors; one bad event must not stop the loop.
                    log.exception("sink failed for Matrix event %s", source.get("event_id"))

    async def _undecryptable(self, event: MegolmEvent, room_id: str) -> None:
        """An event we cannot decrypt: explain (no e2e) or ask the sender's devices for the
        room key (e2e), so that later messages of the session can be read."""
        if not self._e2e:
            await self._on_encrypted_without_e2e(room_id)
            return
        log.warning("cannot decrypt %s in %s; requesting the room key", event.event_id, room_id)
        with contextlib.suppress(ClientError, TimeoutError, OSError, LocalProtocolError):
            await self._client.request_room_key(event)

    async def _fill_gap(self, room_id: str, prev_batch: str) -> list[Any]:
        """Events between the stored token and a limited timeline, oldest first."""
        older: list[Any] = []
        token = await self._state.get(TOKEN_KEY)
        start = prev_batch
        for _ in range(20):  # at most 20 pages of 100: a longer outage is history
            page = await self._client.room_messages(room_id, start=start, end=token, limit=100)
            chunk = getattr(page, "chunk", None)
            if not chunk:
                break
            older.extend(chunk)
            if not getattr(page, "end", None) or page.end == start:
                break
            start = page.end
        older.reverse()
        return older

    async def _handle_invites(self, response: SyncResponse) -> None:
        own = self._client.user_id
        for room_id, info in response.rooms.invite.items():
            inviter = None
            for event in info.invite_state:
                # nio keeps the parsed fields (not the content) of stripped invite state.
                if (
                    isinstance(event, InviteMemberEvent)
                    and event.state_key == own
                    and event.membership == "invite"
                ):
                    inviter = event.sender
            allowed = inviter is not None and invite_allowed(
                inviter, self._config.allowed_users, self._config.allowed_servers
            )
            # A failed join or rejection is retried with the next sync (the invite stays).
            if allowed:
                answer: object = await self._client.join(room_id)
            else:
                answer = await self._client.room_leave(room_id)
            log.info(
                "%s invite to %s by %s: %s",
                "accepted" if allowed else "rejected",
                room_id,
                inviter,
                answer,
            )

    async def _manage_keys(self) -> None:
        """The key traffic ``sync_forever`` would do, plus trust on first use."""
        client = self._client
        await client.send_to_device_messages()
        if client.should_upload_keys:
            await client.keys_upload()
        if client.should_query_keys:
            await client.keys_query()
        if client.should_claim_keys:
            await client.keys_claim(client.get_users_for_key_claiming())
        trust_new_devices(client)


def trust_new_devices(client: AsyncClient) -> None:
    """Trust on first use: every device of a room member that is neither verified nor
    blacklisted becomes verified. nio pins a device's keys once seen, so a changed key for a
    known device is not silently accepted."""
    if client.olm is None:
        return
    for device in client.device_store:
        if device.user_id == client.user_id and device.id == client.device_id:
            continue
        if not device.verified and not device.blacklisted:
            client.verify_device(device)
