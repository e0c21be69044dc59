"""Applying changes to a measure: one audit-trail entry per changed field, all or nothing."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from bot.context import Context
from bot.errors import CommandError
from bot.fields import shown_field
from bot.i18n import LANGUAGES, N_, I18n, Translator
from bot.measure_fields import BY_ATTR, DATE, MONEY, ORIGIN_NAMES, plain
from bot.statuses import DONE, DROPPED, STATUS_NAMES
from bot.values import file_date, format_date, format_money
from commands.nudge_answers import close_answered_nudges
from storage.models import Measure
from storage.repo import groups as group_repo
from storage.repo import measures as repo

END_BEFORE_START = N_("The end ({end}) is before the start ({start}). Nothing was changed.")

# Audit-trail names of things that are not plain fields (shown in /history), written as the
# fields' labels are ("Due", "Status"); German keeps its own case ("verantwortlich").
EVENT_NAMES = {
    "created": N_("Created"),
    "responsible": N_("Person responsible"),
    "milestone": N_("Milestone"),
    "milestone_reached": N_("Milestone reached"),
    "imported": N_("Imported"),
    "link": N_("Accounts linked"),
}

# Notes the bot itself writes into the audit trail, in the group's language of that day;
# /history and the report show them again in the reader's language.
GENERATED_NOTES = (
    N_("round {number}"),
    N_("youth idea {number}"),
    N_("row {row}"),
    N_("import, row {row}"),
    N_("asked to be forgotten"),
    N_("removed from the group by a coordinator"),
    N_("left the group"),
    N_("made a guest"),
)


def show_note(i18n: I18n, tr: Translator, note: str) -> str:
    """An audit-trail note in the language of ``tr`` when the bot wrote it (in whichever
    language: "Runde 7" → "round 7"); what people wrote stays as it is."""
    for message in GENERATED_NOTES:
        for lang in LANGUAGES:
            for informal in (False, True):
                params = _filled_in(i18n(lang, informal=informal).t(message), note)
                if params is not None:
                    return tr.t(message, **params)
    return note


def _filled_in(template: str, text: str) -> dict[str, str] | None:
    """The numbers ``text`` puts into the ``{placeholders}`` of ``template``, or None when it
    is not that template."""
    parts = re.split(r"\{(\w+)\}", template)
    pattern = "".join(
        re.escape(part) if i % 2 == 0 else f"(?P<{part}>\\d+)" for i, part in enumerate(parts)
    )
    found = re.fullmatch(pattern, text.strip())
    return found.groupdict() if found else None


@dataclass(frozen=True)
class Change:
    """One field of one measure: its attribute, the old and the new value."""

    attr: str
    old: object
    new: object


def require_planned(measure: Measure, *, done_too: bool = True) -> None:
    """Refuse to plan a dropped measure (a due date, a milestone, someone responsible), or a
    done one (``done_too``): it would only bring reminders about work nobody does. Clearing a
    date or a person stays possible; the callers check only what sets something."""
    if measure.status == DROPPED:
        raise CommandError(
            N_(
                "Measure {number} “{title}” is dropped. To plan it again, take it up first: "
                "/status {number} proposed."
            ),
            number=measure.number,
            title=measure.title,
        )
    if done_too and measure.status == DONE:
        raise CommandError(
            N_("Measure {number} “{title}” is done: it needs no due date or milestone any more."),
            number=measure.number,
            title=measure.title,
        )


def today(ctx: Context) -> date:
    """Today in the group's time zone (relative dates count from here)."""
    return ctx.now.astimezone(ctx.zone).date()


def diff(measure: Measure, values: dict[str, object]) -> list[Change]:
    """The changes ``values`` (attribute → new value) would make; unchanged ones left out."""
    changes = []
    for attr, new in values.items():
        column = "field_id" if attr == "field" else attr
        old = getattr(measure, column)
        if old != new:
            changes.append(Change(column, old, new))
    return changes


def check_dates(measure: Measure, values: dict[str, object], lang: str) -> None:
    """Refuse an end before the start (after the change)."""
    start = values.get("start_on", measure.start_on)
    end = values.get("end_on", measure.end_on)
    if isinstance(start, date) and isinstance(end, date) and end < start:
        raise CommandError(
            END_BEFORE_START, end=format_date(end, lang), start=format_date(start, lang)
        )


async def apply(ctx: Context, measure: Measure, changes: list[Change], note: str = "") -> None:
    """Set every change on ``measure`` and record each as a measure event (who, when, old → new)."""
    actor = ctx.person.id if ctx.person else None
    for change in changes:
        setattr(measure, change.attr, change.new)
        name = "field" if change.attr == "field_id" else change.attr
        await repo.record_event(
            ctx.session,
            measure.id,
            actor_id=actor,
            at=ctx.now,
            field=name,
            old=plain(change.old),
            new=plain(change.new),
            note=note,
        )
    if changes:
        measure.updated_at = ctx.now
        # A nudge about the measure asked for this: its buttons go (edited after commit).
        await close_answered_nudges(ctx, measure, [(c.attr, c.new) for c in changes])


def field_label(tr: Translator, name: str) -> str:
    """How an audit-trail field name is shown (``due_on`` → "Due" / "Frist")."""
    spec = BY_ATTR.get(name)
    if spec is not None:
        return tr.t(spec.label)
    if name in EVENT_NAMES:
        return tr.t(EVENT_NAMES[name])
    return name


def field_in_sentence(tr: Translator, name: str) -> str:
    """A field's name inside a sentence or a list: as its label, but in English in lower case
    ("Stored with it: due, cost estimate"), where German keeps its nouns capitalised."""
    shown = field_label(tr, name)
    return shown[:1].lower() + shown[1:] if tr.lang == "en" else shown


def new_value_only(field: str, old: str, new: str) -> bool:
    """Audit entries shown by their new value alone: a measure created or imported, a link or
    a milestone added. A removed milestone shows "old → —" like any other change."""
    return field in ("created", "imported", "link", "milestone", "milestone_reached") and (
        bool(new) or not old
    )


def show_value(
    tr: Translator, name: str, raw: str, fields: dict[int, str], *, in_file: bool = False
) -> str:
    """An audit-trail value (stored as plain text) as people read it (``in_file``: dates as
    an export writes them, "2027-03-15" in English)."""
    if not raw:
        return "—"
    spec = BY_ATTR.get(name)
    shown_date = file_date if in_file else format_date
    try:
        if spec is not None and spec.kind == DATE:
            return shown_date(date.fromisoformat(raw), tr.lang)
        if spec is not None and spec.kind == MONEY:
            return format_money(Decimal(raw), tr.lang)
    except ValueError:
        return raw
    if name == "status" and raw in STATUS_NAMES:
        return tr.t(STATUS_NAMES[raw])
    if name == "origin" and raw in ORIGIN_NAMES:
        return tr.t(ORIGIN_NAMES[raw])
    if name == "field" and raw.isdecimal():
        return fields.get(int(raw)) or tr.t(N_("(a field of action removed since)"))
    if name == "funding_secured":
        return tr.t(N_("yes")) if raw == "yes" else tr.t(N_("no"))
    if name in ("milestone", "milestone_reached"):  # stored as "2026-12-15 text"
        day, _, text = raw.partition(" ")
        try:
            return f"{shown_date(date.fromisoformat(day), tr.lang)} {text}".strip()
        except ValueError:
            return raw
    return raw


async def field_names(ctx: Context, group_id: int) -> dict[int, str]:
    fields = await group_repo.fields_of(ctx.session, group_id)
    return {f.id: shown_field(ctx.tr, f.name) for f in fields}


__all__ = [
    "Change",
    "apply",
    "check_dates",
    "diff",
    "field_label",
    "require_planned",
    "show_value",
    "today",
]
