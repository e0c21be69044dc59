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
    for a group without that round open, ``ctx`` changes to the one group where it is open."""
    if not ctx.is_direct or ctx.groups < 2 or ctx.person is None:
        return await round_or_fail(ctx, number, share=True), None
    here = await repo.round_by_number(ctx.session, ctx.require_group().id, number, share=True)
    elsewhere: list[tuple[Group, str, Round]] = []
    for group, membership in await people.groups_of(ctx.session, ctx.person.id):
        if group.id == ctx.require_group().id or membership.role not in CONTRIBUTORS:
            continue
        found = await repo.round_by_number(ctx.session, group.id, number, share=True)
        if found is not None and is_open(found, ctx.now):
            elsewhere.append((group, membership.role, found))
    if here is not None and is_open(here, ctx.now):
        if not elsewhere:
            return here, None
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
