"""The adapter seam: frozen dataclasses that cross between platform adapters and the core.

Adapters translate platform objects into these and back; the core never sees a platform object.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True, slots=True)
class ChatRef:
    """A chat on a platform: a group chat/room or the direct chat of one user with the bot."""

    platform: str
    chat_id: str
    is_direct: bool = False
    thread_id: str | None = None

    def same_chat(self, other: ChatRef) -> bool:
        """Whether ``other`` is this chat, whatever thread or flags either reference carries."""
        return (self.platform, self.chat_id) == (other.platform, other.chat_id)


@dataclass(frozen=True, slots=True)
class UserRef:
    """A user on a platform."""

    platform: str
    user_id: str
    display_name: str = ""


@dataclass(frozen=True, slots=True)
class IncomingFile:
    """A file someone sent (a Telegram document, a Matrix ``m.file``), described, not fetched.

    ``ref`` is the adapter's own handle for :meth:`~bot.adapter.Adapter.fetch` (opaque to the
    core); ``size`` is what the platform says (None: it did not say). For a command that takes
    files the dispatcher fetches the bytes before the unit of work and fills ``data``, or
    ``problem`` (:data:`TOO_LARGE` or :data:`UNAVAILABLE`) when it could not."""

    name: str
    ref: str
    mime_type: str = "application/octet-stream"
    size: int | None = None
    data: bytes | None = None
    problem: str | None = None


TOO_LARGE = "too_large"
UNAVAILABLE = "unavailable"


@dataclass(frozen=True, slots=True)
class Message:
    """An incoming text message. ``message_id`` is the platform's id of the message itself
    (Telegram's message id, Matrix's event id), for removing it from the chat; ``None`` where
    there is none. ``files``: a file sent with it (the text is then its caption, maybe empty)."""

    chat: ChatRef
    sender: UserRef
    text: str
    event_id: str
    sent_at: datetime | None = None
    message_id: str | None = None
    files: tuple[IncomingFile, ...] = ()


@dataclass(frozen=True, slots=True)
class Action:
    """An incoming button press, reaction or poll answer.

    ``ref`` is the action string of the :class:`Choice` that was pressed (the core put it there)
    for a button or a reaction. For a poll answer ``ref`` is the poll message's
    :attr:`Reply.key` and ``selected`` holds the action strings of every answer now selected
    (a person's latest poll response replaces the earlier one).
    """

    chat: ChatRef
    sender: UserRef
    ref: str
    event_id: str
    selected: tuple[str, ...] = ()
    message_id: str | None = None


@dataclass(frozen=True, slots=True)
class Choice:
    """One option the user can pick; ``action`` is fed back as :attr:`Action.ref`.

    With ``opens_direct`` it is no answer but a way into the direct chat with the bot, where
    ``action`` is run as the command ``/<action>`` (Telegram: a ``t.me`` link, because the bot
    may not write first to someone who never wrote to it). Platforms without
    :attr:`Capabilities.direct_links` do not show it: there the bot opens direct chats itself.
    """

    label: str
    action: str
    opens_direct: bool = False


@dataclass(frozen=True, slots=True)
class File:
    """An attachment: bytes plus a file name and a MIME type."""

    name: str
    data: bytes
    mime_type: str = "application/octet-stream"
    caption: str = ""

    @property
    def is_image(self) -> bool:
        return self.mime_type.startswith("image/")


@dataclass(frozen=True, slots=True)
class Reply:
    """An outgoing message: plain text (adapters escape and format it), optional choices,
    attachments and mentions.

    ``in_reply_to`` names the incoming event this answers (Matrix renders a reply relation).
    ``key`` makes a send idempotent: an adapter derives its transaction id from it.
    ``poll_max_selections``: when set and the platform has polls, render ``choices`` as a poll
    (Matrix MSC3381) allowing that many selections; otherwise as buttons / a numbered list.
    ``choices_listed``: the text lists the choices already (a platform that shows choices as a
    numbered list below the text does not list them again). ``text_without_choices``: the text
    to show instead where the platform cannot offer this many choices
    (:attr:`Capabilities.max_choices`) and the choices are left off (it does not say to tap).
    ``edit_room``: characters each part of a long message leaves free, for a message edited
    later to say more (a round's announcement gaining its count). ``sent``: in an edit, the
    reply the message was sent as: a message sent in parts has only its last part edited, and
    the lines its earlier parts show are left out of the edit (nothing shown twice or lost).
    """

    text: str
    choices: tuple[Choice, ...] = ()
    attachments: tuple[File, ...] = ()
    mention: tuple[UserRef, ...] = ()
    notice: bool = True
    in_reply_to: str | None = None
    key: str | None = None
    poll_max_selections: int | None = None
    choices_listed: bool = False
    text_without_choices: str | None = None
    edit_room: int = 0
    sent: Reply | None = None


@dataclass(frozen=True, slots=True)
class SentRef:
    """What an adapter returns for a sent message, so it can be edited later."""

    chat: ChatRef
    message_id: str

    def stored(self) -> list[str | None]:
        """The reference as kept in the key-value store to edit the message later:
        ``[platform, chat id, thread id, message id]`` (:meth:`from_stored` reads it back)."""
        return [self.chat.platform, self.chat.chat_id, self.chat.thread_id, self.message_id]

    @classmethod
    def from_stored(cls, item: Sequence[str | None]) -> SentRef:
        """A reference kept by :meth:`stored` (the first four items of ``item``)."""
        platform, chat_id, thread_id, message_id = item[:4]
        return cls(ChatRef(str(platform), str(chat_id), thread_id=thread_id), str(message_id))


Incoming = Message | Action


@dataclass(frozen=True, slots=True)
class Capabilities:
    """What a platform can do; the core adapts its output to it."""

    max_text_length: int = 4096
    buttons: bool = False
    polls: bool = False
    reactions: bool = False
    edits: bool = False
    images: bool = False
    markdown: str = "plain"
    direct_links: bool = False  # shows Choice(opens_direct=True) as a link into the direct chat
    # The most choices one message can offer (None: no limit); a reply with more is sent
    # without them (see Reply.text_without_choices), and people answer by typing.
    max_choices: int | None = None
    extra: dict[str, object] = field(default_factory=dict)
