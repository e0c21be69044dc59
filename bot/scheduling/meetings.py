"""What meeting reminders say: the agenda, and a meeting rule in words."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.i18n import N_, Translator
from bot.reminders import MeetingRule
from bot.scheduling.content import measure_item, payload_of
from bot.scheduling.digest import (
    DIGEST_DAYS_AHEAD,
    by_due,
    due_line,
    milestones_between,
    new_lines,
    once_each,
    open_measures,
)
from bot.values import format_date
from storage.models import Group, Measure, Milestone, Reminder
from storage.repo import lifecycle

#: New proposals for a meeting are those made since the previous meeting's last reminder
#: went out (else since that meeting's day), but for those made in it; a rule with no meeting before
#: (it starts with this one) counts those of the last four weeks.
FIRST_MEETING_NEW_DAYS = 28


@dataclass(frozen=True)
class NewProposals:
    """Which proposals are new on a meeting's agenda: those made from ``since`` on, but for
    those the group saw in the previous meeting (``seen``: from its time to the end of its
    day, as the rule knows no meeting's length)."""

    since: datetime
    seen: tuple[datetime, datetime] | None = None

    def new(self, made: datetime) -> bool:
        """Whether a proposal made at ``made`` is new."""
        in_meeting = self.seen is not None and self.seen[0] <= made < self.seen[1]
        return made >= self.since and not in_meeting


async def new_proposals(
    session: AsyncSession, group_id: int, rule: MeetingRule | None, meeting: datetime, tz: ZoneInfo
) -> NewProposals:
    """Which proposals are new on the agenda of ``meeting`` (``new_proposals_since``), with
    the time the previous meeting's last reminder went out to the group chat, when one did."""
    before = meeting_before(rule, meeting, tz)
    sent = await reminders_sent(session, group_id, before) if before is not None else []
    return new_proposals_since(rule, meeting, tz, agenda_sent=sent[-1] if sent else None)


def new_proposals_since(
    rule: MeetingRule | None,
    meeting: datetime,
    tz: ZoneInfo,
    *,
    agenda_sent: datetime | None = None,
) -> NewProposals:
    """Which proposals are new on the agenda of ``meeting``: those made since the previous
    meeting's last reminder went out (``agenda_sent``: the agenda, or the meeting-day line
    with the proposals made after the agenda; one made later was in neither), else since the
    start of that meeting's day (one made that day before the meeting was on no agenda yet),
    but for what was proposed in that meeting (or right after it), which the group saw
    there. Four weeks back when there was none."""
    before = meeting_before(rule, meeting, tz)
    if before is None:
        return NewProposals(meeting - timedelta(days=FIRST_MEETING_NEW_DAYS))
    day = before.astimezone(tz).date()
    start = datetime.combine(day, time(0), tzinfo=tz)
    if agenda_sent is not None and agenda_sent < before:
        start = agenda_sent
    return NewProposals(
        start, (before, datetime.combine(day + timedelta(days=1), time(0), tzinfo=tz))
    )


async def reminders_sent(
    session: AsyncSession, group_id: int, meeting: datetime, *, besides: int | None = None
) -> list[datetime]:
    """When the reminders of ``meeting`` went out, first first (that one had the agenda);
    ``besides``: a reminder row not to count (the one being written)."""
    query = select(Reminder).where(
        Reminder.group_id == group_id,
        Reminder.subject == "meeting",
        Reminder.sent_at >= meeting - timedelta(days=7),  # its reminders, not all ever sent
        Reminder.outcome.in_(("sent", "late")),
    )
    if besides is not None:
        query = query.where(Reminder.id != besides)
    key = meeting.isoformat()
    times = [
        r.sent_at
        for r in await session.scalars(query)
        if r.sent_at and payload_of(r).get("meeting") == key
    ]
    return sorted(times)


def meeting_under_way(rule: MeetingRule, now: datetime, tz: ZoneInfo) -> datetime | None:
    """The rule's meeting that began today at or before ``now`` (it counts as under way to the
    end of its day, as the rule knows no meeting's length), or None."""
    midnight = datetime.combine(now.astimezone(tz).date(), time(0), tzinfo=tz)
    today = rule.occurrences(midnight - timedelta(seconds=1), tz, until=now)
    return today[-1] if today else None


def meeting_before(rule: MeetingRule | None, meeting: datetime, tz: ZoneInfo) -> datetime | None:
    if rule is None:
        return None
    # One period back is enough (a monthly rule: at most five weeks), and a little more.
    look_back = timedelta(weeks=max(rule.interval_weeks, 5) + 1)
    before = rule.occurrences(meeting - look_back, tz, until=meeting - timedelta(minutes=1))
    return before[-1] if before else None


async def proposed_after_agenda(
    session: AsyncSession, group_id: int, sent: datetime, tr: Translator
) -> list[str]:
    """What the meeting-day reminder adds when the agenda went out before (``sent``): the
    proposals made since, which that agenda could not list, under a heading; none: nothing."""
    late = [
        m
        for m in await open_measures(session, group_id)
        if m.status == "proposed" and m.created_at >= sent
    ]
    if not late:
        return []
    return [tr.t(N_("Proposed since then:")), *new_lines(late, tr)]


async def agenda_lines(
    session: AsyncSession, group: Group, tr: Translator, now: datetime, since: NewProposals
) -> list[str]:
    """A meeting agenda: what is due, what is open, what was proposed since the previous
    meeting (``since``). Each measure once, in the first section that applies; the sections
    numbered as they stand, the empty ones named in one last line (as the digest does)."""
    from bot.reminders import zone

    today = now.astimezone(zone(group.tz)).date()
    measures = await open_measures(session, group.id)
    soon = today + timedelta(days=DIGEST_DAYS_AHEAD)
    due = by_due([m for m in measures if m.due_on is not None and m.due_on <= soon])
    # a milestone missed stays until it is marked reached, however long ago, as in the digest
    stones = await milestones_between(session, measures, None, soon)
    first = {m.id for m in due} | {m.id for _, m in stones}
    open_ = [m for m in measures if m.status in ("adopted", "in_progress") and m.id not in first]
    proposed = [m for m in measures if m.status == "proposed" and m.id not in first]
    new = [m for m in proposed if since.new(m.created_at)]
    older = len(proposed) - len(new)
    youth = await lifecycle.pending_ideas(session, group.id)
    proposals = new_lines(new, tr)
    if older and proposals:
        proposals.append(
            "• "
            + tr.tn(
                "… and {n} older proposal: /measures proposed",
                "… and {n} older proposals: /measures proposed",
                older,
            )
        )
    elif older and since.seen is None:  # no meeting before this one: four weeks back
        proposals.append(
            "• "
            + tr.tn(
                "none in the last four weeks; {n} older proposal: /measures proposed",
                "none in the last four weeks; {n} older proposals: /measures proposed",
                older,
            )
        )
    elif older:
        proposals.append(
            "• "
            + tr.tn(
                "none since the last meeting; {n} older proposal: /measures proposed",
                "none since the last meeting; {n} older proposals: /measures proposed",
                older,
            )
        )
    sections = [
        (
            N_("Due or overdue:"),
            _due_lines(due, stones, today, tr),
        ),
        (N_("Open measures:"), [f"• {measure_item(m)}" for m in open_]),
        (N_("New proposals:"), proposals),
    ]
    if youth:  # only groups with a youth lane have this item
        # A count, not titles: the agenda goes to the whole chat (observers too), and ideas
        # are moderated before anyone but coordinators and members sees them.
        count = tr.tn(
            "{n} idea is waiting for a decision (/queue shows it).",
            "{n} ideas are waiting for a decision (/queue shows them).",
            len(youth),
        )
        sections.append((N_("Youth ideas waiting for an answer:"), [f"• {count}"]))
    lines: list[str] = []
    empty: list[str] = []
    shown: list[str] = []
    for heading, items in sections:
        if not items:
            empty.append(tr.t(heading).rstrip(":"))
            continue
        lines.append(f"{len(shown) + 1}. {tr.t(heading)}")
        shown.append(heading)
        lines += items
    if empty:
        lines.append(tr.t(N_("Nothing under: {headings}"), headings=" · ".join(empty)))
    return lines


def _due_lines(
    due: list[Measure], stones: list[tuple[Milestone, Measure]], today: date, tr: Translator
) -> list[str]:
    """Each measure once, as the digest lists it: its due date on its line, its milestones
    under it (one due with a milestone missed or ahead is not listed twice)."""
    lines = []
    for m, under in once_each(due, stones):
        lines.append(due_line(m, tr) if m in due else f"• {measure_item(m)}")
        lines += ["   " + _stone_line(s, today, tr) for s in under]
    return lines


def _stone_line(stone: Milestone, today: date, tr: Translator) -> str:
    when = format_date(stone.due_on, tr.lang)
    if stone.due_on < today:
        return tr.t(N_("Milestone “{text}” missed on {date}"), text=stone.text, date=when)
    return tr.t(N_("Milestone “{text}” on {date}"), text=stone.text, date=when)


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
