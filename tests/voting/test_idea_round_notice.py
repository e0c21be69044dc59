"""A youth representative whose idea was in a voting round hears, when it closes, how it did
(in their direct chat, in one line, "du"): under the round's result when that comes to their
direct chat too, in one message, else on its own; /myideas shows the last round it was in. In
their quiet hours the line waits for their end, and a decision on the idea taken meanwhile
replaces it."""

from __future__ import annotations

from datetime import timedelta

from adapters.memory import Sent
from commands.voting import close_due_rounds
from tests.harness import Bot
from tests.unit.scheduling.helpers import berlin, run_at, to
from tests.voting.helpers import group_with_measures

PLACE_4 = (
    "Deine Idee „Bolzplatz“ war in Runde 1 dabei: Platz 4 von 5. Die Koordination entscheidet, "
    "wie es weitergeht."
)
RESULT = "Die Abstimmung in Musterstadt ist vorbei.\nErgebnis der Runde {}"


def one_with_result(sent: list[Sent], line: str, number: int = 1) -> None:
    """Lea has one message: the round's result with its chart, and ``line`` under it."""
    (lea,) = [s for s in sent if s.chat.chat_id == "dm:lea"]
    assert lea.reply.text.startswith(RESULT.format(number)), lea.reply.text
    assert lea.reply.text.endswith(f"\n\n{line}"), lea.reply.text
    assert lea.reply.attachments[0].name == f"round-{number}.png"


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
    one_with_result(sent, PLACE_4)
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
    adopted = (
        "Deine Idee „Bolzplatz“ war in Runde 2 dabei: angenommen. Die Koordination trägt den "
        "Beschluss jetzt in den Aktionsplan ein."
    )
    one_with_result(sent, adopted, 2)
    assert "zuletzt in Runde 2: angenommen" in await bot.ask("lea", "/meineideen", chat="dm")


async def test_a_round_closing_on_its_own_tells_the_proposer(bot: Bot) -> None:
    bot.clock.set(berlin(2027, 1, 11, 10, 0))
    await _leas_idea_in_a_round(bot, "closes=11.1.2027 18:00")
    bot.clock.set(berlin(2027, 1, 11, 18, 1))
    bot.adapter.pop()
    await close_due_rounds(bot.app.services, bot.clock.now())
    one_with_result(bot.adapter.pop(), PLACE_4)
    assert to(await run_at(bot, berlin(2027, 1, 11, 18, 2)), "dm:lea") == []
    assert to(await run_at(bot, berlin(2027, 1, 11, 18, 5)), "dm:lea") == []


async def test_with_a_youth_chat_the_line_comes_alone(backend_bot: Bot) -> None:
    bot = backend_bot  # on SQLite and PostgreSQL
    bot.clock.set(berlin(2027, 1, 11, 10, 0))
    await _leas_idea_in_a_round(bot, "closes=11.1.2027 18:00")
    await bot.ask("anna", "/binden jugend", chat="jugend")
    bot.clock.set(berlin(2027, 1, 11, 18, 1))
    bot.adapter.pop()
    await close_due_rounds(bot.app.services, bot.clock.now())
    closed = bot.adapter.pop()
    (youth_chat,) = to(closed, "jugend")  # the result, without her line
    assert youth_chat.startswith(RESULT.format(1)) and "Deine Idee" not in youth_chat
    assert to(closed, "dm:lea") == []
    assert to(await run_at(bot, berlin(2027, 1, 11, 18, 2)), "dm:lea") == [PLACE_4]
    # Closed by hand: the same.
    await bot.ask("anna", "/round approval 1 2 3 4 5")
    sent = await bot.say("anna", "/close 2")
    assert "Deine Idee" not in to(sent, "jugend")[0]
    (line,) = to(sent, "dm:lea")
    assert line.startswith("Deine Idee „Bolzplatz“ war in Runde 2 dabei: ")


async def test_at_night_it_waits_and_gives_way_to_the_decision(bot: Bot) -> None:
    bot.clock.set(berlin(2027, 1, 11, 10, 0))
    await _leas_idea_in_a_round(bot, "closes=11.1.2027 23:00")
    bot.clock.set(berlin(2027, 1, 11, 23, 1))
    await close_due_rounds(bot.app.services, bot.clock.now())
    assert PLACE_4 not in to(await run_at(bot, berlin(2027, 1, 11, 23, 2)), "dm:lea")
    one_with_result(await run_at(bot, berlin(2027, 1, 12, 7, 0)), PLACE_4)
    # Closed at night and adopted before she is up: she hears the decision, not both.
    await bot.ask("anna", "/round approval 1 2 3 4 5 closes=12.1.2027 23:00")
    bot.clock.set(berlin(2027, 1, 12, 23, 1))
    await close_due_rounds(bot.app.services, bot.clock.now())
    bot.clock.advance(timedelta(minutes=10))
    await bot.ask("anna", "/status 5 beschlossen")
    morning = to(await run_at(bot, berlin(2027, 1, 13, 7, 0)), "dm:lea")
    assert not any("war in Runde 2 dabei" in text for text in morning)
    assert any(text.startswith(RESULT.format(2)) for text in morning)  # the result, alone
    assert (
        "Super Nachricht: Deine Idee „Bolzplatz“ ist beschlossen! Sie steht jetzt im Aktionsplan."
        in morning
    )
