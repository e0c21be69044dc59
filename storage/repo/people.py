"""Persons, their platform identities and their memberships."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from sqlalchemy import and_, exists, select, union
from sqlalchemy.ext.asyncio import AsyncSession

from bot.events import ChatRef, UserRef
from bot.roles import YOUTH
from storage.models import (
    Group,
    GroupEvent,
    Identity,
    ImportDraft,
    Invite,
    Measure,
    MeasureEvent,
    Membership,
    Milestone,
    Participation,
    Person,
    Round,
    YouthIdea,
)


async def identity_of(session: AsyncSession, platform: str, user_id: str) -> Identity | None:
    """The identity of a platform user, if we know them."""
    return await session.scalar(
        select(Identity).where(Identity.platform == platform, Identity.user_id == user_id)
    )


async def person_by_id(session: AsyncSession, person_id: int) -> Person | None:
    return await session.get(Person, person_id)


async def adults_among(session: AsyncSession, person_ids: Collection[int]) -> set[int]:
    """Those of ``person_ids`` who are not marked under 16, in one read."""
    if not person_ids:
        return set()
    return set(
        await session.scalars(
            select(Person.id).where(Person.id.in_(person_ids), Person.is_minor.is_(False))
        )
    )


async def person_with_role(
    session: AsyncSession, person_id: int, group_id: int
) -> tuple[Person | None, str | None]:
    """The person and their role in ``group_id`` (``None`` when not a member), at once."""
    found = (
        await session.execute(
            select(Person, Membership.role)
            .outerjoin(
                Membership,
                and_(Membership.person_id == Person.id, Membership.group_id == group_id),
            )
            .where(Person.id == person_id)
        )
    ).first()
    return (found[0], found[1]) if found is not None else (None, None)


async def create_person(
    session: AsyncSession, platform: str, user_id: str, display_name: str, now: datetime
) -> tuple[Person, Identity]:
    """A new person with one identity."""
    person = Person(display_name=display_name, created_at=now)
    session.add(person)
    await session.flush()
    identity = Identity(
        person_id=person.id, platform=platform, user_id=user_id, display_name=display_name
    )
    session.add(identity)
    await session.flush()
    return person, identity


async def membership(session: AsyncSession, person_id: int, group_id: int) -> Membership | None:
    return await session.scalar(
        select(Membership).where(Membership.person_id == person_id, Membership.group_id == group_id)
    )


async def groups_of(session: AsyncSession, person_id: int) -> list[tuple[Group, Membership]]:
    """The person's groups, most recently joined first."""
    rows = await session.execute(
        select(Group, Membership)
        .join(Membership, Membership.group_id == Group.id)
        .where(Membership.person_id == person_id, Group.closed_at.is_(None))
        .order_by(Membership.joined_at.desc(), Membership.id.desc())
    )
    return [(g, m) for g, m in rows.all()]


async def has_role_somewhere(session: AsyncSession, person_id: int, role: str) -> bool:
    """Whether the person has ``role`` in any of their groups (a command about the person, as
    /age, takes the role from any: see ``Command.role_from_any_group``)."""
    return any(m.role == role for _g, m in await groups_of(session, person_id))


async def youth_somewhere(
    session: AsyncSession, person_id: int, role_here: str, groups: int | None = None
) -> bool:
    """Whether the person is a youth representative in any of their groups, as the age
    question counts it (/age, an answer typed in the direct chat): ``role_here``, their role in
    the group at hand, or their role in another. ``groups``: how many groups they are in,
    where known (a direct chat's context): in one, the group at hand is all there is."""
    if role_here == YOUTH:
        return True
    if groups is not None and groups < 2:
        return False
    return await has_role_somewhere(session, person_id, YOUTH)


def direct_group(
    person: Person, joined: list[tuple[Group, Membership]]
) -> tuple[Group, Membership]:
    """Of the person's groups (``joined``: most recent first, not empty), the one their direct
    chat speaks for: the one chosen with /group while they are still in it, else the latest."""
    for group, membership in joined:
        if group.id == person.direct_group_id:
            return group, membership
    return joined[0]


async def direct_chat_elsewhere(
    session: AsyncSession, person: Person, group_id: int
) -> Group | None:
    """The group the person's direct chat speaks for when they are in several groups and it
    is not ``group_id`` (a notice about ``group_id`` must then say how to answer it there);
    None otherwise."""
    joined = await groups_of(session, person.id)
    if len(joined) < 2:
        return None
    group, _ = direct_group(person, joined)
    return group if group.id != group_id else None


async def members_of(session: AsyncSession, group_id: int) -> list[tuple[Person, Membership]]:
    """Everyone in a group with their membership, by role then name."""
    rows = await session.execute(
        select(Person, Membership)
        .join(Membership, Membership.person_id == Person.id)
        .where(Membership.group_id == group_id)
        .order_by(Membership.role, Person.display_name, Person.id)
    )
    return [(p, m) for p, m in rows.all()]


async def anyone_with_role(session: AsyncSession, group_id: int, roles: Collection[str]) -> bool:
    """Whether someone in ``group_id`` has one of ``roles`` (one statement)."""
    found = exists().where(Membership.group_id == group_id, Membership.role.in_(roles))
    return bool(await session.scalar(select(found)))


async def identities_of(session: AsyncSession, person_id: int) -> list[Identity]:
    rows = await session.scalars(
        select(Identity).where(Identity.person_id == person_id).order_by(Identity.id)
    )
    return list(rows)


def accounts_of(identities: list[Identity]) -> tuple[tuple[UserRef, ChatRef | None], ...]:
    """The accounts of ``identities`` as the messenger reaches them: each user with their
    direct chat where one is known."""
    return tuple(
        (
            UserRef(i.platform, i.user_id, i.display_name),
            ChatRef(i.platform, i.direct_chat_id, is_direct=True) if i.direct_chat_id else None,
        )
        for i in identities
    )


async def former_members_of(session: AsyncSession, group_id: int) -> list[Person]:
    """People who were in the group and are no longer (memberships are deleted on leaving, so
    what is left of them is what they did there: the invite code they joined with, codes they
    gave out, the group's history of them, proposals, ideas, changes, milestones, votes). Forgotten people are not among
    them: their names are gone."""
    measures = select(Measure.id).where(Measure.group_id == group_id)
    ids = union(
        select(Invite.used_by).where(Invite.group_id == group_id),
        select(Invite.created_by).where(Invite.group_id == group_id),
        select(GroupEvent.subject_id).where(GroupEvent.group_id == group_id),
        select(Measure.proposer_id).where(Measure.group_id == group_id),
        select(YouthIdea.proposer_id).where(YouthIdea.group_id == group_id),
        select(MeasureEvent.actor_id).where(MeasureEvent.measure_id.in_(measures)),
        select(Milestone.created_by).where(Milestone.measure_id.in_(measures)),
        select(Participation.person_id)
        .join(Round, Round.id == Participation.round_id)
        .where(Round.group_id == group_id),
    ).subquery()
    current = select(Membership.person_id).where(Membership.group_id == group_id)
    rows = await session.scalars(
        select(Person)
        .where(
            Person.id.in_(select(ids.c[0])),
            Person.id.not_in(current),
            Person.forgotten_at.is_(None),
        )
        .order_by(Person.id)
    )
    return list(rows)


async def was_member(session: AsyncSession, person_id: int) -> bool:
    """Whether ``person_id`` was in a steering group once (a membership is deleted on leaving:
    what is left is the code they joined with or gave out, a change of their role, a change
    they made to a measure, a vote). Only asked of someone in no group now."""
    ids = union(
        select(Invite.used_by).where(Invite.used_by == person_id),
        select(Invite.created_by).where(Invite.created_by == person_id),
        select(GroupEvent.subject_id).where(GroupEvent.subject_id == person_id),
        select(GroupEvent.actor_id).where(GroupEvent.actor_id == person_id),
        select(MeasureEvent.actor_id).where(MeasureEvent.actor_id == person_id),
        select(Participation.person_id).where(Participation.person_id == person_id),
    ).subquery()
    return await session.scalar(select(ids.c[0]).limit(1)) is not None


async def drop_waiting_list(session: AsyncSession, person_id: int, group_id: int) -> str | None:
    """Whoever is no longer a coordinator of the group (or left it) cannot import the list they
    sent to /import: it goes (its buttons then say that nothing waits). The file's name, when
    a checked list was waiting."""
    draft = await session.scalar(
        select(ImportDraft).where(
            ImportDraft.person_id == person_id, ImportDraft.group_id == group_id
        )
    )
    if draft is None:
        return None
    name = draft.file_name if draft.data is not None else None
    await session.delete(draft)
    await session.flush()
    return name
