"""The buttons under a due-date nudge: the person responsible answers it with one press —
"In progress", "Done" (what /status lets them report) or, for a member, "two weeks later" (as
/due). Each press runs that command for the measure's group, with its checks, its audit entry
and whom it tells; a second press of "later" moves nothing twice, because the button names the
due date it moves. A press on a nudge whose measure has moved on since (another status, another
due date, another person responsible) is answered with what it is now, and changes nothing.
Whoever may use the command a button stands for may press it (a nudge posted in the group chat
is seen by all there), as long as the nudge still fits. A milestone nudge to a member or
coordinator has "Reached" (as /milestone <n> reached <k>). "In progress", "Done", "two
weeks later" and "Reached" pressed in a direct chat are told to the group chat in one line
each, as the group would have seen them typed there.
"""

from __future__ import annotations

from bot.context import Context
from bot.errors import CommandError
from bot.i18n import N_
from bot.registry import Command, Handler
from bot.roles import not_allowed
from bot.scheduling.content import LATER, MILESTONE_ACTION, NUDGE_ACTION
from bot.statuses import ADOPTED, DONE, IN_PROGRESS, STATUS_NAMES
from bot.values import format_date
from commands.common import press_in_group, shown_name
from commands.measure_changes import today
from commands.measure_edit import due, status
from commands.milestones import reach_milestone
from commands.steering_echo import tell_milestone_reached
from storage.models import Measure, Milestone
from storage.repo import lifecycle, people

STALE = N_("This button is no longer valid.")
STEPS = {"progress": IN_PROGRESS, "done": DONE}
# The statuses in which the nudge offers each step (as ``bot.scheduling.content`` does).
OFFERED = {"progress": (ADOPTED,), "done": (ADOPTED, IN_PROGRESS)}


async def nudge_action(ctx: Context) -> None:
    """``nudge:<measure id>:progress|done[:<person id>]`` and
    ``nudge:<measure id>:later:<YYYYMMDD>[:<person id>]``: the person the nudge was for (not
    on buttons sent before it was named)."""
    assert ctx.action is not None
    _, measure_id, what, *rest = [*ctx.action.ref.split(":"), "", "", ""]
    whose = rest[1] if what == "later" else rest[0]
    measure = await ctx.session.get(Measure, int(measure_id)) if measure_id.isdecimal() else None
    if measure is None:
        raise CommandError(STALE)
    await _in_its_group(ctx, measure)
    if what in STEPS:
        _may_use(ctx, "status")
        await _still_theirs(ctx, measure, whose)
        if measure.status not in (*OFFERED[what], STEPS[what]):  # the same: "already …"
            # The measure moved on since the nudge (postponed, dropped, done): a press on an
            # old button reports nothing the nudge did not ask.
            raise CommandError(
                N_(
                    "Measure {number} is {status} now; this reminder's buttons no longer "
                    "apply. /status {number} <status> changes it."
                ),
                number=measure.number,
                status=ctx.t(STATUS_NAMES[measure.status]),
            )
        ctx.params = {"number": measure.number, "status": STEPS[what], "note": ""}
        await status(ctx)  # in a direct chat it tells the group chat too
        return
    if what != "later" or not rest[0]:
        raise CommandError(STALE)
    _may_use(ctx, "due")
    await _still_theirs(ctx, measure, whose)
    if measure.due_on is None or f"{measure.due_on:%Y%m%d}" != rest[0]:
        shown = format_date(measure.due_on, ctx.lang) if measure.due_on else "—"
        raise CommandError(
            N_(
                "The due date of measure {number} has changed since this reminder; it is now "
                "{date}. /due {number} <date> sets another."
            ),
            number=measure.number,
            date=shown,
        )
    later = max(measure.due_on, today(ctx)) + LATER
    ctx.params = {"number": measure.number, "date": later.isoformat()}
    await due(ctx)  # in a direct chat it tells the group chat too


async def milestone_reached(ctx: Context) -> None:
    """``milestonereached:<milestone id>``: the button under a milestone nudge, as
    ``/milestone <n> reached <k>`` typed in the measure's group (its rights, its answer).
    Pressed again, or after someone marked it otherwise, it says since when it is reached."""
    assert ctx.action is not None
    stone_id = ctx.action.ref.split(":")[1] if ":" in ctx.action.ref else ""
    stone = await ctx.session.get(Milestone, int(stone_id)) if stone_id.isdecimal() else None
    measure = await ctx.session.get(Measure, stone.measure_id) if stone is not None else None
    if stone is None or measure is None:
        raise CommandError(N_("This milestone has been removed already."))
    await _in_its_group(ctx, measure)
    _may_use(ctx, "milestone")
    stones = await lifecycle.milestones_of(ctx.session, measure.id)
    which = next(i for i, s in enumerate(stones, start=1) if s.id == stone.id)
    await reach_milestone(ctx, measure, stones, str(which))
    if ctx.is_direct:
        await tell_milestone_reached(ctx, measure, stone)


async def _in_its_group(ctx: Context, measure: Measure) -> None:
    """A press counts in ``measure``'s group (:func:`press_in_group`); nobody known or the
    group gone, the button is stale."""
    if not await press_in_group(ctx, measure.group_id):
        raise CommandError(STALE)


async def _still_theirs(ctx: Context, measure: Measure, whose: str) -> None:
    """Refuse a press on the nudge of someone no longer responsible for ``measure`` (handed
    over since): it asked them, and its buttons no longer fit."""
    if not whose.isdecimal() or measure.responsible_id == int(whose):
        return
    now = await people.person_by_id(ctx.session, measure.responsible_id or 0)
    if now is None:
        raise CommandError(
            N_(
                "Nobody is responsible for measure {number} now; this reminder's buttons no "
                "longer apply. /status {number} <status> changes it."
            ),
            number=measure.number,
        )
    raise CommandError(
        N_(
            "{name} is responsible for measure {number} now; this reminder's buttons no "
            "longer apply. /status {number} <status> changes it."
        ),
        name=shown_name(ctx, now),
        number=measure.number,
    )


def _may_use(ctx: Context, name: str) -> None:
    """A press is the command ``name`` typed: the dispatcher's check of who may use it is
    made here, for the role in the measure's group (a guest pressing a nudge that was posted
    in the group chat is refused as ``/status`` would refuse them)."""
    command = ctx.services.registry.get(name)
    assert command is not None and ctx.group is not None
    ctx.command, ctx.typed = command.name, command.local_name(ctx.lang)
    if ctx.role not in command.roles:
        raise not_allowed(ctx, command.roles, ctx.group.name)


def commands() -> list[Command]:
    return []


def actions() -> dict[str, Handler]:
    return {NUDGE_ACTION: nudge_action, MILESTONE_ACTION: milestone_reached}


__all__ = ["actions", "commands", "milestone_reached", "nudge_action"]
