"""/group: which steering group a chat belongs to; in a direct chat, someone in several groups
chooses the one their commands there apply to."""

from __future__ import annotations

from bot.arguments import missing
from bot.context import Context
from bot.errors import CommandError
from bot.i18n import N_
from bot.parsing import RENAME_WORDS, choose, fold
from bot.programmes import programme
from bot.registry import Command, Param, not_for_youth
from bot.roles import COORDINATOR, ROLE_NAMES, no_group
from commands.groups import group_name, programme_and_name
from commands.membership import sole_coordinator
from commands.privacy import ANYONE
from storage.models import Group, Membership
from storage.repo import people

# "/gruppe verlassen": leaving is /leave, which asks first.
LEAVE_WORDS = frozenset({"leave", "verlassen", "austreten", "verlasse", "quit"})


async def group(ctx: Context) -> None:
    """/group [name or number]"""
    choice = (ctx.params.get("choice") or "").strip()
    if fold(choice) in LEAVE_WORDS and ctx.group is not None and ctx.person is not None:
        leave = ctx.services.registry.get("leave")
        membership = await people.membership(ctx.session, ctx.person.id, ctx.group.id)
        if membership is not None and await sole_coordinator(ctx.session, membership):
            # /leave would refuse them: the way out begins with handing over
            raise CommandError(
                N_(
                    "You are the only coordinator of {group}. To leave it, first hand the "
                    "coordination over (/role <name> coordinator), then /{command}."
                ),
                group=ctx.group.name,
                command=leave.local_name(ctx.lang) if leave is not None else "leave",
            )
        ctx.reply(
            ctx.t(
                N_("To leave the steering group {group}, write /{command}; I ask once more first."),
                group=ctx.group.name,
                command=leave.local_name(ctx.lang) if leave is not None else "leave",
            )
        )
        return
    if not ctx.is_direct:
        _this_chat(ctx, choice)
        return
    person = ctx.person
    joined = await people.groups_of(ctx.session, person.id) if person is not None else []
    if person is None or not joined:
        raise no_group(ctx)
    command = ctx.as_typed
    if not choice:
        _list(ctx, joined, people.direct_group(person, joined)[0], command)
        return
    chosen, membership = _pick(ctx, joined, choice, command)
    person.direct_group_id = chosen.id
    ctx.reply(
        ctx.t(
            N_("From now on, your commands in this chat are about {group} (you: {role})."),
            group=chosen.name,
            role=ctx.t(ROLE_NAMES[membership.role]),
        )
    )


def _this_chat(ctx: Context, choice: str) -> None:
    if ctx.group is None:
        raise no_group(ctx)
    first, _, rest = choice.partition(" ")
    if fold(first) in RENAME_WORDS:
        _rename(ctx, ctx.group, rest)
        return
    text = ctx.t(
        N_("This chat belongs to the steering group {group} ({programme})."),
        group=ctx.group.name,
        programme=ctx.t(programme(ctx.group.programme).title),
    )
    if choice:
        text += " " + ctx.t(N_("Choosing a group works in a direct chat with me."))
    ctx.reply(text)


def _rename(ctx: Context, group: Group, name: str) -> None:
    """/group rename <name>: a coordinator corrects the group's name."""
    if ctx.role != COORDINATOR:
        raise CommandError(N_("Only coordinators can rename the steering group."))
    if not name.strip():
        raise missing(ctx, N_("new name"))
    # "/gruppe umbenennen Kinderfreundliche Kommune Musterstadt" as in /setup: the town
    old, group.name = group.name, programme_and_name(group_name(name), group.programme)[1]
    ctx.reply(
        ctx.t(
            N_("The steering group is now called {group} (before: {old})."),
            group=group.name,
            old=old,
        )
    )


def _list(
    ctx: Context, joined: list[tuple[Group, Membership]], current: Group, command: str
) -> None:
    if len(joined) == 1:
        only, membership = joined[0]
        ctx.reply(
            ctx.t(
                N_("Your steering group: {group} (you: {role})."),
                group=only.name,
                role=ctx.t(ROLE_NAMES[membership.role]),
            )
        )
        return
    lines = [
        ctx.t(
            N_("You are in {n} steering groups; in this chat your commands are about {group}:"),
            n=len(joined),
            group=current.name,
        )
    ]
    for i, (g, m) in enumerate(joined, start=1):
        mark = " ← " + ctx.t(N_("here")) if g.id == current.id else ""
        lines.append(f"{i}. {g.name} ({ctx.t(ROLE_NAMES[m.role])}){mark}")
    lines.append(ctx.t(N_("Choose another with {command} <name or number>."), command=command))
    ctx.reply("\n".join(lines))


def _pick(
    ctx: Context, joined: list[tuple[Group, Membership]], choice: str, command: str
) -> tuple[Group, Membership]:
    """The group named (exactly, or by a unique beginning) or numbered as :func:`_list` shows."""
    found = choose(choice, joined, lambda pair: (pair[0].name,))
    if found is not None:
        return found
    same = [(i, g, m) for i, (g, m) in enumerate(joined, start=1) if fold(g.name) == fold(choice)]
    if len(same) > 1:  # two towns may well call their groups alike: the number tells them apart
        raise CommandError(
            N_("Several of your steering groups are called {group}: {choices}. Choose by number."),
            group=same[0][1].name,
            choices=", ".join(f"{command} {i} ({ctx.t(ROLE_NAMES[m.role])})" for i, _, m in same),
        )
    raise CommandError(
        N_("“{choice}” is none of your steering groups. {command} lists them."),
        choice=choice[:60],
        command=command,
    )


def commands() -> list[Command]:
    return [
        Command(
            name="group",
            aliases=("gruppe",),
            handler=group,
            summary=N_("which steering group; in a direct chat, choose yours"),
            usage=N_("/group [name or number] · in the group chat: /group rename <name>"),
            params=(Param("choice", "text", required=False),),
            roles=ANYONE,
            listed=not_for_youth,
            needs_group=False,
        )
    ]
