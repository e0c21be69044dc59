"""The person responsible for a measure hears in their direct chat when someone else adds a
milestone to it (one line, with its date and who added it), not first from the nudge before it;
in their quiet hours it waits for their end."""

from __future__ import annotations

from datetime import date

from tests.harness import Bot
from tests.unit.scheduling.helpers import add_measure, berlin, run_at, to


async def test_the_person_responsible_hears_of_a_new_milestone(backend_bot: Bot) -> None:
    bot = backend_bot  # on SQLite and PostgreSQL
    await bot.group_with(ben="member", lea="youth")
    await add_measure(bot, "Spielplatz", due=date(2027, 6, 30), responsible="ben")
    bot.clock.set(berlin(2027, 1, 11, 10, 0))
    sent = await bot.say("anna", "/meilenstein 1 15.3.2027 Angebote einholen")
    assert to(sent, "dm:ben") == [
        "In Musterstadt hat Maßnahme 1 „Spielplatz“ (Sie sind verantwortlich) einen neuen "
        "Meilenstein am 15.03.2027: Angebote einholen (eingetragen von Anna)."
    ]
    # One he adds himself is no news to him.
    sent = await bot.say("ben", "/meilenstein 1 1.4.2027 Bauantrag stellen")
    assert to(sent, "dm:ben") == []
    # A youth representative responsible reads it in the du form.
    await add_measure(bot, "Bänke", due=None, responsible="lea")
    sent = await bot.say("anna", "/meilenstein 2 Bänke aufstellen bis 20.4.2027")
    assert to(sent, "dm:lea") == [
        "In Musterstadt hat Maßnahme 2 „Bänke“ (du bist verantwortlich) einen neuen "
        "Meilenstein am 20.04.2027: Bänke aufstellen (eingetragen von Anna)."
    ]
    # At 23:00 it waits for the end of his quiet hours.
    bot.clock.set(berlin(2027, 1, 11, 23, 0))
    sent = await bot.say("anna", "/meilenstein 1 1.5.2027 Baubeginn")
    assert to(sent, "dm:ben") == []
    assert to(await run_at(bot, berlin(2027, 1, 12, 7, 0)), "dm:ben") == [
        "In Musterstadt hat Maßnahme 1 „Spielplatz“ (Sie sind verantwortlich) einen neuen "
        "Meilenstein am 01.05.2027: Baubeginn (eingetragen von Anna)."
    ]


async def test_nobody_is_told_of_a_milestone_of_a_measure_without_someone_responsible(
    bot: Bot,
) -> None:
    await bot.group_with(ben="member")
    await add_measure(bot, "Spielplatz", due=None, responsible=None)
    bot.clock.set(berlin(2027, 1, 11, 10, 0))
    sent = await bot.say("anna", "/meilenstein 1 15.3.2027 Angebote einholen")
    assert [s.chat.chat_id for s in sent] == ["group"]
