"""A new proposal or youth idea whose title another measure or a waiting idea already has
("Spielplatz sanieren" is "spielplatz sanieren!"): stored all the same, since two people may
mean different things, and said in one line with the answer, naming the other one."""

from __future__ import annotations

from collections.abc import Sequence

from bot.context import Context
from bot.i18n import N_, Translator
from bot.statuses import DONE, DROPPED, STATUS_NAMES
from commands.common import shown_name
from storage.repo import measures as repo
from storage.repo.groups import Titled
from storage.repo.lifecycle import IdeaFacts

# Done or dropped: a new proposal may well take its subject up again, nothing to withdraw.
_CLOSED = (DONE, DROPPED)


def _the_one(found: Sequence[Titled]) -> Titled:
    """Of several measures with that title, the latest one still open, else the latest."""
    open_ = [m for m in found if m.status not in _CLOSED]
    return (open_ or list(found))[-1]


async def proposal_note(ctx: Context, titled: Sequence[Titled], number: int) -> str | None:
    """The line for measure ``number``, just proposed, when other measures have its title
    (``titled``): which one, who proposed it and its status, and while it is open how to
    drop the new one if the same is meant."""
    found = [m for m in titled if m.number != number]
    if not found:
        return None
    other = _the_one(found)
    status = ctx.t(STATUS_NAMES[other.status])
    shown = await repo.measure_for_show(ctx.session, ctx.require_group().id, other.number)
    if shown is None or (shown.proposer is None and shown.imported):  # nobody proposed it here
        line = ctx.t(
            N_("Measure {number} “{title}” exists already ({status})."),
            number=other.number,
            title=other.title,
            status=status,
        )
    else:
        anonymous = shown.measure.proposer_anonymous
        line = ctx.t(
            N_("Measure {number} “{title}” exists already (by {name}, {status})."),
            number=other.number,
            title=other.title,
            name=shown_name(ctx, shown.proposer, youth_anonymous=anonymous),
            status=status,
        )
    if other.status in _CLOSED:
        return line
    return f"{line} " + ctx.t(N_("If the same is meant: /status {number} dropped"), number=number)


def idea_notes(ctx: Context, facts: IdeaFacts, group_tr: Translator) -> tuple[str, str] | None:
    """For a new youth idea: the line for the one who sent it and the line for the steering
    group's notice (in ``group_tr``), when a measure or another idea waiting for a decision
    has its title (``facts``); None when none has."""
    if facts.measures:
        other = _the_one(facts.measures)
        told = ctx.t(
            N_("By the way: measure {number} “{title}” exists already ({status})."),
            number=other.number,
            title=other.title,
            status=ctx.t(STATUS_NAMES[other.status]),
        )
        steering = group_tr.t(
            N_("Measure {number} has the same title ({status})."),
            number=other.number,
            status=group_tr.t(STATUS_NAMES[other.status]),
        )
        return told, steering
    if not facts.waiting:
        return None
    told = ctx.t(
        N_(
            "By the way: the same idea is already waiting for the steering group's decision "
            "(idea {number})."
        ),
        number=facts.waiting[-1],
    )
    steering = group_tr.t(
        N_("Idea {number} in the queue has the same title."), number=facts.waiting[-1]
    )
    return told, steering
