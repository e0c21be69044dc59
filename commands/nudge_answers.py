"""A due-date nudge is answered once its measure's status or due date changes — by a press on
one of its buttons or by a command typed by anyone (/status, /due, /edit, a plan update):
each nudge about the measure that still shows buttons is edited, after the change commits, to
its text and one line saying what happened, without the buttons. A measure handed over to
someone else (/assign, an import) closes the nudges of whoever had it the same way ("✓
Verantwortlich jetzt: Ben"); a milestone marked reached closes its nudges ("✓ Erreicht"). A
platform that cannot edit keeps the message; a press on it is then answered as stale
(``commands.nudge_buttons``)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from bot.context import Context
from bot.i18n import N_, Translator
from bot.measure_fields import BY_ATTR
from bot.scheduling.content import MILESTONE_ACTION
from bot.scheduling.nudge_message import NudgeMessage
from bot.statuses import STATUS_NAMES
from bot.values import format_date, quoted
from commands.common import shown_name
from storage.models import Measure, Milestone, Person
from storage.repo import lifecycle
from storage.repo import reminders as reminders_repo

# The fields whose change answers a due-date nudge (what its buttons would have changed).
ANSWERING = ("status", "due_on")


async def close_answered_nudges(
    ctx: Context, measure: Measure, changed: Sequence[tuple[str, object]]
) -> None:
    """``changed``: the attributes of ``measure`` just changed, with their new values."""
    answers = [(attr, new) for attr, new in changed if attr in ANSWERING]
    if not answers:
        return
    for raw in await reminders_repo.answered_nudges(ctx.session, measure.group_id, measure.id):
        message = NudgeMessage.loads(raw)
        if message is not None:
            line = answered_line(ctx.services.i18n(message.lang), answers)
            ctx.edit(message.ref, message.answered(line))


async def close_handed_over_nudges(ctx: Context, measure: Measure, new: Person | None) -> None:
    """``measure`` is now ``new``'s (or nobody's): the nudges of anyone else that still show
    buttons say so and lose them; a press that still arrives is stale."""
    keep = new.id if new is not None else None
    found = await reminders_repo.answered_nudges(
        ctx.session, measure.group_id, measure.id, except_person=keep
    )
    for raw in found:
        message = NudgeMessage.loads(raw)
        if message is None:
            continue
        tr = ctx.services.i18n(message.lang)
        if new is None:
            line = tr.t(N_("✓ Nobody is responsible for it now"))
        else:
            # The pseudonym in the nudge's language, not the language of who handed it on.
            name = shown_name(ctx, new, target=message.ref.chat, tr=tr)
            line = tr.t(N_("✓ Responsible now: {name}"), name=name)
        ctx.edit(message.ref, message.answered(line))


async def close_reached_milestone_nudges(ctx: Context, measure: Measure, stone: Milestone) -> None:
    """``stone`` (of ``measure``) is reached (a press, or /milestone typed by anyone): its
    nudges that still show the button say so and lose it, and so does the due date's nudge
    that names it, which keeps its measure's buttons and drops its line "Erreicht?
    /meilenstein 1 erreicht 1"."""
    group_id = measure.group_id
    found = await reminders_repo.answered_nudges(
        ctx.session, group_id, stone.id, subject="milestone"
    )
    for raw in found:
        message = NudgeMessage.loads(raw)
        if message is not None:
            tr = ctx.services.i18n(message.lang)
            ctx.edit(message.ref, message.answered(tr.t(N_("✓ Reached"))))
    # the due date's nudge that names it (the same day) loses its button alone
    button = f"{MILESTONE_ACTION}:{stone.id}"
    stones = [s.id for s in await lifecycle.milestones_of(ctx.session, measure.id)]
    for row_id, raw in await reminders_repo.nudges_with_buttons(ctx.session, group_id, measure.id):
        message = NudgeMessage.loads(raw)
        if message is None or all(c.action != button for c in message.choices):
            continue
        tr = ctx.services.i18n(message.lang)
        line = tr.t(N_("✓ Milestone {milestone} reached"), milestone=quoted(stone.text, tr.lang))
        # the line that asked for it, as the nudge said it (the button: to a member)
        asked = tr.t(
            N_("Reached? /milestone {number} reached {n}"),
            number=measure.number,
            n=stones.index(stone.id) + 1 if stone.id in stones else 0,
        )
        kept = message.without(button, line, drop=asked)
        await reminders_repo.keep_message(ctx.session, row_id, kept.dumps())
        ctx.edit(kept.ref, kept.reply())


def answered_line(tr: Translator, answers: Sequence[tuple[str, object]]) -> str:
    """ "✓ Status: umgesetzt" / "✓ Frist: 15.03.2027" (both, when both changed)."""
    shown = []
    for attr, new in answers:
        if attr == "status":
            value = tr.t(STATUS_NAMES[str(new)]) if new in STATUS_NAMES else str(new)
        else:
            value = format_date(new, tr.lang) if isinstance(new, date) else "—"
        shown.append(f"{tr.t(BY_ATTR[attr].label)}: {value}")
    return "✓ " + ", ".join(shown)


__all__ = ["close_answered_nudges", "close_handed_over_nudges", "close_reached_milestone_nudges"]
