"""/import in the chat: a coordinator sends a list of measures (xlsx, ods or csv), sees what
would be imported, what would change in existing measures (an exported plan sent back edited)
and what is wrong row by row, and confirms; nothing is stored before that.

The file is kept in ``import_drafts`` between the check and the confirmation (one per person,
30 minutes); the confirmation deletes the draft first, so a second press imports nothing twice,
and applies only what the check showed (``checked``): when the group changed in between, the
new check is shown instead. The rows are read by the same code as ``steerbot import measures``.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import ColumnElement, delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.context import Context
from bot.documents.reader import Table, UnreadableFile, kind_of, read_bytes
from bot.errors import CommandError, UsageError
from bot.events import TOO_LARGE, ChatRef, Choice, IncomingFile, Message, Reply
from bot.i18n import N_
from bot.incoming_files import MAX_FILE_BYTES
from bot.parsing import fold
from bot.registry import Command, Handler, Param
from bot.roles import COORDINATOR, COORDINATORS
from bot.scheduling import replan
from bot.values import quoted, shortened
from commands.common import minors_unnamed, shown_name
from commands.import_people import Members
from commands.import_report import check_lines, digest, done_lines, go_label, group_lines
from commands.measure_changes import field_names, today
from commands.measure_edit import set_responsible
from commands.plan_cli import summary_notes
from commands.plan_import import from_header_row, lists_measures, store
from commands.plan_updates import ChangeResult, apply_updates, check_changes, notes
from commands.responsible_notice import tell_due_changed, tell_responsible
from storage.models import Group, Identity, ImportDraft, Measure, Person
from storage.privacy.parts import affected
from storage.repo import groups as group_repo
from storage.repo import measures as measure_repo
from storage.repo import people

WAIT_MINUTES = 30
MAX_ROWS = 1000  # a longer list is imported on the server (steerbot import measures)
YES = frozenset({"ja", "yes", "ok", "importieren", "import", "bestaetigen", "confirm", "go"})
NO = frozenset({"abbrechen", "cancel", "nein", "no", "stop", "stopp"})

NOTHING_TO_CONFIRM = N_("There is no list waiting to be imported. /import starts one.")
SEND_IT = N_(
    "Send me the list of measures as a file (xlsx, ods or csv), here in this chat; in a group "
    "chat best as a reply to this message. I read the columns by their names, as in /plan "
    "export xlsx: new rows become measures, rows of existing measures change them. I check "
    "every row and show you what I would do; nothing is stored before you confirm. I wait "
    "{minutes} minutes; /import cancel stops."
)


def _mine(person_id: int) -> ColumnElement[bool]:
    return ImportDraft.person_id == person_id


async def awaits_file(session: AsyncSession, message: Message, now: datetime) -> int | None:
    """The group for which the sender asked with /import for a list in this chat and may
    still send it; None if they did not."""
    return await session.scalar(
        select(ImportDraft.group_id)
        .join(Identity, Identity.person_id == ImportDraft.person_id)
        .where(
            Identity.platform == message.chat.platform,
            Identity.user_id == message.sender.user_id,
            ImportDraft.platform == message.chat.platform,
            ImportDraft.chat_id == message.chat.chat_id,
            ImportDraft.expires_at > now,
        )
    )


async def answers(ctx: Context, rest: str) -> int | None:
    """The group whose list ``/import yes|cancel`` answers: the one it was checked for, also
    after /group switched the direct chat to another; None for anything else (a new /import
    is for the group switched to)."""
    if ctx.person is None or fold(" ".join(rest.split())).strip() not in YES | NO:
        return None
    return await ctx.session.scalar(select(ImportDraft.group_id).where(_mine(ctx.person.id)))


async def import_list(ctx: Context) -> None:
    """/import: ask for the file; the file: check it and show; /import yes|cancel."""
    files = ctx.message.files
    word = fold(" ".join(ctx.params.get("words") or ())).strip()
    if files:
        await _check_file(ctx, files[0])
    elif word in YES:
        await _confirm(ctx, await _own_draft(ctx))
    elif word in NO:
        await _cancel(ctx)
    elif word:
        raise UsageError(N_("I did not understand “{text}”."), text=shortened(word, 40))
    else:
        await _start(ctx)
        ctx.reply(ctx.t(SEND_IT, minutes=WAIT_MINUTES))


async def _own_draft(ctx: Context) -> ImportDraft:
    draft = await ctx.session.scalar(select(ImportDraft).where(_mine(ctx.require_person().id)))
    if not _checked(draft, ctx.now):
        raise CommandError(NOTHING_TO_CONFIRM)
    assert draft is not None
    return draft


def _checked(draft: ImportDraft | None, now: datetime) -> bool:
    """Whether ``draft`` holds a checked file that may still be confirmed."""
    return draft is not None and draft.expires_at > now and draft.data is not None


async def _start(ctx: Context, group_id: int | None = None) -> ImportDraft:
    """A new draft of the sender (any earlier one goes), waiting in this chat."""
    person = ctx.require_person()
    await ctx.session.execute(delete(ImportDraft).where(_mine(person.id)))
    draft = ImportDraft(
        person_id=person.id,
        group_id=group_id or ctx.require_group().id,
        platform=ctx.chat.platform,
        chat_id=ctx.chat.chat_id,
        file_name="",
        created_at=ctx.now,
        expires_at=ctx.now + timedelta(minutes=WAIT_MINUTES),
    )
    ctx.session.add(draft)
    return draft


async def _cancel(ctx: Context) -> None:
    gone = await ctx.session.scalar(
        delete(ImportDraft).where(_mine(ctx.require_person().id)).returning(ImportDraft.group_id)
    )
    if gone is None:
        raise CommandError(NOTHING_TO_CONFIRM)
    await _head_for(ctx, gone)
    ctx.reply(ctx.t(N_("Import cancelled; nothing was stored.")))


async def _head_for(ctx: Context, group_id: int, group: Group | None = None) -> None:
    """An import belongs to the group it was started for: in the direct chat of someone in
    several groups its answers are headed with that group, also when the chat speaks for
    another by now (/group switched in between)."""
    if not ctx.heading or ctx.group is None or ctx.group.id == group_id:
        return
    group = group or await group_repo.group_by_id(ctx.session, group_id)
    if group is not None:
        ctx.heading = group.name


def _readable(ctx: Context, file: IncomingFile) -> Table:
    name = quoted(file.name[:80], ctx.lang)
    if file.problem == TOO_LARGE:
        raise CommandError(
            N_("{name} is too large: I read lists up to {limit} MB."),
            name=name,
            limit=MAX_FILE_BYTES // (1024 * 1024),
        )
    if file.data is None:
        raise CommandError(N_("I could not fetch {name}. Please send it again."), name=name)
    try:
        return read_bytes(
            file.name, file.data, file.mime_type, max_rows=MAX_ROWS, pick=lists_measures
        )
    except UnreadableFile:
        if kind_of(file.name, file.mime_type) is None:
            raise CommandError(
                N_("I cannot read {name}: please send the list as xlsx, ods or csv."), name=name
            ) from None
        raise CommandError(
            N_("I cannot read {name}: the file seems damaged. Please save it again and send it."),
            name=name,
        ) from None


async def _check_file(ctx: Context, file: IncomingFile) -> None:
    person, group = ctx.require_person(), ctx.require_group()
    table = from_header_row(_readable(ctx, file))
    if table.more:
        raise CommandError(
            N_(
                "The list has more than {limit} rows; in the chat I import at most {limit}. "
                "Whoever runs the bot imports longer lists: steerbot import measures FILE "
                "--group {group}."
            ),
            limit=MAX_ROWS,
            group=group.id,
        )
    draft = await ctx.session.scalar(select(ImportDraft).where(_mine(person.id)))
    if draft is None or draft.expires_at <= ctx.now or draft.group_id != group.id:
        draft = await _start(ctx)  # "/import" as the caption of the file
    unnamed = await minors_unnamed(ctx, document=True)
    result = await check_changes(
        ctx.session, group, table, ctx.tr, today(ctx), await _members(ctx, group.id), unnamed
    )
    draft.file_name = file.name[:255]
    draft.platform, draft.chat_id = ctx.chat.platform, ctx.chat.chat_id
    draft.expires_at = ctx.now + timedelta(minutes=WAIT_MINUTES)
    draft.data = file.data
    await _show(ctx, draft, table, result, [])


async def _show(
    ctx: Context, draft: ImportDraft, table: Table, result: ChangeResult, lines: list[str]
) -> None:
    """The check, and the buttons that apply what it shows (or, with nothing to apply, the
    draft waits for a corrected file)."""
    fields = await field_names(ctx, draft.group_id)
    lines = [*lines, *check_lines(ctx, draft.file_name, table, result, fields)]
    if not result.rows and not result.updates:
        draft.data = None  # waits for a corrected file
        if result.unchanged and not result.errors:
            lines.append(ctx.t(N_("Nothing to import: the list matches the measures as they are.")))
        else:
            lines.append(ctx.t(N_("Nothing to import. Correct the list and send it again.")))
        ctx.reply("\n".join(lines))
        return
    assert draft.data is not None
    draft.checked = digest(draft.data, result)
    await ctx.session.flush()
    if result.errors:
        lines.append(
            ctx.t(
                N_("Correct the list and send it again, or import only the good rows: /import yes.")
            )
        )
    else:
        lines.append(
            ctx.t(N_("Nothing is stored yet. To import: /import yes; to stop: /import cancel."))
        )
    ctx.reply(
        "\n".join(lines),
        choices=(
            Choice(go_label(ctx, result), f"import:{draft.id}:go:{draft.checked}"),
            Choice(ctx.t(N_("Cancel")), f"import:{draft.id}:cancel:{draft.checked}"),
        ),
    )


async def _confirm(ctx: Context, draft: ImportDraft) -> None:
    person = ctx.require_person()
    group = await group_repo.group_by_id(ctx.session, draft.group_id)
    if group is not None:
        await _head_for(ctx, group.id, group)
    member = await people.membership(ctx.session, person.id, draft.group_id)
    if group is None or member is None or member.role != COORDINATOR:
        raise CommandError(N_("Only coordinators may import a list of measures."))
    assert draft.data is not None
    data, name, shown = draft.data, draft.file_name, draft.checked
    # Deleted first: a second press, even at the same moment, finds nothing to import.
    gone = await ctx.session.execute(delete(ImportDraft).where(ImportDraft.id == draft.id))
    if not affected(gone):
        raise CommandError(NOTHING_TO_CONFIRM)
    table = from_header_row(read_bytes(name, data, max_rows=MAX_ROWS, pick=lists_measures))
    # Checked again: the group may have changed since (a field renamed, a measure edited).
    unnamed = await minors_unnamed(ctx, document=True)
    result = await check_changes(
        ctx.session, group, table, ctx.tr, today(ctx), await _members(ctx, group.id), unnamed
    )
    if not result.rows and not result.updates:  # the draft stays deleted: nothing to confirm
        ctx.reply(ctx.t(N_("Nothing was imported: no row of the list can be imported any more.")))
        return
    if digest(data, result) != shown:  # applied is only what the coordinator saw
        again = await _start(ctx, group.id)
        again.file_name, again.data = name, data
        changed = ctx.t(
            N_("Something changed in {group} since the check; nothing was stored. The new check:"),
            group=group.name,
        )
        await _show(ctx, again, table, result, [changed])
        return
    notes(result, ctx.services.i18n(group.lang))  # the audit trail speaks the group's language
    if result.rows:
        await store(ctx.session, group, result, ctx.now, actor_id=person.id)
    await apply_updates(ctx, result.updates)
    handovers = [(u.measure, u.handover.old, u.handover.new) for u in result.updates if u.handover]
    handovers += await _assign_new(ctx, group, result)
    await replan(ctx.services, ctx.session, group.id, ctx.now)
    lines = done_lines(ctx, group.name, result)
    lines += summary_notes(ctx.tr, result, group.name)
    ctx.reply("\n".join(lines))
    for update in result.updates:
        await tell_due_changed(ctx, update.measure, update.changes)
    for measure, old, new in handovers:
        await tell_responsible(ctx, measure, old, new)
    await _tell_group(ctx, group, name, result)


async def _members(ctx: Context, group_id: int) -> Members:
    """The group's members, named as the export names them (to read responsible cells)."""
    return Members(await people.members_of(ctx.session, group_id), lambda p: shown_name(ctx, p))


async def _assign_new(
    ctx: Context, group: Group, result: ChangeResult
) -> list[tuple[Measure, Person | None, Person]]:
    """The members a new row names become responsible for the measure it created."""
    done: list[tuple[Measure, Person | None, Person]] = []
    for row, number in zip(result.rows, result.created, strict=True):
        person = result.responsible.get(row.number)
        if person is None:  # most rows name nobody: no lookup for them
            continue
        measure = await measure_repo.measure_by_number(ctx.session, group.id, number)
        if measure is not None:
            await set_responsible(ctx, measure, None, person, note=row.note)
            done.append((measure, None, person))
    return done


async def _tell_group(ctx: Context, group: Group, name: str, result: ChangeResult) -> None:
    """The steering group's chat hears of an import done elsewhere (in a direct chat)."""
    tr = ctx.services.i18n(group.lang)
    for chat in await group_repo.chats_of(ctx.session, group.id, "steering"):
        ref = ChatRef(chat.platform, chat.chat_id)
        if ref.same_chat(ctx.chat):
            continue
        who = shown_name(ctx, ctx.person, target=ref)
        text = "\n".join(group_lines(tr, who, quoted(name[:80], group.lang), result))
        ctx.send_to(ref, Reply(text))


async def import_action(ctx: Context) -> None:
    """The buttons under the check: ``import:<draft>:go:<version>`` and ``…:cancel:…``."""
    assert ctx.action is not None
    _prefix, draft_id, what, version = (ctx.action.ref.split(":") + ["", "", ""])[:4]
    person = ctx.person
    draft = await ctx.session.get(ImportDraft, int(draft_id)) if draft_id.isdecimal() else None
    if not _checked(draft, ctx.now):
        raise CommandError(NOTHING_TO_CONFIRM)
    assert draft is not None
    if person is None or draft.person_id != person.id:
        raise CommandError(N_("Only the person who sent the list can import or cancel it."))
    if version != draft.checked:
        raise CommandError(
            N_("These buttons belong to an earlier check; please use those under the latest one.")
        )
    if what == "cancel":
        await _cancel(ctx)
    else:
        await _confirm(ctx, draft)


def commands() -> list[Command]:
    return [
        Command(
            name="import",
            aliases=("importieren",),
            handler=import_list,
            summary=N_("import a list of measures (xlsx, ods or csv) sent in the chat"),
            usage=N_("/import, then send the file; /import yes|cancel"),
            params=(Param("words", "words", required=False),),
            roles=COORDINATORS,
            awaits_file=awaits_file,
            answers=answers,
            file_hint=N_(
                "A list of measures (xlsx, ods or csv) is imported with /import: I then ask for "
                "the file."
            ),
        )
    ]


def actions() -> dict[str, Handler]:
    return {"import": import_action}
