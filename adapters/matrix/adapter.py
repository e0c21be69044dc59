"""The Matrix adapter: matrix-nio's ``AsyncClient`` behind the :class:`bot.adapter.Adapter`
protocol."""

from __future__ import annotations

import asyncio
import contextlib
import dataclasses
import hashlib
import io
import logging
import time
import uuid
from collections.abc import Awaitable, Callable
from typing import Any, TypeVar

from nio import (
    AsyncClient,
    AsyncClientConfig,
    ErrorResponse,
    RoomSendResponse,
    UploadResponse,
    WhoamiResponse,
)
from nio.crypto import ENCRYPTION_ENABLED

from adapters.matrix import render
from adapters.matrix.config import MatrixConfig
from adapters.matrix.delivery import Retrier
from adapters.matrix.direct import direct_room
from adapters.matrix.files import fetch_file
from adapters.matrix.messages import (
    NO_E2E_INSTALLED,
    NO_E2E_SWITCHED_OFF,
    PICK_ANSWERED,
    PICK_TYPED,
    POLL_NOTE,
)
from adapters.matrix.polls import ChoiceMemory, ChoiceRecord, PollRecord
from adapters.matrix.session import StoredSession, load_session, save_session
from adapters.matrix.sync import SyncLoop, trust_new_devices
from adapters.matrix.upgrades import OnRoomUpgrade, RoomUpgrades
from bot.adapter import DeliveryFailed, RateLimited, Sink, StartFailed
from bot.events import Capabilities, ChatRef, File, IncomingFile, Reply, SentRef, UserRef
from bot.i18n import Translator
from bot.state import KeyValueStore

log = logging.getLogger(__name__)

T = TypeVar("T")

PLATFORM = "matrix"
START_TIMEOUT = 30.0
ROOM_WAIT_TIMEOUT = 15.0
STOP_GRACE = 10.0
REDACT_REASON = "secret ballot"  # shown to the room beside "message deleted"


class MatrixLoginError(StartFailed):
    """The bot could not log in with the configured credentials."""


class MatrixAdapter:
    """Matrix rooms as chats: sync loop in, rendered events out (see ``docs/matrix.md``)."""

    name = PLATFORM

    def __init__(
        self,
        config: MatrixConfig,
        state: KeyValueStore,
        translator: Translator | None = None,
        on_room_upgrade: OnRoomUpgrade | None = None,
    ) -> None:
        """``on_room_upgrade(old, new)``: a room was upgraded (its tombstone names ``new``, which
        the bot has joined); the app moves the binding."""
        self.config = config
        self._on_room_upgrade = on_room_upgrade
        self.state = state
        self._translator = translator
        self.e2e = bool(config.encryption and ENCRYPTION_ENABLED)
        self.capabilities = Capabilities(
            max_text_length=render.MAX_TEXT_LENGTH,
            buttons=False,
            polls=True,
            reactions=True,
            edits=True,
            images=True,
            markdown="html",
            # A poll has at most 20 answers; a numbered list below the text has ten number
            # reactions, so more choices than ten are a poll too (render.uses_poll).
            max_choices=render.MAX_POLL_ANSWERS,
            extra={"encryption": self.e2e},
        )
        self.memory = ChoiceMemory(state)
        self.client: AsyncClient | None = None
        self._sync: SyncLoop | None = None
        self._task: asyncio.Task[None] | None = None
        self._first_sync = asyncio.Event()
        self._retrier = Retrier(
            rate_limit_retries=config.rate_limit_retries, max_backoff=config.max_backoff
        )
        self._room_locks: dict[str, asyncio.Lock] = {}

    # -- lifecycle -------------------------------------------------------------------------

    async def start(self, sink: Sink) -> None:
        """Log in (or restore the stored session) and start syncing; returns after the first
        sync, or after ``START_TIMEOUT`` if the homeserver is slow (syncing goes on)."""
        self.config.data_dir.mkdir(parents=True, exist_ok=True)
        store = self.config.data_dir / "matrix-store"
        store.mkdir(exist_ok=True)
        stored = load_session(self.config.data_dir)
        if stored is not None and stored.user_id != self.config.user_id:
            stored = None
        device_id = stored.device_id if stored else self.config.device_id
        client = AsyncClient(
            self.config.homeserver,
            self.config.user_id,
            device_id=device_id,
            store_path=str(store),
            config=AsyncClientConfig(
                encryption_enabled=self.e2e,
                store_sync_tokens=False,
                max_limit_exceeded=0,
                max_timeouts=0,
                request_timeout=60,
            ),
        )
        self.client = client
        # A fresh retrier: the one of an earlier run was closed by stop().
        self._retrier = Retrier(
            rate_limit_retries=self.config.rate_limit_retries,
            max_backoff=self.config.max_backoff,
        )
        await self._login(client, stored)
        self._first_sync = asyncio.Event()
        self._sync = SyncLoop(
            client,
            self.config,
            self.state,
            self.memory,
            sink,
            e2e=self.e2e,
            on_encrypted_without_e2e=self._explain_missing_e2e,
            on_first_sync=self._first_sync.set,
            on_unknown_token=self._relogin,
            upgrades=RoomUpgrades(client, PLATFORM, self._on_room_upgrade),
        )
        self._task = asyncio.create_task(self._sync.run(), name="matrix-sync")
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(self._first_sync.wait(), START_TIMEOUT)

    async def _login(self, client: AsyncClient, stored: StoredSession | None) -> None:
        if stored is not None:
            client.restore_login(stored.user_id, stored.device_id, stored.access_token)
            return
        if self.config.access_token:
            client.access_token = self.config.access_token
            device_id = self.config.device_id
            if not device_id:
                who = await self._until_reachable(client.whoami, "whoami")
                if not isinstance(who, WhoamiResponse) or not who.device_id:
                    raise MatrixLoginError(f"Matrix refused MATRIX_ACCESS_TOKEN: {who}")
                device_id = who.device_id
            client.restore_login(self.config.user_id, device_id, self.config.access_token)
        elif self.config.password:
            answer = await self._until_reachable(
                lambda: client.login(self.config.password, device_name=self.config.device_name),
                "login",
            )
            if not client.access_token:
                raise MatrixLoginError(
                    f"Matrix login as {self.config.user_id} failed (check MATRIX_PASSWORD): "
                    f"{answer}"
                )
        else:
            raise MatrixLoginError(
                "Matrix: set MATRIX_PASSWORD or MATRIX_ACCESS_TOKEN (no session is stored in "
                "STEERBOT_DATA_DIR yet)"
            )
        save_session(
            self.config.data_dir,
            StoredSession(client.user_id, client.device_id, client.access_token),
        )

    async def _until_reachable(self, request: Callable[[], Awaitable[T]], what: str) -> T:
        """``request()``, retried with backoff while the homeserver cannot be reached (a bot
        started before its homeserver waits for it); wrong credentials raise at once."""
        try:
            return await self._retrier.run(request, what)
        except DeliveryFailed as exc:
            raise MatrixLoginError(f"Matrix {what} failed: {exc.reason}") from exc

    async def _relogin(self) -> None:
        """The homeserver forgot our token (logged out elsewhere): log in again as the same
        device when a password is configured."""
        client = self._client()
        if not self.config.password:
            log.error("Matrix access token rejected and no password configured to log in again")
            return
        answer = await client.login(self.config.password, device_name=self.config.device_name)
        if client.access_token and not isinstance(answer, ErrorResponse):
            save_session(
                self.config.data_dir,
                StoredSession(client.user_id, client.device_id, client.access_token),
            )
        else:
            log.error("Matrix login failed: %s", answer)

    async def stop(self) -> None:
        """Stop syncing (a batch being handed to the core is finished first) and close."""
        if self._sync is not None and self._task is not None:
            if self._sync.request_stop():
                self._task.cancel()
            # Let the core's answers to the batch in hand go out; if the homeserver is down
            # they would wait forever, so after a grace period pending retries are given up.
            done, _ = await asyncio.wait({self._task}, timeout=STOP_GRACE)
            if not done:
                self._retrier.close()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
        self._retrier.close()
        self._task = None
        if self.client is not None:
            await self.client.close()

    # -- sending ---------------------------------------------------------------------------

    def _lock(self, room_id: str) -> asyncio.Lock:
        return self._room_locks.setdefault(room_id, asyncio.Lock())

    def _client(self) -> AsyncClient:
        if self.client is None:
            raise DeliveryFailed("the Matrix adapter is not started", permanent=False)
        return self.client

    async def _wait_for_room(self, room_id: str) -> None:
        """Wait until a sync told nio about ``room_id`` (needed to encrypt for it)."""
        client = self._client()
        if room_id in client.rooms or self._sync is None:
            return
        sync = self._sync

        async def known() -> None:
            async with sync.synced:
                await sync.synced.wait_for(lambda: room_id in client.rooms)

        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(known(), ROOM_WAIT_TIMEOUT)

    async def _send_event(
        self, room_id: str, event_type: str, content: dict[str, Any], txn: str
    ) -> str:
        client = self._client()
        if self.e2e and room_id not in client.rooms:
            await self._wait_for_room(room_id)

        async def request() -> Any:
            await self._prepare_encrypted(room_id)
            return await client.room_send(
                room_id, event_type, content, tx_id=txn, ignore_unverified_devices=True
            )

        response = await self._retrier.run(request, f"send to {room_id}")
        assert isinstance(response, RoomSendResponse)
        return str(response.event_id)

    async def _prepare_encrypted(self, room_id: str) -> None:
        """Know every member's devices (and trust them on first use) before nio shares the
        room key; otherwise a member whose devices are not yet queried cannot read the event."""
        client = self._client()
        room = client.rooms.get(room_id)
        if not self.e2e or room is None or not room.encrypted:
            return
        if not room.members_synced:
            await client.joined_members(room_id)
        if client.should_query_keys:
            await client.keys_query()
        trust_new_devices(client)

    async def send(self, chat: ChatRef, reply: Reply) -> SentRef:
        """Send ``reply`` as one or more events; the returned ref is the message carrying the
        choices (the poll, or the last text part)."""
        room_id = chat.chat_id
        fallback = uuid.uuid4().hex
        async with self._lock(room_id):
            main: str | None = None
            if render.uses_poll(reply):
                poll_content = self._poll_content(reply)
                if not await self.memory.poll_noted(room_id):
                    await self._note_polls(chat, poll_content["body"], reply.key, fallback)
                content = render.in_thread(poll_content, chat.thread_id)
                txn = render.txn_id(reply.key, "poll", fallback)
                main = await self._send_event(room_id, render.POLL_START, content, txn)
                record = self._poll_record(main, reply, chat.thread_id)
                await self.memory.remember_poll(main, record)
                # A number typed here now answers this poll if it is one of many choices;
                # other choices make a bare number mean them, not an earlier such poll.
                await self.memory.remember_open_pick(
                    room_id, chat.thread_id, main if record.pick else None
                )
            elif reply.text or reply.choices:
                contents = render.reply_contents(reply, self.capabilities.max_text_length)
                for index, content in enumerate(contents):
                    txn = render.txn_id(reply.key, f"t{index}", fallback)
                    content = render.in_thread(content, chat.thread_id)
                    main = await self._send_event(room_id, "m.room.message", content, txn)
                if reply.choices and main is not None:
                    await self.memory.remember_open_pick(room_id, chat.thread_id, None)
                    await self._offer_reactions(chat, main, reply, fallback)
            for index, file in enumerate(reply.attachments):
                txn = render.txn_id(reply.key, f"a{index}", fallback)
                sent = await self._send_file(room_id, file, txn, chat.thread_id)
                main = main or sent
        if main is None:
            raise DeliveryFailed("empty reply")
        return SentRef(chat, main)

    async def _note_polls(
        self, chat: ChatRef, poll_text: str, key: str | None, fallback: str
    ) -> None:
        """Before the first poll in a room: a plain notice saying that questions come as polls
        here, with this poll's text (its question and numbered choices), since a client without
        polls hides a poll event entirely, its fallback text too."""
        note = self._translator.t(POLL_NOTE) if self._translator else POLL_NOTE
        content = render.text_content(f"{note}\n\n{poll_text}")
        txn = render.txn_id(key, "note", fallback)
        await self._send_event(
            chat.chat_id, "m.room.message", render.in_thread(content, chat.thread_id), txn
        )
        await self.memory.remember_poll_noted(chat.chat_id)

    def _poll_content(self, reply: Reply) -> render.Content:
        """The poll start for ``reply``; a pick (more choices than number reactions) is
        undisclosed and its fallback text says how to answer by typing the number."""
        hint = None
        if render.is_pick(reply):
            hint = self._translator.t(PICK_TYPED) if self._translator else PICK_TYPED
        return render.poll_start_content(
            reply.text,
            reply.choices,
            reply.poll_max_selections or 1,
            reply.choices_listed,
            typed_hint=hint,
        )

    @staticmethod
    def _poll_record(event_id: str, reply: Reply, thread: str | None) -> PollRecord:
        return PollRecord(
            ref=reply.key or event_id,
            answers=tuple(c.action for c in reply.choices),
            max_selections=max(1, min(reply.poll_max_selections or 1, len(reply.choices))),
            thread=thread,
            pick=render.is_pick(reply),
            sent_at=time.time(),
        )

    async def _offer_reactions(
        self, chat: ChatRef, event_id: str, reply: Reply, fallback: str
    ) -> None:
        actions = tuple(c.action for c in reply.choices)
        # Known before the first reaction goes out, so a quick press already counts.
        await self.memory.remember_choices(event_id, ChoiceRecord(actions, thread=chat.thread_id))
        sent: list[str] = []
        for index, emoji in enumerate(render.reactions_for(reply.choices)):
            content = {
                "m.relates_to": {"rel_type": "m.annotation", "event_id": event_id, "key": emoji}
            }
            txn = render.txn_id(reply.key, f"r{index}", fallback)
            sent.append(await self._send_event(chat.chat_id, "m.reaction", content, txn))
        await self.memory.remember_choices(
            event_id, ChoiceRecord(actions, tuple(sent), chat.thread_id)
        )

    async def _send_file(
        self, room_id: str, file: File, txn: str, thread: str | None = None
    ) -> str:
        client = self._client()
        if self.e2e and room_id not in client.rooms:
            # Only a synced room tells whether the file must be encrypted before upload.
            await self._wait_for_room(room_id)
        encrypted = bool(self.e2e and room_id in client.rooms and client.rooms[room_id].encrypted)

        async def request() -> Any:
            answer, keys = await client.upload(
                io.BytesIO(file.data),
                content_type=file.mime_type,
                filename=file.name,
                encrypt=encrypted,
                filesize=len(file.data),
            )
            return (answer, keys) if isinstance(answer, UploadResponse) else answer

        uploaded, keys = await self._retrier.run(request, f"upload {file.name}")
        encrypted_file = {**keys, "url": uploaded.content_uri} if encrypted and keys else None
        content = render.file_content(file, uploaded.content_uri, encrypted_file)
        content = render.in_thread(content, thread)
        return await self._send_event(room_id, "m.room.message", content, txn)

    async def drop_choices(self, ref: SentRef) -> None:
        """Choices here are a numbered list in the text with the bot's number reactions to
        press: the reactions are redacted (the bot may always redact its own events), the
        text stays. A reaction someone adds later still maps to its choice and is answered as
        stale. Best effort: a reaction the server would not redact stays. More choices than
        reactions were a poll: it is ended (Element shows it closed, with its result)."""
        poll = await self.memory.poll(ref.message_id)
        if poll is not None and poll.pick and not poll.ended:
            text = self._translator.t(PICK_ANSWERED) if self._translator else PICK_ANSWERED
            await self.edit(ref, Reply(text))
            return
        record = await self.memory.choices(ref.message_id)
        if record is None or not record.reactions:
            return
        await self.memory.remember_choices(
            ref.message_id, dataclasses.replace(record, reactions=())
        )
        for reaction in record.reactions:
            if not await self._redact(ref.chat, reaction, None):
                log.info("number reaction %s under %s stays", reaction, ref.message_id)

    async def edit(self, ref: SentRef, reply: Reply) -> None:
        """Replace a sent message; a poll edited to have no choices is ended with the text, a
        message with numbered choices edited to have none loses the bot's number reactions."""
        room_id = ref.chat.chat_id
        digest = hashlib.sha256(repr(reply).encode()).hexdigest()[:12]
        txn = render.txn_id(reply.key, f"e{digest}", uuid.uuid4().hex)
        poll = await self.memory.poll(ref.message_id)
        async with self._lock(room_id):
            if poll is not None and not reply.choices:
                content = render.poll_end_content(ref.message_id, reply.text)
                await self._send_event(room_id, render.POLL_END, content, txn)
                await self.memory.remember_poll(
                    ref.message_id, dataclasses.replace(poll, ended=True)
                )
                return
            if poll is not None and render.uses_poll(reply):
                new = self._poll_content(reply)
                content = {
                    **new,
                    "m.new_content": new,
                    "m.relates_to": {"rel_type": "m.replace", "event_id": ref.message_id},
                }
                await self._send_event(room_id, render.POLL_START, content, txn)
                record = self._poll_record(ref.message_id, reply, poll.thread)
                await self.memory.remember_poll(
                    ref.message_id, dataclasses.replace(record, ref=poll.ref, sent_at=poll.sent_at)
                )
                return
            first = render.reply_contents(reply, self.capabilities.max_text_length)[0]
            content = render.edit_content(ref.message_id, first)
            await self._send_event(room_id, "m.room.message", content, txn)
            if reply.choices:
                earlier = await self.memory.choices(ref.message_id) or ChoiceRecord(())
                await self.memory.remember_choices(
                    ref.message_id,
                    dataclasses.replace(earlier, actions=tuple(c.action for c in reply.choices)),
                )
        if not reply.choices:  # the numbered list is gone from the text: its reactions too
            await self.drop_choices(ref)

    async def can_remove(self, chat: ChatRef) -> bool | None:
        """The bot's power level against the room's ``redact`` level, from the synced room
        state; None for a room the bot has not synced."""
        client = self._client()
        room = client.rooms.get(chat.chat_id)
        if room is None:
            return None
        return bool(room.power_levels.can_user_redact(client.user_id))

    async def remove(self, chat: ChatRef, message_id: str) -> bool:
        """Redact the event; the homeserver refuses (M_FORBIDDEN) when the bot's power level is
        below the room's ``redact`` level (50 by default)."""
        return await self._redact(chat, message_id, REDACT_REASON)

    async def _redact(self, chat: ChatRef, event_id: str, reason: str | None) -> bool:
        client = self._client()

        async def request() -> Any:
            return await client.room_redact(chat.chat_id, event_id, reason=reason)

        try:
            await self._retrier.run(request, f"redact in {chat.chat_id}")
        except (DeliveryFailed, RateLimited) as exc:
            log.info("could not redact %s in %s: %s", event_id, chat.chat_id, exc)
            return False
        return True

    async def fetch(self, file: IncomingFile, limit: int) -> bytes:
        """A file someone sent, from the content repository (decrypted in an encrypted room)."""
        return await fetch_file(self._client(), self._retrier, file, limit)

    # -- direct chats ----------------------------------------------------------------------

    async def direct_chat(self, user: UserRef) -> ChatRef | None:
        """The room the bot shares with ``user`` alone, created (and remembered) if needed."""
        room_id = await direct_room(
            self._client(), self.state, self._retrier, user.user_id, self.e2e
        )
        return ChatRef(PLATFORM, room_id, is_direct=True)

    # -- rooms we cannot read --------------------------------------------------------------

    async def _explain_missing_e2e(self, room_id: str) -> None:
        """Tell an encrypted room once why the bot cannot read it."""
        key = f"matrix:e2e-notice:{room_id}"
        if await self.state.get(key):
            return
        await self.state.set(key, "1")
        message = NO_E2E_SWITCHED_OFF if ENCRYPTION_ENABLED else NO_E2E_INSTALLED
        text = self._translator.t(message) if self._translator else message
        try:
            await self.send(ChatRef(PLATFORM, room_id), Reply(text, key=key))
        except DeliveryFailed:
            log.warning("could not tell %s that encryption is unavailable", room_id)
