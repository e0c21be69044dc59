"""The reminder engine wired to the other capabilities through the real App: voting rounds
(reminders to non-voters, automatic close with results), the daily purge, re-planning after
/due, /assign, /status, /milestone and /edit, and race-safe round numbers."""

from __future__ import annotations

import asyncio
import itertools
from datetime import timedelta

from sqlalchemy import select

from adapters.memory import Sent
from bot.events import ChatRef, Message, UserRef
from bot.scheduling import ReminderEngine, messenger_send
from storage.models import Ballot, Participation, Reminder, Round
from tests.harness import Bot
from tests.unit.scheduling.helpers import berlin, nothing_under, rows, run_at, to

_ids = itertools.count(1)
REMINDER_TEXT = (
    "Die Abstimmungsrunde 1 endet am 14.01.2027 17:00, und Sie haben noch nicht abgestimmt."
)


async def _group_with_round(bot: Bot, options: str = "") -> None:
    """Anna coordinates, Ben and Cara are members, Lea youth; two measures; round 1 closes
    Thursday 14.01.2027 17:00 (three days after the start clock)."""
    await bot.group_with(ben="member", cara="member", lea="youth")
    for title in ("Skatepark", "Bänke"):
        await bot.ask("anna", f"/propose {title}")
    opened = await bot.ask("anna", f"/round approval 1 2 closes=14.1.2027 17:00 {options}".strip())
    assert "Runde 1" in opened


async def test_the_digest_lists_rounds_without_a_closing_time_too(bot: Bot) -> None:
    await _group_with_round(bot)
    await bot.ask("anna", '/round dot 1 2 title="Haushalt"')
    assert (
        "Offene Abstimmungsrunden:\n• Runde 1 — endet 14.01.2027 17:00\n"
        "• Runde 2 „Haushalt“ — ohne Endzeit: "
    ) in (await bot.ask("anna", "/digest"))
    # Round reminders count down to a closing time: none for round 2, however long it runs.
    rows_ = [r for r in await rows(bot, pending_only=True) if r.subject == "round"]
    assert rows_ and {r.subject_id for r in rows_} == {1}
    await bot.ask("anna", "/close 1")
    sent = await run_at(bot, berlin(2027, 1, 20, 9, 0))
    assert [s for s in sent if "Runde 2" in s.reply.text and "abgestimmt" in s.reply.text] == []
    assert (
        "Offene Abstimmungsrunden:\n"
        "• Runde 2 „Haushalt“ — ohne Endzeit: die Koordination beendet sie mit /schliessen 2"
    ) in (await bot.ask("anna", "/digest"))


async def test_round_reminder_to_non_voters_and_result_posted_once_at_close(bot: Bot) -> None:
    await _group_with_round(bot)
    assert "gespeichert" in await bot.ask("ben", "/vote 1 1")
    # 24 hours before the close: Anna, Cara and Lea have not voted; Ben has.
    assert to(await run_at(bot, berlin(2027, 1, 13, 16, 59)), "dm:cara") == []
    sent = await run_at(bot, berlin(2027, 1, 13, 17, 0))
    for name in ("anna", "cara", "lea"):
        texts = to(sent, f"dm:{name}")
        # The youth representative is spoken to as "du".
        wanted = REMINDER_TEXT.replace("Sie haben", "du hast") if name == "lea" else REMINDER_TEXT
        assert len(texts) == 1 and texts[0].startswith(wanted), name
    assert to(sent, "dm:ben") == []
    assert to(sent, "group") == []
    # Cara votes after her reminder; nothing more for anyone until the close.
    assert "gespeichert" in await bot.ask("cara", "/vote 1 2")
    assert await run_at(bot, berlin(2027, 1, 14, 16, 59)) == []
    sent = await run_at(bot, berlin(2027, 1, 14, 17, 0))
    results = to(sent, "group")
    assert len(results) == 1 and "Runde 1" in results[0]
    # Lea, the youth representative, has the result in her direct chat (no youth chat here).
    (youth,) = to(sent, "dm:lea")
    assert youth.startswith("Die Abstimmung in ") and "Runde 1" in youth
    assert [s for s in sent if s.chat.chat_id not in ("group", "dm:lea")] == []
    async with bot.app.sessions() as session:
        rnd = await session.scalar(select(Round))
        assert rnd is not None and rnd.closed_at == berlin(2027, 1, 14, 17, 0)
    # Later ticks post nothing again; the digest no longer lists the round.
    assert await run_at(bot, berlin(2027, 1, 14, 17, 5)) == []
    assert "Offene Abstimmungsrunden" in nothing_under(await bot.ask("anna", "/digest"))


async def test_secret_round_reminds_non_voters_and_links_no_ballot(bot: Bot) -> None:
    await _group_with_round(bot, "secret")
    assert "gezählt" in await bot.ask("ben", "/vote 1 1", chat="dm")
    assert "gezählt" in await bot.ask("cara", "/vote 1 2", chat="dm")
    sent = await run_at(bot, berlin(2027, 1, 13, 17, 0))
    assert sorted(s.chat.chat_id for s in sent) == ["dm:anna", "dm:lea"]
    by_chat = {s.chat.chat_id: s.reply.text for s in sent}
    assert by_chat["dm:anna"].startswith(REMINDER_TEXT)
    assert by_chat["dm:lea"].startswith(REMINDER_TEXT.replace("Sie haben", "du hast"))
    async with bot.app.sessions() as session:
        ballots = list(await session.scalars(select(Ballot)))
        assert len(ballots) == 2 and all(
            b.voter_id is None and b.updated_at is None for b in ballots
        )
        assert len(list(await session.scalars(select(Participation)))) == 2
        outbox = list(await session.scalars(select(Reminder).where(Reminder.subject == "round")))
        # The outbox names people and the round, never a ballot.
        tokens = {b.token for b in ballots}
        assert outbox and not any(t in (r.payload + r.dedupe_key) for r in outbox for t in tokens)
    results = to(await run_at(bot, berlin(2027, 1, 14, 17, 0)), "group")
    assert len(results) == 1 and "Runde 1" in results[0]


async def test_two_engines_close_a_round_once(backend_bot: Bot) -> None:
    """Two bot processes tick at the close: the conditional UPDATE lets one post the result."""
    bot = backend_bot
    await _group_with_round(bot)
    app = bot.app
    second = ReminderEngine(
        app.services, send=messenger_send(app.messenger), worker_id="second",
        periodic=app.reminders.periodic,
    )  # fmt: skip
    close = berlin(2027, 1, 14, 17, 0)
    bot.clock.set(close)
    bot.adapter.pop()
    await asyncio.gather(app.reminders.tick(close), second.tick(close), app.reminders.tick(close))
    results = [s for s in bot.adapter.pop() if s.chat.chat_id == "group"]
    assert len(results) == 1 and "Runde 1" in results[0].reply.text


async def test_daily_purge_runs_on_the_tick(bot: Bot) -> None:
    """The purge is a daily periodic job of the default App: it runs on the first tick and
    again only a day later."""
    runs: list[object] = []
    engine = bot.app.reminders
    purge = next(j for j in engine.periodic if j.name == "purge")
    assert purge.every == timedelta(days=1)
    assert {j.name for j in engine.periodic} == {"close rounds", "recount rounds", "purge"}

    async def counting(services: object, now: object) -> object:
        runs.append(now)
        return await purge.run(services, now)  # type: ignore[arg-type]

    from bot.scheduling import PeriodicJob

    engine.periodic = [PeriodicJob("purge", counting, every=purge.every)]
    t0 = bot.clock.now()
    for step in (timedelta(0), timedelta(hours=12), timedelta(days=1), timedelta(days=1, hours=1)):
        await engine.tick(t0 + step)
    assert runs == [t0, t0 + timedelta(days=1)]


async def test_due_and_assign_replan_at_once_and_done_stops_nudges(bot: Bot) -> None:
    await bot.group_with(ben="member", cara="member")
    await bot.ask("anna", "/propose Spielplatz")
    await bot.ask("anna", "/assign 1 ben")
    # The first nudge is due in a minute: the hourly re-plan would be too late.
    bot.clock.set(berlin(2027, 1, 12, 8, 59))
    await bot.app.reminders.tick()  # plans now; the next full re-plan is an hour away
    assert "15.01.2027" in await bot.ask("anna", "/due 1 15.1.2027")
    sent = await run_at(bot, berlin(2027, 1, 12, 9, 0))
    assert to(sent, "dm:ben") == [
        "Erinnerung: Maßnahme 1 „Spielplatz“ ist am 15.01.2027 fällig, in 3 Tagen.\n"
        "Maßnahme 1 ist vorgeschlagen: Die Steuerungsgruppe entscheidet zuerst, ob es "
        "weitergeht (die Koordination gibt dann /stand 1 beschlossen ein). Danach berichten Sie "
        "dazu mit /stand 1 in Umsetzung [Notiz]."
    ]
    # Cara takes over: her nudges from now on (the 3-days one at once), none for Ben.
    assert "Cara" in await bot.ask("anna", "/assign 1 cara")
    sent = await run_at(bot, berlin(2027, 1, 12, 9, 0))
    assert to(sent, "dm:cara")[0].startswith(
        "Erinnerung: Maßnahme 1 „Spielplatz“ ist am 15.01.2027"
    )
    sent = await run_at(bot, berlin(2027, 1, 15, 9, 0))
    assert len(to(sent, "dm:cara")) == 1 and to(sent, "dm:ben") == []
    # /edit frist=… moves the date; the old day's nudges are gone from the plan.
    await bot.ask("anna", "/edit 1 frist=22.1.2027")
    pending = [r for r in await rows(bot, pending_only=True) if r.subject == "measure"]
    assert pending and all("2027-01-22" in r.payload for r in pending)
    # Done: nothing more, even after the hourly re-plan and past the due date.
    assert "→ umgesetzt" in await bot.ask("anna", "/status 1 erledigt force")
    assert [r for r in await rows(bot, pending_only=True) if r.subject == "measure"] == []
    for day in (19, 22, 29):
        assert to(await run_at(bot, berlin(2027, 1, day, 9, 0)), "dm:cara") == []


async def test_overdue_nudges_follow_the_chosen_interval_and_stop_when_switched_off(
    bot: Bot,
) -> None:
    def overdue(sent: list[Sent], chat: str) -> list[str]:
        return [t for t in to(sent, chat) if "überfällig" in t]

    await bot.group_with(ben="member")
    await bot.ask("anna", "/propose Spielplatz")
    await bot.ask("anna", "/assign 1 ben")
    await bot.ask("anna", "/due 1 15.1.2027")
    saved = await bot.ask("anna", "/erinnerungen gruppe überfällig=14t")
    assert "• Solange überfällig: alle 14 Tage" in saved
    for day in (12, 15):  # 3 days before and on the day, as always
        assert len(to(await run_at(bot, berlin(2027, 1, day, 9, 0)), "dm:ben")) == 1
    # A week overdue: nothing at 14 days' interval, neither to Ben nor to Anna.
    sent = await run_at(bot, berlin(2027, 1, 22, 9, 0))
    assert overdue(sent, "dm:ben") == [] and overdue(sent, "dm:anna") == []
    sent = await run_at(bot, berlin(2027, 1, 29, 9, 0))
    assert "seit 14 Tagen überfällig" in overdue(sent, "dm:ben")[0]
    assert len(overdue(sent, "dm:anna")) == 1  # the coordinator hears of it too
    # Ben switches them off for himself: the coordinator still hears, he does not.
    assert "• Solange überfällig: keine Erinnerungen" in await bot.ask(
        "ben", "/erinnerungen ueberfaellig=aus"
    )
    sent = await run_at(bot, berlin(2027, 2, 12, 9, 0))
    assert overdue(sent, "dm:ben") == [] and len(overdue(sent, "dm:anna")) == 1


async def test_milestones_nudge_the_responsible_person_and_show_in_the_digest(bot: Bot) -> None:
    await bot.group_with(ben="member")
    await bot.ask("anna", "/propose Spielplatz")
    await bot.ask("anna", "/assign 1 ben")
    await bot.ask("anna", "/milestone 1 18.1.2027 Baubeginn")
    keys = [r.dedupe_key for r in await rows(bot, pending_only=True) if r.subject == "milestone"]
    assert keys and all(":ms1:" in k for k in keys)
    sent = await run_at(bot, berlin(2027, 1, 15, 9, 0))
    assert to(sent, "dm:ben") == [
        "Erinnerung: Der Meilenstein „Baubeginn“ der Maßnahme 1 „Spielplatz“ ist am 18.01.2027 "
        "fällig, in 3 Tagen.\n"
        # still proposed: the steering group decides first (not "/stand 1 <Status>")
        "Maßnahme 1 ist vorgeschlagen: Die Steuerungsgruppe entscheidet zuerst, ob es "
        "weitergeht (die Koordination gibt dann /stand 1 beschlossen ein). Danach berichten Sie "
        "dazu mit /stand 1 in Umsetzung [Notiz].\n"
        "Erreicht? /meilenstein 1 erreicht 1"
    ]
    digest = await bot.ask("anna", "/digest")
    assert (
        "Meilensteine in den nächsten 14 Tagen:\n• 1. Spielplatz: Baubeginn — 18.01.2027" in digest
    )
    sent = await run_at(bot, berlin(2027, 1, 18, 9, 0))
    assert len(to(sent, "dm:ben")) == 1 and "heute" in to(sent, "dm:ben")[0]
    # Not marked reached: asked once a week later, not every week.
    assert to(await run_at(bot, berlin(2027, 1, 25, 9, 0)), "dm:ben") == [
        "Meilenstein „Baubeginn“ der Maßnahme 1 „Spielplatz“ war am 18.01.2027 — erreicht? "
        "/meilenstein 1 erreicht 1"
    ]
    assert to(await run_at(bot, berlin(2027, 2, 1, 9, 0)), "dm:ben") == []


async def test_a_milestone_nobody_is_responsible_for_nudges_the_coordinators(bot: Bot) -> None:
    await bot.group_with(ben="member")
    await bot.ask("anna", "/propose Spielplatz")
    await bot.ask("anna", "/milestone 1 18.1.2027 Baubeginn")
    sent = await run_at(bot, berlin(2027, 1, 15, 9, 0))
    assert to(sent, "dm:anna") == [
        "Erinnerung: Der Meilenstein „Baubeginn“ der Maßnahme 1 „Spielplatz“ ist am 18.01.2027 "
        "fällig, in 3 Tagen.\nNoch ist niemand verantwortlich: /zuweisen 1 <wer>.\n"
        "Maßnahme 1 ist vorgeschlagen: Hat die Steuerungsgruppe sie beschlossen, tragen Sie das "
        "mit /stand 1 beschlossen ein; danach /stand 1 in Umsetzung [Notiz].\n"
        "Erreicht? /meilenstein 1 erreicht 1"
    ]
    assert to(sent, "dm:ben") == []
    # Once Ben takes it on, the day itself reminds him, and the coordinator no longer.
    await bot.ask("anna", "/assign 1 ben")
    sent = await run_at(bot, berlin(2027, 1, 18, 9, 0))
    assert [text for text in to(sent, "dm:anna") if "Der Meilenstein" in text] == []
    assert len(to(sent, "dm:ben")) == 1 and "heute" in to(sent, "dm:ben")[0]


async def test_a_reached_milestone_is_not_reminded_nor_overdue(bot: Bot) -> None:
    await bot.group_with(ben="member")
    await bot.ask("anna", "/propose Spielplatz")
    await bot.ask("anna", "/assign 1 ben")
    await bot.ask("anna", "/milestone 1 25.1.2027 Angebote")
    await bot.ask("anna", "/milestone 1 18.1.2027 Baubeginn")
    assert "Es fehlt noch: Nummer des Meilensteins" in await bot.ask(
        "ben", "/meilenstein 1 erreicht"
    )
    assert "keinen Meilenstein 3" in await bot.ask("ben", "/meilenstein 1 erreicht 3")
    answer = await bot.ask("ben", "/meilenstein 1 erreicht 1")
    assert answer == (
        "Meilenstein „Baubeginn“ (18.01.2027) von Maßnahme 1 „Spielplatz“ ist erreicht. Gut gemacht!"
    )
    assert "schon am 11.01.2027 erreicht" in await bot.ask("anna", "/milestone 1 reached 1")
    listing = await bot.ask("anna", "/meilenstein 1")
    assert "1. 18.01.2027 Baubeginn (erreicht am 11.01.2027)\n2. 25.01.2027 Angebote\n" in listing
    shown = await bot.ask("anna", "/zeige 1")
    assert "Meilenstein 18.01.2027: Baubeginn (erreicht am 11.01.2027)" in shown
    assert "· Ben · Meilenstein erreicht: 18.01.2027 Baubeginn" in await bot.ask(
        "anna", "/verlauf 1"
    )
    # Its nudges stop; the other milestone's come as before.
    sent = to(await run_at(bot, berlin(2027, 1, 15, 9, 0)), "dm:ben")
    assert sent == []
    sent = to(await run_at(bot, berlin(2027, 1, 18, 9, 0)), "dm:ben")
    assert sent == []
    sent = to(await run_at(bot, berlin(2027, 1, 22, 9, 0)), "dm:ben")
    assert len(sent) == 1 and "„Angebote“" in sent[0] and "erreicht 2" in sent[0]
    digest = await bot.ask("anna", "/digest")
    assert "Baubeginn" not in digest and "Angebote" in digest
    # Past its day it is not overdue in the report, while the one not reached is.
    await run_at(bot, berlin(2027, 2, 1, 9, 0))
    report = await bot.ask("anna", "/bericht")
    overdue = report.split("Überfällig")[1].split("Umgesetzt")[0]
    assert "Angebote" in overdue and "Baubeginn" not in overdue
    assert "Meilenstein erreicht 18.01.2027 Baubeginn" in report  # among the changes


async def test_a_removed_milestone_is_not_reminded(bot: Bot) -> None:
    await bot.group_with(ben="member")
    await bot.ask("anna", "/propose Spielplatz")
    await bot.ask("anna", "/assign 1 ben")
    await bot.ask("anna", "/milestone 1 Baubeginn 18.1.2027")
    assert [r for r in await rows(bot, pending_only=True) if r.subject == "milestone"]
    asked = await bot.say("anna", "/milestone 1 remove 1")
    pressed = await bot.press("anna", asked[0].reply.choices[0].action)
    assert "entfernt" in pressed[0].reply.text
    assert [r for r in await rows(bot, pending_only=True) if r.subject == "milestone"] == []
    for day in (15, 18):
        assert to(await run_at(bot, berlin(2027, 1, day, 9, 0)), "dm:ben") == []


def _round_message(user: str, title: str = "") -> Message:
    return Message(
        ChatRef("memory", "group"), UserRef("memory", user, user),
        f'/round approval 1 2 title="{title}"', f"round-race-{next(_ids)}",
    )  # fmt: skip


async def test_two_coordinators_open_rounds_at_the_same_instant(backend_bot: Bot) -> None:
    bot = backend_bot
    await bot.group_with(ben="coordinator")
    for title in ("Skatepark", "Bänke"):
        await bot.ask("anna", f"/propose {title}")
    bot.adapter.pop()
    await asyncio.gather(
        *(
            bot.app.dispatcher.handle(_round_message(u, f"Frage {i}"))
            for i, u in enumerate(("anna", "ben", "anna", "ben"))
        )
    )
    answers = [s.reply.text for s in bot.adapter.pop() if s.chat.chat_id == "group"]
    assert len(answers) == 4 and all("Runde" in a and "Fehler" not in a for a in answers)
    async with bot.app.sessions() as session:
        numbers = sorted(await session.scalars(select(Round.number)))
    assert numbers == [1, 2, 3, 4]
    # The same round from both at once (the same command sent twice): opened once.
    await asyncio.gather(
        *(bot.app.dispatcher.handle(_round_message(u, "Gleich")) for u in ("anna", "ben"))
    )
    answers = sorted(s.reply.text for s in bot.adapter.pop() if s.chat.chat_id == "group")
    assert answers[0].startswith("Runde 5 ist eröffnet")
    assert answers[1].startswith("Runde 5 ist mit denselben Maßnahmen und Regeln schon offen")
    async with bot.app.sessions() as session:
        assert sorted(await session.scalars(select(Round.number))) == [1, 2, 3, 4, 5]


async def test_meeting_agenda_has_milestones_and_counts_youth_ideas_without_titles(
    bot: Bot,
) -> None:
    await bot.group_with(ben="member", lea="youth")
    await bot.ask("anna", "/propose Spielplatz")
    await bot.ask("anna", "/assign 1 ben")
    await bot.ask("anna", "/milestone 1 20.1.2027 Baubeginn")
    await bot.ask("lea", "/propose Geheimer Treffpunkt")
    await bot.ask("anna", "/reminders meeting every tuesday 17:00")
    sent = to(await run_at(bot, berlin(2027, 1, 11, 17, 0)), "group")
    assert len(sent) == 1
    agenda = sent[0]
    # The measure is proposed and has a milestone: under what is due, not under "Neue
    # Vorschläge" too (before: in both).
    assert agenda == (
        "Sitzung der Steuerungsgruppe: 12.01.2027 17:00.\nTagesordnung:\n"
        "1. Fällig oder überfällig:\n• 1. Spielplatz\n   Meilenstein „Baubeginn“ am 20.01.2027\n"
        "2. Jugendideen, die auf eine Antwort warten:\n"
        "• 1 Idee wartet auf eine Entscheidung (/warteschlange zeigt sie).\n"
        "Ohne Einträge: Laufende Maßnahmen · Neue Vorschläge"
    )
    assert "Geheimer Treffpunkt" not in agenda  # not moderated yet: coordinators see it in /queue
