"""Membership by name: /remove (a coordinator takes someone out, with ``forget`` erases them)
and /leave (someone leaves on their own). Either way the group keeps a coordinator, and the
measures the person was responsible for are flagged to the coordinators."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.arguments import missing
from bot.context import Context
from bot.errors import CommandError
from bot.events import Choice, Reply
from bot.i18n import N_
from bot.parsing import fold, spellings
from bot.registry import Command, Handler, Param
from bot.roles import (
    CONTRIBUTORS,
    COORDINATOR,
    COORDINATORS,
    MEMBERS,
    OBSERVER,
    YOUTH,
    no_group,
)
from bot.scheduling import replan
from bot.scheduling.notices import tell_when_awake
from commands.common import (
    coordinator_sees_minors,
    hidden_here,
    left_group,
    name_for_coordinator,
    pressed_id,
    recorded_name,
    send_to_steering_chats,
    shown_name,
    their_language,
)
from commands.privacy import FORGET_WORDS, erase_and_flag, flag_orphaned
from commands.voting_announcement import refresh_open_rounds
from storage.models import Group, Measure, Membership, Person
from storage.repo import groups as group_repo
from storage.repo import measures as measure_repo
from storage.repo import people
from storage.repo import voting as voting_repo

# What confirms /leave: only a plain yes (leaving is not undone by the person themselves).
CONFIRM_WORDS = frozenset({"ja", "yes", "j", "y"})


def named_like(
    ctx: Context,
    rows: list[tuple[Person, Membership]],
    wanted: str,
    *,
    minors_named: bool = False,
) -> list[tuple[Person, Membership]]:
    """The members whose name is ``wanted`` (folded), else those whose name starts with it:
    "lea" finds "Lea Sommer", "juergen" and "jurgen" find "Jürgen Berg". Forgotten people have
    no name to match, and a minor whose name this chat hides is found by the whole name only:
    trying letters would tell who is behind "Jugendvertretung" (``minors_named``: a chat that
    names them anyway, see ``coordinator_sees_minors``)."""
    if not wanted:  # every name starts with nothing: nothing names nobody
        return []
    alive = [(p, m) for p, m in rows if p.forgotten_at is None]
    exact = [(p, m) for p, m in alive if wanted in spellings(p.display_name)]
    return exact or [
        (p, m)
        for p, m in alive
        if any(s.startswith(wanted) for s in spellings(p.display_name))
        and (minors_named or not hidden_here(ctx, p))
    ]


def seen_first(
    ctx: Context, found: list[tuple[Person, Membership]]
) -> list[tuple[Person, Membership]]:
    """Of several members a name fits, those this chat shows by name when there are any: where
    a minor's name is hidden, an adult of the same name is the one meant, and "several are
    called so" would tell the chat who is behind the pseudonym (a coordinator's direct chat,
    which names them marked, keeps them all)."""
    if len(found) < 2 or coordinator_sees_minors(ctx):
        return found
    return [(p, m) for p, m in found if not hidden_here(ctx, p)] or found


async def former_member_named(ctx: Context, group_id: int, typed: str) -> bool:
    """Whether ``typed`` is the name (or user id) of someone who has left the group, or the
    first words of it ("Mia" for "Mia Sommer"): what the group's records still know of them
    (see ``people.former_members_of``; forgotten people's names are gone)."""
    return await former_member_called(ctx, group_id, typed) is not None


async def former_member_called(ctx: Context, group_id: int, typed: str) -> Person | None:
    """The first one who has left the group that ``typed`` names, as
    :func:`former_member_named` finds them, or None."""
    wanted = fold(typed.strip().lstrip("@"))
    if not wanted:
        return None
    for person in await people.former_members_of(ctx.session, group_id):
        names = {person.display_name}
        for identity in await people.identities_of(ctx.session, person.id):
            names.update({identity.display_name, identity.user_id.lstrip("@")})
        for name in filter(None, names):
            if any(s == wanted or s.startswith(wanted + " ") for s in spellings(name)):
                return person
    return None


def several_called(typed: str) -> CommandError:
    """The refusal for a whole name that several members have: more of it cannot tell them
    apart, their user id does."""
    return CommandError(
        N_(
            "Several members are called “{name}”. Please give their user id instead; /members "
            "in a direct chat with me shows it beside each name."
        ),
        name=typed.strip()[:80],
    )


def fits_several(ctx: Context, typed: str, persons: list[Person]) -> CommandError:
    """The refusal for a start of a name that fits several members: minors whose names this
    chat hides counted as /members counts them ("2 under 16 (names not shown)"), not listed as
    the pseudonym each; in a coordinator's direct chat by name, marked, as /members there.
    The whole name of each of them (two called "Lea Sommer") asks for the user id instead."""
    wanted = fold(" ".join(typed.split()).lstrip("@"))
    if all(wanted in spellings(p.display_name) for p in persons):
        return several_called(typed)
    marked = coordinator_sees_minors(ctx)
    names = sorted(
        name_for_coordinator(ctx, p) for p in persons if marked or not hidden_here(ctx, p)
    )
    if hidden := len(persons) - len(names):
        names.append(
            ctx.tn("{n} under 16 (name not shown)", "{n} under 16 (names not shown)", hidden)
        )
    return CommandError(
        N_("“{typed}” fits several members: {names}. Please type more of the name."),
        typed=typed.strip()[:60],
        names=", ".join(names),
    )


async def members_called(
    session: AsyncSession, rows: list[tuple[Person, Membership]], wanted: str
) -> list[tuple[Person, Membership]]:
    """The members of ``rows`` whose whole name, a platform's name for them or user id is
    ``wanted`` (folded, without a leading @): :func:`find_member`'s exact match, which the
    operator's command line uses too (``steerbot groups coordinator``)."""
    found = []
    for person, membership in rows:
        keys = {fold(person.display_name)}
        for identity in await people.identities_of(session, person.id):
            keys.update({fold(identity.display_name), fold(identity.user_id.lstrip("@"))})
        if wanted in keys:
            found.append((person, membership))
    return found


async def find_member(
    ctx: Context, text: str, *, whole_name: bool = False, minors_named: bool = False
) -> tuple[Person, Membership]:
    """The member of this group called ``text`` (name or platform user id; else the one whose
    name starts with it, as /assign finds them: "Lea" for "Lea Sommer"), or a refusal. With
    ``whole_name`` (removing someone cannot be undone) a beginning alone is refused;
    ``minors_named``: see :func:`named_like`."""
    group = ctx.require_group()
    wanted = fold(text.strip().lstrip("@"))
    if not wanted:
        raise missing(ctx, N_("member"))
    rows = await people.members_of(ctx.session, group.id)
    found = seen_first(ctx, await members_called(ctx.session, rows, wanted))
    if len(found) > 1:
        raise several_called(text)
    if not found:
        found = seen_first(ctx, named_like(ctx, rows, wanted, minors_named=minors_named))
        if found and whole_name:
            raise CommandError(
                N_(
                    "“{typed}” is only the beginning of a name. To remove someone, write their "
                    "whole name (/members lists them)."
                ),
                typed=text.strip()[:40],
            )
    if len(found) > 1:
        raise fits_several(ctx, text, [p for p, _m in found])
    if not found:
        raise CommandError(
            N_("I find no member “{name}” in this group. /members lists them."),
            name=text.strip()[:80],
        )
    return found[0]


async def sole_coordinator(session: AsyncSession, membership: Membership) -> bool:
    """Whether ``membership`` is its group's only coordinator's."""
    if membership.role != COORDINATOR:
        return False
    coordinators = await session.scalar(
        select(func.count())
        .select_from(Membership)
        .where(Membership.group_id == membership.group_id, Membership.role == COORDINATOR)
    )
    return (coordinators or 0) <= 1


async def refuse_last_coordinator(
    ctx: Context, membership: Membership, name: str | None = None
) -> None:
    """Refuse to take the group's only coordinator out of the coordination: ``name`` for
    someone a coordinator named, None for the person asking about themselves."""
    if not await sole_coordinator(ctx.session, membership):
        return
    if name is None:
        raise CommandError(
            N_(
                "You are the only coordinator of {group}. Make someone else coordinator first "
                "(/role <name> coordinator)."
            ),
            group=ctx.require_group().name,
        )
    raise CommandError(
        N_(
            "{name} is the only coordinator. Make someone else coordinator first "
            "(/role <name> coordinator)."
        ),
        name=name,
    )


async def _take_out(
    ctx: Context,
    group: Group,
    person: Person,
    membership: Membership,
    note: str = N_("left the group"),
) -> list[Measure]:
    """End ``person``'s membership of ``group``: the measures they were responsible for have
    nobody now (each with its audit entry, whose ``note`` says why); returns those measures."""
    orphaned = await release_measures(ctx, group, person, note)
    # In the group's history (/history alone): who left, or who took them out.
    await group_repo.record_group_event(
        ctx.session,
        group.id,
        actor_id=ctx.person.id if ctx.person is not None else None,
        subject_id=person.id,
        at=ctx.now,
        field="left",
        old=membership.role,
    )
    await people.drop_waiting_list(ctx.session, person.id, group.id)  # nobody can import it now
    await ctx.session.delete(membership)
    await ctx.session.flush()
    await voting_repo.withdraw_from_open_rounds(ctx.session, group.id, person.id)
    if membership.role in CONTRIBUTORS:
        await refresh_open_rounds(ctx, group)
    await replan(ctx.services, ctx.session, group.id, ctx.now)
    return orphaned


async def release_measures(ctx: Context, group: Group, person: Person, note: str) -> list[Measure]:
    """The measures of ``group`` that ``person`` was responsible for, now with nobody, each
    with its audit entry (``note``: why, in the group's language); the caller re-plans."""
    orphaned = list(
        await ctx.session.scalars(
            select(Measure)
            .where(Measure.group_id == group.id, Measure.responsible_id == person.id)
            .order_by(Measure.number)
        )
    )
    why = ctx.services.i18n(group.lang).t(note)
    for m in orphaned:
        m.responsible_id, m.updated_at = None, ctx.now
        await measure_repo.record_event(
            ctx.session,
            m.id,
            actor_id=ctx.require_person().id,
            at=ctx.now,
            field="responsible",
            old=recorded_name(ctx, person),
            note=why,
            old_person_id=person.id,
        )
    return orphaned


async def remove(ctx: Context) -> None:
    """/remove <member> [forget]: take someone out of the group; with ``forget`` erase them."""
    group = ctx.require_group()
    person, membership = await find_member(ctx, ctx.params["member"], whole_name=True)
    if person.id == ctx.require_person().id:  # /leave asks first, and the group hears it
        raise CommandError(N_("To leave the group yourself: /leave."))
    name = shown_name(ctx, person)
    await refuse_last_coordinator(ctx, membership, name)
    wants_forget = any(w in ctx.flags for w in FORGET_WORDS)
    others = [
        m for g, m in await people.groups_of(ctx.session, person.id) if m.group_id != group.id
    ]
    if wants_forget and not others:
        # Erasing cannot be undone: the coordinator confirms with a button naming the person.
        ctx.reply(
            ctx.t(
                N_(
                    "Remove {name} from the group and delete everything about them? This cannot "
                    "be undone; their proposals stay, shown as “former member”. To confirm, "
                    "press the button."
                ),
                name=name,
            ),
            choices=(
                Choice(
                    ctx.t(N_("Remove and forget {name}"), name=name),
                    f"forget_member:{group.id}:{person.id}",
                ),
            ),
        )
        return
    orphaned = await _take_out(
        ctx, group, person, membership, N_("removed from the group by a coordinator")
    )
    text = ctx.t(N_("{name} is no longer in the group."), name=name)
    if wants_forget:
        text += "\n" + ctx.t(
            N_(
                "They are also in another steering group, so I keep their account. They can "
                "delete it themselves with /forget."
            )
        )
    ctx.reply(text)
    if person.id != ctx.require_person().id:  # they hear it, as they would a new role
        tr = their_language(ctx, person, youth=membership.role == YOUTH)
        told = N_(
            "The coordinators of {group} have taken you out of the steering group. Your "
            "proposals stay. To come back, ask a coordinator for an invite code."
        )
        # At 23:00 it waits for the end of their quiet hours, although they are out by then.
        reply = Reply(tr.t(told, group=group.name))
        await tell_when_awake(ctx, person.id, group, reply, taken_out=True)
    await flag_orphaned(ctx, orphaned)


async def forget_member_action(ctx: Context) -> None:
    """The button of ``/remove <member> forget``: ``forget_member:<group id>:<person id>``;
    only a coordinator of that group may press it, and only while the person is in it."""
    assert ctx.action is not None
    _, group_id, person_id = [*ctx.action.ref.split(":"), "", ""][:3]
    group = await ctx.session.get(Group, int(group_id)) if group_id.isdecimal() else None
    person = await ctx.session.get(Person, int(person_id)) if person_id.isdecimal() else None
    mine = (
        await people.membership(ctx.session, ctx.person.id, group.id)
        if ctx.person and group
        else None
    )
    if group is not None and ctx.person is not None and mine is None:
        raise left_group(group.name)
    if group is None or person is None or mine is None or mine.role != COORDINATOR:
        raise CommandError(N_("This button is no longer valid."))
    joined = await people.groups_of(ctx.session, person.id)
    if [g.id for g, _ in joined] != [group.id]:  # left, or joined another group meanwhile
        raise CommandError(N_("This button is no longer valid."))
    ctx.group, ctx.role = group, mine.role
    name = shown_name(ctx, person)
    ctx.reply(  # first the answer, then the note on the measures that lost their person
        ctx.t(
            N_(
                "{name} is no longer in the group and I have forgotten everything about them. "
                "Their proposals stay, shown as “former member”."
            ),
            name=name,
        )
    )
    # They hear it in their direct chat. Their accounts are read now, before the erasure
    # deletes them; the message goes out only once the erasure is committed (not if it
    # fails), and a message that cannot be delivered leaves the erasure done.
    tr = their_language(ctx, person, youth=joined[0][1].role == YOUTH)
    told = tr.t(
        N_(
            "The coordinators of {group} have taken you out of the steering group and deleted "
            "everything I stored about you: your accounts, your name, your settings and "
            "reminders. Your proposals stay for the group, shown as “former member”. To come "
            "back, ask a coordinator for an invite code; I will treat you as someone new."
        ),
        group=group.name,
    )
    accounts = people.accounts_of(await people.identities_of(ctx.session, person.id))
    ctx.send_to_accounts(accounts, Reply(told))
    await erase_and_flag(ctx, person.id, N_("removed from the group by a coordinator"))


async def _what_stays(ctx: Context, group: Group, person: Person, membership: Membership) -> str:
    """What leaving does to the person's measures, proposals and votes, as a sentence (with a
    space after it) for the leave question; nothing for a guest, who has none of them, and
    no word of measures for someone responsible for none."""
    if membership.role == OBSERVER:
        return ""
    theirs = await ctx.session.scalar(
        select(func.count())
        .select_from(Measure)
        .where(Measure.group_id == group.id, Measure.responsible_id == person.id)
    )
    if theirs:
        return (
            ctx.t(
                N_(
                    "The measures you are responsible for will have nobody, your proposals and "
                    "your votes in closed rounds stay."
                )
            )
            + " "
        )
    return ctx.t(N_("Your proposals and your votes in closed rounds stay.")) + " "


async def leave(ctx: Context) -> None:
    """/leave [yes]: leave the steering group yourself (asks first)."""
    group = ctx.require_group()
    person = ctx.require_person()
    membership = await people.membership(ctx.session, person.id, group.id)
    if membership is None:
        raise no_group(ctx)
    await refuse_last_coordinator(ctx, membership)
    if ctx.is_direct:
        # A typed yes counts for whichever group the direct chat speaks for when it arrives:
        # sent twice, or after leaving one of two groups, it would leave the next group. So a
        # direct chat asks with a button that names its group, even after a typed yes.
        several = N_(
            "Do you want to leave the steering group {group}? {stays}Coming back takes a new "
            "invite code. You are in several steering groups: to leave this one, press the "
            "button. (For another group, choose it with /group first. To have everything "
            "about you deleted instead: /forget.)"
        )
        one = N_(
            "Do you want to leave the steering group {group}? {stays}Coming back takes a new "
            "invite code. To leave, press the button. (To have everything about you deleted "
            "instead: /forget.)"
        )
        ctx.reply(
            ctx.t(
                several if ctx.groups > 1 else one,
                group=group.name,
                stays=await _what_stays(ctx, group, person, membership),
            ),
            choices=(Choice(ctx.t(N_("Leave {group}"), group=group.name), f"leave:{group.id}"),),
        )
        return
    if fold(ctx.params.get("confirm") or "").rstrip(".!") not in CONFIRM_WORDS:
        asked = N_(
            "Do you want to leave the steering group {group}? {stays}Coming back takes a new "
            "invite code. To leave, type {command} yes. (To have everything about you "
            "deleted instead: /forget.)"
        )
        stays = await _what_stays(ctx, group, person, membership)
        ctx.reply(ctx.t(asked, group=group.name, command=ctx.as_typed, stays=stays))
        return
    await _leave(ctx, group, person, membership)


async def leave_action(ctx: Context) -> None:
    """The button of :func:`leave` in a direct chat: ``leave:<group id>``. Pressed twice, the
    second press finds the person no longer in that group and changes nothing."""
    wanted = pressed_id(ctx)
    person = ctx.person
    group = await ctx.session.get(Group, wanted) if wanted is not None else None
    if person is None or group is None:
        raise CommandError(N_("This button is no longer valid."))
    membership = await people.membership(ctx.session, person.id, group.id)
    if membership is None:
        raise CommandError(N_("You are no longer in the steering group {group}."), group=group.name)
    ctx.group, ctx.role = group, membership.role
    await refuse_last_coordinator(ctx, membership)
    await _leave(ctx, group, person, membership)


async def _leave(ctx: Context, group: Group, person: Person, membership: Membership) -> None:
    name = shown_name(ctx, person)
    orphaned = await _take_out(ctx, group, person, membership)
    left = (
        N_(
            "You have left the steering group {group}. To come back, ask a coordinator for an invite code."
        )
        if membership.role == OBSERVER  # a guest made no proposals
        else N_(
            "You have left the steering group {group}. Your proposals stay. To come back, ask a "
            "coordinator for an invite code."
        )
    )
    if ctx.is_direct:
        ctx.reply(
            ctx.t(left, group=group.name)
            + _now_about(ctx, person, await people.groups_of(ctx.session, person.id))
        )
    else:
        # Everyone in the chat reads the answer: it is about the person; they hear it directly.
        ctx.reply(ctx.t(N_("{name} has left the steering group."), name=name))
        tr = their_language(ctx, person, youth=membership.role == YOUTH)
        ctx.send_to_person(person.id, Reply(tr.t(left, group=group.name)), fallback=None)
    if ctx.is_direct or ctx.in_youth_chat:  # said in the steering chat, the group saw it
        told = ctx.services.i18n(group.lang).t(N_("{name} has left the steering group."), name=name)
        await send_to_steering_chats(ctx, group.id, Reply(told))
    await flag_orphaned(ctx, orphaned)


def _now_about(ctx: Context, person: Person, joined: list[tuple[Group, Membership]]) -> str:
    """After leaving one of several groups in a direct chat: the line that says which group
    the chat's commands are about now (with one group left, answers no longer name it)."""
    if not ctx.is_direct or not joined:
        return ""
    now, _ = people.direct_group(person, joined)
    return "\n" + ctx.t(N_("Your commands in this chat are about {group} now."), group=now.name)


def commands() -> list[Command]:
    return [
        Command(
            name="remove",
            aliases=("entfernen",),
            handler=remove,
            summary=N_("remove a member (with forget: erase them)"),
            usage=N_("/remove <member> [forget]"),
            params=(Param("member", "text", label=N_("member")),),
            flags=FORGET_WORDS,
            roles=COORDINATORS,
        ),
        Command(
            name="leave",
            aliases=("austreten", "verlassen"),
            handler=leave,
            summary=N_("leave the steering group"),
            usage=N_("/leave [yes]"),
            params=(Param("confirm", required=False),),
            roles=MEMBERS,
        ),
    ]


def actions() -> dict[str, Handler]:
    return {"leave": leave_action, "forget_member": forget_member_action}
