"""The authorisation matrix: every command × every role × own group / another group.

Two sources of truth are checked against each other and against the bot's behaviour:
- the declaration (``Command.roles`` / ``where`` / ``needs_group``): a command is refused at the
  gate exactly when the sender's role in the chat's group is not in ``roles``; this part runs for
  every command in the registry, including ones added later;
- an explicit table for the current commands (a sample invocation, the roles the declaration
  names, and who is actually allowed — narrower where a handler checks more, like ``/lang`` in a
  group chat), so that a changed declaration is noticed here.

And nothing of one group is ever visible in another: a distinctive title in group A never shows
up in any reply to anyone in group B's chat or in a B member's direct chat.
"""

from __future__ import annotations

import pytest

from bot.registry import DIRECT, GROUP
from bot.roles import COORDINATOR, MEMBER, OBSERVER, STRANGER, YOUTH
from commands import build_registry
from tests.harness import Bot, invite_code

ROLES = (COORDINATOR, MEMBER, YOUTH, OBSERVER, STRANGER)
ALL = frozenset(ROLES)
MEMBERS = frozenset({COORDINATOR, MEMBER, YOUTH, OBSERVER})
CONTRIBUTORS = frozenset({COORDINATOR, MEMBER, YOUTH})
COORDINATORS = frozenset({COORDINATOR})
CONTRIB_NO_YOUTH = frozenset({COORDINATOR, MEMBER})

SECRET_A = "Geheimprojekt Alpha-7319"
SECRET_B = "Verschlusssache Bravo-4406"

# command: (sample invocation, roles declared, roles actually allowed in a group chat)
EXPECTED: dict[str, tuple[str, frozenset[str], frozenset[str]]] = {
    "help": ("/help", ALL, ALL),
    "age": ("/age", frozenset({YOUTH}), frozenset({YOUTH})),
    "setup": ("/setup Anderstadt", ALL, ALL),
    "invite": ("/invite member", COORDINATORS, COORDINATORS),
    "join": ("/join NOPE2345", ALL, ALL),
    "members": ("/members", MEMBERS, MEMBERS),
    "fields": ("/fields", MEMBERS, MEMBERS),
    "lang": ("/lang en", ALL, COORDINATORS),  # the handler: only coordinators change a group's
    # everyone at the gate (ideas from the youth chat); the handler narrows it in the steering chat
    "propose": ("/propose Neue Idee", ALL, CONTRIBUTORS),
    "measures": ("/measures", MEMBERS, MEMBERS),
    "show": ("/show 1", MEMBERS, MEMBERS),
    "delete": ("/delete 1", MEMBERS, MEMBERS),  # says how to drop a measure instead
    "accept": ("/accept 1", COORDINATORS, COORDINATORS),
    # an adult's proposals always show who made them
    "anonymous": ("/anonymous on", frozenset({YOUTH}), frozenset({YOUTH})),
    "assign": ("/assign 1 Jugendamt", CONTRIB_NO_YOUTH, CONTRIB_NO_YOUTH),
    "bind": ("/bind youth", ALL, ALL),
    # everyone at the gate (a code is taken in a chat of no group); only coordinators get one
    "move": ("/move", ALL, COORDINATORS),
    "calendar": ("/calendar", MEMBERS, MEMBERS),
    "close": ("/close 1", COORDINATORS, COORDINATORS),
    "digest": ("/digest", MEMBERS, MEMBERS),
    "agenda": ("/agenda", CONTRIB_NO_YOUTH, CONTRIB_NO_YOUTH),
    "due": ("/due 1 15.3.2030", CONTRIB_NO_YOUTH, CONTRIB_NO_YOUTH),
    "edit": ("/edit 1 amt=Jugendamt", CONTRIB_NO_YOUTH, CONTRIB_NO_YOUTH),
    "forget": ("/forget", ALL, ALL),
    "group": ("/group", ALL, ALL),
    "history": ("/history 1", MEMBERS, MEMBERS),
    "link": ("/link", ALL, ALL),
    "milestone": ("/milestone 1 15.3.2030 Baubeginn", CONTRIB_NO_YOUTH, CONTRIB_NO_YOUTH),
    "minor": ("/minor a-youth on", COORDINATORS, COORDINATORS),
    "mydata": ("/mydata", ALL, ALL),
    "plan": ("/plan", MEMBERS, MEMBERS),
    "export": ("/export", MEMBERS, MEMBERS),
    "import": ("/import", COORDINATORS, COORDINATORS),
    "privacy": ("/privacy", ALL, ALL),
    # everyone in the group sees the programme and its dates; the handler lets only
    # coordinators change them
    "programme": ("/programme fgk", MEMBERS, COORDINATORS),
    "queue": ("/queue", CONTRIB_NO_YOUTH, CONTRIB_NO_YOUTH),
    # "/ideen" from a youth representative shows her own ideas (as /myideas), else the queue
    "ideas": ("/ideas", CONTRIBUTORS, CONTRIBUTORS),
    "myideas": ("/myideas", ALL, ALL),
    "reject": ("/reject 1 passt nicht", COORDINATORS, COORDINATORS),
    "reminders": ("/reminders", MEMBERS, MEMBERS),
    "remove": ("/remove nobody", COORDINATORS, COORDINATORS),
    "role": ("/role nobody member", COORDINATORS, COORDINATORS),
    "leave": ("/leave", MEMBERS, MEMBERS),
    "report": ("/report", MEMBERS, MEMBERS),
    "results": ("/results 1", MEMBERS, MEMBERS),
    "round": ("/round approval 1 2", COORDINATORS, COORDINATORS),
    "sensitive": ("/sensitive", ALL, ALL),
    "shortlist": ("/shortlist 1 top=1", COORDINATORS, COORDINATORS),
    "showname": ("/showname on", ALL, ALL),
    "status": ("/status 1 shortlisted", CONTRIBUTORS, CONTRIB_NO_YOUTH),
    "vote": ("/vote 1 1", CONTRIBUTORS, CONTRIBUTORS),
    "who-voted": ("/who-voted 1", COORDINATORS, COORDINATORS),
}

# How a refusal reads (the world below speaks English).
REFUSALS = (
    "Only members of the steering group",  # stranger at the gate
    " is only for: ",  # wrong role at the gate
    "As a guest you read along",  # a guest at the gate
    "Only coordinators can",  # a handler's own role check
    "You can report the status of the measures you are responsible for",  # youth, not theirs
    "works in the group chat",  # wrong place
    "works in a direct chat",
)


def refused(text: str) -> bool:
    return any(marker in text for marker in REFUSALS)


def person(group: str, role: str) -> str:
    return f"{group}-{role}"


async def world(bot: Bot) -> None:
    """Groups A and B in rooms room-a / room-b with one person per role, in English, each with
    a measure 1 whose title is a secret of that group; ``stranger`` knows the bot, is in none."""
    for group, secret in (("a", SECRET_A), ("b", SECRET_B)):
        room = f"room-{group}"
        coordinator = person(group, COORDINATOR)
        await bot.ask(coordinator, f"/setup Stadt {group.upper()}", room)
        await bot.ask(coordinator, "/lang en", room)
        for role in (MEMBER, YOUTH, OBSERVER):
            answer = await bot.ask(coordinator, f"/invite {role}", room)
            code = invite_code(answer)
            joined = await bot.ask(person(group, role), f"/join {code}", room)
            assert "Welcome" in joined, joined
            await bot.ask(person(group, role), "/lang en", "dm")
        await bot.ask(coordinator, "/lang en", "dm")
        await bot.ask(coordinator, f"/propose {secret}", room)
    await bot.ask(STRANGER, "/lang en", "dm")


def sample(name: str) -> str:
    """The invocation used for ``name``: from the table, else the bare command."""
    return EXPECTED[name][0] if name in EXPECTED else f"/{name}"


def test_every_command_has_a_row_in_the_table() -> None:
    names = {c.name for c in build_registry()}
    missing = sorted(names - set(EXPECTED))
    assert not missing, f"add {missing} to EXPECTED in {__file__} (who may use it, documented)"


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_the_declaration_matches_the_table(name: str) -> None:
    command = build_registry().get(name)
    assert command is not None, f"/{name} is gone from the registry"
    assert frozenset(command.roles) == EXPECTED[name][1], f"roles of /{name} changed"


@pytest.mark.parametrize("name", sorted(c.name for c in build_registry()))
async def test_role_by_group_matrix(bot: Bot, name: str) -> None:
    command = bot.app.services.registry.get(name)
    assert command is not None
    await world(bot)
    for role in ROLES:
        for where, room in (("own", "room-a"), ("other", "room-b")):
            # The sender has ``role`` in group A; in group B's chat they are a stranger.
            sender = STRANGER if role == STRANGER else person("a", role)
            role_here = role if where == "own" else STRANGER
            answer = await bot.ask(sender, sample(name), room)
            assert answer, f"/{name} by {role} ({where} group): no answer"
            gate_allows = GROUP in command.where and role_here in command.roles
            # Derived from the declaration, narrowed where the table knows a handler checks more.
            allowed = gate_allows and (name not in EXPECTED or role_here in EXPECTED[name][2])
            assert refused(answer) != allowed, (
                f"/{name} by {role} in {where} group: expected "
                f"{'allowed' if allowed else 'refused'}, got: {answer}"
            )
            assert "incident" not in answer
            if where == "other":
                assert SECRET_A not in answer, f"/{name}: group A's data in group B's chat"
    # In a direct chat: refused exactly when the declaration says group chats only.
    answer = await bot.ask(person("a", MEMBER), sample(name), "dm")
    assert ("works in the group chat" in answer) == (DIRECT not in command.where), answer


@pytest.mark.parametrize("name", sorted(c.name for c in build_registry()))
async def test_nothing_of_one_group_is_visible_in_another(bot: Bot, name: str) -> None:
    await world(bot)
    for role in (COORDINATOR, MEMBER, YOUTH, OBSERVER):
        for text in (sample(name), f"/{name} 1", f"/{name} mine"):
            in_b = await bot.ask(person("b", role), text, "room-b")
            in_b_dm = await bot.ask(person("b", role), text, "dm")
            in_a = await bot.ask(person("a", role), text, "room-a")
            assert SECRET_A not in in_b + in_b_dm, f"{text!r} by {role} of B shows A's data"
            assert SECRET_B not in in_a, f"{text!r} by {role} of A shows B's data"
    shown_b = await bot.ask(person("b", MEMBER), "/show 1", "room-b")
    assert SECRET_B in shown_b and SECRET_A not in shown_b
