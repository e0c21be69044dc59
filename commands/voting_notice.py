"""Telling the youth representatives of a new voting round.

They may vote, but the round is announced in the chat where a coordinator opened it, and
youth representatives are often not there: they have their own youth chat, and members under 16
are reached only in a direct chat. So a new round is also posted in the group's youth chat (when
one is bound and the round was not opened there), or, without a youth chat, sent to each youth
representative directly — except to those who asked to hear about things in the group chat, where
the round is announced (never a minor: they are reached only in a direct chat).
"""

from __future__ import annotations

from collections.abc import Sequence
from zoneinfo import ZoneInfo

from bot.context import Context
from bot.events import Reply
from bot.i18n import N_, Translator
from bot.roles import YOUTH
from bot.scheduling.policies import GROUP as GROUP_CHANNEL
from bot.scheduling.policies import channel_of
from bot.values import format_datetime
from commands.voting_input import METHOD_NAMES, SECRET_HINT, vote_hint
from commands.youth import youth_chat
from storage.models import Group, Measure, Round
from storage.repo import people
from storage.repo import reminders as reminder_repo


async def tell_youth(ctx: Context, rnd: Round, measures: Sequence[Measure]) -> None:
    """After a round opened: the youth chat, or each youth representative, hears of it."""
    group = ctx.require_group()
    youth = [
        person
        for person, membership in await people.members_of(ctx.session, group.id)
        if membership.role == YOUTH and person.forgotten_at is None
    ]
    if not youth:
        return
    chat = await youth_chat(ctx, group.id)
    if chat is not None:
        if (chat.platform, chat.chat_id) != (ctx.chat.platform, ctx.chat.chat_id):
            tr = ctx.services.i18n(group.lang, informal=True)
            ctx.send_to(chat, Reply(notice(tr, group, rnd, measures)))
        return
    settings = await reminder_repo.person_settings_for(ctx.session, (p.id for p in youth))
    for person in youth:
        if channel_of(settings.get(person.id)) == GROUP_CHANNEL and not person.is_minor:
            continue  # hears of things in the group chat, where the round is announced
        tr = ctx.services.i18n(person.lang or group.lang, informal=True)
        ctx.send_to_person(person.id, Reply(notice(tr, group, rnd, measures)), fallback=None)


def notice(tr: Translator, group: Group, rnd: Round, measures: Sequence[Measure]) -> str:
    """What is voted on and how, for someone who did not see the announcement."""
    method = tr.t(METHOD_NAMES[rnd.method])
    if rnd.title:
        head = tr.t(
            N_("New voting round in {group}: round {number} “{title}” ({method})."),
            group=group.name,
            number=rnd.number,
            title=rnd.title,
            method=method,
        )
    else:
        head = tr.t(
            N_("New voting round in {group}: round {number} ({method})."),
            group=group.name,
            number=rnd.number,
            method=method,
        )
    lines = [head, *(f"{m.number}. {m.title}" for m in measures)]
    lines.append(vote_hint(tr, rnd.method, rnd.number, [m.number for m in measures]))
    if rnd.secret:
        lines.append(tr.t(SECRET_HINT))
    if rnd.closes_at is not None:
        when = format_datetime(rnd.closes_at, ZoneInfo(group.tz), tr.lang)
        lines.append(tr.t(N_("Closes: {when}."), when=when))
    return "\n".join(lines)
