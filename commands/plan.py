"""The action plan in the chat (/plan), as a document (/plan export …), the status report
(/report) and the calendar (/calendar)."""

from __future__ import annotations

from bot.context import Context
from bot.documents import FORMATS, MIME_TYPES, render
from bot.documents.ical import write_calendar
from bot.errors import UsageError
from bot.events import File
from bot.fields import NO_FIELD
from bot.i18n import N_
from bot.measure_fields import BY_ATTR, STAFF_FIELDS
from bot.parsing import fold
from bot.registry import Command, Handler, Param, not_for_youth
from bot.roles import EDITORS, MEMBERS
from bot.statuses import STATUS_NAMES
from bot.text_parts import MESSAGE_BUDGET, pack
from bot.values import format_date, format_money, parse_date, shortened
from commands.common import (
    CONTACT_IN_DIRECT_CHAT,
    contact_withheld_here,
    minors_unnamed,
    shown_name,
    staff_reads,
)
from commands.measure_changes import today
from commands.plan_data import (
    PLAN_STATUSES,
    GroupData,
    Namer,
    by_field,
    calendar_entries,
    load,
    plan_sheet,
    stamp,
)
from commands.report import (
    build,
    default_since,
    report_sheet,
    report_text,
    whole_year_hint,
    withheld_hint,
)
from storage.models import Measure, Person


def namer(ctx: Context) -> Namer:
    """How exports name people: as the group sees them (pseudonyms kept), and a minor never
    by name, also one who chose to be named in the group's chats."""

    def name(person: Person | None, anonymous: bool) -> str:
        return shown_name(ctx, person, youth_anonymous=anonymous, document=True)

    return name


def export_format(words: list[str]) -> str | None:
    """``export xlsx`` → "xlsx"; None when no export is asked for."""
    if not words:
        return None
    if fold(words[0]) not in ("export", "exportieren", "datei", "file"):
        raise UsageError(N_("I did not understand “{extra}”."), extra=" ".join(words)[:80])
    fmt = fold(words[1]) if len(words) > 1 else "xlsx"
    if fmt not in FORMATS or len(words) > 2:
        raise UsageError(N_("Possible formats: xlsx, ods, csv, md."))
    return fmt


# File names in the chat's language, as the files' contents: (German, English).
PLAN_FILE = ("aktionsplan", "action-plan")
REPORT_FILE = ("sachstandsbericht", "status-report")
CALENDAR_FILE = ("termine", "dates")


def file_name(kind: tuple[str, str], group_name: str, fmt: str, lang: str) -> str:
    """``aktionsplan-Musterstadt.xlsx`` (de) or ``action-plan-Musterstadt.xlsx`` (en)."""
    stem = kind[0] if lang == "de" else kind[1]
    safe = "".join(ch if ch.isalnum() else "-" for ch in group_name).strip("-") or "gruppe"
    return f"{stem}-{safe}.{fmt}"


def measure_block(ctx: Context, m: Measure, data: GroupData) -> str:
    """A few lines on one measure of the plan."""
    lines = [f"{m.number}. {m.title} — {ctx.t(STATUS_NAMES[m.status])}"]
    # What it aims at and how that is seen, cut short: /show and the files have them whole.
    aims = [_short(ctx, "goal", m.goal, 100), _short(ctx, "indicators", m.indicators, 60)]
    if any(aims):
        lines.append("   " + " · ".join(a for a in aims if a))
    who = []
    if m.lead_office:
        who.append(ctx.t(N_("Office: {office}"), office=m.lead_office))
    responsible = data.persons.get(m.responsible_id or -1)
    if responsible is not None:
        who.append(ctx.t(N_("Responsible: {name}"), name=shown_name(ctx, responsible)))
    if partners := _short(ctx, "partners", m.partners, 80):
        who.append(partners)
    if who:
        lines.append("   " + " · ".join(who))
    when = []
    if m.start_on or m.end_on:
        start = format_date(m.start_on, ctx.lang) if m.start_on else "…"
        end = format_date(m.end_on, ctx.lang) if m.end_on else "…"
        when.append(f"{start} – {end}")
    if m.due_on:
        when.append(ctx.t(N_("due {date}"), date=format_date(m.due_on, ctx.lang)))
    if when:
        lines.append("   " + " · ".join(when))
    money = []
    if m.cost_estimate is not None:
        money.append(ctx.t(N_("Costs: {amount}"), amount=format_money(m.cost_estimate, ctx.lang)))
    if m.funding_source or m.funding_secured is not None:
        state = ""
        if m.funding_secured is not None:
            state = ctx.t(N_("secured")) if m.funding_secured else ctx.t(N_("not yet secured"))
        source = m.funding_source or ""
        money.append(
            ctx.t(
                N_("Funding: {source}"),
                source=f"{source} ({state})" if source and state else source or state,
            )
        )
    if money:
        lines.append("   " + " · ".join(money))
    return "\n".join(lines)


def _short(ctx: Context, attr: str, value: str | None, limit: int) -> str:
    """``Ziel: Mehr Platz zum Spielen``, the value cut at ``limit``; "" for none."""
    if not value or not value.strip():
        return ""
    return f"{ctx.t(BY_ATTR[attr].label)}: {shortened(value, limit)}"


EMPTY_PLAN = N_("The action plan is still empty: the steering group has not adopted a measure yet.")
# What an export of an empty plan holds: the sheets their column heads, Markdown (which has
# no table) only its heading.
HEADS_ONLY = N_("The file has only the column heads.")
EMPTY_FILE = {
    "xlsx": HEADS_ONLY,
    "ods": HEADS_ONLY,
    "csv": HEADS_ONLY,
    "md": N_("The file has only its heading."),
}


async def plan(ctx: Context) -> None:
    """/plan [export xlsx|ods|csv|md]"""
    group = ctx.require_group()
    fmt = export_format(ctx.params.get("words") or [])
    data = await load(ctx.session, group, ctx.tr, PLAN_STATUSES)
    if fmt is not None:
        staff = staff_reads(ctx)
        # Read along by youth representatives or guests: the contacts only in a direct chat.
        withheld = (
            staff
            and any(getattr(m, attr) for m in data.measures for attr in STAFF_FIELDS)
            and await contact_withheld_here(ctx)
        )
        unnamed = await minors_unnamed(ctx, document=True)
        sheet = plan_sheet(data, ctx.tr, namer(ctx), staff=staff and not withheld, unnamed=unnamed)
        body = render([sheet], fmt)
        text = (
            ctx.tn(
                "The action plan with {n} measure.",
                "The action plan with {n} measures.",
                len(data.measures),
            )
            if data.measures
            else ctx.t(EMPTY_PLAN) + " " + ctx.t(EMPTY_FILE[fmt])
        )
        if withheld:
            command = f"{ctx.as_typed} export {fmt}"
            text += "\n" + ctx.t(CONTACT_IN_DIRECT_CHAT, command=command)
        ctx.reply(
            text,
            attachments=(
                File(file_name(PLAN_FILE, group.name, fmt, ctx.lang), body, MIME_TYPES[fmt]),
            ),
        )
        return
    if not data.measures:
        ctx.reply(ctx.t(EMPTY_PLAN))
        return
    fields = [
        (name or ctx.t(NO_FIELD), [measure_block(ctx, m, data) for m in ms])
        for name, ms in by_field(data)
    ]
    title = ctx.t(N_("Action plan of {group}"), group=group.name)
    # One message, or for a plan over the budget more, each full up to it; a message that goes
    # on with a field starts with its name, marked "(…)".
    for text in pack(fields, MESSAGE_BUDGET, head=title):
        ctx.reply(text)


async def report(ctx: Context) -> None:
    """/report [since=<date>] [export xlsx|ods|csv|md]"""
    group = ctx.require_group()
    fmt = export_format(ctx.params.get("words") or [])
    day = today(ctx)
    since = default_since(ctx, day)
    if "since" in ctx.options:
        since = parse_date(ctx.options["since"], today=day, lang=ctx.lang, past=True)
        if since > day:
            raise UsageError(N_("The report can only start today or earlier."))
    found = await build(ctx, since)
    if fmt is not None:
        body = render([await report_sheet(ctx, found)], fmt)
        text = ctx.t(N_("Status report since {date}."), date=format_date(since, ctx.lang))
        if hint := withheld_hint(ctx, found, fmt):
            text += "\n" + hint
        ctx.reply(
            text,
            attachments=(
                File(file_name(REPORT_FILE, group.name, fmt, ctx.lang), body, MIME_TYPES[fmt]),
            ),
        )
        return
    head, sections = await report_text(ctx, found)
    if "since" not in ctx.options and (hint := whole_year_hint(ctx, day, since)):
        sections.append([hint])
    lines = [line for section in sections for line in ("", *section)]
    for text in pack([(head, lines)], MESSAGE_BUDGET, sep="\n"):  # the head on every message
        ctx.reply(text)


async def calendar(ctx: Context) -> None:
    """/calendar: every due date and milestone as an iCalendar file."""
    group = ctx.require_group()
    data = await load(ctx.session, group, ctx.tr)
    entries = calendar_entries(data, ctx.tr)
    if not entries:  # an empty calendar file would add nothing to anybody's calendar
        if ctx.role not in EDITORS:  # a guest: not pointed to /due, which they may not use
            ctx.reply(
                ctx.t(N_("There are no due dates or milestones yet, so nothing for a calendar."))
            )
            return
        ctx.reply(
            ctx.t(
                N_(
                    "There are no due dates or milestones yet, so nothing for a calendar. "
                    "/due <number> <date> sets a due date."
                )
            )
        )
        return
    title = ctx.t(N_("Action plan of {group}"), group=group.name)
    body = write_calendar(title, entries, stamp(ctx.now))
    ctx.reply(
        ctx.tn("{n} date for your calendar.", "{n} dates for your calendar.", len(entries)),
        attachments=(
            File(file_name(CALENDAR_FILE, group.name, "ics", ctx.lang), body, MIME_TYPES["ics"]),
        ),
    )


async def export_hint(ctx: Context) -> None:
    """/export, a word people try: where the exports are."""
    ctx.reply(
        ctx.t(
            N_(
                "Exports come with /plan and /report: /plan export xlsx sends the action plan as "
                "a file (also ods, csv or md), /report export xlsx the status report, /calendar "
                "the dates for your calendar."
            )
        )
    )


def _pointer(name: str, alias: str, handler: Handler, summary: str, usage: str) -> Command:
    """A word people try that only points to where the thing is: not listed in /help or the
    platforms' menus, and words after it (``/export xlsx``) get the same pointer."""
    return Command(
        name=name,
        aliases=(alias,),
        handler=handler,
        summary=summary,
        usage=usage,
        params=(Param("words", "words", required=False),),
        roles=MEMBERS,
        publish=False,
        listed=lambda ctx: False,
    )


def commands() -> list[Command]:
    words = Param("words", "words", required=False)
    return [
        Command(
            name="plan",
            aliases=("aktionsplan",),
            handler=plan,
            summary=N_("the action plan by field of action"),
            usage=N_("/plan [export xlsx|ods|csv|md]"),
            params=(words,),
            roles=MEMBERS,
            listed=not_for_youth,
        ),
        Command(
            name="report",
            aliases=("bericht", "sachstand"),
            handler=report,
            summary=N_("status report: changed, overdue, done"),
            usage=N_("/report [since=<date>] [export xlsx|ods|csv|md]"),
            params=(words,),
            options={"since": "since", "seit": "since"},
            date_options=frozenset({"since"}),
            roles=MEMBERS,
            listed=not_for_youth,
        ),
        Command(
            name="calendar",
            aliases=("kalender",),
            handler=calendar,
            summary=N_("due dates and milestones as a calendar file"),
            usage=N_("/calendar"),
            roles=MEMBERS,
            listed=not_for_youth,
        ),
        # Words people try; /help lists /plan, /report and /calendar instead.
        _pointer("export", "exportieren", export_hint, N_("where the exports are"), N_("/export")),
    ]
