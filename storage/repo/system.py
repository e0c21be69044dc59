"""Processed platform events and the durable key-value store handed to adapters."""

from __future__ import annotations

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.clock import Clock
from storage.models import ProcessedEvent, SyncToken


async def was_processed(session: AsyncSession, platform: str, event_id: str) -> bool:
    found = await session.get(ProcessedEvent, (platform, event_id))
    return found is not None


async def delete_keys(session: AsyncSession, keys: list[str]) -> None:
    """Remove entries of the key-value store (in the caller's transaction)."""
    await session.execute(delete(SyncToken).where(SyncToken.key.in_(keys)))


async def values_starting(session: AsyncSession, prefix: str) -> dict[str, str]:
    """The entries of the key-value store whose keys start with ``prefix``."""
    rows = await session.execute(
        select(SyncToken.key, SyncToken.value).where(
            SyncToken.key.startswith(prefix, autoescape=True)
        )
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
