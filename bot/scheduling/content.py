"""What a nudge says: re-checked against the database at send time, in the reader's language.

``compose`` returns None when the nudge has lost its point (the measure was done or dropped
meanwhile, the due date or the responsible person changed, the meeting rule was changed, the
person has voted): the engine then settles the row as skipped and sends nothing.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from dateutil.relativedelta import relativedelta
from sqlalchemy.ext.asyncio import AsyncSession

from bot.events import Choice
from bot.i18n import N_, Translator
from bot.programmes import KFK, PROGRAMMES
from bot.roles import COORDINATOR, MEMBER, YOUTH
from bot.statuses import ADOPTED, IN_PROGRESS, PROPOSED, RESTING, SHORTLISTED, STATUS_NAMES
from bot.transitions import YOUTH_WAITS, youth_steps
from bot.values import file_date, format_date, format_datetime, quoted
from bot.vote_hints import vote_hint
from storage.models import Group, Measure, Milestone, Person, Reminder
from storage.repo import lifecycle, people, reminders

if TYPE_CHECKING:
    from bot.scheduling.planner import GroupFacts, VotingHooks

FINISHED = RESTING  # no nudges, not due or overdue in the digest and the meeting agenda

# The group's programme dates that coordinators are reminded of: column → label.
PROGRAMME_DATES = (
    ("plan_due_on", "plan_due"),
    ("seal_until", "seal_expiry"),
    ("interim_report_on", "interim_report"),
)
PLAN_DUE_TEXT = N_("The action plan is due on {date}.")
PLAN_WAS_DUE_TEXT = N_("The action plan was due on {date}.")
PLAN_PASSED_TEXT = N_(
    "A new date: /programme plan=<date>; once it is adopted, /programme plan=none clears it."
)
LATE_MARK = N_("(delayed)")
#: From this many days ahead a date's distance is said in years, not weeks.
DAYS_A_YEAR = 365


@dataclass(frozen=True)
class Composed:
    """A nudge's full text, the one line that stands for it in a catch-up summary, and the
    buttons that answer it."""

    text: str
    headline: str
    choices: tuple[Choice, ...] = ()
    #: Its line in a coordinator's one message about several measures ("" when it always goes
    #: out on its own), which message that is (``OVERDUE`` or ``UNASSIGNED``), and the number
    #: of the measure the line is about (the message counts and orders its lines by it) and
    #: how that message lists the measure ("2. Familienbüro im Rathaus"), once for all its
    #: lines.
    line: str = ""
    note: str = ""
    measure: int = 0
    item: str = ""
    #: What ends the first line about its measure in that message (its lead office), said
    #: once per measure however many lines (its due date, its milestones) it has there.
    lead: str = ""
    #: The measures a digest lists as overdue, and those it lists (due soon or overdue) as
    #: having no member responsible: its reader's notes about them due the same day are said
    #: by it (``bot.scheduling.engine`` settles them with it, unsent).
    overdue: tuple[int, ...] = ()
    unassigned: tuple[int, ...] = ()
    #: The milestones it lists of measures no member is responsible for (their notes, alike).
    unassigned_milestones: tuple[int, ...] = ()


#: The coordinators' notes due at one time that go out as one message, a line per note:
#: measures overdue for a week or more (``overdue_note``), and measures no member is
#: responsible for, with the milestones of such measures (``unassigned_note``).
OVERDUE = "overdue"
UNASSIGNED = "unassigned"


# The prefix of a nudge's buttons (``nudge:<measure id>:progress|done|later:<due YYYYMMDD>``),
# handled by ``commands.nudge_buttons``.
NUDGE_ACTION = "nudge"
# The button under a milestone nudge (``milestonereached:<milestone id>``): as /milestone <n>
# reached <k>, handled by ``commands.nudge_buttons``.
MILESTONE_ACTION = "milestonereached"
# How far "later" moves a due date.
LATER = timedelta(days=14)


def payload_of(row: Reminder) -> dict[str, Any]:
    return json.loads(row.payload or "{}")


def measure_label(m: Measure, lang: str = "en") -> str:
    """How a measure is named inside a sentence: 3 „Spielplatz“ (de), 3 “Playground” (en)."""
    return f"{m.number} {quoted(m.title, lang)}"


def measure_item(m: Measure) -> str:
    """How a measure is listed: 3. Spielplatz."""
    return f"{m.number}. {m.title}"


def named(person: Person | None, facts: GroupFacts, tr: Translator) -> str:
    """A person's name in a nudge. Where a nudge lands is only known when it is sent (the
    direct chat, else the group chat), so a minor is named only where any chat may show the
    name: opted in, and not in a sensitive group (whose Telegram chats never show minors)."""
    return person_name(person, facts.group, facts.chat.platform if facts.chat else "", tr)


def person_name(person: Person | None, group: Group, platform: str, tr: Translator) -> str:
    """``named`` for a chat on ``platform`` ("" where it is not known)."""
    from commands.common import FORMER_MEMBER, YOUTH_PSEUDONYM, is_pseudonymous

    if person is None:
        return "?"
    if person.forgotten_at is not None:
        return tr.t(FORMER_MEMBER)
    sensitive = bool(group.sensitive)
    if is_pseudonymous(person, platform="telegram" if sensitive else platform, sensitive=sensitive):
        return tr.t(YOUTH_PSEUDONYM)
    return person.display_name or "?"


def _days_between(earlier: date, later: date) -> int:
    return (later - earlier).days


async def compose(
    session: AsyncSession,
    row: Reminder,
    now: datetime,
    facts: GroupFacts,
    tr: Translator,
    voting: VotingHooks | None,
) -> Composed | None:
    """The text of ``row`` as of ``now``, or None when it should not be sent any more."""
    payload = payload_of(row)
    group = facts.group
    if row.person_id is not None:
        person = await people.person_by_id(session, row.person_id)
        if person is None or person.forgotten_at is not None:
            return None
    if row.subject == "measure":
        return await _measure(session, row, payload, now, facts, tr)
    if row.subject == "milestone":
        return await _milestone(session, row, payload, now, facts, tr)
    if row.subject == "group":
        return _programme(row, payload, now, facts, tr)
    if row.subject == "digest":
        if row.person_id not in facts.coordinators:
            return None
        from bot.scheduling.digest import digest

        text, listed = await digest(session, group, tr, now, voting, quiet_when_empty=True)
        if not text:
            return None  # a week with nothing to report: no message of "nothing"s
        headline = tr.t(N_("Weekly digest of {group}"), group=group.name)
        return Composed(
            text,
            headline,
            overdue=listed.overdue,
            unassigned=listed.unassigned,
            unassigned_milestones=listed.milestones,
        )
    if row.subject == "meeting":
        return await _meeting(session, row, payload, now, facts, tr)
    if row.subject == "round":
        return await _round(session, row, facts, tr, voting)
    return None


def note_lines(parts: Sequence[Composed]) -> list[str]:
    """The lines of a coordinator's note (``parts``, the notes it says, by measure): each
    measure once, listed as lists list it ("2. Familienbüro im Rathaus"), its first line (its
    due date, else a milestone) after it and ended by its lead office, its other lines (its
    milestones) under it, as the digest lists them."""
    by_measure: dict[int, list[Composed]] = {}
    for part in parts:
        by_measure.setdefault(part.measure, []).append(part)
    lines = []
    for first, *rest in by_measure.values():
        lines.append(f"• {first.item}: {first.line}{first.lead}")
        lines += [f"   {part.line}" for part in rest]
    return lines


def overdue_note(tr: Translator, parts: Sequence[Composed]) -> str:
    """A coordinator's one message about several measures overdue for a week or more
    (``parts``): one line each (``Composed.line``) and what to do."""
    head = tr.tn(
        "{n} measure has been overdue for a week or more:",
        "{n} measures have been overdue for a week or more:",
        len({p.measure for p in parts}),
    )
    foot = tr.t(
        N_(
            "Perhaps ask the people responsible how it is going? "
            "If a measure needs more time: /due <number> <date>"
        )
    )
    return "\n".join([head, *note_lines(parts), foot])


def unassigned_note(tr: Translator, parts: Sequence[Composed]) -> str:
    """A coordinator's one message about several measures no member is responsible for
    (``parts``), due soon or overdue, or with a milestone soon: each measure once, a line for
    each date (``Composed.line``), and what to do."""
    head = tr.tn(
        "No member is responsible yet for {n} measure:",
        "No member is responsible yet for {n} measures:",
        len({p.measure for p in parts}),
    )
    foot = tr.t(N_("Who takes them on? /assign <number> <who>"))
    return "\n".join([head, *note_lines(parts), foot])


def note_text(tr: Translator, note: str, parts: Sequence[Composed]) -> str:
    """The one message of the coordinators' notes of kind ``note`` (``Composed.note``),
    ``parts`` (ordered by measure)."""
    return (unassigned_note if note == UNASSIGNED else overdue_note)(tr, parts)


async def _measure(
    session: AsyncSession,
    row: Reminder,
    payload: dict[str, Any],
    now: datetime,
    facts: GroupFacts,
    tr: Translator,
) -> Composed | None:
    measure = await session.get(Measure, row.subject_id)
    if measure is None or measure.status in FINISHED or measure.due_on is None:
        return None
    if measure.due_on.isoformat() != payload.get("due"):
        return None  # the due date moved: the new plan has its own rows
    role = payload.get("role")
    if role == "responsible" and measure.responsible_id != row.person_id:
        return None
    if role == "unassigned" and (
        measure.responsible_id is not None or row.person_id not in facts.coordinators
    ):
        return None
    if role == "escalated" and row.person_id not in facts.coordinators:
        return None
    label = measure_label(measure, tr.lang)
    due = format_date(measure.due_on, tr.lang)
    today = facts.policy.local(now).date()
    if role == "escalated":
        responsible = await people.person_by_id(session, measure.responsible_id or 0)
        days = _days_between(measure.due_on, today)
        text = tr.t(
            N_(
                "Measure {measure} is {days} days overdue (due {date}; responsible: {person}). "
                "Perhaps ask how it is going?"
            ),
            measure=label,
            days=days,
            date=due,
            person=named(responsible, facts, tr),
        )
        line = tr.tn(
            "{n} day overdue (due {date}; responsible: {person})",
            "{n} days overdue (due {date}; responsible: {person})",
            days,
            date=due,
            person=named(responsible, facts, tr),
        )
        if payload.get("slows_down"):
            text += "\n" + tr.t(N_("From now on I will bring it up every four weeks only."))
            line += " — " + tr.t(N_("from now on every four weeks only"))
        if measure.lead_office:
            text += "\n" + tr.t(N_("Lead: {office}."), office=measure.lead_office)
        headline = tr.t(N_("{measure}: overdue since {date}"), measure=label, date=due)
        return Composed(
            text,
            headline,
            line=line,
            note=OVERDUE,
            measure=measure.number,
            item=measure_item(measure),
            lead=_lead_office(measure, tr),
        )
    # milestones on the due date are said with it to the person responsible: one nudge, not
    # two (``planner``); the coordinators' note about measures nobody is doing has their lines
    stones = await lifecycle.milestones_of(session, measure.id) if role == "responsible" else []
    same_day = [s for s in stones if s.reached_on is None and s.due_on == measure.due_on]
    ahead = bool(same_day) and measure.due_on >= today
    # the first overdue nudge that reaches them asks about those not marked reached (their
    # one follow-up, as a milestone of another day has its own: ``_missed_milestone``)
    missed = (
        same_day
        if same_day
        and measure.due_on < today
        and not await reminders.overdue_reached(
            session, measure.id, row.person_id or 0, measure.due_on.isoformat(), role="responsible"
        )
        else []
    )
    if ahead:
        text, headline = _due_with_milestones(measure, same_day, today, tr)
        line = ""  # to the person responsible alone, never a line in a note
    elif measure.due_on == today + timedelta(days=1):  # "tomorrow", not "in 1 day"
        text = tr.t(
            N_("Reminder: measure {measure} is due tomorrow ({date})."), measure=label, date=due
        )
        line = tr.t(N_("due tomorrow ({date})"), date=due)
    elif measure.due_on > today:
        days = _days_between(today, measure.due_on)
        text = tr.tn(
            "Reminder: measure {measure} is due on {date}, in {n} day.",
            "Reminder: measure {measure} is due on {date}, in {n} days.",
            days,
            measure=label,
            date=due,
        )
        line = tr.tn("due on {date}, in {n} day", "due on {date}, in {n} days", days, date=due)
    elif measure.due_on == today:
        text = tr.t(
            N_("Reminder: measure {measure} is due today ({date})."), measure=label, date=due
        )
        line = tr.t(N_("due today ({date})"), date=due)
    else:
        days = _days_between(measure.due_on, today)
        text = tr.tn(
            "Measure {measure} was due on {date} and is {n} day overdue.",
            "Measure {measure} was due on {date} and is {n} days overdue.",
            days,
            measure=label,
            date=due,
        )
        line = tr.tn(
            "{n} day overdue (due {date})", "{n} days overdue (due {date})", days, date=due
        )
    if role == "unassigned":
        text += "\n" + _unassigned_line(measure, tr)
        if payload.get("slows_down"):
            line += " — " + tr.t(N_("from now on every four weeks only"))
    # the coordinators nudged about a measure nobody is responsible for may do everything
    reader = (
        await _role_in(session, row.person_id, measure.group_id) if role == "responsible" else None
    )
    if reader == YOUTH:
        text += "\n" + _youth_status_line(measure, tr)
    elif measure.status in (PROPOSED, SHORTLISTED):
        text += "\n" + _undecided_line(
            measure, tr, coordinator=role == "unassigned" or reader == COORDINATOR
        )
    else:
        text += "\n" + tr.t(
            N_("Update it with /status {number} <status> [note]."), number=measure.number
        )
    if ahead:
        reached = (_reached_line(measure, stones, s, reader, tr) for s in same_day)
        text += "".join(f"\n{line}" for line in dict.fromkeys(reached) if line)
    for stone in missed:  # named only here: the first line speaks of the due date
        if reached_line := _reached_line(measure, stones, stone, reader, tr):
            that_day = tr.t(N_("Milestone “{text}” was on that day too."), text=stone.text)
            text += f"\n{that_day} {reached_line}"
    if payload.get("slows_down"):
        more_time = (
            N_(
                "From now on I will remind you of it every four weeks only. Does it need more "
                "time? The coordinators can set a new due date."
            )
            if reader == YOUTH  # /due is the steering group's
            else N_(
                "From now on I will remind you of it every four weeks only. "
                "Does it need more time? /due {number} <date>"
            )
        )
        text += "\n" + tr.t(more_time, number=measure.number)
    # The line in a summary of missed nudges says what the nudge said: due, or overdue since.
    summary = (
        N_("{measure}: overdue since {date}")
        if measure.due_on < today
        else N_("{measure}: due {date}")
    )
    choices = _answers(measure, reader, row.person_id, tr) if role == "responsible" else ()
    choices += _reached_buttons(same_day if ahead else missed, reader, tr)
    if not ahead:
        headline = tr.t(summary, measure=label, date=due)
    if role == "unassigned":  # to the coordinators: one message for all such measures
        return Composed(
            text,
            headline,
            choices,
            line=line,
            note=UNASSIGNED,
            measure=measure.number,
            item=measure_item(measure),
            lead=_lead_office(measure, tr),
        )
    return Composed(text, headline, choices)


def _due_with_milestones(
    measure: Measure, stones: Sequence[Milestone], today: date, tr: Translator
) -> tuple[str, str]:
    """The text and the headline of a nudge to the person responsible about a due date on or
    ahead of ``today`` that milestones (``stones``) share: "Frist und Meilenstein „Träger
    gefunden“ am 15.03.2027"."""
    assert measure.due_on is not None
    label = measure_label(measure, tr.lang)
    due = format_date(measure.due_on, tr.lang)
    names = ", ".join(quoted(s.text, tr.lang) for s in stones)
    milestones = tr.tn("milestone {names}", "milestones {names}", len(stones), names=names)
    headline = tr.t(
        N_("{measure}: due date and {milestones} on {date}"),
        measure=label,
        milestones=milestones,
        date=due,
    )
    if measure.due_on == today:
        text = tr.t(
            N_("Reminder: measure {measure}: due date and {milestones} today ({date})."),
            measure=label,
            milestones=milestones,
            date=due,
        )
        return text, headline
    if measure.due_on == today + timedelta(days=1):
        text = tr.t(
            N_("Reminder: measure {measure}: due date and {milestones} tomorrow ({date})."),
            measure=label,
            milestones=milestones,
            date=due,
        )
        return text, headline
    text = tr.tn(
        "Reminder: measure {measure}: due date and {milestones} on {date}, in {n} day.",
        "Reminder: measure {measure}: due date and {milestones} on {date}, in {n} days.",
        _days_between(today, measure.due_on),
        measure=label,
        milestones=milestones,
        date=due,
    )
    return text, headline


def _reached_line(
    measure: Measure,
    stones: Sequence[Milestone],
    stone: Milestone,
    reader: str | None,
    tr: Translator,
) -> str:
    """How to mark ``stone`` (one of ``stones``, the measure's milestones) reached, as a
    milestone's own nudge says it: a youth representative at work on the measure tells the
    coordination ("" before that)."""
    if reader == YOUTH:
        if not youth_steps(measure.status):
            return ""
        return tr.t(N_("Reached? Tell the coordinators; they mark it reached."))
    return tr.t(
        N_("Reached? /milestone {number} reached {n}"),
        number=measure.number,
        n=_position(stones, stone),
    )


def _position(stones: Sequence[Milestone], stone: Milestone) -> int:
    """``stone``'s number among its measure's milestones (``stones``), as /milestone counts."""
    return next(i for i, s in enumerate(stones, start=1) if s.id == stone.id)


def _reached_buttons(
    stones: Sequence[Milestone], reader: str | None, tr: Translator
) -> tuple[Choice, ...]:
    """The buttons that mark ``stones`` (the milestones a due date's nudge names) reached,
    as the button under a milestone's own nudge does, for whoever may use /milestone: "Reached"
    for one, each named for several."""
    if reader not in (COORDINATOR, MEMBER):
        return ()
    if len(stones) == 1:
        return (Choice(tr.t(N_("Reached")), f"{MILESTONE_ACTION}:{stones[0].id}"),)
    return tuple(
        Choice(
            tr.t(N_("{milestone} reached"), milestone=quoted(s.text, tr.lang)),
            f"{MILESTONE_ACTION}:{s.id}",
        )
        for s in stones
    )


def _lead_office(measure: Measure, tr: Translator) -> str:
    """The end of the first line about a measure in a coordinator's note: its lead office,
    when it has one."""
    if not measure.lead_office:
        return ""
    return " — " + tr.t(N_("lead: {office}"), office=measure.lead_office)


def _unassigned_line(measure: Measure, tr: Translator) -> str:
    """What a coordinator's nudge says about a measure no member is responsible for: the
    lead office, when it has one (/assign named it), is not "nobody"."""
    if measure.lead_office:
        return tr.t(
            N_("Lead: {office}; no member is responsible for it yet: /assign {number} <who>."),
            office=measure.lead_office,
            number=measure.number,
        )
    return tr.t(
        N_("Nobody is responsible for it yet: /assign {number} <who>."), number=measure.number
    )


async def _role_in(session: AsyncSession, person_id: int | None, group_id: int) -> str | None:
    """The role of a nudge's reader in the measure's group (None: no longer in it)."""
    if person_id is None:
        return None
    membership = await people.membership(session, person_id, group_id)
    return membership.role if membership is not None else None


def _youth_status_line(measure: Measure, tr: Translator) -> str:
    """What a youth representative responsible for ``measure`` may report on it (as /status
    lets her): the steps, or that the steering group decides first."""
    steps = youth_steps(measure.status)
    if not steps:
        return tr.t(YOUTH_WAITS, number=measure.number, status=tr.t(STATUS_NAMES[measure.status]))
    # Written out as she types it, not as a usage line ("in Umsetzung|umgesetzt [Notiz]"),
    # which a 13-year-old reads as part of the command.
    if len(steps) == 1:
        return tr.t(
            N_("Finished? Then write /status {number} {step}."),
            number=measure.number,
            step=tr.t(STATUS_NAMES[steps[0]]),
        )
    first, second = steps[0], steps[-1]
    return tr.t(
        N_("Tell me how it is going: /status {number} {first} or /status {number} {second}."),
        number=measure.number,
        first=tr.t(STATUS_NAMES[first]),
        second=tr.t(STATUS_NAMES[second]),
    )


def _undecided_line(measure: Measure, tr: Translator, *, coordinator: bool) -> str:
    """What a nudge says about reporting on a measure not adopted yet (proposed, shortlisted):
    "/status 3 done" would be refused, adopted comes first, and that is the steering group's
    decision, which the coordination records."""
    if coordinator:
        text = N_(
            "Measure {number} is {status}: once the steering group has adopted it, record that "
            "with /status {number} adopted; after that, /status {number} in progress [note]."
        )
    else:
        text = N_(
            "Measure {number} is {status}: the steering group decides first whether it goes "
            "ahead (the coordinators then type /status {number} adopted). After that, "
            "report on it with /status {number} in progress [note]."
        )
    return tr.t(text, number=measure.number, status=tr.t(STATUS_NAMES[measure.status]))


def _answers(
    measure: Measure, reader: str | None, person_id: int | None, tr: Translator
) -> tuple[Choice, ...]:
    """Buttons for the person responsible: the next step they may report (as /status lets
    them), and for a member "two weeks more" (as /due); the steering group decides the rest.
    Each names the person the nudge was for (``person_id``): once the measure is someone
    else's, a press no longer fits."""
    if reader is None or measure.due_on is None:
        return ()
    prefix = f"{NUDGE_ACTION}:{measure.id}"
    whose = f":{person_id}" if person_id is not None else ""
    choices = []
    if measure.status == ADOPTED:
        choices.append(Choice(tr.t(N_("Under way")), f"{prefix}:progress{whose}"))
    if measure.status in (ADOPTED, IN_PROGRESS):
        choices.append(Choice(tr.t(N_("Done")), f"{prefix}:done{whose}"))
    if reader in (COORDINATOR, MEMBER):
        label = tr.tn("Due date {n} week later", "Due date {n} weeks later", LATER.days // 7)
        choices.append(Choice(label, f"{prefix}:later:{measure.due_on:%Y%m%d}{whose}"))
    return tuple(choices)


async def _milestone(
    session: AsyncSession,
    row: Reminder,
    payload: dict[str, Any],
    now: datetime,
    facts: GroupFacts,
    tr: Translator,
) -> Composed | None:
    stone = await session.get(Milestone, row.subject_id)
    if (
        stone is None
        or stone.reached_on is not None
        or stone.due_on.isoformat() != payload.get("due")
    ):
        return None
    measure = await session.get(Measure, stone.measure_id)
    if measure is None or measure.status in FINISHED:
        return None
    unassigned = payload.get("role") == "unassigned"
    if unassigned:
        if measure.responsible_id is not None or row.person_id not in facts.coordinators:
            return None  # someone took it on: the new plan nudges them
    elif measure.responsible_id != row.person_id:
        return None
    if not unassigned and int(payload.get("offset_days", 0)) > 0:
        return await _missed_milestone(session, row, measure, stone, tr)
    label = measure_label(measure, tr.lang)
    when = format_date(stone.due_on, tr.lang)
    today = facts.policy.local(now).date()
    same_day = measure.due_on == stone.due_on and stone.due_on >= today and not unassigned
    if same_day and await _said_with_due_date(session, row, measure):
        return None
    if stone.due_on == today + timedelta(days=1):  # "tomorrow", not "in 1 day"
        text = tr.t(
            N_("Reminder: milestone “{text}” of measure {measure} is tomorrow ({date})."),
            text=stone.text,
            measure=label,
            date=when,
        )
        line = tr.t(N_("milestone “{text}” tomorrow ({date})"), text=stone.text, date=when)
    elif stone.due_on > today:
        days = _days_between(today, stone.due_on)
        text = tr.tn(
            "Reminder: milestone “{text}” of measure {measure} is on {date}, in {n} day.",
            "Reminder: milestone “{text}” of measure {measure} is on {date}, in {n} days.",
            days,
            text=stone.text,
            measure=label,
            date=when,
        )
        line = tr.tn(
            "milestone “{text}” on {date}, in {n} day",
            "milestone “{text}” on {date}, in {n} days",
            days,
            text=stone.text,
            date=when,
        )
    else:
        text = tr.t(
            N_("Reminder: milestone “{text}” of measure {measure} is today ({date})."),
            text=stone.text,
            measure=label,
            date=when,
        )
        line = tr.t(N_("milestone “{text}” today ({date})"), text=stone.text, date=when)
    if unassigned:
        text += "\n" + _unassigned_line(measure, tr)
    reader = None if unassigned else await _role_in(session, row.person_id, measure.group_id)
    if reader == YOUTH:
        text += "\n" + _youth_status_line(measure, tr)
        stones: Sequence[Milestone] = [stone]  # her line names no number
    else:
        if measure.status in (PROPOSED, SHORTLISTED):
            text += "\n" + _undecided_line(
                measure, tr, coordinator=unassigned or reader == COORDINATOR
            )
        else:
            text += "\n" + tr.t(
                N_(
                    "Report how measure {number} is getting on with /status {number} <status> "
                    "[note]."
                ),
                number=measure.number,
            )
        stones = await lifecycle.milestones_of(session, measure.id)
    # A youth representative at work on it knows when it is reached: /milestone is the
    # steering group's, and without a word it would stay "missed".
    reached = _reached_line(measure, stones, stone, reader, tr)
    if reached:
        text += "\n" + reached
    choices = _reached_buttons([stone], reader, tr)  # for who may use /milestone
    headline = tr.t(
        N_("{measure}: milestone “{text}” on {date}"), measure=label, text=stone.text, date=when
    )
    if unassigned:  # in the coordinators' one message about the measures nobody is doing
        return Composed(
            text,
            headline,
            line=line,
            note=UNASSIGNED,
            measure=measure.number,
            item=measure_item(measure),
            lead=_lead_office(measure, tr),
        )
    return Composed(text, headline, choices)


async def _missed_milestone(
    session: AsyncSession, row: Reminder, measure: Measure, stone: Milestone, tr: Translator
) -> Composed | None:
    """The one follow-up to the person responsible for a milestone whose day has passed
    without its being marked reached: was it? With the button that marks it, as its own
    nudge has (a youth representative at work on the measure tells the coordinators; one
    not at work on it hears nothing)."""
    label = measure_label(measure, tr.lang)
    when = format_date(stone.due_on, tr.lang)
    headline = tr.t(
        N_("{measure}: milestone “{text}” was on {date}"),
        measure=label,
        text=stone.text,
        date=when,
    )
    reader = await _role_in(session, row.person_id, measure.group_id)
    if reader == YOUTH:
        if not youth_steps(measure.status):
            return None
        text = tr.t(
            N_("Milestone “{text}” of measure {measure} was on {date}."),
            text=stone.text,
            measure=label,
            date=when,
        )
        told = tr.t(N_("Reached? Tell the coordinators; they mark it reached."))
        return Composed(f"{text}\n{told}", headline)
    stones = await lifecycle.milestones_of(session, measure.id)
    text = tr.t(
        N_(
            "Milestone “{text}” of measure {measure} was on {date} — reached? "
            "/milestone {number} reached {n}"
        ),
        text=stone.text,
        measure=label,
        date=when,
        number=measure.number,
        n=_position(stones, stone),
    )
    return Composed(text, headline, _reached_buttons([stone], reader, tr))


async def _said_with_due_date(session: AsyncSession, row: Reminder, measure: Measure) -> bool:
    """Whether the nudge ``row`` of a milestone on its measure's due date is said by the due
    date's nudge at the same offset to the same person (its row, planned before the
    milestone was moved onto the due date, waits or went out): not a second message."""
    prefix, _, rest = row.dedupe_key.partition(f":ms{row.subject_id}:")
    if not rest:
        return False
    twin = await reminders.by_key(session, f"{prefix}:m{measure.id}:{rest}")
    return twin is not None and twin.outcome != "skipped"


def _programme(
    row: Reminder, payload: dict[str, Any], now: datetime, facts: GroupFacts, tr: Translator
) -> Composed | None:
    column = payload.get("column", "")
    when = getattr(facts.group, column, None) if column else None
    if when is None or when.isoformat() != payload.get("date"):
        return None
    if row.person_id not in facts.coordinators:
        return None
    message = programme_texts(facts.group).get(payload.get("label", ""))
    if message is None:
        return None
    # How far ahead it is from the day the nudge goes out: one held over a weekend, a
    # holiday or a pause comes closer to the date than its 8, 4 or 1 weeks; one held past the
    # date (the day's own, on a Saturday) says it has passed and what to do.
    today = facts.policy.local(now).date()
    days = _days_between(today, when)
    if days < 0:
        said = _passed(facts.group, payload.get("label", ""), when, today, tr)
        return Composed(f"{facts.group.name}: {' '.join(said)}", said[0])
    headline = tr.t(message, date=format_date(when, tr.lang))
    text = f"{facts.group.name}: {headline} {distance_text(tr, days)}"
    how = _how_to_write(facts, payload.get("label", ""), when, tr)
    return Composed(f"{text}\n{how}" if how else text, headline)


def _how_to_write(facts: GroupFacts, label: str, when: date, tr: Translator) -> str:
    """The command that writes what a programme date asks for ("" for the end of the seal):
    the action plan as a file; for the report, the status report of its period (the year
    before an annual report, else since the group was set up) and as a file."""
    if label == "plan_due":
        return tr.t(N_("The action plan as it stands: /plan · as a file: /plan export xlsx"))
    if label != "interim_report":
        return ""
    group = facts.group
    created = group.created_at.astimezone(facts.policy.tz).date()
    yearly = PROGRAMMES.get(group.programme, KFK).wording.yearly_report
    since = max(when - relativedelta(years=1), created) if yearly else created
    return tr.t(
        N_(
            "The status report for it: /report since={date} · "
            "as a file: /report since={date} export xlsx"
        ),
        date=file_date(since, tr.lang),
    )


def distance_text(tr: Translator, days: int) -> str:
    """How far ahead a date is, in words ("That is tomorrow.", "That is in 5 days."), in weeks
    from 14 days on, in years from a year on (a certificate valid three years is not "in 114
    weeks"): the digest and the programme's nudges say it alike."""
    if days == 0:
        return tr.t(N_("That is today."))
    if days == 1:
        return tr.t(N_("That is tomorrow."))
    if days < 14:
        return tr.tn("That is in {n} day.", "That is in {n} days.", days)
    if days < DAYS_A_YEAR:
        return tr.tn("That is in {n} week.", "That is in {n} weeks.", days // 7)
    years, rest = divmod(days, DAYS_A_YEAR)
    if rest == 0:
        return tr.tn("That is in {n} year.", "That is in {n} years.", years)
    return tr.tn("That is in more than {n} year.", "That is in more than {n} years.", years)


async def _meeting(
    session: AsyncSession,
    row: Reminder,
    payload: dict[str, Any],
    now: datetime,
    facts: GroupFacts,
    tr: Translator,
) -> Composed | None:
    """The agenda before a meeting. On the meeting's day, after the agenda went out before
    (the day before), one line: the agenda is not said twice in the same words; under it the
    proposals made since it went out, which it could not list."""
    rule = facts.settings.meeting_rule if facts.settings else None
    if not rule or rule != payload.get("rule"):
        return None
    meeting = datetime.fromisoformat(payload["meeting"])
    if meeting <= now:
        return None  # a reminder for a meeting that has happened helps nobody
    from bot.scheduling.meetings import agenda_lines, new_proposals, proposed_after_agenda
    from bot.scheduling.planner import meeting_rule_of

    when = format_datetime(meeting, facts.policy.tz, tr.lang)
    headline = tr.t(N_("Meeting on {when}"), when=when)
    local = meeting.astimezone(facts.policy.tz)
    if now.astimezone(facts.policy.tz).date() == local.date():
        today = tr.t(N_("Today at {time}: steering group meeting."), time=local.strftime("%H:%M"))
        earlier = await _agenda_sent(session, row, meeting)
        if earlier is not None:
            day = format_date(earlier.astimezone(facts.policy.tz).date(), tr.lang)
            text = tr.t(N_("The agenda came with the reminder of {date}."), date=day)
            late = await proposed_after_agenda(session, facts.group.id, earlier, tr)
            return Composed("\n".join([f"{today} {text}", *late]), headline)
        lines = [today, tr.t(N_("Agenda:"))]
    else:
        lines = [tr.t(N_("Steering group meeting: {when}."), when=when), tr.t(N_("Agenda:"))]
    since = await new_proposals(
        session, facts.group.id, meeting_rule_of(facts), meeting, facts.policy.tz
    )
    lines += await agenda_lines(session, facts.group, tr, now, since)
    return Composed("\n".join(lines), headline)


async def _agenda_sent(session: AsyncSession, row: Reminder, meeting: datetime) -> datetime | None:
    """When an earlier reminder of the same meeting went out with the agenda, or None."""
    from bot.scheduling.meetings import reminders_sent

    sent = await reminders_sent(session, row.group_id, meeting, besides=row.id)
    return sent[0] if sent else None


async def _round(
    session: AsyncSession,
    row: Reminder,
    facts: GroupFacts,
    tr: Translator,
    voting: VotingHooks | None,
) -> Composed | None:
    if voting is None or row.subject_id is None:
        return None
    info = await voting.round_info(session, row.subject_id)
    if info is None or info.closes_at is None:
        return None
    if row.person_id not in await voting.non_voters(session, row.subject_id):
        return None
    when = format_datetime(info.closes_at, facts.policy.tz, tr.lang)
    if info.title:
        text = tr.t(
            N_("Voting round {number} “{title}” closes on {when} and you have not voted yet."),
            number=info.number,
            title=info.title,
            when=when,
        )
    else:
        text = tr.t(
            N_("Voting round {number} closes on {when} and you have not voted yet."),
            number=info.number,
            when=when,
        )
    if info.method and info.numbers:  # the announcement's example, with the round's numbers
        text += "\n" + vote_hint(
            tr, info.method, info.number, info.numbers, points=info.points, cap=info.cap
        )
    else:  # hooks that know no more of the round
        text += " " + tr.t(N_("Vote with /vote {number} …"), number=info.number)
    return Composed(text, tr.t(N_("Round {number} closes {when}"), number=info.number, when=when))


def programme_texts(group: Group) -> dict[str, str]:
    """What the nudges of the programme dates say (English message ids) by label, in the words
    of the group's programme: the Familiengerechte Kommune has annual reports and a
    certificate."""
    wording = PROGRAMMES.get(group.programme, KFK).wording
    return {
        "plan_due": PLAN_DUE_TEXT,
        "seal_expiry": wording.award_ends,
        "interim_report": wording.report_is_due,
    }


def passed_programme_date(
    group: Group, label: str, when: date, today: date, tr: Translator, *, how: bool = True
) -> str:
    """What is said of a programme date that has passed and stands unchanged: the action plan
    and the report are overdue (for how long, and how to enter a new date or clear it once it
    is done), the seal or certificate has expired (how to enter the new one). Without ``how``
    the last sentence, the command, is left out."""
    sentences = _passed(group, label, when, today, tr)
    return " ".join(sentences if how else sentences[:-1])


def _passed(group: Group, label: str, when: date, today: date, tr: Translator) -> tuple[str, ...]:
    """``passed_programme_date`` in its sentences."""
    wording = PROGRAMMES.get(group.programme, KFK).wording
    shown = format_date(when, tr.lang)
    if label == "seal_expiry":
        return tr.t(wording.award_ended, date=shown), tr.t(wording.award_passed)
    was, passed = (
        (PLAN_WAS_DUE_TEXT, PLAN_PASSED_TEXT)
        if label == "plan_due"
        else (wording.report_was_due, wording.report_passed)
    )
    days = _days_between(when, today)
    if days < 14:
        late = tr.tn("Overdue for {n} day.", "Overdue for {n} days.", days)
    else:
        late = tr.tn("Overdue for {n} week.", "Overdue for {n} weeks.", days // 7)
    # The FGK's annual report: the next one is the first anniversary ahead, ready to enter.
    years = 1
    while when + relativedelta(years=years) <= today:
        years += 1
    # typed back in "/programme annual=…": one word, as a file writes it ("2029-02-20")
    ahead = file_date(when + relativedelta(years=years), tr.lang)
    return tr.t(was, date=shown), late, tr.t(passed, next=ahead)


def passed_programme_dates(
    group: Group, today: date, tr: Translator, *, how: bool = True
) -> list[str]:
    """``passed_programme_date`` for each of the group's programme dates before ``today``,
    the earliest first: /programme and the digest say them while they stand. Without ``how``
    only what passed, not the command that enters a new date (a guest's or a youth
    representative's digest: that is the coordinators' business, as in /programme)."""
    passed = sorted(
        (when, label)
        for column, label in PROGRAMME_DATES
        if (when := getattr(group, column)) is not None and when < today
    )
    return [passed_programme_date(group, label, when, today, tr, how=how) for when, label in passed]


def next_programme_date(group: Group, today: date, tr: Translator) -> str | None:
    """The group's next programme date (action plan, interim report, end of the seal) and how
    far off it is; None when none lies ahead."""
    ahead = [
        (when, label)
        for column, label in PROGRAMME_DATES
        if (when := getattr(group, column)) is not None and when >= today
    ]
    if not ahead:
        return None
    when, label = min(ahead)
    distance = distance_text(tr, (when - today).days)
    return (
        tr.t(N_("Next in the programme:"))
        + " "
        + tr.t(programme_texts(group)[label], date=format_date(when, tr.lang))
        + " "
        + distance
    )
