"""Quiet hours, weekends, a state's public holiday and the DST switches move nudges."""

from __future__ import annotations

from datetime import date

from tests.harness import Bot
from tests.unit.scheduling.helpers import add_measure, berlin, group_id, rows, run_at, to


async def _ben_plan(bot: Bot, until_day: tuple[int, int, int]) -> dict[str, object]:
    plan = await bot.app.reminders.preview(await group_id(bot), berlin(*until_day))
    return {
        r.key.rsplit(":", 1)[1]: r.due_at
        for r in plan
        if r.subject == "measure" and ":p2:" in r.key
    }


async def test_a_due_date_on_saturday_is_nudged_on_friday_not_as_overdue_on_monday(
    bot: Bot,
) -> None:
    await bot.group_with(ben="member")
    await add_measure(bot, "Fest", due=date(2027, 3, 6), responsible="ben")
    plan = await _ben_plan(bot, (2027, 3, 9))
    assert plan["0"] == berlin(2027, 3, 5, 9, 0)
    assert plan["-3"] == berlin(2027, 3, 3, 9, 0)
    (friday,) = to(await run_at(bot, berlin(2027, 3, 5, 9, 0)), "dm:ben")
    assert friday.startswith("Erinnerung: Maßnahme 1 „Fest“ ist morgen fällig (06.03.2027).")
    assert to(await run_at(bot, berlin(2027, 3, 8, 9, 0)), "dm:ben") == []


async def test_a_state_holiday_moves_the_nudge_only_in_that_state(bot: Bot) -> None:
    await bot.group_with(ben="member")
    bot.clock.set(berlin(2027, 9, 1, 10))
    # Monday 20 September is Weltkindertag, a public holiday in Thuringia (not in NRW).
    await add_measure(bot, "Kinderrechte", due=date(2027, 9, 23), responsible="ben")
    assert "Bundesland für Feiertage: NW" in await bot.ask("anna", "/reminders group state=NW")
    assert (await _ben_plan(bot, (2027, 9, 30)))["-3"] == berlin(2027, 9, 20, 9, 0)
    answer = await bot.ask("anna", "/erinnerungen gruppe land=Thüringen")
    assert "Bundesland für Feiertage: TH (Thüringen)" in answer
    # A warning ahead on the holiday comes on the working day before it, the Friday (before:
    # on Tuesday, two days ahead of the date).
    assert (await _ben_plan(bot, (2027, 9, 30)))["-3"] == berlin(2027, 9, 17, 9, 0)
    # The stored outbox row moved as well, and it is sent on the Friday.
    assert len(to(await run_at(bot, berlin(2027, 9, 9, 9, 0)), "dm:ben")) == 1  # 14 days before
    sent = to(await run_at(bot, berlin(2027, 9, 17, 9, 0)), "dm:ben")
    assert len(sent) == 1 and "in 6 Tagen" in sent[0]
    assert to(await run_at(bot, berlin(2027, 9, 21, 9, 0)), "dm:ben") == []


async def test_personal_quiet_hours_and_weekends(bot: Bot) -> None:
    await bot.group_with(ben="member")
    await add_measure(bot, "Fest", due=date(2027, 3, 6), responsible="ben")
    await bot.ask("ben", "/reminders quiet=08:00-10:00 weekends=on")
    plan = await _ben_plan(bot, (2027, 3, 9))
    # 09:00 is now quiet: 10:00 the same day; Saturday is allowed for ben.
    assert plan["-3"] == berlin(2027, 3, 3, 10, 0)
    assert plan["0"] == berlin(2027, 3, 6, 10, 0)


async def test_group_quiet_hours_apply_to_everyone_without_their_own(bot: Bot) -> None:
    await bot.group_with(ben="member")
    await add_measure(bot, "Fest", due=date(2027, 3, 3), responsible="ben")
    await bot.ask("anna", "/reminders group quiet=06:00-09:30")
    assert (await _ben_plan(bot, (2027, 3, 9)))["0"] == berlin(2027, 3, 3, 9, 30)


async def test_nine_oclock_stays_nine_oclock_across_both_dst_switches(bot: Bot) -> None:
    await bot.group_with(ben="member")
    bot.clock.set(berlin(2027, 3, 1, 10))
    # Summer time starts on Sunday 28 March 2027 and ends on Sunday 31 October 2027.
    await add_measure(bot, "Frühling", due=date(2027, 3, 31), responsible="ben")
    plan = await _ben_plan(bot, (2027, 4, 2))
    # -3 is Easter Sunday 28 March, a warning ahead: before the weekend, and Good Friday is a
    # holiday too, so Thursday 09:00 CET (UTC+1); the day itself 09:00 CEST (UTC+2).
    assert plan["-3"].isoformat() == "2027-03-25T08:00:00+00:00"
    assert plan["0"].isoformat() == "2027-03-31T07:00:00+00:00"
    assert plan["-14"].isoformat() == "2027-03-17T08:00:00+00:00"  # CET, UTC+1
    bot.clock.set(berlin(2027, 10, 20, 10))
    await add_measure(bot, "Herbst", due=date(2027, 11, 1), responsible="ben")
    plan = {
        r.key.rsplit(":", 1)[1]: r.due_at
        for r in await bot.app.reminders.preview(await group_id(bot), berlin(2027, 11, 3))
        if r.subject == "measure" and "2027-11-01" in r.key
    }
    assert plan["-3"].isoformat() == "2027-10-29T07:00:00+00:00"  # Friday, still CEST
    assert plan["0"].isoformat() == "2027-11-01T08:00:00+00:00"  # Monday, CET again


async def test_a_pause_holds_nudges_until_the_day_after(bot: Bot) -> None:
    await bot.group_with(ben="member")
    await add_measure(bot, "Fest", due=date(2027, 2, 3), responsible="ben")
    answer = await bot.ask("ben", "/reminders pause=2.2.2027")
    assert "Pause: pausiert bis 02.02.2027" in answer
    plan = await _ben_plan(bot, (2027, 2, 5))
    assert plan == {"0": berlin(2027, 2, 3, 9, 0)}  # the -14 and -3 nudges merge into it
    await bot.ask("ben", "/reminders pause=off")
    assert set(await _ben_plan(bot, (2027, 2, 5))) == {"-14", "-3", "0"}
    stored = {r.dedupe_key.rsplit(":", 1)[1] for r in await rows(bot) if ":p2:" in r.dedupe_key}
    assert stored == {"-14", "-3", "0", "+7"}  # one week overdue is inside the horizon too


async def test_after_a_pause_a_measure_overdue_for_years_is_nudged_once(bot: Bot) -> None:
    # An imported plan may bring a due date years back; a pause holds all of its nudges.
    await bot.group_with(ben="member")
    await add_measure(bot, "Alt", due=date(2022, 6, 1), responsible="ben")
    await bot.ask("ben", "/reminders pause=20.1.2027")
    plan = await _ben_plan(bot, (2027, 1, 22))
    assert set(plan.values()) == {berlin(2027, 1, 21, 9, 0)}  # at its 09:00, as the others
    await bot.app.reminders.plan()
    sent = []
    for hour in (7, 8, 9, 10):  # the running bot's scheduler wakes through the morning
        sent += to(await run_at(bot, berlin(2027, 1, 21, hour, 0)), "dm:ben")
    assert len(sent) == 1 and "Maßnahme 1 „Alt“ war am 01.06.2022 fällig" in sent[0]


async def test_a_digest_moved_past_a_holiday_survives_a_replan_on_the_holiday(bot: Bot) -> None:
    await bot.group_with()
    bot.clock.set(berlin(2027, 3, 20, 10))
    await bot.ask("anna", "/vorschlag Spielplatz")  # due in the digest's fortnight: news
    await bot.ask("anna", "/frist 1 9.4.2027")
    await bot.app.reminders.plan()
    # Easter Monday 29 March 2027: the Monday digest goes out on Tuesday at 08:00.
    await run_at(bot, berlin(2027, 3, 29, 10, 0))  # the hourly re-plan runs on the holiday
    sent = to(await run_at(bot, berlin(2027, 3, 30, 8, 0)), "dm:anna")
    assert len(sent) == 1 and sent[0].startswith("Übersicht für Musterstadt, 30.03.2027")


async def test_a_warning_ahead_on_a_weekend_comes_on_the_friday_before(bot: Bot) -> None:
    await bot.group_with(ben="member")
    # Due Tuesday 16 February: 3 days before is Saturday the 13th.
    await add_measure(bot, "Fest", due=date(2027, 2, 16), responsible="ben")
    await bot.app.reminders.plan()
    (friday,) = to(await run_at(bot, berlin(2027, 2, 12, 9, 0)), "dm:ben")
    assert friday.startswith("Erinnerung: Maßnahme 1 „Fest“ ist am 16.02.2027 fällig, in 4 Tagen.")
    assert to(await run_at(bot, berlin(2027, 2, 15, 9, 0)), "dm:ben") == []
    assert len(to(await run_at(bot, berlin(2027, 2, 16, 9, 0)), "dm:ben")) == 1  # the day


async def test_a_warning_planned_again_just_after_nine_on_friday_still_goes_out(bot: Bot) -> None:
    await bot.group_with(ben="member")
    await add_measure(bot, "Fest", due=date(2027, 2, 16), responsible="ben")
    await bot.app.reminders.plan()
    bot.app.reminders.last_plan = None  # the tick plans again before it sweeps
    sent = to(await run_at(bot, berlin(2027, 2, 12, 9, 1)), "dm:ben")
    assert len(sent) == 1 and "in 4 Tagen" in sent[0]
    assert to(await run_at(bot, berlin(2027, 2, 15, 9, 0)), "dm:ben") == []


async def test_a_warning_whose_friday_has_passed_comes_on_monday(bot: Bot) -> None:
    await bot.group_with(ben="member")
    bot.clock.set(berlin(2027, 2, 13, 10, 0))  # Saturday: the due date is set now
    await add_measure(bot, "Fest", due=date(2027, 2, 16), responsible="ben")
    await bot.app.reminders.plan()
    (monday,) = to(await run_at(bot, berlin(2027, 2, 15, 9, 0)), "dm:ben")
    assert monday.startswith("Erinnerung: Maßnahme 1 „Fest“ ist morgen fällig (16.02.2027).")
