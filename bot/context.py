"""What a handler gets: who asks, in which group, a unit of work, the clock and ``reply()``."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from bot.errors import UsageError
from bot.events import Action, ChatRef, Choice, File, Message, Reply, SentRef, UserRef
from bot.i18n import Translator
from bot.roles import STRANGER, YOUTH, YOUTH_CHAT

if TYPE_CHECKING:
    from bot.services import Services
    from storage.models import Chat, Group, Identity, Person


@dataclass(frozen=True)
class Outgoing:
    """A message to send after the unit of work has committed.

    Either to a chat (``chat``) or to a person (``person_id``: their direct chat, else a
    mention in ``fallback``, with ``fallback_reply`` instead of ``reply`` when given: the text
    in that chat's language), or a replacement of a message sent earlier (``edit``).
    ``on_sent`` is awaited with the sent message's reference, so a handler can keep it to
    edit the message later (e.g. a round's announcement showing how many have voted).
    ``remove`` names someone's message in ``chat`` to take out of the chat first (a secret
    ballot typed in a group); ``reply`` says it was removed, ``kept`` is sent instead when the
    bot may not remove it. ``unless_removable``: sent to ``chat`` only when the platform says
    the bot may not remove messages there (a hint to give it that right). ``drop_choices``:
    the message whose buttons to take off (a one-time question answered by a press).
    ``accounts``: a person's platform accounts (and their direct chats, where known), read
    before the work erases them, so that a last message to someone being forgotten still
    finds them: the first direct chat that works gets it.
    """

    reply: Reply
    chat: ChatRef | None = None
    person_id: int | None = None
    fallback: ChatRef | None = None
    fallback_reply: Reply | None = None
    edit: SentRef | None = None
    on_sent: Callable[[SentRef], Awaitable[None]] | None = None
    remove: str | None = None
    kept: Reply | None = None
    unless_removable: bool = False
    drop_choices: SentRef | None = None
    accounts: tuple[tuple[UserRef, ChatRef | None], ...] = ()


@dataclass
class Context:
    """The per-command context; handlers never see a platform object."""

    message: Message
    session: AsyncSession
    services: Services
    tr: Translator
    command: str = ""
    typed: str = ""  # the command's name as the person typed it (/vorschlag or /propose)
    person: Person | None = None
    identity: Identity | None = None
    group: Group | None = None
    binding: Chat | None = None
    role: str = STRANGER
    params: dict[str, Any] = field(default_factory=dict)
    options: dict[str, str] = field(default_factory=dict)
    flags: set[str] = field(default_factory=set)
    outbox: list[Outgoing] = field(default_factory=list)
    action: Action | None = None
    groups: int = 0  # in a direct chat: how many steering groups the sender is in
    heading: str = ""  # in a direct chat of someone in several groups: the group answering
    # The message answered must not stay in a group chat (a secret ballot, a code everyone
    # could read): the dispatcher removes it where the bot may, and the answer, a refusal or
    # not, says whether it could.
    confidential: bool = False

    @property
    def as_typed(self) -> str:
        """The command as the person typed it, with its slash (``/vorschlag``), for hints that
        tell them what to type next."""
        return "/" + (self.typed or self.command)

    def headed(self, text: str) -> str:
        """``text`` under the name of the group it is about, when there is a heading."""
        return f"[{self.heading}]\n{text}" if self.heading else text

    @property
    def chat(self) -> ChatRef:
        return self.message.chat

    @property
    def sender(self) -> UserRef:
        return self.message.sender

    @property
    def is_direct(self) -> bool:
        return self.message.chat.is_direct

    @property
    def lang(self) -> str:
        return self.tr.lang

    @property
    def now(self) -> datetime:
        return self.services.clock.now()

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.group.tz if self.group else self.services.settings.tz)

    def speak(self, lang: str | None) -> None:
        """Answer in ``lang`` from here on: as "du" to a youth representative, to someone
        under 16 and to anyone in a youth chat who is not a member of the group; as "Sie" to
        everyone else (in German)."""
        informal = (
            self.role == YOUTH
            or (self.person is not None and self.person.is_minor)
            or (self.role == STRANGER and self.in_youth_chat)
        )
        self.tr = self.services.i18n(lang, informal=informal)

    @property
    def in_youth_chat(self) -> bool:
        """Whether this is a group's youth chat (bound with /bind youth)."""
        return self.binding is not None and self.binding.kind == YOUTH_CHAT

    @property
    def in_youth_lane(self) -> bool:
        """A youth representative, or anyone in a youth chat: their proposals are ideas for the
        steering group (moderated first), and help speaks of them so."""
        return self.role == YOUTH or self.in_youth_chat

    def t(self, message: str, /, **params: object) -> str:
        """Translate into the language of this chat or person."""
        return self.tr.t(message, **params)

    def tn(self, singular: str, plural: str, n: int, /, **params: object) -> str:
        return self.tr.tn(singular, plural, n, **params)

    def reply(
        self,
        text: str,
        *,
        choices: tuple[Choice, ...] = (),
        attachments: tuple[File, ...] = (),
        mention: tuple[UserRef, ...] = (),
        key: str | None = None,
        poll_max_selections: int | None = None,
        on_sent: Callable[[SentRef], Awaitable[None]] | None = None,
        choices_listed: bool = False,
        text_without_choices: str | None = None,
        edit_room: int = 0,
    ) -> None:
        """Answer in the chat the command came from (sent once the work is committed);
        ``on_sent`` gets the sent message's reference. ``choices_listed``,
        ``text_without_choices`` and ``edit_room``: as in :class:`~bot.events.Reply`."""
        self.outbox.append(
            Outgoing(
                Reply(
                    self.headed(text),
                    choices=choices,
                    attachments=attachments,
                    mention=mention,
                    in_reply_to=self.message.event_id,
                    key=key,
                    poll_max_selections=poll_max_selections,
                    choices_listed=choices_listed,
                    text_without_choices=None
                    if text_without_choices is None
                    else self.headed(text_without_choices),
                    edit_room=edit_room,
                ),
                chat=self.message.chat,
                on_sent=on_sent,
            )
        )

    def edit(self, ref: SentRef, reply: Reply) -> None:
        """Replace the text and choices of a message sent earlier, once the work is committed
        (skipped on platforms that cannot edit)."""
        self.outbox.append(Outgoing(reply, edit=ref))

    def send_to(
        self,
        chat: ChatRef,
        reply: Reply,
        *,
        on_sent: Callable[[SentRef], Awaitable[None]] | None = None,
    ) -> None:
        """Send to another chat once the work is committed; ``on_sent`` as for ``reply``."""
        self.outbox.append(Outgoing(reply, chat=chat, on_sent=on_sent))

    def hint_unless_removable(self, text: str) -> None:
        """Say ``text`` in this chat after commit, but only if the bot may not remove others'
        messages here (the platform is asked then, outside the unit of work)."""
        reply = Reply(self.headed(text))  # follows the answer; no second quote of the command
        self.outbox.append(Outgoing(reply, chat=self.message.chat, unless_removable=True))

    def send_to_person(
        self,
        person_id: int,
        reply: Reply,
        fallback: ChatRef | None,
        fallback_reply: Reply | None = None,
        *,
        on_sent: Callable[[SentRef], Awaitable[None]] | None = None,
    ) -> None:
        """Send to a person's direct chat (else mention them in ``fallback``, with
        ``fallback_reply`` when that chat speaks another language) after commit; ``on_sent``
        as for ``reply``."""
        self.outbox.append(
            Outgoing(
                reply,
                person_id=person_id,
                fallback=fallback,
                fallback_reply=fallback_reply,
                on_sent=on_sent,
            )
        )

    def send_to_accounts(
        self, accounts: tuple[tuple[UserRef, ChatRef | None], ...], reply: Reply
    ) -> None:
        """Send to the first of these accounts' direct chats that works, after commit: for a
        person whose accounts the work erases (``send_to_person`` would find none by then)."""
        self.outbox.append(Outgoing(reply, accounts=accounts))

    def require_person(self) -> Person:
        if self.person is None:
            raise UsageError("internal: no person")
        return self.person

    def require_group(self) -> Group:
        if self.group is None:
            raise UsageError("internal: no group")
        return self.group
