"""On a Monday the weekly digest lists the overdue measures: the coordinator's note about
measures overdue for a week or more, due later that day, does not repeat them. A note is
left out only for a measure the digest that went out listed; otherwise it comes as before."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from bot.context import Outgoing
from bot.events import SentRef
from tests.harness import Bot
from tests.unit.scheduling.helpers import (
    add_measure,
    berlin,
    person_id,
    rows,
    run_at,
    set_measure,
    to,
)

# Due on a Monday: the notes a week and two weeks on fall on Mondays, an hour after the digest.
DIGEST = berlin(2027, 2, 8, 8, 0)
NOTE_TIME = berlin(2027, 2, 8, 9, 0)

NOTE = (
    "2 Maßnahmen sind seit einer Woche oder länger überfällig:\n"
    "• 1. Spielplatz: seit 7 Tagen überfällig (Frist 01.02.2027; verantwortlich: Ben)\n"
    "• 2. Radweg: seit 7 Tagen überfällig (Frist 01.02.2027; verantwortlich: Cara)\n"
    "Vielleicht fragen Sie bei den Verantwortlichen nach, wie es steht? "
    "Braucht eine Maßnahme mehr Zeit: /frist <Nummer> <Datum>"
)
# The digest names who is responsible, as the note it takes the place of would have.
OVERDUE_IN_DIGEST = (
    "Überfällig:\n"
    "• 1. Spielplatz — 01.02.2027 — verantwortlich: Ben\n"
    "• 2. Radweg — 01.02.2027 — verantwortlich: Cara\n"
)


async def two_overdue(bot: Bot) -> None:
    await bot.group_with(ben="member", cara="member")
    await add_measure(bot, "Spielplatz", due=date(2027, 2, 1), responsible="ben")
    await add_measure(bot, "Radweg", due=date(2027, 2, 1), responsible="cara")
    await bot.app.reminders.plan()
    await run_at(bot, berlin(2027, 2, 1, 9, 0))


def digests(texts: list[str]) -> list[str]:
    return [t for t in texts if t.startswith(("Übersicht für", "(verspätet) Übersicht für"))]


def notes(texts: list[str]) -> list[str]:
    return [t for t in texts if "seit einer Woche oder länger überfällig" in t]


async def escalations(bot: Bot, due: object = NOTE_TIME) -> list[str | None]:
    return [r.outcome for r in await rows(bot) if r.kind == "escalation" and r.due_at == due]


async def test_the_monday_digest_lists_the_overdue_measures_and_the_note_does_not_repeat_them(
    backend_bot: Bot,
) -> None:
    bot = backend_bot  # on SQLite and PostgreSQL
    await two_overdue(bot)
    digest = digests(to(await run_at(bot, DIGEST), "dm:anna"))
    assert len(digest) == 1 and OVERDUE_IN_DIGEST in digest[0]
    assert await escalations(bot) == ["in_digest"] * 2  # said, not sent
    sent = await run_at(bot, NOTE_TIME)
    assert notes(to(sent, "dm:anna")) == []
    # The people responsible still get their own nudges.
    assert len(to(sent, "dm:ben")) == 1 and len(to(sent, "dm:cara")) == 1
    # The Monday after, the same (on other days the note comes: test_overdue_note).
    await run_at(bot, berlin(2027, 2, 15, 8, 0))
    assert notes(to(await run_at(bot, berlin(2027, 2, 15, 9, 0)), "dm:anna")) == []
    assert await escalations(bot, berlin(2027, 2, 15, 9, 0)) == ["in_digest"] * 2


async def test_a_digest_that_did_not_go_out_leaves_the_note(bot: Bot) -> None:
    await two_overdue(bot)
    engine = bot.app.reminders
    real_send = engine.send

    async def no_digest(item: Outgoing) -> SentRef | None:
        if digests([item.reply.text]):
            raise ConnectionError("network down")
        return await real_send(item)

    engine.send = no_digest
    assert digests(to(await run_at(bot, DIGEST), "dm:anna")) == []
    assert await escalations(bot) == [None, None]
    # Still no digest by nine: the note comes, nothing is lost.
    assert notes(to(await run_at(bot, NOTE_TIME), "dm:anna")) == [NOTE]
    assert await escalations(bot) == ["sent"] * 2
    engine.send = real_send
    # The digest that comes later does not change that (and no note comes twice).
    sent = to(await run_at(bot, NOTE_TIME + timedelta(minutes=30)), "dm:anna")
    assert len(digests(sent)) == 1 and notes(sent) == []
    assert await escalations(bot) == ["sent"] * 2


async def test_after_a_downtime_the_late_digest_takes_the_note_in_the_same_sweep(
    backend_bot: Bot,
) -> None:
    bot = backend_bot
    await two_overdue(bot)
    sent = to(await run_at(bot, NOTE_TIME + timedelta(minutes=30)), "dm:anna")
    assert len(digests(sent)) == 1 and OVERDUE_IN_DIGEST in digests(sent)[0]
    assert digests(sent)[0].startswith("(verspätet) ")
    assert notes(sent) == []
    assert await escalations(bot) == ["in_digest"] * 2


async def test_the_digest_says_who_is_responsible_for_each_overdue_measure(bot: Bot) -> None:
    await bot.group_with(ben="member", lea="youth")
    await bot.say("anna", "/minderjaehrig Lea an")
    await add_measure(bot, "Spielplatz", due=date(2027, 1, 4), responsible="ben")
    await add_measure(bot, "Jugendraum", due=date(2027, 1, 4), responsible="lea")
    library = await add_measure(bot, "Bücherei", due=date(2027, 1, 4), responsible=None)
    await set_measure(bot, library.id, lead_office="Kulturamt")
    await add_measure(bot, "Radweg", due=date(2027, 1, 4), responsible=None)
    answer = await bot.ask("anna", "/uebersicht")
    assert (
        "Überfällig:\n"
        "• 1. Spielplatz — 04.01.2027 — verantwortlich: Ben\n"
        # a minor who did not choose to show her name is not named
        "• 2. Jugendraum — 04.01.2027 — verantwortlich: Jugendvertretung\n"
        "• 3. Bücherei — 04.01.2027 — Federführung: Kulturamt; noch kein Mitglied verantwortlich\n"
        "• 4. Radweg — 04.01.2027 — noch kein Mitglied verantwortlich\n"
    ) in answer


@pytest.mark.parametrize("batch", [50, 1])
async def test_a_note_due_at_the_same_time_as_the_digest_is_left_out_whatever_the_batch(
    backend_bot: Bot, batch: int
) -> None:
    bot = backend_bot  # on SQLite and PostgreSQL
    await bot.group_with(ben="member", cara="member")
    await add_measure(bot, "Spielplatz", due=date(2027, 2, 1), responsible="ben")
    await add_measure(bot, "Radweg", due=date(2027, 2, 1), responsible="cara")
    # Quiet until nine: the digest waits for nine as well, the time of the notes.
    await bot.ask("anna", "/erinnerungen gruppe ruhezeit=20:00-09:00")
    await run_at(bot, berlin(2027, 2, 1, 9, 0))
    # 1: as when many groups' nudges are due at nine, the note and the digest may be claimed
    # in different batches; the coordinator still reads the overdue measures once.
    bot.app.reminders.batch = batch
    sent = to(await run_at(bot, NOTE_TIME), "dm:anna")
    assert len(digests(sent)) == 1 and OVERDUE_IN_DIGEST in digests(sent)[0]
    assert notes(sent) == []
    assert await escalations(bot) == ["in_digest"] * 2


async def test_in_the_group_chat_too_the_digest_stands_in_for_the_note(bot: Bot) -> None:
    await bot.group_with(ben="member", cara="member")
    await bot.ask("anna", "/erinnerungen kanal=gruppe", chat="dm:anna")
    await add_measure(bot, "Spielplatz", due=date(2027, 2, 1), responsible="ben")
    await add_measure(bot, "Radweg", due=date(2027, 2, 1), responsible="cara")
    await bot.app.reminders.plan()
    await run_at(bot, berlin(2027, 2, 1, 9, 0))
    digest = digests(to(await run_at(bot, DIGEST), "group"))
    assert len(digest) == 1 and OVERDUE_IN_DIGEST in digest[0]
    assert notes(to(await run_at(bot, NOTE_TIME), "group")) == []
    assert await escalations(bot) == ["in_digest"] * 2


async def test_a_digest_in_the_group_chat_leaves_out_the_overdue_mention_it_names(
    backend_bot: Bot,
) -> None:
    """The coordinator's digest and Ben's nudges both go to the group chat: the digest at
    08:00 names Ben and his overdue measure, so his own mention at 09:00 does not say it
    again. Cara's nudges go to her direct chat: hers comes as before."""
    bot = backend_bot  # on SQLite and PostgreSQL
    await two_overdue(bot)
    assert "Gruppe" in await bot.ask("anna", "/erinnerungen kanal=gruppe")
    assert "Gruppe" in await bot.ask("ben", "/erinnerungen kanal=gruppe")
    digest = digests(to(await run_at(bot, DIGEST), "group"))
    assert len(digest) == 1 and OVERDUE_IN_DIGEST in digest[0]
    sent = await run_at(bot, NOTE_TIME)
    assert [t for t in to(sent, "group") if "Spielplatz" in t] == []
    assert len(to(sent, "dm:cara")) == 1
    ben = await person_id(bot, "ben")
    said = [r.outcome for r in await rows(bot) if r.person_id == ben and r.due_at == NOTE_TIME]
    assert said == ["in_digest"]
    # Not on a day without a digest in the chat: the week after, Tuesday (moved by hand).
    await set_measure(bot, 1, due_on=date(2027, 2, 2))
    await bot.app.reminders.plan(berlin(2027, 2, 8, 10, 0))
    sent = await run_at(bot, berlin(2027, 2, 9, 9, 0))
    mention = [t for t in to(sent, "group") if t.startswith("Maßnahme 1 „Spielplatz“ war am")]
    assert len(mention) == 1
