"""Maintaining measures: /edit, /assign, /due, /milestone, /status and /history."""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable
from datetime import date

from bot.arguments import missing, number_last, number_word, parse_number
from bot.context import Context
from bot.errors import CommandError, UsageError
from bot.fields import match_field
from bot.i18n import N_
from bot.measure_fields import (
    FIELD,
    STAFF_FIELDS,
    edit_keys,
    parse_value,
    plain,
    require_spec,
    spec_for,
)
from bot.parsing import (
    figure_of,
    fold,
    means_none,
    option_of,
    spellings,
    tokenize,
    unquote,
)
from bot.registry import Command, Handler, Param, not_for_youth
from bot.roles import (
    COORDINATOR,
    COORDINATORS,
    EDITORS,
    MEMBER,
    MEMBERS,
    OBSERVER,
    ROLE_NAMES,
    ROLE_WORDS,
    YOUTH,
)
from bot.scheduling import replan
from bot.statuses import ADOPTED, DONE, IN_PROGRESS, STATUS_NAMES, status_and_note
from bot.transitions import YOUTH_REPORTS, YOUTH_WAITS, allowed, next_steps, steps_between
from bot.values import format_date, format_datetime, parse_date, require_future
from bot.values.text import shortened
from commands.common import (
    CONTACT_CHANGES_IN_DIRECT_CHAT,
    EDITED_CONTACT_IN_DIRECT_CHAT,
    FORMER_MEMBER,
    contact_withheld_here,
    coordinator_sees_minors,
    hidden_here,
    is_hidden_minor,
    minors_unnamed,
    name_for_coordinator,
    recorded_name,
    shown_name,
    staff_reads,
)
from commands.measure_changes import (
    Change,
    apply,
    check_dates,
    diff,
    field_label,
    field_names,
    new_value_only,
    require_planned,
    show_note,
    show_value,
    today,
)
from commands.measure_search import number_named
from commands.measures import measure_or_fail
from commands.membership import (
    find_member,
    fits_several,
    former_member_called,
    former_member_named,
    members_called,
    named_like,
    seen_first,
)
from commands.milestones import actions as milestone_actions
from commands.milestones import milestone
from commands.nudge_answers import close_handed_over_nudges
from commands.privacy import FORGOTTEN, REMOVED_FORGOTTEN
from commands.responsible_notice import (
    tell_due_changed,
    tell_responsible,
    tell_status_to_responsible,
)
from commands.steering_echo import (
    tell_due_moved,
    tell_office_set,
    tell_responsible_set,
    tell_statuses,
)
from commands.youth import tell_youth_about_status
from storage.models import Measure, Membership, Person
from storage.repo import groups as group_repo
from storage.repo import measures as repo
from storage.repo import people

MAX_NOTE = 1000
NUMBER_IN_WORDS = N_(
    "“{text}” is not a number. /measures {text} lists the measures with that word."
)
MAX_HISTORY = 40
# A day typed without its year: "27.12.", "27.12", "1.1."
_DAY_MONTH = re.compile(r"\d{1,2}\.\s?\d{1,2}\.?")
# Who made a coordinator with ``steerbot groups coordinator``, in the group's history.
OPERATOR = N_("the bot's operator")
# After a contact typed into a group chat that not only members read (see contact_typed_here).
CONTACT_IN_DIRECT_CHAT_BETTER = N_(
    "Contact details are better given to me in a direct chat: not everyone here may read them."
)
# What people type to take a measure on themselves: "/zuweisen 3 ich", "/assign 3 me".
_SELF_WORDS = frozenset(
    {"ich", "mich", "mir", "selbst", "ich selbst", "mich selbst", "me", "myself"}
)
# "/zuweisen 1 amt=Ben", "/assign 1 office=Ben": an office, not someone to find or invite.
_OFFICE_TYPED = re.compile(r"^(?:amt|office|federführung|federfuehrung)\s*[=:]\s*", re.I)
# One word in lower case, as a first name is typed quickly ("ben", "jürgen", "anne-marie").
_FIRST_NAME = re.compile(r"[a-zäöüß][a-zäöüßéè]{1,11}(?:-[a-zäöüßéè]{2,12})?")
# How the names of offices and organisations end (in lower case): "bauamt", "jugendring".
_OFFICE_ENDINGS = (
    "amt",
    "ring",
    "verein",
    "büro",
    "buero",
    "stelle",
    "rat",
    "ei",
    "wehr",
    "schaft",
    "ung",
    "hilfe",
    "dienst",
    "werk",
    "schule",
    "kreis",
    "zentrum",
    "haus",
    "referat",
    "verband",
    "bund",
    "forum",
    "netz",
    "team",
    "gruppe",
    "meister",
    "meisterin",
    "treff",
    "office",
    "council",
    "department",
    "stadt",
    "gemeinde",
    "kita",
    "pflege",
    "arbeit",
    "kirche",
    "jugend",
)
# A salutation before a member's name: "/zuweisen 1 Frau Becker" means the member Becker.
_SALUTATION = re.compile(r"^(?:frau|herr|fr\.|hr\.|dr\.|prof\.|mrs\.?|mr\.?|ms\.?)\s+", re.I)
# A role's name, which is nobody's office: "/zuweisen 2 Jugendvertretung" asks who is meant.
_ROLE_TYPED = {
    **ROLE_WORDS,
    "youth representative": YOUTH,
    "youth representatives": YOUTH,
    "jugendvertreterinnen": YOUTH,
    "coordinators": COORDINATOR,
    "koordinatoren": COORDINATOR,
    "koordinatorinnen": COORDINATOR,
    "members": MEMBER,
    "mitglieder": MEMBER,
    "guest": OBSERVER,
    "guests": OBSERVER,
    "gaste": OBSERVER,
    "gaeste": OBSERVER,
    "observers": OBSERVER,
}


def read_pairs(text: str) -> list[tuple[str, str]]:
    """``amt=Jugendamt ende=Ende Juni`` → [("amt", "Jugendamt"), ("ende", "Ende Juni")].

    A value runs up to the next ``key=``, as it was typed (quotes and commas in it stay; runs
    of spaces and line breaks become one space); quotes around a whole value keep a ``key=``
    in it from starting a new pair, and go.
    """
    tokens = tokenize(text)
    if tokens and option_of(tokens[0]) is None:
        raise UsageError(N_("I did not understand “{extra}”."), extra=tokens[0].value[:80])
    keyed = [(t, option[0]) for t in tokens if (option := option_of(t)) is not None]
    pairs = []
    for i, (token, key) in enumerate(keyed):
        start = text.index("=", token.start) + 1
        end = keyed[i + 1][0].start if i + 1 < len(keyed) else len(text)
        pairs.append((key, unquote(" ".join(text[start:end].split()))))
    return pairs


def _equals_forgotten(text: str) -> str | None:
    """For ``ziel Spielgeräte erneuern`` (or ``ziel: …``), a field's name and its value
    without the "=" between them: ``ziel=Spielgeräte erneuern``, shortened; else None."""
    tokens = tokenize(text)
    if len(tokens) < 2 or option_of(tokens[0]) is not None or tokens[0].quoted:
        return None
    key = tokens[0].value.rstrip(":")
    spec = spec_for(key) if key else None
    if spec is None or not spec.editable:
        return None
    return shortened(f"{key}={' '.join(text[tokens[1].start :].split())}", 80)


#: Field names people type for the person responsible, which /assign sets (folded).
RESPONSIBLE_KEYS = frozenset(
    {
        *("responsible", "responsible_person", "person_responsible", "assignee", "owner"),
        *("verantwortlich", "verantwortliche", "verantwortlicher", "verantwortung"),
        "person",
    }
)


def is_responsible_key(key: str) -> bool:
    """Whether ``key`` (of ``key=value``) names the person responsible, which /assign sets."""
    return fold(key).replace(" ", "_") in RESPONSIBLE_KEYS


def assign_line(ctx: Context) -> str:
    """/assign as the reader types it (/zuweisen in German)."""
    command = ctx.services.registry.get("assign")
    return "/" + (command.local_name(ctx.lang) if command is not None else "assign")


async def checked_values(
    ctx: Context,
    group_id: int,
    pairs: list[tuple[str, str]],
    number: str,
    nothing: str = N_("Nothing was changed:\n{problems}"),
) -> dict[str, object]:
    """The fields ``pairs`` set (attribute → value), each read and checked as /edit does; one
    refusal (``nothing``) naming every problem when any is wrong. ``number``: the measure's,
    for the /assign line a person named as a field is answered with."""
    problems: list[str] = []
    values: dict[str, object] = {}
    fields = await group_repo.fields_of(ctx.session, group_id)
    for key, text in pairs:
        try:
            if is_responsible_key(key):  # a person is no field
                raise CommandError(
                    N_("The person responsible is set with {command}"),
                    command=shortened(f"{assign_line(ctx)} {number} {text}", 80),
                )
            spec = require_spec(key, lang=ctx.lang)
            if spec.attr in values:
                raise CommandError(N_("The field {name} is given twice."), name=key)
            value = parse_value(spec, text, today=today(ctx), lang=ctx.lang, typed=True)
            if spec.attr == "due_on" and isinstance(value, date):
                require_future(value, today(ctx), ctx.lang)  # as /due: a deadline lies ahead
            if spec.kind == FIELD and value is not None:
                value = match_field(str(value), fields, ctx.tr).id
            values[spec.attr] = value
        except CommandError as exc:
            problems.append(f"• {key}: {ctx.t(exc.message, **exc.params)}")
    if problems:
        raise CommandError(nothing, problems="\n".join(problems))
    return values


def fields_in_title(text: str) -> tuple[str, list[tuple[str, str]]]:
    """``Skatepark am Bahnhof kontakt=bauamt@… frist=30.06.2027`` → the text before the first
    ``field=`` a measure has (``Skatepark am Bahnhof``) and the fields after it, read as /edit
    reads them; a ``key=`` that names no field (``E=mc2``) stays in the text."""
    for token in tokenize(text):
        option = option_of(token)
        if option is None:
            continue
        key = option[0]
        if spec_for(key) is not None or is_responsible_key(key):
            return text[: token.start].rstrip(), read_pairs(text[token.start :])
    return text, []


async def edit(ctx: Context) -> None:
    """/edit <id> field=value …: every value is checked before anything is changed."""
    measure = await measure_or_fail(ctx, ctx.params["number"])
    forgot = _equals_forgotten(ctx.params.get("text") or "")
    if forgot is not None:  # "/bearbeite 1 ziel Spielgeräte erneuern"
        raise UsageError(
            N_("Between the field and its value goes a “=”: {example}"),
            example=f"{ctx.as_typed} {measure.number} {forgot}",
        )
    pairs = read_pairs(ctx.params.get("text") or "")
    if not pairs:  # "/edit 3": which fields there are
        raise UsageError(
            N_("Something is missing: what to change, as field=value. Fields: {names}"),
            names=edit_keys(ctx.lang),
        )
    typed_here = await contact_typed_here(ctx, pairs)  # before a refusal: it removes too
    values = await checked_values(ctx, measure.group_id, pairs, str(measure.number))
    if values.get("due_on") is not None:
        require_planned(measure)
    check_dates(measure, values, ctx.lang)
    changes = diff(measure, values)
    aside = ["\n" + ctx.t(CONTACT_IN_DIRECT_CHAT_BETTER)] if typed_here else []
    if not changes:
        text = ctx.t(
            N_("Measure {number} already has these values; nothing changed."),
            number=measure.number,
        )
        ctx.reply("".join([text, *aside]))
        return
    await apply(ctx, measure, changes)
    await replan(ctx.services, ctx.session, measure.group_id, ctx.now)  # nudges follow at once
    names = await field_names(ctx, measure.group_id)
    lines = [
        ctx.t(N_("Measure {number} “{title}” changed:"), number=measure.number, title=measure.title)
    ]
    # The contact's old and new value only where its history shows them (as /history). A
    # contact given here was asked about by contact_typed_here (withheld where it took the
    # message out); asked again, it would cost a second statement.
    withheld = any(c.attr in STAFF_FIELDS for c in changes) and (
        typed_here
        or (not contact_given(pairs) and (not staff_reads(ctx) or await contact_withheld_here(ctx)))
    )
    for change in changes:
        name = "field" if change.attr == "field_id" else change.attr
        if withheld and name in STAFF_FIELDS:
            lines.append(f"• {field_label(ctx.tr, name)}")
            continue
        old = show_value(ctx.tr, name, plain(change.old), names)
        new = show_value(ctx.tr, name, plain(change.new), names)
        lines.append(f"• {field_label(ctx.tr, name)}: {old} → {new}")
    if withheld:
        lines.append(ctx.t(EDITED_CONTACT_IN_DIRECT_CHAT, number=measure.number))
    ctx.reply("\n".join(lines) + "".join(aside))
    await tell_due_changed(ctx, measure, changes)
    moved = next((c for c in changes if c.attr == "due_on"), None)
    if ctx.is_direct and moved is not None and moved.old is not None and moved.new is not None:
        # As /due typed in a direct chat: the group chat hears a due date moved (a first one,
        # or one removed, is the coordination's planning and stays here).
        assert isinstance(moved.old, date)
        await tell_due_moved(ctx, measure, moved.old)
    if ctx.is_direct and any(c.attr == "lead_office" for c in changes):
        # As /assign naming an office typed in a direct chat: the group chat hears it.
        await tell_office_set(ctx, measure)


async def contact_typed_here(ctx: Context, pairs: list[tuple[str, str]]) -> bool:
    """Whether ``pairs`` give a contact in a group chat that youth representatives or guests
    read along (or the youth chat), where the answer leaves it out: then the message is taken
    out of the chat where the bot may (else its sender is asked to delete it, see
    ``Context.confidential``), and the answer says that contact details belong in a direct
    chat. Asked of the database only when a contact was typed."""
    if ctx.is_direct or not contact_given(pairs):
        return False
    if staff_reads(ctx) and not await contact_withheld_here(ctx):
        return False
    ctx.confidential = True
    return True


def contact_given(pairs: list[tuple[str, str]]) -> bool:
    """Whether ``pairs`` give a measure's contact (not "none", which removes it)."""
    return any(
        (spec := spec_for(key)) is not None
        and spec.attr in STAFF_FIELDS
        and text.strip()
        and not means_none(text)
        for key, text in pairs
    )


async def assign(ctx: Context) -> None:
    """/assign <id> <member or office>: a member becomes responsible, anything else is the
    lead office."""
    measure = await measure_or_fail(ctx, ctx.params["number"])
    before = (measure.responsible_id, measure.lead_office)
    await assign_to(ctx, measure, ctx.params["who"], f"{ctx.as_typed} {measure.number}", ctx.reply)
    if not ctx.is_direct:
        return
    # Typed in a direct chat: the group chat hears it, as it hears /due and /status from there.
    if measure.responsible_id != before[0]:
        person = (
            await people.person_by_id(ctx.session, measure.responsible_id)
            if measure.responsible_id is not None
            else None
        )
        await tell_responsible_set(ctx, measure, person)
    elif measure.lead_office != before[1]:
        await tell_responsible_set(ctx, measure, None, office=bool(measure.lead_office))


async def assign_to(
    ctx: Context, measure: Measure, typed: str, command: str, say: Callable[[str], None]
) -> None:
    """Make the member ``typed`` names responsible for ``measure`` (anything else is its lead
    office), as /assign does; ``say`` gets the answer, ``command`` (``/zuweisen 3``) begins the
    lines a refusal offers to type."""
    who = " ".join(typed.split()).lstrip("@")
    # "/zuweisen 1 amt=Ben": an office, whatever it looks like (not a person to invite)
    as_office = _OFFICE_TYPED.match(who)
    if as_office is not None:
        who = who[as_office.end() :].strip()
    if not who:  # "@" alone: a mention begun and not finished names nobody
        raise missing(ctx, N_("member or office"))
    if len(who) > 200:
        raise CommandError(
            N_("“{label}” is too long ({length} characters, at most {limit})."),
            label="amt",
            length=len(who),
            limit=200,
        )
    members = await people.members_of(ctx.session, measure.group_id)
    # A coordinator's direct chat finds the minors its /members names, by the start of the name.
    named = coordinator_sees_minors(ctx)
    found = (
        []
        if as_office
        else named_like(ctx, members, fold(who), minors_named=named)
        or _addressed(ctx, members, who)
    )
    if len(found) != 1 and not as_office:
        # Two called "Ben Müller" (or nobody called so): the user id /members shows beside
        # each, or a platform's name, picks one, as /role finds them.
        # A user id is as plain as a whole name, which finds a minor whose name is hidden too.
        called = seen_first(ctx, await members_called(ctx.session, members, fold(who)))
        if len(called) == 1:
            found = called
    if (
        not found and not as_office and fold(who) in _SELF_WORDS
    ):  # "/zuweisen 3 ich": not an office called "ich"
        me = ctx.require_person()
        found = [(p, m) for p, m in members if p.id == me.id]
    if not found and not as_office:
        role = next((_ROLE_TYPED[s] for s in spellings(who) if s in _ROLE_TYPED), None)
        if role is not None:
            raise _role_meant(ctx, measure, who, role, members, command)
    found = seen_first(ctx, found)
    exact = [p for p, _ in found]
    if len(exact) > 1:
        raise fits_several(ctx, who, exact)
    if not exact and not as_office and means_none(who):
        await _clear_responsible(ctx, measure, say)
        return
    require_planned(measure, done_too=False)  # who did a done measure may still be recorded
    if len(exact) == 1:
        person, membership = found[0]
        if membership.role == OBSERVER:
            raise CommandError(
                N_(
                    "{name} is a guest in this group and cannot report on a measure. Give "
                    "{name} another role first (/role {name} member), or name an office."
                ),
                name=shown_name(ctx, person),
            )
        old = (
            await people.person_by_id(ctx.session, measure.responsible_id)
            if measure.responsible_id
            else None
        )
        if measure.responsible_id == person.id:
            say(
                ctx.t(
                    N_("Measure {number} already has these values; nothing changed."),
                    number=measure.number,
                )
            )
            return
        await set_responsible(ctx, measure, old, person)
        await replan(ctx.services, ctx.session, measure.group_id, ctx.now)
        say(
            ctx.t(
                N_("{name} is now responsible for measure {number} “{title}”."),
                name=name_for_coordinator(ctx, person),
                number=measure.number,
                title=measure.title,
            )
        )
        await tell_responsible(ctx, measure, old, person)
        return
    if await former_member_named(ctx, measure.group_id, who):
        # Kept as an office, the name of someone who left (maybe a youth representative under
        # 16, whose name the group never saw) would stand in the plan and its exports.
        raise CommandError(
            N_(
                "This person is no longer in the steering group, so I do not enter the name for "
                "measure {number}. Name a current member (/members lists them) or an office, "
                "e.g. /assign {number} Jugendamt."
            ),
            number=measure.number,
        )
    similar = _named_similarly(ctx, who, [p for p, _ in members])
    if as_office is None and similar is None and _looks_like_a_first_name(who):
        # "/zuweisen 1 ben" before Ben joined: a person to invite, more likely than an office
        name = who[:1].upper() + who[1:]
        raise CommandError(
            N_(
                "{name} is not (yet) in the group. To enter it as the lead office: {command} "
                "office={name} — or invite {name}: /invite member"
            )
            if ctx.role in COORDINATORS
            else N_(
                "{name} is not (yet) in the group. To enter it as the lead office: {command} "
                "office={name} — or ask the coordinators to invite {name}."
            ),
            name=name,
            command=command,
        )
    changes = diff(measure, {"lead_office": who})
    await apply(ctx, measure, changes)
    text = ctx.t(
        N_("Lead office of measure {number} “{title}”: {office}."),
        number=measure.number,
        title=measure.title,
        office=who.rstrip(".") or who,  # "Amt f. Schule." does not end in two stops
    )
    if measure.responsible_id is not None:
        # "/assign 2 Carla" for a colleague not in the group sets an office: whoever meant to
        # hand the measure over would otherwise go on getting its nudges without knowing why.
        kept = await people.person_by_id(ctx.session, measure.responsible_id)
        text += "\n" + ctx.t(
            N_(
                "{name} stays responsible for it (only a member of the group can take it "
                "over: /members)."
            ),
            name=shown_name(ctx, kept),
        )
    if similar is not None:  # a typo in a name becomes an office otherwise, unnoticed
        text += "\n" + ctx.t(
            N_("No member is called “{who}”. Did you mean {name}? Then: /assign {number} {name}"),
            who=who,
            name=similar,
            number=measure.number,
        )
    say(text)


def _looks_like_a_first_name(typed: str) -> bool:
    """Whether ``typed`` (no member's name) is more likely a person not yet in the group than
    an office: one short word typed in lower case ("ben"), not an abbreviation and not ending
    as offices and organisations do ("bauamt", "stadtjugendring", "polizei")."""
    return bool(_FIRST_NAME.fullmatch(typed)) and not typed.endswith(_OFFICE_ENDINGS)


def _addressed(
    ctx: Context, members: list[tuple[Person, Membership]], typed: str
) -> list[tuple[Person, Membership]]:
    """The members ``typed`` names with a salutation ("Frau Becker", "Herr Dr. Weber", "Mr
    Weber"): by the name after it, whole or its start, or by the last name; [] without one. A
    minor whose name this chat hides is found by the whole name only (see ``named_like``)."""
    name = typed
    while (match := _SALUTATION.match(name)) is not None:
        name = name[match.end() :]
    if name == typed or not name.strip():
        return []
    wanted = fold(name)
    return named_like(ctx, members, wanted) or [
        (p, m)
        for p, m in members
        if p.forgotten_at is None
        and p.display_name
        and not hidden_here(ctx, p)
        and wanted in spellings(p.display_name.split()[-1])
    ]


def _role_meant(
    ctx: Context,
    measure: Measure,
    typed: str,
    role: str,
    members: list[tuple[Person, Membership]],
    command: str,
) -> CommandError:
    """The answer to "/zuweisen 2 Jugendvertretung": a role is not an office; who has it, each
    with the line to type."""
    example = {"number": measure.number, "typed": typed[:60]}
    if role == OBSERVER:
        return CommandError(
            N_(
                "“{typed}” is a role in the group, not an office, and a guest cannot be "
                "responsible for a measure. Name a member (/members lists them) or an office, "
                "e.g. /assign {number} Jugendamt."
            ),
            **example,
        )
    holders = [p for p, m in members if m.role == role and p.forgotten_at is None]
    shown = [p for p in holders if not hidden_here(ctx, p)]
    lines = [f"{command} {shown_name(ctx, p)}" for p in shown]
    hidden = len(holders) - len(shown)
    if hidden:  # a minor's name this chat does not show: the coordination knows it
        lines.append(
            ctx.tn(
                "{n} youth representative whose name is not shown here: {command} <whole name>",
                "{n} youth representatives whose names are not shown here: {command} <whole name>",
                hidden,
                command=command,
            )
        )
    if not lines:
        return CommandError(
            N_(
                "“{typed}” is a role in the group, not an office, and nobody in the group has "
                "it yet. Name a member (/members lists them) or an office, e.g. /assign {number} "
                "Jugendamt."
            ),
            **example,
        )
    return CommandError(
        N_("“{typed}” is a role in the group, not an office. Who is meant?\n{lines}"),
        typed=typed[:60],
        lines="\n".join(lines),
    )


def _named_similarly(ctx: Context, typed: str, persons: list[Person]) -> str | None:
    """The name of a member that ``typed`` looks like a typo of (never a name this chat may
    not show: a hidden minor's, see ``hidden_here``)."""
    shown = {
        fold(p.display_name): p.display_name
        for p in persons
        if p.display_name and p.forgotten_at is None and not hidden_here(ctx, p)
    }
    wanted = fold(typed)
    # A member's name beside an office ("Jugendamt Ben"), or with two letters swapped ("Bne").
    close = [word for word in wanted.split()[1:] + wanted.split()[:1] if word in shown]
    close += [name for name in shown if _letters_swapped(wanted, name)]
    # A short name has few letters to match: one wrong of three ("Bem") is still close.
    cutoff = 0.75 if len(wanted) > 4 else 0.66
    close = close or difflib.get_close_matches(wanted, list(shown), n=1, cutoff=cutoff)
    return shown[close[0]] if close else None


def _letters_swapped(a: str, b: str) -> bool:
    """Whether ``a`` is ``b`` with two neighbouring letters swapped."""
    if len(a) != len(b):
        return False
    differ = [i for i, (x, y) in enumerate(zip(a, b, strict=True)) if x != y]
    return (
        len(differ) == 2
        and differ[1] == differ[0] + 1
        and (a[differ[0]], a[differ[1]]) == (b[differ[1]], b[differ[0]])
    )


async def due(ctx: Context) -> None:
    """/due <id> <date>|keine: dates in the past are refused."""
    measure = await measure_or_fail(ctx, ctx.params["number"])
    day = None  # "/frist 3 keine": the due date goes, and the reminders about it
    if not means_none(ctx.params["date"]):
        require_planned(measure)
        day = parse_date(ctx.params["date"], today=today(ctx), lang=ctx.lang)
        require_future(day, today(ctx), ctx.lang)
    elif measure.due_on is None:
        raise CommandError(N_("Measure {number} has no due date."), number=measure.number)
    before = measure.due_on
    changes = diff(measure, {"due_on": day})
    await apply(ctx, measure, changes)
    await replan(ctx.services, ctx.session, measure.group_id, ctx.now)
    if day is None:
        text = N_("Measure {number} “{title}” has no due date any more.")
    else:
        text = N_("Measure {number} “{title}” is due on {date}.")
    reply = ctx.t(
        text,
        number=measure.number,
        title=measure.title,
        date=format_date(day, ctx.lang) if day else "",
    )
    typed = ctx.params["date"].strip()
    if day is not None and _DAY_MONTH.fullmatch(typed) and (day - today(ctx)).days > 300:
        # "/frist 2 27.12." on 28 December: the next 27 December is a year ahead, likely a slip
        reply += " " + ctx.t(
            N_("({typed} has passed this year, hence {year}.)"), typed=typed, year=day.year
        )
    ctx.reply(reply)
    await tell_due_changed(ctx, measure, changes)
    if ctx.is_direct and before is not None and day is not None and day != before:
        # Moved in a direct chat (typed, or a nudge's "later"): the group chat hears it, as it
        # would have seen it typed there. Setting the first due date or removing it is the
        # coordination's planning, and stays in the direct chat.
        await tell_due_moved(ctx, measure, before)


async def set_responsible(
    ctx: Context, measure: Measure, old: Person | None, new: Person | None, *, note: str = ""
) -> None:
    """Make ``new`` (or nobody) the responsible member, with its audit entry (and ``note``,
    e.g. "Import, Zeile 4")."""
    measure.responsible_id = new.id if new is not None else None
    measure.updated_at = ctx.now
    await repo.record_event(
        ctx.session,
        measure.id,
        actor_id=ctx.require_person().id,
        at=ctx.now,
        field="responsible",
        old=recorded_name(ctx, old) if old else "",
        new=recorded_name(ctx, new) if new else "",
        note=note,
        old_person_id=old.id if old else None,
        new_person_id=new.id if new else None,
    )
    # The nudges of whoever had it no longer fit: their buttons go (edited after commit).
    await close_handed_over_nudges(ctx, measure, new)


async def _clear_responsible(ctx: Context, measure: Measure, say: Callable[[str], None]) -> None:
    """/assign <n> niemand: the member responsible is no longer; where no member is, the lead
    office goes. A lead office beside a member stays, and the answer says so."""
    if measure.responsible_id is None and not measure.lead_office:
        raise CommandError(
            N_("Nobody is responsible for measure {number} yet."), number=measure.number
        )
    old = None
    if measure.responsible_id is not None:
        old = await people.person_by_id(ctx.session, measure.responsible_id)
        await set_responsible(ctx, measure, old, None)
    else:
        await apply(ctx, measure, diff(measure, {"lead_office": ""}))
    await replan(ctx.services, ctx.session, measure.group_id, ctx.now)
    text = ctx.t(
        N_("Nobody is responsible for measure {number} “{title}” any more."),
        number=measure.number,
        title=measure.title,
    )
    if measure.lead_office:
        text += "\n" + ctx.t(
            N_("The lead office stays: {office}. /edit {number} office=none removes it."),
            office=measure.lead_office,
            number=measure.number,
        )
    say(text)
    await tell_responsible(ctx, measure, old, None)


def _youth_may_report(ctx: Context, measure: Measure, new: str) -> None:
    if measure.responsible_id != ctx.require_person().id:
        raise CommandError(
            N_(
                "You can report the status of the measures you are responsible for (/measures "
                "mine). Measure {number} is not one of them."
            ),
            number=measure.number,
        )
    if new not in YOUTH_REPORTS:
        raise CommandError(
            N_(
                "For your measure you can report “{progress}” or “{done}”. Everything else the "
                "steering group decides."
            ),
            progress=ctx.t(STATUS_NAMES[IN_PROGRESS]),
            done=ctx.t(STATUS_NAMES[DONE]),
        )
    if measure.status not in (ADOPTED, IN_PROGRESS, DONE):  # postponed or not yet decided
        raise CommandError(
            YOUTH_WAITS,
            number=measure.number,
            status=ctx.t(STATUS_NAMES[measure.status]),
        )


async def _progress_note(ctx: Context, measure: Measure, note: str) -> str:
    """``/status 1 in progress rooms booked`` on a measure already in progress: whoever reports
    on it means how it is getting on, so the note becomes its progress note (as ``/edit 1
    progress=…``, with its audit entry) instead of being lost with a refusal. Returns the
    answer."""
    await apply(ctx, measure, diff(measure, {"progress_note": note}))
    return ctx.t(
        N_("Measure {number} “{title}” stays {status}. Progress note: {note}"),
        number=measure.number,
        title=measure.title,
        status=ctx.t(STATUS_NAMES[measure.status]),
        note=note,
    )


def _is_numbers(word: str) -> bool:
    """Whether ``word`` is one or more measure numbers ("5", "#5", "Nr.5", "1,2,5", "1,")."""
    return figure_of(word) is not None or (
        any(ch.isdecimal() for ch in word) and not any(ch.isalpha() for ch in word)
    )


def _numbers_in(word: str) -> list[int]:
    return [parse_number(piece) for piece in word.split(",") if piece.strip()]


def numbers_and_status(ctx: Context) -> tuple[list[int], str, str]:
    """The measure numbers, the status word and the rest (the note) of ``/status 1 2 5 adopted
    [note]``; the numbers separated by spaces or commas ("1,2,5", "1, 2, 5"), each once, and
    read as the other commands read a measure's number ("Nr. 2", "Maßnahme 2"; typed last,
    the line to type)."""
    first = ctx.params["number"]
    if isinstance(first, int):  # a nudge's button: one measure
        return [first], ctx.params["status"], ctx.params.get("note") or ""
    parts = (first, ctx.params["status"], ctx.params.get("note") or "")
    text = " ".join(part for part in parts if part)
    tokens = tokenize(text)
    if not tokens:  # only quotes with nothing in them
        raise missing(ctx, N_("number of the measure"))
    param = _number_param("word")
    at = 1 if len(tokens) > 1 and number_word(tokens[0], param) else 0  # "/stand Nr. 2 …"
    typed = tokens[at].value
    if not _is_numbers(typed):
        swapped = number_last(ctx, param, text, tokens, at)  # "/stand umgesetzt 2"
        if swapped:
            raise UsageError(N_("The number comes first: {line}"), line=swapped)
        if any(ch.isalpha() for ch in typed):
            raise UsageError(NUMBER_IN_WORDS, text=typed[:40])
    numbers: list[int] = []
    while at < len(tokens):
        if (
            number_word(tokens[at], param)
            and at + 1 < len(tokens)
            and _is_numbers(tokens[at + 1].value)
        ):
            at += 1  # "/stand Nr. 1 Nr. 2 …"
        elif not _is_numbers(tokens[at].value):
            break
        numbers += _numbers_in(tokens[at].value)
        at += 1
    if not numbers:
        raise UsageError(N_("“{text}” is not a number."), text=typed[:40])
    if at == len(tokens):
        raise missing(ctx, N_("status"))
    note = text[tokens[at + 1].start :] if at + 1 < len(tokens) else ""
    return list(dict.fromkeys(numbers)), tokens[at].value, note.strip()


async def status(ctx: Context) -> None:
    """/status <id> [<id> …] <status> [note] [force]: each measure checked as if alone; with
    several, one line each for what was done and what was refused (with one, a refusal is the
    answer)."""
    numbers, word, rest = numbers_and_status(ctx)
    new, note = status_and_note(word, rest)
    if len(note) > MAX_NOTE:
        raise CommandError(
            N_("The note is too long ({length} characters, at most {limit})."),
            length=len(note),
            limit=MAX_NOTE,
        )
    lines, moved = [], []
    for number in numbers:
        try:
            async with ctx.session.begin_nested():  # a refusal undoes only its own measure
                text, measure, old = await _set_status(ctx, number, new, note)
        except CommandError as refusal:
            if len(numbers) == 1:
                raise
            lines.append(_one_line(ctx, refusal))
            continue
        lines.append(text)
        if old is not None:  # else only its progress note changed
            moved.append((measure, old))
    if moved:
        await replan(ctx.services, ctx.session, ctx.require_group().id, ctx.now)
        if note:
            lines.append(ctx.t(N_("Note: {note}"), note=note))
    ctx.reply("\n".join(lines))
    for measure, old in moved:
        await _tell(ctx, measure, note, old)
    if ctx.is_direct and moved:  # typed or pressed there: the group chat hears them, in one message
        await tell_statuses(ctx, moved)


async def _tell(ctx: Context, measure: Measure, note: str, old: str) -> None:
    """Tell whom a measure's new status concerns: the youth representative who proposed it,
    the person responsible."""
    await tell_youth_about_status(ctx, measure, measure.status, note, old=old)
    await tell_status_to_responsible(ctx, measure, measure.status, note, old=old)


def _one_line(ctx: Context, refusal: CommandError) -> str:
    """A refusal about one of several measures, in one line (the lines to type it names
    joined by "·")."""
    text = ctx.t(refusal.message, **refusal.params)
    if refusal.hint:
        text += "\n" + refusal.hint
    first, *more = text.split("\n")
    return " ".join([first, " · ".join(more)]) if more else first


async def _set_status(
    ctx: Context,
    number: int,
    new: str,
    note: str,
) -> tuple[str, Measure, str | None]:
    """Give measure ``number`` the status ``new`` (or, having it, the progress note
    ``note``); a refusal raises. Returns the answer's line, the measure and its status before
    (None when only its progress note changed); the caller plans the nudges anew (done or
    dropped: none any more) and tells whom it concerns, after the answer."""
    measure = await measure_or_fail(ctx, number)
    if ctx.role == YOUTH:
        _youth_may_report(ctx, measure, new)
    old = measure.status
    if new == old and note:
        return await _progress_note(ctx, measure, note), measure, None
    if new == old:
        raise CommandError(
            N_("Measure {number} is already {status}; nothing was changed."),
            number=measure.number,
            status=ctx.t(STATUS_NAMES[old]),
        )
    forced = bool(ctx.flags & {"force", "erzwingen"})
    if not allowed(old, new):
        if forced and ctx.role != COORDINATOR:
            raise CommandError(N_("Only coordinators can force a status change."))
        if not forced and ctx.role == YOUTH:  # the way back is the coordination's (force)
            raise CommandError(
                N_(
                    "Measure {number} is already {old}. If that was a mistake, ask the "
                    "coordinators to set it back to “{new}”."
                ),
                number=measure.number,
                old=ctx.t(STATUS_NAMES[old]),
                new=ctx.t(STATUS_NAMES[new]),
            )
        way = steps_between(old, new)
        if not forced and way:  # "/stand 3 umgesetzt" on a shortlisted one: adopted first
            command = f"{ctx.as_typed} {measure.number}"
            lines = [f"{command} {ctx.t(STATUS_NAMES[s])}" for s in way]
            lines.append(f"{command} {ctx.t(STATUS_NAMES[new])}" + (f" {note}" if note else ""))
            raise CommandError(
                N_(
                    "Measure {number} cannot go from {old} to {new} directly; first comes "
                    "{steps}:\n{lines}\nA coordinator can add “force”."
                ),
                number=measure.number,
                old=ctx.t(STATUS_NAMES[old]),
                new=ctx.t(STATUS_NAMES[new]),
                steps=", ".join(ctx.t(STATUS_NAMES[s]) for s in way),
                lines="\n".join(lines),
            )
        if not forced:
            steps = ", ".join(ctx.t(STATUS_NAMES[s]) for s in next_steps(old)) or "—"
            raise CommandError(
                N_(
                    "Measure {number} cannot go from {old} to {new} directly. Possible next: {steps}. A coordinator can add “force”."
                ),
                number=measure.number,
                old=ctx.t(STATUS_NAMES[old]),
                new=ctx.t(STATUS_NAMES[new]),
                steps=steps,
            )
    await apply(ctx, measure, [Change("status", old, new)], note=note)
    text = ctx.t(
        N_("Measure {number} “{title}”: {old} → {new}."),
        number=measure.number,
        title=measure.title,
        old=ctx.t(STATUS_NAMES[old]),
        new=ctx.t(STATUS_NAMES[new]),
    )
    return text, measure, old


async def history(ctx: Context) -> None:
    """/history <number or words of its title>: the measure's audit trail, newest last;
    /history <member>: the changes of that member's role; alone, the group's (who changed whose
    role)."""
    what = (ctx.params.get("number") or "").strip()
    if not what:
        await _group_history(ctx)
        return
    if any(ch.isalpha() for ch in what):
        person = await _member_called(ctx, what)
        if person is not None:
            await _group_history(ctx, person)
            return
        former = await former_member_called(ctx, ctx.require_group().id, what)
        if former is not None and not hidden_here(ctx, former):
            await _group_history(ctx, former, former=True)
            return
    measure = await measure_or_fail(ctx, await number_named(ctx, what))
    events = await repo.events_of(ctx.session, measure.id)
    staff = staff_reads(ctx)
    # The contact's changes name what only members may read; in a group chat youth
    # representatives or guests read along, they are for a direct chat.
    withheld = (
        staff and any(e.field in STAFF_FIELDS for e in events) and await contact_withheld_here(ctx)
    )
    if withheld or not staff:
        events = [e for e in events if e.field not in STAFF_FIELDS]
    names = await field_names(ctx, measure.group_id)
    lines = [
        ctx.t(
            N_("History of measure {number} “{title}”:"), number=measure.number, title=measure.title
        )
    ]
    shown = events[-MAX_HISTORY:]
    if len(events) > len(shown):
        lines.append(ctx.t(N_("(only the last {n} changes)"), n=len(shown)))
    people_cache: dict[int, str] = {}
    noted = any(e.note or e.field == "progress_note" for e in shown)  # what names a minor
    unnamed = await minors_unnamed(ctx) if noted else str
    for event in shown:
        if event.actor_id is None:  # an import, or someone since forgotten (/forget)
            who = "—" if event.field == "imported" else ctx.t(FORMER_MEMBER)
        elif event.actor_id in people_cache:
            who = people_cache[event.actor_id]
        else:
            who = people_cache[event.actor_id] = shown_name(
                ctx, await people.person_by_id(ctx.session, event.actor_id)
            )
        when = format_datetime(event.at, ctx.zone, ctx.lang)
        what = field_label(ctx.tr, event.field)
        old, new = event.old, event.new
        if event.field == "progress_note":
            old, new = unnamed(old), unnamed(new)
        if new_value_only(event.field, old, new):
            line = f"{when} · {who} · {what}: {show_value(ctx.tr, event.field, new, names)}"
        else:
            line = f"{when} · {who} · {what}: {show_value(ctx.tr, event.field, old, names)} → {show_value(ctx.tr, event.field, new, names)}"
        if event.note:
            line += f" ({unnamed(show_note(ctx.services.i18n, ctx.tr, event.note))})"
        lines.append(line)
    if withheld:
        command = f"{ctx.as_typed} {measure.number}"
        lines.append(ctx.t(CONTACT_CHANGES_IN_DIRECT_CHAT, command=command))
    ctx.reply("\n".join(lines))


async def _member_called(ctx: Context, typed: str) -> Person | None:
    """The member ``typed`` names, as /role finds them, or None (then the words are a title's);
    a member whose name this chat must not show is not found by it (a coordinator's direct
    chat finds the minors its /members names)."""
    named = coordinator_sees_minors(ctx)
    try:
        person, _membership = await find_member(ctx, typed, minors_named=named)
    except CommandError:
        return None
    if named and is_hidden_minor(ctx, person):
        return person
    return None if hidden_here(ctx, person) else person


async def _group_history(
    ctx: Context, person: Person | None = None, *, former: bool = False
) -> None:
    """/history alone: the audit trail of the group's people (who joined, left, whose role
    changed), newest last; with ``person``, theirs only (``former``: someone who has left)."""
    group = ctx.require_group()
    events = await group_repo.group_events_of(ctx.session, group.id)

    # In a coordinator's direct chat the group's or a member's history names minors as /members
    # there does.
    def name_of(someone: Person | None) -> str:
        if former or someone is None:
            return shown_name(ctx, someone)
        return name_for_coordinator(ctx, someone)

    gone = (
        ctx.t(N_("{name} is no longer in the group."), name=shown_name(ctx, person))
        if former and person is not None
        else ""
    )
    if person is not None:
        events = [e for e in events if e.subject_id == person.id]
        if former and not events:
            ctx.reply(gone)
            return
        if not events:
            ctx.reply(
                ctx.t(
                    N_("The role of {name} in {group} has not been changed yet."),
                    name=name_of(person),
                    group=group.name,
                )
            )
            return
    if not events:
        ctx.reply(
            ctx.t(
                N_(
                    "No role in {group} has been changed yet. /history <number> shows what "
                    "changed in a measure."
                ),
                group=group.name,
            )
        )
        return
    lines = [
        ctx.t(N_("History of {group}:"), group=group.name)
        if person is None
        else ctx.t(N_("Role of {name} in {group}:"), name=name_of(person), group=group.name)
    ]
    if gone:
        lines.insert(0, gone)
    shown = events[-MAX_HISTORY:]
    if len(events) > len(shown):
        lines.append(ctx.t(N_("(only the last {n} changes)"), n=len(shown)))
    names: dict[int | None, str] = {None: ctx.t(FORMER_MEMBER)}  # since forgotten
    for event in shown:
        for person_id in (event.actor_id, event.subject_id):
            if person_id is not None and person_id not in names:
                names[person_id] = name_of(await people.person_by_id(ctx.session, person_id))
        when = format_datetime(event.at, ctx.zone, ctx.lang)
        roles = [ctx.t(ROLE_NAMES[r]) if r in ROLE_NAMES else r for r in (event.old, event.new)]
        if event.field == "joined":
            what = ctx.t(N_("joined (role: {role})"), role=roles[1])
        elif event.field == "left" and event.note == FORGOTTEN:  # by "former member"
            what = ctx.t(N_("left the group, data deleted (role: {role})"), role=roles[0])
        elif event.field == "left" and event.note == REMOVED_FORGOTTEN:
            what = ctx.t(N_("took a member ({role}) out of the group, data deleted"), role=roles[0])
        elif event.field == "left" and event.actor_id == event.subject_id:
            what = ctx.t(N_("left the group (role: {role})"), role=roles[0])
        elif event.field == "left":
            what = ctx.t(
                N_("took {name} ({role}) out of the group"),
                name=names[event.subject_id],
                role=roles[0],
            )
        else:
            what = ctx.t(N_("role of {name}"), name=names[event.subject_id])
            what += f": {roles[0]} → {roles[1]}"
        # a coordinator made by the operator (steerbot groups coordinator) has no actor
        actor = ctx.t(OPERATOR) if event.note == "operator" else names[event.actor_id]
        lines.append(f"{when} · {actor} · {what}")
    ctx.reply("\n".join(lines))


def _number_param(kind: str) -> Param:
    """A measure's number as a command's first parameter (``word``: read by the command)."""
    return Param("number", kind, label=N_("number of the measure"), in_words=NUMBER_IN_WORDS)


def commands() -> list[Command]:
    number = _number_param("int")
    return [
        Command(
            name="edit",
            aliases=("bearbeite", "bearbeiten", "aendern", "ändern"),
            handler=edit,
            summary=N_("change fields of a measure"),
            usage=N_(
                "/edit <number> <field>=<value> … (e.g. office=Jugendamt cost=1500 due=in 2 weeks)"
            ),
            params=(number, Param("text", "text", required=False, label=N_("field=value"))),
            roles=EDITORS,
            help_note=lambda ctx, name: ctx.t(N_("Fields: {names}"), names=edit_keys(ctx.lang)),
        ),
        Command(
            name="assign",
            aliases=("zuweisen", "zustaendig", "zuständig", "verantwortlich"),
            handler=assign,
            summary=N_("make a member or an office responsible"),
            usage=N_("/assign <number> <member or office>"),
            params=(number, Param("who", "text", label=N_("member or office"))),
            roles=EDITORS,
        ),
        Command(
            name="due",
            aliases=("frist",),
            handler=due,
            summary=N_("set the due date of a measure"),
            usage=N_("/due <number> <date>"),
            params=(number, Param("date", "text", label=N_("date"))),
            roles=EDITORS,
        ),
        Command(
            name="milestone",
            aliases=("meilenstein",),
            handler=milestone,
            summary=N_("add a milestone to a measure"),
            usage=N_("/milestone <number> [<date> <text> | reached <n> | remove <n>]"),
            params=(number, Param("text", "text", required=False)),
            roles=EDITORS,
        ),
        Command(
            name="status",
            aliases=("stand",),
            handler=status,
            summary=N_("change the status of a measure"),
            usage=N_("/status <number> [<number> …] <status> [note] [force]"),
            params=(
                # one or more numbers ("1 2 5", "1,2,5"), read by numbers_and_status
                _number_param("word"),
                Param("status", label=N_("status")),
                Param("note", "text", required=False),
            ),
            flags=("force", "erzwingen"),
            roles=EDITORS | {YOUTH},  # youth: only on their own measures, see YOUTH_REPORTS
        ),
        Command(
            name="history",
            aliases=("verlauf", "historie"),
            handler=history,
            summary=N_("what changed in a measure, or whose role"),
            usage=N_("/history [number | words of its title | member]"),
            params=(Param("number", "text", required=False, label=N_("number of the measure")),),
            roles=MEMBERS,
            listed=not_for_youth,
        ),
    ]


__all__ = ["commands", "read_pairs"]


def actions() -> dict[str, Handler]:
    return milestone_actions()
