"""One person is counted once, whichever platform account they vote from."""

from __future__ import annotations

from sqlalchemy import select

from storage.models import Identity, Person
from tests.harness import Bot
from tests.voting.helpers import counts, group_with_measures


async def test_one_person_two_accounts_one_ballot(bot: Bot) -> None:
    await group_with_measures(bot)
    async with bot.app.sessions() as s, s.begin():
        max_id = await s.scalar(select(Person.id).where(Person.display_name == "Max"))
        # Max's second account (as /link would record it): another platform user, same person.
        s.add(
            Identity(
                person_id=max_id, platform="memory", user_id="max-on-matrix", display_name="Max"
            )
        )
    await bot.ask("anna", "/round approval 1 2 3")
    await bot.ask("max", "/vote 1 1")
    assert "lautet jetzt: Maßnahme 2 „Sitzbänke am Markt“." in await bot.ask(
        "max-on-matrix", "/vote 1 2"
    )
    assert await counts(bot) == (1, 1, 1)
    await bot.ask("anna", "/round consent 1 secret")
    assert "gezählt" in await bot.ask("max", "/vote 2 ja", chat="dm")
    assert "schon abgestimmt" in await bot.ask("max-on-matrix", "/vote 2 nein", chat="dm")
    assert await counts(bot) == (2, 2, 2)


async def test_english_group(bot: Bot) -> None:
    await group_with_measures(bot)
    await bot.ask("anna", "/lang en")
    assert "Round 1 is open: approval vote" in await bot.ask("anna", "/round approval 1 2")
    await bot.ask("max", "/vote 1 1")
    result = await bot.ask("anna", "/close 1")
    assert "Result of round 1 (approval vote)" in result and "1 approval" in result
    assert "Turnout: 1 of 4 eligible (25%)." in result
