"""On a Monday the weekly digest says which of the measures it lists no member is responsible
for: the coordinator's note about those measures, due later that day, does not repeat them.
A digest that did not go out leaves the note; on other days the note comes as before."""

from __future__ import annotations

from datetime import date, timedelta

from bot.context import Outgoing
from bot.events import SentRef
from tests.harness import Bot
from tests.unit.scheduling.helpers import add_measure, berlin, rows, run_at, set_measure, to

DIGEST = berlin(2027, 2, 8, 8, 0)
NOTE_TIME = berlin(2027, 2, 8, 9, 0)

LISTED = (
    "Fällig in den nächsten 14 Tagen:\n"
    "• 2. Radweg — 11.02.2027 — noch kein Mitglied verantwortlich\n"
    "• 4. Schule — 15.02.2027 — verantwortlich: Ben\n"
    "• 3. Bücherei — 22.02.2027 — Federführung: Kulturamt; noch kein Mitglied verantwortlich\n"
    "\n"
    "Überfällig:\n"
    "• 1. Spielplatz — 01.02.2027 — noch kein Mitglied verantwortlich\n"
)
ASK = (
    "\n\nWer übernimmt die Maßnahmen, für die noch kein Mitglied verantwortlich ist? "
    "/zuweisen <Nummer> <wer>"
)
NOTE = (
    "Für 3 Maßnahmen ist noch kein Mitglied verantwortlich:\n"
    "• 1. Spielplatz: seit 7 Tagen überfällig (Frist 01.02.2027)\n"
    "• 2. Radweg: fällig am 11.02.2027, in 3 Tagen\n"
    "• 3. Bücherei: fällig am 22.02.2027, in 14 Tagen — Federführung: Kulturamt\n"
    "Wer übernimmt sie? /zuweisen <Nummer> <wer>"
)


async def three_nobodys(bot: Bot) -> None:
    """Three measures nobody is responsible for, each with a note to the coordinator on
    Monday 8 February at nine (a week overdue, 3 and 14 days ahead), and one of Ben's."""
    await bot.group_with(ben="member")
    await add_measure(bot, "Spielplatz", due=date(2027, 2, 1), responsible=None)
    await add_measure(bot, "Radweg", due=date(2027, 2, 11), responsible=None)
    library = await add_measure(bot, "Bücherei", due=date(2027, 2, 22), responsible=None)
    await set_measure(bot, library.id, lead_office="Kulturamt")
    await add_measure(bot, "Schule", due=date(2027, 2, 15), responsible="ben")
    await bot.app.reminders.plan()
    await run_at(bot, berlin(2027, 2, 1, 9, 0))


def digests(texts: list[str]) -> list[str]:
    return [t for t in texts if t.startswith(("Übersicht für", "(verspätet) Übersicht für"))]


def notes(texts: list[str]) -> list[str]:
    return [t for t in texts if "kein Mitglied verantwortlich:" in t or "niemand" in t]


async def nobodys(bot: Bot, due: object = NOTE_TIME) -> list[str | None]:
    return [
        r.outcome
        for r in await rows(bot)
        if r.subject == "measure" and r.due_at == due and '"unassigned"' in r.payload
    ]


async def test_the_monday_digest_says_which_measures_are_nobodys_and_the_note_does_not_repeat_it(
    backend_bot: Bot,
) -> None:
    bot = backend_bot  # on SQLite and PostgreSQL
    await three_nobodys(bot)
    digest = digests(to(await run_at(bot, DIGEST), "dm:anna"))
    assert len(digest) == 1 and LISTED in digest[0] and digest[0].endswith(ASK)
    assert await nobodys(bot) == ["in_digest"] * 3  # said, not sent
    assert notes(to(await run_at(bot, NOTE_TIME), "dm:anna")) == []
    # On another day the note comes (here the one three days before the Bücherei's date).
    assert notes(to(await run_at(bot, berlin(2027, 2, 19, 9, 0)), "dm:anna")) == [
        "Erinnerung: Maßnahme 3 „Bücherei“ ist am 22.02.2027 fällig, in 3 Tagen.\n"
        "Federführung: Kulturamt; noch ist kein Mitglied verantwortlich: /zuweisen 3 <wer>.\n"
        "Aktualisieren Sie sie mit /stand 3 <Status> [Notiz]."
    ]


async def test_a_digest_that_did_not_go_out_leaves_the_note_about_nobodys_measures(
    bot: Bot,
) -> None:
    await three_nobodys(bot)
    engine = bot.app.reminders
    real_send = engine.send

    async def no_digest(item: Outgoing) -> SentRef | None:
        if digests([item.reply.text]):
            raise ConnectionError("network down")
        return await real_send(item)

    engine.send = no_digest
    assert digests(to(await run_at(bot, DIGEST), "dm:anna")) == []
    assert await nobodys(bot) == [None] * 3
    assert notes(to(await run_at(bot, NOTE_TIME), "dm:anna")) == [NOTE]  # nothing lost
    assert await nobodys(bot) == ["sent"] * 3
    engine.send = real_send
    sent = to(await run_at(bot, NOTE_TIME + timedelta(minutes=30)), "dm:anna")
    assert len(digests(sent)) == 1 and LISTED in digests(sent)[0]
    assert notes(sent) == []  # and nothing twice


async def test_after_a_downtime_the_late_digest_takes_the_note_about_nobodys_measures(
    backend_bot: Bot,
) -> None:
    bot = backend_bot
    await three_nobodys(bot)
    sent = to(await run_at(bot, NOTE_TIME + timedelta(minutes=30)), "dm:anna")
    assert len(digests(sent)) == 1 and LISTED in digests(sent)[0]
    assert notes(sent) == []
    assert await nobodys(bot) == ["in_digest"] * 3


async def test_asked_for_the_digest_asks_who_takes_on_nobodys_measures_only_of_who_may(
    bot: Bot,
) -> None:
    await bot.group_with(ben="member", gus="observer")
    await add_measure(bot, "Radweg", due=date(2027, 1, 20), responsible=None)
    asked = await bot.ask("ben", "/uebersicht")
    assert "• 1. Radweg — 20.01.2027 — noch kein Mitglied verantwortlich\n" in asked
    assert asked.endswith(ASK)
    # A guest may read the digest but not /zuweisen: it is not asked of them.
    seen = await bot.ask("gus", "/uebersicht")
    assert "• 1. Radweg — 20.01.2027 — noch kein Mitglied verantwortlich\n" in seen
    assert "/zuweisen" not in seen


async def test_the_coordinators_data_file_says_the_digest_listed_the_measures_of_the_note(
    bot: Bot,
) -> None:
    await three_nobodys(bot)
    await run_at(bot, DIGEST)
    sent = await bot.say("anna", "/meinedaten", chat="dm")
    text = next(
        f.data.decode() for s in sent for f in s.reply.attachments if f.name.endswith(".txt")
    )
    assert "Rolle: Koordination (noch kein Mitglied verantwortlich)" in text
    assert (
        "Ergebnis: nicht verschickt: Die Wochenübersicht dieses Tages führte die Maßnahme auf"
        in text
    )
    assert "unassigned" not in text and "als überfällig" not in text


async def milestone_rows(bot: Bot, due: object = NOTE_TIME) -> list[str | None]:
    return [
        r.outcome
        for r in await rows(bot)
        if r.subject == "milestone" and r.due_at == due and '"unassigned"' in r.payload
    ]


async def test_the_monday_digest_takes_the_place_of_the_note_about_a_nobodys_milestone(
    backend_bot: Bot,
) -> None:
    """A milestone of a measure nobody is responsible for, three days after a Monday: the
    digest lists it with "noch kein Mitglied verantwortlich" and asks who takes it on, and the
    coordinator's note about it at nine that morning is settled unsent; on its day the note
    comes as before."""
    bot = backend_bot  # on SQLite and PostgreSQL
    await bot.group_with(ben="member")
    await add_measure(bot, "Radweg", due=None, responsible=None)
    assert "11.02.2027" in await bot.ask("anna", "/milestone 1 11.02.2027 Ausschreibung")
    await bot.app.reminders.plan()
    await run_at(bot, berlin(2027, 2, 1, 9, 0))
    digest = digests(to(await run_at(bot, DIGEST), "dm:anna"))
    assert len(digest) == 1
    assert (
        "Meilensteine in den nächsten 14 Tagen:\n"
        "• 1. Radweg: Ausschreibung — 11.02.2027 — noch kein Mitglied verantwortlich\n"
    ) in digest[0]
    assert digest[0].endswith(ASK)
    assert await milestone_rows(bot) == ["in_digest"]
    assert notes(to(await run_at(bot, NOTE_TIME), "dm:anna")) == []
    on_the_day = notes(to(await run_at(bot, berlin(2027, 2, 11, 9, 0)), "dm:anna"))
    assert len(on_the_day) == 1 and "Ausschreibung" in on_the_day[0]
