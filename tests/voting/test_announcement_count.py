"""The count in an open round's announcement follows who may vote: someone joining, leaving,
being removed or forgotten, or getting a role that does or does not vote, edits it at once,
as "/whovoted" already says, instead of leaving the old count until the next ballot."""

from __future__ import annotations

import asyncio

import pytest

from bot.context import Context
from commands import voting_announcement
from commands.voting_announcement import recount_later, recount_marked
from storage.models import Group
from tests.harness import Bot, invite_code
from tests.voting.helpers import add_voters, group_with_measures


@pytest.fixture
async def group(bot: Bot) -> Bot:
    await group_with_measures(bot)
    return bot


def _last_count(bot: Bot) -> str:
    assert bot.adapter.edits, "the announcement was not edited"
    return bot.adapter.edits[-1][1].text.splitlines()[-1]


async def _announced(bot: Bot) -> None:
    await bot.ask("anna", "/runde zustimmung 1 2 3")
    await bot.ask("max", "/abstimmen 1 1")
    assert _last_count(bot) == "1 von 4 hat abgestimmt."
    bot.adapter.edits.clear()


async def test_forgetting_a_voter_edits_the_count(group: Bot) -> None:
    await _announced(group)
    code = (await group.ask("max", "/vergessen", chat="dm")).split("/vergessen ")[1][:8]
    await group.ask("max", f"/vergessen {code}", chat="dm")
    assert _last_count(group) == "0 von 3 haben abgestimmt."
    assert (await group.ask("anna", "/werhatgewaehlt 1")).startswith("Runde 1: 0 von 3")


async def test_removing_or_a_role_without_a_vote_edits_the_count(group: Bot) -> None:
    await _announced(group)
    await group.ask("anna", "/rolle lea gast")
    assert _last_count(group) == "1 von 3 hat abgestimmt."
    await group.ask("anna", "/entfernen max")
    assert _last_count(group) == "0 von 2 haben abgestimmt."
    await group.ask("anna", "/rolle otto mitglied")
    assert _last_count(group) == "0 von 3 haben abgestimmt."


async def test_someone_joining_edits_the_count(group: Bot) -> None:
    await _announced(group)
    code = invite_code(await group.ask("anna", "/einladen mitglied"))
    await group.ask("ben", f"/beitreten {code}", chat="dm")
    assert _last_count(group) == "1 von 5 hat abgestimmt."


async def test_a_change_that_leaves_the_voters_as_they_are_edits_nothing(group: Bot) -> None:
    await _announced(group)
    await group.ask("anna", "/rolle max koordination")  # votes before and after
    code = invite_code(await group.ask("anna", "/einladen gast"))
    await group.ask("ben", f"/beitreten {code}", chat="dm")  # an observer does not vote
    assert group.adapter.edits == []


async def test_nobody_of_one_has_voted_in_the_singular(bot: Bot) -> None:
    """ "0 von 1 haben abgestimmt" read wrong: with nobody voted the verb agrees with the total."""
    await bot.group_with()
    await bot.ask("anna", "/vorschlag Bank")
    await bot.ask("anna", "/vorschlag Tisch")
    await bot.ask("anna", "/runde zustimmung 1 2")
    assert (await bot.ask("anna", "/werhatgewaehlt 1")).startswith(
        "Runde 1: 0 von 1 hat abgestimmt."
    )
    await bot.ask("anna", "/sprache en", chat="dm")
    assert "0 of 1 has voted." in await bot.ask("anna", "/whovoted 1", chat="dm")
    await bot.ask("anna", "/abstimmen 1 1")
    assert (await bot.ask("anna", "/werhatgewaehlt 1")).startswith(
        "Runde 1: 1 von 1 hat abgestimmt."
    )


async def test_a_recount_left_from_outside_a_chat_edits_the_count_once(backend_bot: Bot) -> None:
    """The operator's command line edits nothing itself (``steerbot groups coordinator`` making
    a guest coordinator): it leaves a mark, and the running bot's next tick edits the count,
    once, also with two processes taking the mark at the same time."""
    await group_with_measures(backend_bot)
    await _announced(backend_bot)
    await add_voters(backend_bot, 1)  # written directly, as the command line does
    async with backend_bot.app.sessions() as s, s.begin():
        await recount_later(s, 1, backend_bot.clock.now())
    services, now = backend_bot.app.services, backend_bot.clock.now()
    assert sorted(
        await asyncio.gather(recount_marked(services, now), recount_marked(services, now))
    ) == [0, 1]
    assert [e[1].text.splitlines()[-1] for e in backend_bot.adapter.edits] == [
        "1 von 5 hat abgestimmt."
    ]


async def test_a_recount_that_fails_in_one_group_leaves_the_others_and_is_not_retried(
    backend_bot: Bot, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """Two groups marked for a recount, and one of them cannot be recounted: the other's count
    is edited all the same, and the broken one's mark goes, so the job does not fail at every
    tick from then on (and never gets to the other group)."""
    await group_with_measures(backend_bot)
    await _announced(backend_bot)
    await add_voters(backend_bot, 1)  # to Musterstadt, written directly
    await backend_bot.ask("carl", "/setup Beispieldorf", chat="dorf")
    refresh = voting_announcement.refresh_open_rounds

    async def broken_in_beispieldorf(ctx: Context, group: Group) -> None:
        if group.name == "Beispieldorf":
            raise RuntimeError("broken")
        await refresh(ctx, group)

    monkeypatch.setattr(voting_announcement, "refresh_open_rounds", broken_in_beispieldorf)
    async with backend_bot.app.sessions() as s, s.begin():
        for group_id in (1, 2):
            await recount_later(s, group_id, backend_bot.clock.now())
    services, now = backend_bot.app.services, backend_bot.clock.now()
    assert await recount_marked(services, now) == 1
    assert [e[1].text.splitlines()[-1] for e in backend_bot.adapter.edits] == [
        "1 von 5 hat abgestimmt."
    ]
    assert "recounting the open rounds of round-recount:2 failed" in caplog.text
    assert await recount_marked(services, now) == 0  # nothing left to fail again
