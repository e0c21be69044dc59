"""Results of voting rounds: tallying a round, the text, the bar chart, the snapshot.

Tie rule: equal totals share a place (1, 2, 2, 4) and are listed in the order of the round;
ties are never broken by chance or by the coordinator. A ranked round is ordered by the
Schulze method (a measure's figure is how many others it beats by strongest paths); the Borda
count is shown beside it, never used to break a Schulze tie. Score rounds rank by the mean.

Rendering takes a :class:`~bot.i18n.Translator`, not a context, because the scheduler closes
rounds with no command in sight.
"""

from __future__ import annotations

import dataclasses
import io
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.ballots import from_content
from bot.events import File, Reply
from bot.i18n import N_, Translator
from bot.roles import YOUTH
from bot.statuses import DROPPED, PROPOSED, SHORTLISTED, STATUS_NAMES
from bot.tally import (
    ConsentResult,
    RankedResult,
    Result,
    ScoreResult,
    ScoreStanding,
    in_group,
    result_from_kept,
    tally,
)
from commands.voting_announcement import verb_count
from commands.voting_input import (
    APPROVAL,
    CONSENT,
    DOT,
    METHOD_NAMES,
    RANKED,
    SCORE,
)
from storage.models import Measure, Round
from storage.repo import measures as measures_repo
from storage.repo import voting as repo

YOUTH_TAG = "youth"
# A youth vote of one ballot would be that person's ballot, and of two each of the two could
# tell the other's from their own: below three it is not shown apart, in open rounds too (where
# the group sees who voted, never how). In a secret round, where not even who voted is shown,
# the youth representatives' turnout is hidden below three as well: "0 of 1" would tell.
MIN_YOUTH_BALLOTS = 3


@dataclass(frozen=True)
class Outcome:
    """A round's tally, the youth representatives' tally beside it, and who could vote."""

    result: Result
    youth: Result | None
    eligible: int
    youth_eligible: int
    youth_hidden: bool = False  # fewer than MIN_YOUTH_BALLOTS: not shown apart
    youth_voted: int = 0


def _tally(
    rnd: Round,
    ballots: Sequence[Any],
    eligible: int | None,
    quorum: float | None,
    subset: Any = None,
) -> Result:
    options: dict[str, Any] = {}
    if rnd.method == DOT:
        options = {"points": rnd.points, "max_per_candidate": rnd.max_per_candidate}
    return tally(
        rnd.method,
        ballots,
        list(rnd.candidates),
        eligible=eligible,
        quorum=quorum,
        subset=subset,
        **options,
    )


async def outcome(session: AsyncSession, rnd: Round) -> Outcome:
    """The tally of ``rnd``: for a closed round the one its close kept (``kept_outcome``: the
    result shown later is the one it closed with, tallied once), else tallied from its ballots,
    with the eligible counts of its snapshot for a round closed before the tally was kept."""
    kept = kept_outcome(rnd)
    if kept is not None:
        return kept
    if rnd.closed_at is not None and rnd.result:
        eligible, youth_eligible = rnd.result["eligible"], rnd.result["youth_eligible"]
    else:
        voters = await repo.eligible_voters(session, rnd.group_id)
        eligible = len(voters)
        youth_eligible = sum(1 for _, role in voters if role == YOUTH)
    ballots = [
        from_content(rnd.method, b.content, b.tag) for b in await repo.ballots_of(session, rnd.id)
    ]
    result = _tally(rnd, ballots, eligible, rnd.quorum)
    youth = None
    hidden = False
    voted = 0
    if youth_eligible:
        youth = _tally(rnd, ballots, youth_eligible, None, in_group(YOUTH_TAG))
        voted = youth.turnout.cast
        if voted < MIN_YOUTH_BALLOTS and (voted or rnd.secret):
            youth, hidden = None, True
    return Outcome(result, youth, eligible, youth_eligible, hidden, voted)


def snapshot(found: Outcome) -> dict[str, Any]:
    """What is kept with a closed round: eligible counts and the tally (JSON), all of the
    :class:`Outcome` (see :func:`kept_outcome`)."""
    return {
        "eligible": found.eligible,
        "youth_eligible": found.youth_eligible,
        "tally": dataclasses.asdict(found.result),
        "youth": dataclasses.asdict(found.youth) if found.youth else None,
        "youth_hidden": found.youth_hidden,
        "youth_voted": found.youth_voted,
    }


def kept_outcome(rnd: Round) -> Outcome | None:
    """The tally kept when ``rnd`` closed (its :func:`snapshot`), or None for a round not
    closed, or closed before the snapshot held all of it."""
    kept = rnd.result
    if rnd.closed_at is None or not kept or "youth_voted" not in kept:
        return None
    youth = kept["youth"]
    return Outcome(
        result_from_kept(rnd.method, kept["tally"]),
        result_from_kept(rnd.method, youth) if youth else None,
        kept["eligible"],
        kept["youth_eligible"],
        kept["youth_hidden"],
        kept["youth_voted"],
    )


async def measures_of(session: AsyncSession, rnd: Round) -> dict[int, Measure]:
    """The round's measures by id."""
    return {m.id: m for m in await measures_repo.measures_by_id(session, rnd.candidates)}


async def result_reply(
    session: AsyncSession,
    rnd: Round,
    tr: Translator,
    found: Outcome | None = None,
    *,
    for_youth: bool = False,
    measures: Mapping[int, Measure] | None = None,
) -> Reply:
    """The result message of a closed round, with its chart; ``found`` is its tally and
    ``measures`` its measures by id when the caller has them already (the close that just made
    it: read once for every message), else they are read here; ``for_youth``: see
    :func:`render`."""
    if found is None:
        found = await outcome(session, rnd)
    if measures is None:
        measures = await measures_of(session, rnd)
    return Reply(
        render(tr, rnd, found, measures, for_youth=for_youth),
        attachments=charts(tr, rnd, found, measures),
        key=f"round-result:{rnd.id}:{tr.lang}",
    )


def _num(value: float, lang: str) -> str:
    text = f"{value:.2f}".rstrip("0").rstrip(".") if value != int(value) else str(int(value))
    return text.replace(".", ",") if lang == "de" else text


def _label(
    tr: Translator, measure: Measure | None, candidate: int, *, after_place: bool = False
) -> str:
    """ "3. Skatepark", marked when the measure has been dropped since (it may still win);
    ``after_place``: "No. 3 Skatepark", after "Place 2: ", where "2. …" would read as a second
    place number."""
    if measure is None:
        return f"#{candidate}"
    label = (
        tr.t(N_("No. {number} {title}"), number=measure.number, title=measure.title)
        if after_place
        else f"{measure.number}. {measure.title}"
    )
    if measure.status == DROPPED:
        label += f" ({tr.t(STATUS_NAMES[DROPPED])})"
    return label


def _standing_lines(
    tr: Translator, rnd: Round, found: Outcome, measures: Mapping[int, Measure]
) -> list[str]:
    result = found.result
    youth: dict[int, Any] = {}
    if (
        found.youth is not None
        and not isinstance(found.youth, ConsentResult)
        and found.youth.turnout.cast
    ):
        youth = {s.candidate: s for s in found.youth.standings}
    borda = {s.candidate: s.total for s in result.borda} if isinstance(result, RankedResult) else {}
    assert not isinstance(result, ConsentResult)
    ranks = [s.rank for s in result.standings]
    lines = []
    for s in result.standings:
        place = tr.t(N_("Place {rank}"), rank=s.rank)
        if ranks.count(s.rank) > 1:
            place += " " + tr.t(N_("(tie)"))
        if isinstance(s, ScoreStanding):
            figure = (
                tr.tn(
                    "mean {mean}, median {median} ({n} score)",
                    "mean {mean}, median {median} ({n} scores)",
                    s.count,
                    mean=_num(s.mean, tr.lang),
                    median=_num(s.median or 0, tr.lang),
                )
                if s.mean is not None
                else tr.t(N_("no scores"))
            )
        elif rnd.method == RANKED:
            # "beats 1" read as "beats measure 1": the measures are numbered too.
            figure = tr.tn(
                "beats {n} other measure · Borda {borda}",
                "beats {n} other measures · Borda {borda}",
                int(s.total),
                borda=_num(borda[s.candidate], tr.lang),
            )
        elif rnd.method == DOT:
            figure = tr.tn("{n} point", "{n} points", int(s.total))
        else:
            figure = tr.tn("{n} approval", "{n} approvals", int(s.total))
        label = _label(tr, measures.get(s.candidate), s.candidate, after_place=True)
        line = f"{place}: {label} — {figure}"
        if s.candidate in youth:
            y = youth[s.candidate]
            if isinstance(found.youth, ScoreResult):
                shown = _num(y.mean, tr.lang) if y.mean is not None else "–"
            elif rnd.method == RANKED:
                shown = tr.t(N_("place {rank}"), rank=y.rank)
            else:
                shown = _num(y.total, tr.lang)
            line += " · " + tr.t(N_("Jugendvotum: {value}"), value=shown)
        lines.append(line)
    return lines


def _borda_differs_in_a_tie(result: RankedResult) -> bool:
    """Whether measures sharing a place have different Borda figures beside them (15, 17 and
    14.5 all "Place 1 (tie)"), which reads as if the tie had a winner."""
    borda = {s.candidate: s.total for s in result.borda}
    shared: dict[int, set[float]] = {}
    for s in result.standings:
        shared.setdefault(s.rank, set()).add(borda[s.candidate])
    return any(len(figures) > 1 for figures in shared.values())


def render(
    tr: Translator,
    rnd: Round,
    found: Outcome,
    measures: Mapping[int, Measure],
    *,
    interim: bool = False,
    for_youth: bool = False,
) -> str:
    """The result as text: standings with ties, turnout, quorum, the youth vote beside it.
    ``for_youth``: for youth representatives, who do not record a decision themselves: an
    adopted one says what happens next, not which commands the coordinators type."""
    head = (
        N_("Interim result of round {number} ({method})")
        if interim
        else N_("Result of round {number} ({method})")
    )
    lines = [tr.t(head, number=rnd.number, method=tr.t(METHOD_NAMES[rnd.method]))]
    if rnd.title:
        lines[0] += f": {rnd.title}"
    result = found.result
    hint: list[str] = []  # after everything else: what the coordinators do next
    if isinstance(result, ConsentResult):
        subject = ", ".join(_label(tr, measures.get(c), c) for c in result.subject)
        lines.append(subject)
        lines.append(
            tr.t(
                N_("Yes: {yes} · No: {no} · Abstentions: {abstain}"),
                yes=result.yes,
                no=result.no,
                abstain=result.abstain,
            )
        )
        if isinstance(found.youth, ConsentResult) and found.youth.turnout.cast:
            y = found.youth
            lines.append(
                tr.t(
                    N_("Jugendvotum: yes {yes} · no {no} · abstentions {abstain}"),
                    yes=y.yes,
                    no=y.no,
                    abstain=y.abstain,
                )
            )
        if result.passed and _few_voted_without_quorum(result, found.eligible):
            # Without a quorum a decision stands on any turnout; one of six should not read
            # like the group's word without saying how few spoke.
            lines.append(
                tr.tn(
                    "Adopted: more yes than no votes, but only {n} of {eligible} eligible voted "
                    "({percent} %) and the round had no quorum.",
                    "Adopted: more yes than no votes, but only {n} of {eligible} eligible voted "
                    "({percent} %) and the round had no quorum.",
                    result.turnout.cast,
                    eligible=found.eligible,
                    percent=_num(round(result.turnout.percent or 0, 1), tr.lang),
                )
            )
            if not interim:
                hint = _record_hint(tr, [measures.get(c) for c in result.subject], for_youth)
        elif result.passed:
            adopted = (
                N_("Adopted: more yes than no votes, quorum met.")
                if result.turnout.quorum is not None
                else N_("Adopted: more yes than no votes.")
            )
            lines.append(tr.t(adopted))
            if not interim:
                hint = _record_hint(tr, [measures.get(c) for c in result.subject], for_youth)
        elif not result.majority:
            lines.append(
                tr.t(N_("Not adopted: no majority of yes votes (abstentions do not count)."))
            )
        else:
            lines.append(tr.t(N_("Not adopted: the quorum was not met.")))
    elif result.turnout.cast == 0:  # no places to give: all would share the first
        lines.extend(_label(tr, measures.get(s.candidate), s.candidate) for s in result.standings)
        lines.append(tr.t(N_("Nobody voted, so there is no ranking.")))
    else:
        lines.extend(_standing_lines(tr, rnd, found, measures))
        if not interim and not for_youth and result.turnout.quorum_met:
            hint = _first_places_hint(tr, rnd, result.standings, measures)
        ranks: list[int] = [s.rank for s in result.standings]
        if len(set(ranks)) < len(ranks):
            lines.append(tr.t(N_("Equal totals share a place; ties are not broken.")))
        if isinstance(result, RankedResult):
            lines.append(
                tr.t(N_("Order by the Schulze method; the Borda count is shown beside it."))
            )
            if _borda_differs_in_a_tie(result):
                lines.append(
                    tr.t(
                        N_(
                            "Borda points show how high up a measure stood on average; they do "
                            "not decide a tie."
                        )
                    )
                )
    turnout = result.turnout
    percent = _num(round(turnout.percent or 0, 1), tr.lang)
    lines.append(
        tr.t(
            N_("Turnout: {cast} of {eligible} eligible ({percent} %)."),
            cast=turnout.cast,
            eligible=found.eligible,
            percent=percent,
        )
    )
    if rnd.quorum is not None:
        if turnout.quorum_met:
            message = N_("Quorum {quorum} %: met.")
        elif isinstance(result, ConsentResult):
            message = N_("Quorum {quorum} %: not met.")
        else:
            message = N_("Quorum {quorum} %: not met, so this result does not count as a decision.")
        lines.append(tr.t(message, quorum=rnd.quorum))
    if found.youth is not None:
        lines.append(
            tr.tn(
                "Jugendvotum: {cast} of {eligible} youth representatives voted.",
                "Jugendvotum: {cast} of {eligible} youth representatives voted.",
                verb_count(found.youth.turnout.cast, found.youth_eligible),
                cast=found.youth.turnout.cast,
                eligible=found.youth_eligible,
            )
        )
    elif found.youth_hidden and rnd.secret:
        lines.append(
            tr.t(N_("Jugendvotum not shown: too few secret youth ballots to keep them secret."))
        )
    elif found.youth_hidden:
        lines.append(
            tr.tn(
                "Jugendvotum: {cast} of {eligible} youth representatives voted; not shown apart "
                "while fewer than three have voted, so that no one's choice can be read from it.",
                "Jugendvotum: {cast} of {eligible} youth representatives voted; not shown apart "
                "while fewer than three have voted, so that no one's choice can be read from it.",
                verb_count(found.youth_voted, found.youth_eligible),
                cast=found.youth_voted,
                eligible=found.youth_eligible,
            )
        )
    return "\n".join(lines + hint)


def _few_voted_without_quorum(result: ConsentResult, eligible: int) -> bool:
    """A yes/no decision without a quorum that fewer than half of those eligible voted in."""
    return result.turnout.quorum is None and result.turnout.cast * 2 < eligible


def _record_hint(
    tr: Translator, subject: Sequence[Measure | None], for_youth: bool = False
) -> list[str]:
    """After an adopted yes/no decision: how the coordinators write it into the action plan,
    for the measures not yet adopted (the vote does not change a status by itself); for youth
    representatives (``for_youth``) only that they do."""
    numbers = [m.number for m in subject if m is not None and m.status in (PROPOSED, SHORTLISTED)]
    if not numbers:
        return []
    if for_youth:
        return [tr.t(N_("The coordinators now enter the decision in the action plan."))]
    # One command for all of them, also for a decision on all 60 ideas of a workshop.
    command = tr.t(N_("/status {numbers} adopted"), numbers=" ".join(str(n) for n in numbers))
    return [tr.t(N_("Coordinators record the decision with {commands}."), commands=command)]


# The first places a ranking's hint names (ties at the cut included, as /shortlist takes them).
HINT_PLACES = 3


def _first_places_hint(
    tr: Translator, rnd: Round, standings: Sequence[Any], measures: Mapping[int, Measure]
) -> list[str]:
    """After a ranking, approval, dot or score result, for the coordinators: the line to record
    a decision on the first places (those still proposed or shortlisted, in their order;
    measures nobody chose left out), and to shortlist them (while some are still proposed)."""
    chosen = [
        s
        for s in standings
        if s.rank <= HINT_PLACES
        and (
            s.mean is not None if isinstance(s, ScoreStanding) else rnd.method == RANKED or s.total
        )
    ]
    first = [measures.get(s.candidate) for s in chosen]
    numbers = [m.number for m in first if m is not None and m.status in (PROPOSED, SHORTLISTED)]
    if not numbers:
        return []
    status = tr.t(N_("/status {numbers} adopted"), numbers=" ".join(str(n) for n in numbers))
    if not any(m is not None and m.status == PROPOSED for m in first):
        return [
            tr.t(
                N_("Coordinators record a decision on the first places with {status}."),
                status=status,
            )
        ]
    shortlist = tr.t(
        N_("/shortlist {number} top={top}"), number=rnd.number, top=max(s.rank for s in chosen)
    )
    return [
        tr.t(
            N_(
                "Coordinators record a decision on the first places with {status}, or "
                "shortlist them with {shortlist}."
            ),
            status=status,
            shortlist=shortlist,
        )
    ]


def _figure(standing: Any) -> float:
    """What a bar shows: the mean for scores, else the total (Borda points for rankings)."""
    if isinstance(standing, ScoreStanding):
        return float(standing.mean or 0)
    return float(standing.total)


def _bars(
    found: Outcome, measures: Mapping[int, Measure]
) -> tuple[list[str], list[float], list[float] | None]:
    """Labels, values and youth values (None when not shown) of the chart."""
    result, youth = found.result, found.youth
    if isinstance(result, ConsentResult):
        youth_values = None
        if isinstance(youth, ConsentResult) and youth.turnout.cast:
            youth_values = [float(youth.yes), float(youth.no), float(youth.abstain)]
        return [], [float(result.yes), float(result.no), float(result.abstain)], youth_values
    standings: Sequence[Any] = (
        result.borda if isinstance(result, RankedResult) else result.standings
    )
    order = [s.candidate for s in standings]
    labels = [str(measures[c].number) if c in measures else str(c) for c in order]
    youth_values = None
    if youth is not None and not isinstance(youth, ConsentResult) and youth.turnout.cast:
        ys: Sequence[Any] = youth.borda if isinstance(youth, RankedResult) else youth.standings
        youth_by = {s.candidate: _figure(s) for s in ys}
        youth_values = [youth_by.get(c, 0.0) for c in order]
    return labels, [_figure(s) for s in standings], youth_values


UNITS = {
    APPROVAL: N_("approvals"),
    DOT: N_("points"),
    RANKED: N_("Borda points"),
    SCORE: N_("mean score"),
    CONSENT: N_("votes"),
}


MAX_STANDING_BARS = 12


def charts(
    tr: Translator, rnd: Round, found: Outcome, measures: Mapping[int, Measure]
) -> tuple[File, ...]:
    """The result's chart; none when nobody voted (every bar would be empty)."""
    if found.result.turnout.cast == 0:
        return ()
    return (chart(tr, rnd, found, measures),)


def chart(tr: Translator, rnd: Round, found: Outcome, measures: Mapping[int, Measure]) -> File:
    """A bar chart of the result (PNG): the total per measure, the youth vote beside it."""
    import matplotlib

    matplotlib.use("Agg")  # no display: render to memory only
    from matplotlib.figure import Figure

    labels, values, youth_values = _bars(found, measures)
    if isinstance(found.result, ConsentResult):
        labels = [tr.t(N_("Yes")), tr.t(N_("No")), tr.t(N_("Abstain"))]
    # Up to a dozen bars stand side by side; more lie one below the other, so that a round
    # over 60 measures is a picture a phone shows readably, not a strip 4,000 pixels wide.
    lying = len(labels) > MAX_STANDING_BARS
    size = (
        (6.4, max(3.2, 0.22 * len(labels) + 1.2))
        if lying
        else (max(4.0, 0.6 * len(labels) + 2), 3.2)
    )
    fig = Figure(figsize=size, dpi=100)
    ax = fig.add_subplot()
    positions = list(range(len(labels)))
    width = 0.4 if youth_values is not None else 0.7
    bars = ax.barh if lying else ax.bar
    bars(
        [p - (width / 2 if youth_values else 0) for p in positions],
        values,
        width,
        label=tr.t(N_("all")),
        color="#2f6db5",
    )
    if youth_values is not None:
        bars(
            [p + width / 2 for p in positions],
            youth_values,
            width,
            label=tr.t(N_("Jugendvotum")),
            color="#f0a030",
        )
        ax.legend()
    unit = tr.t(UNITS[rnd.method])
    if lying:
        ax.set_yticks(positions, labels)
        ax.invert_yaxis()  # the first place on top
        ax.margins(y=0.01)
        ax.set_xlabel(unit)
        ax.set_ylabel(tr.t(N_("measure number")))
    else:
        ax.set_xticks(positions, labels)
        ax.set_ylabel(unit)
        if not isinstance(found.result, ConsentResult):
            ax.set_xlabel(tr.t(N_("measure number")))
    ax.set_title(tr.t(N_("Round {number}"), number=rnd.number))
    fig.tight_layout()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    caption = tr.t(N_("Round {number}"), number=rnd.number)
    return File(f"round-{rnd.number}.png", buffer.getvalue(), "image/png", caption)
