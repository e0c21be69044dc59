"""Bookkeeping parts: handled event ids and adapter sync tokens.

Neither is linked to a person, but a platform may build an event id or a key from a chat id
that equals a user id (Telegram direct chats), so erasure removes rows that contain one.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import delete, or_, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.i18n import N_
from storage.models import Identity, ProcessedEvent, SyncToken
from storage.privacy.parts import Retention, affected
from storage.repo.system import person_round_notices

# Ids this short would match unrelated rows.
MIN_ID_LENGTH = 4


async def _ids_of(session: AsyncSession, person_id: int) -> list[str]:
    ids: set[str] = set()
    for identity in await session.scalars(select(Identity).where(Identity.person_id == person_id)):
        ids.update(s for s in (identity.user_id, identity.direct_chat_id) if s)
    return sorted(i for i in ids if len(i) >= MIN_ID_LENGTH)


def _contains(column: Any, value: str) -> Any:
    escaped = value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return column.like(f"%{escaped}%", escape="\\")


class ProcessedEventsPart:
    """Ids of handled platform events (kept for a while to ignore duplicate deliveries)."""

    name = "processed_events"
    title = N_("Handled message ids")

    async def export(self, session: AsyncSession, person_id: int) -> dict[str, Any]:
        return {}  # not linked to anyone

    async def erase(self, session: AsyncSession, person_id: int, now: datetime) -> None:
        ids = await _ids_of(session, person_id)
        if ids:
            await session.execute(
                delete(ProcessedEvent).where(
                    or_(*(_contains(ProcessedEvent.event_id, i) for i in ids))
                )
            )

    async def purge(
        self, session: AsyncSession, now: datetime, retention: Retention
    ) -> dict[str, int]:
        result = await session.execute(
            delete(ProcessedEvent).where(ProcessedEvent.processed_at < now - retention.event_ids)
        )
        return {"handled message ids": affected(result)}


class SyncTokensPart:
    """Durable adapter state (sync positions); normally nothing personal."""

    name = "sync_tokens"
    title = N_("Adapter state")

    async def export(self, session: AsyncSession, person_id: int) -> dict[str, Any]:
        return {}

    async def erase(self, session: AsyncSession, person_id: int, now: datetime) -> None:
        # Where their round notices went (a direct chat's id) goes with them, not at the close.
        await session.execute(delete(SyncToken).where(person_round_notices(person_id)))
        ids = await _ids_of(session, person_id)
        if ids:
            await session.execute(
                delete(SyncToken).where(
                    or_(
                        *(_contains(SyncToken.key, i) for i in ids),
                        *(_contains(SyncToken.value, i) for i in ids),
                    )
                )
            )
