"""Finding a voting round by its number.

Round numbers count per group, so someone in several groups may have a round 1 in each. In a
direct chat, /vote takes the round the announcement named: the group the chat speaks for when
its round is open there, else the one other group of theirs where that round is open.
"""

from __future__ import annotations

from datetime import datetime

from bot.context import Context
from bot.errors import CommandError
from bot.i18n import N_
from bot.parsing import fold
from bot.roles import CONTRIBUTORS
from storage.models import Group, Round
from storage.repo import people
from storage.repo import voting as repo


async def round_or_fail(
    ctx: Context, number: int, *, lock: bool = False, share: bool = False
) -> Round:
    """The group's round with that number, or a clear refusal."""
    found = await repo.round_by_number(
        ctx.session, ctx.require_group().id, number, lock=lock, share=share
    )
    if found is None:
        raise _no_such_round(number)
    return found


NO_SUCH_ROUND = N_("There is no round {number} in this group.")


def _no_such_round(number: int) -> CommandError:
    return CommandError(NO_SUCH_ROUND, number=number)


def is_open(rnd: Round, now: datetime) -> bool:
    """Whether ballots are still taken (closed by hand, or past its closing time)."""
    return rnd.closed_at is None and (rnd.closes_at is None or rnd.closes_at > now)


def refuse_closed(rnd: Round) -> None:
    raise CommandError(
        N_("Round {number} is closed; ballots are no longer taken."), number=rnd.number
    )


async def round_to_vote_in(ctx: Context, number: int) -> tuple[Round, str | None]:
    """The round a ballot is for, and a note for the voter when the same number is also open in
    another of their groups. In a direct chat of someone in several groups whose chat speaks
    for a group without that round open, ``ctx`` changes to the one group where it is open.
    ``group=<name>`` (last on the line) names the group outright; without it, a secret round
    (a ballot that cannot be changed) whose number is also open in another of their groups
    stores nothing: the refusal names both groups and the line to type for each."""
    named = ctx.options.get("group", "").strip()
    if not ctx.is_direct or ctx.groups < 2 or ctx.person is None:
        if named and fold(named) != fold(ctx.require_group().name):
            raise _not_your_group(named)
        return await round_or_fail(ctx, number, share=True), None
    mine = [
        (group, membership.role)
        for group, membership in await people.groups_of(ctx.session, ctx.person.id)
        if membership.role in CONTRIBUTORS or group.id == ctx.require_group().id
    ]
    if named:
        match = next(((g, r) for g, r in mine if fold(g.name) == fold(named)), None)
        if match is None:
            raise _not_your_group(named)
        group, role = match
        if group.id != ctx.require_group().id:
            ctx.group, ctx.role, ctx.heading = group, role, group.name
            ctx.speak(ctx.person.lang or group.lang)
        return await round_or_fail(ctx, number, share=True), None
    here = await repo.round_by_number(ctx.session, ctx.require_group().id, number, share=True)
    elsewhere: list[tuple[Group, str, Round]] = []
    for group, role in mine:
        if group.id == ctx.require_group().id:
            continue
        found = await repo.round_by_number(ctx.session, group.id, number, share=True)
        if found is not None and is_open(found, ctx.now):
            elsewhere.append((group, role, found))
    if here is not None and is_open(here, ctx.now):
        if not elsewhere:
            return here, None
        if here.secret and ctx.params.get("choices"):
            groups = [ctx.require_group(), *(g for g, _, _ in elsewhere)]
            raise _which_group_first(ctx, number, groups)
        return here, ctx.t(
            N_(
                "Round {number} is also open in {groups}. To vote there, choose the group "
                "first (/group {group}), then vote again."
            ),
            number=number,
            groups=", ".join(g.name for g, _, _ in elsewhere),
            group=elsewhere[0][0].name,
        )
    if len(elsewhere) == 1:
        group, role, found = elsewhere[0]
        ctx.group, ctx.role, ctx.heading = group, role, group.name
        ctx.speak(ctx.person.lang or group.lang)
        return found, None
    if elsewhere:
        raise CommandError(
            N_(
                "Round {number} is open in several of your steering groups: {groups}. Choose "
                "one with /group <name>, then vote again."
            ),
            number=number,
            groups=", ".join(g.name for g, _, _ in elsewhere),
        )
    if here is None:
        raise _no_such_round(number)
    return here, None


def _not_your_group(name: str) -> CommandError:
    return CommandError(
        N_("{group} is not one of your steering groups: /group lists yours."), group=name
    )


def _which_group_first(ctx: Context, number: int, groups: list[Group]) -> CommandError:
    """A secret ballot cannot be changed once cast: with the same round number open in more
    than one of the voter's groups, nothing is stored until they name the group."""
    choices = " ".join(ctx.params.get("choices") or [])
    error = CommandError(
        N_(
            "Round {number} is open in {groups}. In {group} it is secret: a ballot there cannot "
            "be changed. Your ballot was not stored. Type the line for the group you mean:"
        ),
        number=number,
        groups=", ".join(g.name for g in groups),
        group=groups[0].name,
    )
    error.hint = "\n".join(
        ctx.t(
            N_("{command} {number} {choices} group={group}"),
            command=ctx.as_typed,
            number=number,
            choices=choices,
            group=g.name,
        )
        for g in groups
    )
    return error
