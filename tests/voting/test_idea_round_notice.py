"""A youth representative whose idea was in a voting round hears, when it closes, how it did
(in their direct chat, in one line, "du"), and /myideas shows the last round it was in; in their
quiet hours the line waits for their end, and a decision on the idea taken meanwhile replaces it."""

from __future__ import annotations

from datetime import timedelta

from commands.voting import close_due_rounds
from tests.harness import Bot
from tests.unit.scheduling.helpers import berlin, run_at, to
from tests.voting.helpers import group_with_measures

PLACE_4 = (
    "Deine Idee „Bolzplatz“ war in Runde 1 dabei: Platz 4 von 5. Die Koordination entscheidet, "
    "wie es weitergeht."
)


async def _leas_idea_in_a_round(bot: Bot, closes: str = "") -> None:
    """Lea's idea becomes measure 5 and is voted on with the four others: place 4 of 5."""
    await group_with_measures(bot)
    await bot.ask("lea", "/idee Bolzplatz")
    await bot.ask("anna", "/annehmen 1")
    await bot.ask("anna", f"/round approval 1 2 3 4 5 {closes}".strip())
    await bot.ask("anna", "/vote 1 1 2 3")
    await bot.ask("max", "/vote 1 1 2 5")
    await bot.ask("jonas", "/vote 1 1 3", chat="dm")


async def test_the_proposer_hears_the_place_of_their_idea(backend_bot: Bot) -> None:
    bot = backend_bot  # on SQLite and PostgreSQL
    bot.clock.set(berlin(2027, 1, 11, 10, 0))
    await _leas_idea_in_a_round(bot)
    sent = await bot.say("anna", "/close 1")
    assert PLACE_4 in to(sent, "dm:lea")
    # Only hers: Jonas, whose idea it is not, reads the result alone.
    assert not any("Deine Idee" in text for text in to(sent, "dm:jonas"))
    listed = await bot.ask("lea", "/meineideen", chat="dm")
    assert "• „Bolzplatz“: Maßnahme 5, jetzt vorgeschlagen, zuletzt in Runde 1: Platz 4 von 5" in (
        listed
    )
    # A yes/no decision on it: adopted, and what happens next.
    await bot.ask("anna", "/round consent 5")
    await bot.ask("max", "/vote 2 ja")
    sent = await bot.say("anna", "/close 2")
    assert (
        "Deine Idee „Bolzplatz“ war in Runde 2 dabei: angenommen. Die Koordination trägt den "
        "Beschluss jetzt in den Aktionsplan ein."
    ) in to(sent, "dm:lea")
    assert "zuletzt in Runde 2: angenommen" in await bot.ask("lea", "/meineideen", chat="dm")


async def test_a_round_closing_on_its_own_tells_the_proposer(bot: Bot) -> None:
    bot.clock.set(berlin(2027, 1, 11, 10, 0))
    await _leas_idea_in_a_round(bot, "closes=11.1.2027 18:00")
    bot.clock.set(berlin(2027, 1, 11, 18, 1))
    await close_due_rounds(bot.app.services, bot.clock.now())
    assert to(await run_at(bot, berlin(2027, 1, 11, 18, 2)), "dm:lea") == [PLACE_4]
    assert to(await run_at(bot, berlin(2027, 1, 11, 18, 5)), "dm:lea") == []


async def test_at_night_it_waits_and_gives_way_to_the_decision(bot: Bot) -> None:
    bot.clock.set(berlin(2027, 1, 11, 10, 0))
    await _leas_idea_in_a_round(bot, "closes=11.1.2027 23:00")
    bot.clock.set(berlin(2027, 1, 11, 23, 1))
    await close_due_rounds(bot.app.services, bot.clock.now())
    assert PLACE_4 not in to(await run_at(bot, berlin(2027, 1, 11, 23, 2)), "dm:lea")
    morning = to(await run_at(bot, berlin(2027, 1, 12, 7, 0)), "dm:lea")
    assert PLACE_4 in morning
    # Closed at night and adopted before she is up: she hears the decision, not both.
    await bot.ask("anna", "/round approval 1 2 3 4 5 closes=12.1.2027 23:00")
    bot.clock.set(berlin(2027, 1, 12, 23, 1))
    await close_due_rounds(bot.app.services, bot.clock.now())
    bot.clock.advance(timedelta(minutes=10))
    await bot.ask("anna", "/status 5 beschlossen")
    morning = to(await run_at(bot, berlin(2027, 1, 13, 7, 0)), "dm:lea")
    assert not any("war in Runde 2 dabei" in text for text in morning)
    assert (
        "Super Nachricht: Deine Idee „Bolzplatz“ ist beschlossen! Sie steht jetzt im Aktionsplan."
        in morning
    )
