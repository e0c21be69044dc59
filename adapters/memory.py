"""An in-memory adapter that records what the bot sends: for tests and benchmarks."""

from __future__ import annotations

import itertools
from dataclasses import dataclass

from bot.adapter import DeliveryFailed, FileUnavailable, Sink
from bot.events import Capabilities, ChatRef, Incoming, IncomingFile, Reply, SentRef, UserRef


@dataclass(frozen=True)
class Sent:
    """One message the bot sent."""

    chat: ChatRef
    reply: Reply
    message_id: str


class MemoryAdapter:
    """Records every send; ``push()`` feeds an incoming event to the bot."""

    def __init__(self, name: str = "memory", capabilities: Capabilities | None = None) -> None:
        self.name = name
        self.capabilities = capabilities or Capabilities(
            max_text_length=4096, buttons=True, edits=True, images=True
        )
        self.sent: list[Sent] = []
        self.edits: list[tuple[SentRef, Reply]] = []
        self.dropped: list[SentRef] = []  # messages whose buttons were taken off
        self.removed: list[tuple[ChatRef, str]] = []
        self.may_remove = True  # False: like a group where the bot has no right to delete
        self.shut_out_of: set[str] = set()  # chat ids the bot was removed from
        self.files: dict[str, bytes] = {}  # what people sent, by IncomingFile.ref
        self.fetched: list[str] = []  # the refs the bot fetched, in order
        self._sink: Sink | None = None
        self._ids = itertools.count(1)

    async def start(self, sink: Sink) -> None:
        self._sink = sink

    async def stop(self) -> None:
        self._sink = None

    async def push(self, event: Incoming) -> None:
        """Deliver ``event`` as if it came from the platform, and wait until it is handled."""
        if self._sink is None:
            raise RuntimeError("adapter not started")
        await self._sink(event)

    async def send(self, chat: ChatRef, reply: Reply) -> SentRef:
        if chat.chat_id in self.shut_out_of:
            raise DeliveryFailed("removed from the chat", shut_out=True)
        message_id = str(next(self._ids))
        self.sent.append(Sent(chat, reply, message_id))
        return SentRef(chat, message_id)

    async def edit(self, ref: SentRef, reply: Reply) -> None:
        self.edits.append((ref, reply))

    async def drop_choices(self, ref: SentRef) -> None:
        self.dropped.append(ref)

    async def direct_chat(self, user: UserRef) -> ChatRef | None:
        return ChatRef(self.name, f"dm:{user.user_id}", is_direct=True)

    async def fetch(self, file: IncomingFile, limit: int) -> bytes:
        data = self.files.get(file.ref)
        if data is None:
            raise FileUnavailable("gone")
        if len(data) > limit:
            raise FileUnavailable("too large", too_large=True)
        self.fetched.append(file.ref)
        return data

    async def can_remove(self, chat: ChatRef) -> bool | None:
        return self.may_remove

    async def remove(self, chat: ChatRef, message_id: str) -> bool:
        if not self.may_remove:
            return False
        self.removed.append((chat, message_id))
        return True

    def pop(self) -> list[Sent]:
        """What was sent since the last pop."""
        out, self.sent = self.sent, []
        return out
