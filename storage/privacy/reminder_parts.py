"""Personal data parts for reminders: nudges to the person and their reminder settings.

Every reminder row that targets the person goes on erasure, pending or sent; sent reminders of
everyone go once they are older than ``Retention.sent_reminders`` (pending ones never).
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.i18n import N_
from storage.models import Group, Measure, PersonReminderSettings, Reminder, Round
from storage.privacy.erasure import iso
from storage.privacy.parts import Retention, affected

SENT_REMINDERS = "sent reminders"
# Planner details that point at a person (an escalation names the responsible one): someone
# else's data, left out of the export.
PERSON_DETAILS = frozenset({"responsible", "person", "person_id", "voter"})


async def _subject_numbers(session: AsyncSession) -> dict[tuple[str, int | None], int]:
    """The number people know a measure or round by, for its internal id."""
    found: dict[tuple[str, int | None], int] = {}
    for mid, number in (await session.execute(select(Measure.id, Measure.number))).all():
        found["measure", mid] = number
    for rid, number in (await session.execute(select(Round.id, Round.number))).all():
        found["round", rid] = number
    return found


def _details(payload: dict[str, Any], numbers: dict[tuple[str, int | None], int]) -> dict[str, Any]:
    """A reminder's details without anyone's id, its measure by number, not by database id."""
    details = {k: v for k, v in payload.items() if k not in PERSON_DETAILS}
    if "measure" in details:
        details["measure"] = numbers.get(("measure", details["measure"]), details["measure"])
    return details


class RemindersPart:
    """Nudges planned for or sent to the person."""

    name = "reminders"
    title = N_("Your reminders")

    async def export(self, session: AsyncSession, person_id: int) -> dict[str, Any]:
        groups = {g.id: g.name for g in await session.scalars(select(Group))}
        numbers = await _subject_numbers(session)
        rows = await session.scalars(
            select(Reminder)
            .where(Reminder.person_id == person_id)
            .order_by(Reminder.due_at, Reminder.id)
        )
        pending, sent = [], []
        for row in rows:
            item = {
                "group": groups.get(row.group_id, ""),
                "kind": row.kind,
                "subject": row.subject,
                "number": numbers.get((row.subject, row.subject_id)),
                "due": iso(row.due_at),
                # What the planner knew (dates, offsets, role), without anyone's id.
                "details": _details(json.loads(row.payload or "{}"), numbers),
            }
            if row.sent_at is None:
                pending.append(item)
            else:
                sent.append(item | {"sent": iso(row.sent_at), "outcome": row.outcome or ""})
        out: dict[str, Any] = {}
        if pending:
            out["pending"] = pending
        if sent:
            out["sent"] = sent
        return out

    async def erase(self, session: AsyncSession, person_id: int, now: datetime) -> None:
        await session.execute(delete(Reminder).where(Reminder.person_id == person_id))

    async def purge(
        self, session: AsyncSession, now: datetime, retention: Retention
    ) -> dict[str, int]:
        cutoff = now - retention.sent_reminders
        result = await session.execute(
            delete(Reminder).where(Reminder.sent_at.is_not(None), Reminder.sent_at < cutoff)
        )
        return {SENT_REMINDERS: affected(result)}


class ReminderSettingsPart:
    """The person's own reminder rules (/reminders)."""

    name = "reminder_settings"
    title = N_("Your reminder settings")

    async def export(self, session: AsyncSession, person_id: int) -> dict[str, Any]:
        found = await session.get(PersonReminderSettings, person_id)
        if found is None:
            return {}
        values = {
            "offsets": found.offsets,
            "overdue_days": found.overdue_days,
            "channel": found.channel,
            "quiet_start": found.quiet_start,
            "quiet_end": found.quiet_end,
            "skip_weekends": found.skip_weekends,
            "paused_until": iso(found.paused_until),
        }
        settings = {k: v for k, v in values.items() if v is not None}
        return {"settings": settings, "changed": iso(found.updated_at)}

    async def erase(self, session: AsyncSession, person_id: int, now: datetime) -> None:
        await session.execute(
            delete(PersonReminderSettings).where(PersonReminderSettings.person_id == person_id)
        )
