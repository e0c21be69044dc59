"""/myideas: what someone proposed in their group and what became of it — an idea still
waiting, turned down (with the reason) or taken up as a measure, and that measure's status now.
A youth representative hears every step as it happens; this is the list to look it up."""

from __future__ import annotations

from bot.context import Context
from bot.direct_chat import ELSEWHERE
from bot.events import Reply
from bot.i18n import N_, Translator
from bot.registry import Command
from bot.roles import CONTRIBUTORS, EVERYONE, STRANGER, YOUTH, no_group
from bot.statuses import DROPPED, POSTPONED, RESTING, STATUS_NAMES
from bot.values import format_date
from bot.values.text import sentence
from commands.common import their_language
from commands.idea_rounds import last_round, last_rounds
from commands.voting_results import Outcome
from storage.models import Group, Measure, Person, Round, YouthIdea
from storage.repo import lifecycle, people
from storage.repo import measures as repo


async def my_ideas(ctx: Context) -> None:
    """/myideas"""
    person = ctx.person
    if ctx.group is None:
        # Someone who sent ideas in a youth chat without being a member has no group the
        # direct chat speaks for: list the groups their ideas went to.
        groups = await lifecycle.groups_with_ideas_of(ctx.session, person.id) if person else []
        if not ctx.is_direct or person is None or not groups:
            raise no_group(ctx)
        ctx.reply("\n\n".join([await _list(ctx, ctx.tr, group, person) or "" for group in groups]))
        return
    group = ctx.group
    elsewhere = not ctx.is_direct and person is not None and _named_elsewhere_only(ctx, person)
    # Sent to their direct chat: in the language they chose there.
    tr = their_language(ctx, person, youth=True) if elsewhere and person else ctx.tr
    text = await _list(ctx, tr, group, person) if person is not None else None
    # The direct chat speaks for one group at a time: what became of ideas sent to the
    # person's other groups belongs in the answer too, or they look lost.
    others = await _other_groups(ctx, group, person) if ctx.is_direct and person else []
    if text is None:
        if ctx.role in CONTRIBUTORS or ctx.in_youth_chat:
            text = ctx.t(
                N_(
                    "You have not proposed anything in {group} yet. Send an idea with "
                    "/propose <title>."
                ),
                group=group.name,
            )
        else:  # a guest, or someone in a steering chat who is not a member: no /propose here
            text = ctx.t(N_("You have not proposed anything in {group}."), group=group.name)
        ctx.reply("\n\n".join([text, *others]))
        return
    text = "\n\n".join([text, *others])
    if not elsewhere or person is None:
        ctx.reply(text)
        return
    # The group may see a youth representative's ideas without their name: the list that
    # names them as the proposer goes to their direct chat.
    ctx.send_to_person(person.id, Reply(text), fallback=None)
    ctx.reply(
        ctx.t(
            N_(
                "I have sent you the list in our direct chat. If nothing arrives, write to me "
                "there first."
            )
        )
    )


async def _other_groups(ctx: Context, group: Group, person: Person) -> list[str]:
    """The lists of what ``person`` proposed in their groups other than ``group`` (the one the
    direct chat speaks for), each with how to switch to it."""
    lists = []
    for other, _ in await people.groups_of(ctx.session, person.id):
        if other.id == group.id:
            continue
        text = await _list(ctx, ctx.tr, other, person, show_hint=False)
        if text is not None:
            lists.append(f"{text}\n{ctx.t(ELSEWHERE, current=group.name, group=other.name)}")
    return lists


def _named_elsewhere_only(ctx: Context, person: Person) -> bool:
    """Whether a list naming ``person`` as the proposer belongs in their direct chat, not
    here: a youth representative's, or a minor's (also one in the youth chat who is no
    member), whose ideas the group may see without a name."""
    return ctx.role == YOUTH or person.is_minor


async def _list(
    ctx: Context, tr: Translator, group: Group, person: Person, *, show_hint: bool = True
) -> str | None:
    """What ``person`` proposed in ``group`` and what became of it; None for nothing.
    ``show_hint``: end with how to see a measure (not for a group the chat does not speak
    for, where /show would show another one)."""
    ideas, measures = await lifecycle.proposals_of(ctx.session, group.id, person.id)
    if not ideas and not measures:
        return None
    by_id = {m.id: m for m in measures}
    # The note given with a drop or a postponement, as the proposer was told it.
    why = {}
    for status in (DROPPED, POSTPONED):
        ids = [m.id for m in measures if m.status == status]
        why.update(await repo.status_notes(ctx.session, ids, status))
    # The last round each was in, and how it did there: "proposed" alone says nothing of it.
    rounds = await last_rounds(ctx.session, group.id, by_id)
    lines = [tr.t(N_("Your ideas and proposals in {group}:"), group=group.name)]
    lines += [
        _idea_line(ctx, tr, idea, by_id.pop(idea.measure_id or 0, None), why, rounds)
        for idea in ideas
    ]
    lines += [
        _measure_line(tr, m, why=why.get(m.id), voted=last_round(tr, m.id, rounds))
        for m in by_id.values()
    ]
    # Someone who is no member may not use /show: the line would send them to a refusal.
    if show_hint and (any(idea.measure_id for idea in ideas) or by_id) and ctx.role != STRANGER:
        lines.append(tr.t(N_("More about a measure: /show <number>")))
    return "\n".join(lines)


def _idea_line(
    ctx: Context,
    tr: Translator,
    idea: YouthIdea,
    measure: Measure | None,
    why: dict[int, str],
    rounds: dict[int, tuple[Round, Outcome]],
) -> str:
    if idea.state == "pending":
        what = tr.t(
            N_("waiting for the steering group's decision (idea {number}, since {date})"),
            number=idea.number,
            date=format_date(idea.created_at.astimezone(ctx.zone).date(), tr.lang),
        )
    elif idea.state == "rejected":
        what = tr.t(N_("not taken up. The reason: {reason}"), reason=sentence(idea.reason or "—"))
    elif measure is not None:
        return _measure_line(
            tr,
            measure,
            title=idea.title,
            why=why.get(measure.id),
            voted=last_round(tr, measure.id, rounds),
        )
    else:
        what = tr.t(N_("taken up"))
    return _line(tr, idea.title, what)


def _measure_line(
    tr: Translator,
    measure: Measure,
    title: str | None = None,
    why: str | None = None,
    voted: str = "",
) -> str:
    """What became of a proposal that is a measure: its status, its due date while it runs,
    the last round it was in (``voted``: ", last in round 2: place 4 of 5"), and the note
    given when it was dropped (the reason) or postponed."""
    state = tr.t(
        N_("measure {number}, now {status}"),
        number=measure.number,
        status=tr.t(STATUS_NAMES[measure.status]),
    )
    if measure.due_on is not None and measure.status not in RESTING:
        state += ", " + tr.t(N_("due on {date}"), date=format_date(measure.due_on, tr.lang))
    state += voted
    if why and measure.status == POSTPONED:
        state += ". " + tr.t(N_("The steering group adds: {note}"), note=sentence(why))
    elif why:
        state += ". " + tr.t(N_("The reason: {reason}"), reason=sentence(why))
    return _line(tr, title or measure.title, state)


def _line(tr: Translator, title: str, what: str) -> str:
    return "• " + tr.t(N_("“{title}”: {what}"), title=title, what=what)


def commands() -> list[Command]:
    return [
        Command(
            name="myideas",
            aliases=("meineideen", "meine_ideen", "my_ideas"),
            handler=my_ideas,
            summary=N_("your ideas and proposals, and what became of them"),
            usage=N_("/myideas"),
            roles=EVERYONE,
            needs_group=False,
        )
    ]
