"""Telling the youth representatives of a voting round: that it opened, and its result.

They may vote, but a round is announced (and its result posted) in the group's steering chats,
and youth representatives are often not there: they have their own youth chat, and members under
16 are reached only in a direct chat. So a new round and its result also go to the group's youth
chat (when one is bound and the message did not come from there), or, without a youth chat, to
each youth representative directly — except to those who asked to hear about things in the group
chat, where the round is announced (never a minor: they are reached only in a direct chat).

The result in a youth representative's direct chat waits for the end of their quiet hours, as
other news does (``bot.scheduling.notices``): held as the round it is about, and made again when
it goes out (:func:`held_result`, with its chart, in their language by then); not at all when the
round or the group is gone by then. The youth chat, a group chat, gets it at once. Whoever of them
proposed an idea in the round reads how it did under the result (``commands.idea_rounds``).
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from sqlalchemy.ext.asyncio import AsyncSession

from bot.context import Context, Outgoing
from bot.direct_chat import ELSEWHERE
from bot.events import ChatRef, Reply, SentRef
from bot.i18n import N_, Translator
from bot.roles import YOUTH, YOUTH_CHAT
from bot.scheduling.notices import hold_made, tell_when_awake
from bot.scheduling.policies import GROUP as GROUP_CHANNEL
from bot.scheduling.policies import channel_of
from bot.services import Services
from bot.values import format_datetime
from bot.vote_hints import vote_hint
from commands.idea_rounds import lines_for, open_ideas
from commands.voting_announcement import (
    TAP_HINTS,
    decision_lines,
    poll_key,
    quorum_lines,
    with_choices,
)
from commands.voting_input import METHOD_NAMES, SECRET_HINT
from commands.voting_results import Outcome, measures_of, outcome, result_reply
from commands.voting_rounds import (
    also_open,
    open_elsewhere,
    secret_ballots_cast,
    vote_line,
)
from storage.models import Group, Measure, Person, Reminder, Round, SyncToken
from storage.repo import groups as group_repo
from storage.repo import people
from storage.repo import reminders as reminder_repo
from storage.repo import voting as voting_repo
from storage.repo.system import delete_keys, round_notice_key, round_notices, values_starting

#: The maker of a result held for a youth representative's quiet hours
#: (``bot.scheduling.notices.hold_made``; ``bot/app.py`` wires :func:`held_result`).
RESULT_NOTICE = "round-result"


@dataclass(frozen=True)
class YouthAudience:
    """Where the youth representatives of a group hear of a round: their youth chat (in its
    own language ``lang``, or the group's when None), or else each of ``people`` in a direct
    chat (empty when the chat is bound)."""

    chat: ChatRef | None
    people: tuple[Person, ...]
    lang: str | None = None


async def youth_audience(
    session: AsyncSession, group: Group, *, chat_told: bool = False
) -> YouthAudience | None:
    """Who to tell, or ``None`` when the group has no youth representatives. ``chat_told``:
    the youth chat heard of the round, so it hears of its result also when the group has no
    youth representative left (the only one became a member meanwhile)."""
    youth = [
        person
        for person, membership in await people.members_of(session, group.id)
        if membership.role == YOUTH and person.forgotten_at is None
    ]
    if not youth and not chat_told:
        return None
    chats = await group_repo.chats_of(session, group.id, YOUTH_CHAT)
    if chats:
        chat = chats[0]
        return YouthAudience(ChatRef(chat.platform, chat.chat_id), (), chat.lang)
    if not youth:
        return None
    settings = await reminder_repo.person_settings_for(session, (p.id for p in youth))
    direct = tuple(
        person
        for person in youth
        # an adult who hears of things in the group chat sees the round there
        if person.is_minor or channel_of(settings.get(person.id)) != GROUP_CHANNEL
    )
    return YouthAudience(None, direct)


async def result_readers(session: AsyncSession, group: Group) -> set[int]:
    """The youth representatives who get a round's result in their direct chat."""
    audience = await youth_audience(session, group)
    return {person.id for person in audience.people} if audience is not None else set()


async def tell_youth(ctx: Context, rnd: Round, measures: Sequence[Measure]) -> None:
    """After a round opened: the youth chat, or each youth representative, hears of it."""
    group = ctx.require_group()

    async def notice_in(tr: Translator) -> Reply:
        return notice_reply(tr, group, rnd, measures)

    sent = await _to_youth(
        ctx.session, ctx.services, group, ctx.chat, notice_in, answer=rnd, now=ctx.now
    )
    if ctx.in_youth_chat or any(item.person_id is None for _, item in sent):
        # opened there, or told there: its result goes there too (``results_for_youth``)
        ctx.session.add(SyncToken(key=youth_chat_told_key(rnd.id), value="1", updated_at=ctx.now))
    for _, item in sent:
        if item.person_id is None:  # the youth chat: without buttons, as before
            plain = item.reply.text_without_choices or item.reply.text
            ctx.outbox.append(dataclasses.replace(item, reply=Reply(plain)))
            continue
        # Opened at 23:00, it reaches them when their quiet hours end, unless the round closes
        # before; closed early meanwhile, it is not sent (``commands.voting._close``).
        await tell_when_awake(
            ctx,
            item.person_id,
            group,
            item.reply,
            topic=round_topic(rnd),
            by=rnd.closes_at,
            keep=round_notice_key(rnd.id, item.person_id) if item.reply.choices else None,
        )


async def close_notices(
    ctx: Context, rnd: Round, measures: Mapping[int, Measure] | None = None
) -> None:
    """Once ``rnd`` is closed: its notices with buttons in youth representatives' direct chats
    say so and lose their buttons (and end their poll), as the announcement does; in each
    one's language by now. The references go. ``measures``: the round's measures by id when
    the caller has them (read here only for a round with such notices)."""
    prefix = round_notices(rnd.id)
    kept = await values_starting(ctx.session, prefix)
    if not kept:
        return
    group = ctx.require_group()
    if measures is None:
        measures = await measures_of(ctx.session, rnd)
    in_order = [measures[c] for c in rnd.candidates if c in measures]
    for key, value in kept.items():
        person = await people.person_by_id(ctx.session, int(key.removeprefix(prefix)))
        if person is None or person.forgotten_at is not None:
            continue  # forgotten meanwhile: their chat is left alone
        tr = ctx.services.i18n(person.lang or group.lang, informal=True)
        ctx.edit(SentRef.from_stored(json.loads(value)), closed_notice(tr, group, rnd, in_order))
    await delete_keys(ctx.session, list(kept))


def closed_notice(tr: Translator, group: Group, rnd: Round, measures: Sequence[Measure]) -> Reply:
    """A closed round's notice, edited: what was voted on, without how to vote or buttons."""
    head = tr.t(
        N_("Round {number} in {group} is closed (no more votes): {method}"),
        number=rnd.number,
        group=group.name,
        method=tr.t(METHOD_NAMES[rnd.method]),
    )
    if rnd.title:
        head += f" — {rnd.title}"
    lines = [head, *(f"{m.number}. {m.title}" for m in measures), *quorum_lines(tr, rnd)]
    return Reply("\n".join(lines), key=poll_key(rnd), sent=notice_reply(tr, group, rnd, measures))


def youth_chat_told_key(round_id: int) -> str:
    """Kept in the key-value store when a round was announced in the group's youth chat (opened
    there, or its notice sent there): the result follows it there, whoever is a youth
    representative by then. It goes once the result is posted."""
    return f"round-youth-chat:{round_id}"


def round_topic(rnd: Round) -> str:
    """What a held notice of a new round is about (``bot.scheduling.notices``)."""
    return f"round:{rnd.id}"


async def results_for_youth(
    session: AsyncSession,
    services: Services,
    group: Group,
    rnd: Round,
    *,
    besides: ChatRef | None = None,
    found: Outcome | None = None,
    measures: Mapping[int, Measure],
    ideas: Sequence[Measure] | None = None,
) -> list[tuple[list[str], Outgoing]]:
    """A closed round's result for the youth chat, or for each youth representative in their
    language (with how their ideas in it did), each with the key that ``commands.voting_posts``
    keeps once it is delivered (``[platform, chat id]`` for a chat, ``["person", id]`` for a
    person). Nothing for the youth chat when it is ``besides``, the chat that gets the result
    anyway. ``measures``: the round's measures by id (read once for every language and person);
    ``found``: its tally, and ``ideas`` its open youth ideas (``commands.idea_rounds.open_ideas``),
    when the caller has them."""
    tally = found if found is not None else await outcome(session, rnd)

    async def result_in(tr: Translator) -> Reply:
        return await youth_result(session, group, rnd, tr, tally, measures)

    told = await session.get(SyncToken, youth_chat_told_key(rnd.id)) is not None
    sent = await _to_youth(session, services, group, besides, result_in, chat_told=told)
    if ideas is None and any(item.person_id is not None for _, item in sent):
        ideas = await open_ideas(session, rnd, measures)
    ideas = ideas or []
    proposers = {m.proposer_id for m in ideas}
    for n, (key, item) in enumerate(sent):
        if item.person_id not in proposers:
            continue
        person = await people.person_by_id(session, item.person_id or 0)
        if person is not None:
            tr = services.i18n(person.lang or group.lang, informal=True)
            reply = _with_ideas(tr, rnd, tally, ideas, person.id, item.reply)
            sent[n] = (key, dataclasses.replace(item, reply=reply))
    return sent


def _with_ideas(
    tr: Translator,
    rnd: Round,
    found: Outcome,
    ideas: Sequence[Measure],
    person_id: int,
    reply: Reply,
) -> Reply:
    """The round's result ``reply`` for ``person_id`` with, under it, how each of their open
    ``ideas`` in the round did (``commands.idea_rounds.lines_for``)."""
    lines = lines_for(tr, rnd, found, ideas, person_id)
    return dataclasses.replace(reply, text="\n\n".join([reply.text, *lines])) if lines else reply


async def youth_result(
    session: AsyncSession,
    group: Group,
    rnd: Round,
    tr: Translator,
    found: Outcome | None = None,
    measures: Mapping[int, Measure] | None = None,
) -> Reply:
    """A closed round's result for the youth representatives, with its chart: it names the
    group (a direct chat may serve several). ``found`` and ``measures``: see
    ``commands.voting_results.result_reply``."""
    result = await result_reply(session, rnd, tr, found, for_youth=True, measures=measures)
    head = tr.t(N_("The vote in {group} is over."), group=group.name)
    return Reply(
        f"{head}\n{result.text}", attachments=result.attachments, key=f"{result.key}:youth"
    )


async def held_for_quiet_hours(
    session: AsyncSession, group: Group, rnd: Round, item: Outgoing, now: datetime
) -> bool:
    """Whether the result ``item`` for one youth representative waits for the end of their
    quiet hours (then held, in ``session``'s unit of work) instead of going now; held once,
    however often a post retried after a crash asks. Never for the youth chat."""
    if item.person_id is None:
        return False
    return await hold_made(
        session, group, item.person_id, now, made_by=RESULT_NOTICE, subject_id=rnd.id
    )


async def held_result(session: AsyncSession, services: Services, row: Reminder) -> Reply | None:
    """The result held for a youth representative (:func:`held_for_quiet_hours`), made again
    from the round as it closed, with its chart, in their language; None when the round or
    its group is gone (nothing is sent)."""
    rnd = await voting_repo.round_by_id(session, row.subject_id or 0)
    group = await group_repo.group_by_id(session, row.group_id)
    person = await people.person_by_id(session, row.person_id or 0)
    if rnd is None or group is None or person is None:
        return None
    if rnd.group_id != group.id or rnd.closed_at is None:
        return None
    found = await outcome(session, rnd)
    measures = await measures_of(session, rnd)
    tr = services.i18n(person.lang or group.lang, informal=True)
    reply = await youth_result(session, group, rnd, tr, found, measures)
    return _with_ideas(tr, rnd, found, await open_ideas(session, rnd, measures), person.id, reply)


async def _to_youth(
    session: AsyncSession,
    services: Services,
    group: Group,
    besides: ChatRef | None,
    message: Callable[[Translator], Awaitable[Reply]],
    *,
    answer: Round | None = None,
    now: datetime | None = None,
    chat_told: bool = False,
) -> list[tuple[list[str], Outgoing]]:
    """``message`` (made once per language, in the du form) for the youth chat unless that is
    ``besides``, or else for each youth representative to reach directly; with the keys that
    ``results_for_youth`` describes. ``answer``: the round it asks to vote in (/vote) at
    ``now``; a direct chat that speaks for another group says how to switch, as a nudge does,
    or, where the round's number is open in another of their groups too (a /vote without
    ``group=`` may be asked about, or go to the chat's group), the line to vote in each.
    ``chat_told``: see :func:`youth_audience`."""
    audience = await youth_audience(session, group, chat_told=chat_told)
    if audience is None:
        return []
    replies: dict[str, Reply] = {}

    async def reply_in(lang: str) -> Reply:
        if lang not in replies:
            replies[lang] = await message(services.i18n(lang, informal=True))
        return replies[lang]

    chat = audience.chat
    if chat is not None:
        if besides is not None and chat.same_chat(besides):
            return []
        reply = await reply_in(audience.lang or group.lang)
        return [([chat.platform, chat.chat_id], Outgoing(reply, chat=chat))]
    sent = []
    for person in audience.people:
        lang = person.lang or group.lang
        reply = await reply_in(lang)
        other = (
            await people.direct_chat_elsewhere(session, person, group.id)
            if answer is not None
            else None
        )
        if answer is not None and other is not None:
            tr = services.i18n(lang, informal=True)
            also = await _also_open(session, person, group, answer, now or answer.opened_at)
            switch = (
                _lines_to_vote(tr, answer.number, group, also)
                if also
                else tr.t(ELSEWHERE, current=other.name, group=group.name)
            )
            reply = dataclasses.replace(
                reply,
                text=f"{reply.text}\n{switch}",
                text_without_choices=f"{reply.text_without_choices}\n{switch}"
                if reply.text_without_choices is not None
                else None,
            )
        sent.append((["person", str(person.id)], Outgoing(reply, person_id=person.id)))
    return sent


async def _also_open(
    session: AsyncSession, person: Person, group: Group, rnd: Round, now: datetime
) -> list[Group]:
    """The person's other groups where round ``rnd.number`` is open too, and still takes a
    ballot of theirs (not a secret round they have voted in)."""
    found = await open_elsewhere(session, person.id, rnd.number, now, besides=group.id)
    spent = await secret_ballots_cast(session, person.id, [r for _, _, r in found])
    return [g for g, _, r in found if r.id not in spent]


def _lines_to_vote(tr: Translator, number: int, group: Group, also: Sequence[Group]) -> str:
    """Round ``number`` of ``group`` open in the ``also`` groups too: the line that votes in
    each, with ``group=`` (this group first)."""
    command = tr.t(N_("/vote"))
    lines = [vote_line(tr, command, number, g, []) for g in (group, *also)]
    return also_open(tr, number, also, lines)


def notice_reply(tr: Translator, group: Group, rnd: Round, measures: Sequence[Measure]) -> Reply:
    """The notice of a new round with the buttons (or poll) of its announcement in the group
    chat, where it has them: a press is tied to the round by its id (``v:<round id>:…``), so
    it counts in the round's group whichever group the direct chat speaks for."""

    def text(buttons: bool) -> str:
        return notice(tr, group, rnd, measures, buttons=buttons)

    return with_choices(rnd, measures, tr, text)


def notice(
    tr: Translator,
    group: Group,
    rnd: Round,
    measures: Sequence[Measure],
    *,
    buttons: bool = False,
) -> str:
    """What is voted on and how, for someone who did not see the announcement (saying to tap
    only with ``buttons``)."""
    method = tr.t(METHOD_NAMES[rnd.method])
    if rnd.title:
        head = tr.t(
            N_("New voting round in {group}: round {number} “{title}” ({method})."),
            group=group.name,
            number=rnd.number,
            title=rnd.title,
            method=method,
        )
    else:
        head = tr.t(
            N_("New voting round in {group}: round {number} ({method})."),
            group=group.name,
            number=rnd.number,
            method=method,
        )
    lines = [head, *(f"{m.number}. {m.title}" for m in measures)]
    numbers = [m.number for m in measures]
    lines.append(
        vote_hint(tr, rnd.method, rnd.number, numbers, points=rnd.points, cap=rnd.max_per_candidate)
    )
    if rnd.secret:
        lines.append(tr.t(SECRET_HINT))
    elif buttons and rnd.method in TAP_HINTS:
        lines.append(tr.t(TAP_HINTS[rnd.method]))
    # The same rules as the steering chat's announcement: one decision on all, the quorum,
    # and how the round ends.
    lines.extend(decision_lines(tr, rnd, measures))
    lines.extend(quorum_lines(tr, rnd))
    if rnd.closes_at is not None:
        when = format_datetime(rnd.closes_at, ZoneInfo(group.tz), tr.lang)
        lines.append(tr.t(N_("Closes: {when}."), when=when))
    else:
        lines.append(
            tr.t(
                N_(
                    "No closing time is set: the coordinators close the round, and the result "
                    "comes here then."
                )
            )
        )
    return "\n".join(lines)
