"""A coordinator hears of the measures no member is responsible for in one message per sweep,
a line each, not one message per measure; the rows stay one per measure and coordinator, and
settle together, exactly once."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from bot.context import Outgoing
from bot.events import SentRef
from bot.scheduling import ReminderEngine
from storage.repo import reminders as repo
from tests.harness import Bot
from tests.unit.scheduling.helpers import add_measure, berlin, rows, run_at, to

DUE_DAY = berlin(2027, 2, 18, 9, 0)
WEEK_OVERDUE = berlin(2027, 2, 25, 9, 0)

OVERDUE_NOTE = (
    "Für 3 Maßnahmen ist noch kein Mitglied verantwortlich:\n"
    "• 1. Spielplatz: seit 7 Tagen überfällig (Frist 18.02.2027)\n"
    "• 2. Radweg: seit 7 Tagen überfällig (Frist 18.02.2027)\n"
    "• 3. Bücherei: seit 7 Tagen überfällig (Frist 18.02.2027) — Federführung: Kulturamt\n"
    "Wer übernimmt sie? /zuweisen <Nummer> <wer>"
)


async def three_unassigned(bot: Bot) -> None:
    await bot.group_with(ben="member")
    for title in ("Spielplatz", "Radweg", "Bücherei"):
        await add_measure(bot, title, due=date(2027, 2, 18), responsible=None)
    assert "Kulturamt" in await bot.ask("anna", "/assign 3 Kulturamt")
    await bot.app.reminders.plan()


def about_measures(texts: list[str]) -> list[str]:
    return [t for t in texts if ("Spielplatz" in t or "Bücherei" in t) and not digest(t)]


def digest(text: str) -> bool:
    return text.removeprefix("(verspätet) ").startswith("Übersicht für")


async def overdue_rows(bot: Bot) -> list[tuple[str | None, datetime | None, int]]:
    return [
        (r.outcome, r.sent_at, r.attempts)
        for r in await rows(bot)
        if r.subject == "measure" and r.due_at == WEEK_OVERDUE
    ]


@pytest.mark.parametrize("batch", [50, 1])
async def test_three_measures_nobody_is_responsible_for_are_one_message_a_sweep(
    backend_bot: Bot, batch: int
) -> None:
    bot = backend_bot  # on SQLite and PostgreSQL: the rows are claimed and settled together
    await three_unassigned(bot)
    bot.app.reminders.batch = batch  # 1: each row would be a batch of its own
    due = about_measures(to(await run_at(bot, DUE_DAY), "dm:anna"))
    assert due == [
        "Für 3 Maßnahmen ist noch kein Mitglied verantwortlich:\n"
        "• 1. Spielplatz: heute fällig (18.02.2027)\n"
        "• 2. Radweg: heute fällig (18.02.2027)\n"
        "• 3. Bücherei: heute fällig (18.02.2027) — Federführung: Kulturamt\n"
        "Wer übernimmt sie? /zuweisen <Nummer> <wer>"
    ]
    sent = await run_at(bot, WEEK_OVERDUE)
    assert about_measures(to(sent, "dm:anna")) == [OVERDUE_NOTE]
    assert to(sent, "dm:ben") == []
    assert await overdue_rows(bot) == [("sent", WEEK_OVERDUE, 0)] * 3  # a row per measure
    assert to(await run_at(bot, WEEK_OVERDUE + timedelta(minutes=1)), "dm:anna") == []


async def test_one_measure_nobody_is_responsible_for_is_the_nudge_it_was(bot: Bot) -> None:
    await bot.group_with(ben="member")
    await add_measure(bot, "Spielplatz", due=date(2027, 2, 18), responsible=None)
    await bot.app.reminders.plan()
    await run_at(bot, DUE_DAY)
    assert about_measures(to(await run_at(bot, WEEK_OVERDUE), "dm:anna")) == [
        "Maßnahme 1 „Spielplatz“ war am 18.02.2027 fällig und ist seit 7 Tagen überfällig.\n"
        "Noch ist niemand verantwortlich: /zuweisen 1 <wer>.\n"
        "Aktualisieren Sie sie mit /stand 1 <Status> [Notiz]."
    ]


async def test_a_failed_note_about_unassigned_measures_is_retried_whole_and_sent_once(
    backend_bot: Bot,
) -> None:
    bot = backend_bot
    await three_unassigned(bot)
    await run_at(bot, DUE_DAY)
    engine = bot.app.reminders
    real_send = engine.send
    keys: list[str | None] = []

    async def flaky(item: Outgoing) -> SentRef | None:
        if "kein Mitglied verantwortlich:" in item.reply.text:
            keys.append(item.reply.key)
            if len(keys) == 1:
                raise ConnectionError("network down")
        return await real_send(item)

    engine.send = flaky
    assert about_measures(to(await run_at(bot, WEEK_OVERDUE), "dm:anna")) == []
    assert [(o, a) for o, _, a in await overdue_rows(bot)] == [(None, 1)] * 3
    sent = to(await run_at(bot, WEEK_OVERDUE + timedelta(seconds=30)), "dm:anna")
    assert about_measures(sent) == [OVERDUE_NOTE]
    assert len(keys) == 2 and keys[0] == keys[1]  # the same send: the adapters dedupe it
    assert [o for o, _, _ in await overdue_rows(bot)] == ["sent"] * 3
    assert to(await run_at(bot, WEEK_OVERDUE + timedelta(minutes=5)), "dm:anna") == []


MILESTONES_NOTE = (
    "Für 3 Maßnahmen ist noch kein Mitglied verantwortlich:\n"
    "• 1. Spielplatz: heute fällig (18.02.2027)\n"
    "   Meilenstein „Entwurf“ heute (18.02.2027)\n"
    "• 2. Radweg: Meilenstein „Ausschreibung“ heute (18.02.2027)\n"
    "• 3. Bücherei: Meilenstein „Raum gefunden“ heute (18.02.2027) — Federführung: Kulturamt\n"
    "Wer übernimmt sie? /zuweisen <Nummer> <wer>"
)


class Killed(BaseException):
    """A worker process dying (not an error the engine catches)."""


async def milestones_of_nobodys(bot: Bot) -> None:
    """Three measures nobody is responsible for, each with a milestone on 18 February; the
    Spielplatz is due that day too."""
    await bot.group_with(ben="member")
    await add_measure(bot, "Spielplatz", due=date(2027, 2, 18), responsible=None)
    await add_measure(bot, "Radweg", due=date(2027, 6, 30), responsible=None)
    await add_measure(bot, "Bücherei", due=date(2027, 6, 30), responsible=None)
    assert "Kulturamt" in await bot.ask("anna", "/assign 3 Kulturamt")
    for number, text in ((1, "Entwurf"), (2, "Ausschreibung"), (3, "Raum gefunden")):
        assert "18.02.2027" in await bot.ask("anna", f"/milestone {number} 18.02.2027 {text}")
    await bot.app.reminders.plan()


def about_nobodys(texts: list[str]) -> list[str]:
    titles = ("Spielplatz", "Radweg", "Bücherei")
    return [t for t in texts if any(title in t for title in titles) and not digest(t)]


async def milestone_rows(bot: Bot) -> list[str | None]:
    return [r.outcome for r in await rows(bot) if r.subject == "milestone" and r.due_at == DUE_DAY]


@pytest.mark.parametrize("batch", [50, 1])
async def test_the_milestones_of_measures_nobody_is_responsible_for_come_in_the_one_message(
    backend_bot: Bot, batch: int
) -> None:
    bot = backend_bot  # on SQLite and PostgreSQL: the rows are claimed and settled together
    await milestones_of_nobodys(bot)
    bot.app.reminders.batch = batch  # 1: each row would be a batch of its own
    assert about_nobodys(to(await run_at(bot, DUE_DAY), "dm:anna")) == [MILESTONES_NOTE]
    assert await milestone_rows(bot) == ["sent"] * 3  # a row per milestone
    assert to(await run_at(bot, DUE_DAY + timedelta(minutes=1)), "dm:anna") == []


async def test_a_worker_dying_after_sending_the_milestones_note_sends_the_same_note_again(
    backend_bot: Bot, monkeypatch: pytest.MonkeyPatch
) -> None:
    bot = backend_bot  # on SQLite and PostgreSQL
    await milestones_of_nobodys(bot)
    await bot.app.reminders.plan(DUE_DAY - timedelta(days=1))  # the horizon reaches the day
    real_settle_all = repo.settle_all

    async def killed(*args: object, **kwargs: object) -> set[int]:
        raise Killed  # the process dies between the send and settling it

    monkeypatch.setattr(repo, "settle_all", killed)
    bot.clock.set(DUE_DAY)
    bot.adapter.pop()
    with pytest.raises(Killed):
        await bot.app.reminders.sweep(DUE_DAY)
    monkeypatch.setattr(repo, "settle_all", real_settle_all)
    first = [s for s in bot.adapter.pop() if about_nobodys([s.reply.text])]
    assert [s.reply.text for s in first] == [MILESTONES_NOTE]
    assert await milestone_rows(bot) == [None] * 3
    # Another worker, once the dead one's claim has lapsed: the same rows, text and key.
    other = ReminderEngine(bot.app.services, send=bot.app.reminders.send, worker_id="other")
    later = DUE_DAY + repo.CLAIM_LEASE + timedelta(minutes=1)
    bot.clock.set(later)
    await other.sweep(later)
    again = [s for s in bot.adapter.pop() if about_nobodys([s.reply.text])]
    assert [(s.reply.text, s.reply.key) for s in again] == [
        ("(verspätet) " + MILESTONES_NOTE, first[0].reply.key)
    ]
    assert await milestone_rows(bot) == ["late"] * 3


async def test_the_note_names_a_measures_lead_office_once_not_on_each_of_its_lines(
    bot: Bot,
) -> None:
    await bot.group_with(ben="member")
    await add_measure(bot, "Spielplatz", due=date(2027, 2, 18), responsible=None)
    await add_measure(bot, "Radweg", due=date(2027, 6, 30), responsible=None)
    assert "Grünflächenamt" in await bot.ask("anna", "/assign 1 Grünflächenamt")
    assert "Tiefbauamt" in await bot.ask("anna", "/assign 2 Tiefbauamt")
    for number, text in ((1, "Entwurf"), (1, "Bauantrag"), (2, "Ausschreibung")):
        assert "18.02.2027" in await bot.ask("anna", f"/milestone {number} 18.02.2027 {text}")
    await bot.app.reminders.plan()
    assert about_nobodys(to(await run_at(bot, DUE_DAY), "dm:anna")) == [
        "Für 2 Maßnahmen ist noch kein Mitglied verantwortlich:\n"
        "• 1. Spielplatz: heute fällig (18.02.2027) — Federführung: Grünflächenamt\n"
        "   Meilenstein „Entwurf“ heute (18.02.2027)\n"
        "   Meilenstein „Bauantrag“ heute (18.02.2027)\n"
        "• 2. Radweg: Meilenstein „Ausschreibung“ heute (18.02.2027) — Federführung: Tiefbauamt\n"
        "Wer übernimmt sie? /zuweisen <Nummer> <wer>"
    ]


async def test_a_worker_dying_while_it_puts_a_failed_note_back_leaves_it_one_message(
    backend_bot: Bot, monkeypatch: pytest.MonkeyPatch
) -> None:
    bot = backend_bot  # on SQLite and PostgreSQL
    await three_unassigned(bot)
    await run_at(bot, DUE_DAY)
    await bot.app.reminders.plan(WEEK_OVERDUE - timedelta(days=1))
    real_send = bot.app.reminders.send

    async def down(item: Outgoing) -> SentRef | None:
        if "kein Mitglied verantwortlich:" in item.reply.text:
            raise ConnectionError("network down")
        return await real_send(item)

    real_retry_later = repo.retry_later
    released: list[object] = []

    async def dies_on_the_second(*args: object, **kwargs: object) -> None:
        released.append(args)
        if len(released) == 2:
            raise Killed  # the process dies after putting back one part of the note
        await real_retry_later(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(repo, "retry_later", dies_on_the_second)
    bot.app.reminders.send = down
    bot.clock.set(WEEK_OVERDUE)
    with pytest.raises(Killed):
        await bot.app.reminders.sweep(WEEK_OVERDUE)
    monkeypatch.setattr(repo, "retry_later", real_retry_later)
    bot.adapter.pop()
    # Another worker: the note comes once, whole, not as two messages under one key (Matrix
    # would take the second for the first again and drop it).
    other = ReminderEngine(bot.app.services, send=real_send, worker_id="other")
    sent = []
    for minute in range(1, 16):
        later = WEEK_OVERDUE + timedelta(minutes=minute)
        bot.clock.set(later)
        await other.sweep(later)
        sent += [s.reply.text for s in bot.adapter.pop() if s.chat.chat_id == "dm:anna"]
    assert sent == ["(verspätet) " + OVERDUE_NOTE]
    assert [o for o, _, _ in await overdue_rows(bot)] == ["late"] * 3


async def test_a_measure_whose_responsible_left_is_listed_once_with_its_milestone_under_it(
    bot: Bot,
) -> None:
    """Anna was responsible for the Familienbüro and left the group; four weeks past its due
    date, with its milestone three days ahead, Ben (coordinating now) reads the measure once,
    numbered as lists number it, the milestone under its due date."""
    await bot.group_with(ben="member")
    await bot.ask("anna", "/propose Spielplatz")
    await add_measure(bot, "Familienbüro im Rathaus", due=None, responsible=None)
    assert "31.03.2027" in await bot.ask("anna", "/due 2 31.03.2027")
    assert "01.05.2027" in await bot.ask("anna", "/milestone 2 01.05.2027 Räume gefunden")
    await bot.ask("anna", "/assign 2 me")
    await bot.ask("anna", "/role ben coordinator")
    await bot.ask("anna", "/leave")
    await bot.ask("anna", "/leave yes")
    day = date(2027, 3, 20)
    while day < date(2027, 4, 28):  # each note in its time, as the weeks pass
        day += timedelta(days=1)
        sent = to(await run_at(bot, berlin(day.year, day.month, day.day, 9, 0)), "dm:ben")
    assert [t for t in sent if "Familienbüro" in t] == [
        "Für 1 Maßnahme ist noch kein Mitglied verantwortlich:\n"
        "• 2. Familienbüro im Rathaus: seit 28 Tagen überfällig (Frist 31.03.2027)"
        " — ab jetzt nur noch alle vier Wochen\n"
        "   Meilenstein „Räume gefunden“ am 01.05.2027, in 3 Tagen\n"
        "Wer übernimmt sie? /zuweisen <Nummer> <wer>"
    ]
