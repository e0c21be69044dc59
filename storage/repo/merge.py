"""Merging two persons into one (``/link``): every row that points at the person who goes
is moved to the one who stays, found through the foreign keys of every table, so tables added
later (ballots, reminders …) are merged too. Where a unique constraint would be broken (two
votes in one round, two memberships in one group) the row of the person who stays wins;
memberships keep the stronger role."""

from __future__ import annotations

from sqlalchemy import (
    Column,
    PrimaryKeyConstraint,
    Table,
    UniqueConstraint,
    delete,
    exists,
    select,
    update,
)
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import aliased

from storage.models import Ballot, Base, Membership, Participation, Person

ROLE_RANK = {"coordinator": 0, "member": 1, "youth": 2, "observer": 3}


def person_columns() -> list[tuple[Table, Column]]:
    """Every (table, column) with a foreign key to ``persons.id``."""
    found = []
    for table in Base.metadata.sorted_tables:
        for fk in table.foreign_keys:
            if fk.column.table.name == "persons" and fk.parent.table is table:
                found.append((table, fk.parent))
    return found


def unique_sets(table: Table, column: Column) -> list[list[Column]]:
    """The other columns of every unique constraint (or unique index) that holds ``column``."""
    sets = []
    for constraint in table.constraints:
        if isinstance(constraint, UniqueConstraint | PrimaryKeyConstraint):
            cols = list(constraint.columns)
            if column in cols:
                sets.append([c for c in cols if c is not column])
    for index in table.indexes:
        if index.unique and column in list(index.columns):
            sets.append([c for c in index.columns if c is not column])
    if column.unique:
        sets.append([])
    return sets


async def merge_persons(session: AsyncSession, keep: Person, gone: Person) -> None:
    """Move everything of ``gone`` to ``keep`` and delete ``gone``."""
    await session.flush()
    for mine in list(
        await session.scalars(select(Membership).where(Membership.person_id == gone.id))
    ):
        theirs = await session.scalar(
            select(Membership).where(
                Membership.person_id == keep.id, Membership.group_id == mine.group_id
            )
        )
        if theirs is None:
            continue
        if ROLE_RANK.get(mine.role, 9) < ROLE_RANK.get(theirs.role, 9):
            theirs.role = mine.role
        theirs.joined_at = min(theirs.joined_at, mine.joined_at)
        await session.delete(mine)
    keep.lang = keep.lang or gone.lang
    keep.is_minor = keep.is_minor or gone.is_minor
    keep.show_name = keep.show_name and gone.show_name
    answered = [a for a in (keep.age_answered_at, gone.age_answered_at) if a is not None]
    keep.age_answered_at = max(answered, default=None)
    await session.flush()
    await _drop_second_secret_ballots(session, keep, gone)
    for table, column in person_columns():
        for others in unique_sets(table, column):
            twin = table.alias()
            same = [twin.c[column.name] == keep.id] + [
                twin.c[c.name] == table.c[c.name] for c in others
            ]
            await session.execute(
                delete(table).where(
                    column == gone.id, exists(select(1).select_from(twin).where(*same))
                )
            )
        await session.execute(update(table).where(column == gone.id).values({column.name: keep.id}))
    await session.execute(delete(Person).where(Person.id == gone.id))
    session.expunge(gone)
    session.expire_all()
    await session.refresh(keep)


async def _drop_second_secret_ballots(session: AsyncSession, keep: Person, gone: Person) -> None:
    """Both accounts voted in one secret round still open: the ballot of the one who goes is
    dropped, as for open ballots (found through the key their participation holds until the
    close; a secret ballot names nobody)."""
    kept = aliased(Participation)
    doubled = select(Participation.ballot_token).where(
        Participation.person_id == gone.id,
        Participation.ballot_token.is_not(None),
        exists(select(1).where(kept.round_id == Participation.round_id, kept.person_id == keep.id)),
    )
    await session.execute(delete(Ballot).where(Ballot.token.in_(doubled)))
