"""Room events from a sync become :mod:`bot.events` (messages, reactions, poll answers)."""

from __future__ import annotations

import json
import time
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from nio import MatrixRoom

from adapters.matrix import render
from adapters.matrix.polls import ChoiceMemory, PollRecord
from bot.events import Action, ChatRef, Incoming, IncomingFile, Message, UserRef

PLATFORM = "matrix"
# m.notice is what bots send: never answered, so two bots cannot talk each other into a loop.
TEXT_MSGTYPES = ("m.text", "m.emote")
# A photo or file may carry a caption: its body, when a separate filename is given.
MEDIA_MSGTYPES = ("m.image", "m.file", "m.video", "m.audio")


def chat_ref(room: MatrixRoom | None, room_id: str, thread: str | None = None) -> ChatRef:
    """The chat of ``room``: direct when exactly two people are in it (joined or invited);
    ``thread``, the root of the thread a message was written in, so the answer goes there."""
    is_direct = room is not None and room.member_count == 2
    return ChatRef(PLATFORM, room_id, is_direct=is_direct, thread_id=thread)


def _thread_of(relates: Mapping[str, Any]) -> str | None:
    """The root event of the thread (``m.thread``) a message belongs to."""
    if relates.get("rel_type") != "m.thread":
        return None
    root = relates.get("event_id")
    return root if isinstance(root, str) and root else None


def user_ref(room: MatrixRoom | None, user_id: str) -> UserRef:
    """The sender with the display name the room knows for them."""
    name = ""
    if room is not None and user_id in room.users:
        name = room.users[user_id].display_name or ""
    return UserRef(PLATFORM, user_id, name)


def events_after_own_join(events: Sequence[Any], own_user_id: str) -> Sequence[Any]:
    """Drop what happened in a room before the bot joined it (old history is not answered)."""
    for index in range(len(events) - 1, -1, -1):
        source = getattr(events[index], "source", {}) or {}
        if (
            source.get("type") == "m.room.member"
            and source.get("state_key") == own_user_id
            and (source.get("content") or {}).get("membership") == "join"
            and ((source.get("unsigned") or {}).get("prev_content") or {}).get("membership")
            != "join"
        ):
            return events[index + 1 :]
    return events


def _sent_at(source: Mapping[str, Any]) -> datetime | None:
    ts = source.get("origin_server_ts")
    if not isinstance(ts, int):
        return None
    return datetime.fromtimestamp(ts / 1000, tz=UTC)


def _text_of(content: Mapping[str, Any]) -> str | None:
    """The text of a message: its body, or a photo's or file's caption ("!vorschlag Skatepark"
    under a photo of the place; the body is a caption when the filename is given apart)."""
    msgtype, body = content.get("msgtype"), content.get("body")
    if not isinstance(body, str):
        return None
    if msgtype in TEXT_MSGTYPES:
        return body
    filename = content.get("filename")
    if msgtype in MEDIA_MSGTYPES and isinstance(filename, str) and filename and body != filename:
        return body
    return None


def file_of(content: Mapping[str, Any]) -> tuple[IncomingFile, ...]:
    """An ``m.file`` (a document, not a photo) as the core's description of it. The reference
    is the JSON of its ``url`` (mxc) or, in an encrypted room, of its ``file`` (the mxc with
    the key to decrypt it): :meth:`MatrixAdapter.fetch` reads it back."""
    if content.get("msgtype") != "m.file":
        return ()
    encrypted, url = content.get("file"), content.get("url")
    if isinstance(encrypted, Mapping) and isinstance(encrypted.get("url"), str):
        ref = json.dumps({"file": dict(encrypted)})
    elif isinstance(url, str) and url.startswith("mxc://"):
        ref = json.dumps({"url": url})
    else:
        return ()
    info = content.get("info")
    if not isinstance(info, Mapping):
        info = {}
    size = info.get("size")
    name = content.get("filename") or content.get("body") or "file"
    return (
        IncomingFile(
            name=str(name),
            ref=ref,
            mime_type=str(info.get("mimetype") or "application/octet-stream"),
            size=size if isinstance(size, int) and not isinstance(size, bool) else None,
        ),
    )


def _strip_reply_fallback(body: str) -> str:
    """Drop the quoted ``> <@user> …`` lines clients put before a reply's text."""
    lines = body.split("\n")
    if not lines or not lines[0].startswith("> "):
        return body
    rest = lines
    while rest and rest[0].startswith(">"):
        rest = rest[1:]
    if rest and rest[0] == "":
        rest = rest[1:]
    return "\n".join(rest)


async def _typed_pick(
    body: str, relates: Mapping[str, Any], room_id: str, memory: ChoiceMemory, at: float
) -> tuple[str, PollRecord, int] | None:
    """A number typed as the answer to a poll of many choices (what its fallback text asks of
    a client without polls): the poll (the one the message replies to, else the latest still
    open in the room or thread, typed within a day and with no other choices offered there
    since: see :meth:`ChoiceMemory.open_pick`) and the index of the choice it presses, or
    None. ``at``: when the number was typed (seconds since the epoch)."""
    if render.TYPED_NUMBER.fullmatch(body.strip()) is None:
        return None
    in_reply = relates.get("m.in_reply_to")
    reply_to = in_reply.get("event_id") if isinstance(in_reply, Mapping) else None
    poll_id = reply_to if isinstance(reply_to, str) and reply_to else None
    poll = await memory.poll(poll_id) if poll_id else None
    if poll is None or not poll.pick:
        poll_id = await memory.open_pick(room_id, _thread_of(relates), at)
        poll = await memory.poll(poll_id) if poll_id else None
    if poll_id is None or poll is None or not poll.pick or poll.ended:
        return None
    index = render.typed_choice(body, len(poll.answers))
    return None if index is None else (poll_id, poll, index)


async def convert_event(
    source: Mapping[str, Any],
    room_id: str,
    room: MatrixRoom | None,
    memory: ChoiceMemory,
) -> Incoming | None:
    """One room event (its decrypted JSON) as a core event, or None if it means nothing to
    the bot (state events, edits, unknown reactions …)."""
    event_type = source.get("type")
    content = source.get("content") or {}
    sender = source.get("sender", "")
    event_id = source.get("event_id", "")
    relates = content.get("m.relates_to") or {}
    if event_type == "m.room.message":
        body = _text_of(content)
        files = file_of(content)
        if files and body is None:
            body = ""
        if body is None or relates.get("rel_type") == "m.replace":
            return None
        if "m.in_reply_to" in relates:
            body = _strip_reply_fallback(body)
        sent = _sent_at(source)
        typed_at = sent.timestamp() if sent is not None else time.time()
        if not files and (pressed := await _typed_pick(body, relates, room_id, memory, typed_at)):
            pick_id, pick, index = pressed
            return Action(
                chat=chat_ref(room, room_id, pick.thread),
                sender=user_ref(room, sender),
                ref=pick.answers[index],
                event_id=event_id,
                message_id=pick_id,
            )
        return Message(
            chat=chat_ref(room, room_id, _thread_of(relates)),
            sender=user_ref(room, sender),
            text=body,
            event_id=event_id,
            sent_at=_sent_at(source),
            message_id=event_id,
            files=files,
        )
    if event_type == "m.reaction":
        if relates.get("rel_type") != "m.annotation":
            return None
        target = relates.get("event_id", "")
        record = await memory.choices(target)
        if record is None:
            return None
        action = render.choice_for_reaction(str(relates.get("key", "")), record.actions)
        if action is None:
            return None
        return Action(
            chat=chat_ref(room, room_id, record.thread),
            sender=user_ref(room, sender),
            ref=action,
            event_id=event_id,
            message_id=target,
        )
    answers = render.poll_response_answers(str(event_type), content)
    if answers is not None:
        target = relates.get("event_id", "")
        poll = await memory.poll(target)
        if poll is None or poll.ended:
            return None
        selected = render.effective_selection(answers, poll.answers, poll.max_selections)
        if poll.pick and not selected:
            return None  # an answer taken back: there is no press to take back
        return Action(
            chat=chat_ref(room, room_id, poll.thread),
            sender=user_ref(room, sender),
            ref=selected[0] if poll.pick else poll.ref,
            event_id=event_id,
            selected=() if poll.pick else selected,
            message_id=target,
        )
    return None
