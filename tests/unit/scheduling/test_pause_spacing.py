"""After a pause: the nudge it held goes out once when it ends, and the next regular one keeps
its usual distance from the one actually sent, not from where the plan would have put it."""

from __future__ import annotations

from datetime import date, timedelta

from tests.harness import Bot
from tests.unit.scheduling.helpers import add_measure, berlin, run_at, to


async def _nudges(bot: Bot, chat: str, title: str, first: date, last: date) -> list[date]:
    """The days ``chat`` hears of ``title``, the scheduler waking at 09:00 and 15:00."""
    days = []
    day = first
    while day <= last:
        for hour in (9, 15):
            sent = to(await run_at(bot, berlin(day.year, day.month, day.day, hour, 0)), chat)
            days += [day for text in sent if title in text]
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
