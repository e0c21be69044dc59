"""A round that closes at its closing time keeps its result until the group's chats have it.

Nobody waits for an answer when the scheduler closes a round, so a result that could not be
sent (Telegram down, the process killed right after the close was committed) must not be lost:
the next sweep posts it — once per chat, never twice.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import UTC, datetime, timedelta
from typing import Any

import pytest
from sqlalchemy import insert, select, update
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.adapter import DeliveryFailed
from bot.events import ChatRef, Reply, SentRef
from commands.voting import close_due_rounds
from storage.db import make_sessionmaker
from storage.migrate import upgrade
from storage.models import Chat, Group, Round, SyncToken
from tests.harness import Bot
from tests.voting.helpers import group_with_measures

CLOSES = "closes=12.1.2027 18:00"
Send = Callable[[ChatRef, Reply], Awaitable[SentRef]]


@pytest.fixture
async def group(bot: Bot) -> Bot:
    await group_with_measures(bot)
    await bot.ask("anna", f"/round approval 1 2 {CLOSES}")
    await bot.ask("max", "/vote 1 2")
    return bot


def failing(bot: Bot, chats: set[str], *, permanent: bool = False) -> list[str]:
    """Make sends into ``chats`` fail; returns the list of chat ids tried."""
    real: Send = bot.adapter.send
    tried: list[str] = []

    async def send(chat: ChatRef, reply: Reply) -> SentRef:
        tried.append(chat.chat_id)
        if chat.chat_id in chats:
            raise DeliveryFailed("network: timed out", permanent=permanent)
        return await real(chat, reply)

    bot.adapter.send = send  # type: ignore[method-assign]
    return tried


def results(bot: Bot) -> list[str]:
    """Chat ids that received a round result since the last look, but the youth
    representatives' direct chats (they have it too: ``test_youth_notice``)."""
    return [
        s.chat.chat_id
        for s in bot.adapter.pop()
        if "Ergebnis der Runde" in s.reply.text and not s.chat.chat_id.startswith("dm:")
    ]


async def kept_keys(bot: Bot) -> list[str]:
    """The key-value store's entries about round results."""
    async with bot.app.sessions() as s:
        keys = await s.scalars(select(SyncToken.key).where(SyncToken.key.like("round-result%")))
        return sorted(keys)


async def sweep(bot: Bot, after: timedelta = timedelta(0)) -> int:
    bot.clock.advance(after)
    return await close_due_rounds(bot.app.services, bot.clock.now())


async def test_a_result_that_could_not_be_sent_is_posted_by_the_next_sweep(group: Bot) -> None:
    group.clock.advance(timedelta(days=2))
    group.adapter.pop()
    real = group.adapter.send
    failing(group, {"group"})
    assert await sweep(group) == 1  # the round is closed …
    assert results(group) == []  # … but its result did not get through
    group.adapter.send = real  # type: ignore[method-assign]
    assert "Ergebnis der Runde 1" in await group.ask("anna", "/results 1")
    group.adapter.pop()
    assert await sweep(group, timedelta(minutes=1)) == 0
    assert results(group) == ["group"]
    assert await sweep(group, timedelta(minutes=1)) == 0
    assert results(group) == []  # once only


async def test_a_second_chat_that_failed_gets_it_later_without_a_copy_in_the_first(
    group: Bot,
) -> None:
    async with group.app.sessions() as s, s.begin():
        group_id = await s.scalar(select(Group.id))
        s.add(Chat(platform="memory", chat_id="bridged", group_id=group_id, kind="steering"))
    group.clock.advance(timedelta(days=2))
    group.adapter.pop()
    real = group.adapter.send
    failing(group, {"bridged"})
    await sweep(group)
    assert results(group) == ["group"]
    async with group.app.sessions() as s:
        round_id = await s.scalar(select(Round.id))
    assert await kept_keys(group) == [
        f"round-result-failures:{round_id}",
        f"round-result-posted:{round_id}",
    ]
    group.adapter.send = real  # type: ignore[method-assign]
    await sweep(group, timedelta(minutes=1))
    assert results(group) == ["bridged"]
    assert await kept_keys(group) == []  # posted for good: the bookkeeping of the retries goes
    await sweep(group, timedelta(minutes=1))
    assert results(group) == []


async def test_a_youth_representative_missed_by_a_sweep_gets_the_result_once_later(
    group: Bot,
) -> None:
    group.clock.advance(timedelta(days=2))
    group.adapter.pop()
    real = group.adapter.send
    failing(group, {"dm:lea"})
    await sweep(group)
    assert [s.chat.chat_id for s in group.adapter.pop()] == ["group", "dm:jonas"]
    group.adapter.send = real  # type: ignore[method-assign]
    await sweep(group, timedelta(minutes=1))
    sent = group.adapter.pop()
    assert [s.chat.chat_id for s in sent] == ["dm:lea"]  # no second copy for the others
    assert sent[0].reply.text.startswith("Die Abstimmung in Musterstadt ist vorbei.")
    await sweep(group, timedelta(minutes=5))
    assert group.adapter.pop() == []


async def test_a_chat_that_refuses_for_good_is_not_tried_again_and_again(group: Bot) -> None:
    group.clock.advance(timedelta(days=2))
    tried = failing(group, {"group"}, permanent=True)
    await sweep(group)
    await sweep(group, timedelta(minutes=1))
    await sweep(group, timedelta(minutes=1))
    assert tried.count("group") == 1


async def test_a_post_claimed_by_a_process_that_died_is_taken_over_after_the_lease(
    group: Bot,
) -> None:
    group.clock.advance(timedelta(days=2))
    group.adapter.pop()
    real = group.adapter.send
    failing(group, {"group"})
    await sweep(group)
    group.adapter.send = real  # type: ignore[method-assign]
    # Another process claimed the post just now and was killed before it sent anything.
    async with group.app.sessions() as s, s.begin():
        await s.execute(update(Round).values(result_claimed_at=group.clock.now()))
    assert await sweep(group, timedelta(minutes=1)) == 0
    assert results(group) == []  # the claim is young: that process may still be at it
    await sweep(group, timedelta(minutes=10))
    assert results(group) == ["group"]


async def test_a_result_given_by_close_is_not_posted_again(group: Bot) -> None:
    assert "Ergebnis der Runde 1" in await group.ask("anna", "/close 1 jetzt")
    group.adapter.pop()
    await sweep(group, timedelta(days=2))
    assert results(group) == []


async def test_results_of_rounds_closed_before_the_upgrade_are_not_posted_again(
    backend_engine: AsyncEngine,
) -> None:
    closed = datetime(2027, 1, 12, 17, 0, tzinfo=UTC)
    await upgrade(backend_engine, "0006")
    async with backend_engine.begin() as conn:
        await conn.execute(
            insert(Group.__table__).values(id=1, name="Musterstadt", created_at=closed)
        )
        for number, closed_at in ((1, closed), (2, None)):
            await conn.execute(
                insert(Round.__table__).values(
                    group_id=1,
                    number=number,
                    method="approval",
                    candidates=[],
                    opened_at=closed - timedelta(days=7),
                    closed_at=closed_at,
                )
            )
    await upgrade(backend_engine)
    async with make_sessionmaker(backend_engine)() as s:
        rows = (
            await s.execute(select(Round.number, Round.result_posted_at).order_by(Round.number))
        ).all()
    assert rows == [(1, closed), (2, None)]


async def test_a_chat_that_keeps_failing_is_tried_less_and_less_often(group: Bot) -> None:
    group.clock.advance(timedelta(days=2))
    group.adapter.pop()
    real = group.adapter.send
    tried = failing(group, {"group"})
    minutes_tried = []
    for minute in range(12 * 60):  # half a day of minute sweeps
        before = len(tried)
        await sweep(group, timedelta(minutes=1 if minute else 0))
        if len(tried) > before:
            minutes_tried.append(minute)
    gaps = [b - a for a, b in zip(minutes_tried, minutes_tried[1:], strict=False)]
    assert gaps[:6] == [1, 2, 4, 8, 16, 32]  # doubling …
    assert set(gaps[6:]) == {60} and len(gaps) == 16  # … up to an hour: 17 tries, not 720
    group.adapter.send = real  # type: ignore[method-assign]
    group.adapter.pop()
    for _ in range(60):
        await sweep(group, timedelta(minutes=1))
    assert results(group) == ["group"]  # through at the next try, and once


# Each method with three youth ballots (their vote is shown apart) and the adults' beside them.
ROUNDS = {
    "approval": ("zustimmung 1 2 3", ["1 3", "3", "2 3", "2", "1"]),
    "dot": ("punkte 1 2 3 punkte=3", ["1=2 3=1", "3=3", "2=1 3=2", "2=3", "1=1"]),
    "ranked": ("rangfolge 1 2 3", ["3>1>2", "3>2>1", "2>3>1", "2>3>1", "1>3"]),
    "score": ("bewertung 1 2", ["1=4 2=1", "1=5 2=2", "1=3", "1=4 2=3", "1=2"]),
    "consent": ("beschluss 4 quorum=50%", ["ja", "nein", "Enthaltung", "ja", "ja"]),
}


@pytest.mark.parametrize("method", sorted(ROUNDS))
async def test_a_result_posted_after_a_crash_is_the_close_s_tally_taken_once(
    backend_bot: Bot, method: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The sweep closes a round and the process dies before the result is posted: the next
    sweep posts the result the close tallied, as /results shows it, without tallying again
    (the close tallies all ballots and the youth's beside them, once)."""
    import commands.voting as voting
    import commands.voting_results as tallying
    from tests.voting.helpers import add_voters

    bot = backend_bot
    await group_with_measures(bot)
    await add_voters(bot, 1, role="youth", prefix="mia")
    typed, ballots = ROUNDS[method]
    await bot.ask("anna", f"/runde {typed} {CLOSES}")
    for voter, ballot in zip(("max", "lea", "jonas", "mia0", "anna"), ballots, strict=True):
        assert "gespeichert" in await bot.ask(voter, f"/abstimmen 1 {ballot}")
    calls: list[str] = []
    tally = tallying.tally

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append("youth" if kwargs.get("subset") is not None else "all")
        return tally(*args, **kwargs)

    monkeypatch.setattr(tallying, "tally", counted)

    async def killed(*args: Any, **kwargs: Any) -> None:
        raise SystemExit("killed between the close and the post")

    bot.adapter.pop()
    with monkeypatch.context() as crash:
        crash.setattr(voting, "post_results", killed)
        with pytest.raises(SystemExit):
            await sweep(bot, timedelta(days=2))
    assert calls == ["all", "youth"]  # the close, committed
    assert bot.adapter.pop() == []
    assert await sweep(bot, timedelta(minutes=1)) == 0  # after the restart: the post only
    posted = [s.reply.text for s in bot.adapter.pop() if s.chat.chat_id == "group"]
    assert calls == ["all", "youth"]
    assert posted == [await bot.ask("max", "/ergebnis 1")]
    assert "Jugendvotum" in posted[0]


async def _closed_round(bot: Bot, method: str) -> str:
    """A ``method`` round with youth ballots, closed by the sweep; its posted result."""
    from tests.voting.helpers import add_voters

    await group_with_measures(bot)
    await add_voters(bot, 1, role="youth", prefix="mia")
    typed, ballots = ROUNDS[method]
    await bot.ask("anna", f"/runde {typed} {CLOSES}")
    for voter, ballot in zip(("max", "lea", "jonas", "mia0", "anna"), ballots, strict=True):
        assert "gespeichert" in await bot.ask(voter, f"/abstimmen 1 {ballot}")
    bot.adapter.pop()
    await sweep(bot, timedelta(days=2))
    posted = [s.reply.text for s in bot.adapter.pop() if s.chat.chat_id == "group"]
    assert len(posted) == 1 and "Jugendvotum" in posted[0]
    return posted[0]


def _count_tallies(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    import commands.voting_results as tallying

    calls: list[str] = []
    tally = tallying.tally

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append("youth" if kwargs.get("subset") is not None else "all")
        return tally(*args, **kwargs)

    monkeypatch.setattr(tallying, "tally", counted)
    return calls


@pytest.mark.parametrize("method", sorted(ROUNDS))
async def test_results_of_a_closed_round_show_the_close_s_tally_without_tallying_again(
    backend_bot: Bot, method: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    bot = backend_bot
    posted = await _closed_round(bot, method)
    calls = _count_tallies(monkeypatch)
    assert await bot.ask("max", "/ergebnis 1") == posted
    assert calls == []  # the tally the close kept with the round


async def test_results_of_a_round_closed_before_its_tally_was_kept_whole_tally_it(
    bot: Bot, monkeypatch: pytest.MonkeyPatch
) -> None:
    posted = await _closed_round(bot, "approval")
    async with bot.app.sessions() as s, s.begin():
        rnd = await s.scalar(select(Round))
        assert rnd is not None and rnd.result is not None
        # What a close kept before the youth vote's hidden state and count were kept too.
        old = {k: rnd.result[k] for k in ("eligible", "youth_eligible", "tally", "youth")}
        await s.execute(update(Round).where(Round.id == rnd.id).values(result=old))
    calls = _count_tallies(monkeypatch)
    assert await bot.ask("max", "/ergebnis 1") == posted
    assert calls == ["all", "youth"]
