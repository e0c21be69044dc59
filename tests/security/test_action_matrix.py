"""The authorisation matrix of buttons: a press is a command too, and a button's action names
its object by id, so a press is checked in the object's group — every action that changes a
group's data × every role × the own group / another group (whose people are strangers to it).

The effect is what is checked, not the wording: a refused press leaves the field, the
milestone, the measure's status and the ballots as they were; an allowed one changes them.
Actions that act only on the person pressing are listed apart, with the test that holds them.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass

import pytest
from sqlalchemy import func, select

from bot.roles import COORDINATOR, MEMBER, OBSERVER, STRANGER, YOUTH
from commands import build_registry
from storage.models import (
    FieldOfAction,
    Group,
    Measure,
    Membership,
    Milestone,
    Participation,
    Person,
    Round,
)
from tests.harness import Bot
from tests.security.test_authorization_matrix import ROLES, person, world


@dataclass(frozen=True)
class Objects:
    """Group A's objects the buttons name."""

    field_id: int
    milestone_id: int
    measure_id: int
    round_id: int
    other_measure_id: int
    group_id: int
    observer_id: int  # group A's observer, whom a coordinator may remove and forget


@dataclass(frozen=True)
class Row:
    ref: Callable[[Objects], str]
    allowed: frozenset[str]  # roles in the object's group whose press is carried out
    changed: Callable[[Bot, Objects], Awaitable[bool]]  # whether the press took effect


async def _field_gone(bot: Bot, o: Objects) -> bool:
    async with bot.app.sessions() as s:
        return await s.get(FieldOfAction, o.field_id) is None


async def _milestone_gone(bot: Bot, o: Objects) -> bool:
    async with bot.app.sessions() as s:
        return await s.get(Milestone, o.milestone_id) is None


async def _reached(bot: Bot, o: Objects) -> bool:
    async with bot.app.sessions() as s:
        stone = await s.get(Milestone, o.milestone_id)
        assert stone is not None
        return stone.reached_on is not None


async def _under_way(bot: Bot, o: Objects) -> bool:
    async with bot.app.sessions() as s:
        measure = await s.get(Measure, o.measure_id)
        assert measure is not None
        return measure.status == "in_progress"


async def _forgotten(bot: Bot, o: Objects) -> bool:
    async with bot.app.sessions() as s:
        observer = await s.get(Person, o.observer_id)
        return observer is None or observer.forgotten_at is not None


async def _voted(bot: Bot, o: Objects) -> bool:
    async with bot.app.sessions() as s:
        query = select(func.count()).where(Participation.round_id == o.round_id)
        return bool(await s.scalar(query))


async def _closed(bot: Bot, o: Objects) -> bool:
    async with bot.app.sessions() as s:
        rnd = await s.get(Round, o.round_id)
        assert rnd is not None
        return rnd.closed_at is not None


ACTIONS: dict[str, Row] = {
    "fieldremove": Row(
        lambda o: f"fieldremove:{o.field_id}", frozenset({COORDINATOR}), _field_gone
    ),
    "milestoneremove": Row(
        lambda o: f"milestoneremove:{o.milestone_id}",
        frozenset({COORDINATOR, MEMBER}),
        _milestone_gone,
    ),
    # A milestone nudge's "Reached": /milestone's roles.
    "milestonereached": Row(
        lambda o: f"milestonereached:{o.milestone_id}",
        frozenset({COORDINATOR, MEMBER}),
        _reached,
    ),
    # A nudge's "In progress": /status's roles; a youth representative only on her own measures.
    "nudge": Row(
        lambda o: f"nudge:{o.measure_id}:progress", frozenset({COORDINATOR, MEMBER}), _under_way
    ),
    "forget_member": Row(
        lambda o: f"forget_member:{o.group_id}:{o.observer_id}",
        frozenset({COORDINATOR}),
        _forgotten,
    ),
    "v": Row(
        lambda o: f"v:{o.round_id}:{o.other_measure_id}",
        frozenset({COORDINATOR, MEMBER, YOUTH}),
        _voted,
    ),
    # An early /close's confirmation: /close's roles.
    "vclose": Row(lambda o: f"vclose:{o.round_id}", frozenset({COORDINATOR}), _closed),
}

# Buttons that act on the person pressing them only, each held by its own tests.
SELF_ONLY = {
    "age": "tests/unit/test_member_roles.py, tests/privacy: the presser's own age band",
    "forget": "tests/privacy/test_forget.py: erases the presser, and only with their code",
    "leave": "tests/unit/test_leaving.py: the presser leaves; the last coordinator cannot",
    "import": "tests/measures/test_chat_import.py: only the person who sent the list confirms it",
}


def test_every_action_has_a_row() -> None:
    prefixes = set(build_registry().action_prefixes())
    missing = sorted(prefixes - set(ACTIONS) - set(SELF_ONLY))
    assert not missing, f"add {missing} to ACTIONS or SELF_ONLY in {__file__}"


async def objects_of_group_a(bot: Bot) -> Objects:
    coordinator = person("a", COORDINATOR)
    await bot.ask(coordinator, "/propose Second measure", "room-a")
    await bot.ask(coordinator, "/status 1 adopted", "room-a")
    await bot.ask(coordinator, "/milestone 1 15.3.2030 Groundbreaking", "room-a")
    assert "Round 1" in await bot.ask(coordinator, "/round approval 1 2", "room-a")
    await bot.ask(coordinator, "/fields add Sport", "room-a")
    async with bot.app.sessions() as s:
        group = await s.scalar(select(Group).where(Group.name == "Stadt A"))
        assert group is not None
        measures = {
            m.number: m.id
            for m in await s.scalars(select(Measure).where(Measure.group_id == group.id))
        }
        field_id = await s.scalar(
            select(FieldOfAction.id).where(
                FieldOfAction.group_id == group.id, FieldOfAction.name == "Sport"
            )
        )
        milestone_id = await s.scalar(
            select(Milestone.id).where(Milestone.measure_id == measures[1])
        )
        round_id = await s.scalar(select(Round.id).where(Round.group_id == group.id))
        observer_id = await s.scalar(
            select(Membership.person_id).where(
                Membership.group_id == group.id, Membership.role == OBSERVER
            )
        )
    assert field_id and milestone_id and round_id and observer_id
    return Objects(
        field_id, milestone_id, measures[1], round_id, measures[2], group.id, observer_id
    )


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("prefix", sorted(ACTIONS))
async def test_a_press_is_checked_in_the_group_of_its_object(
    bot: Bot, prefix: str, role: str
) -> None:
    row = ACTIONS[prefix]
    await world(bot)
    objects = await objects_of_group_a(bot)
    ref = row.ref(objects)
    # Someone of group B (a stranger to A) presses a button naming A's object, in B's chat
    # and in their direct chat: never carried out.
    if role != STRANGER:
        for chat in ("room-b", "dm"):
            sent = await bot.press(person("b", role), ref, chat)
            assert sent and all("incident" not in s.reply.text for s in sent)
            assert not await row.changed(bot, objects), f"{prefix} by {role} of B: carried out"
    # Someone with ``role`` in group A presses it in A's chat.
    sender = STRANGER if role == STRANGER else person("a", role)
    sent = await bot.press(sender, ref, "room-a")
    assert sent and all("incident" not in s.reply.text for s in sent)
    allowed = role in row.allowed
    assert await row.changed(bot, objects) == allowed, (
        f"{prefix} by {role} of A: expected {'carried out' if allowed else 'refused'}, got: "
        + " | ".join(s.reply.text for s in sent)
    )
