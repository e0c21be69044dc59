"""The weekly digest (``/digest`` and the coordinators' Monday message): what is due, overdue,
new and open in a group, each measure and milestone with who is responsible for it."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.i18n import N_, Translator
from bot.scheduling.content import (
    FINISHED,
    measure_item,
    next_programme_date,
    passed_programme_dates,
    person_name,
)
from bot.values import format_date, format_datetime, quoted
from storage.models import Group, Measure, Milestone, Person, YouthIdea
from storage.repo import lifecycle

if TYPE_CHECKING:
    from bot.scheduling.planner import VotingHooks

DIGEST_DAYS_AHEAD = 14
NEW_PROPOSAL_DAYS = 7
NEW_PROPOSALS_SHOWN = 10  # by title in the digest and the agenda; the rest as a count


async def open_measures(session: AsyncSession, group_id: int) -> list[Measure]:
    return list(
        await session.scalars(
            select(Measure)
            .where(Measure.group_id == group_id, Measure.status.not_in(FINISHED))
            .order_by(Measure.number)
        )
    )


def by_due(measures: list[Measure]) -> list[Measure]:
    return sorted(measures, key=lambda m: (m.due_on or date.max, m.number))


def due_line(m: Measure, tr: Translator) -> str:
    assert m.due_on is not None
    return f"• {measure_item(m)} — {format_date(m.due_on, tr.lang)}"


async def _responsible_of(
    session: AsyncSession, group: Group, measures: Iterable[Measure], tr: Translator
) -> Callable[[Measure], str]:
    """For each of ``measures``: who is responsible, or that no member is yet (with the lead
    office). On the morning of the weekly digest its lines take the place of the coordinators'
    notes about measures overdue and about those nobody is responsible for, which name them."""
    ids = {m.responsible_id for m in measures if m.responsible_id is not None}
    found = await session.scalars(select(Person).where(Person.id.in_(ids))) if ids else ()
    responsible = {p.id: p for p in found}

    def who(m: Measure) -> str:
        if m.responsible_id is not None:
            name = person_name(responsible.get(m.responsible_id), group, "", tr)
            return tr.t(N_("responsible: {person}"), person=name)
        if m.lead_office:
            return tr.t(N_("lead: {office}; no member responsible yet"), office=m.lead_office)
        return tr.t(N_("no member responsible yet"))

    return who


def _overdue_lines(
    overdue: Sequence[Measure],
    missed: Sequence[tuple[Milestone, Measure]],
    who: Callable[[Measure], str],
    tr: Translator,
    due_soon: Sequence[Measure] = (),
) -> list[str]:
    """The overdue measures with who is responsible for each; a missed milestone stands under
    its measure, as /measures overdue shows it: each measure once, after the overdue ones
    those overdue only by a milestone (one of ``due_soon`` with its due date: it is not listed
    under "due in the next 14 days" too)."""
    late = {m.id for m in overdue}
    soon = {m.id for m in due_soon}
    lines = []
    for m, stones in once_each(overdue, missed):
        if m.id in late:
            head = due_line(m, tr)
        elif m.id in soon and m.due_on is not None:
            due = tr.t(N_("due on {date}"), date=format_date(m.due_on, tr.lang))
            head = f"• {measure_item(m)} — {due}"
        else:
            head = f"• {measure_item(m)}"
        lines.append(f"{head} — {who(m)}")
        lines += [
            "   "
            + tr.t(
                N_("Milestone “{text}” missed on {date}"),
                text=stone.text,
                date=format_date(stone.due_on, tr.lang),
            )
            for stone in stones
        ]
    return lines


def once_each(
    due: Sequence[Measure], stones: Sequence[tuple[Milestone, Measure]]
) -> list[tuple[Measure, list[Milestone]]]:
    """Each measure once, the ``due`` ones first, then those listed only for a milestone, each
    with its ``stones`` (a measure due and with a milestone too is not listed twice)."""
    under: dict[int, list[Milestone]] = {}
    for stone, m in stones:
        under.setdefault(m.id, []).append(stone)
    dated = {m.id for m in due}
    listed = [*due, *{m.id: m for _, m in stones if m.id not in dated}.values()]
    return [(m, under.get(m.id, [])) for m in listed]


def new_lines(new: Sequence[Measure], tr: Translator) -> list[str]:
    """The new proposals, the first few by title: after a workshop they are 50, which would
    bury what is due; the rest as a count with the command that lists them."""
    if len(new) <= NEW_PROPOSALS_SHOWN + 1:
        return [f"• {measure_item(m)}" for m in new]
    rest = len(new) - NEW_PROPOSALS_SHOWN
    return [f"• {measure_item(m)}" for m in new[:NEW_PROPOSALS_SHOWN]] + [
        "• "
        + tr.tn(
            "… and {n} more proposal: /measures proposed",
            "… and {n} more proposals: /measures proposed",
            rest,
        )
    ]


@dataclass(frozen=True)
class Listed:
    """The measures a digest lists that a coordinator's notes name too: those overdue, and
    those (due soon or overdue) no member is responsible for."""

    overdue: tuple[int, ...] = ()
    unassigned: tuple[int, ...] = ()
    #: milestones (ids) ahead of measures no member is responsible for
    milestones: tuple[int, ...] = ()


async def digest_sections(
    session: AsyncSession,
    group: Group,
    tr: Translator,
    now: datetime,
    voting: VotingHooks | None,
    *,
    ideas_named: bool = True,
) -> tuple[list[tuple[str, list[str]]], Listed]:
    """The digest's sections as (heading, lines), a section whose source does not exist (no
    voting capability wired) left out; and the measures it lists that notes name too. Without
    ``ideas_named`` the youth ideas waiting are a count, not their titles: ideas are moderated
    before anyone but coordinators and members reads them (a guest's /digest)."""
    from bot.reminders import zone

    today = now.astimezone(zone(group.tz)).date()
    measures = await open_measures(session, group.id)
    soon = today + timedelta(days=DIGEST_DAYS_AHEAD)
    due_soon = by_due([m for m in measures if m.due_on is not None and today <= m.due_on <= soon])
    overdue = by_due([m for m in measures if m.due_on is not None and m.due_on < today])
    since = now - timedelta(days=NEW_PROPOSAL_DAYS)
    new = [m for m in measures if m.status == "proposed" and m.created_at >= since]
    youth = await lifecycle.pending_ideas(session, group.id)
    stones = await milestones_between(session, measures, today, soon)
    # A milestone not reached by its day stays in the digest, as /report lists it: its own
    # nudges end on the day, and the coordinators would not hear of it again.
    missed = await milestones_between(session, measures, None, today - timedelta(days=1))
    # Each measure once: one due soon with a missed milestone is listed as overdue (the more
    # urgent), its due date on its line there.
    behind = {m.id for _, m in missed}
    due_soon_listed = [m for m in due_soon if m.id not in behind]
    listed = (*due_soon, *overdue, *(m for _, m in (*stones, *missed)))
    who = await _responsible_of(session, group, listed, tr)
    sections: list[tuple[str, list[str]]] = [
        (
            tr.t(N_("Due in the next 14 days:")),
            [f"{due_line(m, tr)} — {who(m)}" for m in due_soon_listed],
        ),
        (
            tr.t(N_("Overdue:")),
            _overdue_lines(overdue, missed, who, tr, due_soon),
        ),
        (
            tr.t(N_("Milestones in the next 14 days:")),
            [f"{milestone_line(s, m, tr)} — {who(m)}" for s, m in stones],
        ),
        (
            tr.t(N_("New proposals (last 7 days):")),
            new_lines(sorted(new, key=lambda m: m.number), tr),
        ),
    ]
    if voting is not None:
        rounds = await voting.open_rounds(session, group.id)
        sections.append(
            (
                tr.t(N_("Open voting rounds:")),
                [
                    "• "
                    + tr.t(N_("Round {number}"), number=r.number)
                    + (f" {quoted(r.title, tr.lang)}" if r.title else "")
                    + " — "
                    + (
                        tr.t(
                            N_("closes {when}"),
                            when=format_datetime(r.closes_at, zone(group.tz), tr.lang),
                        )
                        if r.closes_at is not None
                        else tr.t(
                            N_("no closing time: a coordinator closes it with /close {number}"),
                            number=r.number,
                        )
                    )
                    for r in rounds
                ],
            )
        )
    waiting = [_idea_line(idea) for idea in youth]
    if youth and not ideas_named:
        waiting = [
            "• "
            + tr.tn(
                "{n} idea is waiting for the steering group's decision.",
                "{n} ideas are waiting for the steering group's decision.",
                len(youth),
            )
        ]
    sections.append((tr.t(N_("Youth ideas waiting for an answer:")), waiting))
    unassigned = tuple(m.id for m in (*due_soon, *overdue) if m.responsible_id is None)
    # the milestones ahead of measures nobody is responsible for: their notes to the
    # coordinators that day are said by the digest too (a missed one has no notes after its day)
    nobodys_stones = tuple(s.id for s, m in stones if m.responsible_id is None)
    return sections, Listed(tuple(m.id for m in overdue), unassigned, nobodys_stones)


def _idea_line(idea: YouthIdea) -> str:
    """A queued youth idea as listed for coordinators (its queue number, as /queue shows)."""
    return f"• {idea.number}. {idea.title}"


async def milestones_between(
    session: AsyncSession, measures: list[Measure], start: date | None, end: date
) -> list[tuple[Milestone, Measure]]:
    """Milestones of the open ``measures`` dated in [start, end] (``start`` None: up to
    ``end``) and not reached, by date."""
    by_id = {m.id: m for m in measures}
    if not by_id:
        return []
    since = [] if start is None else [Milestone.due_on >= start]
    stones = await session.scalars(
        select(Milestone)
        .where(
            Milestone.measure_id.in_(list(by_id)),
            *since,
            Milestone.due_on <= end,
            Milestone.reached_on.is_(None),
        )
        .order_by(Milestone.due_on, Milestone.id)
    )
    return [(s, by_id[s.measure_id]) for s in stones]


def milestone_line(stone: Milestone, m: Measure, tr: Translator) -> str:
    return f"• {measure_item(m)}: {stone.text} — {format_date(stone.due_on, tr.lang)}"


async def digest_text(
    session: AsyncSession,
    group: Group,
    tr: Translator,
    now: datetime,
    voting: VotingHooks | None,
    *,
    quiet_when_empty: bool = False,
    ask: bool = True,
    dates_how: bool = True,
    ideas_named: bool = True,
) -> str:
    """The coordinator digest of ``group`` as of ``now``; with ``quiet_when_empty``, "" when no
    section has anything and no programme date has passed (the weekly one is then not sent: the
    programme dates have their own nudges weeks ahead; asked for, it names the empty headings in
    one line). With ``ask`` it ends asking who takes on the measures it lists as nobody's (for a
    reader who may /assign them); with ``dates_how`` a programme date that passed says how to
    enter a new one (for a coordinator, who may), without only that it passed. ``ideas_named``:
    see ``digest_sections``."""
    text, _ = await digest(
        session,
        group,
        tr,
        now,
        voting,
        quiet_when_empty=quiet_when_empty,
        ask=ask,
        dates_how=dates_how,
        ideas_named=ideas_named,
    )
    return text


async def digest(
    session: AsyncSession,
    group: Group,
    tr: Translator,
    now: datetime,
    voting: VotingHooks | None,
    *,
    quiet_when_empty: bool = False,
    ask: bool = True,
    dates_how: bool = True,
    ideas_named: bool = True,
) -> tuple[str, Listed]:
    """``digest_text`` and the measures it lists that notes name too."""
    from bot.reminders import zone

    today = now.astimezone(zone(group.tz)).date()
    lines = [
        tr.t(N_("Digest for {group}, {date}"), group=group.name, date=format_date(today, tr.lang))
    ]
    # A programme date that has passed and stands unchanged is said every week until it is
    # moved or cleared: a digest with nothing else still goes out for it.
    passed = passed_programme_dates(group, today, tr, how=dates_how)
    coming = next_programme_date(group, today, tr)
    if passed or coming:
        lines += ["", *passed, *([coming] if coming else [])]
    sections, listed = await digest_sections(
        session, group, tr, now, voting, ideas_named=ideas_named
    )
    if quiet_when_empty and not passed and not any(items for _, items in sections):
        return "", Listed()
    empty = []
    for heading, items in sections:
        if not items:  # one line for them all at the end, not a "nothing" under each
            empty.append(heading.rstrip(":"))
            continue
        lines.append("")
        lines.append(heading)
        lines += items
    if empty:
        lines += ["", tr.t(N_("Nothing under: {headings}"), headings=" · ".join(empty))]
    if ask and (listed.unassigned or listed.milestones):  # as the notes about them would ask
        lines += [
            "",
            tr.t(
                N_(
                    "Who takes on the measures no member is responsible for yet? "
                    "/assign <number> <who>"
                )
            ),
        ]
    return "\n".join(lines), listed
