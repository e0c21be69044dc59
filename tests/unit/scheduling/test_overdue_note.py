"""A coordinator hears of the measures overdue for a week or more in one message per sweep,
not one per measure; the rows stay one per measure and settle together, exactly once."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest
from sqlalchemy import select, update

from adapters.memory import Sent
from bot.context import Outgoing
from bot.events import SentRef
from bot.scheduling import ReminderEngine
from storage.models import Measure, Reminder
from storage.repo import reminders as repo
from tests.harness import Bot
from tests.unit.scheduling.helpers import add_measure, berlin, rows, run_at, to


class Killed(BaseException):
    """A worker process dying (not an error the engine catches)."""


WEEK_OVERDUE = berlin(2027, 2, 25, 9, 0)

NOTE = (
    "3 Maßnahmen sind seit einer Woche oder länger überfällig:\n"
    "• 1. Spielplatz: seit 7 Tagen überfällig (Frist 18.02.2027; verantwortlich: Ben)\n"
    "• 2. Radweg: seit 7 Tagen überfällig (Frist 18.02.2027; verantwortlich: Cara)\n"
    "• 3. Bücherei: seit 7 Tagen überfällig (Frist 18.02.2027; verantwortlich: Ben)\n"
    "Vielleicht fragen Sie bei den Verantwortlichen nach, wie es steht? "
    "Braucht eine Maßnahme mehr Zeit: /frist <Nummer> <Datum>"
)


async def three_overdue(bot: Bot) -> None:
    await bot.group_with(ben="member", cara="member")
    await add_measure(bot, "Spielplatz", due=date(2027, 2, 18), responsible="ben")
    await add_measure(bot, "Radweg", due=date(2027, 2, 18), responsible="cara")
    await add_measure(bot, "Bücherei", due=date(2027, 2, 18), responsible="ben")
    await bot.app.reminders.plan()
    await run_at(bot, berlin(2027, 2, 18, 9, 0))


def about_measures(texts: list[str]) -> list[str]:
    """What went to the coordinator about the measures (not the missed weekly digest)."""
    return [t for t in texts if ("Spielplatz" in t or "Radweg" in t) and not digest(t)]


def digest(text: str) -> bool:
    return text.removeprefix("(verspätet) ").startswith("Übersicht für")


async def escalations(bot: Bot) -> list[tuple[str | None, datetime | None, int]]:
    return [
        (r.outcome, r.sent_at, r.attempts)
        for r in await rows(bot)
        if r.kind == "escalation" and r.due_at == WEEK_OVERDUE
    ]


@pytest.mark.parametrize("batch", [50, 1])
async def test_three_measures_overdue_for_a_week_are_one_message_to_the_coordinator(
    backend_bot: Bot, batch: int
) -> None:
    bot = backend_bot  # on SQLite and PostgreSQL: the rows are claimed and settled together
    await three_overdue(bot)
    bot.app.reminders.batch = batch  # 1: each row would be a batch of its own
    sent = await run_at(bot, WEEK_OVERDUE)
    assert about_measures(to(sent, "dm:anna")) == [NOTE]
    # The people responsible still get one nudge per measure (it carries the buttons).
    assert len(to(sent, "dm:ben")) == 2 and len(to(sent, "dm:cara")) == 1
    assert await escalations(bot) == [("sent", WEEK_OVERDUE, 0)] * 3
    assert to(await run_at(bot, WEEK_OVERDUE + timedelta(minutes=1)), "dm:anna") == []


async def test_a_failed_note_is_retried_as_one_message(bot: Bot) -> None:
    await three_overdue(bot)
    engine = bot.app.reminders
    real_send = engine.send
    keys: list[str | None] = []

    async def flaky(item: Outgoing) -> SentRef | None:
        if item.person_id is not None and "überfällig:" in item.reply.text:
            keys.append(item.reply.key)
            if len(keys) == 1:
                raise ConnectionError("network down")
        return await real_send(item)

    engine.send = flaky
    assert about_measures(to(await run_at(bot, WEEK_OVERDUE), "dm:anna")) == []
    assert [(o, a) for o, _, a in await escalations(bot)] == [(None, 1)] * 3
    sent = to(await run_at(bot, WEEK_OVERDUE + timedelta(seconds=30)), "dm:anna")
    assert about_measures(sent) == [NOTE]
    assert len(keys) == 2 and keys[0] == keys[1]  # the same send: the adapters dedupe it
    assert [o for o, _, _ in await escalations(bot)] == ["sent"] * 3


def overdue_to_anna(bot: Bot) -> list[Sent]:
    """What went to the coordinator about overdue measures (not the missed weekly digest)."""
    return [
        s for s in bot.adapter.pop() if s.chat.chat_id == "dm:anna" and "überfällig" in s.reply.text
    ]


async def dying_after_the_send(bot: Bot, monkeypatch: pytest.MonkeyPatch) -> list[Sent]:
    """A sweep at WEEK_OVERDUE whose worker dies between sending the note and settling it:
    what went to the coordinator about overdue measures."""
    real_settle_all = repo.settle_all

    async def killed(*args: object, **kwargs: object) -> set[int]:
        raise Killed  # the process dies between the send and settling it

    monkeypatch.setattr(repo, "settle_all", killed)
    bot.clock.set(WEEK_OVERDUE)
    bot.adapter.pop()
    with pytest.raises(Killed):
        await bot.app.reminders.sweep(WEEK_OVERDUE)
    monkeypatch.setattr(repo, "settle_all", real_settle_all)
    return overdue_to_anna(bot)


async def another_worker_once_the_claim_lapsed(bot: Bot) -> list[Sent]:
    """A sweep by another worker once the dead worker's claim has lapsed: what went to the
    coordinator about overdue measures."""
    app = bot.app
    other = ReminderEngine(app.services, send=app.reminders.send, worker_id="other")
    later = WEEK_OVERDUE + repo.CLAIM_LEASE + timedelta(minutes=1)
    bot.clock.set(later)
    await other.sweep(later)
    return overdue_to_anna(bot)


async def test_a_worker_dying_after_sending_the_note_sends_the_same_note_again(
    backend_bot: Bot, monkeypatch: pytest.MonkeyPatch
) -> None:
    bot = backend_bot  # on SQLite and PostgreSQL
    await three_overdue(bot)
    first = await dying_after_the_send(bot, monkeypatch)
    assert [s.reply.text for s in first] == [NOTE]
    # Nothing is marked sent: all three rows wait, claimed by the dead worker.
    assert [o for o, _, _ in await escalations(bot)] == [None] * 3
    again = await another_worker_once_the_claim_lapsed(bot)
    # One message again, under the same key (a homeserver drops the repeat); all rows settle.
    assert [(s.reply.text, s.reply.key) for s in again] == [
        ("(verspätet) " + NOTE, first[0].reply.key)
    ]
    assert [o for o, _, _ in await escalations(bot)] == ["late"] * 3


async def test_a_note_due_after_a_worker_died_does_not_change_the_note_it_was_sending(
    backend_bot: Bot, monkeypatch: pytest.MonkeyPatch
) -> None:
    bot = backend_bot  # on SQLite and PostgreSQL
    await bot.group_with(ben="member", cara="member")
    for title, who in (("Spielplatz", "ben"), ("Radweg", "cara"), ("Bücherei", "ben")):
        await add_measure(bot, title, due=date(2027, 2, 18), responsible=who)
    school = await add_measure(bot, "Schule", due=date(2027, 2, 18), responsible="cara")
    await bot.app.reminders.plan()
    await run_at(bot, berlin(2027, 2, 18, 9, 0))
    # The note about Schule comes due five minutes after the others (e.g. it was held back).
    later_note = WEEK_OVERDUE + timedelta(minutes=5)
    async with bot.app.sessions() as session, session.begin():
        await session.execute(
            update(Reminder)
            .where(
                Reminder.kind == "escalation",
                Reminder.subject_id == school.id,
                Reminder.due_at == WEEK_OVERDUE,
            )
            .values(due_at=later_note, next_try_at=later_note)
        )
    first = await dying_after_the_send(bot, monkeypatch)
    assert [s.reply.text for s in first] == [NOTE]
    again = await another_worker_once_the_claim_lapsed(bot)
    # The note the dead worker was sending goes again as it was, under its key (a homeserver
    # drops the repeat); the note due since then follows in a message of its own.
    assert [(s.reply.text, s.reply.key) for s in again] == [
        ("(verspätet) " + NOTE, first[0].reply.key),
        (
            "(verspätet) Maßnahme 4 „Schule“ ist seit 7 Tagen überfällig (Frist 18.02.2027; "
            "verantwortlich: Cara). Vielleicht fragen Sie nach, wie es steht?",
            "g1:m4:p1:due:2027-02-18:+7:escalated",
        ),
    ]
    settled = [r.outcome for r in await rows(bot) if r.kind == "escalation" and r.sent_at]
    assert settled == ["late"] * 4


async def test_a_note_two_dying_workers_split_goes_again_as_the_two_messages_they_sent(
    backend_bot: Bot, monkeypatch: pytest.MonkeyPatch
) -> None:
    bot = backend_bot  # on SQLite and PostgreSQL
    await three_overdue(bot)
    engine = bot.app.reminders
    async with bot.app.sessions() as session:
        library = await session.scalar(
            select(Reminder.id).where(
                Reminder.kind == "escalation",
                Reminder.subject_id == 3,  # the Bücherei
                Reminder.due_at == WEEK_OVERDUE,
            )
        )
    # Worker b claims the note about the Bücherei while worker a holds the rest (on
    # PostgreSQL each skips the rows the other has locked); b sends its part alone and dies.
    async with bot.app.sessions() as session, session.begin():
        await session.execute(
            update(Reminder)
            .where(Reminder.sent_at.is_(None), Reminder.next_try_at <= WEEK_OVERDUE)
            .where(Reminder.id != library)
            .values(claimed_by="a", claimed_at=WEEK_OVERDUE)
        )
    real_settle = repo.settle

    async def killed(*args: object, **kwargs: object) -> bool:
        raise Killed  # the process dies between the send and settling it

    monkeypatch.setattr(repo, "settle", killed)
    worker_b = ReminderEngine(bot.app.services, send=engine.send, worker_id="b")
    bot.clock.set(WEEK_OVERDUE)
    bot.adapter.pop()
    with pytest.raises(Killed):
        await worker_b.sweep(WEEK_OVERDUE)
    monkeypatch.setattr(repo, "settle", real_settle)
    by_b = overdue_to_anna(bot)
    assert [s.reply.text for s in by_b] == [
        "Maßnahme 3 „Bücherei“ ist seit 7 Tagen überfällig (Frist 18.02.2027; "
        "verantwortlich: Ben). Vielleicht fragen Sie nach, wie es steht?"
    ]
    # Worker a sends the two notes it holds as one message (b still holds the third), and
    # dies too.
    async with bot.app.sessions() as session, session.begin():
        await session.execute(
            update(Reminder).where(Reminder.claimed_by == "a").values(claimed_by=None)
        )
    monkeypatch.setattr(repo, "settle_all", killed)
    with pytest.raises(Killed):
        await engine.sweep(WEEK_OVERDUE)
    by_a = overdue_to_anna(bot)
    assert [s.reply.text.split("\n")[0] for s in by_a] == [
        "2 Maßnahmen sind seit einer Woche oder länger überfällig:"
    ]
    monkeypatch.undo()
    # A third worker, once both claims have lapsed: each part again as it was, under its key
    # (a homeserver drops the repeats), not all three under a new one.
    again = await another_worker_once_the_claim_lapsed(bot)
    assert sorted((s.reply.text, s.reply.key) for s in again) == sorted(
        ("(verspätet) " + s.reply.text, s.reply.key) for s in by_a + by_b
    )
    assert [o for o, _, _ in await escalations(bot)] == ["late"] * 3


async def test_the_note_names_the_lead_office_of_a_measure_that_has_one(bot: Bot) -> None:
    await three_overdue(bot)
    async with bot.app.sessions() as session, session.begin():
        library = await session.scalar(select(Measure).where(Measure.title == "Bücherei"))
        assert library is not None
        library.lead_office = "Kulturamt"
    (note,) = about_measures(to(await run_at(bot, WEEK_OVERDUE), "dm:anna"))
    assert note.splitlines()[1:4] == [
        "• 1. Spielplatz: seit 7 Tagen überfällig (Frist 18.02.2027; verantwortlich: Ben)",
        "• 2. Radweg: seit 7 Tagen überfällig (Frist 18.02.2027; verantwortlich: Cara)",
        "• 3. Bücherei: seit 7 Tagen überfällig (Frist 18.02.2027; verantwortlich: Ben)"
        " — Federführung: Kulturamt",
    ]


async def test_a_single_overdue_note_names_the_lead_office_too(bot: Bot) -> None:
    await bot.group_with(ben="member")
    library = await add_measure(bot, "Bücherei", due=date(2027, 2, 18), responsible="ben")
    async with bot.app.sessions() as session, session.begin():
        measure = await session.get(Measure, library.id)
        assert measure is not None
        measure.lead_office = "Kulturamt"
    await bot.app.reminders.plan()
    await run_at(bot, berlin(2027, 2, 18, 9, 0))
    notes = [t for t in to(await run_at(bot, WEEK_OVERDUE), "dm:anna") if "„Bücherei“" in t]
    assert notes == [
        "Maßnahme 1 „Bücherei“ ist seit 7 Tagen überfällig (Frist 18.02.2027; verantwortlich: "
        "Ben). Vielleicht fragen Sie nach, wie es steht?\nFederführung: Kulturamt."
    ]
