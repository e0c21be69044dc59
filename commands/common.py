"""Small helpers the command modules share: names as shown, dates as shown, the group's chats."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime

from bot.context import Context
from bot.errors import CommandError
from bot.events import ChatRef, Reply, SentRef
from bot.i18n import N_, Translator
from bot.roles import COORDINATOR, EDITORS, OBSERVER, YOUTH
from bot.values import format_datetime
from storage.models import Person
from storage.privacy.erasure import account_names, scrub, scrub_order
from storage.privacy.measure_parts import pseudonymise_history
from storage.repo import groups as group_repo
from storage.repo import people

YOUTH_PSEUDONYM = N_("Youth representation")
FORMER_MEMBER = N_("former member")
# In a group chat that youth representatives or guests read along, instead of a measure's
# contact (``command``: what to write in a direct chat to read it there).
CONTACT_IN_DIRECT_CHAT = N_("Contact: write {command} to me in a direct chat.")
CONTACT_CHANGES_IN_DIRECT_CHAT = N_("Contact changes: write {command} to me in a direct chat.")
EDITED_CONTACT_IN_DIRECT_CHAT = N_(
    "Contact changes: write /history {number} to me in a direct chat."
)


def their_language(ctx: Context, person: Person, *, youth: bool) -> Translator:
    """How to write to ``person`` directly about this chat's group: in their own language,
    else the group's; as "du" to a youth representative (``youth``) and to anyone under 16."""
    return ctx.services.i18n(
        person.lang or ctx.require_group().lang, informal=youth or person.is_minor
    )


def staff_reads(ctx: Context) -> bool:
    """Whether this answer may show the fields for members and coordinators only
    (``STAFF_FIELDS``: a measure's contact): asked by one of them, not in a youth chat, which
    youth representatives read."""
    return ctx.role in EDITORS and not ctx.in_youth_chat


async def contact_withheld_here(ctx: Context) -> bool:
    """Whether this group chat must leave out the contact that ``staff_reads`` lets the asker
    read: youth representatives or guests are in the group, and the bot cannot tell who of
    the group reads which of its chats, so they may read this one along. Never in a direct
    chat. One statement: asked once per answer, and only when there is a contact to leave out."""
    if ctx.is_direct:
        return False
    return await people.anyone_with_role(ctx.session, ctx.require_group().id, (YOUTH, OBSERVER))


def left_group(group: str) -> CommandError:
    """The refusal of a button pressed by someone no longer in ``group``: stale, and why."""
    return CommandError(
        N_("This button is no longer valid: you are no longer in {group}."), group=group
    )


async def press_in_group(ctx: Context, group_id: int) -> bool:
    """A press counts in the group ``group_id`` (a round's, a measure's), whichever group this
    chat speaks for, as the command typed with ``group=`` would: ``ctx`` takes that group and
    the presser's role in it, and in the direct chat of someone in several groups the answer
    names it. Refused for someone no longer in it; False (``ctx`` as it was) when nobody known
    pressed or the group is gone, for the caller to answer."""
    person = ctx.person
    if person is None:
        return False
    group = await group_repo.group_by_id(ctx.session, group_id)
    if group is None:
        return False
    membership = await people.membership(ctx.session, person.id, group.id)
    if membership is None:
        raise left_group(group.name)
    ctx.group, ctx.role = group, membership.role
    if ctx.is_direct and ctx.groups > 1:
        ctx.heading = group.name
    return True


def pressed_id(ctx: Context) -> int | None:
    """The number a pressed button's action carries after its prefix (``leave:12`` → 12), or
    None when it carries none."""
    assert ctx.action is not None
    wanted = ctx.action.ref.partition(":")[2]
    return int(wanted) if wanted.isdecimal() else None


def shown_name(
    ctx: Context,
    person: Person | None,
    *,
    youth_anonymous: bool = False,
    target: ChatRef | None = None,
    document: bool = False,
    tr: Translator | None = None,
) -> str:
    """How a person is shown to the group: their name, or a pseudonym where they chose one.

    Minors appear as "Youth representation" unless they opted in (``/showname on``); never by
    name in an exported ``document``, nor in a Telegram chat (``target``, default: the chat the
    command came from) of a sensitive group. ``tr``: the language of ``target`` where it is not
    the command's (the pseudonym in the words of the chat it is shown in).
    """
    t = tr.t if tr is not None else ctx.t
    if person is None or person.forgotten_at is not None:
        return t(FORMER_MEMBER)
    if youth_anonymous or hidden_here(ctx, person, target=target, document=document):
        return t(YOUTH_PSEUDONYM)
    return person.display_name or "?"


def recorded_name(ctx: Context, person: Person) -> str:
    """How the measures' history records ``person`` (as the one responsible): as a document
    shows them, never by a minor's name, since the report and its export read the history."""
    return shown_name(ctx, person, document=True)


async def hide_minor_in_history(ctx: Context, person: Person) -> None:
    """Someone now under 16: the history of their groups' measures no longer names them where
    it was written while their name was shown (see :func:`recorded_name`)."""
    if person.is_minor:
        i18n = ctx.services.i18n
        await pseudonymise_history(
            ctx.session, person.id, lambda lang: i18n(lang).t(YOUTH_PSEUDONYM)
        )


def hidden_here(
    ctx: Context, person: Person, *, target: ChatRef | None = None, document: bool = False
) -> bool:
    """Whether this chat (or ``target``, or a ``document``) must not show ``person``'s name:
    :func:`is_pseudonymous` for the chat's platform and group."""
    platform = (target or ctx.chat).platform
    sensitive = ctx.group is not None and bool(ctx.group.sensitive)
    return is_pseudonymous(person, platform=platform, sensitive=sensitive, document=document)


async def minors_unnamed(ctx: Context, *, document: bool = False) -> Callable[[str], str]:
    """What a note people typed ("Lea hat die Plakate gemacht") becomes where it is shown: the
    name, the first name and the platform names and user ids (``account_names``) of a member
    of the group whom this chat (or a ``document``) shows by the pseudonym replaced by it
    (whole words, any case), but none that is also the name or first name of a member shown
    by name ("Anna Schmidt" stays where a hidden minor is called Anna Müller; a first name
    they share does not name her); as typed in a coordinator's direct chat that names them
    (:func:`coordinator_sees_minors`)."""
    group = ctx.group
    if group is None or (not document and coordinator_sees_minors(ctx)):
        return str
    hidden: dict[int, str] = {}
    shown: set[str] = set()
    for person, _ in await people.members_of(ctx.session, group.id):
        full = " ".join((person.display_name or "").split())
        if hidden_here(ctx, person, document=document):
            hidden[person.id] = full
        elif full and person.forgotten_at is None:
            shown.update((full.casefold(), full.split()[0].casefold()))
    if not hidden:
        return str
    names = await account_names(ctx.session, hidden)
    names.update(n for full in hidden.values() if full for n in (full, full.split()[0]))
    ordered = scrub_order(n for n in names if n.casefold() not in shown)
    if not ordered:
        return str
    stand_in = ctx.t(YOUTH_PSEUDONYM)
    return lambda text: scrub(text, ordered, stand_in)


def coordinator_sees_minors(ctx: Context) -> bool:
    """Whether this chat is a coordinator's direct chat that names the minors the group sees
    by the pseudonym (marked "under 16", as /members there lists them): coordinators manage
    members by name; not in a sensitive group's Telegram chats."""
    group = ctx.group
    return (
        group is not None
        and ctx.role == COORDINATOR
        and ctx.is_direct
        and not (group.sensitive and ctx.chat.platform == "telegram")
    )


def marked_name(ctx: Context, person: Person) -> str:
    """A hidden minor's name as :func:`coordinator_sees_minors` shows it: "Lea (under 16)"."""
    return ctx.t(N_("{name} (under 16)"), name=person.display_name)


def name_for_coordinator(ctx: Context, person: Person) -> str:
    """``person`` as this chat shows them, a hidden minor marked by name where
    :func:`coordinator_sees_minors` (the answer to what a coordinator typed there)."""
    if coordinator_sees_minors(ctx) and is_hidden_minor(ctx, person):
        return marked_name(ctx, person)
    return shown_name(ctx, person)


def is_hidden_minor(ctx: Context, person: Person) -> bool:
    """Whether ``person`` is a minor the group sees by the pseudonym (on this chat's platform,
    not counting a sensitive group's Telegram chats): whom :func:`coordinator_sees_minors`
    names, marked."""
    return person.forgotten_at is None and is_pseudonymous(
        person, platform=ctx.chat.platform, sensitive=False
    )


def is_pseudonymous(
    person: Person, *, platform: str, sensitive: bool, document: bool = False
) -> bool:
    """Whether a minor's name must be hidden here (for code that has no ``Context``, e.g.
    background jobs: show ``YOUTH_PSEUDONYM`` translated instead of the name)."""
    if not person.is_minor:
        return False
    return document or not person.show_name or (sensitive and platform == "telegram")


def show_datetime(ctx: Context, value: datetime | None) -> str:
    """An instant in the group's zone, as the reader's language writes it."""
    if value is None:
        return ""
    return format_datetime(value, ctx.zone, ctx.lang)


async def send_to_steering_chats(
    ctx: Context,
    group_id: int,
    reply: Reply,
    *,
    on_sent: Callable[[SentRef], Awaitable[None]] | None = None,
) -> None:
    """Send ``reply`` to every steering chat of the group once the work is committed
    (``on_sent`` is awaited with each sent message's reference)."""
    for chat in await group_repo.chats_of(ctx.session, group_id, "steering"):
        ctx.send_to(ChatRef(chat.platform, chat.chat_id), reply, on_sent=on_sent)


def hint_removal_rights(ctx: Context) -> None:
    """After binding a group chat: if the bot may not remove others' messages there (asked of
    the platform after commit), say so, since invite codes and secret votes typed into the chat
    then stay visible until their senders delete them."""
    if ctx.is_direct:
        return
    if ctx.chat.platform == "telegram":
        how = N_("Please make me an administrator with the right to delete messages.")
    elif ctx.chat.platform == "matrix":
        how = N_("Please give me the power level to remove messages (moderator).")
    else:
        how = N_("Please give me the right to remove messages.")
    ctx.hint_unless_removable(
        ctx.t(
            N_(
                "Note: I may not remove messages in this chat, so an invite code or a secret "
                "vote typed here stays visible until its sender deletes it."
            )
        )
        + " "
        + ctx.t(how)
    )
