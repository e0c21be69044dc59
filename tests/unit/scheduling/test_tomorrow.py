"""A nudge the day before says "morgen", as "heute" on the day: not "in 1 Tag" after the date,
which a phone's lock screen cuts off first."""

from __future__ import annotations

from datetime import date

from tests.harness import Bot
from tests.unit.scheduling.helpers import add_measure, berlin, run_at, to


async def _ben_a_day_ahead(bot: Bot) -> None:
    await bot.group_with(ben="member")
    bot.clock.set(berlin(2027, 3, 1, 10, 0))
    assert "1, 0 Tage" in await bot.ask("ben", "/erinnerungen vorlauf=1t,0t", "dm")


async def test_a_due_date_tomorrow_reads_morgen(bot: Bot) -> None:
    await _ben_a_day_ahead(bot)
    await add_measure(bot, "Spielplatz", due=date(2027, 3, 10), responsible="ben")
    await bot.app.reminders.plan()
    (ahead,) = to(await run_at(bot, berlin(2027, 3, 9, 9, 0)), "dm:ben")
    assert ahead.startswith("Erinnerung: Maßnahme 1 „Spielplatz“ ist morgen fällig (10.03.2027).")


async def test_a_milestone_tomorrow_reads_morgen(bot: Bot) -> None:
    await _ben_a_day_ahead(bot)
    await add_measure(bot, "Spielplatz", due=date(2027, 3, 24), responsible="ben")
    await bot.ask("anna", "/meilenstein 1 10.03.2027 Träger gefunden")
    await bot.app.reminders.plan()
    (ahead,) = to(await run_at(bot, berlin(2027, 3, 9, 9, 0)), "dm:ben")
    assert ahead.startswith(
        "Erinnerung: Der Meilenstein „Träger gefunden“ der Maßnahme 1 „Spielplatz“ ist morgen "
        "fällig (10.03.2027)."
    )


async def test_a_due_date_and_milestone_tomorrow_read_morgen(bot: Bot) -> None:
    await _ben_a_day_ahead(bot)
    await add_measure(bot, "Spielplatz", due=date(2027, 3, 10), responsible="ben")
    await bot.ask("anna", "/meilenstein 1 10.03.2027 Träger gefunden")
    await bot.app.reminders.plan()
    (ahead,) = to(await run_at(bot, berlin(2027, 3, 9, 9, 0)), "dm:ben")
    assert ahead.startswith(
        "Erinnerung: Maßnahme 1 „Spielplatz“: Frist und Meilenstein „Träger gefunden“ morgen "
        "(10.03.2027)."
    )


async def test_the_coordinators_line_for_a_measure_nobody_has_reads_morgen(bot: Bot) -> None:
    await bot.group_with()
    bot.clock.set(berlin(2027, 3, 1, 10, 0))
    await bot.ask("anna", "/erinnerungen vorlauf=1t,0t", "dm")
    await add_measure(bot, "Spielplatz", due=date(2027, 3, 10), responsible=None)
    await add_measure(bot, "Radweg", due=date(2027, 3, 10), responsible=None)
    await bot.app.reminders.plan()
    await run_at(bot, berlin(2027, 3, 8, 9, 0))  # Monday's digest
    (note,) = to(await run_at(bot, berlin(2027, 3, 9, 9, 0)), "dm:anna")
    assert "1. Spielplatz: morgen fällig (10.03.2027)" in note, note
