"""Console time travel shows every kind of nudge: ``>> …`` lines move the simulated clock and
the console prints a due-date nudge, a round reminder and the automatic close with results."""

from __future__ import annotations

import io
import itertools
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from adapters.console import ConsoleAdapter
from bot.app import App
from bot.clock import FakeClock
from bot.scheduling import TravelClock, console_time_travel
from tests.harness import settings_for

SCRIPT = [
    "anna: /setup Musterstadt",
    "anna: /invite member",
    "ben@dm: /join CODE0001",
    "anna: /propose Spielplatz",
    "anna: /propose Bänke am Teich",
    "anna: /assign 1 ben",
    "anna: /due 1 15.1.2027",
    "anna: /round approval 1 2 closes=14.1.2027 17:00",
    "anna: /vote 1 1 2",
    ">> 2027-01-12 09:00",
    ">> 2027-01-13 17:00",
    ">> +1d",
    ">> +1h",
]


async def run(tmp_path: Path, script: list[str] = SCRIPT) -> str:
    settings = settings_for(tmp_path)
    clock = TravelClock(FakeClock(datetime(2027, 1, 11, 9, 0, tzinfo=UTC)))  # Monday 10:00 Berlin
    counter = itertools.count(1)
    app = App(
        settings, clock=clock, new_code=lambda: f"CODE{next(counter):04d}", run_scheduler=False
    )
    out = io.StringIO()
    console = ConsoleAdapter(
        stdin=io.StringIO("\n".join(script) + "\n"), stdout=out,
        time_travel=console_time_travel(app, clock),
    )  # fmt: skip
    app.add_adapter(console)
    async with app:
        await console.run()
    return out.getvalue()


async def test_time_travel_shows_due_nudge_round_reminder_and_automatic_close(
    tmp_path: Path,
) -> None:
    output = await run(tmp_path)
    # Tuesday 09:00: the responsible person hears of the due date, three days ahead.
    step = output.split("time is now 12.01.2027 09:00", 1)[0].rsplit(
        "\n[group] anna: /vote 1 1 2", 1
    )[1]
    assert (
        "[dm:ben] steerbot: Erinnerung: Maßnahme 1 „Spielplatz“ ist am 15.01.2027 fällig, in 3 Tagen."
        in step
    )
    assert "time is now 12.01.2027 09:00 (Europe/Berlin) — 1 nudge sent" in output
    # Wednesday 17:00, 24 hours before the close: Ben has not voted, Anna has.
    step = output.split("time is now 12.01.2027 09:00", 1)[1].split(
        "time is now 13.01.2027 17:00", 1
    )[0]
    assert (
        "[dm:ben] steerbot: Die Abstimmungsrunde 1 endet am 14.01.2027 17:00, und Sie haben noch "
        "nicht abgestimmt.\n  Abstimmen mit /abstimmen 1 und den Maßnahmen, die Sie unterstützen, "
        "z. B. /abstimmen 1 1 2." in step
    )  # the announcement's example, not "…"
    assert "/abstimmen 1 …" not in output
    assert "[dm:anna]" not in step
    assert "time is now 13.01.2027 17:00 (Europe/Berlin) — 1 nudge sent" in output
    # Thursday 17:00: the round closes by itself and the result goes to the group, once.
    step = output.split("time is now 13.01.2027 17:00", 1)[1].split(
        "time is now 14.01.2027 17:00", 1
    )[0]
    assert step.count("[group] steerbot: ") == 1
    assert "[group] steerbot: Ergebnis der Runde 1 (Zustimmungswahl)" in step
    assert "Platz 1 (gleichauf): Nr. 1 Spielplatz — 1 Zustimmung" in step
    assert "Beteiligung: 1 von 2 Stimmberechtigten (50 %)." in step
    step = output.split("time is now 14.01.2027 17:00", 1)[1].split(
        "time is now 14.01.2027 18:00", 1
    )[0]
    assert "steerbot:" not in step


async def test_a_long_jump_stops_wherever_a_nudge_comes_due(tmp_path: Path) -> None:
    """Five days at once: each nudge on its day, as the running bot would send it, not one late
    summary "while I was offline" at the end."""
    output = await run(
        tmp_path,
        [
            "anna: /setup Musterstadt",
            "anna: /invite member",
            "ben@dm: /join CODE0001",
            "anna: /propose Spielplatz",
            "anna: /assign 1 ben",
            "anna: /due 1 15.1.2027",
            ">> +5d",
        ],
    )
    after = output.split("[group] anna: /due 1 15.1.2027\n", 1)[1]
    assert (
        "[dm:ben] steerbot: Erinnerung: Maßnahme 1 „Spielplatz“ ist am 15.01.2027 fällig, in 3 "
        "Tagen." in after
    )
    assert (
        "[dm:ben] steerbot: Erinnerung: Maßnahme 1 „Spielplatz“ ist heute fällig (15.01.2027)."
        in after
    )
    assert "offline" not in after and "verspätet" not in after
    assert (
        "time is now 16.01.2027 10:00 (Europe/Berlin) — 2 nudges sent (12.01.2027 09:00: 1, "
        "15.01.2027 09:00: 1)" in after
    )


async def test_a_jump_right_after_setting_up_brings_the_weekly_digest(tmp_path: Path) -> None:
    """A jump typed before the scheduler's first beat: the coordinator's Monday digest comes
    (before, nothing was planned yet and the jump went by without it)."""
    output = await run(
        tmp_path, ["anna: /setup Musterstadt", "anna: /propose Spielplatz", ">> +8d"]
    )
    after = output.split("[group] anna: /propose Spielplatz\n", 1)[1]
    assert "[dm:anna] steerbot: Übersicht für Musterstadt, 18.01.2027" in after
    assert "• 1. Spielplatz" in after
    assert "1 nudge sent (18.01.2027 08:00: 1)" in after
    # The next Monday's digest would be empty: left out, and the line says why.
    output = await run(
        tmp_path / "later", ["anna: /setup Musterstadt", "anna: /propose Spielplatz", ">> +15d"]
    )
    assert "1 nudge sent (18.01.2027 08:00: 1), 1 left out (nothing new to say: empty" in output


async def test_a_jump_beyond_the_plan_brings_each_nudge_on_its_day(tmp_path: Path) -> None:
    """The plan reaches five weeks ahead. With the coordinator paused, nothing is due for two
    months; the jump still stops on the day of Ben's nudges, as the running bot (which beats
    at least daily) would send them, not late at the end of the jump."""
    output = await run(
        tmp_path,
        ["anna: /setup Musterstadt", "anna: /invite member", "ben@dm: /join CODE0001",
         "anna: /reminders pause=1.6.2027", "anna: /propose Spielplatz", "anna: /assign 1 ben",
         "anna: /due 1 15.3.2027", ">> +70d"],
    )  # fmt: skip
    after = output.split("[group] anna: /due 1 15.3.2027\n", 1)[1]
    assert "Maßnahme 1 „Spielplatz“ ist am 15.03.2027 fällig, in 14 Tagen." in after
    assert "offline" not in after and "verspätet" not in after
    assert "01.03.2027 09:00: 1" in after


async def test_a_long_jump_closes_a_round_at_its_closing_time(tmp_path: Path) -> None:
    output = await run(
        tmp_path,
        [
            "anna: /setup Musterstadt",
            "anna: /propose Spielplatz",
            "anna: /propose Bänke am Teich",
            "anna: /round approval 1 2 closes=12.1.2027 17:00",
            "anna: /vote 1 1",
            ">> +3d",
        ],
    )
    assert "[group] steerbot: Ergebnis der Runde 1 (Zustimmungswahl)" in output
    with sqlite3.connect(tmp_path / "steerbot.db") as db:
        (closed_at,) = db.execute("SELECT closed_at FROM rounds").fetchone()
    # Closed when it was due (16:00 UTC), not when the jump ended three days later.
    assert str(closed_at).startswith("2027-01-12 16:00:00")


async def test_a_nudge_answered_by_a_press_shows_how_and_takes_no_second_press(
    tmp_path: Path,
) -> None:
    output = await run(
        tmp_path,
        [
            "anna: /setup Musterstadt",
            "anna: /invite member",
            "ben@dm: /join CODE0001",
            "anna: /propose Spielplatz",
            "anna: /status 1 beschlossen",
            "anna: /assign 1 ben",
            "anna: /due 1 15.1.2027",
            ">> 2027-01-12 09:00",
            "ben@dm: 1",
            "ben@dm: 1",
        ],
    )
    nudge = output.split("time is now 12.01.2027 09:00", 1)[0].rsplit("[dm:ben] steerbot: ", 1)[1]
    assert "[1] In Umsetzung" in nudge
    _, pressed = output.split("[dm:ben] ben: 1\n", 1)
    pressed, again = pressed.split("[dm:ben] ben: 1\n", 1)
    assert "[dm:ben] steerbot: Maßnahme 1 „Spielplatz“: beschlossen → in Umsetzung." in pressed
    assert "[dm:ben] steerbot (updated): Erinnerung: Maßnahme 1 „Spielplatz“" in pressed
    assert "\n  ✓ Status: in Umsetzung\n" in pressed
    # The buttons are gone: a second "1" is a message again, not a second press.
    assert again.startswith("[dm:ben] steerbot: Ich verstehe Befehle.")


async def test_a_jump_into_the_morning_counts_held_notices_apart_from_nudges(
    tmp_path: Path,
) -> None:
    """Told at 23:00 that they are responsible, Ben hears it at 07:00: the line counts it as
    a held notice, not as a nudge."""
    output = await run(
        tmp_path,
        [
            "anna: /setup Musterstadt",
            "anna: /invite member",
            "ben@dm: /join CODE0001",
            "anna: /propose Spielplatz",
            ">> 2027-01-11 23:00",
            "anna: /assign 1 ben",
            ">> 2027-01-12 07:30",
        ],
    )
    after = output.split("[group] anna: /assign 1 ben\n", 1)[1]
    assert "[dm:ben] steerbot: In Musterstadt sind Sie jetzt verantwortlich" in after
    assert (
        "time is now 12.01.2027 07:30 (Europe/Berlin) — 0 nudges, 1 held notice sent "
        "(12.01.2027 07:00: 1)" in after
    )
