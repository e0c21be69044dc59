"""Youth protection: marking minors (/minor, the age band after a youth /join), their own
choice to show their name (/showname) and sensitive groups on Telegram (/sensitive)."""

from __future__ import annotations

import re
from collections.abc import Callable

from bot.arguments import missing
from bot.context import Context
from bot.errors import CommandError
from bot.events import ChatRef, Choice, Reply
from bot.i18n import N_, Translator
from bot.parsing import fold
from bot.registry import Command, Handler, Param
from bot.roles import COORDINATOR, COORDINATORS, MEMBER, MEMBERS, OBSERVER, STRANGER, YOUTH
from bot.scheduling.notices import known_before, take_back, tell_when_awake
from bot.values import parse_bool
from commands.common import (
    YOUTH_PSEUDONYM,
    coordinator_sees_minors,
    hidden_here,
    hide_minor_in_history,
    their_language,
)
from commands.membership import find_member
from commands.privacy import ANYONE
from storage.models import Person
from storage.repo import lifecycle, people

#: The topic of an age question held for the end of someone's quiet hours.
AGE_QUESTION = "age_question"
#: The topic of a held notice that the coordination marked someone as under 16 or not: a
#: later /minor about them supersedes it.
MARKED = "marked_minor"

# Someone who is no youth representative and marked under 16 by mistake (or no longer) cannot
# answer the age question: the coordination decides for them.
AGE_BY_COORDINATION = N_(
    "If you are marked as under 16 and that is wrong, the coordinators change it: /minor "
    "<your name> off."
)


async def minor(ctx: Context) -> None:
    """/minor <member> on|off: mark a member as under 16 (shown as Youth representation)."""
    words = ctx.params["text"].split()
    if len(words) < 2:
        raise missing(ctx, N_("on or off"))
    value = parse_bool(words[-1])
    person, membership = await find_member(
        ctx, " ".join(words[:-1]), minors_named=coordinator_sees_minors(ctx)
    )
    was_shown = not person.is_minor or person.show_name
    presumed = person.is_minor and not age_settled(person)  # hidden until they answer
    # Marked at 22:00 and again at 23:00, in their quiet hours: what they are told goes from
    # what they knew before the first (nothing, when it came back to that).
    knew = _as_known(was_shown, presumed)
    if person.id != ctx.require_person().id:
        held = await take_back(ctx, ctx.require_group(), person.id, [MARKED])
        knew = known_before(held, MARKED) or knew
        was_shown, presumed = "shown" in knew.split("+"), "presumed" in knew.split("+")
    person.is_minor = value
    # A minor's name is hidden until they opt in themselves.
    person.show_name = not value
    person.age_answered_at = ctx.now  # decided: the bot does not ask them any more
    await take_back_age_question(ctx, person)
    await hide_minor_in_history(ctx, person)
    if value and (was_shown or presumed) and person.id != ctx.require_person().id:
        await _tell_marked_minor(
            ctx, person, youth=membership.role == YOUTH, presumed=not was_shown, known=knew
        )
    if not value and not was_shown and person.id != ctx.require_person().id:
        # Their name becomes visible: they hear it, and how to say otherwise.
        group = ctx.require_group()
        tr = their_language(ctx, person, youth=membership.role == YOUTH)
        told = N_(
            "The coordinators of {group} have marked you as 16 or older. From now on the group "
            "sees your name. If you are under 16, answer /age."
        )
        # at 23:00 it waits for the end of their quiet hours
        reply = Reply(tr.t(told, group=group.name))
        await tell_when_awake(ctx, person.id, group, reply, topic=MARKED, known=knew)
    if value:
        ctx.reply(
            ctx.t(
                N_(
                    "Done. This member is marked as under 16: shown as “{pseudonym}” in group "
                    "messages, the plan and exports, and reminded only in a direct chat."
                ),
                pseudonym=ctx.t(YOUTH_PSEUDONYM),
            )
        )
    else:
        ctx.reply(ctx.t(N_("Done. This member is no longer marked as under 16.")))


def _as_known(shown: bool, presumed: bool) -> str:
    """What someone knew of their marking, as a held notice keeps it (``known``): their name
    ``shown`` or hidden, and ``presumed`` under 16 until they answer."""
    return "+".join(["shown" if shown else "hidden", *(["presumed"] if presumed else [])])


async def _tell_marked_minor(
    ctx: Context, person: Person, *, youth: bool, presumed: bool, known: str
) -> None:
    """Tell someone a coordinator marked as under 16 what changes for them (in "du"): their
    name hidden (``presumed``: hidden already until their answer, which is not asked for any
    more), and whom to ask about it; in their quiet hours when they end (``known``: what they
    knew before, kept with it, see ``MARKED``)."""
    group = ctx.require_group()
    tr = their_language(ctx, person, youth=True)
    if presumed:
        told = N_(
            "The coordinators of {group} have marked you as under 16, so I do not ask you "
            "about your age any more. The group keeps seeing “{pseudonym}” instead of your "
            "name, also in the action plan and in exports, and I remind you only here in our "
            "direct chat; /showname on shows your name."
        )
    else:
        told = N_(
            "The coordinators of {group} have marked you as under 16. From now on the group sees "
            "“{pseudonym}” instead of your name; /showname on shows it again."
        )
    ask = (
        N_(
            "If that is not right, answer /age; if you have questions about it, ask the "
            "coordinators of {group}."
        )
        if youth
        else N_(
            "If that is not right or you have questions about it, ask the coordinators of {group}."
        )
    )
    text = tr.t(told, group=group.name, pseudonym=tr.t(YOUTH_PSEUDONYM))
    reply = Reply(f"{text}\n{tr.t(ask, group=group.name)}")
    await tell_when_awake(ctx, person.id, group, reply, topic=MARKED, known=known)


async def showname(ctx: Context) -> None:
    """/showname on|off: a minor chooses whether the group sees their name."""
    person = ctx.person
    if person is None:
        raise CommandError(N_("I store nothing about you, so there is nothing to change."))
    raw = ctx.params.get("value")
    value = parse_bool(raw) if raw else None  # "/showname maybe" is refused for anyone
    if not person.is_minor:
        ctx.reply(ctx.t(N_("Your name is shown anyway. This setting is for members under 16.")))
        return
    if value is None:
        _tell_showname(ctx, person.show_name, await in_every_group(ctx, person))
        return
    person.show_name = value
    if value:
        text = ctx.t(N_("From now on the group sees your name."))
        if ctx.group is not None and ctx.group.sensitive:
            text += " " + ctx.t(
                N_(
                    "In the Telegram chats of this group it stays hidden, because the group is marked as sensitive."
                )
            )
        # Ideas have their own choice: say so, or "the group sees your name" would be wrong
        # for them.
        if ctx.role == STRANGER:
            text += " " + ctx.t(
                N_("Ideas you send while not in the steering group stay without your name.")
            )
        elif await lifecycle.is_anonymous(ctx.session, person.id):
            text += " " + ctx.t(
                N_(
                    "Your ideas stay without your name, as you chose with /anonymous; "
                    "/anonymous off shows it with them."
                )
            )
    else:
        text = ctx.t(
            N_("From now on the group sees “{pseudonym}” instead of your name."),
            pseudonym=ctx.t(YOUTH_PSEUDONYM),
        )
    ctx.reply(text + await in_every_group(ctx, person))


async def in_every_group(ctx: Context, person: Person) -> str:
    """The choice is the person's, not one group's: someone in several groups reads that it
    holds in all of them (shown in one town, the name is shown in the other too)."""
    joined = await people.groups_of(ctx.session, person.id)
    if len(joined) < 2:
        return ""
    return "\n" + ctx.t(
        N_("This holds in all your steering groups: {groups}."),
        groups=", ".join(group.name for group, _ in joined),
    )


def _tell_showname(ctx: Context, shown: bool, every: str = "") -> None:
    """/showname without a value: what the group sees now, and how to change it."""
    command = ctx.as_typed
    if shown:
        text = ctx.t(
            N_("The group sees your name. {command} off shows “{pseudonym}” instead."),
            command=command,
            pseudonym=ctx.t(YOUTH_PSEUDONYM),
        )
    else:
        text = ctx.t(
            N_("The group sees “{pseudonym}” instead of your name. {command} on shows your name."),
            command=command,
            pseudonym=ctx.t(YOUTH_PSEUDONYM),
        )
    ctx.reply(text + every)


# ---- age band after a youth /join ------------------------------------------------------------


def ask_age_band(
    ctx: Context, person: Person, tr: Translator | None = None, *, presume: bool = True
) -> None:
    """A new youth representative counts as under 16 (shown as the pseudonym, reminded only in
    a direct chat) until they answer "16 or older" or a coordinator says otherwise with /minor:
    privacy by default, since youth representatives are often minors and this question, asked
    in their direct chat (in ``tr``, their own language, when someone else's command made them
    one), may never reach someone who has no direct chat with the bot (hence
    :func:`direct_chat_button` beside it in a group). ``presume=False`` asks again (/age) and
    changes nothing before the answer."""
    reply = age_question(person, tr or ctx.tr, presume=presume)
    if ctx.is_direct and ctx.person is not None and ctx.person.id == person.id:
        ctx.send_to(ctx.chat, reply)
    else:
        ctx.send_to_person(person.id, reply, fallback=None)


def age_question(person: Person, tr: Translator, *, presume: bool = True) -> Reply:
    """The age question of :func:`ask_age_band` in ``tr``, with its buttons; ``presume``:
    until the answer, ``person`` counts as under 16."""
    if presume and not age_settled(person):
        # Also for someone already presumed under 16 (an idea from the youth chat) who chose
        # /showname on there: until the answer, the group sees the pseudonym, as promised.
        person.is_minor = True
        person.show_name = False
    if person.is_minor:
        question = N_(
            "One question, so I can protect your data: are you under 16? Until you answer, "
            "and afterwards if you are, the group sees “{pseudonym}” instead of your name "
            "(you can change that with /showname on)."
        )
    else:
        question = N_(
            "One question, so I can protect your data: are you under 16? If you are, the "
            "group sees “{pseudonym}” instead of your name from then on (you can change that "
            "with /showname on)."
        )
    return Reply(
        tr.t(question, pseudonym=tr.t(YOUTH_PSEUDONYM)),
        choices=(
            Choice(tr.t(N_("under 16")), "age:under16"),
            Choice(tr.t(N_("16 or older")), "age:16plus"),
        ),
    )


async def take_back_age_question(ctx: Context, person: Person) -> None:
    """Take back the age question held for ``person`` until their quiet hours end (made a
    youth representative at night), in any of their groups, once their age is known: answered
    (``/age`` at 23:00, then the button) or decided with /minor. The morning would ask what is
    settled. A question being sent just now stays (see ``take_back``)."""
    for group, _ in await people.groups_of(ctx.session, person.id):
        await take_back(ctx, group, person.id, [AGE_QUESTION])


def age_settled(person: Person) -> bool:
    """Whether the person answered the age question (or a coordinator decided it with /minor):
    then joining as a youth representative elsewhere, or becoming one, asks nothing again."""
    return person.age_answered_at is not None


def unnamed_here(ctx: Context, person: Person, role: str, *, target: ChatRef | None = None) -> bool:
    """Whether this chat (or ``target``, e.g. a steering chat told of a /join elsewhere) must
    not name ``person``, who just became ``role`` (joined, or /role): a minor whose name it does
    not see (:func:`hidden_here`), and a youth representative who may be under 16 — in a
    sensitive group's Telegram chats (its other chats show what :func:`hidden_here` shows), and
    in a chat the group shares (not a direct chat) until they answer the age question."""
    if hidden_here(ctx, person, target=target):
        return True
    if role != YOUTH:
        return False
    where = target or ctx.chat
    sensitive = ctx.group is not None and bool(ctx.group.sensitive)
    return (sensitive and where.platform == "telegram") or (
        not where.is_direct and not age_settled(person)
    )


def direct_chat_button(tr: Translator) -> Choice:
    """A button in a group chat that opens the direct chat with the bot and asks the age
    question there (/age): on Telegram the bot may not write first to someone who never wrote
    to it, so the question sent at /join would not arrive."""
    return Choice(tr.t(N_("Open the direct chat")), "age", opens_direct=True)


async def age(ctx: Context) -> None:
    """/age: a youth representative (again) answers whether they are under 16 — the question
    from /join, for someone who did not get it or whose answer changed."""
    person = ctx.require_person()
    if not ctx.is_direct:
        ctx.reply(
            ctx.t(N_("I ask you in our direct chat.")),
            choices=(direct_chat_button(ctx.tr),),
        )
    person.age_answered_at = None  # the question is open again: a typed answer counts too
    # Asked from a group chat, the question goes to the direct chat, in its language.
    tr = None if ctx.is_direct else their_language(ctx, person, youth=True)
    ask_age_band(ctx, person, tr, presume=False)


async def age_action(ctx: Context) -> None:
    """The answer to :func:`ask_age_band`: ``age:under16`` or ``age:16plus``."""
    person = ctx.person
    assert ctx.action is not None
    _, band, how = (ctx.action.ref.split(":") + ["", ""])[:3]
    typed = how in ("typed", "word")  # "15", "unter 16"; a bare yes or no is a "word"
    if person is None or ctx.group is None:
        if typed:  # "ich bin 15" from someone in no group: no button was ever shown
            raise CommandError(N_("I understand commands. Type /help to see them."))
        raise CommandError(N_("This button is no longer valid."))
    if band not in ("under16", "16plus"):
        raise CommandError(N_("This button is no longer valid."))
    if typed and (
        not await people.youth_somewhere(
            ctx.session, person.id, ctx.role, ctx.groups if ctx.is_direct else None
        )
        or (how == "word" and age_settled(person))
    ):
        # Nobody asked them: a stray "15", or a "ja" after the answer. (Youth in any group
        # counts, also when the direct chat speaks for another group: the answer is about
        # the person.)
        raise CommandError(N_("I understand commands. Type /help to see them."))
    if typed and age_settled(person):
        # Typed, not pressed: only an answer to the open question.
        raise CommandError(
            N_("I have your answer already. /age asks the question again if it has changed.")
        )
    if age_settled(person) and person.is_minor == (band == "under16"):
        # The question's button pressed after the answer was typed, or pressed again: it
        # changes nothing, and the thanks are not said twice.
        ctx.reply(ctx.t(N_("I have this answer already; nothing changed.")))
        return
    person.is_minor = band == "under16"
    person.show_name = not person.is_minor
    person.age_answered_at = ctx.now
    await take_back_age_question(ctx, person)
    await hide_minor_in_history(ctx, person)
    if person.is_minor:
        ctx.reply(
            ctx.t(
                N_(
                    "Thank you. The group sees “{pseudonym}” instead of your name, and I remind "
                    "you only here in our direct chat. /showname on shows your name."
                ),
                pseudonym=ctx.t(YOUTH_PSEUDONYM),
            )
        )
    else:
        ctx.reply(ctx.t(N_("Thank you. The group sees your name.")))


# ---- /sensitive ------------------------------------------------------------------------------


async def sensitive(ctx: Context) -> None:
    """/sensitive [on|off]: nothing personal about minors in this group's Telegram chats."""
    group = ctx.require_group()
    raw = ctx.params.get("value")
    if not raw:
        state = ctx.t(N_("on")) if group.sensitive else ctx.t(N_("off"))
        ctx.reply(
            ctx.t(
                N_(
                    "Sensitive group ({state}): nothing personal about members under 16 is ever "
                    "posted into this group's Telegram chats; Matrix and the console are not affected."
                ),
                state=state,
            )
        )
        return
    if ctx.role != COORDINATOR:
        raise CommandError(N_("Only coordinators can mark a group as sensitive."))
    group.sensitive = parse_bool(raw)
    if group.sensitive:
        ctx.reply(
            ctx.t(
                N_(
                    "This group is now sensitive: no names or other personal data of members under 16 in its Telegram chats."
                )
            )
        )
    else:
        ctx.reply(ctx.t(N_("This group is no longer marked as sensitive.")))


def commands() -> list[Command]:
    return [
        Command(
            name="minor",
            aliases=("minderjaehrig", "minderjährig"),
            handler=minor,
            summary=N_("mark a member as under 16"),
            usage=N_("/minor <member> on|off"),
            params=(Param("text", "text", label=N_("member and on or off")),),
            roles=COORDINATORS,
        ),
        Command(
            name="showname",
            aliases=("namezeigen",),
            handler=showname,
            summary=N_("under 16: show your name to the group or not"),
            usage=N_("/showname [on|off]"),
            params=(Param("value", required=False),),
            roles=ANYONE,
            needs_group=False,
            listed=lambda ctx: ctx.person is not None and ctx.person.is_minor,
        ),
        Command(
            name="age",
            aliases=("alter",),
            handler=age,
            summary=N_("youth representatives: say whether you are under 16"),
            usage=N_("/age"),
            roles=frozenset({YOUTH}),
            role_from_any_group=True,
            refused_hints={MEMBER: AGE_BY_COORDINATION, OBSERVER: AGE_BY_COORDINATION},
            # Only to someone marked under 16: an adult guest has nothing to correct.
            refused_hint_if=lambda ctx: ctx.person is not None and ctx.person.is_minor,
        ),
        Command(
            name="sensitive",
            aliases=("sensibel",),
            handler=sensitive,
            summary=N_("protect minors' data in this group's Telegram chats"),
            usage=N_("/sensitive [on|off]"),
            params=(Param("value", required=False),),
            roles=MEMBERS | {STRANGER},
            listed=lambda ctx: ctx.role == COORDINATOR,  # the others may read it, not change it
            who=N_("everyone (to look); coordinators (to switch it on or off)"),
        ),
    ]


def actions() -> dict[str, Handler]:
    return {"age": age_action}


# "Bist du unter 16?" answered with yes or no (and nothing else: "ja, aber …" is not read).
_YES = re.compile(r"(?:ja|jap|jo|jep|yes|yep|yeah|ja bin ich|ja ich bin unter 16)")
_NO = re.compile(r"(?:nein|ne|nee|noe|no|nope|nein bin ich nicht|nein ich bin 16 oder alter)")
_I_AM = r"(?:(?:ich )?bin |i am |i'm |im )?(?:erst |schon |noch |gerade |only |just )?"
_YEARS = r"(?: jahre?(?: alt)?| years?(?: old)?)?"
_UNDER_16 = re.compile(_I_AM + r"(?:unter|under|u) ?16" + _YEARS)
_16_PLUS = re.compile(
    _I_AM + r"(?:16 (?:oder|und) (?:aelter|alter|mehr|drueber)|(?:ueber|uber|ab) 16|16 ?\+"
    r"|16 ?plus|16 or older|over 16)"
)
_AGE = re.compile(_I_AM + r"(?P<n>[0-9]{1,2})" + _YEARS)


def read_age_answer(text: str) -> str | None:
    """A typed answer to the age question ("unter 16", "16 oder älter", "15", "ich bin erst
    14 Jahre alt", or "ja"/"nein" to "are you under 16?"): the action of the button it stands
    for, marked as typed (a bare yes or no as a word); None for anything else."""
    said = " ".join(fold(text).strip(" .!").split())
    if _YES.fullmatch(said):
        return "age:under16:word"
    if _NO.fullmatch(said):
        return "age:16plus:word"
    if _UNDER_16.fullmatch(said):
        return "age:under16:typed"
    if _16_PLUS.fullmatch(said):
        return "age:16plus:typed"
    if (age := _AGE.fullmatch(said)) and 6 <= int(age["n"]) <= 99:
        return "age:under16:typed" if int(age["n"]) < 16 else "age:16plus:typed"
    return None


def typed_answers() -> tuple[Callable[[str], str | None], ...]:
    return (read_age_answer,)
