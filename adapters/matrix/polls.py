"""What the bot remembers about messages that offer choices: polls and numbered lists.

Kept in the durable key-value store so a reaction or poll answer to a message sent before a
restart still maps back to the right choice.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from bot.state import KeyValueStore

#: How long a bare number typed in the room answers the latest poll of many choices there (a
#: number typed in reply to the poll answers it as long as it is not ended).
PICK_TYPED_FOR = 24 * 3600.0


@dataclass(frozen=True)
class PollRecord:
    """A poll the bot started: ``ref`` is fed back as :attr:`Action.ref`; ``thread``: the root
    of the thread it was posted in (an answer to it is answered there). ``pick``: the poll
    stands for more choices than number reactions (not a vote): an answer is the press of the
    chosen choice, its action the ``Action.ref``. ``sent_at``: when it was sent (seconds since
    the epoch; None for a poll remembered before this was kept): a bare number typed more than
    :data:`PICK_TYPED_FOR` later no longer answers it."""

    ref: str
    answers: tuple[str, ...]
    max_selections: int
    ended: bool = False
    thread: str | None = None
    pick: bool = False
    sent_at: float | None = None


@dataclass(frozen=True)
class ChoiceRecord:
    """A numbered list the bot sent: reaction n means ``actions[n - 1]``; ``reactions`` are
    the event ids of the number reactions the bot put under it to press (empty once taken
    off); ``thread``: the root of the thread it was posted in (a press is answered there)."""

    actions: tuple[str, ...]
    reactions: tuple[str, ...] = ()
    thread: str | None = None


class ChoiceMemory:
    """Polls and numbered lists by event id, in the adapter's key-value store."""

    def __init__(self, state: KeyValueStore) -> None:
        self._state = state

    async def remember_poll(self, event_id: str, record: PollRecord) -> None:
        """Record a poll started as ``event_id``."""
        value = {
            "ref": record.ref,
            "answers": list(record.answers),
            "max": record.max_selections,
            "ended": record.ended,
            "thread": record.thread,
            "pick": record.pick,
            "sent_at": record.sent_at,
        }
        await self._state.set(f"matrix:poll:{event_id}", json.dumps(value))

    async def poll(self, event_id: str) -> PollRecord | None:
        """The poll started as ``event_id``, if the bot started one."""
        raw = await self._state.get(f"matrix:poll:{event_id}")
        if not raw:
            return None
        value = json.loads(raw)
        return PollRecord(
            value["ref"],
            tuple(value["answers"]),
            int(value["max"]),
            bool(value["ended"]),
            value.get("thread"),
            bool(value.get("pick", False)),
            value.get("sent_at"),
        )

    async def remember_open_pick(
        self, room_id: str, thread: str | None, event_id: str | None
    ) -> None:
        """``event_id`` is the latest poll of many choices (:attr:`PollRecord.pick`) in the
        room (or the thread under ``thread``): a number typed there answers it. None: the bot
        asked something else there since (other choices), which a bare number may mean."""
        await self._state.set(_pick_key(room_id, thread), event_id or "")

    async def open_pick(self, room_id: str, thread: str | None, at: float) -> str | None:
        """The latest poll of many choices in the room (or thread) that a bare number typed
        at ``at`` (seconds since the epoch) answers: not ended, no other choices offered there
        since, and sent less than :data:`PICK_TYPED_FOR` before."""
        event_id = await self._state.get(_pick_key(room_id, thread))
        poll = await self.poll(event_id) if event_id else None
        if poll is None or not poll.pick or poll.ended or poll.sent_at is None:
            return None
        return event_id if at - poll.sent_at < PICK_TYPED_FOR else None

    async def poll_noted(self, room_id: str) -> bool:
        """Whether the room was told, before the bot's first poll there, what a client without
        polls misses (:meth:`remember_poll_noted`)."""
        return bool(await self._state.get(f"matrix:poll-note:{room_id}"))

    async def remember_poll_noted(self, room_id: str) -> None:
        """The room has been told; later polls go out without the note."""
        await self._state.set(f"matrix:poll-note:{room_id}", "1")

    async def remember_choices(self, event_id: str, record: ChoiceRecord) -> None:
        """Record the numbered list carried by ``event_id``."""
        value = {
            "actions": list(record.actions),
            "reactions": list(record.reactions),
            "thread": record.thread,
        }
        await self._state.set(f"matrix:choices:{event_id}", json.dumps(value))

    async def choices(self, event_id: str) -> ChoiceRecord | None:
        """The numbered list carried by ``event_id``, if any (also as stored before its
        reactions were kept: a bare list of actions)."""
        raw = await self._state.get(f"matrix:choices:{event_id}")
        if not raw:
            return None
        value = json.loads(raw)
        if isinstance(value, list):
            return ChoiceRecord(tuple(value))
        return ChoiceRecord(
            tuple(value["actions"]), tuple(value.get("reactions", ())), value.get("thread")
        )


def _pick_key(room_id: str, thread: str | None) -> str:
    return f"matrix:pick:{room_id}" + (f"|{thread}" if thread else "")
