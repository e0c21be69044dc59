"""Personal data part for a list of measures sent in the chat and not yet imported: the file
is the coordinator's own until it is imported (then it is measures of the group), so it goes
on /forget and once it expires."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.i18n import N_
from storage.models import ImportDraft
from storage.privacy.parts import Retention, affected


class ImportDraftsPart:
    """A list of measures sent with /import, waiting for its confirmation."""

    name = "import_draft"
    title = N_("Your list of measures waiting to be imported")

    async def export(self, session: AsyncSession, person_id: int) -> dict[str, Any]:
        found = await session.scalar(select(ImportDraft).where(ImportDraft.person_id == person_id))
        if found is None:
            return {}
        return {
            "file": found.file_name,
            "bytes": len(found.data or b""),
            "started": found.created_at.isoformat(),
            "expires": found.expires_at.isoformat(),
        }

    async def erase(self, session: AsyncSession, person_id: int, now: datetime) -> None:
        await session.execute(delete(ImportDraft).where(ImportDraft.person_id == person_id))

    async def purge(
        self, session: AsyncSession, now: datetime, retention: Retention
    ) -> dict[str, int]:
        """An import not confirmed in time is over; its file goes with it."""
        result = await session.execute(delete(ImportDraft).where(ImportDraft.expires_at <= now))
        return {"expired imports": affected(result)}
