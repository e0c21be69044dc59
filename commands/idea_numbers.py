"""A youth idea is numbered in the queue ("idea 1 in the queue"), a measure in the group; the
two numbers differ. Someone who looks for "measure 1" and finds none, while youth idea 1
exists, hears what became of that idea. The line depends on the idea and the reader's role,
never on who proposed it, so that it reveals no one's idea."""

from __future__ import annotations

from bot.context import Context
from bot.errors import CommandError
from bot.i18n import N_
from bot.roles import COORDINATOR, MEMBER, YOUTH
from storage.models import Measure, YouthIdea
from storage.repo import lifecycle

NO_SUCH_MEASURE = N_("There is no measure {number} in this group. /measures lists them.")
# Who may read the queue (/queue) sees a waiting idea's title; a youth representative hears
# the rule.
QUEUE_READERS = frozenset({COORDINATOR, MEMBER})
WAITING = N_(
    "Youth idea {number} “{title}” is still waiting for a decision: /accept {number} takes it "
    "up as a measure, /queue lists the waiting ideas."
)
WAITING_FOR_MEMBER = N_(
    "Youth idea {number} “{title}” is still waiting for the coordinators' decision: /queue "
    "lists the waiting ideas."
)
WAITING_FOR_YOUTH = N_(
    "Idea {number} is not a measure yet: an idea waits for the steering group's decision first "
    "and then gets its own number as a measure. /myideas shows your ideas and what became of "
    "them."
)
TAKEN_UP = N_("Youth idea {number} is now measure {measure} “{title}”: /show {measure}.")
NOT_TAKEN_UP = N_("Youth idea {number} was not taken up as a measure.")


async def no_such_measure(ctx: Context, number: int) -> CommandError:
    """The refusal for a measure number the group does not have, with a line about the youth
    idea of that number where there is one the reader may hear of."""
    error = CommandError(NO_SUCH_MEASURE, number=number)
    if ctx.role not in QUEUE_READERS and ctx.role != YOUTH:
        return error
    idea = await lifecycle.idea_by_number(ctx.session, ctx.require_group().id, number)
    if idea is not None and (line := await _about(ctx, idea)):
        error.hint = line
    return error


async def _about(ctx: Context, idea: YouthIdea) -> str:
    if idea.state == "pending":
        if ctx.role == COORDINATOR:
            return ctx.t(WAITING, number=idea.number, title=idea.title)
        if ctx.role == MEMBER:
            return ctx.t(WAITING_FOR_MEMBER, number=idea.number, title=idea.title)
        return ctx.t(WAITING_FOR_YOUTH, number=idea.number)
    if idea.state == "rejected":
        return ctx.t(NOT_TAKEN_UP, number=idea.number)
    # taken up: measures are never deleted, but the link is nullable
    measure = await ctx.session.get(Measure, idea.measure_id) if idea.measure_id else None
    if measure is None:
        return ""
    return ctx.t(TAKEN_UP, number=idea.number, measure=measure.number, title=measure.title)
