"""/help: generated from the command registry."""

from __future__ import annotations

from bot.context import Context
from bot.errors import CommandError
from bot.i18n import N_
from bot.registry import DIRECT, GROUP, Command, Param
from bot.roles import EVERYONE, ROLE_NAMES, STRANGER, YOUTH
from bot.services import pasted_code
from commands.minors import age_settled, ask_age_band

#: Commands /help lists only to someone not in the group (yet): a member who reads /join in
#: the list takes it for something still to do. Typed or asked for (/help join), they work.
FOR_NEWCOMERS = frozenset({"join"})

NO_CODE = N_(
    "“{text}” is not an invite code. To join a steering group, ask its coordinators for "
    "the code and type /join <code>."
)


async def help_(ctx: Context) -> None:
    """/help [command]"""
    registry = ctx.services.registry
    wanted = ctx.params.get("command")
    no_code = None
    if wanted and ctx.typed == "start" and _neither_command_nor_code(ctx, wanted):
        # "/start Kinderstadt": Telegram's first word, typed with a town or a wrong code.
        no_code = ctx.t(NO_CODE, text=wanted[:40])
        wanted = None
    if wanted:
        typed = wanted.lstrip("/!").rstrip("?!.,:;")  # "/hilfe abstimmen?"
        command = registry.get(typed)
        if command is None and (code := pasted_code(wanted)) is not None:
            # "/start K7X2ABCD": Telegram's way of opening a chat, typed with the code.
            raise CommandError(N_("To join with this code: /join {code}"), code=code)
        lines = []
        if command is None:
            # "/hilfe abstimen": the help of the command meant, not a question back.
            meant = registry.suggest(typed, ctx.lang, ctx.role)
            command = registry.get(meant) if meant else None
            if command is None or meant is None:
                raise registry.unknown(typed, ctx.lang, role=ctx.role)
            lines.append(ctx.t(N_("I don't know /{name}; you probably mean:"), name=typed[:40]))
        name = command.local_name(ctx.lang)
        lines += [
            f"/{name} — {ctx.t(_summary(ctx, command))}",
            ctx.t(N_("Usage: {usage}"), usage=ctx.t(command.usage_here(ctx))),
        ]
        others = command.other_names(ctx.lang)
        if others:
            lines.append(ctx.t(N_("Also: {aliases}"), aliases=", ".join(f"/{a}" for a in others)))
        # Every command says who may use it: its roles, what it says itself, or everyone.
        if command.who is not None:
            who = ctx.t(command.who)
        elif command.roles >= EVERYONE:
            who = ctx.t(N_("everyone"))
        else:
            who = ", ".join(
                ctx.t(ROLE_NAMES[r])
                for r in ("coordinator", "member", "youth", "observer")
                if r in command.roles
            )
        lines.append(ctx.t(N_("Who: {roles}"), roles=who))
        if command.where == frozenset({DIRECT}):
            lines.append(ctx.t(N_("Where: in a direct chat with me")))
        elif command.where == frozenset({GROUP}):
            lines.append(ctx.t(N_("Where: in the group chat")))
        if command.help_note is not None and (note := command.help_note(ctx, name)):
            lines.append(note)
        ctx.reply("\n".join(lines))
        return
    usable = [c for c in registry if _usable(ctx, c)]
    lines = [no_code] if no_code else []
    lines.append(ctx.t(N_("What I can do for you here:")))
    lines += [f"/{c.local_name(ctx.lang)} — {ctx.t(_summary(ctx, c))}" for c in usable]
    if ctx.is_direct and ctx.group is None:  # someone new (often after /start): how to begin
        lines.append(
            ctx.t(
                N_(
                    "New here? To set up a steering group, add me to its group chat (on "
                    "Telegram or Matrix) and type /setup <name of the town> there. With an "
                    "invite code: /join <code>."
                )
            )
        )
    lines.append(
        ctx.t(N_("/help <command> explains one command. Commands also work with ! instead of /."))
    )
    ctx.reply("\n".join(lines))
    if ctx.typed == "start" and ctx.is_direct and ctx.role == YOUTH:
        _ask_a_new_youth_representative(ctx)


def _neither_command_nor_code(ctx: Context, word: str) -> bool:
    return ctx.services.registry.get(word.lstrip("/!")) is None and pasted_code(word) is None


def _summary(ctx: Context, command: Command) -> str:
    """What the command does for this reader: some do something else for the youth (a
    proposal becomes an idea for the steering group)."""
    if command.youth_summary and ctx.in_youth_lane:
        return command.youth_summary
    return command.summary


def _ask_a_new_youth_representative(ctx: Context) -> None:
    """Telegram sends /start when someone opens the direct chat with the bot for the first
    time: a youth representative who has not answered the age question (presumed under 16,
    since the question at /join could not reach them before) gets it here; whoever answered (or
    was decided for by a coordinator with /minor) is not asked again."""
    person = ctx.person
    if person is not None and person.is_minor and not age_settled(person):
        ask_age_band(ctx, person, presume=False)


def _usable(ctx: Context, command: Command) -> bool:
    if ctx.role not in command.roles:
        return False
    if (DIRECT if ctx.is_direct else GROUP) not in command.where:
        return False
    if command.new_chats_only and not ctx.is_direct and ctx.group is not None:
        return False
    if command.listed is not None and not command.listed(ctx):
        return False
    if command.name in FOR_NEWCOMERS and ctx.role != STRANGER:
        return False
    return not (command.needs_group and ctx.group is None)


def commands() -> list[Command]:
    return [
        Command(
            name="help",
            aliases=("hilfe", "start"),
            handler=help_,
            summary=N_("list or explain commands"),
            usage=N_("/help [command]"),
            params=(Param("command", required=False),),
            roles=EVERYONE,
            needs_group=False,
        )
    ]
