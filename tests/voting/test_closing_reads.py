"""Closing a round reads its measures once, however many youth ideas are in it and however
many youth representatives read the result with how their ideas did under it: the result in
each language, the edits of the announcement and the notices, and each proposer's line all
come from one read (and one read of which ideas changed status since)."""

from __future__ import annotations

from adapters.memory import Sent
from commands.voting import close_due_rounds
from tests.harness import Bot, counted
from tests.unit.scheduling.helpers import berlin, to
from tests.voting.helpers import group_with_measures

IDEAS = {"lea": "Bolzplatz", "jonas": "Graffitiwand", "mia": "Kletterwand"}


def reads_of(table: str, statements: list[str]) -> list[str]:
    return [s for s in statements if s.lstrip().upper().startswith("SELECT") and table in s]


async def _three_ideas_in_a_round(bot: Bot, closes: str = "") -> None:
    """Three youth representatives (Lea, Jonas, Mia), each with an idea in round 1, where Anna
    and Lea voted; without a youth chat, each reads the result in their direct chat."""
    bot.clock.set(berlin(2027, 1, 11, 10, 0))
    await group_with_measures(bot)
    await bot.ask("mia", f"/join {await bot.invite('anna', 'youth')}")
    await bot.press("mia", "age:16plus", chat="dm")
    for who, idea in IDEAS.items():
        await bot.ask(who, f"/idee {idea}")
    for n in (1, 2, 3):
        await bot.ask("anna", f"/annehmen {n}")  # measures 5, 6, 7
    await bot.ask("anna", f"/round approval 1 2 3 4 5 6 7 {closes}".strip())
    await bot.ask("anna", "/vote 1 5 6")
    await bot.ask("lea", "/vote 1 5 7", chat="dm")
    bot.adapter.pop()


def each_reads_how_their_idea_did(sent: list[Sent]) -> None:
    tie = "Platz 2 von 7 (gleichauf)."
    places = {"lea": "Platz 1 von 7.", "jonas": tie, "mia": tie}
    for who, idea in IDEAS.items():
        (text,) = to(sent, f"dm:{who}")
        assert text.startswith("Die Abstimmung in Musterstadt ist vorbei.\nErgebnis der Runde 1")
        assert text.endswith(
            f"\n\nDeine Idee „{idea}“ war in Runde 1 dabei: {places[who]} Die Koordination "
            "entscheidet, wie es weitergeht."
        ), text


async def test_closing_by_hand_reads_the_measures_once(bot: Bot) -> None:
    await _three_ideas_in_a_round(bot)
    with counted(bot) as statements:
        sent = await bot.say("anna", "/close 1 jetzt")
    assert to(sent, "group")[0].startswith("Ergebnis der Runde 1")
    each_reads_how_their_idea_did(sent)
    assert len(reads_of("FROM measures", statements)) == 1, statements
    assert len(reads_of("FROM measure_events", statements)) == 1, statements


async def test_closing_on_its_own_reads_the_measures_once_and_once_to_post(bot: Bot) -> None:
    await _three_ideas_in_a_round(bot, "closes=11.1.2027 18:00")
    bot.clock.set(berlin(2027, 1, 11, 18, 1))
    with counted(bot) as statements:
        await close_due_rounds(bot.app.services, bot.clock.now())
    sent = bot.adapter.pop()
    assert to(sent, "group")[0].startswith("Ergebnis der Runde 1")
    each_reads_how_their_idea_did(sent)
    # the close, and the post of its result (a step of its own, also after a restart)
    assert len(reads_of("FROM measures", statements)) == 2, statements
    assert len(reads_of("FROM measure_events", statements)) == 2, statements
