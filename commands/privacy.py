"""Privacy: what is stored (/privacy), a copy of it (/mydata), erasure (/forget; a coordinator's
/remove … forget, in ``commands/membership.py``, uses it too).

Youth protection (/minor, /showname, /sensitive, the age band) is in ``commands/minors.py``."""

from __future__ import annotations

from collections import defaultdict
from datetime import timedelta

from sqlalchemy import delete, select

from bot.context import Context
from bot.errors import CommandError
from bot.events import ChatRef, Choice, Reply
from bot.i18n import N_
from bot.parsing import typed_code
from bot.registry import Command, Handler, Param
from bot.roles import CONTRIBUTORS, EVERYONE, STRANGER
from bot.values import shortened
from commands import succession
from commands.common import YOUTH_PSEUDONYM
from commands.privacy_export import LANGUAGE_NAMES, export_files
from commands.voting_announcement import refresh_open_rounds
from storage.models import ErasureRequest, Measure, Person
from storage.privacy.erasure import FORMER_MEMBER, erase_person, export_person
from storage.privacy.parts import Retention, build_parts
from storage.repo import groups as group_repo
from storage.repo import lifecycle, people
from storage.repo import measures as measure_repo

CONFIRM_MINUTES = 30
ANYONE = EVERYONE | {STRANGER}
FORGET_WORDS = ("forget", "vergessen")
# The note of the "left" entry in a group's history (/history alone) of someone forgotten:
# on their own wish, or removed and forgotten by a coordinator. The entry keeps their role,
# never their name (nothing links it to them once the erasure has run).
FORGOTTEN = "forgotten"
REMOVED_FORGOTTEN = "removed_forgotten"


# ---- /privacy ------------------------------------------------------------------------------


async def privacy(ctx: Context) -> None:
    """/privacy: in plain language what is stored, for how long, and how to get or delete it."""
    retention = Retention.from_settings(ctx.services.settings)
    text = "\n".join(
        [
            ctx.t(
                N_(
                    "Privacy in brief:\n"
                    "• About you I store only: your account id and display name, your language, "
                    "your role in the steering group and what you enter yourself (proposals, "
                    "changes, votes in open rounds, settings). I do not keep chat messages; I only "
                    "read commands."
                )
            ),
            await _what_the_group_sees(ctx),
            ctx.t(
                N_(
                    "• Ids of handled messages are deleted after {days} days, sent reminders after "
                    "{reminder_days} days, and everything about the people of a group {years} "
                    "years after its programme has ended.\n"
                    "• /mydata sends you a copy of everything I store about you.\n"
                    "• /forget deletes it. Your proposals stay for the group, shown as “former "
                    "member”."
                ),
                days=retention.event_ids.days,
                reminder_days=retention.sent_reminders.days,
                years=retention.closed_group_years,
            ),
        ]
    )
    text += "\n" + _full_notice(ctx)
    if not ctx.is_direct:
        text += "\n" + ctx.t(
            N_("Write /privacy to me in a direct chat to see what I store about you in particular.")
        )
    elif ctx.person is None:
        text += "\n" + ctx.t(N_("Right now I store nothing about you."))
    else:
        text += "\n\n" + await _summary(ctx, ctx.person)
    ctx.reply(text)


async def _what_the_group_sees(ctx: Context) -> str:
    """The line on what the steering group sees: in the direct chat as it is for the asker (a
    minor whose name is hidden, or who chose /anonymous, is not told the group sees their
    name); in a group chat, or for someone unknown, the rule without saying anything about
    the asker (their age is nobody else's business)."""
    pseudonym = ctx.t(YOUTH_PSEUDONYM)
    person = ctx.person
    if not ctx.is_direct or person is None:
        return ctx.t(
            N_(
                "• The steering group sees its members' proposals and names. Members under 16 "
                "are shown as “{pseudonym}” unless they choose otherwise."
            ),
            pseudonym=pseudonym,
        )
    if person.is_minor and not person.show_name:
        return ctx.t(
            N_(
                "• Your steering group sees your proposals, but not your name: because you are "
                "under 16, it sees “{pseudonym}” instead. /showname on shows your name."
            ),
            pseudonym=pseudonym,
        )
    if await lifecycle.is_anonymous(ctx.session, person.id):
        return ctx.t(
            N_(
                "• Your steering group sees your proposals and your name, but with your ideas "
                "only “{pseudonym}”, as you chose with /anonymous."
            ),
            pseudonym=pseudonym,
        )
    return ctx.t(
        N_(
            "• Your steering group sees your proposals and your name. Members under 16 are "
            "shown as “{pseudonym}” unless they choose otherwise."
        ),
        pseudonym=pseudonym,
    )


def _full_notice(ctx: Context) -> str:
    """Where the full privacy notice is: the operator's link, or whom to ask for it."""
    url = ctx.services.settings.privacy_url
    if url:
        return ctx.t(N_("The full privacy notice of whoever runs this bot: {url}"), url=url)
    return ctx.t(
        N_(
            "The full privacy notice is kept by whoever runs this bot (usually your town); your "
            "coordinators can tell you where to find it."
        )
    )


async def _summary(ctx: Context, person: Person) -> str:
    parts = build_parts(ctx.services.i18n)
    data = await export_person(ctx.session, parts, person.id)
    lines = [ctx.t(N_("What I store about you right now:"))]
    lines.append(
        ctx.t(
            N_("• name: {name}; language: {lang}"),
            name=person.display_name,
            lang=ctx.t(LANGUAGE_NAMES.get(person.lang or "", LANGUAGE_NAMES[""])),
        )
    )
    if person.is_minor:
        lines.append(
            ctx.t(
                N_("• you are marked as under 16; your name is shown to the group: {shown}"),
                shown=ctx.t(N_("yes")) if person.show_name else ctx.t(N_("no")),
            )
        )
    titles = {p.name: p.title for p in parts}
    for name, value in data.items():
        if name == "person":
            continue
        # A part of lists counts their entries; one of plain values is one thing (an open
        # erasure request is one, not its two times).
        count = sum(len(v) for v in value.values() if isinstance(v, list)) or 1
        lines.append(f"• {ctx.t(titles[name])}: {count}")
    return "\n".join(lines)


# ---- /mydata -------------------------------------------------------------------------------


async def mydata(ctx: Context) -> None:
    """/mydata: a JSON and a text file with everything stored about the asker, in their DM."""
    person = ctx.person
    if person is None:
        ctx.reply(ctx.t(N_("I store nothing about you, so there is nothing to send.")))
        return
    parts = build_parts(ctx.services.i18n)
    data = await export_person(ctx.session, parts, person.id)
    tr = ctx.services.i18n(person.lang or ctx.lang, informal=ctx.tr.informal)
    files = export_files(data, parts, tr, ctx.now, ctx.zone)
    text = tr.t(
        N_(
            "Here is everything I store about you: a JSON file for programs and a text file to "
            "read. It contains nothing about anyone else."
        )
    )
    if ctx.is_direct:
        ctx.reply(text, attachments=files)
        return
    # Personal data never goes into a group chat, and no mention there either.
    ctx.send_to_person(person.id, Reply(text, attachments=files), fallback=None)
    ctx.reply(
        ctx.t(
            N_(
                "I have sent your data to our direct chat. If nothing arrives, write to me directly first."
            )
        )
    )


# ---- /forget -------------------------------------------------------------------------------


async def forget(ctx: Context) -> None:
    """/forget, then /forget <code>: erase everything about the asker."""
    person = ctx.person
    if person is None or person.forgotten_at is not None:
        ctx.reply(ctx.t(N_("I store nothing about you, so there is nothing to delete.")))
        return
    typed = ctx.params.get("code") or ""
    code = typed_code(typed)
    if not code and typed.strip():  # "/forget 👨‍👩‍👧": no code in it, and no wish for a new one
        raise CommandError(
            N_(
                "“{text}” is no confirmation code: a code has letters and digits (like "
                "K7X2ABCD). Nothing was deleted. Please check what you typed; /forget alone "
                "gives you a new code."
            ),
            text=shortened(typed, 40),
        )
    if not code:
        await _ask_confirmation(ctx, person)
        return
    await _confirm(ctx, person, code)


async def _ask_confirmation(ctx: Context, person: Person) -> None:
    """The question with its code and button; asked in a group chat, in the direct chat: it
    is nobody else's business there, and only the asker's own press counts anyway."""
    await ctx.session.execute(delete(ErasureRequest).where(ErasureRequest.person_id == person.id))
    code = ctx.services.new_code()
    ctx.session.add(
        ErasureRequest(
            person_id=person.id,
            code=code,
            created_at=ctx.now,
            expires_at=ctx.now + timedelta(minutes=CONFIRM_MINUTES),
        )
    )
    tr = ctx.tr
    if not ctx.is_direct:  # their own language there, "du" to the youth
        tr = ctx.services.i18n(person.lang or ctx.lang, informal=tr.informal or person.is_minor)
    question = tr.t(
        N_(
            "Do you really want me to forget you? I will delete your accounts, your name, "
            "your memberships, your settings, your reminders and your votes in open rounds. "
            "Your proposals and changes stay for the group, shown as “former member”. This "
            "cannot be undone.\nTo confirm, type /forget {code} within {minutes} minutes."
        ),
        code=code,
        minutes=CONFIRM_MINUTES,
    )
    joined = await people.groups_of(ctx.session, person.id)
    sole = succession.warnings(tr, await succession.sole_coordinations(ctx.session, joined))
    asked = Reply(
        "\n".join([*sole, question]),
        choices=(Choice(tr.t(N_("Yes, delete everything")), f"forget:{code}"),),
    )
    if ctx.is_direct:
        ctx.reply(asked.text, choices=asked.choices)
        return
    ctx.send_to_person(person.id, asked, fallback=None)  # never into the group
    ctx.reply(
        ctx.t(N_("I ask you in our direct chat. If nothing arrives, write /forget to me there."))
    )


async def _confirm(ctx: Context, person: Person, code: str) -> None:
    request = await ctx.session.scalar(
        select(ErasureRequest).where(ErasureRequest.person_id == person.id)
    )
    if request is None:
        raise CommandError(
            N_("There is nothing to confirm. Type /forget first; I will give you a code.")
        )
    if request.expires_at <= ctx.now:
        raise CommandError(N_("The confirmation code has expired. Type /forget for a new one."))
    if request.code != code:
        raise CommandError(
            N_(
                "The confirmation code {code} is wrong. Nothing was deleted. Type /forget for a new one."
            ),
            code=code[:32],
        )
    await erase_and_flag(ctx, person.id)
    ctx.reply(
        ctx.t(
            N_(
                "Done: I have forgotten you. Your accounts, name and settings are deleted; your "
                "proposals stay for the group as “former member”. If you write to me again, I "
                "will treat you as someone new."
            )
        )
    )


async def forget_action(ctx: Context) -> None:
    """The "Yes, delete everything" button: ``forget:<code>``."""
    person = ctx.person
    if person is None or person.forgotten_at is not None:
        ctx.reply(ctx.t(N_("I store nothing about you, so there is nothing to delete.")))
        return
    assert ctx.action is not None
    await _confirm(ctx, person, typed_code(ctx.action.ref.partition(":")[2]))


async def erase_and_flag(
    ctx: Context, person_id: int, note: str = N_("asked to be forgotten")
) -> None:
    """Erase the person through every part; tell the coordinators of each group which measures
    have lost their responsible person, and say so in those measures' histories (``note``: why,
    without the name: it is gone). Each of their groups' history says that a member (in their
    role) left and was forgotten, by whom if a coordinator removed them, never who."""
    orphaned = list(
        await ctx.session.scalars(
            select(Measure)
            .where(Measure.responsible_id == person_id)
            .order_by(Measure.group_id, Measure.number)
        )
    )
    joined = await people.groups_of(ctx.session, person_id)
    voted_in = [g for g, m in joined if m.role in CONTRIBUTORS]
    sole = await succession.sole_coordinations(ctx.session, joined)
    actor = ctx.person.id if ctx.person is not None and ctx.person.id != person_id else None
    for left, membership in joined:  # the group's history says someone left, not who
        await group_repo.record_group_event(
            ctx.session,
            left.id,
            actor_id=actor,
            subject_id=person_id,  # unlinked by the erasure
            at=ctx.now,
            field="left",
            old=membership.role,
            note=FORGOTTEN if actor is None else REMOVED_FORGOTTEN,
        )
    await erase_person(ctx.session, build_parts(ctx.services.i18n), person_id, ctx.now)
    await succession.hand_on(ctx, sole)
    for voters_changed in voted_in:
        await refresh_open_rounds(ctx, voters_changed)
    for m in orphaned:
        group = await group_repo.group_by_id(ctx.session, m.group_id)
        tr = ctx.services.i18n(group.lang if group else None)
        m.updated_at = ctx.now
        await measure_repo.record_event(
            ctx.session,
            m.id,
            actor_id=actor,
            at=ctx.now,
            field="responsible",
            old=tr.t(FORMER_MEMBER),
            note=tr.t(note),
        )
    await flag_orphaned(ctx, orphaned)


async def flag_orphaned(ctx: Context, measures: list[Measure]) -> None:
    by_group: dict[int, list[Measure]] = defaultdict(list)
    for m in measures:
        by_group[m.group_id].append(m)
    for group_id, items in by_group.items():
        group = await group_repo.group_by_id(ctx.session, group_id)
        if group is None:
            continue
        chats = await group_repo.chats_of(
            ctx.session, group_id, "coordinators"
        ) or await group_repo.chats_of(ctx.session, group_id, "steering")
        tr = ctx.services.i18n(group.lang)
        listing = "\n".join(f"• {m.number}. {m.title}" for m in items)
        text = tr.t(
            N_(
                "Coordinators, please note: a member left and these measures have no responsible "
                "person any more:\n{measures}\nWho takes them on? /assign <number> <who>"
            ),
            measures=listing,
        )
        for chat in chats:
            ctx.send_to(ChatRef(chat.platform, chat.chat_id), Reply(text))


def commands() -> list[Command]:
    return [
        Command(
            name="privacy",
            aliases=("datenschutz",),
            handler=privacy,
            summary=N_("what I store about you and how to get or delete it"),
            usage=N_("/privacy"),
            roles=ANYONE,
            needs_group=False,
        ),
        Command(
            name="mydata",
            aliases=("meinedaten",),
            handler=mydata,
            summary=N_("a copy of everything I store about you"),
            usage=N_("/mydata"),
            roles=ANYONE,
            needs_group=False,
        ),
        Command(
            name="forget",
            aliases=("vergessen",),
            handler=forget,
            summary=N_("delete everything I store about you"),
            usage=N_("/forget, then /forget <code>"),
            params=(Param("code", required=False),),
            roles=ANYONE,
            needs_group=False,
        ),
    ]


def actions() -> dict[str, Handler]:
    return {"forget": forget_action}
