"""A voting round's announcement: its text, its buttons (or poll), and the edits that keep
it up to date as ballots come in and when the round closes."""

from __future__ import annotations

import dataclasses
import json
import logging
from collections.abc import Awaitable, Callable, Mapping, Sequence
from datetime import datetime
from typing import Any

from sqlalchemy.ext.asyncio import AsyncSession

from bot.context import Context, Outgoing
from bot.events import ChatRef, Choice, Message, Reply, SentRef, UserRef
from bot.i18n import N_, Translator
from bot.roles import YOUTH_CHAT
from bot.services import Services
from bot.tally import Consent
from bot.vote_hints import vote_hint
from commands.common import show_datetime
from commands.voting_input import (
    APPROVAL,
    CONSENT,
    CONSENT_NAMES,
    METHOD_NAMES,
    SECRET_HINT,
)
from storage.models import Group, Measure, Round, SyncToken
from storage.repo import groups as group_repo
from storage.repo import measures as measures_repo
from storage.repo import voting as repo
from storage.repo.system import DatabaseKeyValueStore, take_key, values_starting

log = logging.getLogger(__name__)


def voted_line(tr: Translator, cast: int, eligible: int) -> str:
    """'1 of 3 has voted.' / '2 of 3 have voted.' / '0 of 1 has voted.' (the verb agrees with
    :func:`verb_count`)."""
    return tr.tn(
        "{cast} of {eligible} has voted.",
        "{cast} of {eligible} have voted.",
        verb_count(cast, eligible),
        cast=cast,
        eligible=eligible,
    )


def verb_count(cast: int, eligible: int) -> int:
    """The number a turnout's verb agrees with: those who voted, or, when nobody has, all who
    may ("0 von 1 hat abgestimmt", not "haben"; "0 von 3 haben abgestimmt")."""
    return cast or eligible


ACTION = "v"  # button/poll actions: "v:<round id>[:<measure id>|y|n|a]", well under 64 bytes
MAX_POLL_ANSWERS = 20
# Over this many measures a button shows only the measure's number (the announcement lists
# the titles): short buttons that sit many to a row and are told apart by their number.
MAX_TITLED_BUTTONS = 20
CONSENT_KEYS = {"y": Consent.YES, "n": Consent.NO, "a": Consent.ABSTAIN}
# What each part of an announcement too long for one message leaves free for its edits: the
# count, and once closed the headline (with a title of up to 200 characters) in the last part.
EDIT_ROOM = 300
# How to vote by the buttons of choices_of, below the announcement (and the notice to a youth
# representative).
TAP_HINTS = {
    APPROVAL: N_("Or tap the measures below to tick or untick them."),
    CONSENT: N_("Or tap yes, no or abstain below."),
}
# A quorum of a ranking, approval, dot or score round: below it the result stands as a picture
# of opinion, not as a decision (said when the round opens and in its result).
QUORUM_OF_A_RANKING = N_(
    "Quorum: {quorum} % of those entitled to vote; with fewer, the result does not count as a "
    "decision."
)


def choices_of(
    rnd: Round, measures: Sequence[Measure], tr: Translator
) -> tuple[tuple[Choice, ...], int | None]:
    """Buttons (and a poll where the platform has one) for approval and consent rounds."""
    if rnd.secret:
        return (), None
    if rnd.method == APPROVAL:
        titled = len(measures) <= MAX_TITLED_BUTTONS
        choices = tuple(
            Choice(
                f"{m.number}. {m.title}"[:60] if titled else str(m.number),
                f"{ACTION}:{rnd.id}:{m.id}",
            )
            for m in measures
        )
        # Matrix polls (MSC3381) allow at most 20 answers; longer lists stay buttons.
        return choices, len(choices) if len(choices) <= MAX_POLL_ANSWERS else None
    if rnd.method == CONSENT:
        return tuple(
            Choice(tr.t(CONSENT_NAMES[value]), f"{ACTION}:{rnd.id}:{key}")
            for key, value in CONSENT_KEYS.items()
        ), 1
    return (), None


def message_key(round_id: int) -> str:
    """Where the references of a round's announcement (the message with its buttons) are kept,
    in the key-value store: a JSON list of ``[platform, chat id, thread id, message id]``, with
    a fifth item ``"youth"`` for the announcement in a youth chat (worded for the youth)."""
    return f"round-message:{round_id}"


def remember_message(
    services: Services, round_id: int, *, youth_chat: bool = False
) -> Callable[[SentRef], Awaitable[None]]:
    """An ``on_sent`` callback that keeps the announcement's reference for progress edits."""
    store = DatabaseKeyValueStore(services.sessions, services.clock)

    async def remember(ref: SentRef) -> None:
        known = json.loads(await store.get(message_key(round_id)) or "[]")
        item = ref.stored()
        known.append([*item, YOUTH_CHAT] if youth_chat else item)
        await store.set(message_key(round_id), json.dumps(known))

    return remember


async def show_progress(
    ctx: Context,
    rnd: Round,
    measures: Mapping[int, Measure] | None = None,
    found: repo.Progress | None = None,
) -> None:
    """Edit the round's announcement to say how many have voted (rounds with buttons, and
    secret rounds, whose group hears only the count: an edit, not a message per ballot whose
    timing would hint at who voted); once the round is closed, say so and take the buttons
    away. ``measures``: the round's measures by id when the caller has them (read here only
    for a round that has an announcement to edit); ``found``: the progress when the caller has
    read it already (with the ballot)."""
    if found is None:
        found = await repo.progress(ctx.session, rnd.id, rnd.group_id, message_key(rnd.id))
    cast, eligible, refs = found.cast, found.eligible, found.announcements
    if refs is None:
        return
    if measures is None:
        measures = {
            m.id: m for m in await measures_repo.measures_by_id(ctx.session, rnd.candidates)
        }
    in_order = [measures[c] for c in rnd.candidates if c in measures]
    group = ctx.require_group()
    edited: dict[bool, Reply] = {}
    for item in json.loads(refs):
        youth_chat = item[4:] == [YOUTH_CHAT]
        if youth_chat not in edited:
            # In the chat's language, whoever voted and wherever: the group's, or the youth
            # chat's own; "du" in the youth chat.
            lang = await _youth_chat_lang(ctx, group) if youth_chat else group.lang
            shown = dataclasses.replace(ctx, tr=ctx.services.i18n(lang, informal=youth_chat))
            edited[youth_chat] = _progress_reply(shown, rnd, in_order, cast, eligible, youth_chat)
        ctx.edit(SentRef.from_stored(item), edited[youth_chat])


async def _youth_chat_lang(ctx: Context, group: Group) -> str:
    """The language of the group's youth chat: its own, or the group's."""
    if ctx.in_youth_chat and ctx.binding is not None and ctx.binding.group_id == group.id:
        return ctx.binding.lang or group.lang  # known already: no statement
    chats = await group_repo.chats_of(ctx.session, group.id, YOUTH_CHAT)
    return (chats[0].lang if chats else None) or group.lang


async def refresh_open_rounds(ctx: Context, group: Group) -> None:
    """After who may vote in ``group`` changed (someone joined, left, was forgotten, or got a
    role that votes or does not): show each open round's announcement with the new count, as
    ``/whovoted`` already does, instead of the old one until the next ballot."""
    here = ctx if ctx.group is not None and ctx.group.id == group.id else None
    for rnd in await repo.open_rounds(ctx.session, group.id, ctx.now):
        await show_progress(here or dataclasses.replace(ctx, group=group), rnd)


#: The start of the key-value store's marks of groups whose open rounds are to show a new count
#: of who may vote (:func:`recount_later`); the group's id follows.
RECOUNT = "round-recount:"


async def recount_later(session: AsyncSession, group_id: int, now: datetime) -> None:
    """:func:`refresh_open_rounds` for a change from outside any chat (the operator's command
    line, which sends and edits nothing itself): a mark, in the caller's unit of work, on which
    the running bot edits the group's open rounds at its next tick (:func:`recount_marked`)."""
    await session.merge(SyncToken(key=f"{RECOUNT}{group_id}", value="1", updated_at=now))


async def recount_marked(services: Services, now: datetime) -> int:
    """The periodic job behind :func:`recount_later`: each marked group's open rounds show how
    many may vote now. A mark is taken by deleting it, with the edits' unit of work: one
    process makes them. A group whose recount fails loses its mark all the same (its count
    stays until the next ballot): the others are recounted. Returns how many groups it
    recounted."""
    edits: list[Outgoing] = []
    recounted = 0
    async with services.sessions() as session:
        for key in await values_starting(session, RECOUNT):
            if not await take_key(session, key):
                continue  # taken by another process
            try:
                async with session.begin_nested():  # one broken group must not block the rest
                    group = await group_repo.group_by_id(session, int(key.removeprefix(RECOUNT)))
                    if group is None:
                        continue
                    ctx = scheduler_context(session, services, group, f"recount-{group.id}")
                    await refresh_open_rounds(ctx, group)
            except Exception:
                log.exception("recounting the open rounds of %s failed; its mark is dropped", key)
                continue
            edits += ctx.outbox
            recounted += 1
        await session.commit()
    if edits:  # a missed edit only leaves the old count until the next ballot
        await services.deliver(edits)
    return recounted


def scheduler_context(
    session: AsyncSession, services: Services, group: Group, event_id: str
) -> Context:
    """A context for the bot's own work on ``group`` outside any chat (closing a round at its
    time, a recount), whose outbox holds the edits it makes, in the group's language."""
    origin = Message(
        ChatRef("scheduler", f"group-{group.id}"), UserRef("scheduler", "-"), "", event_id
    )
    return Context(
        message=origin,
        session=session,
        services=services,
        tr=services.i18n(group.lang),
        group=group,
    )


def opening_reply(
    ctx: Context,
    rnd: Round,
    measures: Sequence[Measure],
    *,
    youth_chat: bool = False,
) -> Reply:
    """The announcement as the round opened with it (also for a round closed since: the
    message its edits change)."""

    def text(buttons: bool) -> str:
        return announcement(
            ctx, rnd, measures, youth_chat=youth_chat, buttons=buttons, closed=False
        )

    return with_choices(rnd, measures, ctx.tr, text, edit_room=EDIT_ROOM)


def _progress_reply(
    ctx: Context,
    rnd: Round,
    measures: Sequence[Measure],
    cast: int,
    eligible: int,
    youth_chat: bool,
) -> Reply:
    # An announcement too long for one message went out in parts, and only the last is
    # edited: the edit leaves out what the earlier parts show (``sent``), so each measure
    # stays in the part it was sent in. Once closed, the last part opens with the headline
    # that says so.
    sent = opening_reply(ctx, rnd, measures, youth_chat=youth_chat)
    count = voted_line(ctx.tr, cast, eligible)
    if rnd.closed_at is not None:
        shown = announcement(ctx, rnd, measures, youth_chat=youth_chat)
        return Reply(f"{shown}\n{count}", key=poll_key(rnd), sent=sent)

    def text(buttons: bool) -> str:
        return announcement(ctx, rnd, measures, youth_chat=youth_chat, buttons=buttons) + (
            f"\n{count}"
        )

    # keyed also without buttons (a secret round's): an edit retried is the same edit
    return dataclasses.replace(
        with_choices(rnd, measures, ctx.tr, text, sent=sent), key=poll_key(rnd)
    )


def with_choices(
    rnd: Round,
    measures: Sequence[Measure],
    tr: Translator,
    text: Callable[[bool], str],
    **more: Any,
) -> Reply:
    """A message about open round ``rnd`` with its buttons or poll (:func:`choices_of`) where
    it has them, tied to the round by its key: ``text(True)`` says to tap them, and
    ``text(False)`` is for a platform that cannot offer them all (and the message of a round
    without any). ``more``: the reply's other fields."""
    choices, poll = choices_of(rnd, measures, tr)
    if not choices:
        return Reply(text(False), **more)
    return Reply(
        text(True),
        choices=choices,
        poll_max_selections=poll,
        key=poll_key(rnd),
        choices_listed=rnd.method == APPROVAL,
        text_without_choices=text(False),
        **more,
    )


def poll_key(rnd: Round) -> str:
    """The Reply.key of a round's poll; a poll answer comes back with it as Action.ref."""
    return f"{ACTION}:{rnd.id}"


def announcement(
    ctx: Context,
    rnd: Round,
    measures: Sequence[Measure],
    *,
    youth_chat: bool = False,
    buttons: bool = True,
    closed: bool | None = None,
) -> str:
    """The text that opens a round: what, which measures, the rules and how to vote. Once the
    round is closed, the same message (edited) keeps what was voted on and drops how to vote.
    In a youth chat (``youth_chat``), where not everyone is in the group, it says who votes.
    Without ``buttons`` (where the platform cannot offer them all) it does not say to tap.
    ``closed``: whether to word it as closed (default: whether the round is)."""
    if closed is None:
        closed = rnd.closed_at is not None
    lines = [
        ctx.t(
            N_("Round {number} is closed (no more votes): {method}")
            if closed
            else N_("Round {number} is open: {method}"),
            number=rnd.number,
            method=ctx.t(METHOD_NAMES[rnd.method]),
        )
    ]
    if rnd.title:
        lines[0] += f" — {rnd.title}"
    lines.extend(f"{m.number}. {m.title}" for m in measures)
    if not closed:
        lines.extend(_how_to_vote(ctx, rnd, measures, buttons=buttons))
    lines.extend(quorum_lines(ctx.tr, rnd))
    if not closed:
        lines.extend(_until_when(ctx, rnd))
        if youth_chat:
            lines.append(
                ctx.t(
                    N_(
                        "Everyone in the steering group votes, youth representatives too. Not "
                        "in it yet? Ask the coordinators for an invite code."
                    )
                )
            )
    return "\n".join(lines)


def decision_lines(tr: Translator, rnd: Round, measures: Sequence[Measure]) -> list[str]:
    """A yes/no decision on several measures is one decision on all of them: said wherever
    the round is announced, so that nobody thinks they vote on each."""
    if rnd.method != CONSENT or len(measures) < 2:
        return []
    return [
        tr.t(
            N_("One decision on all {n} measures together: yes means yes to all of them."),
            n=len(measures),
        )
    ]


def quorum_lines(tr: Translator, rnd: Round) -> list[str]:
    """The round's quorum and what it means, wherever the round is announced."""
    if rnd.quorum is None:
        return []
    if rnd.method == CONSENT:
        return [tr.t(N_("Quorum: {quorum} % of those entitled to vote."), quorum=rnd.quorum)]
    return [tr.t(QUORUM_OF_A_RANKING, quorum=rnd.quorum)]


def _how_to_vote(
    ctx: Context, rnd: Round, measures: Sequence[Measure], *, buttons: bool = True
) -> list[str]:
    """The announcement's lines on how to vote, while the round is open (saying to tap only
    with ``buttons``)."""
    lines = [
        vote_hint(
            ctx.tr,
            rnd.method,
            rnd.number,
            [m.number for m in measures],
            points=rnd.points,
            cap=rnd.max_per_candidate,
        )
    ]
    if rnd.secret:
        lines.append(ctx.t(SECRET_HINT))
    elif buttons and rnd.method in TAP_HINTS:
        lines.append(ctx.t(TAP_HINTS[rnd.method]))
    lines.extend(decision_lines(ctx.tr, rnd, measures))
    if not rnd.secret:
        lines.append(ctx.t(N_("You can change your vote until the round closes.")))
    return lines


def _until_when(ctx: Context, rnd: Round) -> list[str]:
    """The announcement's lines on when results show and how the round ends, while open."""
    return [
        ctx.t(N_("Results are shown live."))
        if rnd.live
        else ctx.t(N_("Results are shown when the round closes.")),
        ctx.t(N_("Closes: {when}."), when=show_datetime(ctx, rnd.closes_at))
        if rnd.closes_at is not None
        else ctx.t(N_("A coordinator closes it with /close {number}."), number=rnd.number),
    ]
