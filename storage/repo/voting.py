"""Rounds, ballots and participations: the queries and race-safe writes voting needs.

Writes that two events may race for (the same person voting twice at once, fifty people at
once) are single statements against unique constraints (``INSERT … ON CONFLICT``), so the
database, not the application, keeps one ballot per voter on both backends.
"""

from __future__ import annotations

import functools
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any, cast

from sqlalchemy import Select, Table, bindparam, delete, func, or_, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession

from bot.roles import CONTRIBUTORS
from storage.models import Ballot, Group, Membership, Participation, Person, Round, SyncToken
from storage.privacy.parts import affected


def _dialect(session: AsyncSession) -> str:
    return session.get_bind().dialect.name


def _insert(dialect: str, model: Any) -> Any:
    """A dialect ``INSERT`` that knows ``ON CONFLICT`` (SQLite and PostgreSQL), on the table
    itself: a plain statement, without the ORM's bulk-insert machinery (a third of a vote's
    time went there). Callers build it once (``functools.cache``) and pass the values as
    parameters: building a statement costs about as much as running it on SQLite."""
    return (postgresql.insert if dialect == "postgresql" else sqlite.insert)(model.__table__)


def new_token() -> str:
    """A random ballot key: says nothing about who voted or when."""
    return secrets.token_hex(16)


async def next_round_number(session: AsyncSession, group_id: int) -> int:
    """The next round number of a group, safe when two rounds are opened at once: a no-op
    ``UPDATE`` of the group row first takes its row lock (PostgreSQL) or the write lock
    (SQLite), so a second opener waits until the first has committed and then counts its
    round too. (The unique constraint stays as the last guard.)"""
    groups = cast(Table, Group.__table__)
    await session.execute(
        update(groups).where(groups.c.id == group_id).values(measure_seq=groups.c.measure_seq)
    )
    highest = await session.scalar(select(func.max(Round.number)).where(Round.group_id == group_id))
    return int(highest or 0) + 1


async def latest_round_number(session: AsyncSession, group_id: int) -> int | None:
    """The number of the group's newest round, None before its first (a read: no lock)."""
    highest = await session.scalar(select(func.max(Round.number)).where(Round.group_id == group_id))
    return int(highest) if highest is not None else None


async def open_rounds(session: AsyncSession, group_id: int, now: datetime) -> list[Round]:
    """The group's rounds still taking ballots, by number."""
    rows = await session.scalars(
        select(Round)
        .where(
            Round.group_id == group_id,
            Round.closed_at.is_(None),
            or_(Round.closes_at.is_(None), Round.closes_at > now),
        )
        .order_by(Round.number)
    )
    return list(rows)


async def closed_rounds(session: AsyncSession, group_id: int) -> list[Round]:
    """The group's closed rounds, the last closed first."""
    rows = await session.scalars(
        select(Round)
        .where(Round.group_id == group_id, Round.closed_at.is_not(None))
        .order_by(Round.closed_at.desc(), Round.number.desc())
    )
    return list(rows)


async def round_by_number(
    session: AsyncSession, group_id: int, number: int, *, lock: bool = False, share: bool = False
) -> Round | None:
    """A group's round; ``lock`` takes a row lock (PostgreSQL) so a close waits for votes,
    ``share`` a shared one so voting and closing do not overlap."""
    values = {"group_id": group_id, "number": number}
    return await session.scalar(_round_by_number(lock, share), values)


@functools.cache
def _round_by_number(lock: bool, share: bool) -> Select[Round]:
    query = select(Round).where(
        Round.group_id == bindparam("group_id"), Round.number == bindparam("number")
    )
    if lock:
        query = query.with_for_update()
    elif share:
        query = query.with_for_update(read=True)
    return query.execution_options(populate_existing=True)


async def round_by_id(session: AsyncSession, round_id: int, *, share: bool = False) -> Round | None:
    """A round by id; ``share`` takes a shared lock so voting and closing do not overlap."""
    query = select(Round).where(Round.id == round_id)
    if share:
        query = query.with_for_update(read=True)
    return await session.scalar(query.execution_options(populate_existing=True))


async def due_round_ids(session: AsyncSession, now: datetime) -> list[int]:
    """Open rounds whose closing time has come (claim each with :func:`claim_round`)."""
    rows = await session.scalars(
        select(Round.id)
        .where(Round.closed_at.is_(None), Round.closes_at.is_not(None), Round.closes_at <= now)
        .order_by(Round.closes_at, Round.id)
    )
    return list(rows)


async def closing_times(
    session: AsyncSession, *, after: datetime, until: datetime
) -> list[datetime]:
    """When open rounds close in (``after``, ``until``], soonest first (console time travel
    stops there)."""
    rows = await session.scalars(
        select(Round.closes_at)
        .where(Round.closed_at.is_(None), Round.closes_at > after, Round.closes_at <= until)
        .order_by(Round.closes_at)
        .limit(100)
    )
    return [at for at in rows if at is not None]


async def claim_round(session: AsyncSession, round_id: int, now: datetime) -> Round | None:
    """Mark a round closed if nobody else has; the round, or None when another process (or
    a coordinator) was first. One ``UPDATE … WHERE closed_at IS NULL`` decides, on both
    backends (PostgreSQL makes the second writer wait and re-check the condition)."""
    claimed = await session.execute(
        update(Round)
        .where(Round.id == round_id, Round.closed_at.is_(None))
        .values(closed_at=now)
        .returning(Round.id)
    )
    if claimed.first() is None:
        return None
    return await round_by_id(session, round_id)


async def unposted_results(session: AsyncSession) -> list[tuple[int, datetime]]:
    """Closed rounds whose result has not reached the group's chats yet: (id, closed at),
    oldest first."""
    rows = await session.execute(
        select(Round.id, Round.closed_at)
        .where(Round.closed_at.is_not(None), Round.result_posted_at.is_(None))
        .order_by(Round.closed_at, Round.id)
    )
    return [(round_id, closed_at) for round_id, closed_at in rows.all() if closed_at is not None]


async def claim_result(
    session: AsyncSession, round_id: int, now: datetime, stale_before: datetime
) -> bool:
    """Claim posting a round's result; False when it is posted, or another sweep claimed it
    after ``stale_before`` (a claim from then or earlier has lapsed: its process died, or it
    was kept to wait for the next try)."""
    claimed = await session.execute(
        update(Round)
        .where(
            Round.id == round_id,
            Round.result_posted_at.is_(None),
            or_(Round.result_claimed_at.is_(None), Round.result_claimed_at <= stale_before),
        )
        .values(result_claimed_at=now)
        .returning(Round.id)
    )
    return claimed.first() is not None


async def release_result(
    session: AsyncSession,
    round_id: int,
    now: datetime,
    *,
    posted: bool,
    claimed_at: datetime | None = None,
) -> None:
    """Give up the claim on a round's result; with ``posted``, the result is out for good.
    ``claimed_at`` keeps a claim dated then instead (it lapses a lease after that date)."""
    values: dict[str, Any] = {"result_claimed_at": None if posted else claimed_at}
    if posted:
        values["result_posted_at"] = now
    await session.execute(update(Round).where(Round.id == round_id).values(**values))


async def open_ballot(session: AsyncSession, round_id: int, voter_id: int) -> Ballot | None:
    """A voter's ballot in an open (not secret) round."""
    return await session.scalar(
        select(Ballot)
        .where(Ballot.round_id == round_id, Ballot.voter_id == voter_id)
        .execution_options(populate_existing=True)
    )


@dataclass(frozen=True)
class Progress:
    """How far a round has got: ballots cast, people who may vote in its group, and the stored
    references of the round's announcements (a sync-token value; None if none)."""

    cast: int
    eligible: int
    announcements: str | None


async def save_open_ballot(
    session: AsyncSession,
    rnd: Round,
    voter_id: int,
    content: dict[str, Any],
    tag: str | None,
    now: datetime,
    announcements_key: str,
) -> Progress | None:
    """Insert or replace the voter's ballot and record that they voted (race-safe). None when
    they had voted in the round before (their ballot is changed, the count stands); else the
    round's progress with this ballot, read by the statement that records the participation
    (every statement is a round trip)."""
    values = {
        "token": new_token(),
        "round_id": rnd.id,
        "voter_id": voter_id,
        "tag": tag,
        "content": content,
        "updated_at": now,
    }
    dialect = _dialect(session)
    await session.execute(_save_open_ballot(dialect), values)
    first = (
        await session.execute(
            _add_counted_participation(dialect),
            {
                "round_id": rnd.id,
                "person_id": voter_id,
                "voted_at": now,
                **_progress_values(rnd.id, rnd.group_id, announcements_key),
            },
        )
    ).first()
    if first is None:
        return None
    return Progress(int(first[1]), int(first[2]), first[3])


@functools.cache
def _add_counted_participation(dialect: str) -> Any:
    """:func:`_add_participation` that also returns the round's progress."""
    return _add_participation(dialect).returning(*_progress_columns())


@functools.cache
def _save_open_ballot(dialect: str) -> Any:
    stmt = _insert(dialect, Ballot)
    return stmt.on_conflict_do_update(
        index_elements=["round_id", "voter_id"],
        set_={
            "content": stmt.excluded.content,
            "tag": stmt.excluded.tag,
            "updated_at": stmt.excluded.updated_at,
        },
    )


async def withdraw_open_ballot(session: AsyncSession, round_id: int, voter_id: int) -> None:
    """Remove the voter's ballot and participation (an open round's last tick undone)."""
    await _withdraw(session, [round_id], voter_id)


async def withdraw_from_open_rounds(session: AsyncSession, group_id: int, person_id: int) -> int:
    """Someone leaves the group (or becomes an observer): their ballots in its rounds still
    open no longer count, so that the result and "who voted" agree (both count members at the
    close); in a secret round the ballot is found through the key their participation holds
    while the round is open. Closed rounds keep them. Returns how many ballots went."""
    still_open = select(Round.id).where(Round.group_id == group_id, Round.closed_at.is_(None))
    return await _withdraw(session, still_open, person_id)


async def _withdraw(session: AsyncSession, rounds: Any, voter_id: int) -> int:
    """Delete the voter's ballots (open ones by name, secret ones by the key their
    participation holds) and participations in ``rounds`` (ids, or a select of them); how many
    ballots went."""
    linked = select(Participation.ballot_token).where(
        Participation.round_id.in_(rounds),
        Participation.person_id == voter_id,
        Participation.ballot_token.is_not(None),
    )
    gone = await session.execute(
        delete(Ballot).where(
            Ballot.round_id.in_(rounds),
            or_(Ballot.voter_id == voter_id, Ballot.token.in_(linked)),
        )
    )
    await session.execute(
        delete(Participation).where(
            Participation.round_id.in_(rounds), Participation.person_id == voter_id
        )
    )
    return affected(gone)


async def add_participation(
    session: AsyncSession,
    round_id: int,
    person_id: int,
    now: datetime,
    ballot_token: str | None = None,
) -> bool:
    """Record that the person voted (in a secret round with the key of their ballot); False
    when they had already (nothing changes then)."""
    values = {
        "round_id": round_id,
        "person_id": person_id,
        "voted_at": now,
        "ballot_token": ballot_token,
    }
    return (
        await session.execute(_add_participation(_dialect(session)), values)
    ).first() is not None


@functools.cache
def _add_participation(dialect: str) -> Any:
    return (
        _insert(dialect, Participation)
        .on_conflict_do_nothing(index_elements=["round_id", "person_id"])
        .returning(Participation.__table__.c.id)
    )


async def add_secret_ballot(
    session: AsyncSession,
    round_id: int,
    person_id: int,
    content: dict[str, Any],
    tag: str | None,
    now: datetime,
) -> bool:
    """Store a secret ballot (no voter, no time, a random key) and that the person voted,
    whose participation alone keeps the key while the round is open; False when they had
    voted already (nothing is stored then)."""
    token = new_token()
    if not await add_participation(session, round_id, person_id, now, ballot_token=token):
        return False
    session.add(Ballot(token=token, round_id=round_id, voter_id=None, tag=tag, content=content))
    await session.flush()
    return True


async def reshuffle_secret_ballots(session: AsyncSession, round_id: int) -> None:
    """Write a secret round's ballots anew, in random order and with new keys, so the order
    rows were stored in says nothing about the order people voted in; the keys the
    participations held while the round was open are wiped."""
    await session.execute(
        update(Participation).where(Participation.round_id == round_id).values(ballot_token=None)
    )
    ballots = await ballots_of(session, round_id)
    rows = [(b.tag, b.content) for b in ballots]
    await session.execute(delete(Ballot).where(Ballot.round_id == round_id))
    secrets.SystemRandom().shuffle(rows)
    for tag, content in rows:
        session.add(
            Ballot(token=new_token(), round_id=round_id, voter_id=None, tag=tag, content=content)
        )
    await session.flush()


async def ballots_of(session: AsyncSession, round_id: int) -> list[Ballot]:
    """Every ballot of a round, in key order (random for secret ones: no order to read)."""
    rows = await session.scalars(
        select(Ballot).where(Ballot.round_id == round_id).order_by(Ballot.token)
    )
    return list(rows)


async def participants(session: AsyncSession, round_id: int) -> list[int]:
    """Person ids who have voted in a round."""
    rows = await session.scalars(
        select(Participation.person_id).where(Participation.round_id == round_id)
    )
    return list(rows)


async def voted_in(session: AsyncSession, round_ids: Sequence[int], person_id: int) -> set[int]:
    """Which of the rounds ``round_ids`` the person has voted in."""
    if not round_ids:
        return set()
    rows = await session.scalars(
        select(Participation.round_id).where(
            Participation.round_id.in_(round_ids), Participation.person_id == person_id
        )
    )
    return set(rows)


async def count_participants(session: AsyncSession, round_id: int) -> int:
    found = await session.scalar(
        select(func.count()).select_from(Participation).where(Participation.round_id == round_id)
    )
    return int(found or 0)


def _may_vote(group_id: Any) -> tuple[Any, ...]:
    """The memberships that may vote in a group's rounds (coordinators, members, youth)."""
    return Membership.group_id == group_id, Membership.role.in_(sorted(CONTRIBUTORS))


async def progress(
    session: AsyncSession, round_id: int, group_id: int, announcements_key: str
) -> Progress:
    """In one statement: how far the round has got (see :class:`Progress`)."""
    values = _progress_values(round_id, group_id, announcements_key)
    found = (await session.execute(_progress(), values)).one()
    return Progress(int(found[0]), int(found[1]), found[2])


def _progress_values(round_id: int, group_id: int, announcements_key: str) -> dict[str, Any]:
    return {
        "progress_round": round_id,
        "progress_group": group_id,
        "progress_key": announcements_key,
    }


def _progress_columns() -> tuple[Any, Any, Any]:
    """Ballots cast, people who may vote, the announcements' references: three scalar
    subqueries, with bind parameters named apart from any table's columns (they also ride on
    an ``INSERT``, whose own parameters are named after its columns)."""
    ballots = (
        select(func.count())
        .select_from(Ballot)
        .where(Ballot.round_id == bindparam("progress_round"))
        .scalar_subquery()
    )
    eligible = (
        select(func.count())
        .select_from(Membership)
        .where(*_may_vote(bindparam("progress_group")))
        .scalar_subquery()
    )
    announcements = (
        select(SyncToken.value).where(SyncToken.key == bindparam("progress_key")).scalar_subquery()
    )
    return ballots, eligible, announcements


@functools.cache
def _progress() -> Select[int, int, str | None]:
    return select(*_progress_columns())


async def eligible_voters(session: AsyncSession, group_id: int) -> list[tuple[Person, str]]:
    """Who may vote in the group (coordinators, members, youth) with their role, by name."""
    rows = await session.execute(
        select(Person, Membership.role)
        .join(Membership, Membership.person_id == Person.id)
        .where(*_may_vote(group_id))
        .order_by(Person.display_name, Person.id)
    )
    return [(p, r) for p, r in rows.all()]


async def non_voters(session: AsyncSession, rnd: Round) -> list[Person]:
    """Eligible people who have not voted in ``rnd`` yet (to remind them; secret rounds too,
    since participations never say what anyone voted)."""
    voted = set(await participants(session, rnd.id))
    return [p for p, _ in await eligible_voters(session, rnd.group_id) if p.id not in voted]
