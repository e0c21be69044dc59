"""/import in the chat: a coordinator sends a list of measures (xlsx, ods or csv), sees what
would be imported and what is wrong row by row, and confirms; nothing is stored before that.

The file is kept in ``import_drafts`` between the check and the confirmation (one per person,
30 minutes); the confirmation deletes the draft first, so a second press imports nothing twice.
The rows are read and checked by the same code as ``steerbot import measures``.
"""

from __future__ import annotations

import hashlib
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
from bot.values import quoted, shortened
from commands.common import shown_name
from commands.measure_changes import today
from commands.plan_cli import summary_notes
from commands.plan_import import ImportResult, check, from_header_row, store
from storage.models import Group, Identity, ImportDraft
from storage.privacy.parts import affected
from storage.repo import groups as group_repo
from storage.repo import people

WAIT_MINUTES = 30
MAX_ROWS = 1000  # a longer list is imported on the server (steerbot import measures)
SHOWN = 10  # titles and problems named in the check before "… and n more"
SHOWN_CHARS = 60  # of each title there
YES = frozenset({"ja", "yes", "ok", "importieren", "import", "bestaetigen", "confirm", "go"})
NO = frozenset({"abbrechen", "cancel", "nein", "no", "stop", "stopp"})

NOTHING_TO_CONFIRM = N_("There is no list waiting to be imported. /import starts one.")
ONLY_NEW = N_(
    "An import only adds measures; existing ones are changed with /edit <number> field=value."
)
SEND_IT = N_(
    "Send me the list of measures as a file (xlsx, ods or csv), here in this chat; in a group "
    "chat best as a reply to this message. I read the columns by their names, as in /plan "
    "export xlsx, check every row and show you what I would import; nothing is stored before "
    "you confirm. I wait {minutes} minutes; /import cancel stops."
)


def _mine(person_id: int) -> ColumnElement[bool]:
    return ImportDraft.person_id == person_id


async def awaits_file(session: AsyncSession, message: Message, now: datetime) -> bool:
    """Whether the sender asked with /import for a list in this chat and may still send it."""
    found = await session.scalar(
        select(ImportDraft.id)
        .join(Identity, Identity.person_id == ImportDraft.person_id)
        .where(
            Identity.platform == message.chat.platform,
            Identity.user_id == message.sender.user_id,
            ImportDraft.platform == message.chat.platform,
            ImportDraft.chat_id == message.chat.chat_id,
            ImportDraft.expires_at > now,
        )
    )
    return found is not None


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


async def _own_draft(ctx: Context) -> ImportDraft:
    draft = await ctx.session.scalar(select(ImportDraft).where(_mine(ctx.require_person().id)))
    if not _checked(draft, ctx.now):
        raise CommandError(NOTHING_TO_CONFIRM)
    assert draft is not None
    return draft


def _checked(draft: ImportDraft | None, now: datetime) -> bool:
    """Whether ``draft`` holds a checked file that may still be confirmed."""
    return draft is not None and draft.expires_at > now and draft.data is not None


async def _start(ctx: Context) -> ImportDraft:
    person, group = ctx.require_person(), ctx.require_group()
    await ctx.session.execute(delete(ImportDraft).where(_mine(person.id)))
    draft = ImportDraft(
        person_id=person.id,
        group_id=group.id,
        platform=ctx.chat.platform,
        chat_id=ctx.chat.chat_id,
        created_at=ctx.now,
        expires_at=ctx.now + timedelta(minutes=WAIT_MINUTES),
    )
    ctx.session.add(draft)
    if not ctx.message.files:
        ctx.reply(ctx.t(SEND_IT, minutes=WAIT_MINUTES))
    return draft


async def _cancel(ctx: Context) -> None:
    result = await ctx.session.execute(delete(ImportDraft).where(_mine(ctx.require_person().id)))
    if not affected(result):
        raise CommandError(NOTHING_TO_CONFIRM)
    ctx.reply(ctx.t(N_("Import cancelled; nothing was stored.")))


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
        return read_bytes(file.name, file.data, file.mime_type, max_rows=MAX_ROWS)
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
    result = await check(ctx.session, group, table, ctx.tr, today(ctx))
    draft.file_name = file.name[:255]
    draft.platform, draft.chat_id = ctx.chat.platform, ctx.chat.chat_id
    draft.expires_at = ctx.now + timedelta(minutes=WAIT_MINUTES)
    lines = [_found(ctx, file.name, table, result)]
    lines += _problems(ctx, result)
    lines += summary_notes(ctx.tr, result, group.name)
    if result.existing:
        lines.append(ctx.t(ONLY_NEW))
    if not result.rows:
        draft.data = None  # waits for a corrected file
        lines.append(ctx.t(N_("Nothing to import. Correct the list and send it again.")))
        ctx.reply("\n".join(lines))
        return
    draft.data = file.data
    await ctx.session.flush()
    n = len(result.rows)
    if result.errors:
        go = ctx.tn("Import only the good row", "Import only the {n} good rows", n)
        lines.append(
            ctx.t(
                N_("Correct the list and send it again, or import only the good rows: /import yes.")
            )
        )
    else:
        go = ctx.tn("Import {n} measure", "Import {n} measures", n)
        lines.append(
            ctx.t(N_("Nothing is stored yet. To import: /import yes; to stop: /import cancel."))
        )
    version = _version(file.data)
    ctx.reply(
        "\n".join(lines),
        choices=(
            Choice(go, f"import:{draft.id}:go:{version}"),
            Choice(ctx.t(N_("Cancel")), f"import:{draft.id}:cancel:{version}"),
        ),
    )


def _version(data: bytes | None) -> str:
    """Which file a button was shown under: a corrected list sent since has other buttons."""
    return hashlib.sha256(data or b"").hexdigest()[:8]


def _found(ctx: Context, name: str, table: Table, result: ImportResult) -> str:
    head = ctx.tn(
        "{name}: {n} row checked.",
        "{name}: {n} rows checked.",
        len(table.rows),
        name=quoted(name[:80], ctx.lang),
    )
    if not result.rows:
        return head
    titles = [shortened(str(r.values["title"]), SHOWN_CHARS) for r in result.rows[:SHOWN]]
    if len(result.rows) > SHOWN:
        titles.append(ctx.t(N_("… and {n} more"), n=len(result.rows) - SHOWN))
    ready = ctx.tn(
        "{n} measure can be imported:",
        "{n} measures can be imported:",
        len(result.rows),
    )
    return "\n".join([head, ready, *(f"• {t}" for t in titles)])


def _problems(ctx: Context, result: ImportResult) -> list[str]:
    if result.errors:
        rows = len({n for n, _p in result.errors})
        head = ctx.tn("{n} row has problems:", "{n} rows have problems:", rows)
        shown = [
            ctx.t(N_("Row {row}: {problem}"), row=n, problem=p) for n, p in result.errors[:SHOWN]
        ]
        if len(result.errors) > SHOWN:
            shown.append(ctx.t(N_("… and {n} more"), n=len(result.errors) - SHOWN))
        return [head, *shown]
    return []


async def _confirm(ctx: Context, draft: ImportDraft) -> None:
    person = ctx.require_person()
    group = await group_repo.group_by_id(ctx.session, draft.group_id)
    member = await people.membership(ctx.session, person.id, draft.group_id)
    if group is None or member is None or member.role != COORDINATOR:
        raise CommandError(N_("Only coordinators may import a list of measures."))
    assert draft.data is not None
    data, name = draft.data, draft.file_name
    # Deleted first: a second press, even at the same moment, finds nothing to import.
    gone = await ctx.session.execute(delete(ImportDraft).where(ImportDraft.id == draft.id))
    if not affected(gone):
        raise CommandError(NOTHING_TO_CONFIRM)
    group_tr = ctx.services.i18n(group.lang)
    table = read_bytes(name, data, max_rows=MAX_ROWS)
    # Checked again: the group may have changed since (a field renamed, a title added).
    result = await check(ctx.session, group, table, group_tr, today(ctx))
    if not result.rows:  # the draft stays deleted: there is nothing left to confirm
        ctx.reply(ctx.t(N_("Nothing was imported: no row of the list can be imported any more.")))
        return
    await store(ctx.session, group, result, ctx.now)
    numbers = _numbers(result.created)
    lines = [
        ctx.tn(
            "{n} measure imported into {group}: no. {numbers}. /measures shows it.",
            "{n} measures imported into {group}: no. {numbers}. /measures shows them.",
            len(result.created),
            group=group.name,
            numbers=numbers,
        )
    ]
    if result.errors:
        rows = len({n for n, _p in result.errors})
        lines.append(
            ctx.tn(
                "{n} row with problems was left out.", "{n} rows with problems were left out.", rows
            )
        )
    lines += summary_notes(ctx.tr, result, group.name)
    ctx.reply("\n".join(lines))
    await _tell_group(ctx, group, len(result.created), numbers, name)


async def _tell_group(ctx: Context, group: Group, n: int, numbers: str, name: str) -> None:
    """The steering group's chat hears of an import done elsewhere (in a direct chat)."""
    tr = ctx.services.i18n(group.lang)
    for chat in await group_repo.chats_of(ctx.session, group.id, "steering"):
        ref = ChatRef(chat.platform, chat.chat_id)
        if ref.same_chat(ctx.chat):
            continue
        text = tr.tn(
            "{who} imported {n} measure from {file}: no. {numbers}.",
            "{who} imported {n} measures from {file}: no. {numbers}.",
            n,
            who=shown_name(ctx, ctx.person, target=ref),
            file=quoted(name[:80], group.lang),
            numbers=numbers,
        )
        ctx.send_to(ref, Reply(text))


def _numbers(numbers: list[int]) -> str:
    """``5–16`` for a run, else ``5, 7, 9``."""
    if len(numbers) > 2 and numbers == list(range(numbers[0], numbers[-1] + 1)):
        return f"{numbers[0]}–{numbers[-1]}"
    return ", ".join(str(n) for n in numbers)


async def import_action(ctx: Context) -> None:
    """The buttons under the check: ``import:<draft>:go:<version>`` and ``…:cancel:…``."""
    assert ctx.action is not None
    _prefix, draft_id, what, version = (ctx.action.ref.split(":") + ["", "", ""])[:4]
    person = ctx.person
    draft = await ctx.session.get(ImportDraft, int(draft_id)) if draft_id.isdigit() else None
    if not _checked(draft, ctx.now):
        raise CommandError(NOTHING_TO_CONFIRM)
    assert draft is not None
    if person is None or draft.person_id != person.id:
        raise CommandError(N_("Only the person who sent the list can import or cancel it."))
    if version != _version(draft.data):
        raise CommandError(
            N_("These buttons belong to an earlier file; please use those under the latest check.")
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
            file_hint=N_(
                "A list of measures (xlsx, ods or csv) is imported with /import: I then ask for "
                "the file."
            ),
        )
    ]


def actions() -> dict[str, Handler]:
    return {"import": import_action}
