"""The status report (Sachstandsbericht): what changed since a date, what is overdue, what was
done — as chat text and as a sheet."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from bot.context import Context
from bot.documents import Sheet
from bot.i18n import N_, Translator
from bot.measure_fields import STAFF_FIELDS
from bot.statuses import DONE, STATUS_NAMES
from bot.values import file_date, format_date, shortened
from commands.common import (
    CONTACT_CHANGES_IN_DIRECT_CHAT,
    FORMER_MEMBER,
    contact_withheld_here,
    minors_unnamed,
    shown_name,
    staff_reads,
)
from commands.measure_changes import (
    field_in_sentence,
    field_label,
    new_value_only,
    show_note,
    show_value,
    today,
)
from commands.plan_data import GroupData, load, overdue
from storage.models import Measure, MeasureEvent
from storage.repo import lifecycle, people

REPORT_HEADERS = (
    N_("No."),
    N_("Title"),
    N_("Section"),
    N_("Field of action"),
    N_("Status"),
    N_("Date"),
    N_("Change"),
    N_("Old"),
    N_("New"),
    N_("By"),
    N_("Note"),
)
CHANGED, OVERDUE, DONE_SECTION = N_("Changed"), N_("Overdue"), N_("Done")
REPORT_SHEET = N_("Status report")
# Audit entries of a measure's creation, and those the report never merges: each adds (or
# removes) something of its own.
MILESTONE, DUE = N_("Milestone"), N_("Due")
CREATION = frozenset({"created", "imported"})
SEPARATE_ENTRIES = CREATION | {"link", "milestone"}
# How much of an old or new value the report in the chat quotes, and of a status step's note.
REPORT_VALUE_CHARS = 120
REPORT_NOTE_CHARS = 80
# How far back /report looks without since=: 30 days, or since the group was set up.
REPORT_DAYS = 30


@dataclass
class Report:
    """What the report lists."""

    since: date
    data: GroupData
    changes: list[tuple[MeasureEvent, Measure]]
    overdue: list[tuple[Measure, date, str]]
    done: list[tuple[Measure, date]]
    # The contact's changes left out in a group chat that youth representatives or guests
    # read along (a member gets them in a direct chat).
    contact_withheld: bool = False
    # What the notes people typed become in it: a minor's name as a document shows her.
    unnamed: Callable[[str], str] = str


def default_since(ctx: Context, day: date) -> date:
    """The first day of a report without ``since=``: 30 days before ``day``, or the day the
    group was set up when that is later (a group of three days has no "since 26.12." before
    it)."""
    start = day - timedelta(days=REPORT_DAYS)
    created = ctx.require_group().created_at.astimezone(ctx.zone).date()
    return max(start, created)


def whole_year_hint(ctx: Context, day: date, since: date) -> str:
    """For a report without ``since=``: how to ask for a longer one, such as the annual
    report's year (from 1 January; in January the year before), "" when the group is not
    older than the 30 days the report already covers."""
    start = date(day.year if day.month > 1 else day.year - 1, 1, 1)
    start = max(start, ctx.require_group().created_at.astimezone(ctx.zone).date())
    if start >= since:
        return ""
    key = "seit" if ctx.lang == "de" else "since"
    command = f"{ctx.as_typed} {key}={file_date(start, ctx.lang)}"
    return ctx.t(
        N_("Another period, such as the whole year: {command} · as a file: {command} export xlsx"),
        command=command,
    )


async def build(ctx: Context, since: date) -> Report:
    """Collect the report of ``ctx.group`` since the start of ``since`` (group time)."""
    group = ctx.require_group()
    data = await load(ctx.session, group, ctx.tr)
    start = datetime.combine(since, time(0), ctx.zone)
    changes = await lifecycle.group_events_since(ctx.session, group.id, start)
    staff = staff_reads(ctx)
    # The contact's changes name what only members may read; in a group chat youth
    # representatives or guests read along, they are for a direct chat.
    withheld = (
        staff
        and any(e.field in STAFF_FIELDS for e, _ in changes)
        and await contact_withheld_here(ctx)
    )
    if withheld or not staff:
        changes = [(e, m) for e, m in changes if e.field not in STAFF_FIELDS]
    done = [
        (m, e.at.astimezone(ctx.zone).date())
        for e, m in changes
        if e.field == "status" and e.new == DONE and m.status == DONE
    ]
    unnamed = await minors_unnamed(ctx, document=True)
    return Report(since, data, changes, overdue(data, today(ctx)), done, withheld, unnamed)


def withheld_hint(ctx: Context, report: Report, fmt: str | None = None) -> str:
    """Where a member reads the contact changes this report leaves out: the same report
    (``fmt``: as that file) asked for in a direct chat; "" when it leaves none out."""
    if not report.contact_withheld:
        return ""
    command = [ctx.as_typed]
    if "since" in ctx.options:
        key = "seit" if ctx.lang == "de" else "since"
        command.append(f"{key}={file_date(report.since, ctx.lang)}")
    if fmt is not None:
        command.append(f"export {fmt}")
    return ctx.t(CONTACT_CHANGES_IN_DIRECT_CHAT, command=" ".join(command))


async def _who(ctx: Context, event: MeasureEvent, cache: dict[int, str]) -> str:
    """Who made a change, for the report's file: as /history names them, but a minor never by
    name (a document); someone since forgotten is a former member; an import from the command
    line was made by nobody."""
    actor_id = event.actor_id
    if actor_id is None:
        return "" if event.field == "imported" else ctx.t(FORMER_MEMBER)
    if actor_id not in cache:
        person = await people.person_by_id(ctx.session, actor_id)
        cache[actor_id] = shown_name(ctx, person, document=True)
    return cache[actor_id]


async def report_text(ctx: Context, report: Report) -> tuple[str, list[list[str]]]:
    """The report's title and its sections, each a heading line and its lines; the empty
    sections named in one last line."""
    fields = report.data.fields
    head = ctx.t(
        N_("Status report for {group} since {date}"),
        group=report.data.group.name,
        date=format_date(report.since, ctx.lang),
    )
    lines = _changed_lines(ctx, report.changes, fields, report.unnamed)
    changed = [ctx.t(N_("Changed ({n}):"), n=len(lines)), *lines]
    late_lines = _overdue_lines(ctx, report.overdue)
    late = [ctx.t(N_("Overdue ({n}):"), n=len(late_lines)), *late_lines]
    done = [ctx.t(N_("Done ({n}):"), n=len(report.done))]
    done += [f"• {m.number}. {m.title} ({format_date(day, ctx.lang)})" for m, day in report.done]
    sections = [(changed, CHANGED), (late, OVERDUE), (done, DONE_SECTION)]
    shown = [section for section, _ in sections if len(section) > 1]
    # As the digest and the meeting agenda: the empty headings in one last line, not a
    # "nothing" under each.
    empty = [ctx.t(name) for section, name in sections if len(section) == 1]
    if empty:
        shown.append([ctx.t(N_("Nothing under: {headings}"), headings=" · ".join(empty))])
    if hint := withheld_hint(ctx, report):
        shown.append([hint])
    return head, shown


def _overdue_lines(ctx: Context, overdue: list[tuple[Measure, date, str]]) -> list[str]:
    """One line per overdue measure, as the digest lists each measure once: its due date
    first, then its missed milestones ("fällig seit 15.02.2027; Meilenstein Entwurf seit
    26.01.2027"); the measures in the order of their first overdue day."""
    facts: dict[int, tuple[Measure, list[str], list[str]]] = {}
    for m, day, text in overdue:
        _, due, stones = facts.setdefault(m.id, (m, [], []))
        when = format_date(day, ctx.lang)
        if text:
            stones.append(ctx.t(N_("milestone “{text}” missed on {date}"), text=text, date=when))
        else:
            due.append(ctx.t(N_("overdue since {date}"), date=when))
    return [
        f"• {m.number}. {m.title}: " + "; ".join(due + stones) for m, due, stones in facts.values()
    ]


def _changed_lines(
    ctx: Context,
    changes: list[tuple[MeasureEvent, Measure]],
    fields: dict[int, str],
    unnamed: Callable[[str], str],
) -> list[str]:
    """One line per measure that changed, its changes in order of their first one. A field
    changed several times shows where it started and where it ended ("Status beschlossen →
    umgesetzt"), and not at all when it ended where it started; each milestone, link and
    creation stays an entry of its own. The status shows the note of its latest step
    ("Bauamt hat begonnen"), what an interim report needs. Values and notes are cut for the
    chat; the sheet has them whole, and /history every step."""
    by_measure: dict[int, tuple[Measure, dict[tuple[str, int], list[str]]]] = {}
    status_notes: dict[int, str] = {}  # measure id → the note of its latest status step, raw
    for index, (event, m) in enumerate(changes):
        _, entries = by_measure.setdefault(m.id, (m, {}))
        # Entries that add something are never merged; a field's changes are.
        key = (event.field, index if event.field in SEPARATE_ENTRIES else -1)
        if key in entries:
            entries[key][1] = event.new
        else:
            entries[key] = [event.old, event.new]
        if event.field == "status":
            status_notes[m.id] = event.note
    lines = []
    for m, entries in by_measure.values():
        shown = [
            _change(ctx, name, *_unnamed_values(name, old, new, unnamed), m, fields)
            + (_note(ctx, status_notes.get(m.id, ""), unnamed) if name == "status" else "")
            for (name, _), (old, new) in entries.items()
            if old != new or name in CREATION
        ]
        if shown:
            lines.append(f"• {m.number}. {m.title}: " + "; ".join(shown))
    return lines


def _change(ctx: Context, name: str, old: str, new: str, m: Measure, fields: dict[int, str]) -> str:
    what = field_in_sentence(ctx.tr, name)
    if name in CREATION and new == m.title:
        return what  # the title is on the line
    if new_value_only(name, old, new):
        return f"{what} {_short(ctx, name, new, fields)}"
    return f"{what} {_short(ctx, name, old, fields)} → {_short(ctx, name, new, fields)}"


def _note(ctx: Context, note: str, unnamed: Callable[[str], str]) -> str:
    """`` (Bauamt hat begonnen)`` after a status change (its ``note`` as stored, shown as
    /history shows it: ``show_note``, ``unnamed``); nothing without a note."""
    if not note.strip():
        return ""
    shown = unnamed(show_note(ctx.services.i18n, ctx.tr, note))
    return f" ({shortened(shown, REPORT_NOTE_CHARS)})"


def _unnamed_values(
    name: str, old: str, new: str, unnamed: Callable[[str], str]
) -> tuple[str, str]:
    """A progress note's values as the report shows them (:attr:`Report.unnamed`)."""
    return (unnamed(old), unnamed(new)) if name == "progress_note" else (old, new)


def _short(ctx: Context, name: str, raw: str, fields: dict[int, str]) -> str:
    return shortened(show_value(ctx.tr, name, raw, fields), REPORT_VALUE_CHARS)


async def report_sheet(ctx: Context, report: Report) -> Sheet:
    """The report as one sheet in the chat's language (a section column: Geändert,
    Überfällig, Umgesetzt)."""
    tr = ctx.tr
    fields = report.data.fields
    cache: dict[int, str] = {}
    rows = []

    def base(m: Measure, section: str) -> list[object]:
        return [
            m.number,
            m.title,
            section,
            fields.get(m.field_id or -1, ""),
            tr.t(STATUS_NAMES[m.status]),
        ]

    # A measure's changes together, in the order they were made.
    for event, m in sorted(report.changes, key=lambda change: change[1].number):
        label = field_label(tr, event.field)
        old, new = _unnamed_values(event.field, event.old, event.new, report.unnamed)
        rows.append(
            (
                *base(m, tr.t(CHANGED)),
                event.at.astimezone(ctx.zone).date(),
                label,
                _value(tr, event.field, old, fields),
                _value(tr, event.field, new, fields),
                await _who(ctx, event, cache),
                report.unnamed(show_note(ctx.services.i18n, tr, event.note)),
            )
        )
    late = tr.t(OVERDUE)
    for m, day, text in report.overdue:
        what = tr.t(MILESTONE) if text else tr.t(DUE)
        rows.append((*base(m, late), day, what, "", text, "", ""))
    done, status = tr.t(DONE_SECTION), field_label(tr, "status")
    for m, day in report.done:
        rows.append((*base(m, done), day, status, "", tr.t(STATUS_NAMES[DONE]), "", ""))
    title = tr.t(
        N_("Status report for {group} since {date}"),
        group=report.data.group.name,
        date=file_date(report.since, tr.lang),
    )
    headers = tuple(tr.t(h) for h in REPORT_HEADERS)
    return Sheet(
        tr.t(REPORT_SHEET),
        headers,
        rows,  # type: ignore[arg-type]
        title=title,
        lang=tr.lang,
        group_by=tr.t(REPORT_HEADERS[2]),  # Markdown: a section each for changed, overdue, done
    )


def _value(tr: Translator, name: str, raw: str, fields: dict[int, str]) -> str:
    value = show_value(tr, name, raw, fields, in_file=True)
    return "" if value == "—" else value
