"""The youth lane: the youth chat, the moderation queue, the choice to be shown by name or
as "Jugendvertretung", and telling the proposer what became of their idea ("du" to the youth,
"Sie" to an adult who brought an idea there)."""

from __future__ import annotations

from bot.context import Context
from bot.direct_chat import about_other_group
from bot.errors import CommandError, UsageError
from bot.events import ChatRef, Reply
from bot.fields import match_field, shown_field
from bot.i18n import N_, Translator
from bot.parsing import choose, fold
from bot.registry import GROUP, Command, Param
from bot.roles import (
    CONTRIBUTORS,
    COORDINATOR,
    COORDINATORS,
    EVERYONE,
    MEMBER,
    MY_IDEAS_HINT,
    ROLE_NAMES,
    STRANGER,
    YOUTH,
    YOUTH_CHAT,
)
from bot.scheduling.notices import take_back_in, tell_when_awake
from bot.statuses import (
    ADOPTED,
    DONE,
    DROPPED,
    IN_PROGRESS,
    POSTPONED,
    PROPOSED,
    SHORTLISTED,
)
from bot.values import format_date, parse_bool
from bot.values.text import sentence, with_more
from commands.common import (
    YOUTH_PSEUDONYM,
    hint_removal_rights,
    send_to_steering_chats,
    shown_name,
)
from commands.idea_numbers import QUEUE_READERS
from commands.idea_rounds import ROUND_NEWS
from commands.measures import REPEAT_WINDOW, check_description
from commands.minors import age_settled, in_every_group
from commands.my_ideas import my_ideas
from commands.same_titles import idea_notes
from storage.models import Chat, FieldOfAction, Group, Measure, Person, YouthIdea
from storage.repo import groups as group_repo
from storage.repo import lifecycle, people
from storage.repo import measures as repo

MAX_REASON = 1000
# What follows "/bind youth" to unbind the youth chat instead ("/binden jugend aus").
UNBIND_WORDS = frozenset({"off", "aus"})

# What the proposer hears for each step of their idea ("du" to the youth, see tell_proposer).
STATUS_NEWS = {
    SHORTLISTED: N_(
        "Good news about your idea “{title}”: the steering group has put it on the shortlist."
    ),
    ADOPTED: N_(
        "Great news: your idea “{title}” has been adopted! It is now part of the action plan."
    ),
    IN_PROGRESS: N_("It's starting: your idea “{title}” is now being put into practice."),
    DONE: N_("Done! Your idea “{title}” has been put into practice. Thank you for your idea!"),
    POSTPONED: N_(
        "Your idea “{title}” has been postponed. It is not forgotten, it will come up again later."
    ),
}
BACK_ON_THE_TABLE = N_(
    "Your idea “{title}” is back on the table: the steering group will talk about it again."
)
DROPPED_WHY = N_("Sorry: your idea “{title}” will not be put into practice. The reason: {reason}")
DROPPED_NO_REASON = N_(
    "Sorry: your idea “{title}” will not be put into practice. If you want to know why, ask your coordinator."
)
ACCEPTED = N_(
    "Good news: your idea “{title}” has been taken up by the steering group {group}. It is now measure {number}."
)
REJECTED = N_("Your idea “{title}” was not taken up this time. The reason: {reason}")
# After a no: the way forward, so that the message does not end at the reason.
NEW_IDEA = N_("You are welcome to send a new idea at any time: /propose and your idea.")
# After other news: the note given with the status, so the proposer hears what happened.
GROUP_NOTE = N_("The steering group adds: {note}")
# Why an adult may not hide their name with their ideas (/anonymous).
ADULTS_NAMED = N_(
    "Proposals of the steering group's members always show who made them; only youth "
    "representatives can hide their name."
)


async def youth_chat(ctx: Context, group_id: int) -> Chat | None:
    """The group's youth chat, if one is bound."""
    chats = await group_repo.chats_of(ctx.session, group_id, YOUTH_CHAT)
    return chats[0] if chats else None


async def tell_proposer(
    ctx: Context,
    person_id: int | None,
    group_id: int,
    message: str,
    then: str | None = None,
    **params: object,
) -> None:
    """Send ``message`` (and the line ``then``, with the same ``params``) to the proposer in
    their language: direct chat (as "du" to a youth representative or someone under 16, else
    as the bot speaks to them there; under the town's name when that chat speaks for another
    of their groups; to someone in no group in the youth chat's language), else the youth
    chat in that chat's language (as "du" there also to someone in no group, "Sie" to an adult
    member). In their quiet hours it waits for their end (``bot.scheduling.notices``)."""
    if person_id is None:
        return
    person = await people.person_by_id(ctx.session, person_id)
    if person is None or person.forgotten_at is not None:
        return
    group = await group_repo.group_by_id(ctx.session, group_id)
    group_lang = group.lang if group else None
    membership = await people.membership(ctx.session, person.id, group_id)
    youth = person.is_minor or (membership is not None and membership.role == YOUTH)

    def text_in(tr: Translator) -> Reply:
        return Reply(tr.t(message, **params) + (f"\n{tr.t(then, **params)}" if then else ""))

    chat = await youth_chat(ctx, group_id)
    # Someone in no group knows the bot from the youth chat alone: in its language, unless
    # they chose their own.
    usual = chat.lang if membership is None and chat is not None and chat.lang else group_lang
    tr = ctx.services.i18n(person.lang or usual, informal=youth)
    reply = text_in(tr)
    # Their direct chat may speak for another of their groups: say which town this is about
    # and how to switch there (not in the youth chat, which is this group's).
    other = (
        await people.direct_chat_elsewhere(ctx.session, person, group_id) if membership else None
    )
    if group is not None and other is not None:
        reply = Reply(about_other_group(tr, reply.text, group.name, other.name))
    fallback, in_chat = None, None
    if chat is not None:
        # In the youth chat as the bot answers them there: "du" also to someone in no group.
        fallback = ChatRef(chat.platform, chat.chat_id)
        in_chat = text_in(
            ctx.services.i18n(chat.lang or group_lang, informal=youth or membership is None)
        )
    if group is None:
        ctx.send_to_person(person.id, reply, fallback=fallback, fallback_reply=in_chat)
        return
    # A decision taken at 23:00 reaches a fifteen-year-old when their quiet hours end.
    await tell_when_awake(ctx, person.id, group, reply, fallback=fallback, fallback_reply=in_chat)


async def tell_youth_about_status(
    ctx: Context, measure: Measure, status: str, note: str = "", *, old: str | None = None
) -> None:
    """After a status change of a youth idea: tell the one who proposed it (unless they made
    the change themselves: they have the answer, and the note is theirs). Back among the
    proposals after it was dropped or postponed, it is news too."""
    if measure.origin != "youth" or measure.proposer_id is None:
        return
    if ctx.person is not None and ctx.person.id == measure.proposer_id:
        return
    then: str | None
    if status == DROPPED:  # why (when the note says) and the way forward
        message, then = (DROPPED_WHY if note else DROPPED_NO_REASON), NEW_IDEA
    elif status in STATUS_NEWS:  # the news, and the note given with it
        message, then = STATUS_NEWS[status], (GROUP_NOTE if note else None)
    elif status == PROPOSED and old in (DROPPED, POSTPONED):
        message, then = BACK_ON_THE_TABLE, (GROUP_NOTE if note else None)
    else:
        return
    # Its round's result held for their quiet hours gives way: one message, the decision.
    await take_back_in(
        ctx.session, measure.group_id, measure.proposer_id, [ROUND_NEWS.format(measure.id)]
    )
    await tell_proposer(
        ctx,
        measure.proposer_id,
        measure.group_id,
        message,
        then,
        title=measure.title,
        reason=sentence(note),
        note=sentence(note),
    )


def goes_to_queue(ctx: Context) -> bool:
    """Ideas from youth representatives and from the youth chat are moderated first."""
    return ctx.in_youth_lane


async def queue_idea(
    ctx: Context, title: str, description: str, field: FieldOfAction | None
) -> None:
    """Put a youth idea into the moderation queue."""
    from commands.groups import ensure_person

    group = ctx.require_group()
    await ensure_person(ctx)
    person = ctx.require_person()
    await _presume_under_16(ctx, person)
    facts = await lifecycle.new_idea_facts(
        ctx.session, group.id, person.id, title=title, since=ctx.now - REPEAT_WINDOW
    )
    number, wants_anonymous, repeated = facts.number, facts.anonymous, facts.repeated
    if repeated is not None:  # the same message sent twice: one idea, maybe told more now
        await _idea_again(ctx, repeated, title, description)
        return
    group_tr = ctx.services.i18n(group.lang)
    same_title = idea_notes(ctx, facts, group_tr)  # stored all the same, said
    await lifecycle.add_idea(
        ctx.session,
        group_id=group.id,
        number=number,
        title=title,
        description=description,
        field_id=field.id if field else None,
        proposer_id=person.id,
        # Someone in the youth chat who is no member may well be under 16: no name, unasked.
        # /anonymous is the youth's (an adult's choice stored before it was is not followed).
        anonymous=(wants_anonymous and ctx.role == YOUTH) or ctx.role == STRANGER,
        state="pending",
        created_at=ctx.now,
    )
    thanks = ctx.t(
        N_(
            "Thanks! Your idea “{title}” is now with the steering group (idea {number} in the queue). I will tell you what becomes of it."
        ),
        title=title,
        number=number,
    )
    ctx.reply(f"{thanks}\n{same_title[0]}" if same_title else thanks)
    if ctx.is_direct or ctx.in_youth_chat:  # sent in the steering chat, the group read it
        # No name: the steering chat may not see who is behind "Jugendvertretung".
        told = group_tr.t(
            N_(
                "New youth idea {number}: “{title}”. The coordinators decide with /accept "
                "{number} [#field] or /reject {number} <reason>."
            ),
            number=number,
            title=title,
        )
        if same_title:
            told += "\n" + same_title[1]
        await send_to_steering_chats(ctx, group.id, Reply(told))


async def _idea_again(ctx: Context, number: int, title: str, description: str) -> None:
    """The idea ``number`` sent again: a description it did not have yet is added to it (the
    first message had only the title); anything else is the same message sent twice."""
    idea = await lifecycle.idea_by_number(ctx.session, ctx.require_group().id, number)
    assert idea is not None  # found by the same statement that numbered the new one
    more = with_more(idea.description, description)
    if more is None and idea.created_at < ctx.now - REPEAT_WINDOW:  # waiting since
        raise CommandError(
            N_(
                "You already sent the idea “{title}” on {date}: it is idea {number} in the "
                "queue and waits for the steering group's decision. I will tell you what "
                "becomes of it."
            ),
            title=idea.title,
            date=format_date(idea.created_at.astimezone(ctx.zone).date(), ctx.lang),
            number=number,
        )
    if more is None:
        raise CommandError(
            N_(
                "You sent the idea “{title}” a moment ago: it is idea {number} in the queue. I "
                "will tell you what becomes of it."
            ),
            title=title,
            number=number,
        )
    if idea.state != "pending":
        raise CommandError(
            N_(
                "The steering group has already decided on your idea “{title}”, so I cannot add "
                "anything to it. /myideas shows what became of it."
            ),
            title=idea.title,
        )
    check_description(more)
    idea.description = more
    ctx.reply(
        ctx.t(
            N_(
                "I added your description to your idea “{title}” (idea {number} in the queue). I "
                "will tell you what becomes of it."
            ),
            title=idea.title,
            number=number,
        )
    )


async def _presume_under_16(ctx: Context, person: Person) -> None:
    """Someone in the youth chat who is in no group may well be under 16: treated as a minor
    (no name anywhere, "du", never mentioned in a group) as a youth representative is before
    answering the age question. Joining a group as anything but youth ends the presumption."""
    if ctx.role != STRANGER or person.is_minor or age_settled(person):
        return
    if not await people.groups_of(ctx.session, person.id):
        person.is_minor, person.show_name = True, False


async def bind(ctx: Context) -> None:
    """/bind youth: make this chat the group's youth chat (a coordinator, in that chat)."""
    kind = fold(ctx.params["kind"])
    if kind not in ("youth", "jugend", "jugendchat"):
        raise UsageError(N_("Possible: /bind youth."))
    if fold(ctx.params.get("group") or "").strip(" .!") in UNBIND_WORDS:
        await unbind(ctx)
        return
    if ctx.binding is not None:
        raise CommandError(
            N_("This chat already belongs to the steering group {group}."),
            group=ctx.group.name if ctx.group else "",
        )
    if ctx.person is None:
        raise CommandError(N_("Only a coordinator of a steering group can bind a chat."))
    led = [
        (g, m)
        for g, m in await people.groups_of(ctx.session, ctx.person.id)
        if m.role == COORDINATOR
    ]
    if not led:
        raise CommandError(N_("Only a coordinator of a steering group can bind a chat."))
    group = led[0][0]
    if len(led) > 1:  # not the group joined last, unasked: the chat would be bound for good
        wanted = (ctx.params.get("group") or "").strip()
        found = choose(wanted, led, lambda pair: (pair[0].name,)) if wanted else None
        if found is None:
            raise CommandError(
                N_(
                    "You coordinate several steering groups: {groups}. Which one is this the "
                    "youth chat of? {command} youth <group>"
                ),
                groups=", ".join(g.name for g, _ in led),
                command=ctx.as_typed,
            )
        group = found[0]
    ctx.session.add(
        Chat(
            platform=ctx.chat.platform, chat_id=ctx.chat.chat_id, group_id=group.id, kind=YOUTH_CHAT
        )
    )
    ctx.speak(group.lang)  # a youth chat without its own language speaks the group's from now on
    ctx.reply(
        ctx.t(
            N_(
                "This chat is now the youth chat of {group}. Ideas written here with /propose <idea> go to the "
                "steering group; whoever proposed one hears from me what becomes of it, in our direct chat or else here."
            ),
            group=group.name,
        )
    )
    hint_removal_rights(ctx)


async def unbind(ctx: Context) -> None:
    """/bind youth off: the youth chat is no longer the group's (a coordinator of the group, in
    the youth chat itself or, when that chat is gone or the bot was removed from it, in the
    steering chat). Ideas typed there are no longer taken, and youth notices go to each youth
    representative directly; the steering chat is told."""
    if ctx.binding is None or ctx.group is None:
        raise CommandError(N_("This chat is no youth chat of a steering group: nothing to unbind."))
    group = ctx.group
    if ctx.role != COORDINATOR:
        raise CommandError(
            N_("Only a coordinator of {group} can unbind its youth chat."), group=group.name
        )
    if ctx.in_youth_chat:
        chats = [ctx.binding]
    else:
        chats = await group_repo.chats_of(ctx.session, group.id, YOUTH_CHAT)
        if not chats:
            raise CommandError(N_("{group} has no youth chat to unbind."), group=group.name)
    for chat in chats:
        await ctx.session.delete(chat)
    told = ctx.services.i18n(group.lang).t(
        N_(
            "{name} unbound the youth chat of {group}. Ideas written there no longer reach the "
            "steering group; the youth representatives hear of new rounds and results in their "
            "direct chats. A coordinator makes another chat the youth chat with {command} "
            "youth there."
        ),
        name=shown_name(ctx, ctx.person),
        group=group.name,
        command=ctx.as_typed,
    )
    if ctx.in_youth_chat:
        ctx.reply(_unbound(ctx, ctx.binding, group))
        await send_to_steering_chats(ctx, group.id, Reply(told))
        return
    for chat in chats:
        ctx.send_to(ChatRef(chat.platform, chat.chat_id), Reply(_unbound(ctx, chat, group)))
    ctx.reply(told)


def _unbound(ctx: Context, chat: Chat, group: Group) -> str:
    """What a youth chat hears when it is unbound: in its language, "du" (the youth read it)."""
    return ctx.services.i18n(chat.lang or group.lang, informal=True).t(
        N_(
            "This chat is no longer the youth chat of {group}: ideas written here no longer "
            "reach the steering group. Ideas already sent stay with it, and their proposers "
            "still hear from me what becomes of them."
        ),
        group=group.name,
    )


async def ideas(ctx: Context) -> None:
    """/ideas: for a youth representative their own ideas and what became of them (as
    /myideas), for coordinators and members the queue."""
    if ctx.role == YOUTH:
        await my_ideas(ctx)
        return
    await queue(ctx)


async def queue(ctx: Context) -> None:
    """/queue: youth ideas waiting for a decision."""
    group = ctx.require_group()
    ideas = await lifecycle.pending_ideas(ctx.session, group.id)
    if not ideas:
        ctx.reply(ctx.t(N_("No youth ideas are waiting.")))
        return
    fields = {
        f.id: shown_field(ctx.tr, f.name) for f in await group_repo.fields_of(ctx.session, group.id)
    }
    lines = [ctx.tn("{n} youth idea is waiting:", "{n} youth ideas are waiting:", len(ideas))]
    for idea in ideas:
        proposer = (
            await people.person_by_id(ctx.session, idea.proposer_id) if idea.proposer_id else None
        )
        parts = [
            f"{idea.number}. {idea.title}",
            shown_name(ctx, proposer, youth_anonymous=idea.anonymous),
        ]
        if idea.field_id in fields:
            parts.append(fields[idea.field_id])
        lines.append(" · ".join(parts))
        if idea.description:
            lines.append(f"   {idea.description[:300]}")
    if ctx.role == COORDINATOR:
        lines.append(ctx.t(N_("Decide with /accept <n> [#field] or /reject <n> <reason>.")))
    else:
        lines.append(ctx.t(N_("The coordinators decide on them (/accept or /reject).")))
    ctx.reply("\n".join(lines))


async def _pending(ctx: Context, number: int) -> YouthIdea:
    idea = await lifecycle.idea_by_number(ctx.session, ctx.require_group().id, number)
    if idea is None:
        raise CommandError(N_("There is no youth idea {number}. /queue lists them."), number=number)
    if idea.state != "pending":
        raise CommandError(N_("Youth idea {number} has already been decided."), number=number)
    return idea


async def accept(ctx: Context) -> None:
    """/accept <n> [#field]: the idea becomes a measure with origin youth."""
    group = ctx.require_group()
    idea = await _pending(ctx, ctx.params["number"])
    fields = await group_repo.fields_of(ctx.session, group.id)
    field_id = idea.field_id
    if ctx.params.get("field"):
        field_id = match_field(ctx.params["field"], fields, ctx.tr).id
    field = next((f for f in fields if f.id == field_id), None)
    number = await group_repo.next_measure_number(ctx.session, group.id)
    measure = Measure(
        group_id=group.id,
        number=number,
        title=idea.title,
        description=idea.description,
        field_id=field_id,
        origin="youth",
        proposer_id=idea.proposer_id,
        proposer_anonymous=idea.anonymous,
        status="proposed",
        created_at=ctx.now,
        updated_at=ctx.now,
    )
    ctx.session.add(measure)
    await ctx.session.flush()
    await repo.record_event(
        ctx.session,
        measure.id,
        actor_id=ctx.require_person().id,
        at=ctx.now,
        field="created",
        new=idea.title,
        note=ctx.t(N_("youth idea {number}"), number=idea.number),
    )
    idea.state, idea.measure_id = "accepted", measure.id
    idea.decided_at, idea.decided_by = ctx.now, ctx.require_person().id
    if field is not None:  # as /propose says it: the field it stands under in the plan
        text = ctx.t(
            N_("Youth idea {idea} is now measure {number} “{title}” (field of action: {field})."),
            idea=idea.number,
            number=number,
            title=idea.title,
            field=shown_field(ctx.tr, field.name),
        )
    else:
        text = ctx.t(
            N_("Youth idea {idea} is now measure {number} “{title}”."),
            idea=idea.number,
            number=number,
            title=idea.title,
        )
    ctx.reply(text)
    await tell_proposer(
        ctx, idea.proposer_id, group.id, ACCEPTED, title=idea.title, group=group.name, number=number
    )


async def reject(ctx: Context) -> None:
    """/reject <n> <reason>: the proposer is told why."""
    idea = await _pending(ctx, ctx.params["number"])
    reason = ctx.params["reason"]
    if len(reason) > MAX_REASON:
        raise CommandError(
            N_("The reason is too long ({length} characters, at most {limit})."),
            length=len(reason),
            limit=MAX_REASON,
        )
    idea.state, idea.reason = "rejected", reason
    idea.decided_at, idea.decided_by = ctx.now, ctx.require_person().id
    proposer = (
        await people.person_by_id(ctx.session, idea.proposer_id) if idea.proposer_id else None
    )
    if proposer is None or proposer.forgotten_at is not None:
        told = N_(
            "Youth idea {number} “{title}” is not taken up. Its proposer has had their data "
            "erased, so nobody is told."
        )
    else:
        told = N_("Youth idea {number} “{title}” is not taken up. I will tell the proposer why.")
    ctx.reply(ctx.t(told, number=idea.number, title=idea.title))
    await tell_proposer(
        ctx,
        idea.proposer_id,
        idea.group_id,
        REJECTED,
        NEW_IDEA,
        title=idea.title,
        reason=sentence(reason),
    )


async def anonymous(ctx: Context) -> None:
    """/anonymous on|off: show me to the steering group as "Jugendvertretung" only, or by name."""
    person = ctx.require_person()
    raw = ctx.params.get("choice")
    if not raw:
        await _tell_anonymity(ctx, await lifecycle.is_anonymous(ctx.session, person.id))
        return
    on = parse_bool(raw)
    await lifecycle.set_anonymous(ctx.session, person.id, on)
    # The choice is the person's: it holds for their ideas in every group they are in, as
    # /anonymous typed for any of them then says.
    group_ids = {ctx.require_group().id}
    group_ids |= {g.id for g, _ in await people.groups_of(ctx.session, person.id)}
    for group_id in sorted(group_ids):
        for measure in await repo.list_measures(ctx.session, group_id, person_id=person.id):
            if measure.proposer_id == person.id and measure.origin == "youth":
                measure.proposer_anonymous = on
        for idea in await lifecycle.pending_ideas(ctx.session, group_id):
            if idea.proposer_id == person.id:
                idea.anonymous = on
    every = await in_every_group(ctx, person)
    if on:
        ctx.reply(
            ctx.t(
                N_(
                    "Okay: the steering group sees your ideas as coming from “Youth representation”, without your name."
                )
            )
            + every
        )
    elif _name_hidden_anyway(person):
        ctx.reply(
            ctx.t(
                N_(
                    "Okay. Because you are under 16, the steering group still sees only "
                    "“{pseudonym}” with your ideas. /showname on shows your name."
                ),
                pseudonym=ctx.t(YOUTH_PSEUDONYM),
            )
            + every
        )
    else:
        ctx.reply(ctx.t(N_("Okay: the steering group sees your name with your ideas.")) + every)


def _name_hidden_anyway(person: Person) -> bool:
    """A minor who has not chosen /showname on is shown as the pseudonym with every idea,
    whatever /anonymous says."""
    return person.is_minor and not person.show_name


async def _tell_anonymity(ctx: Context, on: bool) -> None:
    """/anonymous without a choice: what the steering group sees now, and how to change it."""
    command = ctx.as_typed
    every = await in_every_group(ctx, ctx.require_person())
    if not on and _name_hidden_anyway(ctx.require_person()):
        text = N_(
            "Because you are under 16, the steering group sees only “{pseudonym}” with your "
            "ideas. /showname on shows your name; then {command} decides about your ideas."
        )
        ctx.reply(ctx.t(text, command=command, pseudonym=ctx.t(YOUTH_PSEUDONYM)) + every)
        return
    if on:
        text = N_(
            "The steering group sees your ideas as coming from “Youth representation”, without "
            "your name. {command} off shows your name."
        )
    else:
        text = N_(
            "The steering group sees your name with your ideas. {command} on shows only "
            "“Youth representation” instead."
        )
    ctx.reply(ctx.t(text, command=command) + every)


def commands() -> list[Command]:
    return [
        Command(
            name="bind",
            aliases=("binden",),
            handler=bind,
            summary=N_("make this chat the youth chat of your group"),
            usage=N_("/bind youth [group] · /bind youth off"),
            params=(
                Param("kind", label=N_("what the chat is for (youth)")),
                Param("group", "text", required=False),
            ),
            roles=EVERYONE,
            where=frozenset({GROUP}),
            needs_group=False,
            new_chats_only=True,
            who=ROLE_NAMES[COORDINATOR],
        ),
        Command(
            name="queue",
            aliases=("warteschlange",),
            handler=queue,
            summary=N_("youth ideas waiting for a decision"),
            usage=N_("/queue"),
            roles=QUEUE_READERS,
            refused_hints={YOUTH: MY_IDEAS_HINT},
        ),
        Command(
            name="ideas",
            aliases=("ideen",),
            handler=ideas,
            summary=N_("youth ideas: the queue, or your own"),
            usage=N_("/ideas"),
            roles=CONTRIBUTORS,
            listed=lambda ctx: False,  # a word people try: /queue and /myideas are listed
        ),
        Command(
            name="accept",
            aliases=("annehmen",),
            handler=accept,
            summary=N_("take up a youth idea as a measure"),
            usage=N_("/accept <n> [#field]"),
            params=(Param("number", "int", label=N_("number")), Param("field", required=False)),
            roles=COORDINATORS,
        ),
        Command(
            name="reject",
            aliases=("ablehnen",),
            handler=reject,
            summary=N_("turn down a youth idea, with a reason"),
            usage=N_("/reject <n> <reason>"),
            params=(
                Param("number", "int", label=N_("number")),
                Param("reason", "text", label=N_("reason")),
            ),
            roles=COORDINATORS,
        ),
        Command(
            name="anonymous",
            aliases=("anonym",),
            handler=anonymous,
            summary=N_("show your name with your ideas, or only “Youth representation”"),
            usage=N_("/anonymous [on|off]"),
            params=(Param("choice", required=False),),
            # An adult's proposals show who made them; "Jugendvertretung" over an adult's idea
            # from the youth chat would pass it off as the youth's.
            roles=frozenset({YOUTH}),
            refused_hints={COORDINATOR: ADULTS_NAMED, MEMBER: ADULTS_NAMED},
        ),
    ]
