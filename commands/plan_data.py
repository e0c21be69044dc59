"""Loading a group's measures for the plan, the report and the calendar, and turning them into
sheets and calendar entries (used by chat commands and the command line alike)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

from sqlalchemy.ext.asyncio import AsyncSession

from bot.documents import Sheet
from bot.documents.ical import Entry
from bot.i18n import Translator
from bot.measure_fields import ORIGIN_HEADERS, SPECS
from bot.statuses import ADOPTED, DONE, DROPPED, IN_PROGRESS, POSTPONED, STATUS_NAMES
from storage.models import Group, Measure, Milestone, Person
from storage.repo import groups as group_repo
from storage.repo import lifecycle, people
from storage.repo import measures as repo

# What the steering group adopted, with what became of it: a finished or paused measure stays
# in the plan (the council's plan and the interim report show the successes too); a dropped
# or merely proposed one is not part of it.
PLAN_STATUSES = (ADOPTED, IN_PROGRESS, DONE, POSTPONED)
CLOSED = (DONE, DROPPED)
NUMBER = "Nr."
PROPOSER = "Vorgeschlagen von"
RESPONSIBLE = "Verantwortlich"
MILESTONES = "Meilensteine"
MONEY_HEADERS = frozenset(s.header for s in SPECS if s.kind == "money")

Namer = Callable[[Person | None, bool], str]


def plan_headers() -> tuple[str, ...]:
    """German column headers: number, every field, proposer and responsible, milestones."""
    headers = [NUMBER]
    for spec in SPECS:
        headers.append(spec.header)
        if spec.attr == "origin":
            headers += [PROPOSER, RESPONSIBLE]
    return (*headers, MILESTONES)


@dataclass
class GroupData:
    """A group's measures with what is needed to show them."""

    group: Group
    measures: list[Measure]
    fields: dict[int, str]
    field_order: list[int]
    milestones: dict[int, list[Milestone]] = field(default_factory=dict)
    persons: dict[int, Person] = field(default_factory=dict)


async def load(session: AsyncSession, group: Group, statuses: tuple[str, ...] = ()) -> GroupData:
    """The group's measures (optionally only some statuses), fields, milestones and people."""
    measures = await repo.list_measures(session, group.id, statuses=statuses)
    fields = await group_repo.fields_of(session, group.id)
    data = GroupData(group, measures, {f.id: f.name for f in fields}, [f.id for f in fields])
    for stone, measure in await lifecycle.group_milestones(session, group.id):
        data.milestones.setdefault(measure.id, []).append(stone)
    for m in measures:
        for pid in (m.proposer_id, m.responsible_id):
            if pid is not None and pid not in data.persons:
                person = await people.person_by_id(session, pid)
                if person is not None:
                    data.persons[pid] = person
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


def milestone_text(stone: Milestone) -> str:
    d = stone.due_on
    return f"{d.day:02d}.{d.month:02d}.{d.year} {stone.text}"


def plan_sheet(data: GroupData, de: Translator, namer: Namer, title: str) -> Sheet:
    """One row per measure (grouped by field of action), a column for every field."""
    rows = []
    for _name, measures in by_field(data):
        for m in measures:
            row: list[object] = [m.number]
            for spec in SPECS:
                if spec.attr == "field":
                    row.append(data.fields.get(m.field_id or -1, ""))
                elif spec.attr == "origin":
                    row.append(ORIGIN_HEADERS.get(m.origin, m.origin))
                    proposer = data.persons.get(m.proposer_id or -1)
                    row.append(namer(proposer, m.proposer_anonymous) if proposer else "")
                    responsible = data.persons.get(m.responsible_id or -1)
                    row.append(namer(responsible, False) if responsible else "")
                elif spec.attr == "status":
                    row.append(de.t(STATUS_NAMES[m.status]))
                else:
                    value = getattr(m, spec.attr)
                    row.append("" if value is None and spec.kind == "text" else value)
            row.append("\n".join(milestone_text(s) for s in data.milestones.get(m.id, [])))
            rows.append(tuple(row))
    return Sheet("Aktionsplan", plan_headers(), rows, money=MONEY_HEADERS, title=title)  # type: ignore[arg-type]


def calendar_entries(data: GroupData, tr: Translator) -> list[Entry]:
    """The due dates of open measures and the milestones of measures not dropped (a finished
    measure's steps happened; its due date is no longer ahead of anyone). UIDs stay the same
    from one export to the next, so a calendar that imports the file again drops what went."""
    from bot.i18n import N_

    entries = []
    gid = data.group.id
    for m in data.measures:
        if m.status == DROPPED:
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
    return sorted(entries, key=lambda e: (e.day, e.uid))


def overdue(data: GroupData, today: date) -> list[tuple[Measure, date, str]]:
    """Open measures past their due date and milestones past their day: (measure, day, what)."""
    found: list[tuple[Measure, date, str]] = []
    for m in data.measures:
        if m.status in CLOSED:
            continue
        if m.due_on is not None and m.due_on < today:
            found.append((m, m.due_on, ""))
        for stone in data.milestones.get(m.id, []):
            if stone.due_on < today:
                found.append((m, stone.due_on, stone.text))
    return sorted(found, key=lambda f: (f[1], f[0].number))


def stamp(now: datetime) -> datetime:
    return now.replace(microsecond=0)
