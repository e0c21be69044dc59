"""When the only coordinator of a group is erased (/forget, or removed and forgotten): the
group would be left with nobody who may invite, run rounds or hear its reminders, and no way
back, since only a coordinator makes a coordinator. The adult member who has been in the group
longest takes the coordination on; the group chat and they hear it. Asked to confirm, the
coordinator is told so first."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.context import Context
from bot.events import Reply
from bot.i18n import N_, Translator
from bot.roles import COORDINATOR, MEMBER, ROLE_TOPIC
from bot.scheduling import replan
from bot.scheduling.notices import tell_when_awake
from commands.common import send_to_steering_chats
from storage.models import Group, Membership, Person
from storage.repo import groups as group_repo

WARNING = N_(
    "You are the only coordinator of {group}. Make someone else coordinator first (/role "
    "<name> coordinator); otherwise the member who has been in the group longest takes it on."
)


async def sole_coordinations(
    session: AsyncSession, joined: list[tuple[Group, Membership]]
) -> list[Group]:
    """Of a person's groups (``joined``, as ``people.groups_of`` gives them), those they are
    the only coordinator of, with someone else in them."""
    sole = []
    for group, membership in joined:
        if membership.role != COORDINATOR:
            continue
        counts = (
            await session.execute(
                select(
                    func.count().filter(Membership.role == COORDINATOR),
                    func.count(),
                ).where(Membership.group_id == group.id)
            )
        ).one()
        if counts[0] == 1 and counts[1] > 1:
            sole.append(group)
    return sole


def warnings(tr: Translator, groups: list[Group]) -> list[str]:
    """The lines that warn the only coordinator of ``groups`` before they are forgotten."""
    return [tr.t(WARNING, group=group.name) for group in groups]


async def hand_on(ctx: Context, groups: list[Group]) -> None:
    """After the erasure: in each of ``groups`` (left without a coordinator), the adult member
    in it longest becomes coordinator; the group chat hears who, or that nobody could."""
    for group in groups:
        found = (
            await ctx.session.execute(
                select(Membership, Person)
                .join(Person, Person.id == Membership.person_id)
                .where(
                    Membership.group_id == group.id,
                    Membership.role == MEMBER,
                    Person.is_minor.is_(False),
                    Person.forgotten_at.is_(None),
                )
                .order_by(Membership.joined_at, Membership.id)
                .limit(1)
            )
        ).first()
        tr = ctx.services.i18n(group.lang)
        if found is None:
            text = tr.t(
                N_(
                    "{group} has no coordinator any more: the only one left and was forgotten, "
                    "and no adult member is there to take it on. Whoever runs this bot can make "
                    "a member coordinator: steerbot groups coordinator {id} <name>"
                ),
                group=group.name,
                id=group.id,
            )
        else:
            membership, person = found
            membership.role = COORDINATOR
            await ctx.session.flush()
            # In the group's history as the forgotten coordinator's step ("former member").
            await group_repo.record_group_event(
                ctx.session,
                group.id,
                actor_id=None,
                subject_id=person.id,
                at=ctx.now,
                field="role",
                old=MEMBER,
                new=COORDINATOR,
            )
            await replan(ctx.services, ctx.session, group.id, ctx.now)
            name = person.display_name
            text = tr.t(
                N_(
                    "The only coordinator of {group} left and was forgotten. {name}, the member "
                    "here longest, coordinates now; /role <name> coordinator hands it on."
                ),
                group=group.name,
                name=name,
            )
            own = ctx.services.i18n(person.lang or group.lang)
            told = own.t(
                N_(
                    "The only coordinator of {group} left and was forgotten, so you "
                    "coordinate the group now, as its member the longest. /role <name> "
                    "coordinator hands it on; /help shows what you can do."
                ),
                group=group.name,
            )
            # at 23:00 it waits for the end of their quiet hours; a change of their role by
            # then (handed on at 23:30) takes it back, as one by /role would
            await tell_when_awake(
                ctx, person.id, group, Reply(told), topic=ROLE_TOPIC, known=MEMBER
            )
        await send_to_steering_chats(ctx, group.id, Reply(text))
