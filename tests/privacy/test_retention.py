"""Retention: the purge removes exactly what its periods say (fake clock), a dry run changes
nothing, ``steerbot db purge`` prints the counts."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from pathlib import Path

from sqlalchemy import func, select, update

from bot.config import load_settings
from storage.models import (
    ErasureRequest,
    Group,
    Identity,
    Invite,
    LinkCode,
    Measure,
    Membership,
    Person,
    ProcessedEvent,
    Reminder,
)
from storage.privacy.parts import Retention, build_parts
from storage.privacy.retention import purge, purge_all
from tests.harness import Bot
from tests.unit.test_cli_config import run_cli


async def _count(bot: Bot, model: type, *where: object) -> int:
    async with bot.app.sessions() as s:
        return int(await s.scalar(select(func.count()).select_from(model).where(*where)) or 0)


async def test_processed_event_ids_go_after_30_days(bot: Bot) -> None:
    await bot.group_with(bea="member")
    old = await _count(bot, ProcessedEvent)
    bot.clock.advance(timedelta(days=20))
    await bot.ask("bea", "/measures")
    await bot.ask("bea", "/members")
    bot.clock.advance(timedelta(days=10, seconds=1))  # the first ones are now 30 days + 1 s old
    counts = await purge(bot.app.services, bot.clock.now(), dry_run=True)
    assert counts["handled message ids"] == old
    assert await _count(bot, ProcessedEvent) == old + 2  # the dry run changed nothing
    counts = await purge(bot.app.services, bot.clock.now())
    assert counts["handled message ids"] == old
    assert await _count(bot, ProcessedEvent) == 2
    assert (await purge(bot.app.services, bot.clock.now()))["handled message ids"] == 0


async def test_expired_erasure_codes_go(bot: Bot) -> None:
    await bot.group_with(bea="member")
    await bot.ask("bea", "/forget", chat="dm")
    assert (await purge(bot.app.services, bot.clock.now()))["expired erasure codes"] == 0
    bot.clock.advance(timedelta(minutes=30))
    assert (await purge(bot.app.services, bot.clock.now()))["expired erasure codes"] == 1
    assert await _count(bot, ErasureRequest) == 0


async def _reminder(
    bot: Bot, key: str, person: str, *, due_days_ago: int, sent_days_ago: int | None
) -> None:
    now = bot.clock.now()
    async with bot.app.sessions() as s, s.begin():
        person_id = await s.scalar(select(Identity.person_id).where(Identity.user_id == person))
        group_id = await s.scalar(select(Group.id))
        due = now - timedelta(days=due_days_ago)
        s.add(
            Reminder(
                dedupe_key=key,
                group_id=group_id,
                kind="before",
                person_id=person_id,
                subject="measure",
                payload="{}",
                due_at=due,
                planned_at=due,
                next_try_at=due,
                created_at=due,
                sent_at=None if sent_days_ago is None else now - timedelta(days=sent_days_ago),
                outcome=None if sent_days_ago is None else "sent",
            )
        )


async def test_sent_reminders_go_after_a_year_pending_ones_never(bot: Bot) -> None:
    await bot.group_with(bea="member")
    await _reminder(bot, "old", "bea", due_days_ago=400, sent_days_ago=366)
    await _reminder(bot, "year", "bea", due_days_ago=400, sent_days_ago=365)  # exactly a year: kept
    await _reminder(bot, "new", "bea", due_days_ago=40, sent_days_ago=30)
    await _reminder(bot, "pending", "bea", due_days_ago=800, sent_days_ago=None)
    assert (await purge(bot.app.services, bot.clock.now(), dry_run=True))["sent reminders"] == 1
    assert await _count(bot, Reminder) == 4  # the dry run changed nothing
    assert (await purge(bot.app.services, bot.clock.now()))["sent reminders"] == 1
    async with bot.app.sessions() as s:
        assert sorted(await s.scalars(select(Reminder.dedupe_key))) == ["new", "pending", "year"]
    # A shorter period (STEERBOT_RETAIN_SENT_REMINDERS_DAYS) takes more; pending still stays.
    async with bot.app.sessions() as s, s.begin():
        counts = await purge_all(
            s,
            build_parts(bot.app.services.i18n),
            bot.clock.now(),
            Retention(sent_reminders=timedelta(days=7)),
        )
    assert counts["sent reminders"] == 2
    async with bot.app.sessions() as s:
        assert list(await s.scalars(select(Reminder.dedupe_key))) == ["pending"]


async def test_expired_link_codes_go(bot: Bot) -> None:
    await bot.group_with(bea="member")
    await bot.ask("bea", "/link", chat="dm")
    bot.clock.advance(timedelta(minutes=59))
    assert (await purge(bot.app.services, bot.clock.now()))["expired link codes"] == 0
    bot.clock.advance(timedelta(minutes=1))
    assert (await purge(bot.app.services, bot.clock.now()))["expired link codes"] == 1
    assert await _count(bot, LinkCode) == 0


async def test_closed_group_people_go_three_years_after_the_end(bot: Bot) -> None:
    await bot.group_with(bea="member", carl="member")
    await bot.ask("bea", "/propose Skatepark")
    # Carl is also in a second, still open group: only his old membership goes.
    await bot.ask("otto", "/setup Nachbarstadt", chat="other")
    code = await bot.invite("otto", "member", "other")
    await bot.ask("carl", f"/join {code}", chat="other")
    # Carl voted and added a milestone in the old group: the links go, the records stay.
    await bot.ask("anna", "/propose Bank am Teich")
    assert "Runde 1" in await bot.ask("anna", "/round approval 1 2")
    assert "gespeichert" in await bot.ask("carl", "/vote 1 1")
    await bot.ask("carl", "/milestone 1 1.3.2027 Baubeginn", chat="group")
    await bot.ask("carl", "/propose Radweg")  # his proposal, and a change of his role
    assert "Koordination" in await bot.ask("anna", "/rolle carl koordination")
    closed = bot.clock.now()
    async with bot.app.sessions() as s, s.begin():
        await s.execute(update(Group).where(Group.name == "Musterstadt").values(closed_at=closed))
    bot.clock.set(datetime(2030, 1, 11, 9, 0, tzinfo=UTC))  # exactly three years later
    counts = await purge(bot.app.services, bot.clock.now())
    assert (
        counts["people of closed groups erased"] == 0
        and counts["memberships of closed groups"] == 0
    )
    bot.clock.advance(timedelta(seconds=1))
    counts = await purge(bot.app.services, bot.clock.now(), dry_run=True)
    assert counts["people of closed groups erased"] == 2  # Anna and Bea; Carl stays
    assert await _count(bot, Identity) == 4
    counts = await purge(bot.app.services, bot.clock.now())
    assert counts["people of closed groups erased"] == 2
    assert counts["memberships of closed groups"] == 1  # Carl's (Anna's and Bea's went with them)
    assert counts["invites of closed groups"] == 2
    assert counts["ballots unlinked from people"] == 1
    assert counts["participations of closed groups"] == 1
    assert counts["milestones unlinked from people"] == 1
    assert counts["measures unlinked from people"] == 1  # Carl's Radweg
    # the change made to Carl, and his joining
    assert counts["role changes unlinked from people"] == 2
    assert sorted(await _user_ids(bot)) == ["carl", "otto"]
    assert await _count(bot, Person, Person.forgotten_at.is_not(None)) == 2
    assert await _count(bot, Membership) == 2  # Otto and Carl in Nachbarstadt
    assert await _count(bot, Invite) == 1
    # The group's record stays, without people.
    async with bot.app.sessions() as s:
        skatepark = await s.scalar(select(Measure).where(Measure.title == "Skatepark"))
        assert skatepark is not None and skatepark.proposer_id is None
    again = await purge(bot.app.services, bot.clock.now())
    assert sum(again.values()) == 0


async def _user_ids(bot: Bot) -> list[str]:
    async with bot.app.sessions() as s:
        return list(await s.scalars(select(Identity.user_id)))


def test_retention_periods_are_settings(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    settings = load_settings(
        _env_file=None,
        STEERBOT_RETAIN_EVENT_IDS_DAYS=7,
        STEERBOT_RETAIN_SENT_REMINDERS_DAYS=90,
        STEERBOT_RETAIN_CLOSED_GROUP_YEARS=5,
    )
    retention = Retention.from_settings(settings)
    assert retention == Retention(timedelta(days=7), timedelta(days=90), 5)
    assert retention.closed_group_cutoff(datetime(2032, 2, 29, tzinfo=UTC)) == datetime(
        2027, 2, 28, tzinfo=UTC
    )
    defaults = Retention.from_settings(load_settings(_env_file=None))
    assert defaults == Retention(timedelta(days=30), timedelta(days=365), 3)


def test_cli_db_purge_prints_what_would_go_and_what_went(tmp_path: Path) -> None:
    env = {"STEERBOT_DATA_DIR": str(tmp_path / "data")}
    assert run_cli(["db", "upgrade"], env, tmp_path).returncode == 0
    database = tmp_path / "data" / "steerbot.db"
    with sqlite3.connect(database) as conn:
        conn.executemany(
            "INSERT INTO processed_events (platform, event_id, processed_at) VALUES (?, ?, ?)",
            [
                ("memory", "old-1", "2020-01-01 00:00:00"),
                ("memory", "old-2", "2020-01-02 00:00:00"),
                ("memory", "new-1", "2999-01-01 00:00:00"),
            ],
        )
    dry = run_cli(["db", "purge", "--dry-run"], env, tmp_path)
    assert dry.returncode == 0, dry.stderr
    assert "dry run" in dry.stdout and "handled message ids: 2" in dry.stdout
    with sqlite3.connect(database) as conn:
        assert conn.execute("SELECT count(*) FROM processed_events").fetchone()[0] == 3
    done = run_cli(["db", "purge"], env, tmp_path)
    assert (
        done.returncode == 0
        and "purged:" in done.stdout
        and "handled message ids: 2" in done.stdout
    )
    with sqlite3.connect(database) as conn:
        assert [r[0] for r in conn.execute("SELECT event_id FROM processed_events")] == ["new-1"]


async def test_a_list_waiting_for_its_import_goes_once_expired(bot: Bot) -> None:
    await bot.group_with()
    await bot.ask("anna", "/import")
    await bot.send_file("anna", "liste.csv", b"Titel\nSkatepark\n")
    assert (await purge(bot.app.services, bot.clock.now()))["expired imports"] == 0
    bot.clock.advance(timedelta(minutes=31))
    assert (await purge(bot.app.services, bot.clock.now()))["expired imports"] == 1
    assert "Es wartet keine Liste" in await bot.ask("anna", "/import ja")
