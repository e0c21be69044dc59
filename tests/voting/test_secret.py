"""Secret rounds: ballots in the direct chat, no link to the voter anywhere."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import select, text
from sqlalchemy.exc import OperationalError

from storage.models import Ballot, Identity, Participation, Person, Round
from storage.repo import voting as voting_repo
from tests.harness import Bot
from tests.voting.helpers import add_voters, counts, group_with_measures


@pytest.fixture
async def group(bot: Bot) -> Bot:
    await group_with_measures(bot)
    return bot


async def test_secret_round_flow(group: Bot) -> None:
    opened = await group.ask("anna", "/runde punkte 1 2 3 punkte=3 geheim")
    assert "geheim" in opened and "direkten Chat" in opened
    assert not (await group.say("anna", "/round approval 1 2 secret"))[
        0
    ].reply.choices  # no buttons
    sent = await group.say("max", "/vote 1 1=2 3=1", chat="dm")
    assert [s.chat.chat_id for s in sent] == ["dm:max"]
    assert "Ihr geheimer Stimmzettel in Runde 1 ist gezählt" in sent[0].reply.text
    # The group hears the count only, in the announcement (edited).
    assert group.adapter.edits[-1][1].text.endswith("\n1 von 4 hat abgestimmt.")
    assert "schon abgestimmt" in await group.ask("max", "/vote 1 2=1", chat="dm")
    assert "ist gezählt" in await group.ask("lea", "/vote 1 3=3", chat="dm")
    assert "ist gezählt" in await group.ask("jonas", "/vote 1 3=2 2=1", chat="dm")
    async with group.app.sessions() as s:
        rnd = await s.scalar(select(Round).where(Round.number == 1))
        assert [p.display_name for p in await voting_repo.non_voters(s, rnd)] == ["Anna"]
    # In the group only counts are said.
    assert (
        await group.ask("anna", "/werhatgewaehlt 1")
        == "Runde 1 ist geheim. 3 von 4 haben abgestimmt."
    )
    waiting = await group.ask("max", "/results 1")
    assert "nach ihrem Ende gezeigt" in waiting and "3 von 4" in waiting
    result = await group.ask("anna", "/close 1")
    assert "Platz 1: Nr. 3 Jugendraum — 6 Punkte\n" in result  # two youth ballots: no youth vote
    assert "Jugendvotum nicht angezeigt" in result
    for name in ("Max", "Lea", "Jonas", "max", "lea", "jonas"):
        assert name not in result
    assert await counts(group) == (2, 3, 3)


async def test_secret_ballots_have_no_link_to_the_voter(
    group: Bot, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    await group.ask("anna", "/round approval 1 2 3 secret")
    replies = []
    for who, ballot in (("max", "1 2"), ("lea", "3"), ("anna", "2")):
        replies += [s.reply.text for s in await group.say(who, f"/vote 1 {ballot}", chat="dm")]
    await group.ask("anna", "/close 1")
    async with group.app.sessions() as s:
        ballots = list(await s.scalars(select(Ballot)))
        persons = list(await s.scalars(select(Person)))
        identities = list(await s.scalars(select(Identity)))
        voted = set(await s.scalars(select(Participation.person_id)))
        # The key a participation keeps while the round is open is wiped at the close.
        keys = set(await s.scalars(select(Participation.ballot_token)))
    assert len(ballots) == 3 and len(voted) == 3 and keys == {None}
    person_ids = {p.id for p in persons}
    assert set(Ballot.__table__.columns.keys()) == {
        "token",
        "round_id",
        "voter_id",
        "tag",
        "content",
        "updated_at",
    }
    for ballot in ballots:
        assert ballot.voter_id is None and ballot.updated_at is None
        assert ballot.tag in (None, "youth")
        assert set(ballot.content) == {"approved"}  # measure ids only
        assert not any(str(pid) == ballot.token for pid in person_ids)
        for said in replies:
            assert ballot.token not in said  # the voter's DM gets no receipt that links back
    # The log never names a voter or ties one to a ballot.
    # Our own loggers at every level; libraries' DEBUG output (SQL parameters) is not ours.
    ours = ("bot", "commands", "storage", "adapters")
    log_text = "\n".join(
        f"{r.name} {r.getMessage()}"
        for r in caplog.records
        if r.name.split(".")[0] in ours or r.levelno >= logging.INFO
    )
    assert "closed" in log_text
    for identity in identities:
        assert identity.user_id not in log_text
        assert identity.display_name not in log_text
    for ballot in ballots:
        assert ballot.token not in log_text


async def test_secret_ballots_keep_no_order_of_arrival(group: Bot) -> None:
    await group.ask("anna", "/round approval 1 2 secret")
    for who in ("max", "lea", "anna"):
        await group.ask(who, "/vote 1 1", chat="dm")
    async with group.app.sessions() as s:
        before = set(await s.scalars(select(Ballot.token)))
        with pytest.raises(OperationalError):  # SQLite: no hidden rowid counting arrivals
            await s.execute(text("SELECT rowid FROM ballots"))
    await group.ask("anna", "/close 1")
    async with group.app.sessions() as s:
        after = set(await s.scalars(select(Ballot.token)))
    assert len(after) == 3 and not before & after  # rewritten in random order at close


async def test_secret_youth_vote_is_hidden_when_a_single_ballot(group: Bot) -> None:
    await group.ask("anna", "/round approval 1 2 secret")
    await group.ask("lea", "/vote 1 1", chat="dm")
    await group.ask("max", "/vote 1 2", chat="dm")
    result = await group.ask("anna", "/close 1")
    assert "Jugendvotum nicht angezeigt" in result
    assert "Jugendvotum: 1" not in result


async def test_no_secret_youth_ballot_is_not_told_either(group: Bot) -> None:
    # "0 of 2 youth representatives voted" would tell each of them what the other did.
    await group.ask("anna", "/round approval 1 2 secret")
    await group.ask("max", "/vote 1 2", chat="dm")
    result = await group.ask("anna", "/close 1")
    assert "Jugendvotum nicht angezeigt" in result and "0 von 2" not in result


async def test_secret_youth_vote_is_hidden_with_two_ballots_and_shown_with_three(
    group: Bot,
) -> None:
    # Of two youth ballots, each voter could tell the other's from their own.
    await group.ask("anna", "/round approval 1 2 secret")
    await group.ask("lea", "/vote 1 1", chat="dm")
    await group.ask("jonas", "/vote 1 2", chat="dm")
    result = await group.ask("anna", "/close 1")
    assert "Jugendvotum nicht angezeigt" in result and "Jugendvotum: 1" not in result
    await add_voters(group, 1, role="youth", prefix="jung")
    await group.ask("anna", "/round approval 1 2 secret")
    for who in ("lea", "jonas", "jung0"):
        assert "ist gezählt" in await group.ask(who, "/vote 2 1", chat="dm")
    result = await group.ask("anna", "/close 2")
    assert "Jugendvotum: 3" in result and "nicht angezeigt" not in result


async def test_a_secret_ballot_the_bot_may_not_remove_is_named_as_still_visible(
    group: Bot,
) -> None:
    await group.ask("anna", "/round approval 1 2 secret")
    group.adapter.may_remove = False  # no admin right / power level in this chat
    answer = await group.ask("lea", "/vote 1 2")
    assert "Runde 1 ist geheim: Bitte schreib mir deine Stimme" in answer
    assert "Alle in diesem Chat können deine Nachricht lesen: Bitte lösch sie." in answer
    assert "entfernt" not in answer
    assert group.adapter.removed == []
    assert await counts(group) == (1, 0, 0)


async def test_only_a_secret_ballot_is_removed_from_the_group(group: Bot) -> None:
    await group.ask("anna", "/round approval 1 2")
    await group.ask("max", "/vote 1 1")
    await group.ask("max", "/vote 9 1")  # unknown round: refused, but nothing confidential
    await group.ask("anna", "/round approval 1 2 secret")
    await group.ask("max", "/vote 2 1", chat="dm")
    await group.press("max", "v:2:1")  # a button leaves no text behind
    assert group.adapter.removed == []


async def test_secret_round_buttons_in_the_group_are_refused(group: Bot) -> None:
    await group.ask("anna", "/round approval 1 2 secret")
    sent = await group.press("max", "v:1:1")
    assert "geheim" in sent[0].reply.text
    assert await counts(group) == (1, 0, 0)
