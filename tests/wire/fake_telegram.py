"""A fake Telegram Bot API server for wire tests: the real python-telegram-bot talks to it.

It serves ``/bot<token>/<method>`` on ``127.0.0.1:<free port>``, records every request with its
decoded parameters, answers ``getUpdates`` as a long poll that honours ``offset`` (updates below
it count as confirmed and are dropped), lets a test push updates, and injects faults (429 with
``retry_after``, 5xx, 403 blocked, 400 chat not found, group → supergroup migration). It can
also enforce Telegram's send limits on an injected clock and count the 429s it had to give.

Facts it relies on: PTB posts form-encoded (or multipart, with files) bodies with non-string
values JSON-encoded; it calls getMe → deleteWebhook → getUpdates and needs ``username`` from
getMe; on stop PTB's own Updater sends one last getUpdates with timeout 0.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
import json
import math
import random
import time
from collections import Counter, defaultdict, deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

# Parameters that are strings in the Bot API; PTB sends them raw, everything else as JSON.
STRING_PARAMS = {
    "text",
    "caption",
    "parse_mode",
    "callback_query_id",
    "url",
    "secret_token",
    "language_code",
    "description",
    "short_description",
    "name",
    "title",
}
Params = dict[str, Any]
Files = dict[str, tuple[str, bytes, str]]
SEND_METHODS = {"sendMessage", "sendDocument", "sendPhoto"}


@dataclass
class Recorded:
    """One request the fake received."""

    method: str
    params: dict[str, Any]
    files: dict[str, tuple[str, bytes, str]] = field(default_factory=dict)
    status: int | None = None  # None while the call is still being answered
    result: Any = None  # what a successful call answered (e.g. the sent message)


@dataclass
class Fault:
    """An error answer for the next call of a method."""

    status: int
    description: str
    parameters: dict[str, Any] | None = None


def fault(kind: str, **kw: Any) -> Fault:
    """Build a fault: ``retry_after`` (``seconds=``), ``server_error`` (``status=``),
    ``blocked``, ``chat_not_found`` or ``migrate`` (``to=`` new chat id)."""
    if kind == "retry_after":
        seconds = kw.get("seconds", 1)
        return Fault(429, f"Too Many Requests: retry after {seconds}", {"retry_after": seconds})
    if kind == "server_error":
        status = kw.get("status", 500)
        return Fault(status, "Internal Server Error" if status == 500 else "Bad Gateway")
    if kind == "blocked":
        return Fault(403, "Forbidden: bot was blocked by the user")
    if kind == "chat_not_found":
        return Fault(400, "Bad Request: chat not found")
    if kind == "migrate":
        return Fault(
            400,
            "Bad Request: group chat was upgraded to a supergroup chat",
            {"migrate_to_chat_id": int(kw["to"])},
        )
    raise ValueError(f"unknown fault kind {kind!r}")


#: What Telegram answers a getUpdates that a newer one (another process, same token) ended.
CONFLICT = (
    "Conflict: terminated by other getUpdates request; make sure that only one bot instance "
    "is running"
)

#: ``Recorded.status`` of a call dropped before it was done, and of one done, then dropped.
DROPPED = 598
DONE_THEN_DROPPED = 599


@dataclass
class RandomFaults:
    """Seeded random faults (see :meth:`FakeTelegram.random_faults`) and what was given."""

    rate: float
    rng: random.Random
    methods: tuple[str, ...]
    max_in_a_row: int
    given: Counter[str] = field(default_factory=Counter)
    calls: int = 0
    _in_a_row: int = 0

    def draw(self, method: str) -> str | None:
        """None (answer normally) or '5xx', 'drop_before', 'drop_after'."""
        if method not in self.methods:
            return None
        self.calls += 1
        if self._in_a_row >= self.max_in_a_row or self.rng.random() >= self.rate:
            self._in_a_row = 0
            return None
        self._in_a_row += 1
        roll = self.rng.random()
        kind = "5xx" if roll < 0.5 else "drop_before" if roll < 0.75 else "drop_after"
        self.given[kind] += 1
        return kind


class Window:
    """At most ``limit`` sends within any ``period`` seconds (same rule as the adapter's)."""

    def __init__(self, limit: int, period: float) -> None:
        self.limit, self.period = limit, period
        self.times: deque[float] = deque()

    def retry_after(self, now: float) -> float:
        while self.times and self.times[0] <= now - self.period:
            self.times.popleft()
        if len(self.times) < self.limit:
            return 0.0
        return self.times[0] + self.period - now


class FakeTelegram:
    """The fake Bot API. Use as ``async with FakeTelegram() as tg:`` and pass ``tg.base_url``."""

    def __init__(
        self,
        token: str = "123456:TEST-token",
        username: str = "steerbot",
        *,
        bot_id: int = 123456,
        clock: Callable[[], float] = time.monotonic,
        enforce_limits: bool = False,
        private_needs_start: bool = False,
    ) -> None:
        self.token = token
        self.username = username
        self.bot_id = bot_id
        self.clock = clock
        self.enforce_limits = enforce_limits
        # As Telegram: the bot may not write first into a private chat; only after the user
        # wrote there (opened the chat with "Start"). Off by default for the older tests.
        self.private_needs_start = private_needs_start
        self.started: set[int] = set()  # private chats the user wrote in
        self.requests: list[Recorded] = []
        self.updates: list[dict[str, Any]] = []
        self.chats: dict[int, dict[str, Any]] = {}
        self.migrated: dict[int, int] = {}
        self.admin_in: set[int] = set()  # groups where the bot may delete others' messages
        self.deleted: list[tuple[int, int]] = []
        self.pushed: dict[int, dict[str, Any]] = {}  # update id -> the message it carried
        self.files: dict[str, bytes] = {}  # file id -> the bytes of a document someone sent
        self.downloads: list[str] = []  # file paths the bot downloaded
        self.faults: dict[str, deque[Fault]] = defaultdict(deque)
        self.limit_429s = 0  # 429s given because the client sent too fast
        self.chaos: RandomFaults | None = None
        self.webhook: dict[str, Any] | None = None
        self._update_ids = itertools.count(1000)
        self._message_ids: dict[int, itertools.count[int]] = defaultdict(lambda: itertools.count(1))
        self._per_chat: dict[int, Window] = defaultdict(lambda: Window(1, 1.0))
        self._per_group: dict[int, Window] = defaultdict(lambda: Window(20, 60.0))
        self._overall = Window(30, 1.0)
        self._changed = asyncio.Event()
        self._recorded = asyncio.Condition()
        self._closing = False
        self._polls = 0  # getUpdates calls so far: a newer one ends a waiting one (409)
        self.conflicts = 0  # getUpdates answered 409 because another one came
        self._runner: web.AppRunner | None = None
        self.port = 0

    # -- lifecycle ---------------------------------------------------------------------------

    async def __aenter__(self) -> FakeTelegram:
        app = web.Application()
        app.router.add_route("*", "/{path:.*}", self._route)
        self._runner = web.AppRunner(app, access_log=None, shutdown_timeout=1)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        return self

    async def __aexit__(self, *exc: object) -> None:
        self._closing = True
        self._notify()
        if self._runner is not None:
            await self._runner.cleanup()

    @property
    def base_url(self) -> str:
        """The server root to give the adapter as ``TelegramConfig.base_url``."""
        return f"http://127.0.0.1:{self.port}"

    # -- inspection --------------------------------------------------------------------------

    def calls(self, method: str, *, ok_only: bool = False) -> list[Recorded]:
        """Recorded requests of ``method`` (only the successful ones with ``ok_only``)."""
        return [r for r in self.requests if r.method == method and (r.status == 200 or not ok_only)]

    def sent_texts(self, chat_id: int | None = None) -> list[str]:
        """Texts of every sendMessage the fake accepted (optionally to one chat)."""
        return [
            r.params["text"]
            for r in self.calls("sendMessage", ok_only=True)
            if chat_id is None or r.params["chat_id"] == chat_id
        ]

    async def wait_for(
        self, method: str, count: int = 1, *, ok_only: bool = True, within: float = 10.0
    ) -> list[Recorded]:
        """Wait until ``count`` calls of ``method`` were recorded; returns them."""

        def enough() -> bool:
            return len(self.calls(method, ok_only=ok_only)) >= count

        async with self._recorded:
            await asyncio.wait_for(self._recorded.wait_for(enough), within)
        return self.calls(method, ok_only=ok_only)

    # -- pushing updates ---------------------------------------------------------------------

    def add_chat(self, chat_id: int, chat_type: str | None = None, title: str = "Steuerungsgruppe"):
        """Make a chat known (type guessed from the id when not given)."""
        if chat_type is None:
            chat_type = (
                "private"
                if chat_id > 0
                else ("supergroup" if str(chat_id).startswith("-100") else "group")
            )
        chat: dict[str, Any] = {"id": chat_id, "type": chat_type}
        if chat_type == "private":
            chat["first_name"] = "User"
        else:
            chat["title"] = title
        self.chats[chat_id] = chat
        return chat

    def _chat(self, chat_id: int) -> dict[str, Any]:
        return self.chats.get(chat_id) or self.add_chat(chat_id)

    @staticmethod
    def user(
        user_id: int,
        first_name: str = "Erika",
        last_name: str | None = "Muster",
        language_code: str = "de",
    ) -> dict[str, Any]:
        """A user object."""
        user: dict[str, Any] = {
            "id": user_id,
            "is_bot": False,
            "first_name": first_name,
            "language_code": language_code,
        }
        if last_name:
            user["last_name"] = last_name
        return user

    def _push(self, update: dict[str, Any]) -> int:
        update_id = next(self._update_ids)
        self.updates.append({"update_id": update_id, **update})
        self._notify()
        return update_id

    def push_message(
        self,
        chat_id: int,
        text: str,
        *,
        user: dict[str, Any] | None = None,
        chat_type: str | None = None,
        thread_id: int | None = None,
        photo: bool = False,
        document: tuple[str, bytes, str] | None = None,
    ) -> int:
        """Queue a text message from ``user`` in ``chat_id`` (in forum topic ``thread_id``);
        with ``photo``, a photo with ``text`` as its caption (none when empty); with
        ``document`` (file name, bytes, MIME type), that file with ``text`` as its caption;
        returns the update id."""
        chat = (
            self.chats[chat_id]
            if chat_type is None and chat_id in self.chats
            else (self.add_chat(chat_id, chat_type))
        )
        if user is None:
            user = self.user(chat_id if chat["type"] == "private" else 4242)
        message = {
            "message_id": next(self._message_ids[chat_id]),
            "date": int(time.time()),
            "chat": chat,
            "from": user,
        }
        if photo:
            size = {"file_id": "p1", "file_unique_id": "u1", "width": 640, "height": 480}
            message["photo"] = [size]
            if text:
                message["caption"] = text
        elif document is not None:
            name, data, mime = document
            file_id = f"doc{len(self.files) + 1}"
            self.files[file_id] = data
            message["document"] = {
                "file_id": file_id,
                "file_unique_id": f"u-{file_id}",
                "file_name": name,
                "mime_type": mime,
                "file_size": len(data),
            }
            if text:
                message["caption"] = text
        else:
            message["text"] = text
        if chat["type"] == "private":
            self.started.add(chat_id)
        if thread_id is not None:
            message["message_thread_id"] = thread_id
            message["is_topic_message"] = True
        if text.startswith("/"):
            command = text.split(maxsplit=1)[0]
            entities = [{"type": "bot_command", "offset": 0, "length": len(command)}]
            captioned = photo or document is not None
            message["caption_entities" if captioned else "entities"] = entities
        update_id = self._push({"message": message})
        self.pushed[update_id] = message
        return update_id

    def push_callback(
        self,
        chat_id: int,
        data: str,
        *,
        message_id: int = 1,
        user: dict[str, Any] | None = None,
    ) -> int:
        """Queue a press on an inline button with ``data`` under message ``message_id``."""
        user = user or self.user(4242)
        message = {
            "message_id": message_id,
            "date": int(time.time()),
            "chat": self._chat(chat_id),
            "from": self._bot_user(),
            "text": "…",
        }
        query = {
            "id": f"cq{next(self._update_ids)}",
            "from": user,
            "chat_instance": f"ci{chat_id}",
            "message": message,
            "data": data,
        }
        return self._push({"callback_query": query})

    def migrate_chat(self, old: int, new: int) -> int:
        """Upgrade group ``old`` to supergroup ``new``: sends to ``old`` now fail with
        ``migrate_to_chat_id``, and the service message arrives as an update."""
        self.migrated[old] = new
        self.add_chat(new, "supergroup")
        message = {
            "message_id": next(self._message_ids[old]),
            "date": int(time.time()),
            "chat": self._chat(old),
            "from": self.user(4242),
            "migrate_to_chat_id": new,
        }
        return self._push({"message": message})

    def fail(self, method: str, kind: str, times: int = 1, **kw: Any) -> None:
        """Answer the next ``times`` calls of ``method`` with the fault ``kind``."""
        for _ in range(times):
            self.faults[method].append(fault(kind, **kw))

    def random_faults(
        self,
        rate: float,
        seed: int,
        *,
        methods: tuple[str, ...] = ("sendMessage",),
        max_in_a_row: int = 3,
    ) -> RandomFaults:
        """From now on answer a share ``rate`` of the calls of ``methods`` with a fault, drawn
        by a RNG seeded with ``seed``: half are 5xx answers (nothing done), a quarter drop the
        connection before doing anything, a quarter drop it *after* doing the call (the
        message is delivered, the client sees a network error: a timeout that arrived). Never
        more than ``max_in_a_row`` faults in a row, so a client retrying that often gets
        through. Returns the counters (see :class:`RandomFaults`)."""
        self.chaos = RandomFaults(rate, random.Random(seed), methods, max_in_a_row)
        return self.chaos

    def revoke_token(self) -> None:
        """As /revoke in @BotFather: from now on every call with the old token gets 401, a
        long poll waiting now included (it returns at once)."""
        self.token = f"{self.bot_id}:revoked-{self.token}"
        self._notify()

    def _notify(self) -> None:
        self._changed.set()
        self._changed = asyncio.Event()

    # -- HTTP --------------------------------------------------------------------------------

    async def _route(self, request: web.Request) -> web.Response:
        path = request.match_info["path"]
        if path.startswith(f"file/bot{self.token}/"):
            return self._download(path.split("/", 2)[2])
        prefix = f"bot{self.token}/"
        if not path.startswith(prefix):
            return self._error(401 if path.startswith("bot") else 404, "Unauthorized")
        method = path[len(prefix) :]
        params, files = await self._decode(request)
        record = Recorded(method, params, files)
        self.requests.append(record)
        async with self._recorded:
            self._recorded.notify_all()
        chaos = self.chaos.draw(method) if self.chaos is not None else None
        if chaos in ("5xx", "drop_before"):
            record.status = 502 if chaos == "5xx" else DROPPED
            if chaos == "5xx":
                return self._error(502, "Bad Gateway")
            return self._drop(request)
        try:
            status, payload = await self._answer(method, params, files)
        finally:
            async with self._recorded:
                self._recorded.notify_all()
        record.status = status
        if status == 200:
            record.result = payload
        if chaos == "drop_after" and status == 200:
            record.status = DONE_THEN_DROPPED
            return self._drop(request)
        if status != 200:
            return web.json_response(payload, status=status)
        return web.json_response({"ok": True, "result": payload})

    async def _decode(self, request: web.Request) -> tuple[Params, Files]:
        params: dict[str, Any] = {}
        files: dict[str, tuple[str, bytes, str]] = {}
        if request.content_type == "application/json":
            params = await request.json() if request.can_read_body else {}
            return params, files
        form = await request.post()
        for key, value in form.items():
            if isinstance(value, web.FileField):
                files[key] = (value.filename, value.file.read(), value.content_type)
                continue
            text = str(value)
            if key in STRING_PARAMS:
                params[key] = text
            else:
                try:
                    params[key] = json.loads(text)
                except ValueError:
                    params[key] = text
        return params, files

    def _download(self, file_path: str) -> web.Response:
        """A file as ``getFile`` named it (``documents/<file id>``)."""
        self.downloads.append(file_path)
        data = self.files.get(file_path.rpartition("/")[2])
        if data is None:
            return web.Response(status=404)
        return web.Response(body=data, content_type="application/octet-stream")

    @staticmethod
    def _drop(request: web.Request) -> web.Response:
        """Close the connection without an answer (what a client sees on a timeout)."""
        if request.transport is not None:
            request.transport.abort()
        return web.Response(status=599)

    @staticmethod
    def _error(status: int, description: str, parameters: dict[str, Any] | None = None):
        body: dict[str, Any] = {"ok": False, "error_code": status, "description": description}
        if parameters:
            body["parameters"] = parameters
        return web.json_response(body, status=status)

    def _fault_payload(self, f: Fault) -> tuple[int, dict[str, Any]]:
        body: dict[str, Any] = {"ok": False, "error_code": f.status, "description": f.description}
        if f.parameters:
            body["parameters"] = f.parameters
        return f.status, body

    def _check_limits(self, chat_id: int) -> float:
        now = self.clock()
        windows = [self._overall, self._per_chat[chat_id]]
        if chat_id < 0:
            windows.append(self._per_group[chat_id])
        wait = max(w.retry_after(now) for w in windows)
        if wait > 0:
            return wait
        for w in windows:
            w.times.append(now)
        return 0.0

    async def _answer(self, method: str, params: Params, files: Files) -> tuple[int, Any]:
        if self.faults.get(method):
            return self._fault_payload(self.faults[method].popleft())
        if method in SEND_METHODS:
            chat_id = params.get("chat_id")
            if isinstance(chat_id, int) and chat_id in self.migrated:
                return self._fault_payload(fault("migrate", to=self.migrated[chat_id]))
            if (
                self.private_needs_start
                and isinstance(chat_id, int)
                and chat_id > 0
                and chat_id not in self.started
            ):
                return self._fault_payload(
                    Fault(403, "Forbidden: bot can't initiate conversation with a user")
                )
            if self.enforce_limits and isinstance(chat_id, int):
                wait = self._check_limits(chat_id)
                if wait > 0:
                    self.limit_429s += 1
                    return self._fault_payload(fault("retry_after", seconds=math.ceil(wait)))
        handler = getattr(self, f"_m_{method}", None)
        if handler is None:
            return 404, {"ok": False, "error_code": 404, "description": "Not Found"}
        result = handler(params, files)
        if asyncio.iscoroutine(result):
            result = await result
        if isinstance(result, Fault):
            return self._fault_payload(result)
        return 200, result

    # -- methods -----------------------------------------------------------------------------

    def _bot_user(self) -> dict[str, Any]:
        return {
            "id": self.bot_id,
            "is_bot": True,
            "first_name": "Steerbot",
            "username": self.username,
        }

    def _m_getMe(self, params: Params, files: Files) -> Any:
        return {
            **self._bot_user(),
            "can_join_groups": True,
            "can_read_all_group_messages": False,
            "supports_inline_queries": False,
        }

    def _m_getFile(self, params: Params, files: Files) -> Any:
        file_id = str(params.get("file_id"))
        data = self.files.get(file_id)
        if data is None:
            return Fault(400, "Bad Request: invalid file_id")
        if len(data) > 20 * 1024 * 1024:  # what a bot may download
            return Fault(400, "Bad Request: file is too big")
        return {
            "file_id": file_id,
            "file_unique_id": f"u-{file_id}",
            "file_size": len(data),
            "file_path": f"documents/{file_id}",
        }

    def _m_deleteWebhook(self, params: Params, files: Files) -> Any:
        self.webhook = None
        return True

    def _m_setWebhook(self, params: Params, files: Files) -> Any:
        self.webhook = params
        return True

    def _m_setMyCommands(self, params: Params, files: Files) -> Any:
        return True

    def _m_deleteMyCommands(self, params: Params, files: Files) -> Any:
        return True

    def _m_answerCallbackQuery(self, params: Params, files: Files) -> Any:
        return True

    async def _m_getUpdates(self, params: Params, files: Files) -> Any:
        offset = params.get("offset")
        if isinstance(offset, int):
            # Asking from ``offset`` confirms every earlier update: Telegram forgets them.
            self.updates = [u for u in self.updates if u["update_id"] >= offset]
        timeout = float(params.get("timeout") or 0)
        limit = int(params.get("limit") or 100)
        self._polls += 1
        mine = self._polls
        self._notify()  # as Telegram: a poll still waiting is ended by this one (409)
        if not self.updates and timeout > 0 and not self._closing:
            changed = self._changed
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(changed.wait(), timeout)
        if mine != self._polls:
            self.conflicts += 1
            return Fault(409, CONFLICT)
        return self.updates[:limit]

    def _message(self, chat_id: int, **content: Any) -> dict[str, Any]:
        return {
            "message_id": next(self._message_ids[chat_id]),
            "date": int(time.time()),
            "chat": self._chat(chat_id),
            "from": self._bot_user(),
            **content,
        }

    @staticmethod
    def _markup_refused(params: Params) -> Fault | None:
        """Telegram's rule: an inline keyboard has at most 100 buttons, 8 in a row."""
        rows = (params.get("reply_markup") or {}).get("inline_keyboard") or []
        if sum(len(row) for row in rows) > 100 or any(len(row) > 8 for row in rows):
            return Fault(400, "Bad Request: reply markup is too long")
        return None

    def _m_sendMessage(self, params: Params, files: Files) -> Any:
        if refused := self._markup_refused(params):
            return refused
        content: dict[str, Any] = {"text": params["text"]}
        if "reply_markup" in params:
            content["reply_markup"] = params["reply_markup"]
        return self._message(params["chat_id"], **content)

    def _file_ref(self, files: dict[str, Any], name: str) -> tuple[str, bytes, str]:
        return files.get(name) or ("", b"", "")

    def _m_sendDocument(self, params: Params, files: Files) -> Any:
        filename, data, _ = self._file_ref(files, "document")
        doc = {
            "file_id": f"doc{len(self.requests)}",
            "file_unique_id": f"u{len(self.requests)}",
            "file_name": filename,
            "file_size": len(data),
        }
        return self._message(params["chat_id"], document=doc, caption=params.get("caption"))

    def _m_sendPhoto(self, params: Params, files: Files) -> Any:
        _, data, _ = self._file_ref(files, "photo")
        size = {
            "file_id": f"ph{len(self.requests)}",
            "file_unique_id": f"u{len(self.requests)}",
            "width": 1,
            "height": 1,
            "file_size": len(data),
        }
        return self._message(params["chat_id"], photo=[size], caption=params.get("caption"))

    def _edited(self, params: dict[str, Any], **content: Any) -> dict[str, Any]:
        chat_id = params["chat_id"]
        return {
            "message_id": params["message_id"],
            "date": int(time.time()),
            "edit_date": int(time.time()),
            "chat": self._chat(chat_id),
            "from": self._bot_user(),
            **content,
        }

    def _m_editMessageText(self, params: Params, files: Files) -> Any:
        if refused := self._markup_refused(params):
            return refused
        content: dict[str, Any] = {"text": params["text"]}
        if "reply_markup" in params:
            content["reply_markup"] = params["reply_markup"]
        return self._edited(params, **content)

    def _m_editMessageReplyMarkup(self, params: Params, files: Files) -> Any:
        content: dict[str, Any] = {"text": "…"}
        if "reply_markup" in params:
            content["reply_markup"] = params["reply_markup"]
        return self._edited(params, **content)

    def _m_deleteMessage(self, params: Params, files: Files) -> Any:
        """Telegram's rule: in a group only an administrator may delete others' messages."""
        chat_id = int(params["chat_id"])
        if self._chat(chat_id)["type"] != "private" and chat_id not in self.admin_in:
            return Fault(400, "Bad Request: message can't be deleted")
        self.deleted.append((chat_id, int(params["message_id"])))
        return True

    def _m_getChatMember(self, params: Params, files: Files) -> Any:
        """The bot asking for its own rights: an administrator with the right to delete in
        ``admin_in``, otherwise a plain member (other users are not modelled)."""
        chat_id = int(params["chat_id"])
        if int(params["user_id"]) != self.bot_id:
            return Fault(400, "Bad Request: user not found")
        if chat_id in self.admin_in:
            rights = {
                right: right == "can_delete_messages"
                for right in (
                    "can_be_edited",
                    "is_anonymous",
                    "can_manage_chat",
                    "can_delete_messages",
                    "can_manage_video_chats",
                    "can_restrict_members",
                    "can_promote_members",
                    "can_change_info",
                    "can_invite_users",
                    "can_post_stories",
                    "can_edit_stories",
                    "can_delete_stories",
                )
            }
            return {"status": "administrator", "user": self._bot_user(), **rights}
        return {"status": "member", "user": self._bot_user()}

    def _m_getChat(self, params: Params, files: Files) -> Any:
        chat = self._chat(params["chat_id"])
        return {
            **chat,
            "accent_color_id": 0,
            "max_reaction_count": 11,
            "accepted_gift_types": {
                "unlimited_gifts": False,
                "limited_gifts": False,
                "unique_gifts": False,
                "premium_subscription": False,
                "gifts_from_channels": False,
            },
        }
