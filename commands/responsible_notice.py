"""Telling a person that they became responsible for a measure, or are no longer, that the
due date of their measure changed, and that someone else dropped it or reported it done.

The group chat hears "Max is now responsible for measure 3", but Max may not be there (a
youth representative under 16 is reached only directly), and a plain name in a chat does not
notify anybody. So the person gets it in their direct chat, in their language (a youth
representative in the du form) — unless they made the change themselves; in their quiet
hours it waits for their end (``bot.scheduling.notices``).
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime

from bot.context import Context
from bot.direct_chat import about_other_group
from bot.events import Reply
from bot.i18n import N_
from bot.roles import YOUTH
from bot.scheduling.notices import known_before, quiet_until, take_back, tell_when_awake
from bot.statuses import DONE, DROPPED, POSTPONED, RESTING, STATUS_NAMES
from bot.values import format_date
from commands.common import shown_name, their_language
from commands.measure_changes import Change, today
from storage.models import Measure, Person
from storage.repo import people

# What a held notice is about (``bot.scheduling.notices``): a later notice about the same
# thing of the same measure to the same person supersedes one not sent yet.
RESPONSIBLE, DUE, STATUS = "responsible:{}", "due:{}", "status:{}"
YES, NO = "yes", "no"
NOW_RESPONSIBLE = N_("In {group} you are now responsible for measure {number} “{title}”.")


async def tell_responsible(
    ctx: Context, measure: Measure, old: Person | None, new: Person | None
) -> None:
    """After the responsible person of ``measure`` changed from ``old`` to ``new``. A notice
    still held for either about it gives way: made responsible at 22:00 and no longer at 23:00,
    they hear neither; given back at 23:00, they hear only that they are responsible."""
    actor = ctx.require_person().id
    group = ctx.require_group()
    topic = RESPONSIBLE.format(measure.id)
    if new is not None:
        held = await take_back(ctx, group, new.id, [topic])
        await _tell(
            ctx,
            new,
            NOW_RESPONSIBLE,
            measure,
            actor,
            topic=topic,
            known=known_before(held, topic) or NO,
        )
    if old is not None:
        # Nor do their due date or its status concern them any more.
        held = await take_back(
            ctx, group, old.id, [topic, DUE.format(measure.id), STATUS.format(measure.id)]
        )
        known = known_before(held, topic) or YES
        if known == NO:  # they never heard they were
            return
        await _tell(
            ctx,
            old,
            N_("In {group} you are no longer responsible for measure {number} “{title}”."),
            measure,
            actor,
            topic=topic,
            known=known,
            successor=new,
        )


async def tell_due_changed(ctx: Context, measure: Measure, changes: Sequence[Change]) -> None:
    """After /due or /edit: the person responsible hears when their due date moved or went."""
    moved = next((c for c in changes if c.attr == "due_on"), None)
    if moved is None or (person := await _responsible(ctx, measure)) is None:
        return
    actor = ctx.require_person().id
    if person.id != actor:
        # Made responsible at 23:00 and given a date at 23:05: at 07:00 one notice, that they
        # are responsible, with the date as it is then — not that one and then a second.
        made = RESPONSIBLE.format(measure.id)
        held = await take_back(ctx, ctx.require_group(), person.id, [made])
        if (was := known_before(held, made)) is not None:
            await _tell(ctx, person, NOW_RESPONSIBLE, measure, actor, topic=made, known=was)
            return
    # Moved twice overnight: one notice, from the date they knew to the last one.
    topic = DUE.format(measure.id)
    known = known_before(await take_back(ctx, ctx.require_group(), person.id, [topic]), topic)
    if known is not None:
        moved = Change(moved.attr, date.fromisoformat(known) if known else None, moved.new)
        if moved.old == moved.new:  # back where they knew it
            return
    # Who moved it, as the group chat's line says (never themselves: then nothing is sent).
    if moved.new is None:
        message = N_(
            "In {group}, measure {number} “{title}” (you are responsible) has no due date any "
            "more (removed by {name})."
        )
    elif moved.old is None:
        message = N_(
            "In {group}, measure {number} “{title}” (you are responsible) is now due on {date} "
            "(set by {name})."
        )
    else:
        message = N_(
            "In {group}, measure {number} “{title}” (you are responsible) is now due on {date} "
            "instead of {old} (moved by {name})."
        )
    old = moved.old.isoformat() if isinstance(moved.old, date) else ""
    await _tell(ctx, person, message, measure, actor, moved, topic=topic, known=old, by=ctx.person)


async def tell_milestone_added(ctx: Context, measure: Measure, day: date, text: str) -> None:
    """After /milestone added one: the person responsible hears it in one line, with its date
    and who added it — not first from the nudge before it (nor when they added it)."""
    if (person := await _responsible(ctx, measure)) is None:
        return
    message = N_(
        "In {group}, measure {number} “{title}” (you are responsible) has a new milestone on "
        "{date}: {text} (added by {name})."
    )
    # As a change to no date: the date in its words, and no further lines about the measure.
    added = Change("milestone", None, day)
    await _tell(
        ctx,
        person,
        message,
        measure,
        ctx.require_person().id,
        added,
        by=ctx.person,
        text=text.rstrip(".") or text,
    )


FINISHED_NEWS = {
    DROPPED: N_(
        "In {group}, measure {number} “{title}” (you are responsible) was dropped. I send you no "
        "more reminders about it."
    ),
    DONE: N_("In {group}, measure {number} “{title}” (you are responsible) is recorded as done."),
    POSTPONED: N_(
        "In {group}, measure {number} “{title}” (you are responsible) was postponed. I send you "
        "no reminders about it until it is taken up again."
    ),
}
TAKEN_UP_AGAIN = N_(
    "In {group}, measure {number} “{title}” (you are responsible) was taken up again: it is "
    "now {status}, and my reminders about it start again."
)


async def tell_status_to_responsible(
    ctx: Context, measure: Measure, new: str, note: str, *, old: str | None = None
) -> None:
    """After /status: the person responsible hears when someone else dropped, postponed or
    finished their measure (their reminders about it stop), and when it is taken up again
    from one of those (they start again). A youth idea's proposer who is also responsible
    hears it once, as the proposer. Changed twice overnight, they hear it once: from the
    status they knew to the last one (nothing, when it came back to that)."""
    if measure.origin == "youth" and measure.proposer_id == measure.responsible_id:
        return
    if (person := await _responsible(ctx, measure)) is None:
        return
    topic = STATUS.format(measure.id)
    known = known_before(await take_back(ctx, ctx.require_group(), person.id, [topic]), topic)
    if known is not None:
        old = known or None
    again = old in RESTING and new not in RESTING
    if (new not in FINISHED_NEWS and not again) or old == new:
        return
    message = TAKEN_UP_AGAIN if again else FINISHED_NEWS[new]
    await _tell(
        ctx,
        person,
        message,
        measure,
        ctx.require_person().id,
        note=note,
        topic=topic,
        known=old or "",
    )


async def _responsible(ctx: Context, measure: Measure) -> Person | None:
    """The person responsible for ``measure``, if there is one."""
    if measure.responsible_id is None:
        return None
    return await people.person_by_id(ctx.session, measure.responsible_id)


async def _tell(
    ctx: Context,
    person: Person,
    message: str,
    measure: Measure,
    actor: int,
    moved: Change | None = None,
    *,
    note: str = "",
    topic: str | None = None,
    known: str | None = None,
    successor: Person | None = None,
    by: Person | None = None,
    text: str = "",
) -> None:
    """``by``: who made the change, named in ``message`` as ``{name}``; ``text``: what
    ``message`` names as ``{text}`` (a milestone)."""
    if person.id == actor or person.forgotten_at is not None:
        return
    group = ctx.require_group()
    # when their quiet hours end: the notice waits for it and is written for that day
    until = await quiet_until(ctx.session, group, person.id, ctx.now)
    membership = await people.membership(ctx.session, person.id, group.id)
    tr = their_language(ctx, person, youth=membership is not None and membership.role == YOUTH)
    dates = {
        key: format_date(value, tr.lang)
        for key, value in (("date", moved and moved.new), ("old", moved and moved.old))
        if isinstance(value, date)
    }
    status = tr.t(STATUS_NAMES[measure.status])
    lines = [
        tr.t(
            message,
            group=group.name,
            number=measure.number,
            title=measure.title,
            status=status,
            **dates,
            text=text,
            **({"name": shown_name(ctx, by, tr=tr)} if by is not None else {}),
        )
    ]
    if successor is not None:  # whom to hand over to, without asking the group chat
        lines.append(tr.t(N_("Responsible now: {name}."), name=shown_name(ctx, successor, tr=tr)))
    if note:
        lines.append(tr.t(N_("Note: {note}"), note=note))
    elif (
        moved is None
        and measure.responsible_id == person.id
        and measure.status not in FINISHED_NEWS
    ):
        due = measure.due_on
        if due is not None and due <= today(ctx) and due < _read_on(ctx, until):
            # Taken over overdue: "Fällig am 04.01." read on 05.01. would hide that it is late
            # (also when given at 23:00 on the 04.01. and read at 07:00).
            passed = (
                N_("Its due date ({date}) has passed.")  # /due is not theirs
                if membership is not None and membership.role == YOUTH
                else N_("Its due date ({date}) has passed: /due {number} <date> sets a new one.")
            )
            lines.append(tr.t(passed, date=format_date(due, tr.lang), number=measure.number))
        elif due is not None:
            lines.append(tr.t(N_("Due on {date}."), date=format_date(due, tr.lang)))
        lines.append(tr.t(N_("/show {number} shows it."), number=measure.number))
    text = " ".join(lines)
    if other := await people.direct_chat_elsewhere(ctx.session, person, group.id):
        # Every notice here begins "In {group} …": no "[group]" heading above it as well.
        text = about_other_group(tr, text, group.name, other.name, named=True)
    # Someone else's change at 23:00 reaches them when their quiet hours end.
    await tell_when_awake(ctx, person.id, group, Reply(text), topic=topic, known=known, until=until)


def _read_on(ctx: Context, until: datetime | None) -> date:
    """The day someone reads a notice sent now: today, or the day their quiet hours end
    (``until``: :func:`tell_when_awake` holds it until then)."""
    return (until or ctx.now).astimezone(ctx.zone).date()
