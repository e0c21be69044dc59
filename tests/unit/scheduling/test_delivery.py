"""Catch-up after downtime, retries with backoff, and nothing sent for finished measures."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from bot.adapter import DeliveryFailed
from bot.context import Outgoing
from bot.events import ChatRef, Reply, SentRef
from tests.harness import Bot
from tests.unit.scheduling.helpers import add_measure, berlin, rows, run_at, set_measure, to


async def settled_for_ben(bot: Bot, at: datetime) -> list[str]:
    """How the nudges to Ben (person 2: ``:p2:`` in their key) that settled at ``at`` ended."""
    return sorted(
        r.outcome or "" for r in await rows(bot) if ":p2:" in r.dedupe_key and r.sent_at == at
    )


async def test_after_a_three_hour_outage_missed_nudges_are_sent_marked_late(bot: Bot) -> None:
    await bot.group_with(ben="member")
    await add_measure(bot, "Spielplatz", due=date(2027, 2, 18), responsible="ben")
    await bot.app.reminders.plan()
    await run_at(bot, berlin(2027, 2, 18, 8, 0))
    sent = to(await run_at(bot, berlin(2027, 2, 18, 12, 0)), "dm:ben")
    assert len(sent) == 1
    assert sent[0].startswith("(verspätet) Erinnerung: Maßnahme 1 „Spielplatz“ ist heute fällig")
    row = next(r for r in await rows(bot) if r.dedupe_key.endswith(":0"))
    assert (row.outcome, row.late, row.sent_at) == ("late", True, berlin(2027, 2, 18, 12, 0))


async def test_after_a_three_day_outage_older_nudges_fold_into_one_summary_per_person(
    bot: Bot,
) -> None:
    await bot.group_with(ben="member")
    await add_measure(bot, "Spielplatz", due=date(2027, 2, 18), responsible="ben")
    await add_measure(bot, "Radweg", due=date(2027, 2, 19), responsible="ben")
    await bot.app.reminders.plan()
    await run_at(bot, berlin(2027, 2, 15, 9, 30))
    # Down from Monday 09:30 to Friday 10:00: Radweg -3 (Tue) and Spielplatz due (Thu) are
    # older than a day; Radweg due (Fri 09:00) is an hour late. The late nudge about Radweg
    # says what its missed one would have said: the summary names only Spielplatz.
    sent = to(await run_at(bot, berlin(2027, 2, 19, 10, 0)), "dm:ben")
    assert len(sent) == 2
    summary = [t for t in sent if t.startswith("Während ich offline war")]
    assert summary == [
        "Während ich offline war, sind diese Erinnerungen liegen geblieben:\n"
        "• 1 „Spielplatz“: überfällig seit 18.02.2027"
    ]
    assert [
        t for t in sent if t.startswith("(verspätet) Erinnerung: Maßnahme 2 „Radweg“ ist heute")
    ]
    outcomes = await settled_for_ben(bot, berlin(2027, 2, 19, 10, 0))
    assert outcomes == ["late", "skipped", "summarised"]
    # Nothing goes out twice on the next sweep.
    assert to(await run_at(bot, berlin(2027, 2, 19, 10, 1)), "dm:ben") == []


async def test_missed_nudges_about_one_measure_come_once_even_across_batches(
    backend_bot: Bot,
) -> None:
    bot = backend_bot  # on SQLite and PostgreSQL: the query compares nullable columns
    await bot.group_with(ben="member")
    await add_measure(bot, "Spielplatz", due=date(2027, 2, 18), responsible="ben")
    await bot.app.reminders.plan()
    await run_at(bot, berlin(2027, 2, 1, 9, 0))
    # Down for three weeks: the nudges 14 and 3 days before and on the day are all missed.
    # With one row per batch (as when many groups' rows are due at once), each is claimed in
    # a batch of its own; only the newest speaks, once.
    bot.app.reminders.batch = 1
    sent = to(await run_at(bot, berlin(2027, 2, 19, 10, 0)), "dm:ben")
    assert sent == [
        "Während ich offline war, sind diese Erinnerungen liegen geblieben:\n"
        "• 1 „Spielplatz“: überfällig seit 18.02.2027"
    ]
    outcomes = await settled_for_ben(bot, berlin(2027, 2, 19, 10, 0))
    assert outcomes == ["skipped", "skipped", "summarised"]
    assert to(await run_at(bot, berlin(2027, 2, 19, 10, 1)), "dm:ben") == []


async def test_a_failing_send_is_retried_with_backoff_and_delivered_once(bot: Bot) -> None:
    await bot.group_with(ben="member")
    await add_measure(bot, "Spielplatz", due=date(2027, 2, 18), responsible="ben")
    engine = bot.app.reminders
    await engine.plan()
    await run_at(bot, berlin(2027, 2, 4, 8, 0))
    real_send = engine.send
    failures = []

    async def flaky(item: Outgoing) -> None:
        if item.person_id is not None and not failures:
            failures.append(item.reply.key)
            raise ConnectionError("network down")
        await real_send(item)

    engine.send = flaky
    delivered = []
    for when in (
        berlin(2027, 2, 4, 9, 0),
        berlin(2027, 2, 4, 9, 0) + timedelta(seconds=20),
        berlin(2027, 2, 4, 9, 1),
        berlin(2027, 2, 4, 9, 2),
    ):
        sent = [s for s in await run_at(bot, when) if s.chat.chat_id == "dm:ben"]
        delivered.append([s.reply.text for s in sent])
        if when == berlin(2027, 2, 4, 9, 0):
            row = next(r for r in await rows(bot) if r.dedupe_key.endswith(":-14"))
            assert row.sent_at is None and row.attempts == 1
            assert row.last_error == "ConnectionError: network down"
            assert row.next_try_at == when + timedelta(seconds=30)
    assert [len(d) for d in delivered] == [0, 0, 1, 0]
    assert "in 14 Tagen" in delivered[2][0]
    row = next(r for r in await rows(bot) if r.dedupe_key.endswith(":-14"))
    assert (row.outcome, row.attempts, row.last_error) == (
        "sent",
        1,
        "ConnectionError: network down",
    )
    assert failures == [row.dedupe_key]


async def test_a_send_that_keeps_failing_is_given_up_with_its_error(bot: Bot) -> None:
    await bot.group_with(ben="member")
    await add_measure(bot, "Spielplatz", due=date(2027, 2, 18), responsible="ben")
    engine = bot.app.reminders
    engine.max_attempts = 3
    await engine.plan()
    await run_at(bot, berlin(2027, 2, 4, 8, 0))

    async def broken(item: Outgoing) -> None:
        raise ConnectionError("still down")

    engine.send = broken
    for minute in range(0, 10):
        await run_at(bot, berlin(2027, 2, 4, 9, minute))
    row = next(r for r in await rows(bot) if r.dedupe_key.endswith(":-14"))
    assert (row.outcome, row.attempts, row.last_error) == (
        "failed",
        3,
        "ConnectionError: still down",
    )


async def test_nothing_is_sent_for_a_measure_done_or_dropped_meanwhile(bot: Bot) -> None:
    await bot.group_with(ben="member")
    done = await add_measure(bot, "Erledigt", due=date(2027, 2, 18), responsible="ben")
    dropped = await add_measure(bot, "Verworfen", due=date(2027, 2, 18), responsible="ben")
    moved = await add_measure(bot, "Verschoben", due=date(2027, 2, 18), responsible="ben")
    await add_measure(bot, "Offen", due=date(2027, 2, 18), responsible="ben")
    engine = bot.app.reminders
    await engine.plan()
    # Changed by other commands after planning, with no re-plan in between: the sweep
    # re-checks every row against the database when it is due.
    await set_measure(bot, done.id, status="done")
    await set_measure(bot, dropped.id, status="dropped")
    await set_measure(bot, moved.id, due_on=date(2027, 3, 18))
    bot.clock.set(berlin(2027, 2, 4, 9, 0))
    report = await engine.sweep()
    sent = [s.reply.text for s in bot.adapter.pop() if s.chat.chat_id == "dm:ben"]
    assert len(sent) == 1 and "„Offen“" in sent[0]
    assert report.skipped >= 3
    skipped = {r.subject_id for r in await rows(bot) if r.outcome == "skipped"}
    assert {done.id, dropped.id, moved.id} <= skipped


async def test_channel_group_mentions_the_person_in_the_group_chat(bot: Bot) -> None:
    await bot.group_with(ben="member")
    await add_measure(bot, "Spielplatz", due=date(2027, 2, 18), responsible="ben")
    await bot.ask("ben", "/reminders channel=group")
    sent = [s for s in await run_at(bot, berlin(2027, 2, 4, 9, 0)) if "Spielplatz" in s.reply.text]
    assert len(sent) == 1
    assert sent[0].chat.chat_id == "group"
    assert [u.user_id for u in sent[0].reply.mention] == ["ben"]


async def test_a_direct_chat_down_for_now_is_tried_again_not_given_up(bot: Bot) -> None:
    """A minor is reached only in a direct chat. When that chat fails for now (a timeout),
    the nudge is not dropped as if there were no way to reach her: it goes out later, once."""
    await bot.group_with(lea="youth")
    await bot.ask("anna", "/minor Lea on")
    await add_measure(bot, "Jugendraum", due=date(2027, 2, 18), responsible="lea")
    await bot.app.reminders.plan()
    await run_at(bot, berlin(2027, 2, 4, 8, 0))
    real = bot.adapter.send
    tried: list[str] = []

    async def down_once(chat: ChatRef, reply: Reply) -> SentRef:
        if chat.chat_id == "dm:lea" and not tried:
            tried.append(reply.text)
            raise DeliveryFailed("network: timed out", permanent=False)
        return await real(chat, reply)

    bot.adapter.send = down_once  # type: ignore[method-assign]
    assert to(await run_at(bot, berlin(2027, 2, 4, 9, 0)), "dm:lea") == []
    assert tried and "Jugendraum" in tried[0]
    later = [to(await run_at(bot, berlin(2027, 2, 4, 9, m)), "dm:lea") for m in range(1, 6)]
    assert [t for texts in later for t in texts] == [tried[0]]  # delivered, and once
    assert to(await run_at(bot, berlin(2027, 2, 4, 9, 0) + timedelta(hours=2)), "group") == []


async def test_a_nudge_missed_during_downtime_waits_for_the_end_of_the_quiet_hours(
    bot: Bot,
) -> None:
    await bot.group_with(ben="member")
    await add_measure(bot, "Spielplatz", due=date(2027, 2, 18), responsible="ben")
    await bot.app.reminders.plan()
    await run_at(bot, berlin(2027, 2, 18, 8, 0))
    # Back at 23:30: the due-day nudge (09:00) is late, but 20:00-07:00 is quiet.
    assert to(await run_at(bot, berlin(2027, 2, 18, 23, 30)), "dm:ben") == []
    assert to(await run_at(bot, berlin(2027, 2, 19, 6, 59)), "dm:ben") == []
    sent = to(await run_at(bot, berlin(2027, 2, 19, 7, 0)), "dm:ben")
    assert len(sent) == 1
    # Written when it goes out, so it says what is true in the morning.
    assert sent[0].startswith("(verspätet) Maßnahme 1 „Spielplatz“ war am 18.02.2027 fällig")
    row = next(r for r in await rows(bot) if r.dedupe_key.endswith(":0"))
    assert (row.outcome, row.attempts) == ("late", 0)
    assert to(await run_at(bot, berlin(2027, 2, 19, 7, 1)), "dm:ben") == []


async def test_a_summary_after_downtime_also_waits_for_the_morning(bot: Bot) -> None:
    await bot.group_with(ben="member")
    await add_measure(bot, "Spielplatz", due=date(2027, 2, 18), responsible="ben")
    await bot.app.reminders.plan()
    await run_at(bot, berlin(2027, 2, 17, 8, 0))
    # Back at 22:00 a day after the due-day nudge: it goes into a summary, sent at 07:00.
    assert to(await run_at(bot, berlin(2027, 2, 19, 22, 0)), "dm:ben") == []
    sent = to(await run_at(bot, berlin(2027, 2, 20, 7, 0)), "dm:ben")
    assert sent == [
        "Während ich offline war, sind diese Erinnerungen liegen geblieben:\n"
        "• 1 „Spielplatz“: überfällig seit 18.02.2027"
    ]


async def test_a_late_nudge_follows_the_persons_own_quiet_hours(bot: Bot) -> None:
    await bot.group_with(ben="member")
    await bot.ask("ben", "/reminders quiet=22:00-06:00")
    await add_measure(bot, "Spielplatz", due=date(2027, 2, 18), responsible="ben")
    await bot.app.reminders.plan()
    await run_at(bot, berlin(2027, 2, 18, 8, 0))
    # 21:00 is quiet for the group (20:00-07:00) but not for Ben, who chose 22:00-06:00.
    sent = to(await run_at(bot, berlin(2027, 2, 18, 21, 0)), "dm:ben")
    assert len(sent) == 1 and sent[0].startswith("(verspätet)")


async def test_a_missed_weekly_overview_in_the_summary_says_where_the_current_one_is(
    bot: Bot,
) -> None:
    await bot.group_with(ben="member")
    # Due within the fortnight each overview looks ahead: neither would be left out as empty.
    await add_measure(bot, "Spielplatz", due=date(2027, 2, 20), responsible="ben")
    await bot.app.reminders.plan()
    await run_at(bot, berlin(2027, 2, 5, 9, 0))
    # Down over two Mondays (08:00 overviews on 8 and 15 February): one line, then where to
    # read the overview as it is now.
    sent = to(await run_at(bot, berlin(2027, 2, 16, 10, 0)), "dm:anna")
    summary = [t for t in sent if t.startswith("Während ich offline war")]
    assert len(summary) == 1
    lines = summary[0].splitlines()
    assert len(lines) == 3 and lines[1].startswith("• Wochenübersicht für Musterstadt")
    assert lines[2] == "Die Übersicht, wie sie jetzt ist: /uebersicht"
