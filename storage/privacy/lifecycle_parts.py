"""Personal data parts for the youth lane and linking: youth ideas, youth preferences, link
codes, and the milestones a person wrote.

Youth ideas and milestones are the group's record and stay: erasure unlinks the person and
replaces their names where someone typed them into the text (like the measures part).
Preferences and link codes are the person's own and go.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.i18n import N_, I18n
from storage.models import LinkCode, Measure, Milestone, Person, YouthIdea, YouthPreference
from storage.privacy.erasure import (
    former_member,
    group_names,
    iso,
    mentions_any,
    names_of,
    related_group_ids,
    scrub,
)
from storage.privacy.parts import Retention, affected


class YouthIdeasPart:
    """Ideas the person put into the youth queue (and decisions they took on ideas)."""

    name = "youth_ideas"
    title = N_("Your youth ideas")

    def __init__(self, i18n: I18n) -> None:
        self.i18n = i18n

    async def export(self, session: AsyncSession, person_id: int) -> dict[str, Any]:
        groups = await group_names(session)
        person = await session.get(Person, person_id)
        # A minor whose name is hidden is "Youth representation" with every idea, whatever the
        # idea's own flag (/anonymous, or sent before joining) says.
        hidden = person is not None and person.is_minor and not person.show_name
        ideas = [
            {
                "group": groups.get(i.group_id, ""),
                "number": i.number,
                "title": i.title,
                "description": i.description,
                "shown_to_group": _shown_as(i.anonymous, hidden),
                "state": i.state,
                "reason": i.reason,
                "proposed": iso(i.created_at),
                "decided": iso(i.decided_at),
            }
            for i in await session.scalars(
                select(YouthIdea).where(YouthIdea.proposer_id == person_id).order_by(YouthIdea.id)
            )
        ]
        return {"proposed": ideas} if ideas else {}

    async def erase(self, session: AsyncSession, person_id: int, now: datetime) -> None:
        names = await names_of(session, person_id)
        groups = await related_group_ids(session, person_id)
        groups.update(
            await session.scalars(
                select(YouthIdea.group_id).where(YouthIdea.proposer_id == person_id)
            )
        )
        await session.execute(
            update(YouthIdea).where(YouthIdea.proposer_id == person_id).values(proposer_id=None)
        )
        await session.execute(
            update(YouthIdea).where(YouthIdea.decided_by == person_id).values(decided_by=None)
        )
        if not names or not groups:
            return
        replacement_in = await former_member(session, self.i18n)
        for idea in await session.scalars(select(YouthIdea).where(YouthIdea.group_id.in_(groups))):
            replacement = replacement_in(idea.group_id)
            for column, limit in (("title", 200), ("description", None), ("reason", None)):
                value = getattr(idea, column)
                if value and mentions_any(value, names):
                    scrubbed = scrub(value, names, replacement)
                    setattr(idea, column, scrubbed[:limit] if limit else scrubbed)

    async def purge(
        self, session: AsyncSession, now: datetime, retention: Retention
    ) -> dict[str, int]:
        from storage.privacy.retention import unlink_in_closed_groups

        return await unlink_in_closed_groups(
            session,
            now,
            retention,
            YouthIdea,
            ("proposer_id", "decided_by"),
            "youth ideas unlinked from people",
        )


def _shown_as(anonymous: bool, hidden_minor: bool) -> str:
    """How the steering group sees the proposer of an idea, as a code the text export names."""
    if hidden_minor:
        return "pseudonym_under_16"
    return "pseudonym" if anonymous else "name"


class YouthPreferencePart:
    """Whether a youth representative shows their name or only "Youth representation"."""

    name = "youth_preference"
    title = N_("Your name setting as a youth representative")

    async def export(self, session: AsyncSession, person_id: int) -> dict[str, Any]:
        found = await session.get(YouthPreference, person_id)
        return {"anonymous": found.anonymous} if found is not None else {}

    async def erase(self, session: AsyncSession, person_id: int, now: datetime) -> None:
        await session.execute(delete(YouthPreference).where(YouthPreference.person_id == person_id))


class LinkCodesPart:
    """One-time codes to link another platform account (/link)."""

    name = "link_codes"
    title = N_("Your link codes")

    async def export(self, session: AsyncSession, person_id: int) -> dict[str, Any]:
        codes = [
            {
                "code": c.code,
                "platform": c.platform,
                "created": iso(c.created_at),
                "expires": iso(c.expires_at),
                "used": c.used_at is not None,
            }
            for c in await session.scalars(
                select(LinkCode).where(LinkCode.person_id == person_id).order_by(LinkCode.id)
            )
        ]
        return {"codes": codes} if codes else {}

    async def erase(self, session: AsyncSession, person_id: int, now: datetime) -> None:
        await session.execute(delete(LinkCode).where(LinkCode.person_id == person_id))

    async def purge(
        self, session: AsyncSession, now: datetime, retention: Retention
    ) -> dict[str, int]:
        """A code is of no use once it expired (used or not)."""
        result = await session.execute(delete(LinkCode).where(LinkCode.expires_at <= now))
        return {"expired link codes": affected(result)}


class MilestonesPart:
    """Milestones the person added to measures (they stay as the group's record)."""

    name = "milestones"
    title = N_("Milestones you added")

    def __init__(self, i18n: I18n) -> None:
        self.i18n = i18n

    async def export(self, session: AsyncSession, person_id: int) -> dict[str, Any]:
        groups = await group_names(session)
        rows = await session.execute(
            select(Milestone, Measure.number, Measure.group_id)
            .join(Measure, Measure.id == Milestone.measure_id)
            .where(Milestone.created_by == person_id)
            .order_by(Milestone.due_on, Milestone.id)
        )
        stones = [
            {
                "group": groups.get(g, ""),
                "measure": number,
                "date": stone.due_on.isoformat(),
                "text": stone.text,
            }
            for stone, number, g in rows.all()
        ]
        return {"added": stones} if stones else {}

    async def erase(self, session: AsyncSession, person_id: int, now: datetime) -> None:
        names = await names_of(session, person_id)
        groups = await related_group_ids(session, person_id)
        await session.execute(
            update(Milestone).where(Milestone.created_by == person_id).values(created_by=None)
        )
        if not names or not groups:
            return
        replacement_in = await former_member(session, self.i18n)
        rows = await session.execute(
            select(Milestone, Measure.group_id)
            .join(Measure, Measure.id == Milestone.measure_id)
            .where(Measure.group_id.in_(groups))
        )
        for stone, group_id in rows.all():
            if stone.text and mentions_any(stone.text, names):
                replacement = replacement_in(group_id)
                stone.text = scrub(stone.text, names, replacement)[:200]

    async def purge(
        self, session: AsyncSession, now: datetime, retention: Retention
    ) -> dict[str, int]:
        from storage.privacy.retention import closed_groups_due

        due = await closed_groups_due(session, now, retention)
        if not due:
            return {"milestones unlinked from people": 0}
        measures = select(Measure.id).where(Measure.group_id.in_(due))
        result = await session.execute(
            update(Milestone)
            .where(Milestone.measure_id.in_(measures), Milestone.created_by.is_not(None))
            .values(created_by=None)
        )
        return {"milestones unlinked from people": affected(result)}
