"""Loading a group's measures for the plan, the report and the calendar, and turning them into
sheets and calendar entries (used by chat commands and the command line alike)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.documents import Sheet
from bot.documents.ical import Entry
from bot.fields import NO_FIELD, shown_field
from bot.i18n import N_, Translator
from bot.measure_fields import BY_ATTR, SPECS, STAFF_FIELDS, column_header, origin_cell
from bot.programmes import programme
from bot.scheduling.content import PROGRAMME_DATES, programme_texts
from bot.statuses import ADOPTED, DONE, DROPPED, IN_PROGRESS, POSTPONED, RESTING, STATUS_NAMES
from bot.values import file_date
from storage.models import Group, Measure, Milestone, Person
from storage.repo import groups as group_repo
from storage.repo import lifecycle, people
from storage.repo import measures as repo

# What the steering group adopted, with what became of it: a finished or paused measure stays
# in the plan (the council's plan and the interim report show the successes too); a dropped
# or merely proposed one is not part of it.
PLAN_STATUSES = (ADOPTED, IN_PROGRESS, DONE, POSTPONED)
CLOSED = RESTING  # not overdue, not in the calendar
# Column heads beside the fields' own (an import reads them back in either language).
NUMBER = N_("No.")
PROPOSER = N_("Proposed by")
RESPONSIBLE = N_("Responsible")
MILESTONES = N_("Milestones")
PLAN_SHEET = N_("Action plan")
REACHED_ON = N_("(reached on {date})")

Namer = Callable[[Person | None, bool], str]


def plan_headers(tr: Translator, *, staff: bool = True) -> tuple[str, ...]:
    """Column headers in the language of ``tr``: number, every field, proposer and
    responsible, milestones; without ``staff``, not the fields for members only (the
    contact)."""
    headers = [tr.t(NUMBER)]
    for spec in SPECS:
        if spec.attr in STAFF_FIELDS and not staff:
            continue
        headers.append(column_header(spec, tr))
        if spec.attr == "origin":
            headers += [tr.t(PROPOSER), tr.t(RESPONSIBLE)]
    return (*headers, tr.t(MILESTONES))


def money_headers(tr: Translator) -> frozenset[str]:
    return frozenset(column_header(s, tr) for s in SPECS if s.kind == "money")


@dataclass
class GroupData:
    """A group's measures with what is needed to show them."""

    group: Group
    measures: list[Measure]
    fields: dict[int, str]
    field_order: list[int]
    milestones: dict[int, list[Milestone]] = field(default_factory=dict)
    persons: dict[int, Person] = field(default_factory=dict)
    # Measures from an imported file: no proposer is no former member there.
    imported: set[int] = field(default_factory=set)


async def load(
    session: AsyncSession, group: Group, tr: Translator, statuses: tuple[str, ...] = ()
) -> GroupData:
    """The group's measures (optionally only some statuses), fields (named in the language of
    ``tr``), milestones and people."""
    measures = await repo.list_measures(session, group.id, statuses=statuses)
    fields = await group_repo.fields_of(session, group.id)
    names = {f.id: shown_field(tr, f.name) for f in fields}
    data = GroupData(group, measures, names, [f.id for f in fields])
    for stone, measure in await lifecycle.group_milestones(session, group.id):
        data.milestones.setdefault(measure.id, []).append(stone)
    for m in measures:
        for pid in (m.proposer_id, m.responsible_id):
            if pid is not None and pid not in data.persons:
                person = await people.person_by_id(session, pid)
                if person is not None:
                    data.persons[pid] = person
    if any(m.proposer_id is None for m in measures):
        data.imported = await repo.imported_ids(session, group.id)
    return data


def by_field(data: GroupData) -> list[tuple[str | None, list[Measure]]]:
    """Measures grouped by field of action in the group's order; those without one last."""
    groups: list[tuple[str | None, list[Measure]]] = []
    for fid in data.field_order:
        inside = [m for m in data.measures if m.field_id == fid]
        if inside:
            groups.append((data.fields[fid], inside))
    rest = [m for m in data.measures if m.field_id not in data.fields]
    if rest:
        groups.append((None, rest))
    return groups


def milestone_text(stone: Milestone, tr: Translator) -> str:
    """A milestone as the plan's sheets write it (read back by an import): "15.03.2027
    Baubeginn", reached "✓ 15.01.2027 Planung", and reached on another day "✓ 15.01.2027
    Planung (erreicht am 11.01.2027)"."""
    if stone.reached_on is None:
        return f"{file_date(stone.due_on, tr.lang)} {stone.text}"
    line = f"✓ {file_date(stone.due_on, tr.lang)} {stone.text}"
    if stone.reached_on != stone.due_on:
        line += " " + tr.t(REACHED_ON, date=file_date(stone.reached_on, tr.lang))
    return line


def plan_sheet(
    data: GroupData,
    tr: Translator,
    namer: Namer,
    *,
    staff: bool = True,
    unnamed: Callable[[str], str] = str,
) -> Sheet:
    """One row per measure (grouped by field of action), a column for every field, all of it
    in the language of ``tr`` (heads, statuses, origins, yes and no, dates); without
    ``staff`` (a youth representative's or a guest's export), no column for the fields for
    members only (the contact). ``unnamed``: what the progress notes become in a document
    (:func:`commands.common.minors_unnamed`)."""
    rows = []
    for _name, measures in by_field(data):
        for m in measures:
            row: list[object] = [m.number]
            for spec in SPECS:
                if spec.attr in STAFF_FIELDS and not staff:
                    continue
                if spec.attr == "field":
                    row.append(data.fields.get(m.field_id or -1, ""))
                elif spec.attr == "origin":
                    row.append(origin_cell(m.origin, tr))
                    # As /show: a proposer since forgotten is a former member; a measure
                    # from an imported file has nobody to name.
                    proposer = data.persons.get(m.proposer_id or -1)
                    imported = proposer is None and m.id in data.imported
                    row.append("" if imported else namer(proposer, m.proposer_anonymous))
                    responsible = data.persons.get(m.responsible_id or -1)
                    row.append(namer(responsible, False) if responsible else "")
                elif spec.attr == "status":
                    row.append(tr.t(STATUS_NAMES[m.status]))
                elif spec.attr == "progress_note":
                    row.append(unnamed(m.progress_note or ""))
                else:
                    value = getattr(m, spec.attr)
                    row.append("" if value is None and spec.kind == "text" else value)
            stones = data.milestones.get(m.id, [])
            row.append("\n".join(milestone_text(s, tr) for s in stones))
            rows.append(tuple(row))
    title = tr.t(N_("Action plan of {group}"), group=data.group.name)
    return Sheet(
        tr.t(PLAN_SHEET),
        plan_headers(tr, staff=staff),
        rows,  # type: ignore[arg-type]
        money=money_headers(tr),
        title=title,
        lang=tr.lang,
        group_by=column_header(BY_ATTR["field"], tr),
        ungrouped=tr.t(NO_FIELD),
    )


def calendar_entries(data: GroupData, tr: Translator) -> list[Entry]:
    """The programme's dates, the due dates of open measures and the milestones of measures
    neither dropped nor postponed (a finished measure's steps happened; its due date is no
    longer ahead of anyone). UIDs stay the same from one export to the next, so a calendar
    that imports the file again drops what went."""
    entries = []
    gid = data.group.id
    for m in data.measures:
        if m.status in (DROPPED, POSTPONED):
            continue
        if m.due_on is not None and m.status not in CLOSED:
            entries.append(
                Entry(
                    f"steerbot-g{gid}-m{m.number}-due@steerbot",
                    m.due_on,
                    tr.t(N_("Due: measure {number} {title}"), number=m.number, title=m.title),
                    m.lead_office,
                )
            )
        for stone in data.milestones.get(m.id, []):
            entries.append(
                Entry(
                    f"steerbot-g{gid}-milestone{stone.id}@steerbot",
                    stone.due_on,
                    tr.t(
                        N_("Milestone: {text} (measure {number} {title})"),
                        text=stone.text,
                        number=m.number,
                        title=m.title,
                    ),
                )
            )
    entries += programme_entries(data.group, tr)
    return sorted(entries, key=lambda e: (e.day, e.uid))


def programme_entries(group: Group, tr: Translator) -> list[Entry]:
    """The programme's dates the coordinators are reminded of (the action plan, the interim
    or annual report, the end of the seal or certificate), worded as their nudges; a date
    changed with /programme keeps its uid, so the calendar moves it."""
    texts = programme_texts(group)
    title = tr.t(programme(group.programme).title)
    entries = []
    for column, label in PROGRAMME_DATES:
        day: date | None = getattr(group, column)
        if day is not None:
            text = tr.t(texts[label], date=file_date(day, tr.lang))
            entries.append(Entry(f"steerbot-g{group.id}-{label}@steerbot", day, text, title))
    return entries


def overdue(data: GroupData, today: date) -> list[tuple[Measure, date, str]]:
    """Open measures past their due date and milestones past their day: (measure, day, what)."""
    found: list[tuple[Measure, date, str]] = []
    for m in data.measures:
        if m.status in CLOSED:
            continue
        if m.due_on is not None and m.due_on < today:
            found.append((m, m.due_on, ""))
        for stone in data.milestones.get(m.id, []):
            if stone.due_on < today and stone.reached_on is None:
                found.append((m, stone.due_on, stone.text))
    return sorted(found, key=lambda f: (f[1], f[0].number))


def stamp(now: datetime) -> datetime:
    return now.replace(microsecond=0)
