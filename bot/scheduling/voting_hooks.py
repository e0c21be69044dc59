"""The voting capability seen from the reminder engine: open rounds, one round, who has not
voted yet — read from the real ``rounds`` and ``participations`` tables.

Secret rounds are reminded too: ``participations`` says who has voted, never what, and no
ballot row carries a person (see ``storage/models/voting.py``).
"""

from __future__ import annotations

import dataclasses

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.scheduling.planner import RoundInfo
from storage.models import Measure, Round
from storage.repo import voting as repo


def _info(rnd: Round) -> RoundInfo:
    return RoundInfo(
        id=rnd.id,
        group_id=rnd.group_id,
        number=rnd.number,
        title=rnd.title,
        closes_at=rnd.closes_at,
        opens_at=rnd.opened_at,
    )


class RoundHooks:
    """``bot.scheduling.VotingHooks`` on the voting tables (``default_voting_hooks()``)."""

    async def open_rounds(self, session: AsyncSession, group_id: int) -> list[RoundInfo]:
        """The group's open rounds: soonest close first, then those without a closing time."""
        rows = await session.scalars(
            select(Round)
            .where(Round.group_id == group_id, Round.closed_at.is_(None))
            .order_by(Round.closes_at.is_(None), Round.closes_at, Round.number)
        )
        return [_info(r) for r in rows]

    async def round_info(self, session: AsyncSession, round_id: int) -> RoundInfo | None:
        """One open round with a closing time, or None (gone, closed, or no closing time)."""
        rnd = await session.get(Round, round_id, populate_existing=True)
        if rnd is None or rnd.closed_at is not None or rnd.closes_at is None:
            return None
        rows = await session.execute(
            select(Measure.id, Measure.number).where(Measure.id.in_(rnd.candidates))
        )
        found = {measure_id: number for measure_id, number in rows}
        return dataclasses.replace(
            _info(rnd),
            method=rnd.method,
            numbers=tuple(found[c] for c in rnd.candidates if c in found),
            points=rnd.points,
            cap=rnd.max_per_candidate,
        )

    async def non_voters(self, session: AsyncSession, round_id: int) -> list[int]:
        """Eligible people (not forgotten) who have not voted; [] once the round is closed."""
        rnd = await session.get(Round, round_id, populate_existing=True)
        if rnd is None or rnd.closed_at is not None:
            return []
        return [p.id for p in await repo.non_voters(session, rnd) if p.forgotten_at is None]
