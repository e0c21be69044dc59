"""The status report (Sachstandsbericht): what changed since a date, what is overdue, what was
done — as chat text and as a sheet."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time

from bot.context import Context
from bot.documents import Sheet
from bot.i18n import N_, Translator
from bot.statuses import DONE, STATUS_NAMES
from bot.values import format_date, shortened
from commands.common import shown_name
from commands.measure_changes import field_label, new_value_only, show_value, today
from commands.plan_data import GroupData, load, overdue
from storage.models import Measure, MeasureEvent
from storage.repo import lifecycle, people

REPORT_HEADERS = (
    "Nr.",
    "Titel",
    "Abschnitt",
    "Handlungsfeld",
    "Status",
    "Datum",
    "Änderung",
    "Alt",
    "Neu",
    "Von",
    "Notiz",
)
CHANGED, OVERDUE, DONE_SECTION = "Geändert", "Überfällig", "Umgesetzt"
# Audit entries of a measure's creation, and those the report never merges: each adds (or
# removes) something of its own.
CREATION = frozenset({"created", "imported"})
SEPARATE_ENTRIES = CREATION | {"link", "milestone"}
# How much of an old or new value the report in the chat quotes.
REPORT_VALUE_CHARS = 120


@dataclass
class Report:
    """What the report lists."""

    since: date
    data: GroupData
    changes: list[tuple[MeasureEvent, Measure]]
    overdue: list[tuple[Measure, date, str]]
    done: list[tuple[Measure, date]]


async def build(ctx: Context, since: date) -> Report:
    """Collect the report of ``ctx.group`` since the start of ``since`` (group time)."""
    group = ctx.require_group()
    data = await load(ctx.session, group)
    start = datetime.combine(since, time(0), ctx.zone)
    changes = await lifecycle.group_events_since(ctx.session, group.id, start)
    done = [
        (m, e.at.astimezone(ctx.zone).date())
        for e, m in changes
        if e.field == "status" and e.new == DONE and m.status == DONE
    ]
    return Report(since, data, changes, overdue(data, today(ctx)), done)


async def _who(ctx: Context, actor_id: int | None, cache: dict[int, str]) -> str:
    if actor_id is None:
        return ""
    if actor_id not in cache:
        cache[actor_id] = shown_name(ctx, await people.person_by_id(ctx.session, actor_id))
    return cache[actor_id]


async def report_text(ctx: Context, report: Report) -> tuple[str, list[list[str]]]:
    """The report's title and its sections, each a heading line and its lines (an empty
    section says "nothing")."""
    fields = report.data.fields
    head = ctx.t(
        N_("Status report {group} since {date}"),
        group=report.data.group.name,
        date=format_date(report.since, ctx.lang),
    )
    lines = _changed_lines(ctx, report.changes, fields)
    changed = [ctx.t(N_("Changed ({n}):"), n=len(lines)), *lines]
    late = [ctx.t(N_("Overdue ({n}):"), n=len(report.overdue))]
    for m, day, text in report.overdue:
        if text:
            late.append(
                f"• {m.number}. {m.title}: "
                + ctx.t(
                    N_("milestone {text} since {date}"), text=text, date=format_date(day, ctx.lang)
                )
            )
        else:
            late.append(
                f"• {m.number}. {m.title}: "
                + ctx.t(N_("due since {date}"), date=format_date(day, ctx.lang))
            )
    done = [ctx.t(N_("Done ({n}):"), n=len(report.done))]
    done += [f"• {m.number}. {m.title} ({format_date(day, ctx.lang)})" for m, day in report.done]
    nothing = "• " + ctx.t(N_("nothing"))
    return head, [
        section if len(section) > 1 else [*section, nothing] for section in (changed, late, done)
    ]


def _changed_lines(
    ctx: Context, changes: list[tuple[MeasureEvent, Measure]], fields: dict[int, str]
) -> list[str]:
    """One line per measure that changed, its changes in order of their first one. A field
    changed several times shows where it started and where it ended ("Status beschlossen →
    umgesetzt"), and not at all when it ended where it started; each milestone, link and
    creation stays an entry of its own. Values are cut for the chat; the sheet has them
    whole, and /history every step."""
    by_measure: dict[int, tuple[Measure, dict[tuple[str, int], list[str]]]] = {}
    for index, (event, m) in enumerate(changes):
        _, entries = by_measure.setdefault(m.id, (m, {}))
        # Entries that add something are never merged; a field's changes are.
        key = (event.field, index if event.field in SEPARATE_ENTRIES else -1)
        if key in entries:
            entries[key][1] = event.new
        else:
            entries[key] = [event.old, event.new]
    lines = []
    for m, entries in by_measure.values():
        shown = [
            _change(ctx, name, old, new, m, fields)
            for (name, _), (old, new) in entries.items()
            if old != new or name in CREATION
        ]
        if shown:
            lines.append(f"• {m.number}. {m.title}: " + "; ".join(shown))
    return lines


def _change(ctx: Context, name: str, old: str, new: str, m: Measure, fields: dict[int, str]) -> str:
    what = field_label(ctx.tr, name)
    if name in CREATION and new == m.title:
        return what  # the title is on the line
    if new_value_only(name, old, new):
        return f"{what} {_short(ctx, name, new, fields)}"
    return f"{what} {_short(ctx, name, old, fields)} → {_short(ctx, name, new, fields)}"


def _short(ctx: Context, name: str, raw: str, fields: dict[int, str]) -> str:
    return shortened(show_value(ctx.tr, name, raw, fields), REPORT_VALUE_CHARS)


async def report_sheet(ctx: Context, report: Report) -> Sheet:
    """The report as one sheet (a section column: Geändert, Überfällig, Umgesetzt)."""
    de = ctx.services.i18n("de")
    fields = report.data.fields
    cache: dict[int, str] = {}
    rows = []

    def base(m: Measure, section: str) -> list[object]:
        return [
            m.number,
            m.title,
            section,
            fields.get(m.field_id or -1, ""),
            de.t(STATUS_NAMES[m.status]),
        ]

    for event, m in report.changes:
        label = de.t(N_("created")) if event.field == "created" else field_label(de, event.field)
        rows.append(
            (
                *base(m, CHANGED),
                event.at.astimezone(ctx.zone).date(),
                label,
                _de_value(de, event.field, event.old, fields),
                _de_value(de, event.field, event.new, fields),
                await _who(ctx, event.actor_id, cache),
                event.note,
            )
        )
    for m, day, text in report.overdue:
        rows.append((*base(m, OVERDUE), day, "Meilenstein" if text else "Frist", "", text, "", ""))
    for m, day in report.done:
        rows.append((*base(m, DONE_SECTION), day, "Status", "", de.t(STATUS_NAMES[DONE]), "", ""))
    title = f"Sachstandsbericht {report.data.group.name} seit {format_date(report.since, 'de')}"
    return Sheet("Sachstandsbericht", REPORT_HEADERS, rows, title=title)  # type: ignore[arg-type]


def _de_value(de: Translator, name: str, raw: str, fields: dict[int, str]) -> str:
    value = show_value(de, name, raw, fields)
    return "" if value == "—" else value
