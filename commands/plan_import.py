"""Importing measures from a workshop list (xlsx or csv): columns matched by German or English
name, every row checked, row-by-row errors with row numbers, all or nothing unless told to skip
bad rows."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from sqlalchemy.ext.asyncio import AsyncSession

from bot.documents.reader import Table
from bot.documents.sheet import Cell, unguarded
from bot.errors import CommandError, InvalidValue
from bot.fields import match_field
from bot.i18n import N_, Translator
from bot.measure_fields import (
    BOOL,
    DATE,
    FIELD,
    INT,
    MONEY,
    SPECS,
    FieldSpec,
    column_header,
    parse_value,
    spec_for,
)
from bot.parsing import clean_text, fold, spellings
from bot.statuses import RESTING
from bot.values import parse_date
from commands.plan_dates import cell_span, first_plan_year, milestone_day, period_span
from storage.models import FieldOfAction, Group, Measure, Milestone
from storage.repo import groups as group_repo
from storage.repo import measures as repo

# Columns of our own export that an import leaves alone (numbers are given anew; people are
# not matched by name, which the summary says when these columns hold names). The chat's
# /import reads the responsible column (``Row.responsible``; see ``commands.import_people``).
RESPONSIBLE_WORDS = frozenset({"verantwortlich", "responsible"})
PEOPLE = frozenset({"vorgeschlagen_von", "proposed_by"}) | RESPONSIBLE_WORDS
NUMBER_WORDS = frozenset(
    {"nr", "nr.", "nummer", "number", "no", "no.", "lfd_nr", "laufende_nummer", "lfd_nummer"}
)
IGNORED = NUMBER_WORDS | PEOPLE
# Status and origin have defaults for a file without their column; an empty cell gets them too.
DEFAULTED = frozenset({"status", "origin"})
MILESTONE_WORDS = frozenset({"meilensteine", "meilenstein", "milestones", "milestone"})
# A column of the time a measure takes ("Umsetzungszeitraum: 03/2027 – 06/2027"): its start,
# and its end as the end and the due date (a column of their own in the list wins).
PERIOD_WORDS = frozenset(
    key
    for word in (
        *("zeitraum", "zeitplan", "umsetzungszeitraum", "durchführungszeitraum", "zeitrahmen"),
        *("realisierungszeitraum", "umsetzungszeitplan", "zeitschiene", "zeithorizont"),
        *("laufzeit", "projektlaufzeit", "umsetzungszeit", "zeitraum_der_umsetzung"),
        *("zeitliche_umsetzung", "zeitplanung", "bearbeitungszeitraum", "umsetzungsphase"),
        *("period", "time_period", "timeframe", "time_frame", "timeline", "schedule"),
    )
    for key in spellings(word)
)
PERIOD_FILLS = ("start_on", "end_on", "due_on")
PERIOD = N_("Period")
BAD_PERIOD = N_(
    "I could not read “{text}” as a period. Examples: 03/2027 – 06/2027, March–June 2027, "
    "2027–2028, Q1–Q3 2027."
)
HEADER_SEARCH = 10  # rows below the first looked at for the column names
NO_TITLE = N_("The file has no column for the title (Titel, Maßnahme or title).")
MISSING_TITLE = N_("The title is missing.")
BAD_MILESTONE = N_("I could not read the milestone “{text}”. Example: 15.03.2027 Baubeginn")
ROW_NOTE = N_("row {row}")
TITLE_TWICE = N_("Row {row} has the same title; a measure is added only once.")


@dataclass
class Row:
    """One good row: the values by attribute and its milestones."""

    number: int
    values: dict[str, object]
    milestones: list[tuple[date, str]] = field(default_factory=list)
    # Those of ``milestones`` the list marks reached ("✓ 01.12.2026 Planung", as exported),
    # with the day they were reached.
    reached: dict[tuple[date, str], date] = field(default_factory=dict)
    note: str = ""  # for the audit trail, in the group's language: "Zeile 2"
    nr: int | None = None  # what the list's number column ("Nr.") says, when it is a number
    blank: set[str] = field(default_factory=set)  # attributes whose cell was empty
    responsible: str = ""  # the responsible column's cell, as written ("" when empty)


@dataclass
class ImportResult:
    """What an import found and did."""

    rows: list[Row] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)
    ignored_columns: list[str] = field(default_factory=list)
    # Columns naming people that held values (left out: people are not matched by name).
    people_columns: list[str] = field(default_factory=list)
    # Good rows not imported because the group already has a measure of that title.
    existing: list[tuple[int, str]] = field(default_factory=list)
    # Titles of rows with problems (by ``same_title``) and their row numbers: a later row of
    # the same title adds no measure either (the first is meant; fixed, it comes along).
    bad_titles: dict[str, int] = field(default_factory=dict)
    created: list[int] = field(default_factory=list)


def header_key(header: str) -> str:
    """A header as compared with the known column names."""
    return fold(header).replace(" ", "_").replace("-", "_")


def same_title(title: str) -> str:
    """A title as compared with the group's titles: case and spacing do not matter."""
    return " ".join(title.split()).casefold()


def repeated_new(row: Row, added: dict[str, int], tr: Translator) -> str | None:
    """The problem of a new ``row`` whose title an earlier new row of the list has (``added``:
    their titles by ``same_title``, also of rows with problems; this row's is added), or
    None."""
    key = same_title(str(row.values["title"]))
    first = added.setdefault(key, row.number)
    return tr.t(TITLE_TWICE, row=first) if first != row.number else None


def people_columns(table: Table) -> list[str]:
    """Headers of the proposer and responsible columns that hold a value in some row."""
    found = []
    for i, header in enumerate(table.headers):
        if header_key(header) in PEOPLE and any(
            i < len(cells) and str(cells[i] or "").strip() for _n, cells in table.rows
        ):
            found.append(header)
    return found


def columns(table: Table) -> tuple[dict[int, FieldSpec | str], list[str]]:
    """Column index → field (or "milestones", "nr" for the number column, "responsible",
    "period"), and the headers nobody knows."""
    found: dict[int, FieldSpec | str] = {}
    unknown = []
    for i, header in enumerate(table.headers):
        folded = header_key(header)
        if folded.replace(".", "") in NUMBER_WORDS:  # "Lfd. Nr." as "Nr."
            folded = "nr"
        if folded in NUMBER_WORDS and "nr" not in found.values():
            found[i] = "nr"
            continue
        if folded in RESPONSIBLE_WORDS and "responsible" not in found.values():
            found[i] = "responsible"
            continue
        if not folded or folded in IGNORED:
            continue
        if folded in MILESTONE_WORDS:
            found[i] = "milestones"
            continue
        if _period_word(folded) and "period" not in found.values():
            found[i] = "period"
            continue
        spec = spec_for(header)
        if spec is None:
            unknown.append(header)
        else:
            found[i] = spec
    return found, unknown


def _period_word(folded: str) -> bool:
    """Whether a header names the period column, also with a note ("Zeitraum (von – bis)",
    "Zeitplan:")."""
    return re.sub(r"_*\(.*$", "", folded).rstrip("?:*_") in PERIOD_WORDS


def _names_a_title(headers: list[str]) -> bool:
    found, _unknown = columns(Table(headers, []))
    return any(isinstance(s, FieldSpec) and s.attr == "title" for s in found.values())


def lists_measures(table: Table) -> bool:
    """Whether ``table`` names a title column (in its first rows): the sheet of a workbook to
    import from."""
    return _names_a_title(from_header_row(table).headers)


def from_header_row(table: Table) -> Table:
    """The list from its row of column names: the first row, or, when that names no title
    column (a town hall's sheet often starts with a heading line), the first of the next
    ``HEADER_SEARCH`` rows that does. Rows keep the numbers the spreadsheet shows."""
    if _names_a_title(table.headers):
        return table
    for index, (_number, cells) in enumerate(table.rows[:HEADER_SEARCH]):
        headers = [str(c).strip() if c is not None else "" for c in cells]
        if _names_a_title(headers):
            return Table(headers, table.rows[index + 1 :], more=table.more)
    return table


def read_cell(spec: FieldSpec, cell: object, today: date, lang: str, earliest: int) -> object:
    """A typed cell (dates, numbers, yes/no) taken as is; text read like a chat value (a month
    with a two-digit year as the plan's, see ``first_plan_year``)."""
    if cell is None:
        cell = ""
    if spec.kind == DATE and (span := cell_span(cell, today, earliest)) is not None:
        return span[0] if spec.attr == "start_on" else span[1]
    if spec.kind == DATE and isinstance(cell, date):
        return cell
    if spec.kind == MONEY:
        lang = "de"  # a sheet's "1.500 €" is the town hall's fifteen hundred, in any group
    if spec.kind == MONEY and isinstance(cell, int | Decimal) and not isinstance(cell, bool):
        amount = Decimal(cell)
        if amount < 0:
            return parse_value(spec, str(cell), today=today, lang=lang)
        return amount.quantize(Decimal("0.01"))
    if spec.kind == BOOL and isinstance(cell, bool):
        return cell
    if spec.kind == INT and isinstance(cell, int | Decimal) and not isinstance(cell, bool):
        return parse_value(spec, str(int(cell)), today=today, lang=lang)
    return parse_value(spec, str(cell), today=today, lang=lang)


#: How the plan's exports mark a milestone reached, and marks people type for it (an emoji
#: keyboard sends "✔️" and "☑️" with a variation selector after the mark: U+FE0F).
REACHED_MARKS = ("✓", "✔", "☑", "✅")
EMOJI_STYLE = "\ufe0f"


# What an export writes after a milestone reached on another day than its own: "✓ 15.01.2027
# Planung (erreicht am 11.01.2027)", or in English "(reached on 2027-01-11)".
_REACHED_ON = re.compile(r"\s*\((?:erreicht|reached)(?:\s+(?:am|on))?\s+(?P<day>[^()]+)\)$", re.I)


def read_milestones(
    text: str, today: date, lang: str, earliest: int
) -> tuple[list[tuple[date, str]], dict[tuple[date, str], date]]:
    """The milestones of a cell, a line each ("15.03.2027 Baubeginn", "Okt 27: Baubeginn" the
    last day of October 2027: see ``milestone_day``), and those of them
    marked reached with the day they were reached: "✓ 01.12.2026 Planung", as the plan's
    exports write them, on its own day (today when that is still ahead), or on the day
    "(erreicht am 03.12.2026)" after it names."""
    stones = []
    reached = {}
    for line in str(text).split("\n"):
        line = line.strip()
        done = line.startswith(REACHED_MARKS)
        line = line[1:].lstrip(EMOJI_STYLE).strip() if done else line
        if not line:
            continue
        stone, on = line, None
        if found := _REACHED_ON.search(line):
            stone, on, done = line[: found.start()], found["day"].strip(), True
        dated = milestone_day(stone, today, lang, earliest)
        if dated is None or not dated[1].strip():
            raise InvalidValue(BAD_MILESTONE, text=line[:60])
        day, rest = dated
        try:
            reached_on = parse_date(on, today=today, lang=lang, past=True) if on else day
        except CommandError:
            raise InvalidValue(BAD_MILESTONE, text=line[:60]) from None
        stones.append((day, rest.strip()[:200]))
        if done:
            reached[stones[-1]] = min(reached_on, today)
    return stones, reached


async def read_rows(
    session: AsyncSession,
    group: Group,
    table: Table,
    tr: Translator,
    today: date,
    result: ImportResult,
) -> list[Row]:
    """Read and check every row into ``result`` (its errors and columns); the good rows."""
    table = from_header_row(table)
    cols, result.ignored_columns = columns(table)
    if not any(isinstance(s, FieldSpec) and s.attr == "title" for s in cols.values()):
        result.errors.append((1, tr.t(NO_TITLE)))
        return []
    result.people_columns = people_columns(table)
    fields = await group_repo.fields_of(session, group.id)
    earliest = first_plan_year(today, group.signed_on)
    good = []
    for number, cells in table.rows:
        if not any(_says_something(c) for c in cells):
            continue  # a line of only "---" or ";;;" separates parts of a list, as an empty one
        row, problems = _read_row(number, cells, cols, fields, tr, today, earliest)
        if problems:
            result.errors += [(number, p) for p in problems]
            if _says_something(title := row.values.get("title")):
                result.bad_titles.setdefault(same_title(str(title)), number)
        else:
            good.append(row)
    return good


async def check(
    session: AsyncSession, group: Group, table: Table, tr: Translator, today: date
) -> ImportResult:
    """Read and check every row; nothing is stored. Good rows whose title the group already
    has are set apart (``existing``): importing the same file again adds nothing twice."""
    result = ImportResult()
    good = await read_rows(session, group, table, tr, today, result)
    titles = {same_title(m.title) for m in await repo.list_measures(session, group.id)}
    added = dict(result.bad_titles)
    for row in good:
        if same_title(str(row.values["title"])) in titles:
            result.existing.append((row.number, str(row.values["title"])))
        elif problem := repeated_new(row, added, tr):
            result.errors.append((row.number, problem))
        else:
            result.rows.append(row)
    notes_in(result, tr)
    return result


def notes_in(result: ImportResult, tr: Translator) -> None:
    """The audit trail's note of every new row ("Zeile 2"), in the language of ``tr``."""
    for row in result.rows:
        row.note = tr.t(ROW_NOTE, row=row.number)


def past_due(result: ImportResult, today: date) -> list[tuple[int, date]]:
    """New rows (row number, due date) whose open measure would be overdue from the start: a
    running plan may have such measures, so they are imported, but named before."""
    found = []
    for row in result.rows:
        due = row.values.get("due_on")
        if isinstance(due, date) and due < today and row.values.get("status") not in RESTING:
            found.append((row.number, due))
    return found


def past_milestones(result: ImportResult, today: date) -> list[tuple[int, list[tuple[date, str]]]]:
    """New rows (row number, its milestones as (day, text)) with milestones before ``today``,
    of a measure that is not resting: overdue from the start, like :func:`past_due`. A row
    is named once, with all of them."""
    found = []
    for row in result.rows:
        if row.values.get("status") in RESTING:
            continue
        stones = [s for s in row.milestones if s not in row.reached]  # a reached one is done
        if past := [(day, text) for day, text in stones if day < today]:
            found.append((row.number, past))
    return found


def _blank(cell: object) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def _says_something(cell: object) -> bool:
    """Whether a cell holds a letter or digit (or a typed value): "…" or "---" does not."""
    return not _blank(cell) and (not isinstance(cell, str) or any(c.isalnum() for c in cell))


def _read_row(
    number: int,
    cells: list[Cell],
    cols: dict[int, FieldSpec | str],
    fields: Sequence[FieldOfAction],
    tr: Translator,
    today: date,
    earliest: int,
) -> tuple[Row, list[str]]:
    """One row read by its columns, and what is wrong with it (nothing for a good row);
    ``earliest``: the first year the plan's dates may name (``first_plan_year``)."""
    row = Row(number, {})
    problems = []
    period: tuple[date | None, date | None] | None = None
    for i, target in cols.items():
        cell = cells[i] if i < len(cells) else None
        if isinstance(cell, str):  # as typed text is: no bidi overrides or zero-width spaces
            cell = clean_text(unguarded(cell))  # "'=1" of an export: "=1"
            if _says_nothing(cell, target):
                cell = None  # "k.A.", or "laufend" for a date: as an empty cell
        if target == "nr":
            row.nr = _number(cell)
            continue
        if target == "responsible":
            row.responsible = "" if _blank(cell) else " ".join(str(cell).split())[:200]
            continue
        if target == "period":
            if not _blank(cell) and (period := period_span(cell, today, earliest)) is None:
                text = " ".join(str(cell).split())[:60]
                problems.append(f"{tr.t(PERIOD)}: {tr.t(BAD_PERIOD, text=text)}")
            continue
        try:
            if target == "milestones":
                row.milestones, row.reached = read_milestones(
                    str(cell or ""), today, tr.lang, earliest
                )
                continue
            assert isinstance(target, FieldSpec)
            if _blank(cell):
                row.blank.add(target.attr)
                if target.attr == "title" or target.attr in DEFAULTED:
                    continue  # a missing title is reported once below; the rest: defaults
            value = read_cell(target, cell, today, tr.lang, earliest)
            if target.kind == FIELD and value is not None:
                value = match_field(str(value), fields, tr).id
            if value is not None or target.kind != "text":
                row.values[target.attr] = value
        except CommandError as exc:
            name = _column_name(target, tr)
            problems.append(f"{name}: {tr.t(exc.message, **exc.params)}")
    if period is not None:
        first, last = period
        for attr, day in zip(PERIOD_FILLS, (first, last, last), strict=True):
            if day is not None and row.values.get(attr) is None:  # a column of its own wins
                row.values[attr] = day
                row.blank.discard(attr)
    if not _says_something(row.values.get("title")):  # none, or only "…" or "---"
        problems.insert(0, tr.t(MISSING_TITLE))
    start, end = row.values.get("start_on"), row.values.get("end_on")
    if isinstance(start, date) and isinstance(end, date) and end < start:
        problems.append(tr.t(N_("The end is before the start.")))
    return row, problems


# What a list writes where it has no value: "keine Angabe", not known yet; in a date column
# also what is done all along ("laufend", "Daueraufgabe"), which has no date to keep.
_NO_INFORMATION = frozenset(
    {"k.a.", "k. a.", "k.a", "keine angabe", "n/a", "n.a.", "n. a.", "?", "??", "unbekannt"}
    | {"tbd", "t.b.d.", "unknown", "not known"}
)
_ONGOING = frozenset(
    key
    for word in (
        *("laufend", "fortlaufend", "dauerhaft", "daueraufgabe", "kontinuierlich", "permanent"),
        *("regelmäßig", "jährlich", "ongoing", "continuous", "continuing"),
    )
    for key in spellings(word)
)
# How far ahead a plan puts a measure without a date: "kurzfristig", "mittelfristig (2–3
# Jahre)", "langfristig": no date either.
_HORIZON = frozenset(
    {"kurzfristig", "mittelfristig", "langfristig", "short-term", "medium-term", "long-term"}
    | {"short term", "medium term", "long term", "mid-term", "mid term"}
)


def _says_nothing(cell: str, target: FieldSpec | str) -> bool:
    """Whether ``cell`` stands for no value in the column ``target``."""
    word = fold(cell)
    if word in _NO_INFORMATION:
        return True
    dated = target == "period" or isinstance(target, FieldSpec) and target.kind == DATE
    bare = word.split("(", 1)[0].strip(" ,;:")  # "mittelfristig (2-3 Jahre)"
    return dated and (word in _ONGOING or bare in _HORIZON)


def _number(cell: object) -> int | None:
    """The number in a "Nr." cell (``3``, ``3.0``, `` 3 ``), or None: a list may number its
    rows in its own way ("1a", "A-3"), which is no problem of the row."""
    text = str(cell).strip() if cell is not None else ""
    if text.endswith(".0"):
        text = text[:-2]
    return int(text) if text.isdecimal() and len(text) < 7 else None


def _column_name(target: FieldSpec | str, tr: Translator) -> str:
    """A column as a problem names it: the header of our export in German, the field's label
    in English ("Field of action", not "Handlungsfeld")."""
    if not isinstance(target, FieldSpec):
        return "Meilensteine" if tr.lang == "de" else "Milestones"
    return column_header(target, tr)


async def store(
    session: AsyncSession,
    group: Group,
    result: ImportResult,
    now,
    *,
    actor_id: int | None = None,
) -> None:
    """Create a measure for every good row, each with an "imported" audit entry naming
    ``actor_id`` (who imported it in the chat; nobody on the command line). A milestone the
    list marks reached is reached on the day the list gives (see ``read_milestones``)."""
    for row in result.rows:
        values = dict(row.values)
        field_id = values.pop("field", None)
        values.setdefault("origin", "workshop")
        values.setdefault("status", "proposed")
        values = {
            k: v
            for k, v in values.items()
            if v is not None
            or k
            in (
                "start_on",
                "end_on",
                "due_on",
                "cost_estimate",
                "funding_secured",
                "resolution_date",
            )
        }
        number = await group_repo.next_measure_number(session, group.id)
        measure = Measure(
            group_id=group.id,
            number=number,
            field_id=field_id,
            created_at=now,
            updated_at=now,
            **values,
        )
        session.add(measure)
        await session.flush()
        for day, text in row.milestones:
            reached = row.reached.get((day, text))
            session.add(
                Milestone(
                    measure_id=measure.id, due_on=day, text=text, created_at=now, reached_on=reached
                )
            )
        await repo.record_event(
            session,
            measure.id,
            actor_id=actor_id,
            at=now,
            field="imported",
            new=measure.title,
            note=row.note,
        )
        result.created.append(number)


__all__ = ["SPECS", "ImportResult", "check", "lists_measures", "past_due", "read_rows", "store"]
