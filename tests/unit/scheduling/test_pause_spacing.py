"""After a pause: the nudge it held goes out once when it ends, and the next regular one keeps
its usual distance from the one actually sent, not from where the plan would have put it."""

from __future__ import annotations

from datetime import date, timedelta

from tests.harness import Bot
from tests.unit.scheduling.helpers import add_measure, berlin, run_at, set_group, to


def _about(texts: list[str], title: str) -> list[str]:
    """The nudges about ``title`` among ``texts`` (not the weekly overview, which lists it)."""
    return [t for t in texts if title in t and "Übersicht für" not in t]


async def _nudges(bot: Bot, chat: str, title: str, first: date, last: date) -> list[date]:
    """The days ``chat`` hears of ``title``, the scheduler waking at 09:00 and 15:00."""
    days = []
    day = first
    while day <= last:
        for hour in (9, 15):
            sent = to(await run_at(bot, berlin(day.year, day.month, day.day, hour, 0)), chat)
            days += [day for _ in _about(sent, title)]
        day += timedelta(days=1)
    return days


async def test_the_nudge_after_a_held_one_keeps_its_week(backend_bot: Bot) -> None:
    bot = backend_bot
    await bot.group_with(ben="member")
    await add_measure(bot, "Fest", due=date(2027, 1, 5), responsible="ben")
    sent = await _nudges(bot, "dm:ben", "Fest", date(2027, 1, 12), date(2027, 1, 12))
    assert sent == [date(2027, 1, 12)]  # a week overdue
    await bot.ask("ben", "/erinnerungen pause=22.01.2027")  # a Friday
    sent = await _nudges(bot, "dm:ben", "Fest", date(2027, 1, 13), date(2027, 3, 12))
    # The nudge of 19 January waits for Monday 25th; the weekly rhythm runs on from there.
    assert sent == [date(2027, 1, 25), date(2027, 2, 1), date(2027, 2, 8), date(2027, 3, 8)]


async def test_a_pause_with_nothing_due_in_it_moves_no_nudge(bot: Bot) -> None:
    # The nudge sent before the pause looks held to the plan (it moves to the pause's end
    # as well); what counts is that it went out on the 12th.
    await bot.group_with(ben="member")
    await add_measure(bot, "Fest", due=date(2027, 1, 5), responsible="ben")
    assert await _nudges(bot, "dm:ben", "Fest", date(2027, 1, 12), date(2027, 1, 12))
    await bot.ask("ben", "/erinnerungen pause=15.01.2027")
    sent = await _nudges(bot, "dm:ben", "Fest", date(2027, 1, 13), date(2027, 2, 3))
    assert sent == [date(2027, 1, 19), date(2027, 1, 26), date(2027, 2, 2)]


async def test_a_coordinators_pause_spaces_her_overdue_notes_too(bot: Bot) -> None:
    await bot.group_with(ben="member")
    await add_measure(bot, "Fest", due=date(2027, 1, 5), responsible="ben")
    assert await _nudges(bot, "dm:anna", "Fest", date(2027, 1, 12), date(2027, 1, 12))
    await bot.ask("anna", "/erinnerungen pause=21.01.2027", chat="dm:anna")  # a Thursday
    sent = await _nudges(bot, "dm:anna", "Fest", date(2027, 1, 13), date(2027, 3, 10))
    # Held to Friday the 22nd, then a week on from there; four weeks after the fourth week.
    assert sent == [date(2027, 1, 22), date(2027, 1, 29), date(2027, 2, 5), date(2027, 3, 5)]


async def test_a_coordinators_pause_spaces_the_nudges_about_a_measure_without_a_person(
    bot: Bot,
) -> None:
    await bot.group_with(ben="member")
    await add_measure(bot, "Fest", due=date(2027, 1, 5), responsible=None)
    assert await _nudges(bot, "dm:anna", "Fest", date(2027, 1, 12), date(2027, 1, 12))
    await bot.ask("anna", "/erinnerungen pause=21.01.2027", chat="dm:anna")
    sent = await _nudges(bot, "dm:anna", "Fest", date(2027, 1, 13), date(2027, 3, 10))
    assert sent == [date(2027, 1, 22), date(2027, 1, 29), date(2027, 2, 5), date(2027, 3, 5)]


async def test_a_group_pause_holds_and_spaces_everyones_nudges(backend_bot: Bot) -> None:
    bot = backend_bot
    await bot.group_with(ben="member")
    await add_measure(bot, "Fest", due=date(2027, 1, 5), responsible="ben")
    await _nudges(bot, "dm:ben", "Fest", date(2027, 1, 12), date(2027, 1, 12))
    await bot.ask("anna", "/erinnerungen gruppe pause=21.01.2027")
    days = {"dm:ben": [], "dm:anna": []}
    day = date(2027, 1, 13)
    while day <= date(2027, 2, 10):
        sent = await run_at(bot, berlin(day.year, day.month, day.day, 9, 0))
        for chat, got in days.items():
            got += [day for _ in _about(to(sent, chat), "Fest")]
        day += timedelta(days=1)
    weekly = [date(2027, 1, 22), date(2027, 1, 29), date(2027, 2, 5)]
    assert days == {"dm:ben": weekly, "dm:anna": weekly}


async def test_a_due_date_moved_into_the_pause_is_nudged_once_after_it_then_weekly(
    bot: Bot,
) -> None:
    await bot.group_with(ben="member")
    await add_measure(bot, "Fest", due=date(2027, 1, 5), responsible="ben")
    assert await _nudges(bot, "dm:ben", "Fest", date(2027, 1, 12), date(2027, 1, 12))
    await bot.ask("ben", "/erinnerungen pause=22.01.2027")
    bot.clock.set(berlin(2027, 1, 15, 10, 0))
    assert "jetzt fällig am 20.01.2027" in await bot.ask("anna", "/frist 1 20.01.2027")
    first, *sent = [
        (day, text)
        for day in (date(2027, 1, 15) + timedelta(days=n) for n in range(40))
        for text in _about(
            to(await run_at(bot, berlin(day.year, day.month, day.day, 9, 0)), "dm:ben"), "Fest"
        )
    ]
    # Its reminders before and on the day wait for Monday the 25th, as one; then weekly.
    assert first[0] == date(2027, 1, 25) and "am 20.01.2027 fällig" in first[1]
    assert [day for day, _ in sent] == [date(2027, 2, d) for d in (1, 8, 15, 22)]


async def test_a_coordinator_back_from_a_pause_gets_one_overview_on_monday(bot: Bot) -> None:
    await bot.group_with(ben="member")
    await add_measure(bot, "Fest", due=date(2027, 1, 5), responsible="ben")  # something to tell
    await bot.ask("anna", "/erinnerungen pause=21.01.2027", chat="dm:anna")  # a Thursday
    days = []
    for n in range(30):
        day = date(2027, 1, 12) + timedelta(days=n)
        sent = await run_at(bot, berlin(day.year, day.month, day.day, 8, 0))
        days += [day for text in to(sent, "dm:anna") if text.startswith("Übersicht für")]
    # Not one on Friday the 22nd held by the pause and another three days later.
    assert days == [date(2027, 1, 25), date(2027, 2, 1), date(2027, 2, 8)]


async def test_a_pause_ended_early_lets_the_nudge_it_held_go_out(backend_bot: Bot) -> None:
    bot = backend_bot
    await bot.group_with(ben="member")
    await add_measure(bot, "Fest", due=date(2027, 1, 5), responsible="ben")
    assert await _nudges(bot, "dm:ben", "Fest", date(2027, 1, 12), date(2027, 1, 12))
    await bot.ask("ben", "/erinnerungen pause=22.01.2027")
    assert await _nudges(bot, "dm:ben", "Fest", date(2027, 1, 13), date(2027, 1, 20)) == []
    bot.clock.set(berlin(2027, 1, 20, 18, 0))
    assert "Pause: nein" in await bot.ask("ben", "/erinnerungen an")
    sent = await _nudges(bot, "dm:ben", "Fest", date(2027, 1, 21), date(2027, 2, 12))
    # The nudge of the 19th, held for Monday the 25th, comes the next morning instead of
    # never; the weekly rhythm runs on from there.
    assert sent == [date(2027, 1, 21), date(2027, 1, 28), date(2027, 2, 4)]


async def test_a_coordinators_pause_ended_early_keeps_a_programme_date_it_held(bot: Bot) -> None:
    await bot.group_with(ben="member")
    await set_group(bot, seal_until=date(2027, 2, 26))  # four weeks before: Friday 29 January
    await bot.ask("anna", "/erinnerungen pause=05.02.2027", chat="dm:anna")
    days = []
    for n in range(40):
        day = date(2027, 1, 12) + timedelta(days=n)
        sent = to(await run_at(bot, berlin(day.year, day.month, day.day, 9, 0)), "dm:anna")
        days += [day for text in sent if "Das Siegel läuft am 26.02.2027 ab" in text]
        if day == date(2027, 2, 1):
            bot.clock.set(berlin(2027, 2, 1, 18, 0))
            assert "Pause: nein" in await bot.ask("anna", "/erinnerungen an", chat="dm:anna")
    # Held for Monday the 8th, it comes the morning after the pause ended; then a week before.
    assert days == [date(2027, 2, 2), date(2027, 2, 19)]


async def test_a_long_pause_ended_early_sends_the_nudges_it_merged_the_next_morning(
    backend_bot: Bot,
) -> None:
    bot = backend_bot
    await bot.group_with(ben="member")
    await add_measure(bot, "Fest", due=date(2027, 1, 5), responsible="ben")
    assert await _nudges(bot, "dm:ben", "Fest", date(2027, 1, 12), date(2027, 1, 12))
    # The nudges of the 19th and the 26th are held for Monday 1 February, as one.
    await bot.ask("ben", "/erinnerungen pause=29.01.2027")
    assert await _nudges(bot, "dm:ben", "Fest", date(2027, 1, 13), date(2027, 1, 20)) == []
    bot.clock.set(berlin(2027, 1, 20, 18, 0))
    assert "Pause: nein" in await bot.ask("ben", "/erinnerungen an")
    sent = await _nudges(bot, "dm:ben", "Fest", date(2027, 1, 21), date(2027, 2, 12))
    # As a single held nudge: the next morning, not on the 26th; a week on from there.
    assert sent == [date(2027, 1, 21), date(2027, 1, 28), date(2027, 2, 4)]


async def test_a_coordinators_long_pause_ended_early_keeps_the_programme_dates_it_merged(
    bot: Bot,
) -> None:
    await bot.group_with(ben="member")
    await set_group(bot, seal_until=date(2027, 2, 26))  # four weeks and one week before
    # Both held for Monday 22 February, as one.
    await bot.ask("anna", "/erinnerungen pause=19.02.2027", chat="dm:anna")
    days = []
    for n in range(40):
        day = date(2027, 1, 12) + timedelta(days=n)
        sent = to(await run_at(bot, berlin(day.year, day.month, day.day, 9, 0)), "dm:anna")
        days += [day for text in sent if "Das Siegel läuft am 26.02.2027 ab" in text]
        if day == date(2027, 2, 1):
            bot.clock.set(berlin(2027, 2, 1, 18, 0))
            assert "Pause: nein" in await bot.ask("anna", "/erinnerungen an", chat="dm:anna")
    # As a single held one: the morning after the pause ended, then a week before.
    assert days == [date(2027, 2, 2), date(2027, 2, 19)]


async def test_a_pause_ended_early_brings_back_the_warnings_it_merged_at_their_time(
    backend_bot: Bot,
) -> None:
    bot = backend_bot
    await bot.group_with(ben="member")
    await add_measure(bot, "Fest", due=date(2027, 2, 11), responsible="ben")  # a Thursday
    assert "11.02.2027" in await bot.ask("anna", "/meilenstein 1 11.02.2027 Programm steht")
    await bot.app.reminders.plan()
    # Paused to the day before: the warnings 14 and 3 days before merge into the day's nudge.
    await bot.ask("ben", "/erinnerungen pause=10.02.2027")
    bot.clock.set(berlin(2027, 2, 1, 18, 0))
    assert "Pause: nein" in await bot.ask("ben", "/erinnerungen pause=aus")
    sent = {}
    for n in range(12):
        day = date(2027, 2, 2) + timedelta(days=n)
        for text in _about(to(await run_at(bot, berlin(2027, 2, day.day, 9, 0)), "dm:ben"), "Fest"):
            sent.setdefault(day, []).append(text.split("\n")[0])
    # As if there had been no pause: the warning 3 days before (its 14 days have passed),
    # the due date and the milestone on it in one.
    assert sent == {
        date(2027, 2, 8): [
            "Erinnerung: Maßnahme 1 „Fest“: Frist und Meilenstein „Programm steht“ am "
            "11.02.2027, in 3 Tagen.",
        ],
        date(2027, 2, 11): [
            "Erinnerung: Maßnahme 1 „Fest“: Frist und Meilenstein „Programm steht“ heute "
            "(11.02.2027).",
        ],
    }


async def test_a_group_pause_ended_early_brings_back_the_warnings_it_merged(bot: Bot) -> None:
    await bot.group_with(ben="member")
    await add_measure(bot, "Fest", due=date(2027, 2, 11), responsible="ben")
    await bot.app.reminders.plan()
    await bot.ask("anna", "/erinnerungen gruppe pause=10.02.2027")
    bot.clock.set(berlin(2027, 2, 1, 18, 0))
    assert "Pause: nein" in await bot.ask("anna", "/erinnerungen gruppe pause=aus")
    days = []
    for n in range(12):
        day = date(2027, 2, 2) + timedelta(days=n)
        sent = _about(to(await run_at(bot, berlin(2027, 2, day.day, 9, 0)), "dm:ben"), "Fest")
        days += [day for _ in sent]
    assert days == [date(2027, 2, 8), date(2027, 2, 11)]
