"""What meeting reminders say: the agenda, and a meeting rule in words."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy.ext.asyncio import AsyncSession

from bot.i18n import N_, Translator
from bot.reminders import MeetingRule
from bot.scheduling.content import measure_item
from bot.scheduling.digest import (
    DIGEST_DAYS_AHEAD,
    NEW_PROPOSAL_DAYS,
    by_due,
    due_line,
    milestone_line,
    milestones_between,
    new_lines,
    open_measures,
)
from storage.models import Group
from storage.repo import lifecycle


async def agenda_lines(
    session: AsyncSession, group: Group, tr: Translator, now: datetime
) -> list[str]:
    """A meeting agenda: what is due, what is open, what is new."""
    from bot.reminders import zone

    today = now.astimezone(zone(group.tz)).date()
    measures = await open_measures(session, group.id)
    soon = today + timedelta(days=DIGEST_DAYS_AHEAD)
    due = by_due([m for m in measures if m.due_on is not None and m.due_on <= soon])
    open_ = [m for m in measures if m.status in ("adopted", "in_progress") and m not in due]
    since = now - timedelta(days=NEW_PROPOSAL_DAYS * 2)
    new = [m for m in measures if m.status == "proposed" and m.created_at >= since]
    stones = await milestones_between(session, measures, today - timedelta(days=7), soon)
    youth = await lifecycle.pending_ideas(session, group.id)
    lines = []
    sections = [
        (
            N_("1. Due or overdue:"),
            [due_line(m, tr) for m in due] + [milestone_line(s, m, tr) for s, m in stones],
        ),
        (N_("2. Open measures:"), [f"• {measure_item(m)}" for m in open_]),
        (N_("3. New proposals:"), new_lines(new, tr)),
    ]
    if youth:  # only groups with a youth lane have this item
        # A count, not titles: the agenda goes to the whole chat (observers too), and ideas
        # are moderated before anyone but coordinators and members sees them.
        count = tr.tn(
            "{n} idea is waiting for a decision (/queue shows it).",
            "{n} ideas are waiting for a decision (/queue shows them).",
            len(youth),
        )
        sections.append((N_("4. Youth ideas waiting for an answer:"), [f"• {count}"]))
    for heading, items in sections:
        lines.append(tr.t(heading))
        lines += items or ["• " + tr.t(N_("nothing"))]
    return lines


WEEKDAY_NAMES = (
    N_("Monday"), N_("Tuesday"), N_("Wednesday"), N_("Thursday"), N_("Friday"),
    N_("Saturday"), N_("Sunday"),
)  # fmt: skip
ORDINAL_NAMES = {
    1: N_("first"), 2: N_("second"), 3: N_("third"), 4: N_("fourth"), 5: N_("fifth"),
    -1: N_("last"),
}  # fmt: skip


def describe_rule(rule: MeetingRule, tr: Translator) -> str:
    """A meeting rule in the reader's language: "every second Tuesday of the month at 17:00"
    / "jeden zweiten Dienstag im Monat um 17:00 Uhr"."""
    weekday = tr.t(WEEKDAY_NAMES[rule.weekday])
    clock = rule.at.strftime("%H:%M")
    if rule.nth is not None:
        return tr.t(
            N_("every {nth} {weekday} of the month at {time}"),
            nth=tr.t(ORDINAL_NAMES[rule.nth]),
            weekday=weekday,
            time=clock,
        )
    if rule.interval_weeks > 1:
        return tr.t(
            N_("every {n} weeks on {weekday} at {time}"),
            n=rule.interval_weeks,
            weekday=weekday,
            time=clock,
        )
    return tr.t(N_("every {weekday} at {time}"), weekday=weekday, time=clock)
