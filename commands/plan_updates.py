"""A list of measures sent back changed: its rows matched to the group's measures, and what
each would change (the chat's /import shows it, then applies it as /edit would).

A row belongs to the measure of its title. Its "Nr." counts only when the list numbers its
rows as the group does (at least half of its numbered rows are found by their titles, each
with that measure's number, as in an exported plan): then a row whose title was changed still
finds its measure by number. A workshop list numbering its rows in its own way adds them as
new measures.

Empty cells leave a value as it is; the status is left to /status (its steps are checked and
the youth representatives hear of it); milestones are only added or marked reached ("✓", as the
export marks them); the responsible column names
members as /assign does (``commands.import_people``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy.ext.asyncio import AsyncSession

from bot.context import Context
from bot.documents.reader import Table
from bot.errors import CommandError
from bot.i18n import N_, Translator
from bot.parsing import fold
from bot.values import require_future
from commands.import_people import Handover, Kept, Members
from commands.measure_changes import Change, apply, check_dates, diff, require_planned
from commands.measure_edit import set_responsible
from commands.milestones import add_milestone, mark_reached
from commands.plan_import import (
    RESPONSIBLE_WORDS,
    ImportResult,
    Row,
    header_key,
    notes_in,
    read_rows,
    repeated_new,
    same_title,
)
from storage.models import Group, Measure, Milestone, Person
from storage.repo import lifecycle
from storage.repo import measures as repo

SEVERAL = N_(
    "Several measures have this title (no. {numbers}). Add a column Nr. with the number of "
    "the one meant."
)
TWICE = N_("Row {row} already changes measure {number}; a measure can change only once.")


@dataclass
class Update:
    """A row of the list that changes a measure of the group: its fields, new milestones."""

    row: int
    measure: Measure
    changes: list[Change]
    milestones: list[tuple[date, str]] = field(default_factory=list)
    # New milestones the list marks reached, and milestones of the measure it marks reached,
    # with the days they were reached (those of ``reached`` by the milestone's id).
    reached_new: dict[tuple[date, str], date] = field(default_factory=dict)
    reached: list[Milestone] = field(default_factory=list)
    reached_on: dict[int, date] = field(default_factory=dict)
    note: str = ""  # for the audit trail, in the group's language: "Import, Zeile 4"
    handover: Handover | None = None  # a new person responsible


@dataclass
class ChangeResult(ImportResult):
    """What an import into a group with measures found: new rows (``rows``), rows changing a
    measure, rows matching one as it is, and statuses the list gives otherwise (not taken)."""

    updates: list[Update] = field(default_factory=list)
    unchanged: list[int] = field(default_factory=list)
    status_kept: list[tuple[int, str]] = field(default_factory=list)  # (number, status in list)
    # New rows' responsible members (by row number), and cells that name nobody to take.
    responsible: dict[int, Person] = field(default_factory=dict)
    people_kept: list[Kept] = field(default_factory=list)


async def check_changes(
    session: AsyncSession,
    group: Group,
    table: Table,
    tr: Translator,
    today: date,
    members: Members | None = None,
    unnamed: Callable[[str], str] = str,
) -> ChangeResult:
    """Read and check every row like ``plan_import.check``; rows of existing measures become
    their changes, and with ``members`` the responsible column is read too. A progress note
    as the plan's file shows it (``unnamed``: a minor's name replaced) changes nothing.
    Nothing is stored."""
    result = ChangeResult()
    rows = await read_rows(session, group, table, tr, today, result)
    if members is not None:  # read, so not left out
        result.people_columns = [
            c for c in result.people_columns if header_key(c) not in RESPONSIBLE_WORDS
        ]
    measures = await repo.list_measures(session, group.id)
    stones: dict[int, dict[tuple[date, str], Milestone]] = {}
    for stone, owner in await lifecycle.group_milestones(session, group.id):
        stones.setdefault(owner.id, {})[(stone.due_on, fold(stone.text))] = stone
    by_title: dict[str, list[Measure]] = {}
    for m in measures:
        by_title.setdefault(same_title(m.title), []).append(m)
    by_number = {m.number: m for m in measures}
    # Each row with the measures of its title, looked up once.
    matched = [(row, by_title.get(same_title(str(row.values["title"])), [])) for row in rows]
    numbered = _numbered_as_group(matched)
    # Measures a row names by title: the number of another row does not take them.
    titled = {same[0].id for _row, same in matched if len(same) == 1}
    taken: dict[int, int] = {}  # measure id → the row changing it
    added = dict(result.bad_titles)  # title of a new measure → the row adding it
    for row, same in matched:
        measure = next((m for m in same if len(same) == 1 or numbered and m.number == row.nr), None)
        if len(same) > 1 and measure is None:
            numbers = ", ".join(str(m.number) for m in same)
            result.errors.append((row.number, tr.t(SEVERAL, numbers=numbers)))
            continue
        if not same and numbered and row.nr in by_number and by_number[row.nr].id not in titled:
            measure = by_number[row.nr]  # its title was changed in the list
        if measure is None:
            if problem := repeated_new(row, added, tr):
                result.errors.append((row.number, problem))
                continue
            result.rows.append(row)
            found = members.read(row.responsible, None) if members else None
            if isinstance(found, Person):
                result.responsible[row.number] = found
            elif found is not None:
                result.people_kept.append(Kept(row.number, row.responsible, found, new_row=True))
            continue
        if measure.id in taken:
            problem = tr.t(TWICE, row=taken[measure.id], number=measure.number)
            result.errors.append((row.number, problem))
            continue
        taken[measure.id] = row.number
        try:
            update = _update(row, measure, stones.get(measure.id, {}), tr, today, unnamed)
            found = members.read(row.responsible, measure) if members else None
            if isinstance(found, Person):
                require_planned(measure, done_too=False)  # as /assign
                old = await session.get(Person, measure.responsible_id or -1)
                update.handover = Handover(old, found)
            elif found is not None:
                result.people_kept.append(Kept(measure.number, row.responsible, found))
        except CommandError as exc:
            result.errors.append((row.number, tr.t(exc.message, **exc.params)))
            continue
        status = row.values.get("status")
        if "status" not in row.blank and status and status != measure.status:
            result.status_kept.append((measure.number, str(status)))
        if update.changes or update.milestones or update.reached or update.handover:
            result.updates.append(update)
        else:
            result.unchanged.append(row.number)
    notes(result, tr)
    return result


def notes(result: ChangeResult, tr: Translator) -> None:
    """The audit trail's notes ("Zeile 2", "Import, Zeile 4") in the language of ``tr``."""
    notes_in(result, tr)
    for update in result.updates:
        update.note = tr.t(N_("import, row {row}"), row=update.row)


def _numbered_as_group(matched: list[tuple[Row, list[Measure]]]) -> bool:
    """Whether the list's numbers are the group's: at least half of its numbered rows are
    found by their titles, and every such row has its measure's number."""
    pairs = [
        (row.nr, same[0].number) for row, same in matched if row.nr is not None and len(same) == 1
    ]
    numbered = sum(row.nr is not None for row, _same in matched)
    return bool(pairs) and 2 * len(pairs) >= numbered and all(a == b for a, b in pairs)


def _update(
    row: Row,
    measure: Measure,
    stones: dict[tuple[date, str], Milestone],
    tr: Translator,
    today: date,
    unnamed: Callable[[str], str] = str,
) -> Update:
    """What ``row`` changes in ``measure``, checked as /edit and /milestone check; a milestone
    the list marks reached ("✓") is added reached, or marked reached when the measure has it."""
    values = {a: v for a, v in row.values.items() if a not in row.blank and a != "status"}
    note = measure.progress_note or ""
    if values.get("progress_note") == unnamed(note) != note:  # the file's, unnamed: kept
        del values["progress_note"]
    changes = diff(measure, values)
    due = next((c.new for c in changes if c.attr == "due_on"), None)
    if isinstance(due, date):
        require_future(due, today, tr.lang)  # as /edit: a deadline lies ahead
        require_planned(measure)
    check_dates(measure, values, tr.lang)
    added = [(d, text) for d, text in row.milestones if (d, fold(text)) not in stones]
    if added:
        require_planned(measure)
        for day, text in added:
            if (day, text) not in row.reached:  # a reached one may lie in the past
                require_future(day, today, tr.lang)  # as /milestone
    reached = {
        stones[(d, fold(text))]: on
        for (d, text), on in row.reached.items()
        if (d, fold(text)) in stones and stones[(d, fold(text))].reached_on is None
    }
    return Update(
        row.number,
        measure,
        changes,
        added,
        {s: row.reached[s] for s in added if s in row.reached},
        sorted(reached, key=lambda s: (s.due_on, s.id)),
        {s.id: on for s, on in reached.items()},
    )


async def apply_updates(ctx: Context, updates: list[Update]) -> None:
    """Every change with its audit entry (who, when, old → new, "Import, Zeile 4"), every
    new milestone and every new person responsible, as /edit, /milestone and /assign record
    them."""
    for update in updates:
        await apply(ctx, update.measure, update.changes, note=update.note)
        for day, text in update.milestones:
            reached = update.reached_new.get((day, text))
            await add_milestone(ctx, update.measure, day, text, note=update.note, reached=reached)
        for stone in update.reached:
            on = update.reached_on.get(stone.id)
            await mark_reached(ctx, update.measure, stone, note=update.note, on=on)
        if update.handover is not None:
            handover = update.handover
            await set_responsible(ctx, update.measure, handover.old, handover.new, note=update.note)


__all__ = ["ChangeResult", "Update", "apply_updates", "check_changes"]
