"""How a youth idea did in a voting round, for the one who proposed it.

A round's result goes to the steering chats and to the youth chat (or each youth representative),
but it does not tell the proposer of an idea in it that it was theirs, and the status of an idea
voted on but not adopted stays "proposed". So when a round closes, whoever proposed a youth idea
among its candidates that is still proposed or shortlisted (a decision on it is news of its own:
``commands.youth.tell_youth_about_status``) hears in their direct chat, in one line, how it did:
its place of how many, or the yes/no decision — nobody's ballot. In their quiet hours it waits
for their end (``bot.scheduling.notices``), held as this idea's round news: a decision on the idea
taken before then (adopted at 23:00) takes its place, so they hear one message, not two.
A youth representative who gets the round's result in their direct chat reads the line under it,
in the same message (:func:`lines_for`, ``commands.voting_notice.results_for_youth``), held with
it in their quiet hours; a change of the idea's status before it goes out leaves the line off.
/myideas shows the last round each idea was in the same way (:func:`last_round`).
"""

from __future__ import annotations

from collections.abc import Collection, Iterable, Mapping
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.context import Context
from bot.direct_chat import about_other_group
from bot.events import Reply
from bot.i18n import N_, Translator
from bot.roles import YOUTH
from bot.scheduling.notices import notice_from_outside, tell_when_awake
from bot.services import Services
from bot.statuses import PROPOSED, SHORTLISTED
from bot.tally import ConsentResult
from commands.voting_results import Outcome, measures_of, outcome
from storage.models import Group, Measure, Round
from storage.repo import measures as measure_repo
from storage.repo import people
from storage.repo import voting as voting_repo

#: What a held notice of an idea's round is about (``bot.scheduling.notices``): a decision on
#: the idea takes it back (``commands.youth.tell_youth_about_status``).
ROUND_NEWS = "idea-round:{}"


def how_it_did(tr: Translator, rnd: Round, found: Outcome, measure_id: int) -> str | None:
    """ "place 4 of 5", "place 2 of 5 (tie)", "adopted", "not adopted" or "nobody voted" for
    the measure in the closed round; None when it was not among its candidates."""
    result = found.result
    if isinstance(result, ConsentResult):
        if measure_id not in result.subject:
            return None
        return tr.t(N_("adopted by the vote") if result.passed else N_("not adopted by the vote"))
    standing = next((s for s in result.standings if s.candidate == measure_id), None)
    if standing is None:
        return None
    if result.turnout.cast == 0:
        return tr.t(N_("nobody voted"))
    place = tr.t(N_("place {rank} of {count}"), rank=standing.rank, count=len(result.standings))
    if [s.rank for s in result.standings].count(standing.rank) > 1:
        place += " " + tr.t(N_("(tie)"))
    return place


def round_line(tr: Translator, rnd: Round, found: Outcome, measure: Measure) -> str | None:
    """The proposer's line: "Your idea “Skatepark” was in round 2: place 4 of 5. …"."""
    did = how_it_did(tr, rnd, found, measure.id)
    if did is None:
        return None
    passed = isinstance(found.result, ConsentResult) and found.result.passed
    then = (
        N_("The coordinators now enter the decision in the action plan.")
        if passed
        else N_("The coordinators decide how it goes on.")
    )
    line = tr.t(
        N_("Your idea “{title}” was in round {number}: {result}."),
        title=measure.title,
        number=rnd.number,
        result=did,
    )
    return f"{line} {tr.t(then)}"


async def open_ideas(
    session: AsyncSession, rnd: Round, measures: Mapping[int, Measure] | None = None
) -> list[Measure]:
    """The youth ideas among the closed round's candidates that are still proposed or
    shortlisted, their status unchanged since it closed (a decision since is news of its own).
    ``measures``: the round's measures by id when the caller has them (a close reads them once
    for all its messages)."""
    if measures is None:
        measures = await measures_of(session, rnd)
    ideas = [
        m
        for m in measures.values()
        if m.origin == "youth" and m.proposer_id is not None and m.status in (PROPOSED, SHORTLISTED)
    ]
    if not ideas or rnd.closed_at is None:
        return ideas
    changed = await measure_repo.status_changed_since(session, [m.id for m in ideas], rnd.closed_at)
    return [m for m in ideas if m.id not in changed]


def lines_for(
    tr: Translator, rnd: Round, found: Outcome, ideas: Iterable[Measure], person_id: int
) -> list[str]:
    """The lines (:func:`round_line`) of ``person_id``'s ideas among the closed round's open
    ``ideas`` (:func:`open_ideas`), for the round's result in their direct chat: one message
    with both."""
    lines = []
    for measure in ideas:
        if measure.proposer_id == person_id:
            line = round_line(tr, rnd, found, measure)
            if line is not None:
                lines.append(line)
    return lines


async def tell_proposers(
    session: AsyncSession,
    services: Services,
    group: Group,
    rnd: Round,
    found: Outcome,
    ideas: Iterable[Measure],
    now: datetime,
    *,
    ctx: Context | None = None,
    besides: Collection[int] = (),
) -> None:
    """After ``rnd`` closed: each proposer of one of its open youth ``ideas`` (:func:`open_ideas`)
    hears how it did (not whoever closed it, nor those of ``besides``, who read it with the
    round's result in their direct chat: :func:`lines_for`). From a command (``ctx``) it goes at
    once unless their quiet hours hold it; from the scheduler it is left as a notice the next
    sweep sends."""
    closer = ctx.person.id if ctx is not None and ctx.person is not None else None
    for measure in ideas:
        if measure.proposer_id in (closer, *besides):
            continue
        person = await people.person_by_id(session, measure.proposer_id or 0)
        if person is None or person.forgotten_at is not None:
            continue
        membership = await people.membership(session, person.id, group.id)
        if membership is None:  # gone from the group: the round is none of their business
            continue
        tr = services.i18n(
            person.lang or group.lang, informal=person.is_minor or membership.role == YOUTH
        )
        text = round_line(tr, rnd, found, measure)
        if text is None:
            continue
        if other := await people.direct_chat_elsewhere(session, person, group.id):
            text = about_other_group(tr, text, group.name, other.name)
        topic = ROUND_NEWS.format(measure.id)
        if ctx is not None:
            await tell_when_awake(ctx, person.id, group, Reply(text), topic=topic)
        else:
            await notice_from_outside(session, group, person.id, Reply(text), now, topic=topic)


async def last_rounds(
    session: AsyncSession, group_id: int, measure_ids: Iterable[int]
) -> dict[int, tuple[Round, Outcome]]:
    """For each of the measures that was in a closed round of the group: the last one, with
    its tally."""
    wanted = set(measure_ids)
    found: dict[int, tuple[Round, Outcome]] = {}
    if not wanted:
        return found
    for rnd in await voting_repo.closed_rounds(session, group_id):
        mine = [m for m in rnd.candidates if m in wanted and m not in found]
        if not mine:
            continue
        tally = await outcome(session, rnd)
        for measure_id in mine:
            found[measure_id] = (rnd, tally)
        if len(found) == len(wanted):
            break
    return found


def last_round(tr: Translator, measure_id: int, rounds: dict[int, tuple[Round, Outcome]]) -> str:
    """ ", last in round 2: place 4 of 5" for /myideas, or "" for a measure never voted on."""
    if measure_id not in rounds:
        return ""
    rnd, found = rounds[measure_id]
    did = how_it_did(tr, rnd, found, measure_id)
    if did is None:
        return ""
    return ", " + tr.t(N_("last in round {number}: {result}"), number=rnd.number, result=did)
