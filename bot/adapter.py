"""The adapter protocol and the errors adapters report upward."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Protocol, runtime_checkable

from bot.events import Capabilities, ChatRef, Incoming, IncomingFile, Reply, SentRef, UserRef

Sink = Callable[[Incoming], Awaitable[None]]


class RateLimited(Exception):
    """The platform asked us to wait ``retry_after`` seconds before sending again."""

    def __init__(self, retry_after: float) -> None:
        super().__init__(f"rate limited, retry after {retry_after:.1f}s")
        self.retry_after = retry_after


class DeliveryFailed(Exception):
    """A message could not be delivered and retrying will not help (blocked, chat gone).

    ``shut_out``: the platform refuses the bot the chat itself (removed from it, not allowed
    to write, the chat is gone), as opposed to refusing this one message."""

    def __init__(self, reason: str, *, permanent: bool = True, shut_out: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.permanent = permanent
        self.shut_out = shut_out


class FileUnavailable(Exception):
    """A file someone sent could not be fetched: ``too_large`` when it is over the limit the
    core gave, otherwise it is gone or the platform did not hand it out."""

    def __init__(self, reason: str, *, too_large: bool = False) -> None:
        super().__init__(reason)
        self.reason = reason
        self.too_large = too_large


class StartFailed(Exception):
    """A platform could not start: wrong credentials, a server that cannot be reached, a port
    that is taken. The message is one line for whoever runs the bot and names the setting to
    check; it never holds a secret."""


@runtime_checkable
class Adapter(Protocol):
    """A chat platform. It translates, nothing more."""

    name: str
    capabilities: Capabilities

    async def start(self, sink: Sink) -> None:
        """Start receiving; every incoming event is awaited through ``sink``. Raises
        :class:`StartFailed` when the platform cannot be used with the settings given."""

    async def stop(self) -> None:
        """Stop receiving and release resources."""

    async def send(self, chat: ChatRef, reply: Reply) -> SentRef:
        """Send a reply; split it if it is over the platform limit."""

    async def edit(self, ref: SentRef, reply: Reply) -> None:
        """Replace the text (and choices) of a message sent earlier."""

    async def drop_choices(self, ref: SentRef) -> None:
        """Take the buttons off a message sent earlier whose question was answered (Matrix:
        the bot's number reactions; the numbered text stays). Called where the platform has
        buttons or reactions. Best effort: a message the platform no longer lets edit keeps
        them; never raises."""

    async def direct_chat(self, user: UserRef) -> ChatRef | None:
        """The direct chat with ``user`` (created if the platform allows), or None."""

    async def remove(self, chat: ChatRef, message_id: str) -> bool:
        """Remove someone's message from ``chat`` (Telegram deletes it, Matrix redacts it).
        False when the bot may not (no admin right, too low a power level), the platform
        cannot, or the platform did not answer; never raises."""

    async def fetch(self, file: IncomingFile, limit: int) -> bytes:
        """The bytes of a file someone sent (decrypted where the room is encrypted); raises
        :class:`FileUnavailable` (``too_large`` past ``limit`` bytes, without fetching more)."""

    async def can_remove(self, chat: ChatRef) -> bool | None:
        """Whether the bot may remove others' messages in ``chat`` now (asked of the platform:
        Telegram's administrator right to delete, Matrix's power level to redact); None when
        the platform did not say."""


class CommandInfo(Protocol):
    """What an adapter needs to publish a command (Telegram ``setMyCommands``)."""

    name: str

    def name_in(self, lang: str) -> str:
        """The name readers of ``lang`` are shown (``vorschlag`` in German); ``name`` works too."""

    def description(self, lang: str) -> str:
        """One-line description in ``lang``."""
