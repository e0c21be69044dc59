"""Two coordinators who both chose the group chat (`/erinnerungen kanal=gruppe`) read the
weekly digest there once, addressed to both, and so each note to the coordinators (measures
nobody is responsible for, measures overdue): never the same message twice in the chat on one
day. A coordinator who kept the direct chat still gets their own. After a failed post or a
restart nothing is lost and nothing comes twice."""

from __future__ import annotations

import asyncio
from datetime import date
from pathlib import Path

import pytest

from adapters.memory import MemoryAdapter, Sent
from bot.clock import FakeClock
from bot.context import Outgoing
from bot.events import SentRef
from storage.models import Person
from tests.harness import Bot, counted, make_app, settings_for
from tests.unit.scheduling.helpers import (
    add_measure,
    berlin,
    person_id,
    rows,
    run_at,
    set_group,
    to,
)
from tests.voting.test_closing_reads import reads_of

DIGEST = berlin(2027, 2, 8, 8, 0)  # a Monday
# settling the notes a digest said (``repo.settle_said``): which rows, then the rows (those
# nobody else holds a claim on)
SAID_READ = "SELECT reminders.id, reminders.subject, reminders.subject_id, reminders.payload"
SAID = "(reminders.claimed_by IS NULL OR reminders.claimed_at < ? OR reminders.claimed_by = ?)"


async def two_in_the_chat(bot: Bot) -> None:
    """Anna and Ben coordinate in the group chat, Carl in his direct chat. Measures: one
    overdue since 1 February (Cara's), one nobody's due Thursday 11 February (its note on
    Monday at nine: the digest says it), one nobody's due Friday 12 February (its note on
    Tuesday at nine), one of Cara's due Wednesday 3 February (overdue a week on Wednesday
    10 February: the coordinators' note at nine)."""
    await bot.group_with(ben="coordinator", carl="coordinator", cara="member")
    assert "Gruppenchat" in await bot.ask("anna", "/erinnerungen kanal=gruppe")
    assert "Gruppenchat" in await bot.ask("ben", "/erinnerungen kanal=gruppe")
    await add_measure(bot, "Spielplatz", due=date(2027, 2, 1), responsible="cara")
    await add_measure(bot, "Radweg", due=date(2027, 2, 11), responsible=None)
    await add_measure(bot, "Schule", due=date(2027, 2, 12), responsible=None)
    await add_measure(bot, "Bücherei", due=date(2027, 2, 3), responsible="cara")
    await bot.app.reminders.plan()
    await run_at(bot, berlin(2027, 2, 7, 12, 0))


def digests(sent: list[Sent], chat: str) -> list[Sent]:
    return [
        s for s in sent if s.chat.chat_id == chat and "Übersicht für Musterstadt" in s.reply.text
    ]


def mentioned(sent: Sent) -> list[str]:
    return [m.user_id for m in sent.reply.mention]


async def outcomes(bot: Bot, subject: str, day: date) -> list[str | None]:
    """The outcomes of the coordinators' rows about ``subject`` due on ``day``."""
    return sorted(
        str(r.outcome)
        for r in await rows(bot)
        if r.subject == subject
        and r.due_at.date() == day
        and r.person_id is not None
        and r.dedupe_key.count(":p") == 1
    )


async def test_two_coordinators_in_the_group_chat_read_one_digest_there(
    backend_bot: Bot,
) -> None:
    bot = backend_bot  # on SQLite and PostgreSQL
    await two_in_the_chat(bot)
    sent = await run_at(bot, DIGEST)
    in_group = digests(sent, "group")
    assert len(in_group) == 1
    assert mentioned(in_group[0]) == ["anna", "ben"]
    assert "2. Radweg — 11.02.2027 — noch kein Mitglied verantwortlich" in in_group[0].reply.text
    assert len(digests(sent, "dm:carl")) == 1  # his own, in his direct chat
    assert await outcomes(bot, "digest", date(2027, 2, 8)) == ["in_chat", "sent", "sent"]


async def test_a_coordinator_under_16_is_not_mentioned_with_the_others(bot: Bot) -> None:
    """A coordinator marked under 16 who chose the group chat is never mentioned there: the
    post says the digest to the others, and she reads hers in her direct chat."""
    await two_in_the_chat(bot)
    assert "Gruppenchat" in await bot.ask("carl", "/erinnerungen kanal=gruppe")
    async with bot.app.sessions() as s, s.begin():
        carl = await s.get(Person, await person_id(bot, "carl"))
        assert carl is not None
        carl.is_minor = True
    sent = await run_at(bot, DIGEST)
    (in_group,) = digests(sent, "group")
    assert mentioned(in_group) == ["anna", "ben"]
    assert len(digests(sent, "dm:carl")) == 1


async def test_two_coordinators_in_the_group_chat_read_each_note_once_there(
    backend_bot: Bot,
) -> None:
    bot = backend_bot  # on SQLite and PostgreSQL
    await two_in_the_chat(bot)
    await run_at(bot, DIGEST)
    # The notes about Radweg at nine: the digest said them, to the three of them.
    sent = await run_at(bot, berlin(2027, 2, 8, 9, 0))
    assert [s for s in sent if "Radweg" in s.reply.text] == []
    anna, ben = await person_id(bot, "anna"), await person_id(bot, "ben")
    notes = [
        r.outcome
        for r in await rows(bot)
        if r.subject_id == 2 and r.subject == "measure" and r.person_id in (anna, ben)
        if r.due_at == berlin(2027, 2, 8, 9, 0)
    ]
    assert notes == ["in_digest", "in_digest"]
    # Tuesday: the note about Schule, nobody's, due Friday: once in the group chat.
    sent = await run_at(bot, berlin(2027, 2, 9, 9, 0))
    in_group = [s for s in sent if s.chat.chat_id == "group"]
    assert [s.reply.text.splitlines()[0] for s in in_group] == [
        "Erinnerung: Maßnahme 3 „Schule“ ist am 12.02.2027 fällig, in 3 Tagen."
    ]
    assert len(in_group) == 1 and mentioned(in_group[0]) == ["anna", "ben"]
    assert len(to(sent, "dm:carl")) == 1
    # Wednesday: Bücherei overdue for a week, the coordinators hear it: once in the chat.
    sent = await run_at(bot, berlin(2027, 2, 10, 9, 0))
    in_group = [s for s in sent if s.chat.chat_id == "group" and "Bücherei" in s.reply.text]
    assert len(in_group) == 1 and mentioned(in_group[0]) == ["anna", "ben"]
    assert len([t for t in to(sent, "dm:carl") if "Bücherei" in t]) == 1


async def test_a_programme_date_is_recalled_once_in_the_group_chat(bot: Bot) -> None:
    await bot.group_with(ben="coordinator", carl="coordinator")
    await bot.ask("anna", "/erinnerungen kanal=gruppe")
    await bot.ask("ben", "/erinnerungen kanal=gruppe")
    await set_group(bot, seal_until=date(2027, 3, 26))  # four weeks before: Friday 26 February
    await bot.app.reminders.plan()
    await run_at(bot, berlin(2027, 2, 25, 9, 0))
    sent = await run_at(bot, berlin(2027, 2, 26, 9, 0))
    seal = "Das Siegel läuft am 26.03.2027 ab"
    in_group = [s for s in sent if s.chat.chat_id == "group" and seal in s.reply.text]
    assert len(in_group) == 1 and mentioned(in_group[0]) == ["anna", "ben"]
    assert len([t for t in to(sent, "dm:carl") if seal in t]) == 1


async def test_the_list_of_what_was_missed_while_offline_comes_once_in_the_group_chat(
    bot: Bot,
) -> None:
    await bot.group_with(ben="coordinator", carl="coordinator")
    await bot.ask("anna", "/erinnerungen kanal=gruppe")
    await bot.ask("ben", "/erinnerungen kanal=gruppe")
    await add_measure(bot, "Radweg", due=date(2027, 2, 20), responsible=None)
    await bot.app.reminders.plan()
    sent = await run_at(bot, berlin(2027, 2, 6, 9, 0))  # the bot was down since January
    missed = "Während ich offline war"
    in_group = [s for s in sent if s.chat.chat_id == "group" and missed in s.reply.text]
    assert len(in_group) == 1 and mentioned(in_group[0]) == ["anna", "ben"]
    assert "Radweg" in in_group[0].reply.text
    assert len([t for t in to(sent, "dm:carl") if missed in t]) == 1


async def test_a_coordinator_quiet_until_later_is_not_mentioned_nor_posted_to_again(
    bot: Bot,
) -> None:
    await two_in_the_chat(bot)
    await bot.ask("ben", "/erinnerungen ruhezeit=20:00-10:00")
    await bot.app.reminders.plan()
    in_group = digests(await run_at(bot, DIGEST), "group")
    assert len(in_group) == 1 and mentioned(in_group[0]) == ["anna"]
    assert digests(await run_at(bot, berlin(2027, 2, 8, 10, 0)), "group") == []
    assert await outcomes(bot, "digest", date(2027, 2, 8)) == ["in_chat", "sent", "sent"]


async def test_a_coordinator_who_paused_is_not_mentioned(bot: Bot) -> None:
    await two_in_the_chat(bot)
    await bot.ask("ben", "/erinnerungen pause=10.02.2027")
    await bot.app.reminders.plan()
    in_group = digests(await run_at(bot, DIGEST), "group")
    assert len(in_group) == 1 and mentioned(in_group[0]) == ["anna"]


def started(settings_dir: Path, clock: FakeClock) -> Bot:
    app = make_app(settings_for(settings_dir), clock)
    adapter = MemoryAdapter()
    app.add_adapter(adapter)
    return Bot(app, adapter, clock)


async def test_a_post_that_failed_comes_once_after_a_restart(
    tmp_path: Path, clock: FakeClock
) -> None:
    bot = started(tmp_path, clock)  # one SQLite file for every run
    async with bot.app:
        await two_in_the_chat(bot)
        engine = bot.app.reminders
        real_send = engine.send

        async def chat_down(item: Outgoing) -> SentRef | None:
            if item.chat is not None:
                raise ConnectionError("network down")
            return await real_send(item)

        engine.send = chat_down
        assert digests(await run_at(bot, DIGEST), "group") == []
        assert await outcomes(bot, "digest", date(2027, 2, 8)) == ["None", "None", "sent"]
    for attempt in range(2):
        bot = started(tmp_path, clock)
        async with bot.app:
            await bot.app.reminders.plan(berlin(2027, 2, 8, 9, attempt))
            in_group = digests(await run_at(bot, berlin(2027, 2, 8, 9, attempt)), "group")
            if attempt == 0:
                assert len(in_group) == 1 and mentioned(in_group[0]) == ["anna", "ben"]
            else:
                assert in_group == []
    assert await outcomes(bot, "digest", date(2027, 2, 8)) == ["in_chat", "late", "sent"]


async def test_a_post_retried_after_a_crash_is_the_same_post(
    tmp_path: Path, clock: FakeClock
) -> None:
    """A worker that died after posting, before it settled: the post is tried again under
    the same key (a platform keeps one message per key), whichever coordinator's row comes
    first, and never under a second coordinator's key."""
    bot = started(tmp_path, clock)
    async with bot.app:
        await two_in_the_chat(bot)
        engine = bot.app.reminders
        real_send = engine.send
        posted: list[str] = []

        async def dies_after_posting(item: Outgoing) -> SentRef | None:
            sent = await real_send(item)
            if item.chat is not None:
                posted.append(item.reply.key or "")
                raise asyncio.CancelledError  # the process is gone
            return sent

        engine.send = dies_after_posting
        with pytest.raises(asyncio.CancelledError):
            await run_at(bot, DIGEST)
    bot = started(tmp_path, clock)
    async with bot.app:
        sent = await run_at(bot, berlin(2027, 2, 8, 8, 15))  # the claim's lease is over
        in_group = digests(sent, "group")
        assert [s.reply.key for s in in_group] == posted
        # Carl's own, in the batch the crash cut short, comes late too.
        assert await outcomes(bot, "digest", date(2027, 2, 8)) == ["in_chat", "late", "late"]


async def test_the_one_post_is_in_the_group_chats_language_whoever_reads_english(
    backend_bot: Bot,
) -> None:
    """Anna reads English (/lang en), the group German: what goes to the group chat for the
    coordinators is German there, whichever coordinator's row sends it, as the chat's other
    posts are; what goes to Anna's direct chat stays English."""
    bot = backend_bot  # on SQLite and PostgreSQL
    await two_in_the_chat(bot)
    assert "English" in await bot.ask("anna", "/lang en", chat="dm")
    sent = await run_at(bot, DIGEST)
    (in_group,) = digests(sent, "group")
    assert mentioned(in_group) == ["anna", "ben"]
    sent = await run_at(bot, berlin(2027, 2, 9, 9, 0))
    assert [s.reply.text.splitlines()[0] for s in sent if s.chat.chat_id == "group"] == [
        "Erinnerung: Maßnahme 3 „Schule“ ist am 12.02.2027 fällig, in 3 Tagen."
    ]
    # Back in her direct chat, her nudges are English again.
    assert "direkter Chat" in await bot.ask("anna", "/erinnerungen kanal=direkt")
    sent = await run_at(bot, berlin(2027, 2, 10, 9, 0))
    assert [t.splitlines()[0] for t in to(sent, "dm:anna")] == [
        "Measure 4 “Bücherei” is 7 days overdue (due 3 Feb 2027; responsible: Cara). "
        "Perhaps ask how it is going?"
    ]


async def test_the_list_of_what_was_missed_is_in_the_group_chats_language(bot: Bot) -> None:
    await bot.group_with(ben="coordinator")
    await bot.ask("anna", "/erinnerungen kanal=gruppe")
    await bot.ask("ben", "/erinnerungen kanal=gruppe")
    await bot.ask("anna", "/lang en", chat="dm")
    await add_measure(bot, "Radweg", due=date(2027, 2, 20), responsible=None)
    await bot.app.reminders.plan()
    sent = await run_at(bot, berlin(2027, 2, 6, 9, 0))  # the bot was down since January
    (in_group,) = [s for s in sent if s.chat.chat_id == "group"]
    assert in_group.reply.text.startswith("Während ich offline war")


async def test_three_coordinators_read_one_digest_with_the_sweeps_reads_once(bot: Bot) -> None:
    """The post in the group chat says the other coordinators' digests with the group's facts
    the sweep read to write it, and the notes it said to the three of them settle at once: one
    read and one update of their rows, not one of each per coordinator."""
    await bot.group_with(ben="coordinator", carl="coordinator", cara="member")
    for who in ("anna", "ben", "carl"):
        assert "Gruppenchat" in await bot.ask(who, "/erinnerungen kanal=gruppe")
    await add_measure(bot, "Spielplatz", due=date(2027, 2, 1), responsible="cara")
    await add_measure(bot, "Radweg", due=date(2027, 2, 11), responsible=None)
    await bot.app.reminders.plan()
    await run_at(bot, berlin(2027, 2, 7, 12, 0))
    bot.clock.set(DIGEST)
    bot.adapter.pop()
    with counted(bot) as statements:
        await bot.app.reminders.tick(DIGEST)
    (digest,) = digests(bot.adapter.pop(), "group")
    assert mentioned(digest) == ["anna", "ben", "carl"]
    assert await outcomes(bot, "digest", date(2027, 2, 8)) == ["in_chat", "in_chat", "sent"]
    # The notes about Radweg at nine (nobody's): the digest said them to all three.
    radweg = [r for r in await rows(bot) if r.subject == "measure" and r.subject_id == 2]
    notes = [r.outcome for r in radweg if r.due_at == berlin(2027, 2, 8, 9, 0) and r.person_id]
    assert notes == ["in_digest"] * 3
    # the group's facts: read to plan and to send, not again to say the others' digests
    facts = [s for s in statements if s.lstrip().startswith("SELECT group_reminder_settings")]
    assert len(facts) == 2, statements
    settings = [s for s in statements if "FROM person_reminder_settings" in s]
    assert len(settings) == 3, statements  # and for whoever is responsible for Spielplatz
    said = [s for s in statements if s.lstrip().startswith(SAID_READ)]
    settled = [s for s in statements if s.startswith("UPDATE reminders") and SAID in s]
    assert len(said) == len(settled) == 1, statements
    # who of Ben and Carl may be mentioned there (not a minor): one read of both, not one each
    persons = reads_of("FROM persons", statements)
    assert len([s for s in persons if "persons.id IN (?, ?) AND persons.is_minor" in s]) == 1
    assert len(persons) == 6, persons  # the rest for Anna's row and what the digest says
