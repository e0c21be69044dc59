"""measure_events: whom the entries written before 0019 name, where the name tells

Revision ID: 0020
Revises: 0019
Create Date: 2026-11-27 10:00:00

Entries written before migration 0019 name the person their values are about only by the name
written ("responsible: — → Lena"), so hiding a minor's name in the history matched them by
name, and an adult of the same name lost hers too. Where that name is the name of exactly one
person of the entry's group (a member, or one who was: as /members finds former members, by
what they left there), ``old_person_id`` / ``new_person_id`` now say who. The name compares as
the name fallback compares it (trimmed, case folded), with the person's display name and the
names of their accounts. A name two people of the group have, or nobody's (a former member
erased, the pseudonym written for a minor), stays NULL and keeps the match by name, as do the
entries of closed groups: their history is their record, and the retention purge takes its
links to people. Downgrading leaves the ids: they are what 0019 writes itself, and it reads
them alike.
"""

from collections import defaultdict
from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0020"
down_revision: str | None = "0019"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# History fields whose values name a person (storage.privacy.measure_parts.PERSON_FIELDS when
# this was written).
PERSON_FIELDS = ("assigned", "assignee", "proposer", "responsible", "responsible_id")

groups = sa.table("groups", sa.column("id"), sa.column("closed_at"))
persons = sa.table("persons", sa.column("id"), sa.column("display_name"), sa.column("forgotten_at"))
identities = sa.table("identities", sa.column("person_id"), sa.column("display_name"))
memberships = sa.table("memberships", sa.column("person_id"), sa.column("group_id"))
invites = sa.table("invites", sa.column("group_id"), sa.column("created_by"), sa.column("used_by"))
measures = sa.table(
    "measures",
    sa.column("id"),
    sa.column("group_id"),
    sa.column("proposer_id"),
    sa.column("responsible_id"),
)
events = sa.table(
    "measure_events",
    sa.column("id"),
    sa.column("measure_id"),
    sa.column("actor_id"),
    sa.column("field"),
    sa.column("old"),
    sa.column("new"),
    sa.column("old_person_id"),
    sa.column("new_person_id"),
)
milestones = sa.table("milestones", sa.column("measure_id"), sa.column("created_by"))
youth_ideas = sa.table("youth_ideas", sa.column("group_id"), sa.column("proposer_id"))
rounds = sa.table("rounds", sa.column("id"), sa.column("group_id"))
participations = sa.table("participations", sa.column("round_id"), sa.column("person_id"))


def _key(name: str | None) -> str:
    return (name or "").strip().casefold()


def _people_of(bind: sa.Connection, group_ids: list[int]) -> dict[int, set[int]]:
    """Group id → the people of the group: its members and those who were."""
    m = measures
    links = sa.union(
        sa.select(memberships.c.group_id, memberships.c.person_id),
        sa.select(invites.c.group_id, invites.c.used_by),
        sa.select(invites.c.group_id, invites.c.created_by),
        sa.select(m.c.group_id, m.c.proposer_id),
        sa.select(m.c.group_id, m.c.responsible_id),
        sa.select(youth_ideas.c.group_id, youth_ideas.c.proposer_id),
        sa.select(m.c.group_id, events.c.actor_id).join(m, m.c.id == events.c.measure_id),
        sa.select(m.c.group_id, milestones.c.created_by).join(m, m.c.id == milestones.c.measure_id),
        sa.select(rounds.c.group_id, participations.c.person_id).join(
            rounds, rounds.c.id == participations.c.round_id
        ),
    ).subquery()
    group_id, person_id = links.c[0], links.c[1]
    rows = bind.execute(
        sa.select(group_id, person_id)
        .join(persons, persons.c.id == person_id)
        .where(group_id.in_(group_ids), persons.c.forgotten_at.is_(None))
    )
    people: dict[int, set[int]] = defaultdict(set)
    for gid, pid in rows:
        people[gid].add(pid)
    return people


def _names_of(bind: sa.Connection, person_ids: set[int]) -> dict[int, set[str]]:
    """Person id → the names they go by (display name, their accounts' names), as keys."""
    names: dict[int, set[str]] = defaultdict(set)
    ids = sorted(person_ids)
    for pid, name in bind.execute(
        sa.select(persons.c.id, persons.c.display_name).where(persons.c.id.in_(ids))
    ):
        names[pid].add(_key(name))
    for pid, name in bind.execute(
        sa.select(identities.c.person_id, identities.c.display_name).where(
            identities.c.person_id.in_(ids)
        )
    ):
        names[pid].add(_key(name))
    for found in names.values():
        found.discard("")
    return names


def upgrade() -> None:
    bind = op.get_bind()
    unlinked = sa.or_(
        sa.and_(events.c.old_person_id.is_(None), events.c.old != ""),
        sa.and_(events.c.new_person_id.is_(None), events.c.new != ""),
    )
    entries = bind.execute(
        sa.select(
            events.c.id,
            measures.c.group_id,
            events.c.old,
            events.c.new,
            events.c.old_person_id,
            events.c.new_person_id,
        )
        .join(measures, measures.c.id == events.c.measure_id)
        .join(groups, groups.c.id == measures.c.group_id)
        .where(groups.c.closed_at.is_(None), events.c.field.in_(PERSON_FIELDS), unlinked)
        .order_by(events.c.id)
    ).all()
    if not entries:
        return
    people = _people_of(bind, sorted({entry.group_id for entry in entries}))
    names = _names_of(bind, set().union(*people.values()))
    # Group id → name → the people of the group who go by it.
    named: dict[int, dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
    for gid, pids in people.items():
        for pid in pids:
            for name in names.get(pid, ()):
                named[gid][name].add(pid)
    found: dict[str, list[dict[str, int]]] = {"old_person_id": [], "new_person_id": []}
    for entry in entries:
        for value, linked, column in (
            (entry.old, entry.old_person_id, "old_person_id"),
            (entry.new, entry.new_person_id, "new_person_id"),
        ):
            who = named[entry.group_id].get(_key(value), set()) if linked is None else set()
            if len(who) == 1:
                found[column].append({"entry": entry.id, "person": next(iter(who))})
    for column, rows in found.items():
        if rows:
            bind.execute(
                sa.update(events)
                .where(events.c.id == sa.bindparam("entry"))
                .values({column: sa.bindparam("person")}),
                rows,
            )


def downgrade() -> None:
    """Nothing to undo: the ids filled in are what 0019 writes itself (see above)."""
