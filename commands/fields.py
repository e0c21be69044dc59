"""/fields: the group's fields of action (Handlungsfelder); coordinators add, rename, move and
remove them. A field that a measure or a youth idea uses is not removed: they would lose it.

Removing by number asks first, with a button that names the field: the numbers shift after a
removal, so ``/fields remove 3`` sent twice would otherwise remove two different fields."""

from __future__ import annotations

from bot.arguments import missing
from bot.context import Context
from bot.errors import CommandError
from bot.events import Choice
from bot.fields import MAX_FIELD_NAME, match_field, shown_field
from bot.i18n import N_
from bot.parsing import RENAME_WORDS, fold
from bot.registry import Command, Handler, Param, not_for_youth
from bot.roles import COORDINATOR, MEMBERS
from commands.common import pressed_id
from storage.models import FieldOfAction, Group
from storage.repo import groups as repo
from storage.repo import people

ADD = ("add", "neu", "hinzufugen", "anlegen")
REMOVE = ("remove", "delete", "entfernen", "loschen")
MOVE = ("move", "verschieben")
ACTION = "fieldremove"


async def fields(ctx: Context) -> None:
    """/fields [add <name> | rename <n> <new name> | move <n> <position> | remove <n> | <name>]"""
    group = ctx.require_group()
    words = ctx.params.get("words") or []
    existing = await repo.fields_of(ctx.session, group.id)
    verb = fold(words[0]) if words else ""
    if verb in ADD + RENAME_WORDS + MOVE + REMOVE and ctx.role != COORDINATOR:
        raise CommandError(N_("Only coordinators add, rename, move or remove fields of action."))
    if verb in ADD:
        name = _new_name(ctx, " ".join(words[1:]), existing)
        ctx.session.add(
            FieldOfAction(group_id=group.id, position=len(existing) + 1, name=name, optional=False)
        )
        ctx.reply(ctx.t(N_("Field of action {name} added."), name=name))
    elif verb in RENAME_WORDS:
        await _rename(ctx, words[1:], existing)
    elif verb in MOVE:
        _move(ctx, words[1:], existing)
    elif verb in REMOVE:
        await _remove(ctx, group, " ".join(words[1:]), existing)
    elif words:
        found = match_field(" ".join(words), existing, ctx.tr)
        ctx.reply(ctx.t(N_("Field of action: {name}"), name=shown_field(ctx.tr, found.name)))
    else:
        _listing(ctx, group, existing)


def _listing(ctx: Context, group: Group, existing: list[FieldOfAction]) -> None:
    if not existing:
        lines = [
            ctx.t(
                N_(
                    "This group has no fields of action yet. A coordinator can add them with /fields add <name>."
                )
            )
        ]
    else:
        lines = [ctx.t(N_("Fields of action of {group}:"), group=group.name)]
        lines += _numbered(ctx, existing)
    if ctx.role == COORDINATOR:
        lines.append(
            ctx.t(
                N_(
                    "Change them: /fields add <name>, /fields rename <n> <new name>, "
                    "/fields move <n> <position>, /fields remove <n>"
                )
            )
        )
    ctx.reply("\n".join(lines))


def _numbered(ctx: Context, existing: list[FieldOfAction]) -> list[str]:
    return [
        f"{n}. {shown_field(ctx.tr, f.name)}"
        + (" " + ctx.t(N_("(optional)")) if f.optional else "")
        for n, f in enumerate(existing, start=1)
    ]


def _new_name(ctx: Context, typed: str, existing: list[FieldOfAction]) -> str:
    name = " ".join(typed.split()).lstrip("#").strip()
    if not name:
        raise missing(ctx, N_("name"))
    if len(name) > MAX_FIELD_NAME:
        raise CommandError(N_("A field of action name is too long (at most 120 characters)."))
    if name.isdecimal():
        raise CommandError(N_("A field of action needs a name, not just a number."))
    # "Participation" where "Beteiligung" is: the same field in another language
    same = next(
        (f for f in existing if fold(name) in (fold(f.name), fold(shown_field(ctx.tr, f.name)))),
        None,
    )
    if same is not None:  # named as it is written, not as typed
        raise CommandError(
            N_("The field of action {name} exists already."), name=shown_field(ctx.tr, same.name)
        )
    return name


async def _rename(ctx: Context, words: list[str], existing: list[FieldOfAction]) -> None:
    """``rename <n> <new name>`` or ``rename <old name> | <new name>``."""
    text = " ".join(words)
    if "|" in text:
        old, _, new = text.partition("|")
    elif words:
        old, new = words[0], " ".join(words[1:])
    else:
        old, new = "", ""
    if not old.strip():
        raise missing(ctx, N_("which field of action"))
    field = match_field(old, existing, ctx.tr)
    name = _new_name(ctx, new, [f for f in existing if f is not field])
    before, field.name = field.name, name
    ctx.reply(
        ctx.t(
            N_("Field of action {old} is now called {new}."),
            old=shown_field(ctx.tr, before),
            new=name,
        )
        + "\n"
        + ctx.t(N_("Measures and ideas in it keep it under the new name."))
    )


def _move(ctx: Context, words: list[str], existing: list[FieldOfAction]) -> None:
    """``move <n or name> <position>``: the order of /fields, the action plan and its exports."""
    if len(words) < 2:
        raise missing(ctx, N_("which field of action and its new position"))
    target = words[-1].lstrip("#")
    if not target.isdecimal() or not 1 <= int(target) <= len(existing):
        raise CommandError(
            N_("The new position is a number from 1 to {count}."), count=len(existing)
        )
    field = match_field(" ".join(words[:-1]), existing, ctx.tr)
    order = [f for f in existing if f is not field]
    order.insert(int(target) - 1, field)
    for position, each in enumerate(order, start=1):
        each.position = position
    done = ctx.t(
        N_("Field of action {name} is now number {position}."),
        name=shown_field(ctx.tr, field.name),
        position=target,
    )
    ctx.reply("\n".join([done, *_numbered(ctx, order)]))


async def _remove(ctx: Context, group: Group, typed: str, existing: list[FieldOfAction]) -> None:
    if not typed.strip():
        raise missing(ctx, N_("which field of action"))
    field = match_field(typed, existing, ctx.tr)
    await _refuse_in_use(ctx, group, field)
    if typed.strip().lstrip("#").isdecimal():
        shown = shown_field(ctx.tr, field.name)
        ctx.reply(
            ctx.t(N_("Remove the field of action {name}?"), name=shown),
            choices=(Choice(ctx.t(N_("Remove {name}"), name=shown[:40]), f"{ACTION}:{field.id}"),),
        )
        return
    await _delete(ctx, field, existing)


async def remove_action(ctx: Context) -> None:
    """The button of ``/fields remove <n>``: ``fieldremove:<field id>``. Pressed again, the
    field is gone and nothing else is removed."""
    wanted = pressed_id(ctx)
    field = await ctx.session.get(FieldOfAction, wanted) if wanted is not None else None
    if field is None:
        raise CommandError(N_("This field of action has been removed already."))
    group = await ctx.session.get(Group, field.group_id)
    person = ctx.person
    membership = await people.membership(ctx.session, person.id, field.group_id) if person else None
    if group is None or membership is None or membership.role != COORDINATOR:
        raise CommandError(N_("Only coordinators add, rename, move or remove fields of action."))
    ctx.group, ctx.role = group, membership.role
    await _refuse_in_use(ctx, group, field)
    await _delete(ctx, field, await repo.fields_of(ctx.session, group.id))


async def _delete(ctx: Context, field: FieldOfAction, existing: list[FieldOfAction]) -> None:
    await ctx.session.delete(field)
    for position, other in enumerate((f for f in existing if f is not field), start=1):
        other.position = position
    ctx.reply(ctx.t(N_("Field of action {name} removed."), name=shown_field(ctx.tr, field.name)))


async def _refuse_in_use(ctx: Context, group: Group, field: FieldOfAction) -> None:
    users = (await repo.field_users(ctx.session, group.id)).get(field.id, [])
    if users:
        measures = [str(n) for kind, n in users if kind == "measure"]
        ideas = [str(n) for kind, n in users if kind == "idea"]
        used_by = []
        if measures:
            used_by.append(
                ctx.tn(
                    "measure {numbers}",
                    "measures {numbers}",
                    len(measures),
                    numbers=", ".join(measures[:20]),
                )
            )
        if ideas:
            used_by.append(
                ctx.tn(
                    "waiting youth idea {numbers}",
                    "waiting youth ideas {numbers}",
                    len(ideas),
                    numbers=", ".join(ideas[:20]),
                )
            )
        raise CommandError(
            N_(
                "{name} stays, because it is in use: {used_by}. Move them to another field "
                "first (/edit <n> field=…, /accept <n> #field), then remove it."
            ),
            name=shown_field(ctx.tr, field.name),
            used_by="; ".join(used_by),
        )


def commands() -> list[Command]:
    return [
        Command(
            name="fields",
            aliases=("handlungsfelder", "felder"),
            handler=fields,
            summary=N_("fields of action of the group"),
            usage=N_(
                "/fields [add <name> | rename <n> <new name> | move <n> <position> | remove <n>]"
            ),
            params=(Param("words", "words", required=False),),
            roles=MEMBERS,
            listed=not_for_youth,
        ),
    ]


def actions() -> dict[str, Handler]:
    return {ACTION: remove_action}
