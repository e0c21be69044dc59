"""The long-lived things a handler may use, built once in ``bot/app.py`` and passed down."""

from __future__ import annotations

import secrets
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.clock import Clock
from bot.config import Settings
from bot.i18n import I18n
from bot.parsing import typed_code
from bot.registry import Registry

if TYPE_CHECKING:
    from bot.context import Outgoing
    from bot.events import IncomingFile, SentRef
    from storage.repo.context_cache import ContextCache

Deliver = Callable[[list["Outgoing"]], Awaitable[None]]
SendNow = Callable[["Outgoing"], Awaitable["SentRef | None"]]
Fetch = Callable[[str, "IncomingFile", int], Awaitable[bytes]]


async def _no_delivery(outgoing: list[Outgoing]) -> None:
    raise RuntimeError("no messenger wired (bot/app.py sets Services.deliver)")


async def _no_send(item: Outgoing) -> SentRef | None:
    raise RuntimeError("no messenger wired (bot/app.py sets Services.send_now)")


async def _no_fetch(platform: str, file: IncomingFile, limit: int) -> bytes:
    raise RuntimeError("no messenger wired (bot/app.py sets Services.fetch)")


CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 8


def pasted_code(word: str) -> str | None:
    """The invitation code ``word`` looks like as typed or copied (``k7x-2abc.`` → ``K7X2ABC``
    when it has the length), or None: a code has letters and digits of the code alphabet."""
    code = typed_code(word)
    if (
        len(code) == CODE_LENGTH
        and all(ch in CODE_ALPHABET for ch in code)
        and any(ch.isdecimal() for ch in code)
        and any(ch.isalpha() for ch in code)
    ):
        return code
    return None


def random_code(length: int = CODE_LENGTH) -> str:
    """A code that is easy to read aloud and type (no 0/O, 1/I)."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))


@dataclass
class Services:
    """Settings, clock, translations, the command registry, the database sessions,
    ``deliver`` (send a list of :class:`~bot.context.Outgoing` now, logging what could not be
    delivered), ``send_now`` (send one item, raising ``DeliveryFailed`` when it could not be
    delivered: for background jobs that keep what they must send until it went out; it
    returns the sent message, None when it went to the coordinators instead),
    ``fetch`` (the bytes of a file someone sent, through its platform's adapter) and, on
    SQLite, the dispatcher's context cache."""

    settings: Settings
    clock: Clock
    i18n: I18n
    registry: Registry
    sessions: async_sessionmaker[AsyncSession]
    new_code: Callable[[], str] = field(default=random_code)
    deliver: Deliver = field(default=_no_delivery)
    send_now: SendNow = field(default=_no_send)
    fetch: Fetch = field(default=_no_fetch)
    context_cache: ContextCache | None = None
    extras: dict[str, Any] = field(default_factory=dict)
