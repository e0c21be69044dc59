"""``steerbot export plan|report|calendar`` and ``steerbot import measures``: the documents
from the command line, with the same code the chat commands use."""

from __future__ import annotations

import sys
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import date
from pathlib import Path

from bot.cli import EXIT_USAGE
from bot.config import Settings
from bot.context import Context
from bot.documents import render
from bot.documents.ical import write_calendar
from bot.documents.reader import Table, UnreadableFile, read_table
from bot.documents.sheet import FORMATS
from bot.errors import CommandError, InvalidValue
from bot.events import ChatRef, Message, UserRef
from bot.i18n import N_, I18n, Translator
from bot.measure_fields import STAFF_FIELDS
from bot.values import format_date, parse_date, quoted, shortened
from commands.common import minors_unnamed
from commands.measure_changes import today
from commands.plan import namer
from commands.plan_data import PLAN_STATUSES, calendar_entries, load, plan_sheet, stamp
from commands.plan_import import (
    ROW_NOTE,
    ImportResult,
    check,
    lists_measures,
    notes_in,
    past_due,
    past_milestones,
    store,
)
from commands.report import build, default_since, report_sheet
from storage.repo import groups as group_repo

EXIT_OK, EXIT_FAILED = 0, 1
MAX_TITLES = 10  # titles named in the summary of rows skipped as already there
CLI_LANG = "en"  # the command line speaks English, as argparse and its help do; files do not


class CliError(Exception):
    """A clear one-line refusal of the command line: the work failed (exit code 1)."""


class BadArgument(CliError):
    """A refusal of what the command was given (exit code 2, as argparse's own): a date it
    cannot read, a group that does not exist, options that contradict each other."""


@asynccontextmanager
async def group_context(settings: Settings, group_id: int) -> AsyncIterator[Context]:
    """A context as a handler would get it, for one group, outside any chat. The schema is
    the newest (``bot.cli`` saw to it, upgrading only where no bot runs)."""
    from bot.app import App

    app = App(settings)
    try:
        async with app.sessions() as session:
            group = await group_repo.group_by_id(session, group_id)
            if group is None:
                raise BadArgument(f"there is no group {group_id} (steerbot groups lists them)")
            cli = ChatRef("cli", "cli")
            message = Message(cli, UserRef("cli", "cli"), "", "cli")
            ctx = Context(
                message=message,
                session=session,
                services=app.services,
                tr=app.services.i18n(group.lang),
                group=group,
            )
            yield ctx
    finally:
        await app.engine.dispose()


async def export(
    settings: Settings,
    what: str,
    group_id: int,
    fmt: str,
    since: str | None = None,
    *,
    with_contact: bool = False,
) -> tuple[bytes, int, bool]:
    """The plan, the report or the calendar of a group as a file, how many entries it has and
    whether it left out a contact. The plan has the contact column (for coordinators and
    members only, as in the chat) only ``with_contact``: a file is passed on."""
    left_out = False
    async with group_context(settings, group_id) as ctx:
        group = ctx.require_group()
        if what == "plan":
            data = await load(ctx.session, group, ctx.tr, PLAN_STATUSES)
            unnamed = await minors_unnamed(ctx, document=True)
            sheet = plan_sheet(data, ctx.tr, namer(ctx), staff=with_contact, unnamed=unnamed)
            body = render([sheet], fmt)
            count = len(data.measures)
            left_out = not with_contact and any(
                getattr(m, attr) for m in data.measures for attr in STAFF_FIELDS
            )
        elif what == "report":
            day = today(ctx)
            start = since_day(ctx, since, day) if since else default_since(ctx, day)
            report = await build(ctx, start)
            body = render([await report_sheet(ctx, report)], fmt)
            count = len(report.changes) + len(report.overdue) + len(report.done)
        else:
            data = await load(ctx.session, group, ctx.tr)
            entries = calendar_entries(data, ctx.tr)
            title = ctx.t(N_("Action plan of {group}"), group=group.name)
            body = write_calendar(title, entries, stamp(ctx.now))
            count = len(entries)
    return body, count, left_out


def since_day(ctx: Context, since: str, day: date) -> date:
    """The first day of the report's ``--since``; a refusal in the CLI's language naming it."""
    try:
        return parse_date(since, today=day, lang=ctx.lang, past=True)
    except InvalidValue as exc:
        refusal = ctx.services.i18n(CLI_LANG).t(exc.message, **exc.params)
        raise BadArgument(f"--since: {refusal}") from None


async def import_measures(
    settings: Settings, table: Table, group_id: int, *, dry_run: bool, skip_bad: bool
) -> int:
    """Check every row, then store all of them (or only the good ones with ``skip_bad``)."""
    async with group_context(settings, group_id) as ctx:
        group = ctx.require_group()
        tr = ctx.services.i18n(CLI_LANG)  # what the operator reads, as the rest of the CLI
        day = today(ctx)
        result = await check(ctx.session, group, table, tr, day)
        notes_in(result, ctx.tr)  # the audit trail's "Zeile 2" is the group's
        for number, problem in result.errors:
            print(tr.t(N_("Row {row}: {problem}"), row=number, problem=problem), file=sys.stderr)
        if result.ignored_columns:
            print(
                tr.t(N_("Columns not used: {columns}"), columns=", ".join(result.ignored_columns)),
                file=sys.stderr,
            )
        if result.errors and not skip_bad:
            print(
                tr.tn(
                    "Nothing was imported: {n} problem. Fix it or use --skip-bad.",
                    "Nothing was imported: {n} problems. Fix them or use --skip-bad.",
                    len(result.errors),
                ),
                file=sys.stderr,
            )
            return EXIT_FAILED
        if dry_run:
            print(
                tr.tn(
                    "Dry run: {n} measure would be imported.",
                    "Dry run: {n} measures would be imported.",
                    len(result.rows),
                )
            )
        else:
            await store(ctx.session, group, result, ctx.now)
            await ctx.session.commit()
            print(
                tr.tn(
                    "{n} measure imported into {group}.",
                    "{n} measures imported into {group}.",
                    len(result.created),
                    group=group.name,
                )
            )
        for line in [*summary_notes(tr, result, group.name), *past_due_notes(tr, result, day)]:
            print(line)
    return EXIT_OK


def summary_notes(tr: Translator, result: ImportResult, group_name: str) -> list[str]:
    """What the summary adds: rows left out as already there, columns of people left out."""
    notes = []
    if result.existing:
        shown = [quoted(title, tr.lang) for _n, title in result.existing]
        if len(shown) > MAX_TITLES:
            shown = [*shown[:MAX_TITLES], "…"]
        notes.append(
            tr.tn(
                "{n} row skipped: {group} already has a measure of that title: {titles}",
                "{n} rows skipped: {group} already has measures of those titles: {titles}",
                len(result.existing),
                group=group_name,
                titles=", ".join(shown),
            )
        )
    if result.people_columns:
        notes.append(
            tr.tn(
                "The column {columns} was left out: people are not matched by name.",
                "The columns {columns} were left out: people are not matched by name.",
                len(result.people_columns),
                columns=", ".join(quoted(c, tr.lang) for c in result.people_columns),
            )
        )
    return notes


def past_due_notes(tr: Translator, result: ImportResult, day: date) -> list[str]:
    """Lines naming the new rows whose due date or milestone has passed (before ``day``):
    imported as asked, but overdue from the start, so whoever imports decides before
    confirming."""
    notes = []
    if found := past_due(result, day):
        notes.append(
            tr.tn(
                "Due date in the past in row {rows}: the measure is overdue from the start. "
                "/due <number> <date> changes it after the import.",
                "Due dates in the past in rows {rows}: these measures are overdue from the start. "
                "/due <number> <date> changes them after the import.",
                len(found),
                rows=_dated_rows(tr, found),
            )
        )
    if stones := past_milestones(result, day):
        # Each row once, naming its milestones in the past: "Zeile 2 (01.12.2026 Planung,
        # 15.12.2026 Ausschreibung), Zeile 4 (01.01.2027 Schlüssel)".
        rows = [
            tr.t(ROW_NOTE, row=number)
            + " ("
            + ", ".join(f"{format_date(d, tr.lang)} {shortened(text, 40)}" for d, text in past)
            + ")"
            for number, past in stones
        ]
        notes.append(
            tr.tn(
                "Milestone in the past in {rows}: it is overdue from the start. "
                "/milestone <number> reached <n> or remove <n> changes it after the import.",
                "Milestones in the past in {rows}: they are overdue from the start. "
                "/milestone <number> reached <n> or remove <n> changes them after the import.",
                sum(len(past) for _, past in stones),
                rows=_first_of(rows),
            )
        )
    return notes


def _dated_rows(tr: Translator, found: list[tuple[int, date]]) -> str:
    """ "3 (01.01.2020), 4 (04.12.2026)", the first :data:`MAX_TITLES` of them."""
    return _first_of([f"{number} ({format_date(day, tr.lang)})" for number, day in found])


def _first_of(items: list[str]) -> str:
    """``items`` joined by commas, the first :data:`MAX_TITLES` of them and "…" for more."""
    if len(items) > MAX_TITLES:
        items = [*items[:MAX_TITLES], "…"]
    return ", ".join(items)


def export_format(out: Path, asked: str | None) -> str:
    """The format to write ``out`` in: the one asked for, else the one its name ends in
    (``plan.csv``), else xlsx. A name ending in another format's ending is refused: a CSV
    named ``.xlsx`` opens in no spreadsheet, a workbook named ``.ics`` in no calendar."""
    ending = out.suffix.lower().removeprefix(".")
    if asked is None:
        if ending.isalpha() and ending not in FORMATS:  # plan.ics, plan.pdf: not what it gets
            raise BadArgument(
                f"{out} ends in .{ending}, a format the plan is not written in "
                f"({', '.join(FORMATS)}): rename it or give --format"
            )
        return ending if ending in FORMATS else "xlsx"
    if ending in FORMATS and ending != asked:
        raise BadArgument(f"{out} ends in .{ending}, not .{asked}: rename it or leave out --format")
    return asked


def run(settings: Settings, args) -> int:
    """Dispatch the parsed ``export``/``import`` arguments; one-line errors, exit code 1 (2
    for a bad argument)."""
    import asyncio

    try:
        if args.command == "export":
            out = Path(args.output)
            if args.with_contact and args.what != "plan":
                raise BadArgument(
                    f"--with-contact: only the plan has contacts, not the {args.what}"
                )
            fmt = "ics" if args.what == "calendar" else export_format(out, args.format)
            if not out.parent.is_dir():  # before any work; said as what it is, not a database fault
                raise CliError(f"cannot write {out}: there is no folder {out.parent}")
            body, count, left_out = asyncio.run(
                export(
                    settings,
                    args.what,
                    args.group,
                    fmt,
                    args.since,
                    with_contact=args.with_contact,
                )
            )
            try:
                out.write_bytes(body)
            except OSError as exc:
                raise CliError(f"cannot write {out}: {exc.strerror or exc}") from exc
            noun = ("measure", "measures") if args.what == "plan" else ("entry", "entries")
            print(f"{out}: {count} {noun[count != 1]}")
            if left_out:
                print("without the measures' contacts (for members only): --with-contact adds them")
            return EXIT_OK
        try:
            table = read_table(Path(args.file), pick=lists_measures)
        except (OSError, UnreadableFile) as exc:
            raise CliError(str(exc)) from exc
        return asyncio.run(
            import_measures(
                settings, table, args.group, dry_run=args.dry_run, skip_bad=args.skip_bad
            )
        )
    except CliError as exc:
        print(f"steerbot: {exc}", file=sys.stderr)
        return EXIT_USAGE if isinstance(exc, BadArgument) else EXIT_FAILED
    except CommandError as exc:
        print(f"steerbot: {I18n()(CLI_LANG).t(exc.message, **exc.params)}", file=sys.stderr)
        return EXIT_FAILED


def add_parsers(sub) -> None:
    """The ``export`` and ``import`` subcommands of ``steerbot``."""
    export_p = sub.add_parser(
        "export", help="write the action plan, a status report or the calendar to a file"
    )
    export_p.add_argument("what", choices=("plan", "report", "calendar"))
    export_p.add_argument("--group", type=int, required=True, help="the group id")
    export_p.add_argument(
        "--format",
        choices=FORMATS,
        help="default: the ending of the file's name (plan.csv), else xlsx",
    )
    export_p.add_argument(
        "--since",
        help="report: changes since this date (default: 30 days ago, or since the group was set up)",
    )
    export_p.add_argument(
        "--with-contact",
        action="store_true",
        help="plan: with each measure's contact (for members only; left out by default, as the "
        "file is often passed on)",
    )
    export_p.add_argument("-o", "--output", required=True, help="the file to write")
    import_p = sub.add_parser("import", help="import measures from a workshop list")
    import_p.add_argument("what", choices=("measures",))
    import_p.add_argument("file", help="a .xlsx, .ods or .csv file")
    import_p.add_argument("--group", type=int, required=True, help="the group id")
    import_p.add_argument("--dry-run", action="store_true", help="check every row, store nothing")
    import_p.add_argument(
        "--skip-bad", action="store_true", help="import the good rows, skip bad ones"
    )


__all__ = ["add_parsers", "run"]
