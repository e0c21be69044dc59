"""Proposing, listing and showing measures."""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date, timedelta
from typing import Any

from sqlalchemy import Row

from bot.arguments import missing
from bot.context import Context
from bot.errors import CommandError
from bot.fields import NO_FIELD, match_field, named_in_words, shown_field, trailing_field
from bot.i18n import N_
from bot.measure_fields import ORIGIN_NAMES, SPECS, STAFF_FIELDS, plain
from bot.parsing import partition_unquoted, unquote
from bot.registry import Command, Param
from bot.roles import CONTRIBUTORS, EVERYONE, MEMBERS, OBSERVER, not_allowed
from bot.scheduling import replan
from bot.statuses import STATUS_NAMES, parse_status
from bot.text_parts import MESSAGE_BUDGET, fill, pack
from bot.values import format_date, shortened
from bot.values.text import with_more
from commands.common import (
    CONTACT_IN_DIRECT_CHAT,
    contact_withheld_here,
    minors_unnamed,
    shown_name,
    staff_reads,
)
from commands.idea_numbers import no_such_measure
from commands.measure_changes import (
    apply,
    check_dates,
    diff,
    field_in_sentence,
    show_value,
    today,
)
from commands.measure_search import NO_MATCH, found, number_named
from commands.same_titles import proposal_note
from storage.models import FieldOfAction, Measure, Milestone
from storage.repo import groups as group_repo
from storage.repo import lifecycle
from storage.repo import measures as repo

MAX_TITLE = 200
# The same proposal again from the same person within this time is a message sent twice.
REPEAT_WINDOW = timedelta(minutes=10)
MAX_DESCRIPTION = 2000
# "/measures overdue": the words, folded as flags are ("überfällig" → "uberfallig").
OVERDUE_WORDS = ("overdue", "uberfallig", "ueberfaellig")
# How much of a title a list shows (cut at a word): /show has it whole.
LIST_TITLE = 80
# A guest proposes nothing; who can, for them.
GUEST_PROPOSES = N_(
    "As a guest you read along and propose nothing yourself. Have an idea? Ask a member "
    "or a coordinator to propose it."
)


# A laugh or an emoticon typed as letters ("xD", "lol", "haha"): no words of an idea.
EMOTICON = re.compile(r"x+[dp]+|l+o+l+|lul|rofl|lmao|omg|(?:h+[aei]+){2,}h*|uwu|owo")


def real_words(title: str) -> bool:
    """Whether ``title`` says something: at least two letters or digits, one of them a letter,
    and a word with letters other than a laugh or an emoticon ("xD", "lol", ":D", "haha",
    "👍", "???", "1" say nothing; "Bank", "WLAN", "5G" and "B96" do)."""
    words = re.findall(r"[^\W_]+", title)
    lettered = [word for word in words if any(c.isalpha() for c in word)]
    if sum(len(word) for word in words) < 2 or not lettered:
        return False
    return not all(EMOTICON.fullmatch(word.casefold()) for word in lettered)


def split_proposal(text: str) -> tuple[str, str, str | None]:
    """``title [#field] | description [#field]`` → (title, description, field or None): the
    field is the last word of the description, or else of the title. A ``|`` in quotes is part
    of the title (``"Spiel | Spaß" | Beschreibung``)."""
    title, _, description = partition_unquoted(text, "|")
    description, field = _trailing_tag(description)
    if field is None:
        title, field = _trailing_tag(title)
    return unquote(" ".join(title.split())), description.strip(), field


def _fields_of_proposal(text: str) -> tuple[str, list[tuple[str, str]]]:
    """The fields (``key=value``) given with a proposal, before or after its ``| description``
    (``Skatepark kontakt=… | am Bahnhof``, ``Skatepark | am Bahnhof kontakt=…``), and the text
    without them: a value runs to the next field or to the ``|``, never into the description."""
    head, sep, tail = partition_unquoted(text, "|")
    head, pairs = _fields_in(head)
    if not sep:
        return head, pairs
    tail, more = _fields_in(tail)
    return f"{head} | {tail.strip()}", [*pairs, *more]


def _fields_in(text: str) -> tuple[str, list[tuple[str, str]]]:
    """The fields in one part of a proposal and the part without them; a ``#field`` after the
    last value (``kontakt=… #beteil``) is the field of action, not part of that value."""
    from commands.measure_edit import fields_in_title

    rest, tag = _trailing_tag(text)
    rest, pairs = fields_in_title(rest)
    if not pairs:
        return text, []
    return f"{rest} {tag}" if tag else rest, pairs


async def _field_of_several_words(
    ctx: Context, title: str, description: str
) -> tuple[FieldOfAction | None, str, str]:
    """A field whose name has spaces, named last in the description or else the title
    ("Sportplatz #Kinderfreundliche Rahmenbedingungen"): (field, title, description) without
    it; (None, title, description) unchanged when no field has that name."""
    fields = await group_repo.fields_of(ctx.session, ctx.require_group().id)
    if found := trailing_field(description, fields):
        return found[1], title, found[0].strip()
    if found := trailing_field(title, fields):
        return found[1], found[0], description
    return None, title, description


def _trailing_tag(text: str) -> tuple[str, str | None]:
    """``Radweg #Mobilität`` → ("Radweg", "#Mobilität")."""
    words = text.rstrip().split()
    if words and words[-1].startswith("#") and len(words[-1]) > 1:
        return text.rstrip()[: -len(words[-1])], words[-1]
    return text, None


def _refuse_second_field(
    ctx: Context,
    field: FieldOfAction,
    fields: Sequence[FieldOfAction],
    title: str,
    description: str,
) -> None:
    """Refuse a proposal that names a field of action twice ("Skatepark #beteiligung
    #information"): only the last was taken, and the other stayed in the title."""
    for text in (description, title):
        _, tag = _trailing_tag(text)
        if tag is None or tag[1:].isdecimal():
            continue  # "Wir sind #1 #beteiligung": the number is part of the title
        try:
            other = match_field(tag, fields, ctx.tr)
        except CommandError:
            continue  # a word that names no field: part of the text
        if other.id != field.id:
            raise CommandError(
                N_("A measure has one field of action; you named two: {first} and {second}."),
                first=shown_field(ctx.tr, other.name),
                second=shown_field(ctx.tr, field.name),
            )


def check_description(description: str) -> None:
    """Refuse a description over the length a measure or idea keeps."""
    if len(description) > MAX_DESCRIPTION:
        raise CommandError(
            N_("The description is too long ({length} characters, at most {limit})."),
            length=len(description),
            limit=MAX_DESCRIPTION,
        )


async def measure_or_fail(ctx: Context, number: int) -> Measure:
    """The group's measure with that number, or a clear refusal."""
    found = await repo.measure_by_number(ctx.session, ctx.require_group().id, number)
    if found is None:
        raise await no_such_measure(ctx, number)
    return found


async def propose(ctx: Context) -> None:
    """/propose <title> [| description] [#field]"""
    from commands.measure_edit import (
        CONTACT_IN_DIRECT_CHAT_BETTER,
        checked_values,
        contact_typed_here,
        is_responsible_key,
    )
    from commands.youth import goes_to_queue, queue_idea

    group = ctx.require_group()
    if not goes_to_queue(ctx) and ctx.role == OBSERVER:
        raise CommandError(GUEST_PROPOSES)
    if not goes_to_queue(ctx) and ctx.role not in CONTRIBUTORS:
        # the dispatcher's refusal (the youth chat is open to everyone there)
        raise not_allowed(ctx, CONTRIBUTORS, group.name)
    text: str = ctx.params["text"]
    pairs: list[tuple[str, str]] = []
    if not goes_to_queue(ctx):  # "/vorschlag Skatepark kontakt=… frist=…": fields as /edit's
        text, pairs = _fields_of_proposal(text)
    title, description, field_text = split_proposal(text)
    field: FieldOfAction | None = None
    if field_text is None and "#" in text:
        field, title, description = await _field_of_several_words(ctx, title, description)
    if not title:  # "/idee |": named as the usage line names it
        raise missing(ctx, N_("your idea") if ctx.in_youth_lane else N_("title"))
    if not real_words(title):  # "/idee 🎉🎉", "/idee ???", "/idee xD": nothing to read
        raise CommandError(
            N_(
                "Your idea needs a few words, so that the steering group knows what you mean. "
                "For example: /idea Basketball hoop at the youth centre 🏀"
            )
            if ctx.in_youth_lane
            else N_(
                "A title needs a few words that say what it is about. For example: /propose "
                "Benches on the market square"
            )
        )
    if len(title) > MAX_TITLE:
        raise CommandError(
            N_(
                "Your idea is too long ({length} characters, at most {limit} before a |). Say it "
                "in a few words and put the rest after a |: Skatepark | at the station, with "
                "ramps and lights."
            )
            if ctx.in_youth_lane  # she wrote an idea, not a title
            else N_(
                "The title is too long ({length} characters, at most {limit}). Put details after a |."
            ),
            length=len(title),
            limit=MAX_TITLE,
        )
    check_description(description)
    if field_text:
        fields = await group_repo.fields_of(ctx.session, group.id)
        field = match_field(field_text, fields, ctx.tr)
        _refuse_second_field(ctx, field, fields, title, description)
    if goes_to_queue(ctx):
        await queue_idea(ctx, title, description, field)
        return
    values: dict[str, object] = {}
    # "verantwortlich=Max": assigned as /assign assigns, once the measure has its number
    named = [p for p in pairs if is_responsible_key(p[0])]
    pairs = [p for p in pairs if not is_responsible_key(p[0])]  # an empty one names nobody
    named = [p for p in named if p[1].strip()]
    if len(named) > 1:  # never a guess which one was meant, nor /assign lines without a number
        raise CommandError(
            N_(
                "A measure has one person responsible, but {key}= was given {n} times. An office "
                "goes in office=. Nothing was stored."
            ),
            key=named[0][0],
            n=len(named),
        )
    responsible = named[0] if named else None
    typed_here = await contact_typed_here(ctx, pairs)  # before a refusal: it removes too
    if pairs:
        values = await checked_values(
            ctx,
            group.id,
            pairs,
            "",  # no number yet; the person responsible was taken out above
            nothing=N_("Nothing was stored:\n{problems}"),
        )
        check_dates(Measure(), values, ctx.lang)  # an end before the start
    person = ctx.require_person()
    number, repeated, titled = await group_repo.take_measure_number(
        ctx.session, group.id, proposer_id=person.id, title=title, since=ctx.now - REPEAT_WINDOW
    )
    if repeated is not None:  # the same message sent twice: one measure (and the number unused)
        await _proposed_again(ctx, repeated, title, description)
        return
    # Stored all the same (two people may mean different things), said with the answer.
    same_title = await proposal_note(ctx, titled, number)
    measure_id = await repo.add_measure(
        ctx.session,
        group_id=group.id,
        number=number,
        title=title,
        description=description,
        field_id=field.id if field else None,
        origin="steering",
        proposer_id=person.id,
        status="proposed",
        created_at=ctx.now,
        updated_at=ctx.now,
    )
    await repo.record_event(
        ctx.session, measure_id, actor_id=person.id, at=ctx.now, field="created", new=title
    )
    if values:
        await _with_fields(ctx, measure_id, values)
    if field:
        text = ctx.t(
            N_("Measure {number} “{title}” is proposed (field of action: {field})."),
            number=number,
            title=title,
            field=shown_field(ctx.tr, field.name),
        )
    else:
        text = ctx.t(N_("Measure {number} “{title}” is proposed."), number=number, title=title)
    if same_title:
        text += "\n" + same_title
    if values:  # named, not shown: a contact may not be for everyone who reads this chat
        names = ", ".join(field_in_sentence(ctx.tr, attr) for attr in values)
        text += "\n" + ctx.t(N_("Stored with it: {fields}"), fields=names)
    if typed_here:
        text += "\n" + ctx.t(CONTACT_IN_DIRECT_CHAT_BETTER)
    if responsible is not None:
        await _responsible_with(ctx, measure_id, responsible[1], text)
        return
    ctx.reply(text)


async def _responsible_with(ctx: Context, measure_id: int, who: str, proposed: str) -> None:
    """``verantwortlich=Max`` with a proposal: assigned as ``/assign <number> Max`` assigns
    (a member by name or "ich", else the lead office), its answer under ``proposed`` (the
    answer to the proposal), before the member hears it. What /assign would refuse leaves the
    proposal standing, with the refusal and its /assign lines for the new number."""
    from commands.measure_edit import assign_line, assign_to

    measure = await ctx.session.get(Measure, measure_id)
    assert measure is not None  # stored just before, in this unit of work
    said: list[str] = []

    def say(text: str) -> None:
        said.append(text)
        ctx.reply(f"{proposed}\n{text}")

    try:
        await assign_to(ctx, measure, who, f"{assign_line(ctx)} {measure.number}", say)
    except CommandError as refusal:
        say(ctx.t(refusal.message, **refusal.params))
    if not said:
        ctx.reply(proposed)


async def _with_fields(ctx: Context, measure_id: int, values: dict[str, object]) -> None:
    """The fields given with a proposal, set as /edit sets them (each change in its history),
    and its reminders planned when a due date came with it."""
    measure = await ctx.session.get(Measure, measure_id)
    assert measure is not None  # stored just before, in this unit of work
    await apply(ctx, measure, diff(measure, values))
    if measure.due_on is not None:
        await replan(ctx.services, ctx.session, measure.group_id, ctx.now)


async def _proposed_again(ctx: Context, number: int, title: str, description: str) -> None:
    """Measure ``number`` proposed again a moment ago: a description it did not have yet is
    added (the first message had only the title), with its audit entry; anything else is the
    same message sent twice."""
    measure = await measure_or_fail(ctx, number)
    more = with_more(measure.description, description)
    if more is None:
        raise CommandError(
            N_("You proposed “{title}” a moment ago: it is measure {number} (/show {number})."),
            title=title,
            number=number,
        )
    check_description(more)
    await apply(ctx, measure, diff(measure, {"description": more}))
    ctx.reply(
        ctx.t(
            N_("I added the description to measure {number} “{title}” (/show {number})."),
            number=number,
            title=measure.title,
        )
    )


def _field_in_words(
    ctx: Context, first: str, rest: list[str], fields: list[FieldOfAction]
) -> FieldOfAction:
    """The field named by ``first`` ("#beteil") or, for a name with spaces, by it and the
    words after it ("#Kinderfreundliche Rahmenbedingungen"), which are then taken from
    ``rest``; the longest run that names a field wins."""
    for end in range(len(rest), 0, -1):
        found = named_in_words(" ".join([first, *rest[:end]]), fields)
        if found is not None:
            del rest[:end]
            return found
    return match_field(first, fields, ctx.tr)


def _is_status(text: str) -> bool:
    try:
        parse_status(text)
    except CommandError:
        return False
    return True


async def list_(ctx: Context) -> None:
    """/measures [#field] [status=…] [mine] [overdue] [words]: a bare status ("beschlossen",
    "in Umsetzung") filters like ``status=``, ``field=`` like ``#field``, and any other words
    are looked for in titles and descriptions."""
    group = ctx.require_group()
    field: FieldOfAction | None = None
    fields: list[FieldOfAction] | None = None  # read only for a field filter
    words = list(ctx.params.get("filters") or [])
    if "field" in ctx.options:
        words = [f"#{ctx.options['field'].lstrip('#')}", *words]
    status_text = ctx.options.get("status", "")
    search: list[str] = []
    while words:
        word = words.pop(0)
        if word.startswith("#"):
            if fields is None:
                fields = await group_repo.fields_of(ctx.session, group.id)
            field = _field_in_words(ctx, word, words, fields)
        elif status_text and _is_status(f"{status_text.split(',')[-1]} {word}"):
            status_text += f" {word}"  # "status=in Umsetzung"
        elif words and _is_status(f"{word} {words[0]}"):
            status_text += f",{word} {words.pop(0)}"  # "in Umsetzung" without status=
        elif _is_status(word):
            status_text += f",{word}"
        else:
            search.append(word)
    statuses = [parse_status(s) for s in status_text.split(",") if s.strip()]
    mine = "mine" in ctx.flags or "meine" in ctx.flags
    overdue_on = today(ctx) if not ctx.flags.isdisjoint(OVERDUE_WORDS) else None
    rows = await repo.measure_lines(
        ctx.session,
        group.id,
        field_id=field.id if field else None,
        statuses=statuses,
        person_id=ctx.require_person().id if mine else None,
        described=bool(search),
        overdue_on=overdue_on,
    )
    if search:
        rows = found(rows, search)
        if not rows:
            ctx.reply(ctx.t(NO_MATCH, text=shortened(" ".join(search))))
            return
    if not rows and (field or statuses or mine or overdue_on):
        ctx.reply(ctx.t(N_("No measure fits these filters. /measures lists them all.")))
        return
    if not rows:
        if ctx.role not in CONTRIBUTORS:  # a guest: not pointed to a command they may not use
            ctx.reply(ctx.t(N_("There are no measures yet.")))
            return
        ctx.reply(ctx.t(N_("No measures found. Propose one with /propose <title>.")))
        return
    status = statuses[0] if len(set(statuses)) == 1 else None
    missed = {}
    if overdue_on is not None:
        missed = await lifecycle.missed_milestones(ctx.session, group.id, overdue_on)
    for text in listing(
        ctx, rows, field=field, status=status, overdue_on=overdue_on, missed=missed, mine=mine
    ):
        ctx.reply(text)


def listing(
    ctx: Context,
    rows: Sequence[Row[Any]],
    *,
    field: FieldOfAction | None,
    status: str | None,
    overdue_on: date | None = None,
    missed: dict[int, list[Milestone]] | None = None,
    mine: bool = False,
) -> list[str]:
    """The messages of a list: a line per measure, under the name of its field of action (in
    the group's order, those without one last), unless all are in one field it filters by, or
    none has a field. What the filters say of every measure (its field, its one status) is
    said once, at the top, not on each line. A list of what was due before ``overdue_on``
    says since when; ``missed``: measure number → milestones it missed, each a line under the
    measure's. ``mine``: only the reader's (proposed or responsible), as the head says."""
    head = _count_line(ctx, len(rows), field, status, overdue_on is not None, mine)
    groups: dict[tuple[int, str] | None, list[str]] = {}
    for m in rows:
        key = None if m.field_name is None else (m.field_position, m.field_name)
        block = [_line(ctx, m, status is None, overdue_on)]
        for stone in (missed or {}).get(m.number, []):
            block.append(
                "   "
                + ctx.t(
                    N_("Milestone “{text}” missed on {date}"),
                    text=shortened(stone.text, LIST_TITLE),
                    date=format_date(stone.due_on, ctx.lang),
                )
            )
        groups.setdefault(key, []).append("\n".join(block))
    if field is not None or list(groups) == [None]:
        every = [line for in_field in groups.values() for line in in_field]
        return fill(every, MESSAGE_BUDGET, head=head)
    ordered = sorted(groups.items(), key=lambda item: (item[0] is None, item[0] or (0, "")))
    sections = [
        (shown_field(ctx.tr, key[1]) if key else ctx.t(NO_FIELD), lines) for key, lines in ordered
    ]
    return pack(sections, MESSAGE_BUDGET, sep="\n", head=head, gap="\n\n")


def _count_line(
    ctx: Context,
    n: int,
    field: FieldOfAction | None,
    status: str | None,
    overdue: bool,
    mine: bool = False,
) -> str:
    """The head of a list: how many, and what the filters say of all of them, said once."""
    if mine:
        count = (
            ctx.tn("{n} overdue measure of yours", "{n} overdue measures of yours", n)
            if overdue
            else ctx.tn("{n} measure of yours", "{n} measures of yours", n)
        )
    else:
        count = (
            ctx.tn("{n} overdue measure", "{n} overdue measures", n)
            if overdue
            else ctx.tn("{n} measure", "{n} measures", n)
        )
    if status is not None and field is not None:
        return ctx.t(
            N_("{count} ({status}) in the field of action {field}:"),
            count=count,
            status=ctx.t(STATUS_NAMES[status]),
            field=shown_field(ctx.tr, field.name),
        )
    if status is not None:
        return ctx.t(N_("{count} ({status}):"), count=count, status=ctx.t(STATUS_NAMES[status]))
    if field is not None:
        return ctx.t(
            N_("{count} in the field of action {field}:"),
            count=count,
            field=shown_field(ctx.tr, field.name),
        )
    return f"{count}:"


def _line(ctx: Context, m: Row[Any], with_status: bool, overdue_on: date | None) -> str:
    """One compact line: number, title (cut: /show has it whole), status, a youth idea, and in
    the list of overdue ones since when it was due (a measure there only for a missed
    milestone has none)."""
    parts = [f"{m.number}. {shortened(m.title, LIST_TITLE)}"]
    if with_status:
        parts.append(ctx.t(STATUS_NAMES[m.status]))
    if m.origin == "youth":
        parts.append(ctx.t(ORIGIN_NAMES["youth"]))
    if overdue_on and m.due_on is not None and m.due_on < overdue_on:  # not only a milestone
        parts.append(ctx.t(N_("overdue since {date}"), date=format_date(m.due_on, ctx.lang)))
    return " · ".join(parts)


async def show(ctx: Context) -> None:
    """/show <number or words of its title>"""
    number = await number_named(ctx, ctx.params["number"])
    found = await repo.measure_for_show(ctx.session, ctx.require_group().id, number)
    if found is None:
        raise await no_such_measure(ctx, number)
    m, proposer, responsible, field_name = (
        found.measure,
        found.proposer,
        found.responsible,
        found.field_name,
    )
    fields = (
        {m.field_id: shown_field(ctx.tr, field_name)}
        if m.field_id is not None and field_name
        else {}
    )
    proposed_by = shown_name(ctx, proposer, youth_anonymous=m.proposer_anonymous)
    if proposer is None and found.imported:
        proposed_by = ""  # nobody proposed it in the bot: no line rather than "former member"
    lines = [f"{m.number}. {m.title}"]
    rows: list[tuple[str, str]] = [
        (N_("Status"), ctx.t(STATUS_NAMES[m.status])),
        (N_("Field of action"), fields.get(m.field_id or -1, "")),
        (N_("Origin"), ctx.t(ORIGIN_NAMES.get(m.origin, m.origin))),
        (N_("Proposed by"), proposed_by),
        (N_("Responsible"), shown_name(ctx, responsible) if responsible else ""),
    ]
    staff = staff_reads(ctx)
    # Read along by youth representatives or guests: the contact only in a direct chat.
    withheld = (
        staff
        and any(plain(getattr(m, attr)) for attr in STAFF_FIELDS)
        and await contact_withheld_here(ctx)
    )
    for spec in SPECS:
        if spec.attr in ("title", "field", "origin", "status"):
            continue
        if spec.attr in STAFF_FIELDS and (withheld or not staff):
            continue  # the town hall's contact: for members and coordinators
        value = getattr(m, spec.attr)
        if spec.attr == "cycle" and value == 1:
            continue
        if spec.attr == "progress_note" and value:
            value = (await minors_unnamed(ctx))(value)
        rows.append((spec.label, show_value(ctx.tr, spec.attr, plain(value), fields)))
    for label, value in rows:
        if value and value != "—":
            lines.append(f"{ctx.t(label)}: {value}")
    stones = await lifecycle.milestones_of(ctx.session, m.id) if found.has_milestones else []
    for stone in stones:
        line = ctx.t(
            N_("Milestone {date}: {text}"),
            date=format_date(stone.due_on, ctx.lang),
            text=stone.text,
        )
        if stone.reached_on is not None:
            reached = format_date(stone.reached_on, ctx.lang)
            line += " " + ctx.t(N_("(reached on {date})"), date=reached)
        lines.append(line)
    if withheld:
        lines.append(ctx.t(CONTACT_IN_DIRECT_CHAT, command=f"{ctx.as_typed} {m.number}"))
    ctx.reply("\n".join(lines))


async def delete(ctx: Context) -> None:
    """/delete <n>: measures are not deleted; how to drop one instead."""
    number = (ctx.params.get("what") or "").strip().lstrip("#")
    raise CommandError(
        N_(
            "Measures are not deleted: they stay in the group's record with their history. "
            "To drop one: /status {number} dropped (it can be taken up again later)."
        ),
        number=number if number.isdecimal() and len(number) < 10 else "<n>",
    )


def _propose_help_note(ctx: Context, name: str) -> str | None:
    """The fields a proposal may bring along, as /edit sets them (a youth idea takes none)."""
    if ctx.in_youth_lane:
        return None
    return ctx.t(
        N_(
            "Fields as with /edit after the title, e.g. /propose Skatepark contact=… due=… "
            "responsible=…"
        )
    )


def commands() -> list[Command]:
    return [
        Command(
            name="propose",
            aliases=("vorschlag", "vorschlagen", "idee", "idea"),
            handler=propose,
            summary=N_("propose a new measure"),
            youth_summary=N_("send your idea to the steering group"),
            youth_usage=N_("/propose <your idea> [| more about it]"),
            usage=N_("/propose <title> [| description] [#field of action] [field=value …]"),
            params=(Param("text", "text", label=N_("title"), youth_label=N_("your idea")),),
            roles=EVERYONE,
            listed=lambda ctx: ctx.role in CONTRIBUTORS or ctx.in_youth_chat,
            who=N_(
                "coordinator, member, youth representative; in a youth chat anyone (as an idea)"
            ),
            help_note=_propose_help_note,
        ),
        Command(
            name="measures",
            # /search: what people try to find a measure by a word
            aliases=("massnahmen", "maßnahmen", "suche", "suchen", "search", "find"),
            handler=list_,
            summary=N_("list measures"),
            usage=N_(
                "/measures [#field of action] [status=…] [mine] [overdue] [words to look for]"
            ),
            params=(Param("filters", "words", required=False),),
            options={
                "status": "status",
                "field": "field",
                "feld": "field",
                "handlungsfeld": "field",
            },
            flags=("mine", "meine", *OVERDUE_WORDS),
            roles=MEMBERS,
        ),
        Command(
            name="delete",
            aliases=("loeschen", "löschen"),
            handler=delete,
            summary=N_("measures are not deleted: how to drop one"),
            usage=N_("/delete <number>"),
            params=(Param("what", "text", required=False),),
            roles=MEMBERS,
            publish=False,
            listed=lambda ctx: False,
        ),
        Command(
            name="show",
            aliases=("zeige", "zeigen"),
            handler=show,
            summary=N_("show one measure"),
            usage=N_("/show <number or words of its title>"),
            params=(Param("number", "text", label=N_("number of the measure")),),
            roles=MEMBERS,
        ),
    ]
