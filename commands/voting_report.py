"""After the vote: results (hidden until close unless live), who voted, shortlisting."""

from __future__ import annotations

from bot.context import Context
from bot.errors import CommandError, UsageError
from bot.i18n import N_
from bot.registry import Command, Param
from bot.roles import COORDINATORS, MEMBERS
from bot.statuses import PROPOSED, SHORTLISTED, STATUS_NAMES
from bot.tally import ConsentResult
from bot.values import parse_positive_int
from commands.common import shown_name
from commands.voting_announcement import voted_line
from commands.voting_results import charts, measures_of, outcome, render
from commands.voting_rounds import is_open, round_or_fail
from commands.youth import tell_youth_about_status
from storage.models import Measure
from storage.repo import measures as measure_repo
from storage.repo import voting as repo


async def _count_line(ctx: Context, round_id: int, group_id: int) -> str:
    cast = await repo.count_participants(ctx.session, round_id)
    eligible = len(await repo.eligible_voters(ctx.session, group_id))
    return voted_line(ctx.tr, cast, eligible)


async def results(ctx: Context) -> None:
    """/results <round>: the result after close, or live while open when the round says so;
    alone, of the group's newest round (the one just announced or closed)."""
    number = ctx.params.get("round")
    if number is None:
        number = await repo.latest_round_number(ctx.session, ctx.require_group().id)
        if number is None:
            raise CommandError(N_("There has been no voting round in this group yet."))
    rnd = await round_or_fail(ctx, number)
    still_open = rnd.closed_at is None
    if still_open and not rnd.live:
        ctx.reply(
            ctx.t(
                N_("The result of round {number} is shown when the round closes."),
                number=rnd.number,
            )
            + " "
            + await _count_line(ctx, rnd.id, rnd.group_id)
        )
        return
    found = await outcome(ctx.session, rnd)
    measures = await measures_of(ctx.session, rnd)
    # A youth representative, or anyone in the youth chat, is not told what to type to
    # record a decision: only that the coordination does.
    text = render(ctx.tr, rnd, found, measures, interim=still_open, for_youth=ctx.in_youth_lane)
    ctx.reply(text, attachments=charts(ctx.tr, rnd, found, measures))


async def who_voted(ctx: Context) -> None:
    """/who-voted <round>: names in open rounds, only counts in secret ones."""
    rnd = await round_or_fail(ctx, ctx.params["round"])
    if rnd.secret:
        ctx.reply(
            ctx.t(N_("Round {number} is secret."), number=rnd.number)
            + " "
            + await _count_line(ctx, rnd.id, rnd.group_id)
        )
        return
    voted = set(await repo.participants(ctx.session, rnd.id))
    eligible = await repo.eligible_voters(ctx.session, rnd.group_id)
    # In the order of the names shown: by the names themselves, a minor's pseudonym would
    # stand where their hidden name sorts ("Lutz, Jugendvertretung, Nora" says "M…").
    yes = sorted((shown_name(ctx, p) for p, _ in eligible if p.id in voted), key=str.casefold)
    no = sorted((shown_name(ctx, p) for p, _ in eligible if p.id not in voted), key=str.casefold)
    lines = [
        ctx.t(
            N_("Round {number}: {voted}"),
            number=rnd.number,
            voted=voted_line(ctx.tr, len(yes), len(eligible)),
        )
    ]
    if yes:
        lines.append(ctx.t(N_("Voted: {names}"), names=", ".join(yes)))
    if no and is_open(rnd, ctx.now):
        lines.append(ctx.t(N_("Not yet: {names}"), names=", ".join(no)))
    elif no:
        lines.append(ctx.t(N_("Did not vote: {names}"), names=", ".join(no)))
    ctx.reply("\n".join(lines))


# Shortlisting from a round that missed its quorum, knowingly.
FORCE = frozenset({"force", "erzwingen"})


async def shortlist(ctx: Context) -> None:
    """/shortlist <round> top=N: the top N of a closed round become ``shortlisted``.

    Ties at the cut are all taken (top=2 with places 1, 2, 2 takes three); only measures still
    ``proposed`` change, each with an audit-trail event.
    """
    rnd = await round_or_fail(ctx, ctx.params["round"], lock=True)
    given = ctx.options.get("top") or ctx.params.get("top")  # "/priorisieren 1 3" means top=3
    if given is None:
        raise UsageError(N_("Something is missing: {name}."), name="top=N")
    top = parse_positive_int(str(given), maximum=1000)
    if rnd.closed_at is None:
        raise CommandError(
            N_("Round {number} is still open. Close it first with /close {number}."),
            number=rnd.number,
        )
    found = await outcome(ctx.session, rnd)
    if isinstance(found.result, ConsentResult):
        raise CommandError(N_("A yes/no decision has no ranking to shortlist from."))
    if found.result.turnout.cast == 0:
        raise CommandError(
            N_("Nobody voted in round {number}, so it has no ranking to shortlist from."),
            number=rnd.number,
        )
    turnout = found.result.turnout
    if turnout.quorum is not None and not turnout.quorum_met and not ctx.flags & FORCE:
        raise CommandError(
            N_(
                "Round {number} did not reach its quorum, so its result is no decision. To "
                "shortlist from it all the same: /shortlist {number} top={top} force"
            ),
            number=rnd.number,
            top=top,
        )
    measures = await measures_of(ctx.session, rnd)
    taken = [s.candidate for s in found.result.standings if s.rank <= top]
    moved, kept = [], []
    shortlisted: list[Measure] = []
    person = ctx.require_person()
    # The audit trail is the group's: its note is in the group's language, not the caller's.
    group_tr = ctx.services.i18n(ctx.require_group().lang)
    note = group_tr.t(N_("round {number}"), number=rnd.number)
    for candidate in taken:
        measure = measures[candidate]
        if measure.status != PROPOSED:
            kept.append(f"{measure.number} ({ctx.t(STATUS_NAMES[measure.status])})")
            continue
        measure.status = SHORTLISTED
        measure.updated_at = ctx.now
        await measure_repo.record_event(
            ctx.session,
            measure.id,
            actor_id=person.id,
            at=ctx.now,
            field="status",
            old=PROPOSED,
            new=SHORTLISTED,
            note=note,
        )
        moved.append(f"{measure.number}. {measure.title}")
        shortlisted.append(measure)
    if not moved:  # shortlisted already (a second /shortlist), or moved on since
        lines = [ctx.t(N_("No measure is shortlisted anew."))]
    else:
        lines = [
            ctx.tn(
                "{n} measure is now shortlisted:", "{n} measures are now shortlisted:", len(moved)
            ),
            *moved,
        ]
    if moved and len(taken) > top:
        lines.append(
            ctx.t(
                N_("Ties at the cut are all taken ({n} instead of {top})."), n=len(taken), top=top
            )
        )
    if kept:
        lines.append(ctx.t(N_("Unchanged (not proposed any more): {list}"), list=", ".join(kept)))
    ctx.reply("\n".join(lines))
    for measure in shortlisted:  # a youth idea's proposer hears it, as after /status
        await tell_youth_about_status(ctx, measure, SHORTLISTED)


def commands() -> list[Command]:
    return [
        Command(
            name="results",
            aliases=("ergebnis", "ergebnisse"),
            handler=results,
            summary=N_("result of a voting round"),
            usage=N_("/results [round]"),
            params=(Param("round", "int", label=N_("number of the round"), required=False),),
            roles=MEMBERS,  # a youth representative votes too, and looks up the result
        ),
        Command(
            name="who-voted",
            aliases=("werhatgewaehlt", "werhatgewählt", "who_voted", "whovoted"),
            handler=who_voted,
            summary=N_("who has voted in a round"),
            usage=N_("/who-voted <round>"),
            params=(Param("round", "int", label=N_("number of the round")),),
            roles=COORDINATORS,
        ),
        Command(
            name="shortlist",
            aliases=("priorisieren", "auswahl"),
            handler=shortlist,
            summary=N_("shortlist the top measures of a closed round"),
            usage=N_("/shortlist <round> top=N"),
            params=(
                Param("round", "int", label=N_("number of the round")),
                Param("top", "word", required=False),
            ),
            options={"top": "top"},
            flags=("force", "erzwingen"),
            roles=COORDINATORS,
        ),
    ]
