"""Personal data parts for voting: ballots of open (not secret) rounds and participations.

A secret round's ballot has no link to its voter, so it is not exported: it is nobody's data.
While its round is still open, only the voter's participation holds its key, so that erasure
takes it out then (the vote goes with the person, as in other rounds); once closed, nothing
links it to anyone and it stays. An open round's ballot names its voter: erasure deletes it
while the round is still running and unlinks it once the round is closed (the closed result is
the group's record and is tallied from its ballots, so it must not change).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.ext.asyncio import AsyncSession

from bot.ballots import renumbered
from bot.i18n import N_, I18n
from storage.models import Ballot, Measure, Participation, Round
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


class BallotsPart:
    """The person's ballots in open (not secret) rounds; rounds they opened are unlinked."""

    name = "ballots"
    title = N_("Your votes in open rounds")

    def __init__(self, i18n: I18n) -> None:
        self.i18n = i18n

    async def export(self, session: AsyncSession, person_id: int) -> dict[str, Any]:
        groups = await group_names(session)
        rows = await session.execute(
            select(Ballot, Round)
            .join(Round, Round.id == Ballot.round_id)
            .where(Ballot.voter_id == person_id)
            .order_by(Round.group_id, Round.number)
        )
        pairs = rows.all()
        candidates = {c for _, r in pairs for c in r.candidates}
        found = await session.execute(
            select(Measure.id, Measure.number).where(Measure.id.in_(candidates))
        )
        numbers: dict[int, int] = {measure_id: number for measure_id, number in found}
        votes = [
            {
                "group": groups.get(r.group_id, ""),
                "round": r.number,
                "title": r.title,
                "method": r.method,
                # What the person chose, nothing else, by measure number.
                "choices": renumbered(b.content, numbers),
                "at": iso(b.updated_at),
                "round_closed": r.closed_at is not None,
            }
            for b, r in pairs
        ]
        return {"open_rounds": votes} if votes else {}

    async def erase(self, session: AsyncSession, person_id: int, now: datetime) -> None:
        running = select(Round.id).where(Round.closed_at.is_(None))
        await session.execute(
            delete(Ballot).where(Ballot.voter_id == person_id, Ballot.round_id.in_(running))
        )
        # Closed rounds keep the vote as an anonymous ballot (like a secret one), so their
        # result does not change; nothing links it to anyone any more.
        await session.execute(
            update(Ballot)
            .where(Ballot.voter_id == person_id)
            .values(voter_id=None, updated_at=None)
        )
        names = await names_of(session, person_id)
        groups = await related_group_ids(session, person_id)
        await session.execute(
            update(Round).where(Round.opened_by == person_id).values(opened_by=None)
        )
        if not names or not groups:
            return
        replacement_in = await former_member(session, self.i18n)
        for rnd in await session.scalars(select(Round).where(Round.group_id.in_(groups))):
            if rnd.title and mentions_any(rnd.title, names):
                replacement = replacement_in(rnd.group_id)
                rnd.title = scrub(rnd.title, names, replacement)[:200]

    async def purge(
        self, session: AsyncSession, now: datetime, retention: Retention
    ) -> dict[str, int]:
        """Ballots of closed groups stay for their results, without a link to a voter."""
        from storage.privacy.retention import closed_groups_due

        due = await closed_groups_due(session, now, retention)
        if not due:
            return {"ballots unlinked from people": 0}
        rounds = select(Round.id).where(Round.group_id.in_(due))
        result = await session.execute(
            update(Ballot)
            .where(Ballot.round_id.in_(rounds), Ballot.voter_id.is_not(None))
            .values(voter_id=None, updated_at=None)
        )
        await session.execute(
            update(Round)
            .where(Round.group_id.in_(due), Round.opened_by.is_not(None))
            .values(opened_by=None)
        )
        return {"ballots unlinked from people": affected(result)}


class ParticipationsPart:
    """That the person has voted in a round (open or secret), never what."""

    name = "participations"
    title = N_("Rounds you voted in")

    async def export(self, session: AsyncSession, person_id: int) -> dict[str, Any]:
        groups = await group_names(session)
        rows = await session.execute(
            select(Participation, Round)
            .join(Round, Round.id == Participation.round_id)
            .where(Participation.person_id == person_id)
            .order_by(Round.group_id, Round.number)
        )
        voted = [
            {
                "group": groups.get(r.group_id, ""),
                "round": r.number,
                "title": r.title,
                "secret": r.secret,
                "at": iso(p.voted_at),
            }
            for p, r in rows.all()
        ]
        return {"voted_in": voted} if voted else {}

    async def erase(self, session: AsyncSession, person_id: int, now: datetime) -> None:
        # A secret ballot in a round still open goes with the person, as an open one does:
        # their participation holds its key until the close (then nothing links it any more).
        linked = select(Participation.ballot_token).where(
            Participation.person_id == person_id, Participation.ballot_token.is_not(None)
        )
        running = select(Round.id).where(Round.closed_at.is_(None))
        await session.execute(
            delete(Ballot).where(Ballot.token.in_(linked), Ballot.round_id.in_(running))
        )
        await session.execute(delete(Participation).where(Participation.person_id == person_id))

    async def purge(
        self, session: AsyncSession, now: datetime, retention: Retention
    ) -> dict[str, int]:
        from storage.privacy.retention import closed_groups_due

        due = await closed_groups_due(session, now, retention)
        if not due:
            return {"participations of closed groups": 0}
        rounds = select(Round.id).where(Round.group_id.in_(due))
        result = await session.execute(
            delete(Participation).where(Participation.round_id.in_(rounds))
        )
        return {"participations of closed groups": affected(result)}
