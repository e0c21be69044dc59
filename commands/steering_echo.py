"""What a member does in a direct chat that the group chat would have seen had it been typed
there — a status reported, a due date moved, a milestone reached, someone made responsible,
a lead office set —
told to the group's steering
chats in one line each, with who did it (a hidden minor as the pseudonym). Typed commands
(``commands/measure_edit.py``) and the nudges' buttons (``commands/nudge_buttons.py``) both use it.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

from bot.context import Context
from bot.events import ChatRef, Reply
from bot.i18n import N_, Translator
from bot.statuses import STATUS_NAMES
from bot.values import format_date
from commands.common import shown_name
from storage.models import Measure, Milestone, Person
from storage.repo import groups as group_repo


async def tell_statuses(ctx: Context, changed: list[tuple[Measure, str]]) -> None:
    """Statuses reported in a direct chat (typed, ``/status 1 2 5 adopted``, or a nudge's
    button): the group chat would have seen them had they been typed there, so it hears them
    in one message, a line per measure with who reported it (``changed``: each measure with
    its status before)."""

    def lines(tr: Translator, name: str, _where: ChatRef) -> str:
        return "\n".join(
            tr.t(
                N_("Measure {number} “{title}”: {old} → {new} (reported by {name})."),
                number=measure.number,
                title=measure.title,
                old=tr.t(STATUS_NAMES[old]),
                new=tr.t(STATUS_NAMES[measure.status]),
                name=name,
            )
            for measure, old in changed
        )

    await tell_steering_chats(ctx, lines)


async def tell_due_moved(ctx: Context, measure: Measure, old: date) -> None:
    """A due date moved in a direct chat (typed, or a nudge's "later"): the group chat hears
    it in one line, as it hears a status reported there."""

    def line(tr: Translator, name: str, _where: ChatRef) -> str:
        return tr.t(
            N_("Measure {number} “{title}”: due on {date} instead of {old} (moved by {name})."),
            number=measure.number,
            title=measure.title,
            date=format_date(measure.due_on, tr.lang) if measure.due_on else "—",
            old=format_date(old, tr.lang),
            name=name,
        )

    await tell_steering_chats(ctx, line)


async def tell_milestone_reached(ctx: Context, measure: Measure, stone: Milestone) -> None:
    """A milestone marked reached by a press in a direct chat: the group chat hears it in one
    line, as it hears a status reported there."""

    def line(tr: Translator, name: str, _where: ChatRef) -> str:
        return tr.t(
            N_("Measure {number} “{title}”: milestone “{milestone}” reached (reported by {name})."),
            number=measure.number,
            title=measure.title,
            milestone=stone.text,
            name=name,
        )

    await tell_steering_chats(ctx, line)


async def tell_responsible_set(
    ctx: Context, measure: Measure, person: Person | None, *, office: bool = False
) -> None:
    """/assign typed in a direct chat: the group chat hears who is responsible now — ``person``,
    nobody, or (``office``) the lead office — as it would have read it had it been typed there
    (a hidden minor as the pseudonym that chat shows), with who did it."""

    def line(tr: Translator, name: str, where: ChatRef) -> str:
        if office:
            return tr.t(
                N_("Lead office of measure {number} “{title}”: {office} (set by {name})."),
                number=measure.number,
                title=measure.title,
                office=measure.lead_office,
                name=name,
            )
        if person is None:
            return tr.t(
                N_(
                    "Nobody is responsible for measure {number} “{title}” any more (changed by {name})."
                ),
                number=measure.number,
                title=measure.title,
                name=name,
            )
        return tr.t(
            N_("{person} is now responsible for measure {number} “{title}” (set by {name})."),
            person=shown_name(ctx, person, target=where, tr=tr),
            number=measure.number,
            title=measure.title,
            name=name,
        )

    await tell_steering_chats(ctx, line)


async def tell_office_set(ctx: Context, measure: Measure) -> None:
    """The lead office set or removed with /edit typed in a direct chat (``amt=``): the group
    chat hears it as it hears /assign naming an office there, with who did it."""
    if measure.lead_office:
        await tell_responsible_set(ctx, measure, None, office=True)
        return

    def line(tr: Translator, name: str, _where: ChatRef) -> str:
        return tr.t(
            N_("Measure {number} “{title}” has no lead office any more (changed by {name})."),
            number=measure.number,
            title=measure.title,
            name=name,
        )

    await tell_steering_chats(ctx, line)


async def tell_steering_chats(
    ctx: Context, line: Callable[[Translator, str, ChatRef], str]
) -> None:
    """Send each of the group's steering chats ``line`` in its language, with the name of
    who did it as that chat may show it (and the chat, to show others as it may)."""
    group = ctx.require_group()
    for chat in await group_repo.chats_of(ctx.session, group.id, "steering"):
        where = ChatRef(chat.platform, chat.chat_id)
        tr = ctx.services.i18n(chat.lang or group.lang)
        name = shown_name(ctx, ctx.require_person(), target=where, tr=tr)
        ctx.send_to(where, Reply(line(tr, name, where)))
