"""Voting rounds: opening, voting (text, buttons, polls), closing by hand and on time.

Open rounds keep one ballot per person (replaced when they vote again). Secret rounds take
ballots only in the direct chat, store them without any link to the voter, and keep who has
voted apart in ``participations`` (which holds the ballot's key only while the round is open,
to take it out when the voter may no longer vote); a secret ballot cannot be changed, as
promised when it is cast ("stored without your name"); the group only hears how many have
voted. Results and the bar chart are in
:mod:`commands.voting_results`, /results, /who-voted and /shortlist in
:mod:`commands.voting_report`. ``close_due_rounds`` is for the scheduler's minute sweep.
"""

from __future__ import annotations

import dataclasses
import logging
from collections.abc import Awaitable, Callable, Mapping, Sequence
from datetime import datetime, time
from typing import Any
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from bot.arguments import missing, parse_number
from bot.ballots import named_in, to_content
from bot.context import Context, Outgoing
from bot.errors import CommandError, InvalidValue, UsageError
from bot.events import Choice, Reply, SentRef
from bot.fields import match_field
from bot.i18n import N_
from bot.parsing import fold
from bot.registry import GROUP, Command, Handler, Param
from bot.roles import CONTRIBUTORS, COORDINATORS, OBSERVER, STRANGER, YOUTH, not_allowed
from bot.scheduling import replan
from bot.scheduling.notices import take_back_in
from bot.services import Services
from bot.statuses import DONE, DROPPED, parse_status
from bot.tally import dot_rules
from bot.values import parse_datetime, parse_positive_int, require_future_datetime, shortened
from bot.vote_hints import vote_hint
from commands.common import (
    press_in_group,
    pressed_id,
    send_to_steering_chats,
    show_datetime,
)
from commands.idea_numbers import no_such_measure
from commands.idea_rounds import open_ideas, tell_proposers
from commands.voting_announcement import (
    ACTION,
    CONSENT_KEYS,
    message_key,
    opening_reply,
    remember_message,
    scheduler_context,
    show_progress,
    voted_line,
)
from commands.voting_input import (
    APPROVAL,
    CONSENT,
    DOT,
    MSG_NOT_NUMBER,
    TITLED_BALLOTS,
    parse_ballot,
    parse_method,
    parse_quorum,
    spoken_ballot,
)
from commands.voting_notice import (
    close_notices,
    held_for_quiet_hours,
    result_readers,
    results_for_youth,
    round_topic,
    tell_youth,
    youth_chat_told_key,
)
from commands.voting_posts import post_results
from commands.voting_results import (
    YOUTH_TAG,
    Outcome,
    measures_of,
    outcome,
    result_reply,
    snapshot,
)
from commands.voting_rounds import (
    NO_SUCH_ROUND,
    ballot_fits,
    is_open,
    named_group,
    refuse_closed,
    refuse_other_group,
    round_or_fail,
    round_to_vote_in,
    vote_line,
)
from storage.models import Group, Measure, Round
from storage.repo import groups as group_repo
from storage.repo import measures as measure_repo
from storage.repo import people
from storage.repo import voting as repo
from storage.repo.system import delete_keys

log = logging.getLogger(__name__)
# A round's buttons toggle choices until it closes: a press does not take them off.
REPEATABLE_ACTIONS = frozenset({ACTION})


MAX_CANDIDATES = 60
MAX_TITLE = 200
CLOSE_DEFAULT_TIME = time(23, 59)  # "closes=Friday" means by the end of Friday
CLOSE_USAGE = N_("/close <round> [now]")
# In the direct chat of someone in several groups: group= says which one's round it closes.
CLOSE_USAGE_GROUPS = N_("/close <round> [now] [group=<name>]")
VOTE_USAGE = N_("/vote <round> <choices> (e.g. 3 5 7 · 3=2 5=1 · 5>3>7 · yes)")
# In the direct chat of someone in several groups: group= says which one a ballot is for.
VOTE_USAGE_GROUPS = N_(
    "/vote <round> <choices> [group=<name>] (e.g. 3 5 7 · 3=2 5=1 · 5>3>7 · yes)"
)


# ---------------------------------------------------------------- helpers


def refuse_secret_here(ctx: Context, rnd: Round) -> None:
    """A ballot of a secret round is not taken in a group chat (the dispatcher also removes
    a typed one from the chat where the bot may)."""
    ctx.confidential = True
    raise CommandError(
        N_(
            "Round {number} is secret: please write your vote to me directly in a private chat "
            "(/vote {number} …). Nothing was stored from this message."
        ),
        number=rnd.number,
    )


async def _select_measures(ctx: Context, words: Sequence[str]) -> list[Measure]:
    """Candidates from ``ids…``, ranges ``3-7``, ``all``, ``#field`` and ``status=…``."""
    group = ctx.require_group()
    numbers: list[int] = []
    field_id: int | None = None
    use_all = False
    for word in words:
        folded = fold(word)
        if folded in ("all", "alle"):
            use_all = True
        elif word.startswith("#") and not word[1:].isdecimal():
            fields = await group_repo.fields_of(ctx.session, group.id)
            field_id = match_field(word, fields, ctx.tr).id
        else:
            for part in (p for p in word.split(",") if p):
                numbers.extend(_numbers_in(part))
    statuses = [parse_status(s) for s in ctx.options.get("status", "").split(",") if s.strip()]
    chosen: dict[int, Measure] = {}
    for number in numbers:
        measure = await measure_repo.measure_by_number(ctx.session, group.id, number)
        if measure is None:
            raise await no_such_measure(ctx, number)
        if measure.status == DROPPED:
            raise CommandError(
                N_(
                    "Measure {number} “{title}” is dropped and is not put to a vote. To plan it "
                    "again, take it up first: /status {number} proposed."
                ),
                number=measure.number,
                title=measure.title,
            )
        chosen.setdefault(measure.id, measure)
    if use_all or field_id is not None or statuses:
        found = await measure_repo.list_measures(
            ctx.session, group.id, field_id=field_id, statuses=statuses
        )
        for measure in found:
            if statuses or measure.status not in (DROPPED, DONE):
                chosen.setdefault(measure.id, measure)
    return sorted(chosen.values(), key=lambda m: m.number)


def _numbers_in(part: str) -> range:
    """The measure numbers of ``3``, ``#3`` or a range ``3-7`` (one piece of ``1-2,5``)."""
    if "-" in part and all(p.strip().isdecimal() for p in part.split("-", 1)):
        low, high = (parse_number(p) for p in part.split("-", 1))
        if high < low or high - low > MAX_CANDIDATES:
            raise UsageError(N_("“{text}” is not a range of measure numbers."), text=part[:40])
        return range(low, high + 1)
    if not part.lstrip("#").isdecimal():
        raise UsageError(MSG_NOT_NUMBER, text=part[:40])
    number = parse_number(part)
    return range(number, number + 1)


def _int_option(ctx: Context, key: str) -> int | None:
    value = ctx.options.get(key)
    if value is not None and value.strip().lstrip("+").strip("0") == "" and "0" in value:
        # "points=0": a round where nobody has anything to give
        raise CommandError(
            N_("points=0 is not possible: a dot round needs at least 1 point.")
            if key == "points"
            else N_("max=0 is not possible: at least 1 point must fit on a measure.")
        )
    return None if value is None else parse_positive_int(value, maximum=1000)


async def open_round(ctx: Context) -> None:
    """/round <method> <ids…|all|status=…|#field> [closes=…] [points=N] [max=N] [secret] [live]
    [quorum=N%] [title="…"]"""
    group = ctx.require_group()
    words = list(ctx.params.get("measures") or [])
    method = parse_method(ctx.params["method"], words)
    measures = await _select_measures(ctx, words)
    if len(measures) < 2 and not (method == CONSENT and measures):
        raise CommandError(
            N_(
                "A round needs at least two measures (a yes/no decision can be on one); you named {n}."
            ),
            n=len(measures),
        )
    if len(measures) > MAX_CANDIDATES:
        raise CommandError(
            N_("A round can have at most {limit} measures; you named {n}."),
            limit=MAX_CANDIDATES,
            n=len(measures),
        )
    points, cap = _int_option(ctx, "points"), _int_option(ctx, "max")
    if method != DOT and (points is not None or cap is not None):
        raise CommandError(N_("points= and max= are only for dot voting."))
    if method == DOT:
        points, cap = dot_rules(len(measures), points, cap)
        if cap > points:  # checked here, not in the tally: rounds stored before still count
            raise CommandError(
                N_(
                    "max={max} is more than the points each person has ({points}). Give a "
                    "smaller max= or more points=."
                ),
                max=cap,
                points=points,
            )
    quorum = parse_quorum(ctx.options["quorum"]) if "quorum" in ctx.options else None
    secret = bool(ctx.flags & {"secret", "geheim"})
    live = "live" in ctx.flags
    if secret and live:
        raise CommandError(
            N_("A secret round cannot show live results: they would reveal single ballots.")
        )
    closes_at = None
    if "closes" in ctx.options:
        zone = ZoneInfo(group.tz)
        closes_at = parse_datetime(
            ctx.options["closes"],
            now=ctx.now,
            tz=zone,
            default_time=CLOSE_DEFAULT_TIME,
            lang=ctx.lang,
        )
        require_future_datetime(closes_at, ctx.now, zone, ctx.lang)
    title = " ".join(ctx.options.get("title", "").split())
    if len(title) > MAX_TITLE:
        raise CommandError(
            N_("The title is too long ({length} characters, at most {limit})."),
            length=len(title),
            limit=MAX_TITLE,
        )
    number = await repo.next_round_number(ctx.session, group.id)  # waits for another opener
    rnd = Round(
        group_id=group.id,
        number=number,
        method=method,
        title=title,
        candidates=[m.id for m in measures],
        points=points if method == DOT else None,
        max_per_candidate=cap if method == DOT else None,
        secret=secret,
        live=live,
        quorum=quorum,
        closes_at=closes_at,
        opened_by=ctx.require_person().id,
        opened_at=ctx.now,
    )
    _refuse_same_round(await repo.open_rounds(ctx.session, group.id, ctx.now), rnd)
    ctx.session.add(rnd)
    await ctx.session.flush()
    await replan(ctx.services, ctx.session, group.id, ctx.now)  # its reminder, however soon
    log.info("round %s opened in group %s (%s)", rnd.number, group.id, method)
    youth_chat = ctx.in_youth_chat  # worded for the youth there, saying who votes
    here = (
        dataclasses.replace(ctx, tr=ctx.services.i18n(ctx.lang, informal=True))
        if youth_chat
        else ctx
    )
    reply, remember = _announcement(here, rnd, measures, youth_chat=youth_chat)
    ctx.reply(
        reply.text,
        choices=reply.choices,
        poll_max_selections=reply.poll_max_selections,
        key=reply.key,
        on_sent=remember,
        choices_listed=reply.choices_listed,
        text_without_choices=reply.text_without_choices,
        edit_room=reply.edit_room,
    )
    if youth_chat:  # the round is the whole group's: the steering chats hear of it too
        steering = dataclasses.replace(ctx, tr=ctx.services.i18n(group.lang))
        reply, remember = _announcement(steering, rnd, measures)
        await send_to_steering_chats(ctx, group.id, reply, on_sent=remember)
    await tell_youth(ctx, rnd, measures)


def _announcement(
    ctx: Context, rnd: Round, measures: Sequence[Measure], *, youth_chat: bool = False
) -> tuple[Reply, Callable[[SentRef], Awaitable[None]] | None]:
    """The round's announcement for a chat, and the ``on_sent`` that keeps where it went for
    the edits showing how many have voted (rounds with buttons, and secret rounds, whose
    announcement is edited to show the count: they have no buttons)."""
    reply = opening_reply(ctx, rnd, measures, youth_chat=youth_chat)
    if not reply.choices and not rnd.secret:
        return reply, None
    return reply, remember_message(ctx.services, rnd.id, youth_chat=youth_chat)


def _refuse_same_round(still_open: Sequence[Round], new: Round) -> None:
    """A round the same as one still open (method, measures and every setting) is refused: it
    is the same command sent twice, not a second question."""

    def rules(rnd: Round) -> tuple[object, ...]:
        return (
            rnd.method,
            sorted(rnd.candidates),
            rnd.points,
            rnd.max_per_candidate,
            bool(rnd.secret),
            bool(rnd.live),
            rnd.quorum,
            rnd.title,
            rnd.closes_at,
        )

    for rnd in still_open:
        if rules(rnd) == rules(new):
            raise CommandError(
                N_(
                    "Round {number} is already open with the same measures and rules. Close it "
                    "first with /close {number} to open it again, or change what differs."
                ),
                number=rnd.number,
            )


# ---------------------------------------------------------------- /vote and buttons


async def _rounds_open_line(ctx: Context) -> str:
    """Which rounds of the chat's group take ballots now, for a ballot naming none of them;
    with none, where else one is open (as for /vote alone), with the line that votes there."""
    rounds = await repo.open_rounds(ctx.session, ctx.require_group().id, ctx.now)
    line = _open_line(ctx, rounds)
    if rounds:
        return line
    return "\n".join([line, *await _open_in_other_groups(ctx, list(ctx.params["choices"]))])


def _open_line(ctx: Context, rounds: Sequence[Round]) -> str:
    """The line naming ``rounds``, the open rounds of the chat's group."""
    if not rounds:
        return ctx.t(N_("No round is open right now."))
    if len(rounds) == 1:
        return ctx.t(N_("Open right now: round {number}."), number=rounds[0].number)
    return ctx.t(N_("Open right now: rounds {numbers}."), numbers=_numbers(rounds))


async def _first_fitting(ctx: Context, rounds: list[Round], words: list[str]) -> Round | None:
    """The first of ``rounds`` that takes the ballot ``words``, else None."""
    for rnd in rounds:
        if await ballot_fits(ctx, rnd, words):
            return rnd
    return None


def _numbers(rounds: Sequence[Round]) -> str:
    return ", ".join(str(r.number) for r in rounds)


async def _round_typed(ctx: Context) -> int:
    """The round number /vote begins with. A ballot typed without it (``/abstimmen 3=3``,
    ``/abstimmen ja``) is answered with the round open, as the line to type."""
    typed = ctx.params["round"]
    if fold(typed) in {"runde", "round"} and ctx.params["choices"]:  # "/abstimmen Runde 1 3"
        typed = ctx.params["choices"].pop(0)
    try:
        return parse_number(typed)
    except UsageError:
        if typed.strip().lstrip("#").isdecimal():  # a number, far too large
            raise
    group = ctx.require_group()
    rounds = await repo.open_rounds(ctx.session, group.id, ctx.now)
    if not rounds:
        error = CommandError(
            N_("“{text}” is not a round number, and no round is open in {group} now."),
            text=shortened(typed, 40),
            group=group.name,
        )
        # where one is, if elsewhere, with the line that votes this ballot there
        error.hint = "\n".join(await _open_in_other_groups(ctx, [typed, *ctx.params["choices"]]))
        raise error
    example = " ".join([ctx.as_typed, str(rounds[0].number), typed, *ctx.params["choices"]])
    if len(rounds) == 1:
        raise CommandError(
            N_("The number of the round comes first: {example}"), example=shortened(example, 80)
        )
    raise CommandError(
        N_("The number of the round comes first, e.g. {example} (open: rounds {numbers})."),
        example=shortened(example, 80),
        numbers=_numbers(rounds),
    )


def _how_to_vote_in(ctx: Context, rnd: Round, measures: Mapping[int, Measure]) -> str:
    """The open round's measures and how to vote in it, with an example of its own (for a
    ballot left out: in a secret round's direct chat the voter has not the announcement)."""
    listed = [measures[c] for c in rnd.candidates if c in measures]
    hint = vote_hint(
        ctx.tr,
        rnd.method,
        rnd.number,
        [m.number for m in listed],
        points=rnd.points,
        cap=rnd.max_per_candidate,
    )
    return "\n".join([*(f"{m.number}. {m.title}" for m in listed), hint])


async def _how_to_vote_now(ctx: Context) -> str:
    """For /vote typed alone: which rounds of the chat's group are open, and with one, how to
    vote in it (with its own numbers), instead of the general usage line."""
    rounds = await repo.open_rounds(ctx.session, ctx.require_group().id, ctx.now)
    line = _open_line(ctx, rounds)
    if not rounds:
        return "\n".join([line, *await _open_in_other_groups(ctx, [])])
    if len(rounds) != 1:
        return line
    measures = await measures_of(ctx.session, rounds[0])
    return f"{line}\n{_how_to_vote_in(ctx, rounds[0], measures)}"


async def _open_in_other_groups(ctx: Context, words: list[str]) -> list[str]:
    """In the direct chat of someone in several groups: where else rounds are open, a line
    for each group with the line that votes there (``group=``: the chat speaks for one group
    only), the ballot ``words`` in the first round they fit, else how to vote in the first."""
    if not ctx.is_direct or ctx.groups < 2 or ctx.person is None:
        return []
    lines = []
    for group, membership in await people.groups_of(ctx.session, ctx.person.id):
        if group.id == ctx.require_group().id or membership.role not in CONTRIBUTORS:
            continue
        rounds = await repo.open_rounds(ctx.session, group.id, ctx.now)
        if not rounds:
            continue
        fit = await _first_fitting(ctx, rounds, words) if words else None
        number = (fit or rounds[0]).number
        line = vote_line(ctx.tr, ctx.as_typed, number, group, words if fit else [])
        lines.append(
            ctx.tn(
                "In {group} round {numbers} is open: {line}",
                "In {group} rounds {numbers} are open, e.g. {line}",
                len(rounds),
                group=group.name,
                numbers=_numbers(rounds),
                line=line,
            )
        )
    return lines


async def vote(ctx: Context) -> None:
    """/vote <round> <choices…>"""
    if ctx.params["round"] is None:  # "/abstimmen" alone: which round, and how
        error = missing(ctx, N_("number of the round"))
        error.hint = await _how_to_vote_now(ctx)
        raise error
    number = await _round_typed(ctx)
    try:
        rnd, also_open = await round_to_vote_in(ctx, number)
    except CommandError as exc:
        if exc.message == NO_SUCH_ROUND:  # a wrong number, or no round opened yet: which is
            exc.hint = await _rounds_open_line(ctx)
        raise
    if rnd.secret and not ctx.is_direct:
        refuse_secret_here(ctx, rnd)
    if not is_open(rnd, ctx.now):
        refuse_closed(rnd)
    measures = await measures_of(ctx.session, rnd)
    if not ctx.params["choices"]:  # "/abstimmen 1": how to vote in that very round
        error = missing(ctx, N_("your choice"))
        error.hint = _with_note(_how_to_vote_in(ctx, rnd, measures), also_open)
        raise error
    ids = {m.number: m.id for m in measures.values()}
    numbers = {m.id: m.number for m in measures.values()}
    in_round = [numbers[c] for c in rnd.candidates]
    try:
        ballot = parse_ballot(
            rnd.method,
            ctx.params["choices"],
            in_round,
            points=rnd.points,
            max_per_candidate=rnd.max_per_candidate,
        )
    except InvalidValue as exc:  # what was wrong, then how to vote in this very round
        hint = vote_hint(
            ctx.tr, rnd.method, rnd.number, in_round, points=rnd.points, cap=rnd.max_per_candidate
        )
        exc.hint = _with_note(hint, also_open)  # it may have been meant for another group
        raise
    content = to_content(ballot, ids)
    # an open ballot's confirmation names the titles already: the note names the number
    titled = not rnd.secret and rnd.method in TITLED_BALLOTS
    dropped = _dropped_note(ctx, measures, named_in(content, rnd.candidates), titled=titled)
    unused = _unused_points_note(ctx, rnd, content)
    note = "\n".join(n for n in (unused, dropped, also_open) if n)
    person = ctx.require_person()
    tag = YOUTH_TAG if ctx.role == YOUTH else None
    if rnd.secret:
        if ctx.identity is not None and not ctx.identity.direct_chat_id:
            ctx.identity.direct_chat_id = ctx.chat.chat_id
        if not await repo.add_secret_ballot(ctx.session, rnd.id, person.id, content, tag, ctx.now):
            raise CommandError(
                N_(
                    "You have already voted in secret round {number}. A secret ballot cannot be "
                    "changed: it is stored without your name."
                ),
                number=rnd.number,
            )
        # One statement: the count for the voter's answer and for the announcement's edit.
        counted = await repo.progress(ctx.session, rnd.id, rnd.group_id, message_key(rnd.id))
        counted_text = ctx.t(
            N_("Your secret ballot in round {number} is counted (stored without your name)."),
            number=rnd.number,
        )
        counted_text += " " + voted_line(ctx.tr, counted.cast, counted.eligible)
        ctx.reply(_with_note(counted_text, note))
        # The group hears only the count, never who: in the announcement, edited.
        await show_progress(ctx, rnd, measures, counted)
        return
    found = await repo.save_open_ballot(
        ctx.session, rnd, person.id, content, tag, ctx.now, message_key(rnd.id)
    )
    message = (
        N_("Your ballot in round {number} now reads: {ballot}.")
        if found is None
        else N_("Your ballot in round {number} is saved: {ballot}.")
    )
    saved = ctx.t(
        message,
        number=rnd.number,
        ballot=spoken_ballot(ctx.tr, rnd.method, content, numbers, _titles(measures)),
    )
    ctx.reply(_with_note(saved, note))
    if found is not None:  # a changed ballot leaves the count, and so the announcement, as it is
        await show_progress(ctx, rnd, measures, found)


def _titles(measures: Mapping[int, Measure]) -> dict[int, str]:
    return {i: m.title for i, m in measures.items()}


def _with_note(text: str, note: str | None) -> str:
    return f"{text}\n{note}" if note else text


def _unused_points_note(ctx: Context, rnd: Round, content: Mapping[str, Any]) -> str:
    """In a dot round, a ballot that gives away fewer points than the voter has: how many are
    left (a ballot is not refused for it: keeping points back is a choice)."""
    if rnd.method != DOT or not rnd.points:
        return ""
    left = rnd.points - sum(v for _, v in content["points"])
    if left <= 0:
        return ""
    text = ctx.tn(
        "{n} of your {points} points is unused.",
        "{n} of your {points} points are unused.",
        left,
        points=rnd.points,
    )
    if not rnd.secret:
        text += " " + ctx.t(
            N_("To give them, vote again with all your points: it replaces this ballot.")
        )
    return text


def _dropped_note(
    ctx: Context, measures: Mapping[int, Measure], named: set[int], *, titled: bool
) -> str:
    """For a ballot naming measures dropped since the round opened: that they were. By number
    only when the confirmation it follows names their titles (``titled``): once is enough."""
    dropped = [m for i, m in sorted(measures.items()) if i in named and m.status == DROPPED]
    if titled:
        return "\n".join(
            ctx.t(
                N_(
                    "Note: measure {number} has been dropped since the round opened; the result "
                    "will say so."
                ),
                number=m.number,
            )
            for m in dropped
        )
    return "\n".join(
        ctx.t(
            N_(
                "Note: measure {number} “{title}” has been dropped since the round opened; the "
                "result will say so."
            ),
            number=m.number,
            title=m.title,
        )
        for m in dropped
    )


async def press(ctx: Context) -> None:
    """A button press (``v:<round>:<measure|y|n|a>``) or a poll answer (``v:<round>`` with
    the selected actions): approval toggles a measure or takes the poll's set; consent sets."""
    assert ctx.action is not None
    action = ctx.action
    parts = action.ref.split(":")
    if len(parts) not in (2, 3) or not parts[1].isdecimal():
        raise CommandError(N_("This button is no longer valid."))
    rnd = await repo.round_by_id(ctx.session, int(parts[1]), share=True)
    # A press in a direct chat (on the notice of a new round) counts in the round's group,
    # as ``/vote <n> group=<name>`` would; nobody known, it is refused below.
    if rnd is not None and ctx.is_direct:
        await press_in_group(ctx, rnd.group_id)
    person = ctx.person
    if ctx.role == OBSERVER:
        raise CommandError(N_("As an observer you read along and do not vote."))
    if ctx.role == STRANGER and ctx.group is not None:  # in the youth chat: how to join
        raise not_allowed(ctx, CONTRIBUTORS, ctx.group.name)
    if person is None or ctx.role not in CONTRIBUTORS:
        raise CommandError(
            N_("Only coordinators, members and youth representatives of this group can vote.")
        )
    if rnd is None or ctx.group is None or rnd.group_id != ctx.group.id:
        raise CommandError(N_("This button is no longer valid."))
    if rnd.secret and not ctx.is_direct:
        refuse_secret_here(ctx, rnd)
    if not is_open(rnd, ctx.now):
        refuse_closed(rnd)
    if rnd.method not in (APPROVAL, CONSENT):
        raise CommandError(N_("This button is no longer valid."))
    measures = await measures_of(ctx.session, rnd)
    numbers = {m.id: m.number for m in measures.values()}
    if len(parts) == 2:  # a poll answer: every selected answer must belong to this round
        prefix = f"{ACTION}:{rnd.id}:"
        if any(not p.startswith(prefix) for p in action.selected):
            raise CommandError(N_("This button is no longer valid."))
        keys = [p.removeprefix(prefix) for p in action.selected]
    else:
        keys = [parts[2]]
    before = await repo.open_ballot(ctx.session, rnd.id, person.id)
    content: dict[str, Any] | None
    if rnd.method == CONSENT:
        if len(keys) > 1 or any(k not in CONSENT_KEYS for k in keys):
            raise CommandError(N_("This button is no longer valid."))
        content = {"value": CONSENT_KEYS[keys[0]].value} if keys else None
    else:
        if any(not k.isdecimal() or int(k) not in rnd.candidates for k in keys):
            raise CommandError(N_("This button is no longer valid."))
        chosen = {int(k) for k in keys}
        if len(parts) == 3:  # a button toggles one measure in the ballot
            current = set(before.content["approved"]) if before is not None else set()
            chosen = current ^ chosen
        content = {"approved": sorted(chosen)} if chosen else None
    found: repo.Progress | None = None
    if content is None:
        await repo.withdraw_open_ballot(ctx.session, rnd.id, person.id)
        text = ctx.t(N_("Your ballot in round {number} is withdrawn."), number=rnd.number)
        counted = before is not None
    else:
        tag = YOUTH_TAG if ctx.role == YOUTH else None
        found = await repo.save_open_ballot(
            ctx.session, rnd, person.id, content, tag, ctx.now, message_key(rnd.id)
        )
        counted = found is not None
        text = ctx.t(
            N_("Your ballot in round {number}: {ballot}."),
            number=rnd.number,
            ballot=spoken_ballot(ctx.tr, rnd.method, content, numbers, _titles(measures)),
        )
    # Confirm privately: one message per press in the group would drown the conversation.
    ctx.send_to_person(person.id, Reply(ctx.headed(text)), fallback=None)
    if counted:  # a ballot came or went; a changed one leaves the announcement as it is
        await show_progress(ctx, rnd, measures, found)


# ---------------------------------------------------------------- closing


async def _close(session: AsyncSession, rnd: Round, now: datetime) -> Outcome:
    """Close ``rnd``: the snapshot of eligible voters and the tally, which is returned for the
    result messages (tallied once, for every language)."""
    if rnd.secret:
        await repo.reshuffle_secret_ballots(session, rnd.id)
    found = await outcome(session, rnd)
    rnd.closed_at = now
    rnd.result = snapshot(found)
    # Its announcement held for a youth representative's quiet hours is no news any more.
    await take_back_in(session, rnd.group_id, None, [round_topic(rnd)])
    log.info("round id %s closed: %s ballots", rnd.id, found.result.turnout.cast)
    return found


# "/close 2 now": close before the announced closing time without being asked again.
NOW_WORDS = frozenset({"jetzt", "now", "sofort", "ja", "yes"})
CLOSE_ACTION = "vclose"  # "vclose:<round id>": the button that confirms an early close


async def close(ctx: Context) -> None:
    """/close <round> [now]: before the announced closing time, with people yet to vote, it
    asks first (a button, or ``now``). ``group=<name>``: the group whose round it is, in the
    direct chat of someone in several (chosen before, see ``named_group``)."""
    await refuse_other_group(ctx)
    rnd = await round_or_fail(ctx, ctx.params["round"], lock=True)
    if rnd.closed_at is not None:
        raise CommandError(
            N_("Round {number} is already closed. /results {number} shows the result."),
            number=rnd.number,
        )
    confirm = fold(ctx.params.get("confirm") or "").rstrip(".!")
    if confirm and confirm not in NOW_WORDS:
        raise CommandError(
            N_("To close round {number} now, type /close {number} now."), number=rnd.number
        )
    if not confirm and await _ask_before_closing_early(ctx, rnd):
        return
    await _close_and_answer(ctx, rnd)


async def _ask_before_closing_early(ctx: Context, rnd: Round) -> bool:
    """Before its announced closing time a round is closed only when asked twice, naming how
    many have not voted yet (a vote promised until Friday should not end on Tuesday by a slip).
    True when it asked."""
    if rnd.closes_at is None or rnd.closes_at <= ctx.now:
        return False
    # The count the announcement shows ("2 of 5 have voted"), in one statement.
    counted = await repo.progress(ctx.session, rnd.id, rnd.group_id, message_key(rnd.id))
    missing = counted.eligible - counted.cast
    if missing <= 0:
        return False
    ctx.reply(
        ctx.t(
            N_("Round {number} was announced to close on {when}."),
            number=rnd.number,
            when=show_datetime(ctx, rnd.closes_at),
        )
        + " "
        + ctx.tn(
            "{n} of {eligible} has not voted yet.",
            "{n} of {eligible} have not voted yet.",
            missing,
            eligible=counted.eligible,
        )
        + " "
        + ctx.t(
            N_("To close it now all the same, press the button or type /close {number} now."),
            number=rnd.number,
        ),
        choices=(
            Choice(
                ctx.t(N_("Close round {number} now"), number=rnd.number),
                f"{CLOSE_ACTION}:{rnd.id}",
            ),
        ),
    )
    return True


async def close_action(ctx: Context) -> None:
    """The button of an early ``/close``: ``vclose:<round id>``; only a coordinator of the
    round's group may press it, and a second press finds the round closed."""
    wanted = pressed_id(ctx)
    rnd = await repo.round_by_id(ctx.session, wanted) if wanted is not None else None
    if rnd is None or not await press_in_group(ctx, rnd.group_id) or ctx.role not in COORDINATORS:
        raise CommandError(N_("This button is no longer valid."))
    rnd = await round_or_fail(ctx, rnd.number, lock=True)
    if rnd.closed_at is not None:
        raise CommandError(
            N_("Round {number} is already closed. /results {number} shows the result."),
            number=rnd.number,
        )
    await _close_and_answer(ctx, rnd)


async def _close_and_answer(ctx: Context, rnd: Round) -> None:
    """Close ``rnd`` now and post its result where it is wanted."""
    group = ctx.require_group()
    found = await _close(ctx.session, rnd, ctx.now)
    rnd.result_posted_at = ctx.now  # the answer is the result: nothing for the sweep to post
    # Read once for every message of the close: the result in each language, the edits, the
    # lines for the proposers of youth ideas.
    measures = await measures_of(ctx.session, rnd)
    ideas = await open_ideas(ctx.session, rnd, measures)
    reply = await result_reply(
        ctx.session, rnd, ctx.tr, found, for_youth=ctx.in_youth_chat, measures=measures
    )
    ctx.reply(reply.text, attachments=reply.attachments)
    await close_notices(ctx, rnd, measures)
    await show_progress(ctx, rnd, measures)
    if ctx.is_direct or ctx.in_youth_chat:
        # Closed from a private chat or the youth chat: the steering group hears the result.
        group_reply = await result_reply(
            ctx.session, rnd, ctx.services.i18n(group.lang), found, measures=measures
        )
        await send_to_steering_chats(ctx, group.id, group_reply)
    readers: set[int] = set()  # youth representatives who read how their ideas did under it
    for _, item in await results_for_youth(
        ctx.session,
        ctx.services,
        group,
        rnd,
        besides=ctx.chat,
        found=found,
        measures=measures,
        ideas=ideas,
    ):
        if item.person_id is not None:
            readers.add(item.person_id)
        if not await held_for_quiet_hours(ctx.session, group, rnd, item, ctx.now):
            ctx.outbox.append(item)
    await delete_keys(ctx.session, [youth_chat_told_key(rnd.id)])  # told: no longer needed
    await tell_proposers(
        ctx.session, ctx.services, group, rnd, found, ideas, ctx.now, ctx=ctx, besides=readers
    )


async def _closing_edits(
    session: AsyncSession,
    services: Services,
    group: Group,
    rnd: Round,
    measures: Mapping[int, Measure],
) -> list[Outgoing]:
    """The edits that take the buttons off a round's announcement and its notices in direct
    chats (and end a Matrix poll) when the scheduler closes it: the same edits ``/close``
    makes, without a command. ``measures``: the round's measures by id."""
    ctx = scheduler_context(session, services, group, f"close-round-{rnd.id}")
    await close_notices(ctx, rnd, measures)
    await show_progress(ctx, rnd, measures)
    return ctx.outbox


async def close_due_rounds(services: Services, now: datetime) -> int:
    """Close every open round whose closing time has passed, then post the results that have
    not reached their group's steering chats yet (``commands.voting_posts``: a result is kept
    until it has). Returns how many rounds this call closed. Safe to run in several processes
    at once: each round is claimed by one conditional ``UPDATE``, and so is each result."""
    edits: list[Outgoing] = []
    closed = 0
    async with services.sessions() as session:
        for round_id in await repo.due_round_ids(session, now):
            try:
                async with session.begin_nested():  # one broken round must not block the rest
                    rnd = await repo.claim_round(session, round_id, now)
                    if rnd is None:
                        continue  # closed meanwhile by another sweep or a coordinator
                    group = await group_repo.group_by_id(session, rnd.group_id)
                    assert group is not None
                    found = await _close(session, rnd, now)
                    measures = await measures_of(session, rnd)  # once, for all of the close
                    ideas = await open_ideas(session, rnd, measures)
                    # those who get the result in their direct chat (``post_results``) read
                    # how their ideas did under it
                    readers = await result_readers(session, group)
                    await tell_proposers(
                        session, services, group, rnd, found, ideas, now, besides=readers
                    )
                    round_edits = await _closing_edits(session, services, group, rnd, measures)
            except Exception:
                log.exception("closing round id %s failed; it stays open", round_id)
                continue
            closed += 1
            edits.extend(round_edits)
        await session.commit()
    await post_results(services, now)
    if edits:  # the buttons come off the announcements (a missed edit only leaves a dead button)
        await services.deliver(edits)
    return closed


def _in_several_groups(ctx: Context) -> bool:
    """A direct chat of someone in more than one steering group, where ``group=`` chooses."""
    return ctx.is_direct and ctx.groups > 1


def _vote_usage_in(ctx: Context) -> str | None:
    """/vote's usage with ``group=`` for someone it helps (/help, a refusal's usage line)."""
    return VOTE_USAGE_GROUPS if _in_several_groups(ctx) else None


def _close_usage_in(ctx: Context) -> str | None:
    """/close's usage with ``group=`` for someone it helps (/help, a refusal's usage line)."""
    return CLOSE_USAGE_GROUPS if _in_several_groups(ctx) else None


def _vote_help_note(ctx: Context, name: str) -> str | None:
    """/help vote: what ``group=`` does, for someone in several groups."""
    if not _in_several_groups(ctx) or ctx.group is None:
        return None
    return ctx.t(
        N_(
            "group=<name>, last on the line, says which of your steering groups the vote is "
            "for, e.g. {example}"
        ),
        example=ctx.t(
            N_("{command} {number} {choices} group={group}"),
            command=f"/{name}",
            number=1,
            choices=2,
            group=ctx.group.name,
        ),
    )


def commands() -> list[Command]:
    return [
        Command(
            name="round",
            aliases=("runde",),
            handler=open_round,
            summary=N_("open a voting round on measures"),
            usage=N_(
                "/round approval|dot|ranked|score|consent <numbers…|all|#field|status=…> "
                '[closes=<date/time>] [points=N] [max=N] [secret] [live] [quorum=N%] [title="…"]'
            ),
            params=(
                Param("method", label=N_("voting method")),
                Param("measures", "words", required=False),
            ),
            options={
                "closes": "closes",
                "schliesst": "closes",
                "ende": "closes",
                "schluss": "closes",
                "bis": "closes",
                "points": "points",
                "punkte": "points",
                "max": "max",
                "quorum": "quorum",
                "title": "title",
                "titel": "title",
                "status": "status",
            },
            flags=("secret", "geheim", "live"),
            date_options=frozenset({"closes"}),
            roles=COORDINATORS,
            where=frozenset({GROUP}),
        ),
        Command(
            name="vote",
            aliases=("abstimmen",),
            handler=vote,
            summary=N_("vote in a round"),
            usage=VOTE_USAGE,
            usage_in=_vote_usage_in,
            help_note=_vote_help_note,
            params=(
                # see _round_typed; left out, the answer says which rounds are open
                Param("round", "word", required=False, label=N_("number of the round")),
                Param("choices", "words", required=False, label=N_("your choice")),
            ),
            # group=<name>, last: in a direct chat, the group to vote in (see round_to_vote_in)
            options={"group": "group", "gruppe": "group"},
            text_options=frozenset({"group"}),
            answers=named_group,
            roles=CONTRIBUTORS,
        ),
        Command(
            name="close",
            aliases=("schliessen", "schließen"),
            handler=close,
            summary=N_("close a voting round and show the result"),
            usage=CLOSE_USAGE,
            usage_in=_close_usage_in,
            params=(
                Param("round", "int", label=N_("number of the round")),
                Param("confirm", "word", required=False),
            ),
            # group=<name>: in a direct chat, the group whose round it closes
            options={"group": "group", "gruppe": "group"},
            text_options=frozenset({"group"}),
            answers=named_group,
            roles=COORDINATORS,
        ),
    ]


def actions() -> dict[str, Handler]:
    """Button presses and poll answers of rounds."""
    return {ACTION: press, CLOSE_ACTION: close_action}
