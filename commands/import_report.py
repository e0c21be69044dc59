"""The words of the chat's /import: the check of a list (new measures, changes of existing
ones, problems by row), the buttons' label, the answer after the import and the group's news."""

from __future__ import annotations

import hashlib
from datetime import date

from bot.context import Context
from bot.documents.reader import Table
from bot.i18n import N_, Translator
from bot.measure_fields import plain
from bot.statuses import STATUS_NAMES
from bot.values import format_date, quoted, shortened
from commands.common import shown_name
from commands.import_people import kept_line
from commands.measure_changes import field_label, show_value, today
from commands.plan_cli import past_due_notes, summary_notes
from commands.plan_data import REACHED_ON
from commands.plan_import import Row
from commands.plan_updates import ChangeResult, Update

SHOWN = 10  # titles, changes and problems named in the check before "… and n more"
SHOWN_CHARS = 60  # of each title or value there


def check_lines(
    ctx: Context, name: str, table: Table, result: ChangeResult, fields: dict[int, str]
) -> list[str]:
    """The check of a list as the coordinator reads it before confirming."""
    lines = [
        ctx.tn(
            "{name}: {n} row checked.",
            "{name}: {n} rows checked.",
            len(table.rows),
            name=quoted(name[:80], ctx.lang),
        )
    ]
    if result.rows:
        lines.append(
            ctx.tn(
                "{n} measure can be imported:",
                "{n} measures can be imported:",
                len(result.rows),
            )
        )
        lines += _at_most(ctx, [_new_line(ctx, r, result) for r in result.rows])
    if result.updates:
        lines.append(
            ctx.tn(
                "{n} measure would be changed:",
                "{n} measures would be changed:",
                len(result.updates),
            )
        )
        lines += _at_most(ctx, [_update_line(ctx, u, fields) for u in result.updates])
    if result.unchanged:
        lines.append(
            ctx.tn(
                "{n} row matches its measure as it is.",
                "{n} rows match their measures as they are.",
                len(result.unchanged),
            )
        )
    lines += _problems(ctx, result)
    if result.ignored_columns:  # a "Bemerkung" column would otherwise be lost unnoticed
        lines.append(
            ctx.tn(
                "I do not know the column {columns}: nothing in it is imported.",
                "I do not know the columns {columns}: nothing in them is imported.",
                len(result.ignored_columns),
                columns=", ".join(quoted(c, ctx.lang) for c in result.ignored_columns),
            )
        )
    lines += summary_notes(ctx.tr, result, "")  # no group name: nothing is skipped as existing
    lines += past_due_notes(ctx.tr, result, today(ctx))
    if result.status_kept:
        given = ", ".join(
            ctx.t(N_("no. {number}: {status}"), number=n, status=ctx.t(STATUS_NAMES[s]))
            for n, s in result.status_kept[:SHOWN]
        )
        lines.append(
            ctx.t(
                N_(
                    "An import does not change a status: /status checks its steps and tells "
                    "whom it concerns. Given otherwise in the list: {measures}."
                ),
                measures=given,
            )
        )
    if result.people_kept:
        lines.append(kept_line(ctx.tr, result.people_kept, SHOWN))
    if result.updates:
        lines.append(ctx.t(N_("Empty cells leave a value as it is.")))
    return lines


def _at_most(ctx: Context, lines: list[str]) -> list[str]:
    if len(lines) <= SHOWN:
        return lines
    return [*lines[:SHOWN], ctx.t(N_("… and {n} more"), n=len(lines) - SHOWN)]


def _new_line(ctx: Context, row: Row, result: ChangeResult) -> str:
    """``• Skatepark`` (``… (verantwortlich: Ben)`` when the list names a member)."""
    line = f"• {shortened(str(row.values['title']), SHOWN_CHARS)}"
    if row.number in result.responsible:
        name = shown_name(ctx, result.responsible[row.number])
        line += " " + ctx.t(N_("(responsible: {name})"), name=name)
    return line


def _update_line(ctx: Context, update: Update, fields: dict[int, str]) -> str:
    """``• Nr. 3 „Skatepark“: Kosten (EUR): 1.000,00 € → 1.500,00 €; neuer Meilenstein …``"""
    tr = ctx.tr
    parts = []
    for change in update.changes:
        name = "field" if change.attr == "field_id" else change.attr
        old = shortened(show_value(tr, name, plain(change.old), fields), SHOWN_CHARS)
        new = shortened(show_value(tr, name, plain(change.new), fields), SHOWN_CHARS)
        parts.append(f"{field_label(tr, name)}: {old} → {new}")
    for day, text in update.milestones:
        stone = shortened(
            show_value(tr, "milestone", f"{day.isoformat()} {text}", fields), SHOWN_CHARS
        )
        if (day, text) in update.reached_new:
            stone = f"✓ {stone}{_reached_on(tr, day, update.reached_new[(day, text)])}"
        parts.append(tr.t(N_("new milestone {milestone}"), milestone=stone))
    for reached in update.reached:
        stone = show_value(tr, "milestone", f"{reached.due_on.isoformat()} {reached.text}", fields)
        stone = shortened(stone, SHOWN_CHARS)
        stone += _reached_on(tr, reached.due_on, update.reached_on.get(reached.id))
        parts.append(tr.t(N_("milestone reached: {milestone}"), milestone=stone))
    if update.handover is not None:
        handover = update.handover
        before = shown_name(ctx, handover.old) if handover.old is not None else "—"
        after = shown_name(ctx, handover.new)
        label = field_label(tr, "responsible")  # lower case in the audit trail's lines
        parts.append(f"{label[:1].upper()}{label[1:]}: {before} → {after}")
    measure = update.measure
    head = tr.t(
        N_("No. {number} “{title}”"),
        number=measure.number,
        title=shortened(measure.title, SHOWN_CHARS),
    )
    return f"• {head}: {'; '.join(parts)}"


def _reached_on(tr: Translator, due: date, on: date | None) -> str:
    """`` (erreicht am 11.01.2027)`` after a milestone reached on another day than its own,
    as the plan's export writes it (the day a ticked one is reached on: see
    ``read_milestones``)."""
    if on is None or on == due:
        return ""
    return " " + tr.t(REACHED_ON, date=format_date(on, tr.lang))


def _problems(ctx: Context, result: ChangeResult) -> list[str]:
    if not result.errors:
        return []
    rows = len({n for n, _p in result.errors})
    head = ctx.tn("{n} row has problems:", "{n} rows have problems:", rows)
    shown = [ctx.t(N_("Row {row}: {problem}"), row=n, problem=p) for n, p in result.errors]
    return [head, *_at_most(ctx, shown)]


def go_label(ctx: Context, result: ChangeResult) -> str:
    """The label of the button that imports what the check showed."""
    new, changed = len(result.rows), len(result.updates)
    if result.errors:
        if changed:
            return ctx.t(N_("Apply only the good rows"))
        return ctx.tn("Import only the good row", "Import only the {n} good rows", new)
    if changed and new:
        return ctx.t(N_("Apply: {new} new, {changed} changed"), new=new, changed=changed)
    if changed:
        return ctx.tn("Change {n} measure", "Change {n} measures", changed)
    return ctx.tn("Import {n} measure", "Import {n} measures", new)


def digest(data: bytes, result: ChangeResult) -> str:
    """What a check showed, in eight letters: the confirmation applies only what was shown,
    and a button under an earlier check (or file) does nothing."""
    shown = [
        [(r.number, sorted((k, plain(v)) for k, v in r.values.items())) for r in result.rows],
        [
            (
                u.measure.id,
                [(c.attr, plain(c.old), plain(c.new)) for c in u.changes],
                [(d.isoformat(), t, (d, t) in u.reached_new) for d, t in u.milestones],
                [s.id for s in u.reached],
                (u.handover.old.id if u.handover.old else None, u.handover.new.id)
                if u.handover
                else None,
            )
            for u in result.updates
        ],
        sorted((n, p.id) for n, p in result.responsible.items()),
        sorted({n for n, _p in result.errors}),
    ]
    return hashlib.sha256(data + repr(shown).encode()).hexdigest()[:8]


def done_lines(ctx: Context, group_name: str, result: ChangeResult) -> list[str]:
    """The answer after the import."""
    lines = []
    if result.created:
        lines.append(
            ctx.tn(
                "{n} measure imported into {group}: no. {numbers}. /measures shows it.",
                "{n} measures imported into {group}: no. {numbers}. /measures shows them.",
                len(result.created),
                group=group_name,
                numbers=numbers(result.created),
            )
        )
    if result.updates:
        lines.append(
            ctx.tn(
                "{n} measure of {group} changed: no. {numbers}. /history <number> shows what "
                "changed.",
                "{n} measures of {group} changed: no. {numbers}. /history <number> shows what "
                "changed.",
                len(result.updates),
                group=group_name,
                numbers=numbers(changed(result)),
            )
        )
    if result.errors:
        rows = len({n for n, _p in result.errors})
        lines.append(
            ctx.tn(
                "{n} row with problems was left out.", "{n} rows with problems were left out.", rows
            )
        )
    return lines


def group_lines(tr: Translator, who: str, file: str, result: ChangeResult) -> list[str]:
    """What the steering group's chat hears of an import done elsewhere."""
    lines = []
    if result.created:
        lines.append(
            tr.tn(
                "{who} imported {n} measure from {file}: no. {numbers}.",
                "{who} imported {n} measures from {file}: no. {numbers}.",
                len(result.created),
                who=who,
                file=file,
                numbers=numbers(result.created),
            )
        )
    if result.updates:
        lines.append(
            tr.tn(
                "{who} changed {n} measure with {file}: no. {numbers}.",
                "{who} changed {n} measures with {file}: no. {numbers}.",
                len(result.updates),
                who=who,
                file=file,
                numbers=numbers(changed(result)),
            )
        )
    return lines


def changed(result: ChangeResult) -> list[int]:
    return sorted(u.measure.number for u in result.updates)


def numbers(found: list[int]) -> str:
    """``5–16`` for a run, else ``5, 7, 9``."""
    if len(found) > 2 and found == list(range(found[0], found[-1] + 1)):
        return f"{found[0]}–{found[-1]}"
    return ", ".join(str(n) for n in found)


__all__ = ["check_lines", "digest", "done_lines", "go_label", "group_lines"]
