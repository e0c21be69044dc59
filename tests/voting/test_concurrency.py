"""Many ballots at the same instant, on SQLite and (where configured) PostgreSQL."""

from __future__ import annotations

import asyncio
import itertools

from sqlalchemy import select

from bot.events import ChatRef, Message, UserRef
from storage.models import Ballot
from tests.harness import Bot
from tests.voting.helpers import add_voters, counts

_ids = itertools.count(1)


def _vote(user: str, text: str, chat: str = "group") -> Message:
    ref = (
        ChatRef("memory", f"dm:{user}", is_direct=True) if chat == "dm" else ChatRef("memory", chat)
    )
    return Message(ref, UserRef("memory", user, user), text, f"conc-{next(_ids)}")


async def _setup(bot: Bot, round_options: str) -> list[str]:
    await bot.ask("anna", "/setup Musterstadt")
    for title in ("Skatepark", "Bänke", "Jugendraum"):
        await bot.ask("anna", f"/propose {title}")
    voters = await add_voters(bot, 50)
    assert "Runde 1" in await bot.ask("anna", f"/round {round_options}")
    return voters


async def test_fifty_voters_at_the_same_instant(backend_bot: Bot) -> None:
    voters = await _setup(backend_bot, "dot 1 2 3 points=3")
    ballots = ["1=2 3=1" if i % 2 else "2=3" for i in range(len(voters))]
    backend_bot.adapter.pop()
    await asyncio.gather(
        *(
            backend_bot.app.dispatcher.handle(_vote(v, f"/vote 1 {b}"))
            for v, b in zip(voters, ballots, strict=True)
        )
    )
    assert await counts(backend_bot) == (1, 50, 50)
    answers = [s.reply.text for s in backend_bot.adapter.pop()]
    assert len(answers) == 50 and all(
        "Ihre Stimme in Runde 1 ist gespeichert" in a for a in answers
    )
    await backend_bot.ask("anna", "/close 1")
    result = await backend_bot.ask("anna", "/results 1")
    assert "Platz 1: Nr. 2 Bänke — 75 Punkte" in result
    assert "Platz 2: Nr. 1 Skatepark — 50 Punkte" in result
    assert "Platz 3: Nr. 3 Jugendraum — 25 Punkte" in result
    assert "Beteiligung: 50 von 51 Stimmberechtigten" in result


async def test_same_person_twice_at_the_same_instant_gives_one_ballot(backend_bot: Bot) -> None:
    voters = await _setup(backend_bot, "approval 1 2 3")
    person = voters[0]
    backend_bot.adapter.pop()
    await asyncio.gather(
        *(backend_bot.app.dispatcher.handle(_vote(person, f"/vote 1 {n}")) for n in (1, 2, 3, 1, 2))
    )
    assert await counts(backend_bot) == (1, 1, 1)
    answers = [s.reply.text for s in backend_bot.adapter.pop()]
    assert len(answers) == 5 and all(
        a.startswith(("Ihre Stimme in Runde 1 ist gespeichert", "Ihre Stimme in Runde 1 lautet"))
        for a in answers
    )
    async with backend_bot.app.sessions() as s:
        (ballot,) = list(await s.scalars(select(Ballot)))
    assert len(ballot.content["approved"]) == 1  # one whole ballot won, none merged


async def test_secret_round_twice_at_the_same_instant_gives_one_ballot(backend_bot: Bot) -> None:
    voters = await _setup(backend_bot, "approval 1 2 3 secret")
    person = voters[0]
    backend_bot.adapter.pop()
    await asyncio.gather(
        *(
            backend_bot.app.dispatcher.handle(_vote(person, f"/vote 1 {n}", chat="dm"))
            for n in (1, 2, 3)
        )
    )
    assert await counts(backend_bot) == (1, 1, 1)
    answers = [s.reply.text for s in backend_bot.adapter.pop()]
    assert sum("ist gezählt" in a for a in answers) == 1
    assert sum("schon abgestimmt" in a for a in answers) == 2


async def test_fifty_secret_voters_at_the_same_instant(backend_bot: Bot) -> None:
    voters = await _setup(backend_bot, "approval 1 2 3 secret")
    await asyncio.gather(
        *(backend_bot.app.dispatcher.handle(_vote(v, "/vote 1 1 3", chat="dm")) for v in voters)
    )
    assert await counts(backend_bot) == (1, 50, 50)
    result = await backend_bot.ask("anna", "/close 1")
    assert "Skatepark — 50 Zustimmungen" in result and "Jugendraum — 50 Zustimmungen" in result


async def test_two_sweeps_at_once_close_a_round_once(backend_bot: Bot) -> None:
    from datetime import timedelta

    from commands.voting import close_due_rounds

    voters = await _setup(backend_bot, "approval 1 2 closes=12.1.2027 18:00")
    await backend_bot.ask(voters[0], "/vote 1 2")
    backend_bot.clock.advance(timedelta(days=2))
    backend_bot.adapter.pop()
    services, now = backend_bot.app.services, backend_bot.clock.now()
    closed = await asyncio.gather(close_due_rounds(services, now), close_due_rounds(services, now))
    assert sorted(closed) == [0, 1]
    posted = backend_bot.adapter.pop()
    assert len(posted) == 1 and "Ergebnis der Runde 1" in posted[0].reply.text


async def test_two_closes_at_once_close_once(backend_bot: Bot) -> None:
    await _setup(backend_bot, "approval 1 2")
    backend_bot.adapter.pop()
    await asyncio.gather(
        *(backend_bot.app.dispatcher.handle(_vote("anna", "/close 1")) for _ in range(2))
    )
    answers = sorted(s.reply.text for s in backend_bot.adapter.pop())
    assert len(answers) == 2
    assert "Ergebnis der Runde 1" in answers[0] and "schon beendet" in answers[1]
