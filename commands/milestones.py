"""Milestones of a measure: /milestone adds one (date first or last), lists them, marks one
reached (no more nudges, never overdue), removes one.

Removing asks first, with a button that names the milestone: the numbers shift after a removal,
so ``/milestone 1 remove 1`` sent twice would otherwise remove two milestones."""

from __future__ import annotations

import re
from datetime import date

from bot.arguments import missing
from bot.context import Context
from bot.errors import CommandError
from bot.events import Choice
from bot.i18n import N_
from bot.parsing import fold
from bot.registry import Handler
from bot.roles import EDITORS
from bot.scheduling import replan
from bot.values import format_date, parse_date, require_future
from bot.values.calendar_words import MONTHS
from commands.common import pressed_id
from commands.measure_changes import require_planned, today
from commands.measures import measure_or_fail
from commands.nudge_answers import close_reached_milestone_nudges
from commands.responsible_notice import tell_milestone_added
from storage.models import Measure, Milestone
from storage.repo import lifecycle, people
from storage.repo import measures as repo

MAX_MILESTONE = 200
ACTION = "milestoneremove"


_JOINERS = ("am", "bis", "zum", "bis zum", "on", "by")  # "… einholen bis 15.12." / "… by 15 Dec"
# A year after a date's words ("Juni 2028", "12 Jan 2027", "Dec 15, 2027") and a day after a
# month's name ("Dec 15", "Okt 27"): the date goes on.
_YEAR = re.compile(r"[0-9]{4}")
_DAY = re.compile(r"[0-9]{1,2}(?:st|nd|rd|th)?,?")


def _goes_on(head: list[str], word: str) -> bool:
    """Whether ``word`` continues the date ``head`` reads as: its year, or the day after a
    month's name ("Dec" 15)."""
    if _YEAR.fullmatch(word):
        return True
    return len(head) == 1 and fold(head[0]).rstrip(".") in MONTHS and bool(_DAY.fullmatch(word))


def split_date(text: str, ctx: Context) -> tuple[date, str]:
    """``Ende Juni Baubeginn`` → (30.6., "Baubeginn"): the shortest leading words that read as
    a date, with the year after them and a day after a month's name (``Ende Juni 2028
    Baubeginn``, ``12 Jan 2027 draft``, ``Dec 15, 2027 draft``: not the next June with "2028
    Baubeginn", nor 31 December with "15, 2027 draft"); failing that, the longest trailing words
    (``Angebote einholen bis 15.12.``), with a joining "bis"/"am"/"by" left off the text."""
    words = text.split()
    last_error: CommandError | None = None
    for n in range(1, min(len(words), 5) + 1):
        try:
            day = parse_date(" ".join(words[:n]), today=today(ctx), lang=ctx.lang)
        except CommandError as exc:
            last_error = exc if last_error is None else last_error
            continue
        while n < len(words) and _goes_on(words[:n], words[n]):
            try:
                longer = " ".join(words[: n + 1]).rstrip(",")
                day, n = parse_date(longer, today=today(ctx), lang=ctx.lang), n + 1
            except CommandError:
                break
        return day, " ".join(words[n:])
    for n in range(min(len(words) - 1, 5), 0, -1):
        try:
            day = parse_date(" ".join(words[-n:]), today=today(ctx), lang=ctx.lang)
        except CommandError:
            continue
        rest = " ".join(words[:-n])
        for joiner in sorted(_JOINERS, key=len, reverse=True):
            if fold(rest).endswith(" " + joiner):
                rest = rest[: -len(joiner)].rstrip()
                break
        return day, rest
    assert last_error is not None
    raise last_error


async def milestone(ctx: Context) -> None:
    """/milestone <id> <date> <text>: dates in the past are refused, as for /due."""
    measure = await measure_or_fail(ctx, ctx.params["number"])
    raw = (ctx.params.get("text") or "").strip()
    stones = await lifecycle.milestones_of(ctx.session, measure.id)
    if not raw:
        list_milestones(ctx, measure, stones)
        return
    first, _, rest = raw.partition(" ")
    if fold(first) in _REMOVE_WORDS and len(rest.split()) <= 1:  # not "Entfernen der Bänke …"
        await remove_milestone(ctx, measure, stones, rest.strip())
        return
    if fold(first) in _REACHED_WORDS and len(rest.split()) <= 1:
        await reach_milestone(ctx, measure, stones, rest.strip())
        return
    require_planned(measure)
    day, text = split_date(raw, ctx)
    require_future(day, today(ctx), ctx.lang)  # as /due: a past milestone would be overdue at once
    if not text:
        raise missing(ctx, N_("text"))
    if any(s.due_on == day and fold(s.text) == fold(text) for s in stones):
        raise CommandError(
            N_("Measure {number} already has the milestone “{text}” on {date}."),
            number=measure.number,
            text=text[:MAX_MILESTONE],
            date=format_date(day, ctx.lang),
        )
    if len(text) > MAX_MILESTONE:
        raise CommandError(
            N_("“{label}” is too long ({length} characters, at most {limit})."),
            label=ctx.t(N_("milestone")),
            length=len(text),
            limit=MAX_MILESTONE,
        )
    await add_milestone(ctx, measure, day, text)
    await replan(ctx.services, ctx.session, measure.group_id, ctx.now)
    await tell_milestone_added(ctx, measure, day, text)
    answer = ctx.t(
        N_("Milestone for measure {number} on {date}: {text}"),
        number=measure.number,
        date=format_date(day, ctx.lang),
        text=text,
    )
    if measure.due_on is not None and day > measure.due_on:  # stored all the same
        answer += "\n" + ctx.t(
            N_(
                "Note: it lies after the measure's due date ({due}). If the measure needs "
                "longer, move its due date with /due {number} <date>."
            ),
            due=format_date(measure.due_on, ctx.lang),
            number=measure.number,
        )
    ctx.reply(answer)


_REMOVE_WORDS = ("remove", "delete", "entfernen", "loschen", "loeschen")
_REACHED_WORDS = ("reached", "done", "erreicht", "geschafft", "erledigt")


async def add_milestone(
    ctx: Context,
    measure: Measure,
    day: date,
    text: str,
    note: str = "",
    reached: date | None = None,
) -> None:
    """Store a milestone (checked by the caller) with its audit entry; ``reached``: the day it
    was reached (an imported list marks it so)."""
    stone = Milestone(
        measure_id=measure.id,
        due_on=day,
        text=text,
        created_by=ctx.require_person().id,
        created_at=ctx.now,
    )
    ctx.session.add(stone)
    await _audit(ctx, measure, new=f"{day.isoformat()} {text}", note=note)
    if reached is not None:
        await mark_reached(ctx, measure, stone, note=note, on=reached)


async def mark_reached(
    ctx: Context, measure: Measure, stone: Milestone, note: str = "", on: date | None = None
) -> None:
    """``stone`` is reached today (or ``on`` that day, as an imported list says): its nudges
    stop (after a replan), those sent lose their button, and it is never overdue; with its
    audit entry."""
    stone.reached_on = on or today(ctx)
    await repo.record_event(
        ctx.session,
        measure.id,
        actor_id=ctx.require_person().id,
        at=ctx.now,
        field="milestone_reached",
        new=f"{stone.due_on.isoformat()} {stone.text}",
        note=note,
    )
    measure.updated_at = ctx.now
    if stone.id is not None:  # one just added (an import) has had no nudges
        await close_reached_milestone_nudges(ctx, measure, stone)


async def _audit(
    ctx: Context, measure: Measure, *, old: str = "", new: str = "", note: str = ""
) -> None:
    """The audit entry of a milestone added (``new``) or removed (``old``: "2027-03-15 text")."""
    await repo.record_event(
        ctx.session,
        measure.id,
        actor_id=ctx.require_person().id,
        at=ctx.now,
        field="milestone",
        old=old,
        new=new,
        note=note,
    )
    measure.updated_at = ctx.now


def list_milestones(ctx: Context, measure: Measure, stones: list[Milestone]) -> None:
    """/milestone <number> alone: the measure's milestones, numbered for removing one."""
    command = ctx.as_typed
    if not stones:
        ctx.reply(
            ctx.t(
                N_(
                    "Measure {number} has no milestones yet. Add one with {command} {number} "
                    "<date> <text>."
                ),
                number=measure.number,
                command=command,
            )
        )
        return
    lines = [
        ctx.t(
            N_("Milestones of measure {number} “{title}”:"),
            number=measure.number,
            title=measure.title,
        )
    ]
    lines += [
        f"{i}. {format_date(stone.due_on, ctx.lang)} {stone.text}" + _reached(ctx, stone)
        for i, stone in enumerate(stones, start=1)
    ]
    lines.append(
        ctx.t(
            N_("Mark one reached with {command} {number} {reached} <n>."),
            command=command,
            number=measure.number,
            reached=ctx.t(N_("reached")),
        )
    )
    lines.append(
        ctx.t(
            N_("Remove one with {command} {number} {remove} <n>."),
            command=command,
            number=measure.number,
            remove=ctx.t(N_("remove")),
        )
    )
    ctx.reply("\n".join(lines))


def _reached(ctx: Context, stone: Milestone) -> str:
    if stone.reached_on is None:
        return ""
    return " " + ctx.t(N_("(reached on {date})"), date=format_date(stone.reached_on, ctx.lang))


def _numbered(ctx: Context, measure: Measure, stones: list[Milestone], which: str) -> Milestone:
    """The ``which``-th milestone as listed, or a refusal that says how to list them."""
    if not which:
        raise missing(ctx, N_("number of the milestone"))
    if not which.isdecimal() or not 1 <= int(which) <= len(stones):
        raise CommandError(
            N_("Measure {number} has no milestone {which}. {command} {number} lists them."),
            number=measure.number,
            which=which[:20],
            command=ctx.as_typed,
        )
    return stones[int(which) - 1]


async def reach_milestone(
    ctx: Context, measure: Measure, stones: list[Milestone], which: str
) -> None:
    """/milestone <number> reached <n>: the n-th milestone as listed is reached today; its
    nudges stop and it is no longer overdue."""
    stone = _numbered(ctx, measure, stones, which)
    # The milestone's words in quotes and its day beside them, as the group chat's line and
    # the nudges name it ("„Raum gefunden“ (15.02.2027)", not "„15.02.2027 Raum gefunden“").
    day = format_date(stone.due_on, ctx.lang)
    if stone.reached_on is not None:
        raise CommandError(
            N_(
                "The milestone “{milestone}” ({day}) of measure {number} was reached on {date} "
                "already."
            ),
            milestone=stone.text,
            day=day,
            number=measure.number,
            date=format_date(stone.reached_on, ctx.lang),
        )
    await mark_reached(ctx, measure, stone)
    await replan(ctx.services, ctx.session, measure.group_id, ctx.now)
    ctx.reply(
        ctx.t(
            N_(
                "Milestone “{milestone}” ({day}) of measure {number} “{title}” is reached. Well done!"
            ),
            milestone=stone.text,
            day=day,
            number=measure.number,
            title=measure.title,
        )
    )


async def remove_milestone(
    ctx: Context, measure: Measure, stones: list[Milestone], which: str
) -> None:
    """/milestone <number> remove <n>: the n-th milestone as listed goes, with its reminders."""
    stone = _numbered(ctx, measure, stones, which)
    # Its words in quotes and its day beside them, as the other milestone messages name it.
    day = format_date(stone.due_on, ctx.lang)
    ctx.reply(
        ctx.t(
            N_("Remove the milestone “{milestone}” ({day}) of measure {number}?"),
            milestone=stone.text,
            day=day,
            number=measure.number,
        ),
        choices=(
            Choice(
                ctx.t(N_("Remove “{milestone}” ({day})"), milestone=stone.text[:40], day=day),
                f"{ACTION}:{stone.id}",
            ),
        ),
    )


async def remove_action(ctx: Context) -> None:
    """The button of ``/milestone <n> remove <m>``: ``milestoneremove:<milestone id>``. Pressed
    again, the milestone is gone and nothing else is removed."""
    wanted = pressed_id(ctx)
    stone = await ctx.session.get(Milestone, wanted) if wanted is not None else None
    measure = await ctx.session.get(Measure, stone.measure_id) if stone is not None else None
    if stone is None or measure is None:
        raise CommandError(N_("This milestone has been removed already."))
    person = ctx.person
    membership = (
        await people.membership(ctx.session, person.id, measure.group_id) if person else None
    )
    if membership is None or membership.role not in EDITORS:
        raise CommandError(N_("Only coordinators and members remove milestones."))
    await ctx.session.delete(stone)
    await _audit(ctx, measure, old=f"{stone.due_on.isoformat()} {stone.text}")
    await replan(ctx.services, ctx.session, measure.group_id, ctx.now)
    ctx.reply(
        ctx.t(
            N_("Milestone of measure {number} removed: {date} {text}"),
            number=measure.number,
            date=format_date(stone.due_on, ctx.lang),
            text=stone.text,
        )
    )


def actions() -> dict[str, Handler]:
    return {ACTION: remove_action}
