"""Processed platform events and the durable key-value store handed to adapters."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.clock import Clock
from storage.models import ProcessedEvent, SyncToken


def round_notice_key(round_id: int, person_id: int) -> str:
    """Where the reference of a round's notice with buttons in a youth representative's direct
    chat is kept, to take the buttons off once the round closes (a person's: erased with
    them, :func:`person_round_notices`)."""
    return f"{round_notices(round_id)}{person_id}"


def round_notices(round_id: int) -> str:
    """The start of the keys of ``round_id``'s notices (:func:`round_notice_key`)."""
    return f"round-notice:{round_id}:"


def person_round_notices(person_id: int) -> Any:
    """The condition on ``sync_tokens`` rows that are ``person_id``'s round notices."""
    return SyncToken.key.like(f"round-notice:%:{person_id}")


async def was_processed(session: AsyncSession, platform: str, event_id: str) -> bool:
    found = await session.get(ProcessedEvent, (platform, event_id))
    return found is not None


async def delete_keys(session: AsyncSession, keys: list[str]) -> None:
    """Remove entries of the key-value store (in the caller's transaction)."""
    await session.execute(delete(SyncToken).where(SyncToken.key.in_(keys)))


async def take_key(session: AsyncSession, key: str) -> bool:
    """Delete one entry of the key-value store (in the caller's transaction); whether this
    deleted it: of processes taking the same mark at once, one does."""
    result = await session.execute(delete(SyncToken).where(SyncToken.key == key))
    return bool(getattr(result, "rowcount", 0))


async def values_starting(session: AsyncSession, prefix: str) -> dict[str, str]:
    """The entries of the key-value store whose keys start with ``prefix`` (not empty): the
    keys from ``prefix`` up to the first one past all of them, a range of the primary key's
    index (keys in byte order: migration 0022). ``LIKE prefix || '%'`` with the prefix bound
    would read the whole table on PostgreSQL, at every tick of the recount job."""
    past = prefix[:-1] + chr(ord(prefix[-1]) + 1)  # "round-recount:" -> "round-recount;"
    rows = await session.execute(
        select(SyncToken.key, SyncToken.value).where(SyncToken.key >= prefix, SyncToken.key < past)
    )
    return {key: value for key, value in rows.all()}


class DatabaseKeyValueStore:
    """:class:`bot.state.KeyValueStore` on the ``sync_tokens`` table; every set commits."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession], clock: Clock) -> None:
        self._sessions = sessions
        self._clock = clock

    async def get(self, key: str) -> str | None:
        async with self._sessions() as session:
            return await session.scalar(select(SyncToken.value).where(SyncToken.key == key))

    async def set(self, key: str, value: str) -> None:
        async with self._sessions() as session, session.begin():
            row = await session.get(SyncToken, key)
            if row is None:
                session.add(SyncToken(key=key, value=value, updated_at=self._clock.now()))
            else:
                row.value = value
                row.updated_at = self._clock.now()
