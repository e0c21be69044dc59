"""/link: one person on several platforms. ``/link`` gives a one-time code; typing
``/link <code>`` on the other platform makes both accounts one person (one role, one vote, one
set of reminders)."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from bot.context import Context
from bot.errors import CommandError
from bot.i18n import N_, Translator
from bot.parsing import typed_code
from bot.registry import DIRECT, Command, Param, not_for_youth
from bot.roles import EVERYONE, ROLE_NAMES, STRANGER, direct_only
from bot.values import shortened
from commands.common import hide_minor_in_history
from commands.groups import ensure_person
from storage.models import Identity, LinkCode
from storage.repo import people
from storage.repo.merge import merge_persons

LINK_MINUTES = 60
BAD_CODE = N_(
    "The link code {code} is not valid. Type /link on the other platform to get a new one."
)


def _code(ctx: Context) -> str:
    return typed_code(ctx.params.get("code") or "")


async def link(ctx: Context) -> None:
    """/link [code]"""
    code = _code(ctx)
    typed = ctx.params.get("code") or ""
    if not code and typed.strip():  # "/link 👨‍👩‍👧": no code in it, and no wish for a new one
        raise CommandError(
            N_(
                "“{text}” is no link code: a code has letters and digits (like K7X2ABCD). "
                "Please check what you typed; /link alone gives you a new code."
            ),
            text=shortened(typed, 40),
        )
    if code:
        await _use(ctx, code)
    else:
        await _offer(ctx)


async def link_in_group(ctx: Context) -> None:
    """/link typed in a group chat: a code there is made invalid; else the usual pointer to
    the direct chat."""
    code = _code(ctx)
    if not code:
        raise direct_only(ctx)
    await _burn(ctx, code)


async def _offer(ctx: Context) -> None:
    await ensure_person(ctx)
    code = ""
    for _ in range(5):
        candidate = ctx.services.new_code()
        if await ctx.session.scalar(select(LinkCode).where(LinkCode.code == candidate)) is None:
            code = candidate
            break
    if not code:
        raise CommandError(N_("I could not make a new code. Please try again."))
    ctx.session.add(
        LinkCode(
            code=code,
            person_id=ctx.require_person().id,
            platform=ctx.sender.platform,
            created_at=ctx.now,
            expires_at=ctx.now + timedelta(minutes=LINK_MINUTES),
        )
    )
    ctx.reply(
        ctx.t(
            N_(
                "Your link code: {code}\nWithin {minutes} minutes, write /link {code} to me in a direct chat on your other platform. Keep the code to yourself: it joins that account to you."
            ),
            code=code,
            minutes=LINK_MINUTES,
        )
    )


async def _find(ctx: Context, code: str) -> LinkCode | None:
    if len(code) > 32:  # longer than any code: no need to ask the database
        return None
    return await ctx.session.scalar(select(LinkCode).where(LinkCode.code == code))


async def _burn(ctx: Context, code: str) -> None:
    """Everyone in the group chat could read ``code`` and join their account to its owner:
    it no longer works (whether it was valid is not said), and the message is taken out."""
    found = await _find(ctx, code)
    if found is not None and found.used_at is None:
        found.used_at = ctx.now
    ctx.confidential = True
    ctx.reply(
        ctx.t(
            N_(
                "Link codes belong in a direct chat with me: everyone here could read this one, "
                "so it no longer works. Type /link in a direct chat with me for a new one."
            )
        )
    )


# How a platform is named in a sentence ("nicht auf der Konsole"); others by their own name.
PLATFORM_NAMES = {"telegram": "Telegram", "matrix": "Matrix", "console": N_("the console")}


def platform_name(tr: Translator, platform: str) -> str:
    name = PLATFORM_NAMES.get(platform, platform)
    return tr.t(name) if platform == "console" else name


async def _use(ctx: Context, code: str) -> None:
    found = await _find(ctx, code)
    if found is None or found.used_at is not None or found.expires_at <= ctx.now:
        raise CommandError(BAD_CODE, code=code[:32])
    if found.platform == ctx.sender.platform:
        raise CommandError(
            N_("Please type this code on your other platform, not on {platform}."),
            platform=platform_name(ctx.tr, found.platform),
        )
    keep = await people.person_by_id(ctx.session, found.person_id)
    if keep is None or keep.forgotten_at is not None:
        raise CommandError(BAD_CODE, code=code)
    found.used_at = ctx.now
    if ctx.person is not None and ctx.person.id == keep.id:
        raise CommandError(N_("These accounts are already linked."))
    if ctx.person is None:
        sender = ctx.sender
        ctx.session.add(
            Identity(
                person_id=keep.id,
                platform=sender.platform,
                user_id=sender.user_id,
                display_name=sender.display_name,
                direct_chat_id=ctx.chat.chat_id,
            )
        )
    else:
        if ctx.identity is not None and not ctx.identity.direct_chat_id:
            ctx.identity.direct_chat_id = ctx.chat.chat_id
        await merge_persons(ctx.session, keep, ctx.person)
        # When either account was under 16, the one person now is: the history no longer
        # names them (by either account's name), as when someone is marked under 16.
        await hide_minor_in_history(ctx, keep)
    ctx.person = keep
    await ctx.session.flush()
    platforms = sorted(
        {
            platform_name(ctx.tr, i.platform)
            for i in await people.identities_of(ctx.session, keep.id)
        }
    )
    roles = [
        f"{g.name}: {ctx.t(ROLE_NAMES[m.role])}"
        for g, m in await people.groups_of(ctx.session, keep.id)
    ]
    text = ctx.t(
        N_("Done: your accounts on {platforms} are now one person."), platforms=", ".join(platforms)
    )
    if roles:
        text += "\n" + ctx.t(N_("Your groups: {groups}"), groups="; ".join(roles))
    ctx.reply(text)


def commands() -> list[Command]:
    return [
        Command(
            name="link",
            aliases=("verknuepfen", "verknüpfen"),
            handler=link,
            summary=N_("link your accounts on Telegram and Matrix"),
            usage=N_("/link [code]"),
            params=(Param("code", "text", required=False),),
            roles=EVERYONE | {STRANGER},
            listed=not_for_youth,
            where=frozenset({DIRECT}),
            misplaced=link_in_group,
            needs_group=False,
        ),
    ]
