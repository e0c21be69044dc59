"""A milestone on its measure's due date is one nudge at each offset, naming both; moved apart
again, each has its own nudges again. Dates on a weekend or a holiday: one clear nudge a day,
not "in 3 Tagen" on Thursday and "in 2 Tagen" on Friday."""

from __future__ import annotations

from datetime import date, timedelta

from bot.scheduling.planner import plan_group
from storage.models import Group
from storage.repo import reminders
from tests.harness import Bot
from tests.unit.scheduling.helpers import add_measure, berlin, group_id, run_at, set_measure, to

BOTH_AHEAD = (
    "Erinnerung: Maßnahme 1 „Spielplatz“: Frist und Meilenstein „Träger gefunden“ am "
    "15.03.2027, in 14 Tagen.\n"
    "Aktualisieren Sie sie mit /stand 1 <Status> [Notiz].\n"
    "Erreicht? /meilenstein 1 erreicht 1"
)


async def test_a_milestone_on_the_due_date_is_one_nudge_at_each_offset(backend_bot: Bot) -> None:
    bot = backend_bot  # on SQLite and PostgreSQL
    await bot.group_with(ben="member")
    await add_measure(bot, "Spielplatz", due=date(2027, 3, 15), responsible="ben")
    assert "15.03.2027" in await bot.ask("anna", "/meilenstein 1 15.03.2027 Träger gefunden")
    await bot.app.reminders.plan()

    assert to(await run_at(bot, berlin(2027, 3, 1, 9, 0)), "dm:ben") == [BOTH_AHEAD]
    # Planned again (as after a restart): nothing again.
    await bot.app.reminders.plan()
    assert to(await run_at(bot, berlin(2027, 3, 1, 9, 5)), "dm:ben") == []
    (ahead,) = to(await run_at(bot, berlin(2027, 3, 12, 9, 0)), "dm:ben")
    assert "Frist und Meilenstein „Träger gefunden“ am 15.03.2027, in 3 Tagen." in ahead
    (today,) = to(await run_at(bot, berlin(2027, 3, 15, 9, 0)), "dm:ben")
    assert today.startswith(
        "Erinnerung: Maßnahme 1 „Spielplatz“: Frist und Meilenstein „Träger gefunden“ heute "
        "(15.03.2027)."
    )


async def test_a_due_date_moved_off_its_milestone_nudges_apart_again(backend_bot: Bot) -> None:
    bot = backend_bot
    await bot.group_with(ben="member")
    await add_measure(bot, "Spielplatz", due=date(2027, 3, 15), responsible="ben")
    await bot.ask("anna", "/meilenstein 1 15.03.2027 Träger gefunden")
    await bot.app.reminders.plan()
    assert to(await run_at(bot, berlin(2027, 3, 1, 9, 0)), "dm:ben") == [BOTH_AHEAD]

    bot.clock.set(berlin(2027, 3, 2, 10, 0))
    assert "22.03.2027" in await bot.ask("ben", "/frist 1 22.03.2027")
    (due,) = to(await run_at(bot, berlin(2027, 3, 8, 9, 0)), "dm:ben")
    assert due.startswith("Erinnerung: Maßnahme 1 „Spielplatz“ ist am 22.03.2027 fällig, in 14")
    (milestone,) = to(await run_at(bot, berlin(2027, 3, 12, 9, 0)), "dm:ben")
    assert milestone.startswith(
        "Erinnerung: Der Meilenstein „Träger gefunden“ der Maßnahme 1 „Spielplatz“ ist am "
        "15.03.2027 fällig, in 3 Tagen."
    )
    (today,) = to(await run_at(bot, berlin(2027, 3, 15, 9, 0)), "dm:ben")
    assert "Meilenstein „Träger gefunden“" in today and "heute fällig (15.03.2027)" in today
    assert "Frist" not in today
    (due,) = to(await run_at(bot, berlin(2027, 3, 19, 9, 0)), "dm:ben")
    assert due.startswith("Erinnerung: Maßnahme 1 „Spielplatz“ ist am 22.03.2027 fällig, in 3")


async def test_a_sunday_date_is_warned_once_before_the_friday_that_recalls_it(bot: Bot) -> None:
    """Due Sunday 21 March: the day's own nudge comes on Friday ("in 2 Tagen"); the warning
    3 days ahead, on Thursday, would say nearly the same the day before, and is not sent."""
    await bot.group_with(ben="member")
    await add_measure(bot, "Spielplatz", due=date(2027, 3, 21), responsible="ben")
    await bot.app.reminders.plan()
    assert to(await run_at(bot, berlin(2027, 3, 18, 9, 0)), "dm:ben") == []
    (friday,) = to(await run_at(bot, berlin(2027, 3, 19, 9, 0)), "dm:ben")
    assert friday.startswith("Erinnerung: Maßnahme 1 „Spielplatz“ ist am 21.03.2027 fällig")


async def test_a_holiday_date_is_warned_once_before_the_day_that_recalls_it(bot: Bot) -> None:
    """Due Thursday 26 December 2030: the 25th is a holiday too, so its nudge comes on
    Tuesday the 24th ("in 2 Tagen"); the warning 3 days ahead, Monday the 23rd, is not sent."""
    await bot.group_with(ben="member")
    await add_measure(bot, "Spielplatz", due=date(2030, 12, 26), responsible="ben")
    bot.clock.set(berlin(2030, 12, 1, 10, 0))
    await bot.app.reminders.plan()
    assert len(to(await run_at(bot, berlin(2030, 12, 12, 9, 0)), "dm:ben")) == 1  # 14 days
    assert to(await run_at(bot, berlin(2030, 12, 23, 9, 0)), "dm:ben") == []
    (tuesday,) = to(await run_at(bot, berlin(2030, 12, 24, 9, 0)), "dm:ben")
    assert tuesday.startswith(
        "Erinnerung: Maßnahme 1 „Spielplatz“ ist am 26.12.2030 fällig, in 2 Tagen."
    )


async def test_a_milestone_nudge_planned_before_the_due_date_met_it_is_not_sent_too(
    backend_bot: Bot,
) -> None:
    """A milestone's row planned while the due date was elsewhere, still waiting when the
    due date's rows for the same day are added (another process planning, or the plan of a
    version before): the due date's nudge names the milestone, and the milestone's own row
    is not sent as well."""
    bot = backend_bot
    await bot.group_with(ben="member")
    measure = await add_measure(bot, "Spielplatz", due=date(2027, 3, 22), responsible="ben")
    await bot.ask("anna", "/meilenstein 1 15.03.2027 Träger gefunden")
    bot.clock.set(berlin(2027, 2, 20, 10, 0))
    await bot.app.reminders.plan()
    await set_measure(bot, measure.id, due_on=date(2027, 3, 15))
    now = bot.clock.now()
    async with bot.app.sessions() as session, session.begin():
        group = await session.get(Group, await group_id(bot))
        assert group is not None
        planned, _ = await plan_group(session, group, now, now + timedelta(days=35))
        await reminders.add_planned(session, [r.values(now) for r in planned])
    when = berlin(2027, 3, 1, 9, 0)
    bot.app.reminders.last_plan = when  # no plan again before this sweep
    assert to(await run_at(bot, when), "dm:ben") == [BOTH_AHEAD]


async def test_a_youth_representatives_one_nudge_says_whom_to_tell_once_at_work(bot: Bot) -> None:
    await bot.group_with(lea="youth")
    await add_measure(bot, "Skatepark", due=date(2027, 2, 18), responsible="lea")
    await bot.ask("anna", "/meilenstein 1 18.2.2027 Ort gefunden")
    await bot.ask("anna", "/meilenstein 1 18.2.2027 Rampe bestellt")
    await bot.app.reminders.plan()
    (nudge,) = to(await run_at(bot, berlin(2027, 2, 18, 9, 0)), "dm:lea")
    assert nudge == (
        "Erinnerung: Maßnahme 1 „Skatepark“: Frist und Meilensteine „Ort gefunden“, "
        "„Rampe bestellt“ heute (18.02.2027).\n"
        "Sag mir, wie es läuft: /stand 1 in Umsetzung oder /stand 1 umgesetzt.\n"
        "Erreicht? Sag der Koordination Bescheid, sie trägt ihn als erreicht ein."
    )


async def test_the_one_nudge_has_the_milestones_reached_button_beside_the_measures(
    backend_bot: Bot,
) -> None:
    """ "Erreicht" under the due date's nudge that names the milestone marks it reached as the
    milestone's own nudge's button does; the measure's buttons there still answer the nudge."""
    bot = backend_bot  # on SQLite and PostgreSQL
    await bot.group_with(ben="member")
    await add_measure(bot, "Spielplatz", due=date(2027, 3, 15), responsible="ben")
    await bot.ask("anna", "/meilenstein 1 15.03.2027 Träger gefunden")
    await bot.app.reminders.plan()
    sent = await run_at(bot, berlin(2027, 3, 1, 9, 0))
    (nudge,) = [s for s in sent if s.chat.chat_id == "dm:ben"]
    assert nudge.reply.text == BOTH_AHEAD
    assert [c.label for c in nudge.reply.choices] == [
        "In Umsetzung",
        "Umgesetzt",
        "Frist 2 Wochen später",
        "Erreicht",
    ]
    progress, _done, _later, reached = (c.action for c in nudge.reply.choices)
    answer = await bot.press("ben", reached, chat="dm", message_id=nudge.message_id)
    assert [s.reply.text for s in answer if s.chat.chat_id == "dm:ben"] == [
        "Meilenstein „Träger gefunden“ (15.03.2027) von Maßnahme 1 „Spielplatz“ ist erreicht. "
        "Gut gemacht!"
    ]
    assert [s.reply.text for s in answer if s.chat.chat_id == "group"] == [
        "Maßnahme 1 „Spielplatz“: Meilenstein „Träger gefunden“ erreicht (gemeldet von Ben)."
    ]
    assert "Ben · Meilenstein erreicht" in await bot.ask("anna", "/verlauf 1")
    # The nudge says so, no longer asks for it, and keeps the measure's buttons: one of them
    # answers it.
    reached_line = (
        "Erinnerung: Maßnahme 1 „Spielplatz“: Frist und Meilenstein „Träger gefunden“ am "
        "15.03.2027, in 14 Tagen.\n"
        "Aktualisieren Sie sie mit /stand 1 <Status> [Notiz].\n"
        "✓ Meilenstein „Träger gefunden“ erreicht"
    )
    ((ref, edit),) = bot.adapter.edits
    assert (ref.chat.chat_id, ref.message_id) == ("dm:ben", nudge.message_id)
    assert edit.text == reached_line
    assert [c.action for c in edit.choices] == [c.action for c in nudge.reply.choices[:3]]
    bot.adapter.edits.clear()
    answer = await bot.press("ben", progress, chat="dm", message_id=nudge.message_id)
    assert [s.reply.text for s in answer if s.chat.chat_id == "dm:ben"] == [
        "Maßnahme 1 „Spielplatz“: beschlossen → in Umsetzung."
    ]
    ((_, edit),) = bot.adapter.edits
    assert edit.text == reached_line + "\n✓ Status: in Umsetzung" and edit.choices == ()
    # The milestone reached, the due date's next nudge is about the due date alone.
    (ahead,) = to(await run_at(bot, berlin(2027, 3, 12, 9, 0)), "dm:ben")
    assert ahead.startswith("Erinnerung: Maßnahme 1 „Spielplatz“ ist am 15.03.2027 fällig, in 3")


async def test_two_milestones_on_the_due_date_have_a_reached_button_each(bot: Bot) -> None:
    await bot.group_with(ben="member")
    await add_measure(bot, "Skatepark", due=date(2027, 2, 18), responsible="ben")
    await bot.ask("anna", "/meilenstein 1 18.2.2027 Ort gefunden")
    await bot.ask("anna", "/meilenstein 1 18.2.2027 Rampe bestellt")
    await bot.app.reminders.plan()
    sent = await run_at(bot, berlin(2027, 2, 18, 9, 0))
    (nudge,) = [s for s in sent if s.chat.chat_id == "dm:ben"]
    assert [c.label for c in nudge.reply.choices][-2:] == [
        "„Ort gefunden“ erreicht",
        "„Rampe bestellt“ erreicht",
    ]
    await bot.press("ben", nudge.reply.choices[-1].action, chat="dm", message_id=nudge.message_id)
    listed = await bot.ask("anna", "/meilenstein 1")
    assert "1. 18.02.2027 Ort gefunden\n2. 18.02.2027 Rampe bestellt (erreicht am" in listed
    ((_, edit),) = bot.adapter.edits
    assert [c.label for c in edit.choices] == [c.label for c in nudge.reply.choices[:-1]]
    # Its line asking for the one reached goes; the other's stays.
    assert "Erreicht? /meilenstein 1 erreicht 2" not in edit.text
    assert "Erreicht? /meilenstein 1 erreicht 1\n" in edit.text
    # Typed, the other one takes its button off too; the measure's stay.
    await bot.ask("anna", "/meilenstein 1 erreicht 1")
    (_, edit) = bot.adapter.edits[-1]
    assert edit.text.endswith(
        "[Notiz].\n✓ Meilenstein „Rampe bestellt“ erreicht\n✓ Meilenstein „Ort gefunden“ erreicht"
    )
    assert [c.label for c in edit.choices] == [c.label for c in nudge.reply.choices[:-2]]
