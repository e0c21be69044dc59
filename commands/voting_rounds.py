"""Finding a voting round by its number.

Round numbers count per group, so someone in several groups may have a round 1 in each. In a
direct chat, /vote takes the round the announcement named: the group the chat speaks for when
its round is open there (unless the ballot's form fits only the round of another of their
groups: it goes there), else the one other group of theirs where that round is open; a group
whose secret round they have voted in is left out (that ballot cannot be changed). The line to
vote in another group names it with ``group=``.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.arguments import read_arguments
from bot.context import Context
from bot.errors import CommandError
from bot.i18n import N_, Translator
from bot.parsing import fold
from bot.roles import CONTRIBUTORS
from bot.values import shortened
from commands.voting_input import parse_ballot
from storage.models import Group, Round
from storage.repo import measures as measures_repo
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
    ``group=<name>`` (last on the line) names the group outright (chosen before, with the
    sender's role there, see :func:`named_group`). Without it, with the chat's
    round open and the same number open in another of their groups, a ballot whose form fits
    only one of the rounds goes to that one, the note saying why ("ja" where only one asks yes
    or no; fitting only the chat's open round, the note names the others with the line to vote
    there instead). Fitting several (or none), it goes to the chat's round, the note naming
    the others; but a secret round there (a ballot that cannot be changed) stores nothing: the
    refusal names the groups and the line to type for each, as when the round is open in
    several groups and none is the chat's. A group whose secret round they have voted in takes
    no ballot of theirs any more: the ballot goes to the other one, and the note says why."""
    named = ctx.options.get("group", "").strip()
    if named or not ctx.is_direct or ctx.groups < 2 or ctx.person is None:
        await refuse_other_group(ctx)  # a group of theirs named: chosen before, see named_group
        return await round_or_fail(ctx, number, share=True), None
    here = await repo.round_by_number(ctx.session, ctx.require_group().id, number, share=True)
    open_in: list[tuple[Group, str, Round]] = []  # the chat's group first
    if here is not None and is_open(here, ctx.now):
        open_in.append((ctx.require_group(), ctx.role, here))
    open_in += await open_elsewhere(
        ctx.session, ctx.person.id, number, ctx.now, besides=ctx.require_group().id, share=True
    )
    open_in, spent = await _without_secret_ballots_cast(ctx, number, open_in)
    note = _already_voted(ctx, number, spent) if spent else None
    words = list(ctx.params.get("choices") or [])
    if open_in and open_in[0][2] is here:
        if len(open_in) == 1:
            return here, note
        fitting = [o for o in open_in if words and await ballot_fits(ctx, o[2], words)]
        if here.secret and words and len(fitting) != 1:
            raise _which_group_first(ctx, number, [g for g, _, _ in open_in])
        if len(fitting) == 1 and (here.secret or fitting[0][2] is not here):
            return _by_form(ctx, number, fitting[0], open_in, words, note)
        fit = {rnd.id for _, _, rnd in fitting}
        also = _also_open(ctx, number, open_in[1:], words, fit)
        return here, "\n".join(n for n in (note, also) if n)
    if len(open_in) == 1:
        group, role, found = open_in[0]
        ctx.group, ctx.role, ctx.heading = group, role, group.name
        ctx.speak(ctx.person.lang or group.lang)
        return found, note
    if open_in:
        raise _which_group(ctx, number, [g for g, _, _ in open_in])
    if here is None:
        raise _no_such_round(number)
    return here, None


async def named_group(ctx: Context, rest: str) -> int | None:
    """``Command.answers`` of a command that takes ``group=<name>`` (/vote, /close): in the
    direct chat of someone in several groups, the one of theirs it names, for the command to
    count there with their role there, whichever group the chat speaks for; None when it names
    none of theirs (the command refuses another name, see :func:`refuse_other_group`)."""
    command = ctx.services.registry.get(ctx.command)
    if command is None or ctx.person is None:
        return None
    scratch = dataclasses.replace(ctx, params={}, options={}, flags=set())
    try:
        read_arguments(scratch, command, rest)
    except CommandError:
        return None  # the command reads them again and answers that
    named = fold(scratch.options.get("group", "").strip())
    if not named:
        return None
    joined = await people.groups_of(ctx.session, ctx.person.id)
    return next((group.id for group, _ in joined if fold(group.name) == named), None)


async def refuse_other_group(ctx: Context) -> None:
    """``group=<name>`` naming a group other than the one the command counts in: none of the
    sender's groups (those are chosen before, see :func:`named_group`), or, in a group chat,
    another of theirs (a group chat speaks for its own group only)."""
    named = ctx.options.get("group", "").strip()
    if not named or fold(named) == fold(ctx.require_group().name):
        return
    if not ctx.is_direct and ctx.person is not None:
        joined = await people.groups_of(ctx.session, ctx.person.id)
        mine = next((group for group, _ in joined if fold(group.name) == fold(named)), None)
        if mine is not None:
            raise CommandError(
                N_(
                    "This chat speaks for {here} only: for {group}, send me the command in a "
                    "direct chat."
                ),
                here=ctx.require_group().name,
                group=mine.name,
            )
    raise _not_your_group(named)


async def ballot_fits(ctx: Context, rnd: Round, words: list[str]) -> bool:
    """Whether ``words`` is a ballot the round takes (its method, its measures, its points)."""
    measures = await measures_repo.measures_by_id(ctx.session, rnd.candidates)
    numbers = {m.id: m.number for m in measures}
    try:
        parse_ballot(
            rnd.method,
            words,
            [numbers[c] for c in rnd.candidates if c in numbers],
            points=rnd.points,
            max_per_candidate=rnd.max_per_candidate,
        )
    except CommandError:
        return False
    return True


def _by_form(
    ctx: Context,
    number: int,
    chosen: tuple[Group, str, Round],
    open_in: list[tuple[Group, str, Round]],
    words: list[str],
    note: str | None,
) -> tuple[Round, str]:
    """Round ``number`` open in several of the voter's groups, the chat's among them: the ballot
    goes to the one round it fits (a yes where only one round asks yes or no), and the note
    says where it went and why."""
    group, role, found = chosen
    if group.id != ctx.require_group().id:
        ctx.group, ctx.role, ctx.heading = group, role, group.name
        ctx.speak(ctx.require_person().lang or group.lang)
    went = ctx.t(
        N_(
            "Round {number} is also open in {groups}; “{ballot}” fits only the round in "
            "{group}, so your ballot went there."
        ),
        number=number,
        groups=", ".join(g.name for g, _, _ in open_in if g.id != group.id),
        ballot=shortened(" ".join(words), 40),
        group=group.name,
    )
    return found, "\n".join(n for n in (note, went) if n)


def _also_open(
    ctx: Context,
    number: int,
    elsewhere: list[tuple[Group, str, Round]],
    words: list[str],
    fit: set[int],
) -> str:
    """The note on a ballot the chat's group took: where else round ``number`` is open, with
    the line to vote there (the ballot as typed, where it fits that round: its id in
    ``fit``)."""
    lines = [
        vote_line(ctx.tr, ctx.as_typed, number, group, words if rnd.id in fit else [])
        for group, _, rnd in elsewhere
    ]
    return also_open(ctx.tr, number, [g for g, _, _ in elsewhere], lines)


def also_open(tr: Translator, number: int, groups: Sequence[Group], lines: Sequence[str]) -> str:
    """Round ``number`` is also open in ``groups``: the ``lines`` that vote there (one line:
    on the same line)."""
    names = ", ".join(g.name for g in groups)
    if len(lines) == 1:
        return tr.t(
            N_("Round {number} is also open in {groups}. To vote there: {line}"),
            number=number,
            groups=names,
            line=lines[0],
        )
    text = tr.t(
        N_("Round {number} is also open in {groups}. The line to vote in each:"),
        number=number,
        groups=names,
    )
    return "\n".join([text, *lines])


async def open_elsewhere(
    session: AsyncSession,
    person_id: int,
    number: int,
    now: datetime,
    *,
    besides: int,
    share: bool = False,
) -> list[tuple[Group, str, Round]]:
    """The person's groups other than ``besides`` where they vote (their role there) and round
    ``number`` is open at ``now``; ``share``: the rounds read for a ballot (see
    :func:`storage.repo.voting.round_by_number`)."""
    found: list[tuple[Group, str, Round]] = []
    for group, membership in await people.groups_of(session, person_id):
        if group.id == besides or membership.role not in CONTRIBUTORS:
            continue
        rnd = await repo.round_by_number(session, group.id, number, share=share)
        if rnd is not None and is_open(rnd, now):
            found.append((group, membership.role, rnd))
    return found


async def secret_ballots_cast(
    session: AsyncSession, person_id: int, rounds: Sequence[Round]
) -> set[int]:
    """The ids of the secret ones of ``rounds`` the person has voted in: a secret ballot
    cannot be changed, so those take no ballot of theirs any more."""
    secret = [r.id for r in rounds if r.secret]
    return await repo.voted_in(session, secret, person_id) if secret else set()


async def _without_secret_ballots_cast(
    ctx: Context, number: int, open_in: list[tuple[Group, str, Round]]
) -> tuple[list[tuple[Group, str, Round]], list[Group]]:
    """Of the voter's groups where round ``number`` is open (more than one), those still
    taking a ballot of theirs, and those whose secret round they have voted in already (a
    secret ballot cannot be changed: a ballot now is for another group). Voted in all of
    them, the ballot is refused. With one group, ``/vote`` answers as in any chat."""
    if len(open_in) < 2 or ctx.person is None:
        return open_in, []
    voted = await secret_ballots_cast(ctx.session, ctx.person.id, [r for _, _, r in open_in])
    spent = [g for g, _, r in open_in if r.id in voted]
    if len(spent) == len(open_in):
        raise CommandError(
            N_(
                "You have already voted in secret round {number} in {groups}. A secret ballot "
                "cannot be changed: it is stored without your name."
            ),
            number=number,
            groups=", ".join(g.name for g in spent),
        )
    return [o for o in open_in if o[2].id not in voted], spent


def _already_voted(ctx: Context, number: int, spent: list[Group]) -> str:
    """The note on a ballot that went past the groups whose secret round it cannot change."""
    return ctx.t(
        N_(
            "In {groups} you have already voted in secret round {number}: a secret ballot "
            "cannot be changed."
        ),
        number=number,
        groups=", ".join(g.name for g in spent),
    )


def _not_your_group(name: str) -> CommandError:
    return CommandError(
        N_("{group} is not one of your steering groups: /group lists yours."), group=name
    )


def _which_group_first(ctx: Context, number: int, groups: list[Group]) -> CommandError:
    """A secret ballot cannot be changed once cast: with the same round number open in more
    than one of the voter's groups, nothing is stored until they name the group."""
    error = CommandError(
        N_(
            "Round {number} is open in {groups}. In {group} it is secret: a ballot there cannot "
            "be changed. Your ballot was not stored. Type the line for the group you mean:"
        ),
        number=number,
        groups=", ".join(g.name for g in groups),
        group=groups[0].name,
    )
    error.hint = _group_lines(ctx, number, groups)
    return error


def _which_group(ctx: Context, number: int, groups: list[Group]) -> CommandError:
    """The same round number open in several of the voter's groups, none of them the one the
    chat speaks for: nothing is stored until they name the group."""
    error = CommandError(
        N_(
            "Round {number} is open in several of your steering groups: {groups}. Your ballot "
            "was not stored. Type the line for the group you mean:"
        )
        if ctx.params.get("choices")
        else N_(
            "Round {number} is open in several of your steering groups: {groups}. Type the "
            "line for the group you mean:"
        ),
        number=number,
        groups=", ".join(g.name for g in groups),
    )
    error.hint = _group_lines(ctx, number, groups)
    return error


def _group_lines(ctx: Context, number: int, groups: list[Group]) -> str:
    """The line to type for each group: the ballot as typed, with ``group=`` naming it."""
    words = list(ctx.params.get("choices") or [])
    return "\n".join(vote_line(ctx.tr, ctx.as_typed, number, g, words) for g in groups)


def vote_line(tr: Translator, command: str, number: int, group: Group, words: list[str]) -> str:
    """The line that votes ``words`` in round ``number`` of ``group`` from a direct chat
    (without ``words``: the line answered with how to vote in that round); ``command``: /vote
    as the reader types it (``Context.as_typed``)."""
    choices = " ".join(words)
    return tr.t(
        N_("{command} {number} {choices} group={group}")
        if choices
        else N_("{command} {number} group={group}"),
        command=command,
        number=number,
        choices=choices,
        group=group.name,
    )
