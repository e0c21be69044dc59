"""Moving a group to another chat: /move in the chat it lives in gives a one-time code, /move
<code> in the new chat takes the binding there (from Telegram to Matrix, or to a new group).

The code is kept in the key-value store (``sync_tokens``) under ``chat-move:<code>`` with the
binding it moves and when it expires; it names no person. Only a coordinator of the group can
take the code's chat in the new chat (on another platform after /link), so a code read by
others in the old chat moves nothing for them. What waits for the old chat follows the binding
(see :func:`follow_chat`).
"""

from __future__ import annotations

import json
from datetime import datetime, timedelta

from sqlalchemy import delete, select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.context import Context
from bot.errors import CommandError
from bot.events import ChatRef, Reply
from bot.i18n import N_
from bot.parsing import typed_code
from bot.registry import GROUP, Command, Param
from bot.roles import COORDINATOR, EVERYONE, ROLE_NAMES, YOUTH_CHAT
from commands.common import hint_removal_rights, send_to_steering_chats, show_datetime
from commands.voting_announcement import message_key
from commands.voting_posts import posted_to_key
from storage.models import Chat, Round, SyncToken
from storage.repo import groups as group_repo
from storage.repo import people

MOVE_VALID = timedelta(hours=24)
PREFIX = "chat-move:"
PLATFORM_NAMES = {"telegram": "Telegram", "matrix": "Matrix"}


async def move(ctx: Context) -> None:
    """/move: a code to move this chat's binding; /move <code>: take it here."""
    if ctx.params.get("code"):
        await _arrive(ctx, typed_code(ctx.params["code"]))
    else:
        await _leave(ctx)


async def _leave(ctx: Context) -> None:
    """In the chat the group lives in: a one-time code, valid for 24 hours."""
    if ctx.binding is None or ctx.group is None:
        raise CommandError(
            N_(
                "This chat belongs to no steering group yet. To move a group here, type the "
                "code you got with /move in its chat: /move <code>."
            )
        )
    if ctx.role != COORDINATOR:
        raise CommandError(
            N_("Only coordinators can move the group to another chat."),
        )
    await _drop_expired(ctx.session, ctx.now)
    code = ctx.services.new_code()
    expires = ctx.now + MOVE_VALID
    value = {"chat": ctx.binding.id, "expires": expires.isoformat()}
    ctx.session.add(SyncToken(key=PREFIX + code, value=json.dumps(value), updated_at=ctx.now))
    if ctx.in_youth_chat:
        text = N_(
            "To move the youth chat of {group} to another chat, a coordinator types there:\n"
            "{command} {code}\nThe code works once, until {until}; the other chat must not belong "
            "to a steering group yet. Afterwards this chat is no longer the youth chat."
        )
    else:
        text = N_(
            "To move the steering group {group} to another chat (say, a new Telegram group or a "
            "Matrix room), a coordinator types there:\n{command} {code}\nThe code works once, "
            "until {until}; the other chat must not belong to a steering group yet. Measures, "
            "rounds and reminders move along; this chat is then no longer the group's."
        )
    ctx.reply(
        ctx.t(
            text,
            group=ctx.group.name,
            command=ctx.as_typed,
            code=code,
            until=show_datetime(ctx, expires),
        )
    )


async def _arrive(ctx: Context, code: str) -> None:
    """In the new chat: the binding the code names moves here."""
    found = await ctx.session.get(SyncToken, PREFIX + code) if 0 < len(code) <= 32 else None
    facts = json.loads(found.value) if found is not None else {}
    if found is None or datetime.fromisoformat(facts["expires"]) <= ctx.now:
        raise CommandError(
            N_(
                "The code {code} is not valid (a move code works once, for 24 hours). A "
                "coordinator gets a new one with /move in the group's chat."
            ),
            code=code[:32],
        )
    chat = await ctx.session.get(Chat, facts["chat"])
    group = await group_repo.group_by_id(ctx.session, chat.group_id) if chat else None
    if chat is None or group is None or group.closed_at is not None:
        raise CommandError(N_("This steering group no longer exists."))
    if ctx.binding is not None:
        if ctx.binding.id == chat.id:
            raise CommandError(
                N_("This chat is the chat of {group} already: type the code in the new chat."),
                group=group.name,
            )
        raise CommandError(
            N_(
                "This chat belongs to the steering group {here} already; {group} can move only "
                "into a chat of its own."
            ),
            here=ctx.group.name if ctx.group else "",
            group=group.name,
        )
    membership = (
        await people.membership(ctx.session, ctx.person.id, group.id) if ctx.person else None
    )
    if membership is None or membership.role != COORDINATOR:
        raise CommandError(
            N_(
                "Only a coordinator of {group} can move it here. Coming from another platform? "
                "Link your accounts first: /link in a direct chat with me."
            ),
            group=group.name,
        )
    old = ChatRef(chat.platform, chat.chat_id)
    await ctx.session.delete(found)
    await take_along(ctx.session, chat, ctx.chat)
    ctx.group, ctx.binding, ctx.role = group, chat, COORDINATOR
    youth = chat.kind == YOUTH_CHAT
    lang = chat.lang or group.lang  # a youth chat keeps its own language when it moves
    tr = ctx.services.i18n(lang, informal=youth)
    where = PLATFORM_NAMES.get(ctx.chat.platform, ctx.chat.platform)
    if youth:
        left = N_(
            "The youth chat of {group} has moved to another chat ({platform}); this chat is no "
            "longer it. Ideas written here no longer reach the steering group. The "
            "coordinators tell you the way to the new chat."
        )
        welcome = N_(
            "Welcome! This chat is now the youth chat of {group}. Ideas written here with "
            "/propose <idea> go to the steering group; whoever proposed one hears from me what "
            "becomes of it."
        )
    else:
        left = N_(
            "The steering group {group} has moved to another chat ({platform}); I no longer "
            "answer for it here, and reminders and results go there. The coordinators tell "
            "you the way to the new chat."
        )
        welcome = N_(
            "Welcome! This chat is now the chat of the steering group {group}. Everything "
            "continues here: measures, rounds, youth ideas and reminders. /help shows what I "
            "can do."
        )
    ctx.send_to(old, Reply(tr.t(left, group=group.name, platform=where)))
    ctx.speak(lang)
    ctx.reply(tr.t(welcome, group=group.name))
    if youth:  # the steering chat hears where its youth chat went, in the group's language
        told = ctx.services.i18n(group.lang).t(
            N_("The youth chat of {group} has moved to another chat ({platform})."),
            group=group.name,
            platform=where,
        )
        await send_to_steering_chats(ctx, group.id, Reply(told))
    hint_removal_rights(ctx)


async def take_along(session: AsyncSession, chat: Chat, new: ChatRef) -> None:
    """Point the binding ``chat`` at ``new``; what waits for its old chat follows it (pending
    nudges, an awaited import, the rounds' posts: see :func:`follow_chat`). Both /move and a
    platform's own move (Telegram supergroup, Matrix room upgrade) come through here."""
    old = ChatRef(chat.platform, chat.chat_id)
    await group_repo.rebind_chat(session, chat, new.platform, new.chat_id)
    await follow_chat(session, chat.group_id, old, new)


async def follow_chat(session: AsyncSession, group_id: int, old: ChatRef, new: ChatRef) -> None:
    """What the voting rounds of ``group_id`` keep about chat ``old`` after it became ``new``:
    a result already posted to the old chat counts as posted to the new one (it is not posted
    twice), and the announcements in the old chat are no longer edited (their counts would
    go on showing there)."""
    round_ids = list(await session.scalars(select(Round.id).where(Round.group_id == group_id)))
    announcements = {message_key(rid) for rid in round_ids}
    keys = [*announcements, *(posted_to_key(rid) for rid in round_ids)]
    if not keys:
        return
    for row in await session.scalars(select(SyncToken).where(SyncToken.key.in_(keys))):
        items = json.loads(row.value)
        if row.key in announcements:
            kept = [i for i in items if [i[0], i[1]] != [old.platform, old.chat_id]]
        else:
            kept = [
                [new.platform, new.chat_id] if i == [old.platform, old.chat_id] else i
                for i in items
            ]
        row.value = json.dumps(kept)


async def _drop_expired(session: AsyncSession, now: datetime) -> None:
    """Codes whose time is up go when a new one is made (there are few)."""
    rows = await session.scalars(select(SyncToken).where(SyncToken.key.startswith(PREFIX)))
    expired = [
        row.key for row in rows if datetime.fromisoformat(json.loads(row.value)["expires"]) <= now
    ]
    if expired:
        await session.execute(delete(SyncToken).where(SyncToken.key.in_(expired)))


def commands() -> list[Command]:
    return [
        Command(
            name="move",
            aliases=("umziehen",),
            handler=move,
            summary=N_("move the group (or its youth chat) to another chat"),
            usage=N_("/move (in the group's chat) · /move <code> (in the new chat)"),
            params=(Param("code", "text", required=False),),
            roles=EVERYONE,
            where=frozenset({GROUP}),
            needs_group=False,
            # Typed with its code in a chat of no group; in a group's chats, coordinators only.
            listed=lambda ctx: ctx.group is None or ctx.role == COORDINATOR,
            who=ROLE_NAMES[COORDINATOR],
        ),
    ]
