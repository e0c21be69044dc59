"""Setting up a steering group, inviting and joining, members, language."""

from __future__ import annotations

import re
from collections import Counter
from datetime import timedelta

from sqlalchemy.exc import IntegrityError

from bot.arguments import missing
from bot.context import Context
from bot.errors import CommandError, UsageError
from bot.events import ChatRef
from bot.fields import MAX_FIELD_NAME, shown_field
from bot.i18n import LANGUAGES, N_, Translator
from bot.parsing import fold, option_of, tokenize, typed_code
from bot.programmes import Programme, named_in, programme
from bot.registry import GROUP, Command, Param, not_for_youth
from bot.roles import (
    CONTRIBUTORS,
    COORDINATOR,
    COORDINATORS,
    EVERYONE,
    MEMBERS,
    ROLE_NAMES,
    ROLE_WORDS,
    ROLES,
    STRANGER,
    YOUTH,
    YOUTH_CHAT,
)
from bot.values import shortened
from commands.common import (
    YOUTH_PSEUDONYM,
    coordinator_sees_minors,
    hidden_here,
    hide_minor_in_history,
    hint_removal_rights,
    is_hidden_minor,
    marked_name,
    show_datetime,
    shown_name,
)
from commands.minors import age_settled, ask_age_band, direct_chat_button, unnamed_here
from commands.steering_echo import tell_steering_chats
from commands.voting_announcement import refresh_open_rounds
from commands.voting_input import METHOD_NAMES
from storage.models import Chat, Group, Invite, Membership
from storage.repo import groups as repo
from storage.repo import people
from storage.repo import voting as voting_repo

INVITE_DAYS = 7
# "/invite member 30": at most this many codes in one answer.
MAX_CODES_AT_ONCE = 30
MAX_GROUP_NAME = 120


async def ensure_person(ctx: Context) -> None:
    """Make sure the sender is a person with an identity (first contact creates them)."""
    if ctx.person is None:
        sender = ctx.sender
        name = sender.display_name or sender.user_id
        ctx.person, ctx.identity = await people.create_person(
            ctx.session, sender.platform, sender.user_id, name[:200], ctx.now
        )
    if ctx.is_direct and ctx.identity is not None and not ctx.identity.direct_chat_id:
        ctx.identity.direct_chat_id = ctx.chat.chat_id


# "Steuerungsgruppe Musterstadt" typed as the name: the texts say "die Steuerungsgruppe
# {name}" already, and would read "die Steuerungsgruppe Steuerungsgruppe Musterstadt".
_THE_WORD = re.compile(r"^(?:steuerungsgruppe|steering group)\s*[:\-–]?\s+(?=\S)", re.IGNORECASE)


def group_name(text: str) -> str:
    """A steering group's name as typed, its spacing tidied and a leading "Steuerungsgruppe"
    left out (the texts say it); refused when too long."""
    name = _THE_WORD.sub("", " ".join(text.split()))
    if len(name) > MAX_GROUP_NAME:
        raise CommandError(
            N_("The name is too long ({length} characters, at most {limit})."),
            length=len(name),
            limit=MAX_GROUP_NAME,
        )
    return name


def programme_and_name(name: str, given: str | None) -> tuple[Programme, str]:
    """The programme and the town in a group's ``name`` as typed: "Kinderfreundliche Kommune
    Musterstadt" is Musterstadt in that programme, not a town of that name, unless the
    programme ``given`` (``programme=``, or the group's own on a rename) is another one; without
    a programme's name in it, ``given`` (KFK when none) and the name unchanged."""
    named = named_in(name)
    if named is not None and (given is None or programme(given).key == named[0].key):
        return named
    return programme(given or "kfk"), name


async def setup(ctx: Context) -> None:
    """/setup <name> [programme=kfk|fgk|custom] [fields=a;b;c]"""
    if ctx.binding is not None and ctx.group is not None:
        raise CommandError(
            N_(
                "This chat already belongs to the steering group {group}. Coordinators rename it "
                "with /group rename <name> and change its programme with /programme."
            ),
            group=ctx.group.name,
        )
    if not (ctx.params.get("name") or "").strip():
        if "fields" in ctx.options:  # "/setup fields=A;B Musterstadt": the name ran into B
            raise UsageError(
                N_(
                    "The name of the town comes first, the fields of action after it: "
                    "/setup <name of the town> fields=A;B;C"
                )
            )
        raise missing(ctx, N_("name of the town"))
    # "/setup Twinville lang=en": an option /setup does not take is no part of a town's name
    unknown = next((o for t in tokenize(ctx.params["name"]) if (o := option_of(t))), None)
    if unknown is not None:
        raise UsageError(
            N_("Unknown option {key}=. Possible: {allowed}"),
            key=unknown[0][:40],
            allowed=ctx.t(N_("programme=, fields=")),
        )
    prog, name = programme_and_name(group_name(ctx.params["name"]), ctx.options.get("programme"))
    fields = [(f, False) for f in prog.fields] + [(f, True) for f in prog.optional_fields]
    if "fields" in ctx.options:
        custom = [f.strip() for f in ctx.options["fields"].replace(",", ";").split(";")]
        custom = [f for f in custom if f]
        if any(len(f) > MAX_FIELD_NAME for f in custom):
            raise CommandError(N_("A field of action name is too long (at most 120 characters)."))
        if len({fold(f) for f in custom}) != len(custom):
            raise CommandError(N_("Two fields of action have the same name."))
        fields = [(f, False) for f in custom]
    await ensure_person(ctx)
    person = ctx.require_person()
    namesake = [
        g for g, m in await people.groups_of(ctx.session, person.id) if fold(g.name) == fold(name)
    ]
    settings = ctx.services.settings
    group = await repo.create_group(
        ctx.session,
        name=name,
        programme=prog.key,
        lang=ctx.lang if ctx.lang in LANGUAGES else settings.lang,
        tz=settings.tz,
        fields=fields,
        now=ctx.now,
        phase=prog.phases[0].key,
    )
    ctx.session.add(
        Chat(
            platform=ctx.chat.platform, chat_id=ctx.chat.chat_id, group_id=group.id, kind="steering"
        )
    )
    ctx.session.add(
        Membership(person_id=person.id, group_id=group.id, role=COORDINATOR, joined_at=ctx.now)
    )
    ctx.group, ctx.role = group, COORDINATOR
    field_list = "\n".join(
        f"• {shown_field(ctx.tr, f)}" for f, optional in fields if not optional
    ) or ctx.t(N_("(none yet — add them with /fields add <name>)"))
    ctx.reply(
        ctx.t(
            N_(
                "The steering group {group} ({programme}) is set up in this chat. You are its "
                "coordinator.\nFields of action:\n{fields}\nNext: invite people with /invite "
                "member or /invite youth, and collect measures with /propose <title>."
            ),
            group=name,
            programme=ctx.t(prog.title),
            fields=field_list,
        )
        + "\n"
        + ctx.t(prog.wording.dates_hint)
        + (
            "\n"
            + ctx.t(
                N_(
                    "Note: you are already in a steering group called {group}, in another "
                    "chat. This is a second, new group with nothing of the first; /group rename "
                    "<name> tells them apart."
                ),
                group=name,
            )
            if namesake
            else ""
        )
    )
    hint_removal_rights(ctx)


def role_from(text: str) -> str:
    role = ROLE_WORDS.get(fold(text))
    if role is None:
        raise UsageError(
            N_("Unknown role “{text}”. Possible: coordinator, member, youth, observer."),
            text=text[:40],
        )
    return role


# "/invite revoke <code>|all": the words that withdraw codes, folded.
REVOKE_WORDS = frozenset(
    {"revoke", "withdraw", "zuruckziehen", "zurueckziehen", "widerrufen", "zuruck", "zurueck"}
)
ALL_WORDS = frozenset({"all", "alle"})


async def invite(ctx: Context) -> None:
    """/invite <role> [how many]: one-time codes valid for a week; /invite revoke <code>|all withdraws
    codes not used yet."""
    group = ctx.require_group()
    rest = ctx.params.get("code") or ""
    if fold(ctx.params["role"]) in REVOKE_WORDS:
        await revoke(ctx, rest)
        return
    count = _code_count(rest)
    role = role_from(ctx.params["role"])
    if role == COORDINATOR and not ctx.is_direct:
        # Whoever reads the group chat and is not in the group yet could take the role.
        raise CommandError(
            N_(
                "I give out coordinator codes only in a direct chat with me: anyone who reads "
                "this chat could use one. Write {command} {role} to me there."
            ),
            command=ctx.as_typed,
            role=ctx.params["role"].strip()[:40],
        )
    codes: list[str] = []
    expires = ctx.now + timedelta(days=INVITE_DAYS)
    for _ in range(count):
        code = await _new_code(ctx, codes)
        codes.append(code)
        ctx.session.add(
            Invite(
                code=code,
                group_id=group.id,
                role=role,
                created_by=ctx.require_person().id,
                created_at=ctx.now,
                expires_at=expires,
            )
        )
    role_name = ctx.t(ROLE_NAMES[role])
    until = show_datetime(ctx, expires)
    where = await _where_youth_join(ctx, role)
    if count > 1:
        ctx.reply(_several_codes(ctx, codes, role_name, until, where))
        return
    if where is not None:
        text = (
            N_(
                "Invite code for one {role}: {code}\nValid until {until}, for one person. Give "
                "it to them yourself; they type /join {code} in the youth chat or in a direct "
                "chat with me."
            )
            if where == YOUTH_CHAT
            else N_(
                "Invite code for one {role}: {code}\nValid until {until}, for one person. Give "
                "it to them yourself; they type /join {code} in a direct chat with me."
            )
        )
        ctx.reply(ctx.t(text, role=role_name, code=codes[0], until=until))
        return
    text = (
        N_(
            "Invite code for one {role}: {code}\nValid until {until}, for one person. Give it to "
            "them yourself; they type /join {code} in the group chat or in a direct chat with me."
        )
        if ctx.is_direct
        else N_(
            "Invite code for one {role}: {code}\nValid until {until}, for one person. They "
            "type /join {code} here or in a direct chat with me."
        )
    )
    ctx.reply(ctx.t(text, role=role_name, code=codes[0], until=until))


def _code_count(rest: str) -> int:
    """How many codes "/invite member 10" asks for: 1 without a number; a refusal for other
    words or a number outside 1 to :data:`MAX_CODES_AT_ONCE`."""
    if not rest:
        return 1
    typed = rest.strip()
    if not (typed.isascii() and typed.isdigit()):  # "²" is a digit to Python, no number
        raise UsageError(N_("I did not understand “{extra}”."), extra=shortened(rest, 80))
    count = int(typed)
    if not 1 <= count <= MAX_CODES_AT_ONCE:
        raise CommandError(
            N_(
                "I make 1 to {max} invite codes at once, each for one person. For more people, "
                "ask again."
            ),
            max=MAX_CODES_AT_ONCE,
        )
    return count


async def _new_code(ctx: Context, taken: list[str]) -> str:
    """A code no invite has yet (nor one of ``taken``, made for the same answer)."""
    for _ in range(5):
        candidate = ctx.services.new_code()
        if candidate in taken:
            continue
        if await repo.invite_by_code(ctx.session, candidate) is None:
            return candidate
    raise CommandError(N_("I could not make a new code. Please try again."))


async def _where_youth_join(ctx: Context, role: str) -> str | None:
    """Where a youth representative invited outside the youth chat types the code:
    ``YOUTH_CHAT`` when the group has one, ``"direct"`` when not; ``None`` for other roles and
    in the youth chat itself ("here"). She is in neither the steering chat nor its "group
    chat"."""
    if role != YOUTH or (ctx.binding is not None and ctx.binding.kind == YOUTH_CHAT):
        return None
    group = ctx.require_group()
    return YOUTH_CHAT if await repo.chats_of(ctx.session, group.id, YOUTH_CHAT) else "direct"


def _several_codes(ctx: Context, codes: list[str], role: str, until: str, where: str | None) -> str:
    """The answer to "/invite member 10": the codes one a line, then how to use them."""
    head = ctx.tn(
        "{n} invite codes, each for one {role}:",
        "{n} invite codes, each for one {role}:",
        len(codes),
        role=role,
    )
    if where is not None:
        youth_text = (
            N_(
                "Valid until {until}, each for one person. Give each code to one person "
                "yourself; they type /join <code> in the youth chat or in a direct chat with me."
            )
            if where == YOUTH_CHAT
            else N_(
                "Valid until {until}, each for one person. Give each code to one person "
                "yourself; they type /join <code> in a direct chat with me."
            )
        )
        return "\n".join([head, *codes, ctx.t(youth_text, until=until)])
    text = (
        N_(
            "Valid until {until}, each for one person. Give each code to one person yourself; "
            "they type /join <code> in the group chat or in a direct chat with me."
        )
        if ctx.is_direct
        else N_(
            "Valid until {until}, each for one person. Each of them types /join <code> here or "
            "in a direct chat with me."
        )
    )
    return "\n".join([head, *codes, ctx.t(text, until=until)])


async def revoke(ctx: Context, typed: str) -> None:
    """/invite revoke <code>|all: a code that went astray (posted in the wrong chat, sent to
    the wrong person) joins nobody any more; ``all``: every open code of the group."""
    group = ctx.require_group()
    if not typed.strip():
        raise missing(ctx, N_("invitation code or all"))
    if fold(typed) in ALL_WORDS:
        open_codes = await repo.open_invites(ctx.session, group.id, ctx.now)
        for open_code in open_codes:
            open_code.revoked_at = ctx.now
        if not open_codes:
            ctx.reply(ctx.t(N_("{group} has no open invite codes."), group=group.name))
            return
        ctx.reply(
            ctx.tn(
                "Withdrawn: {n} open invite code ({codes}). Nobody can join with it any more.",
                "Withdrawn: {n} open invite codes ({codes}). Nobody can join with them any more.",
                len(open_codes),
                codes=", ".join(f.code for f in open_codes),
            )
        )
        return
    code = typed_code(typed)
    if not code:
        raise CommandError(
            N_(
                "“{text}” is no invitation code: a code has letters and digits (like K7X2ABCD). "
                "Please check what you typed or ask for a new code."
            ),
            text=shortened(typed, 40),
        )
    found = await repo.invite_by_code(ctx.session, code) if len(code) <= 32 else None
    if found is None or found.group_id != group.id:  # another group's code is not theirs
        raise CommandError(
            N_("{group} has no invite code {code}. Please check it."),
            group=group.name,
            code=code[:32],
        )
    if found.revoked_at is not None:
        raise CommandError(N_("The code {code} is withdrawn already."), code=code)
    if found.used_at is not None:
        raise CommandError(
            N_(
                "The code {code} has been used already, so there is nothing to withdraw. To "
                "take someone out of the group: /remove <name>."
            ),
            code=code,
        )
    if found.expires_at <= ctx.now:
        raise CommandError(
            N_("The code {code} has expired already; nobody can join with it."), code=code
        )
    found.revoked_at = ctx.now
    ctx.reply(
        ctx.t(
            N_(
                "The invite code {code} for one {role} is withdrawn: nobody can join with it any more."
            ),
            code=code,
            role=ctx.t(ROLE_NAMES[found.role]),
        )
    )


async def _already_in(ctx: Context, group_id: int) -> None:
    """Someone types the code they joined with again: they are told they are in, if still."""
    person = ctx.require_person()
    membership = await people.membership(ctx.session, person.id, group_id)
    group = await repo.group_by_id(ctx.session, group_id)
    if membership is not None and group is not None and group.closed_at is None:
        raise CommandError(
            N_("You joined {group} with this code already; you are in it as {role}."),
            group=group.name,
            role=ctx.t(ROLE_NAMES[membership.role]),
        )


async def join(ctx: Context) -> None:
    """/join <code>"""
    code = typed_code(ctx.params["code"])
    if not code:  # "/join 👨‍👩‍👧": nothing of a code in it, so quoted as typed
        raise CommandError(
            N_(
                "“{text}” is no invitation code: a code has letters and digits (like K7X2ABCD). "
                "Please check what you typed or ask for a new code."
            ),
            text=shortened(ctx.params["code"], 40),
        )
    found = await repo.invite_by_code(ctx.session, code) if len(code) <= 32 else None
    first = (ctx.params["code"].split() or [""])[0]
    if found is None and typed_code(first) != code:  # "/join K7X2ABC danke": the first word
        alone = typed_code(first)
        found = await repo.invite_by_code(ctx.session, alone) if len(alone) <= 32 else None
        # Found, or a code's length on its own ("NOPE1234 danke"): the first word is the code
        # meant; shorter ("K7X2 ABCD"), the words together.
        code = alone if found is not None or len(alone) >= 8 else code
    if found is None:
        raise CommandError(
            N_("The code {code} is not valid. Please check it or ask for a new one."),
            code=code[:32],
        )
    if found.used_at is not None:
        if ctx.person is not None and found.used_by == ctx.person.id:
            await _already_in(ctx, found.group_id)
        raise CommandError(
            N_("The code {code} has already been used. Please ask for a new one."), code=code
        )
    if found.revoked_at is not None:
        raise CommandError(
            N_("The code {code} was withdrawn by the coordinators. Please ask for a new one."),
            code=code,
        )
    if found.expires_at <= ctx.now:
        raise CommandError(N_("The code {code} has expired. Please ask for a new one."), code=code)
    group = await repo.group_by_id(ctx.session, found.group_id)
    if group is None or group.closed_at is not None:
        raise CommandError(N_("This steering group no longer exists."))
    if ctx.binding is not None and ctx.group is not None and ctx.group.id != group.id:
        # Welcomed here, a youth representative's name (and that she joins) would be posted
        # among another town's group, which then does not know her.
        raise CommandError(
            N_(
                "This code is for the steering group {group}, and this chat belongs to {here}. "
                "Please send it in my direct chat or in the chat of {group}; it stays valid."
            ),
            group=group.name,
            here=ctx.group.name,
        )
    await ensure_person(ctx)
    person = ctx.require_person()
    existing = await people.membership(ctx.session, person.id, group.id)
    if existing is not None:
        raise CommandError(
            N_("You are already in {group} as {role}. The code stays valid for someone else."),
            group=group.name,
            role=ctx.t(ROLE_NAMES[existing.role]),
        )
    presumed = found.role != YOUTH and person.is_minor and not age_settled(person)
    if presumed and not await people.groups_of(ctx.session, person.id):
        person.is_minor = False  # presumed under 16 from youth-chat ideas, invited as an adult
    found.used_by, found.used_at = person.id, ctx.now
    ctx.session.add(
        Membership(person_id=person.id, group_id=group.id, role=found.role, joined_at=ctx.now)
    )
    try:
        await ctx.session.flush()
    except IntegrityError:
        raise CommandError(
            N_("The code {code} has already been used. Please ask for a new one."), code=code
        ) from None
    ctx.group, ctx.role = group, found.role
    # In the group's history (/history alone), as leaving is.
    await repo.record_group_event(
        ctx.session,
        group.id,
        actor_id=person.id,
        subject_id=person.id,
        at=ctx.now,
        field="joined",
        new=found.role,
    )
    if found.role in CONTRIBUTORS:
        await refresh_open_rounds(ctx, group)
    in_chat = ctx.binding.lang if ctx.binding is not None else None  # a youth chat's own
    ctx.speak(person.lang or in_chat or group.lang)
    role_name = ctx.t(ROLE_NAMES[found.role])
    if ctx.is_direct or not unnamed_here(ctx, person, found.role):
        # In their own direct chat everyone is greeted by name.
        welcome = ctx.t(
            N_("Welcome, {name}! You are now in the steering group {group} as {role}."),
            name=person.display_name if ctx.is_direct else shown_name(ctx, person),
            group=group.name,
            role=role_name,
        )
    else:
        welcome = ctx.t(
            N_("Welcome! You are now in the steering group {group} as {role}."),
            group=group.name,
            role=role_name,
        )
    if found.role in CONTRIBUTORS:
        welcome += await _open_rounds_line(ctx, group)
    welcome += "\n" + ctx.t(N_("What is going on: /digest · what you can do: /help"))
    # Someone who answered the age question before (in another group) is not asked again.
    asks = found.role == YOUTH and not age_settled(person)
    if not asks or ctx.is_direct:
        ctx.reply(welcome)
    else:
        # The age question goes to the direct chat, which on Telegram only they can open.
        hint = ctx.t(
            N_(
                "I ask you one question about your data in our direct chat, where I also "
                "remind you."
            )
        )
        ctx.reply(f"{welcome}\n{hint}", choices=(direct_chat_button(ctx.tr),))
    if asks:
        ask_age_band(ctx, person)
        await hide_minor_in_history(ctx, person)
    if ctx.is_direct or ctx.in_youth_chat:  # welcomed in the steering chat, the group saw it
        await tell_steering_chats(ctx, lambda tr, name, where: _joined_line(ctx, tr, name, where))


def _joined_line(ctx: Context, tr: Translator, name: str, where: ChatRef) -> str:
    """The line a steering chat (``where``, in its language ``tr``) reads about someone who
    joined elsewhere (as it hears of leaving): ``name`` as it may show them, or not by name
    where :func:`unnamed_here` says so for that chat (a minor joining in another role: in
    that role, not as a youth representative)."""
    role = ctx.role or YOUTH
    if unnamed_here(ctx, ctx.require_person(), role, target=where):
        if role == YOUTH:
            return tr.t(N_("A new youth representative has joined the steering group."))
        return tr.t(
            N_("Someone new has joined the steering group (role: {role}; name not shown)."),
            role=tr.t(ROLE_NAMES[role]),
        )
    return tr.t(
        N_("{name} has joined the steering group (role: {role})."),
        name=name,
        role=tr.t(ROLE_NAMES[role]),
    )


async def _open_rounds_line(ctx: Context, group: Group) -> str:
    """For someone who joins while rounds are open: that they may vote in them and how (the
    announcements came before they were there), as a line after the welcome; else nothing."""
    rounds = await voting_repo.open_rounds(ctx.session, group.id, ctx.now)
    if not rounds:
        return ""
    shown = []
    for rnd in rounds:
        details = [ctx.t(METHOD_NAMES[rnd.method])]
        if rnd.closes_at is not None:
            details.append(ctx.t(N_("closes {when}"), when=show_datetime(ctx, rnd.closes_at)))
        if rnd.secret:
            details.append(ctx.t(N_("secret: in the direct chat")))
        shown.append(f"{rnd.number} ({', '.join(details)})")
    return "\n" + ctx.tn(
        "You may vote in the open round {rounds}: /vote <round> and your choice (/help vote "
        "explains how).",
        "You may vote in the open rounds {rounds}: /vote <round> and your choice (/help vote "
        "explains how).",
        len(rounds),
        rounds=", ".join(shown),
    )


async def members(ctx: Context) -> None:
    """/members: everyone by role."""
    group = ctx.require_group()
    rows = await people.members_of(ctx.session, group.id)
    lines = [ctx.t(N_("Members of {group}:"), group=group.name)]
    # A coordinator manages members by name (/remove, /role, /minor): in their direct chat they
    # see the names the group does not, marked; not in a sensitive group's Telegram chats.
    names_hidden = False
    named = coordinator_sees_minors(ctx)
    shown: dict[int, str] = {}
    for p, _ in rows:
        if named and is_hidden_minor(ctx, p):
            shown[p.id] = marked_name(ctx, p)
            names_hidden = True
        elif not (p.forgotten_at is None and hidden_here(ctx, p)):
            shown[p.id] = shown_name(ctx, p)
    await _with_user_ids(ctx, shown, {p.id: p.display_name for p, _ in rows})
    for role in ROLES:
        names = []
        unnamed = 0  # shown as the pseudonym: counted, not listed as "Youth representation"
        for p, m in rows:
            if m.role != role:
                continue
            if p.id in shown:
                names.append(shown[p.id])
            else:
                unnamed += 1
        names.sort()
        if unnamed:
            names.append(
                ctx.tn("{n} under 16 (name not shown)", "{n} under 16 (names not shown)", unnamed)
            )
        if names:
            heading = ctx.t(ROLE_NAMES[role])  # "coordinator" in English runs of text
            lines.append(f"{heading[:1].upper()}{heading[1:]}: {', '.join(names)}")
    if names_hidden:
        lines.append(
            ctx.t(
                N_("The group sees “{pseudonym}” instead of the names marked under 16."),
                pseudonym=ctx.t(YOUTH_PSEUDONYM),
            )
        )
    if ctx.role == COORDINATOR:
        # Who they are stays unsaid: a minor's name is not for the group chat.
        waiting = sum(1 for p, m in rows if m.role == YOUTH and not age_settled(p))
        if waiting:
            lines.append(
                ctx.tn(
                    "{n} youth representative has not yet said whether they are under 16 and "
                    "counts as under 16 until then; they can answer with /age.",
                    "{n} youth representatives have not yet said whether they are under 16 and "
                    "count as under 16 until then; they can answer with /age.",
                    waiting,
                )
            )
    ctx.reply("\n".join(lines))


async def _with_user_ids(ctx: Context, shown: dict[int, str], people_by_id: dict[int, str]) -> None:
    """In a direct chat, where several people listed have one name (``people_by_id``: their
    names as stored, compared as /role compares them), each gets their user id beside it (on
    this chat's platform where they have one there): the id /role, /assign and the like ask
    for when a name fits several. A group chat shows no user ids."""
    if not ctx.is_direct:
        return
    alike = Counter(fold(people_by_id[i]) for i in shown)
    for person_id, name in shown.items():
        if alike[fold(people_by_id[person_id])] < 2:
            continue
        accounts = await people.identities_of(ctx.session, person_id)
        here = [a for a in accounts if a.platform == ctx.chat.platform] or accounts
        if here:
            shown[person_id] = f"{name} ({here[0].user_id})"


# "/lang group" in a youth chat: no language of its own, the steering group's (followed).
FOLLOW_WORDS = frozenset({"group", "gruppe"})


async def lang(ctx: Context) -> None:
    """/lang de|en: the language of this group chat (coordinators) or of yourself (direct);
    alone, which language it is and how to change it. In a youth chat also /lang group."""
    if not ctx.params.get("lang"):
        _tell_language(ctx)
        return
    wanted = fold(ctx.params["lang"])
    wanted = {"deutsch": "de", "german": "de", "english": "en", "englisch": "en"}.get(
        wanted, wanted
    )
    follow = ctx.in_youth_chat and wanted in FOLLOW_WORDS
    if wanted not in LANGUAGES and not follow:
        raise UsageError(N_("Possible languages: de, en."))
    if ctx.is_direct:
        await ensure_person(ctx)
        ctx.require_person().lang = wanted
    else:
        if ctx.group is None:
            ctx.speak(wanted)  # "/lang en" before /setup: told in English what comes first
            raise CommandError(
                N_(
                    "This chat is not a steering group yet. A coordinator can set it up with "
                    "/setup <name of the town> and then choose its language with /{command} "
                    "{lang}."
                ),
                command=ctx.typed or "lang",
                lang=wanted,
            )
        if ctx.role != COORDINATOR:
            if not follow:  # "/lang en" from someone who reads English: the refusal in it
                ctx.speak(wanted)
            raise CommandError(
                N_(
                    "Only coordinators can change the language of the group chat. You can set "
                    "your own language in a direct chat with me: /{command} {lang}."
                ),
                command=ctx.typed or "lang",
                lang=ctx.lang if follow else wanted,
            )
        if ctx.in_youth_chat:
            _youth_chat_language(ctx, None if follow else wanted)
            return
        ctx.group.lang = wanted
    ctx.speak(wanted)
    text = ctx.t(N_("From now on I answer in English."))
    if not ctx.is_direct:  # the group's language is everyone's who has not chosen their own
        text += "\n" + ctx.t(
            N_(
                "This is the group's language: also in the direct chats of everyone who has not "
                "chosen their own there (/{command} {lang} in a direct chat with me)."
            ),
            command=ctx.typed or "lang",
            lang="de" if wanted == "en" else "en",
        )
    ctx.reply(text)


def _youth_chat_language(ctx: Context, wanted: str | None) -> None:
    """/lang in a youth chat: the language of this chat alone, kept when the steering group
    changes its own; ``None`` (/lang group) makes the chat follow the group's (NULL), as a new
    youth chat does."""
    binding, group = ctx.binding, ctx.require_group()
    assert binding is not None
    binding.lang = wanted
    ctx.speak(wanted or group.lang)
    text = ctx.t(N_("From now on I answer in English.")) + "\n"
    if wanted is None:
        text += ctx.t(
            N_("That is the steering group's language: this youth chat follows it again.")
        )
    elif wanted == group.lang:
        text += ctx.t(
            N_(
                "This youth chat keeps it, also when the steering group changes its language. "
                "To follow the steering group's language instead: /{command} group."
            ),
            command=ctx.typed or "lang",
        )
    else:
        text += ctx.t(
            N_(
                "This is the language of this youth chat only; the steering chat keeps the "
                "group's language (a coordinator changes it with /{command} there)."
            ),
            command=ctx.typed or "lang",
        )
    ctx.reply(text)


def _tell_language(ctx: Context) -> None:
    """/lang alone: the language spoken here (each text is in its own language, so naming it
    is the translation's job) and the command that changes it."""
    if ctx.is_direct:
        text = N_("I write to you in English. To change it: /{command} {other}.")
    elif ctx.in_youth_chat and ctx.role == COORDINATOR and ctx.binding and ctx.binding.lang:
        # Its own language: the coordinator may not know how it follows the group's again.
        text = N_(
            "In this youth chat I write in English, whatever the steering group's language. "
            "To change it for this chat: /{command} {other}; to follow the steering group's "
            "language again: /{command} group."
        )
    elif ctx.in_youth_chat and ctx.role == COORDINATOR:
        text = N_(
            "In this youth chat I write in English. To change it for this chat: /{command} {other}."
        )
    elif ctx.in_youth_chat:
        text = N_(
            "In this youth chat I write in English; coordinators can change that. Your own "
            "language you set in a direct chat with me: /{command} {other}."
        )
    elif ctx.role == COORDINATOR:
        text = N_("In this group I write in English. To change it: /{command} {other}.")
    else:
        text = N_(
            "In this group I write in English; coordinators can change that. Your own language "
            "you set in a direct chat with me: /{command} {other}."
        )
    other = "en" if ctx.lang == "de" else "de"
    ctx.reply(ctx.t(text, command=ctx.typed or "lang", other=other))


def _lang_help(ctx: Context, name: str) -> str | None:
    """/help lang in a youth chat: what only a youth chat has, its own language or the
    group's."""
    if not ctx.in_youth_chat:
        return None
    return ctx.t(
        N_(
            "In a youth chat, coordinators give it a language of its own with /{command} de or "
            "/{command} en; /{command} group makes it follow the steering group's language again."
        ),
        command=name,
    )


async def setup_in_direct_chat(ctx: Context) -> None:
    """/setup typed in the direct chat: how a steering group starts (the bot added to its
    group chat, /setup there), not only that this is the wrong place."""
    raise CommandError(
        N_(
            "/setup works in the group chat: add me to your steering group's group chat (on "
            "Telegram or Matrix) and type /setup <name of the town> there."
        )
    )


def commands() -> list[Command]:
    return [
        Command(
            name="setup",
            aliases=("einrichten",),
            handler=setup,
            summary=N_("make this chat a steering group"),
            usage=N_("/setup <name of the town> [programme=kfk|fgk|custom] [fields=A;B;C]"),
            params=(Param("name", "text", required=False, label=N_("name of the town")),),
            options={
                "programme": "programme",
                "programm": "programme",
                "fields": "fields",
                "felder": "fields",
            },
            text_options=frozenset({"fields"}),
            roles=EVERYONE,
            where=frozenset({GROUP}),
            needs_group=False,
            new_chats_only=True,
            misplaced=setup_in_direct_chat,
        ),
        Command(
            name="invite",
            aliases=("einladen",),
            handler=invite,
            summary=N_("one-time invite code for a role"),
            usage=N_(
                "/invite coordinator|member|youth|observer [how many] · /invite revoke <code>|all"
            ),
            params=(Param("role", label=N_("role")), Param("code", "text", required=False)),
            roles=COORDINATORS,
        ),
        Command(
            name="join",
            aliases=("beitreten",),
            handler=join,
            summary=N_("join a steering group with a code"),
            usage=N_("/join <code>"),
            params=(Param("code", "text", label=N_("invitation code")),),
            roles=EVERYONE,
            listed=not_for_youth,
            needs_group=False,
        ),
        Command(
            name="members",
            aliases=("mitglieder",),
            handler=members,
            summary=N_("who is in the steering group"),
            usage=N_("/members"),
            roles=MEMBERS,
            listed=not_for_youth,
        ),
        Command(
            name="lang",
            aliases=("sprache", "language"),
            handler=lang,
            summary=N_("language of this chat or of yourself"),
            usage=N_("/lang [de|en]"),
            params=(Param("lang", required=False),),
            help_note=_lang_help,
            roles=EVERYONE | {STRANGER},
            needs_group=False,
        ),
    ]


__all__ = ["commands", "ensure_person"]
