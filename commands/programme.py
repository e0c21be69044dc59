"""/programme: the group's programme (Kinderfreundliche Kommune, Familiengerechte Kommune or its
own) and its dates — signing, action plan due, interim report, seal — of which the coordinators
are reminded weeks ahead. A coordinator changes them; switching the programme brings its
fields of action and keeps every field a measure or an idea still uses."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from babel.numbers import format_decimal
from dateutil.relativedelta import relativedelta
from sqlalchemy import delete

from bot.arguments import missing
from bot.context import Context
from bot.errors import CommandError, InvalidValue, UsageError
from bot.fields import shown_field
from bot.i18n import N_
from bot.parsing import choose, fold, means_none
from bot.programmes import CUSTOM, FGK, KFK, SEAL, Phase, Programme, kfk_timeline, programme
from bot.registry import Command, Param, not_for_youth
from bot.roles import COORDINATOR, MEMBERS, OBSERVER, YOUTH
from bot.scheduling import replan
from bot.scheduling.content import passed_programme_dates
from bot.values import format_date, parse_date, require_future
from commands.measure_changes import today
from storage.models import FieldOfAction, Group
from storage.repo import groups as repo


@dataclass(frozen=True)
class DateOption:
    """A programme date: the group's column, its label (an English message id) and whether a
    day in the past is refused."""

    column: str
    label: str
    future: bool


#: Canonical option → the date it sets.
DATES = {
    "signed": DateOption("signed_on", N_("Agreement signed"), False),
    "plan": DateOption("plan_due_on", N_("Action plan due"), True),
    # As the Kinderfreundliche Kommune names them; see ``date_label`` for the others.
    "interim": DateOption("interim_report_on", SEAL.report_due, True),
    "seal_until": DateOption("seal_until", SEAL.award_until, False),
}
MAX_INHABITANTS = 10_000_000
#: The phase in which the action plan is adopted and carried out.
IMPLEMENTATION = "implementation"


async def programme_command(ctx: Context) -> None:
    """/programme [kfk|fgk|custom] [signed=…] [inhabitants=…] [plan=…] [interim=…] [seal=…]"""
    group = ctx.require_group()
    choice = " ".join(ctx.params.get("programme") or ())  # "Kinderfreundliche Kommune"
    if not choice and not ctx.options:
        ctx.reply(_overview(ctx, group))
        return
    if ctx.role != COORDINATOR:
        raise CommandError(N_("Only coordinators can change the programme and its dates."))
    lines = []
    before = group.programme, group.phase
    if choice:
        lines += await _switch(ctx, group, _chosen(ctx, choice))
    if "phase" in ctx.options:
        group.phase = _phase(ctx, programme(group.programme), ctx.options["phase"]).key
    worked_out: list[str] = []
    if ctx.options.keys() - {"phase"}:
        worked_out = _set_dates(ctx, group)
        await ctx.session.flush()
        await replan(ctx.services, ctx.session, group.id, ctx.now)
    if ctx.options:
        lines.append(_overview(ctx, group, saved=True))
        lines += worked_out
        if group.phase != before[1]:
            lines += _plan_still_due(ctx, group)
    elif group.programme != before[0]:
        lines += _kept_after_switch(ctx, group, *before)
    ctx.reply("\n".join(lines))


def _plan_still_due(ctx: Context, group: Group) -> list[str]:
    """In the implementation the action plan is adopted, but a due date still entered keeps
    its nudges coming: the line that says how to clear it (a date ahead; one that has passed
    says so under the dates)."""
    if group.phase != IMPLEMENTATION or group.plan_due_on is None:
        return []
    if group.plan_due_on < today(ctx) or "plan" in ctx.options:
        return []
    return [
        ctx.t(
            N_(
                "The action plan still stands as due on {date}, and the coordinators are "
                "reminded of it; once it is adopted, /programme plan=none clears the date."
            ),
            date=format_date(group.plan_due_on, ctx.lang),
        )
    ]


def _chosen(ctx: Context, choice: str) -> Programme:
    """The programme ``choice`` names; a date typed without its "=" ("/programm aktionsplan
    1.10.2027") is answered with the line to copy (the dispatcher writes it out)."""
    first = fold(choice.split()[0].rstrip(":"))
    command = ctx.services.registry.get("programme")
    if command is not None and first in command.options:  # "/programm aktionsplan": usage
        raise UsageError(N_("I did not understand “{extra}”."), extra=choice[:40])
    return programme(choice)


def _kept_after_switch(ctx: Context, group: Group, old: str, old_phase: str) -> list[str]:
    """What a switch of programme did to the phase and the dates: a later phase the new
    programme does not have starts again at its first; the dates stay, under the new
    programme's names."""
    prog = programme(group.programme)
    lines = []
    first = programme(old).phases[0].key
    if group.phase != old_phase and old_phase != first:
        lines.append(
            ctx.t(
                N_(
                    "Phase: {phase} (1 of {count}), the first of this programme: {command} phase=<phase> sets another."
                ),
                phase=ctx.t(prog.phase(group.phase).title),
                count=len(prog.phases),
                command=ctx.as_typed,
            )
        )
    if any(getattr(group, option.column) for option in DATES.values()):
        lines.append(ctx.t(N_("The dates stay as they were:")))
        lines += [f"• {line}" for line in _date_lines(ctx, group, prog)]
    return lines


def _date_lines(ctx: Context, group: Group, prog: Programme) -> list[str]:
    """ "Action plan due: 01.06.2027" for each programme date ("—" when not set)."""
    now = today(ctx)
    lines = []
    for key, option in DATES.items():
        day: date | None = getattr(group, option.column)
        shown = format_date(day, ctx.lang) if day else "—"
        if day and day < now and key != "signed":
            shown += " " + ctx.t(N_("(past)"))
        lines.append(f"{ctx.t(date_label(prog, key))}: {shown}")
    return lines


def _overview(ctx: Context, group: Group, *, saved: bool = False) -> str:
    prog = programme(group.programme)
    head = N_("Saved. {group}: {programme}") if saved else N_("{group}: {programme}")
    lines = [ctx.t(head, group=group.name, programme=ctx.t(prog.title))]
    phase = prog.phase(group.phase)
    lines.append(
        ctx.t(
            N_("Phase: {phase} ({n} of {count})"),
            phase=ctx.t(phase.title),
            n=prog.phases.index(phase) + 1,
            count=len(prog.phases),
        )
    )
    lines += _date_lines(ctx, group, prog)
    if ctx.role in (YOUTH, OBSERVER) or ctx.in_youth_chat:
        # the programme's facts for a youth representative or a guest: who is reminded and
        # how to change a date (also under a date that passed) is the coordination's business
        return "\n".join(lines)
    lines += passed_programme_dates(group, today(ctx), ctx.tr)
    if not saved:
        lines.append(ctx.t(prog.wording.reminded))
        lines.append(ctx.t(prog.wording.change_dates, command=ctx.as_typed))
    return "\n".join(lines)


def date_label(prog: Programme, key: str) -> str:
    """What the programme calls one of its dates (an English message id): the Familiengerechte
    Kommune reports every year and awards a certificate, not a seal."""
    worded = {"interim": prog.wording.report_due, "seal_until": prog.wording.award_until}
    return worded.get(key, DATES[key].label)


def _phase(ctx: Context, prog: Programme, text: str) -> Phase:
    if not text.strip():
        raise missing(ctx, N_("phase"))
    # Its word, else its title as the overview shows it ("Aktionsplan erarbeiten").
    found = prog.find_phase(text) or choose(
        text.strip(), prog.phases, lambda p: (ctx.t(p.title), p.title)
    )
    if found is None:
        raise InvalidValue(
            N_("“{text}” is no phase of this programme. Possible: {phases}"),
            text=text[:40],
            phases=", ".join(f"{i}. {ctx.t(p.title)}" for i, p in enumerate(prog.phases, 1)),
        )
    return found


def _set_dates(ctx: Context, group: Group) -> list[str]:
    """Set the dates given as options; ``inhabitants`` with a signing date works out when a
    KFK action plan is due (1, 1.5 or 2 years by size) unless ``plan`` is given too. Returns
    the line that says how, if it did."""
    options = ctx.options
    now = today(ctx)
    if "seal" in options and "seal_until" in options:
        raise CommandError(programme(group.programme).wording.award_either)
    values: dict[str, date | None] = {}
    for key in (*DATES, "seal"):
        if key not in options:
            continue
        text = options[key]
        if not text.strip():  # "siegel=" (before: "I could not read “” as a date")
            raise missing(ctx, N_("date"))
        if means_none(text):
            values["seal_until" if key == "seal" else key] = None
            continue
        day = parse_date(text, today=now, lang=ctx.lang, past=key in ("signed", "seal"))
        if key == "seal":
            years = programme(group.programme).certificate_years
            values["seal_until"] = day + relativedelta(years=years)
            continue
        if DATES[key].future:
            require_future(day, now, ctx.lang)
        values[key] = day
    worked_out = _plan_from_size(ctx, group, values) if "inhabitants" in options else []
    kept = group.plan_due_on
    if values.get("signed") and "plan" not in values and kept and group.programme == KFK.key:
        worked_out.append(
            ctx.t(
                N_(
                    "The action plan stays due on {date}; inhabitants=<number> works it out "
                    "again from the new day of signing."
                ),
                date=format_date(kept, ctx.lang),
            )
        )
    for key, value in values.items():
        setattr(group, DATES[key].column, value)
    worked_out += _out_of_order(ctx, group, values.keys())
    return worked_out


#: An action plan due before the signing ({plan}, {signed}), in every programme.
PLAN_BEFORE_SIGNING = N_(
    "So the action plan is due on {plan}, before the signing of the agreement on {signed}. Is "
    "a date wrong? /programme plan=<date> or signed=<date> puts it right."
)


def _date_order(prog: Programme) -> tuple[tuple[str, str, str], ...]:
    """The order the programme's dates keep: each pair (the earlier, the later) with the line
    that questions it the other way round. The seal (certificate) counts by its award."""
    return (
        ("signed", "plan", PLAN_BEFORE_SIGNING),
        ("plan", "interim", prog.wording.report_before_plan),
        ("signed", "seal", prog.wording.award_before_signing),
    )


def _out_of_order(ctx: Context, group: Group, changed: Iterable[str]) -> list[str]:
    """The lines that say a date just set comes before one it follows, as the dates read (a
    seal awarded before the signing, a report due before the action plan…): a date typed
    wrong, most likely. Kept all the same, as a new agreement may follow an earlier seal."""
    prog = programme(group.programme)
    seal = group.seal_until
    days = {
        "signed": group.signed_on,
        "plan": group.plan_due_on,
        "interim": group.interim_report_on,
        "seal": seal - relativedelta(years=prog.certificate_years) if seal else None,
    }
    # as the messages name them: {signed}, {plan}, {report}, {awarded}
    shown = {
        {"interim": "report", "seal": "awarded"}.get(key, key): format_date(day, ctx.lang)
        for key, day in days.items()
        if day is not None
    }
    touched = {"seal" if key == "seal_until" else key for key in changed}
    lines = []
    for earlier, later, message in _date_order(prog):
        first, then = days[earlier], days[later]
        if touched & {earlier, later} and first and then and then < first:
            lines.append(ctx.t(message, **shown))
    return lines


def _plan_from_size(ctx: Context, group: Group, values: dict[str, date | None]) -> list[str]:
    """Put the KFK action plan's due date into ``values``; the line saying how."""
    text = ctx.options["inhabitants"].replace(".", "").replace(" ", "")
    if not text.isdecimal() or not 0 < int(text) <= MAX_INHABITANTS:
        raise InvalidValue(
            N_("“{text}” is not a number of inhabitants. Example: inhabitants=35000"),
            text=ctx.options["inhabitants"][:40],
        )
    if group.programme != KFK.key:
        raise CommandError(
            N_(
                "Only the Kinderfreundliche Kommune sets the action plan's date by the town's "
                "size. Give it with plan=<date>."
            )
        )
    if "plan" in values:
        return []  # said outright: that date counts
    signed = values.get("signed", group.signed_on)
    if signed is None:
        raise UsageError(
            N_("To work out when the action plan is due I need the day of signing: signed=<date>")
        )
    inhabitants = int(text)
    months = round(kfk_timeline(inhabitants)[1] * 12)
    due = signed + relativedelta(months=months)
    if due < today(ctx):  # signed long ago: that date has passed, the signing date still counts
        return [
            ctx.t(
                N_(
                    "For {inhabitants} inhabitants the action plan was due {months} months "
                    "after signing, on {date}: that has passed. Give its date now with "
                    "plan=<date>."
                ),
                months=months,
                inhabitants=format_decimal(inhabitants, locale=ctx.lang),
                date=format_date(due, ctx.lang),
            )
        ]
    values["plan"] = due
    return [
        ctx.t(
            N_(
                "The action plan is due {months} months after signing, for {inhabitants} inhabitants."
            ),
            months=months,
            inhabitants=format_decimal(inhabitants, locale=ctx.lang),
        )
    ]


async def _switch(ctx: Context, group: Group, new: Programme) -> list[str]:
    """Change the programme; the fields of action follow it except those still in use."""
    if new.key == group.programme:
        return [
            ctx.t(
                N_("The programme of {group} is already: {programme}."),
                group=group.name,
                programme=ctx.t(new.title),
            )
        ]
    existing = await repo.fields_of(ctx.session, group.id)
    wanted = [(f, False) for f in new.fields] + [(f, True) for f in new.optional_fields]
    by_name = {fold(f.name): f for f in existing}
    used = await repo.field_users(ctx.session, group.id)
    kept_in_use = []
    if new is not CUSTOM:  # an own programme keeps every field there is
        wanted_names = {fold(name) for name, _ in wanted}
        gone = [f for f in existing if fold(f.name) not in wanted_names and f.id not in used]
        kept_in_use = [f for f in existing if fold(f.name) not in wanted_names and f.id in used]
        if gone:
            await ctx.session.execute(
                delete(FieldOfAction).where(FieldOfAction.id.in_([f.id for f in gone]))
            )
    position = 0
    for name, optional in wanted:
        position += 1
        field = by_name.get(fold(name))
        if field is None:
            ctx.session.add(
                FieldOfAction(group_id=group.id, position=position, name=name, optional=optional)
            )
        else:
            field.position, field.optional = position, optional
    for field in kept_in_use:
        position += 1
        field.position = position
    group.programme, group.phase = new.key, new.phase(group.phase).key
    lines = [
        ctx.t(
            N_("The programme of {group} is now: {programme}."),
            group=group.name,
            programme=ctx.t(new.title),
        )
    ]
    names = [name for name, optional in wanted if not optional] + [f.name for f in kept_in_use]
    names = [shown_field(ctx.tr, name) for name in names]
    if new is CUSTOM:  # every field stays, optional ones marked as /fields marks them
        names = [
            shown_field(ctx.tr, f.name) + (" " + ctx.t(N_("(optional)")) if f.optional else "")
            for f in existing
        ]
    if names:
        lines.append(ctx.t(N_("Fields of action:")))
        lines += [f"• {name}" for name in names]
    if kept_in_use:
        lines.append(
            ctx.t(
                N_("Kept because measures or ideas use them: {fields}"),
                fields=", ".join(shown_field(ctx.tr, f.name) for f in kept_in_use),
            )
        )
    return lines


#: /programme as a Familiengerechte Kommune uses it: its annual report and certificate (and no
#: town size, which only the Kinderfreundliche Kommune goes by).
FGK_USAGE = N_(
    "/programme [kfk|fgk|custom] [phase=<phase>] [signed=<date>] [plan=<date>] "
    "[annual=<date>] [certificate=<date awarded>|certificate_until=<date>]"
)


#: /programme in a group's own programme: no town size either.
OWN_USAGE = N_(
    "/programme [kfk|fgk|custom] [phase=<phase>] [signed=<date>] [plan=<date>] "
    "[interim=<date>] [seal=<date awarded>|seal_until=<date>]"
)


def _usage_in(ctx: Context) -> str | None:
    """/programme's usage in a Familiengerechte Kommune or a group's own programme (/help, a
    refusal's usage line): the town's size counts only in a Kinderfreundliche Kommune."""
    if ctx.group is None:
        return None
    return {FGK.key: FGK_USAGE, CUSTOM.key: OWN_USAGE}.get(ctx.group.programme)


def commands() -> list[Command]:
    return [
        Command(
            name="programme",
            aliases=("programm", "program"),
            handler=programme_command,
            summary=N_("the programme and its dates: action plan, reports, seal or certificate"),
            usage=N_(
                "/programme [kfk|fgk|custom] [phase=<phase>] [signed=<date>] "
                "[inhabitants=<number>] [plan=<date>] [interim=<date>] "
                "[seal=<date awarded>|seal_until=<date>]"
            ),
            usage_in=_usage_in,
            params=(Param("programme", kind="words", required=False, label=N_("programme")),),
            options={
                "phase": "phase",
                "schritt": "phase",
                "step": "phase",
                "signed": "signed",
                "unterzeichnet": "signed",
                "unterzeichnung": "signed",
                "inhabitants": "inhabitants",
                "einwohner": "inhabitants",
                "plan": "plan",
                "aktionsplan": "plan",
                "interim": "interim",
                "zwischenbericht": "interim",
                "annual": "interim",
                "jahresbericht": "interim",
                "seal": "seal",
                "siegel": "seal",
                "zertifikat": "seal",
                "certificate": "seal",
                "seal_until": "seal_until",
                "siegel_bis": "seal_until",
                "zertifikat_bis": "seal_until",
                "certificate_until": "seal_until",
            },  # fmt: skip
            date_options=frozenset({"signed", "plan", "interim", "seal", "seal_until"}),
            text_options=frozenset({"phase"}),  # phase=action plan
            roles=MEMBERS,
            listed=not_for_youth,
        )
    ]
