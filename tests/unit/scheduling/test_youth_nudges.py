"""A youth representative responsible for a measure is nudged about it like anyone, but the
nudge suggests only what she may do: report it under way or done once it is adopted; a new due
date, and every step before, is the steering group's."""

from __future__ import annotations

from datetime import date

from tests.harness import Bot
from tests.unit.scheduling.helpers import add_measure, berlin, run_at, to


async def youth_nudges(bot: Bot, status: str) -> list[str]:
    """Lea's nudges on the due day of her measure 1 in ``status``."""
    await bot.group_with(lea="youth")
    await add_measure(bot, "Skatepark", due=date(2027, 2, 18), responsible="lea", status=status)
    await bot.app.reminders.plan()
    return to(await run_at(bot, berlin(2027, 2, 18, 9, 0)), "dm:lea")


async def test_a_nudge_on_a_measure_not_yet_adopted_suggests_no_status(bot: Bot) -> None:
    (nudge,) = await youth_nudges(bot, "proposed")
    assert nudge == (
        "Erinnerung: Maßnahme 1 „Skatepark“ ist heute fällig (18.02.2027).\n"
        "Maßnahme 1 ist vorgeschlagen: Die Steuerungsgruppe entscheidet zuerst, ob es "
        "weitergeht. Danach kannst du dazu berichten."
    )


async def test_a_nudge_on_an_adopted_measure_names_the_steps_she_may_report(bot: Bot) -> None:
    (nudge,) = await youth_nudges(bot, "adopted")
    assert nudge.endswith("Sag mir, wie es läuft: /stand 1 in Umsetzung oder /stand 1 umgesetzt.")
    # what it suggests works
    assert "beschlossen → in Umsetzung" in await bot.ask("lea", "/stand 1 in Umsetzung", "dm")


async def test_a_milestone_nudge_suggests_no_status_before_adoption(bot: Bot) -> None:
    await bot.group_with(lea="youth")
    await add_measure(bot, "Skatepark", due=None, responsible="lea", status="shortlisted")
    await bot.ask("anna", "/meilenstein 1 18.2.2027 Ort gefunden")
    await bot.app.reminders.plan()
    (nudge,) = to(await run_at(bot, berlin(2027, 2, 18, 9, 0)), "dm:lea")
    assert "/stand" not in nudge
    assert nudge.endswith(
        "Maßnahme 1 ist priorisiert: Die Steuerungsgruppe entscheidet zuerst, "
        "ob es weitergeht. Danach kannst du dazu berichten."
    )


async def test_a_milestone_nudge_tells_her_who_marks_it_reached(bot: Bot) -> None:
    """/milestone is the steering group's: a youth representative at work on her measure is
    told how a milestone she reached gets marked, else it stays "missed" in the digest."""
    await bot.group_with(lea="youth")
    await add_measure(bot, "Skatepark", due=None, responsible="lea", status="in_progress")
    await bot.ask("anna", "/meilenstein 1 18.2.2027 Ort gefunden")
    await bot.app.reminders.plan()
    (nudge,) = to(await run_at(bot, berlin(2027, 2, 18, 9, 0)), "dm:lea")
    assert nudge == (
        "Erinnerung: Der Meilenstein „Ort gefunden“ der Maßnahme 1 „Skatepark“ ist heute "
        "fällig (18.02.2027).\n"
        "Fertig? Dann schreib /stand 1 umgesetzt.\n"
        "Erreicht? Sag der Koordination Bescheid, sie trägt ihn als erreicht ein."
    )


async def test_a_slowing_overdue_nudge_does_not_offer_her_a_new_due_date(bot: Bot) -> None:
    await youth_nudges(bot, "in_progress")
    for day in (date(2027, 2, 25), date(2027, 3, 4), date(2027, 3, 11)):  # weekly overdue
        await run_at(bot, berlin(day.year, day.month, day.day, 9, 0))
    # four weeks overdue: from now on every four weeks
    (nudge,) = to(await run_at(bot, berlin(2027, 3, 18, 9, 0)), "dm:lea")
    assert "/frist" not in nudge
    assert nudge.endswith(
        "Fertig? Dann schreib /stand 1 umgesetzt.\n"
        "Ab jetzt erinnere ich dich nur noch alle vier Wochen daran. Braucht die Maßnahme mehr "
        "Zeit? Frag die Koordination, sie kann eine neue Frist setzen."
    )
