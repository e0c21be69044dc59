"""The long-lived things a handler may use, built once in ``bot/app.py`` and passed down."""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass, field

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.clock import Clock
from bot.config import Settings
from bot.i18n import I18n
from bot.registry import Registry

CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def random_code(length: int = 8) -> str:
    """A code that is easy to read aloud and type (no 0/O, 1/I)."""
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))


@dataclass
class Services:
    """Settings, clock, translations, the command registry and the database sessions."""

    settings: Settings
    clock: Clock
    i18n: I18n
    registry: Registry
    sessions: async_sessionmaker[AsyncSession]
    new_code: Callable[[], str] = field(default=random_code)
    extras: dict[str, object] = field(default_factory=dict)
