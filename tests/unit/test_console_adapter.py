"""The console shows what a chat would: a reminder for one person in the group chat names them."""

from __future__ import annotations

import io
from datetime import UTC, datetime
from pathlib import Path

from adapters.console import ConsoleAdapter
from bot.app import App
from bot.clock import FakeClock
from bot.events import Action, ChatRef, Choice, Message, Reply, UserRef
from bot.scheduling import TravelClock, console_time_travel
from tests.harness import settings_for


async def test_a_mention_leads_the_message_as_on_the_messengers() -> None:
    out = io.StringIO()
    console = ConsoleAdapter(stdin=io.StringIO(""), stdout=out)
    group = ChatRef("console", "group")
    berta = UserRef("console", "berta", "Berta")
    await console.send(group, Reply("Erinnerung: Maßnahme 2 ist fällig.", mention=(berta,)))
    await console.send(group, Reply("Ohne Erwähnung."))
    assert out.getvalue().splitlines() == [
        "[group] steerbot: @Berta: Erinnerung: Maßnahme 2 ist fällig.",
        "[group] steerbot: Ohne Erwähnung.",
    ]


async def test_many_short_choices_sit_eight_to_a_row_and_a_number_still_presses() -> None:
    """A round over 30 measures offers 30 number buttons: rows of eight, as on Telegram, not
    30 lines; "2" and "[30]" press the second and the thirtieth as before."""
    out = io.StringIO()
    console = ConsoleAdapter(stdin=io.StringIO(""), stdout=out)
    pressed: list[Action] = []

    async def sink(event: object) -> None:
        assert isinstance(event, Action)
        pressed.append(event)

    await console.start(sink)
    group = ChatRef("console", "group")
    numbers = tuple(Choice(str(n), f"v:1:{n}") for n in range(1, 31))
    await console.send(group, Reply("Runde 1 ist eröffnet.", choices=numbers))
    few = (Choice("Ja", "y"), Choice("Nein", "n"))
    await console.send(ChatRef("console", "dm:anna", is_direct=True), Reply("Sicher?", choices=few))
    titled = tuple(Choice(f"{n}. Maßnahme {n}", f"m:{n}") for n in range(1, 12))
    await console.send(ChatRef("console", "other"), Reply("Welche?", choices=titled))
    await console.feed("anna: 2")
    await console.feed("anna: [30]")
    hundred = tuple(Choice(str(n), f"v:2:{n}") for n in range(1, 101))
    await console.send(ChatRef("console", "big"), Reply("Runde 2", choices=hundred))
    await console.feed("anna#big: 100")  # as many as Telegram takes: three digits press too

    lines = out.getvalue().splitlines()
    assert lines[:6] == [
        "[group] steerbot: Runde 1 ist eröffnet.",
        "  [1] 1    [2] 2    [3] 3    [4] 4    [5] 5    [6] 6    [7] 7    [8] 8",
        "  [9] 9    [10] 10  [11] 11  [12] 12  [13] 13  [14] 14  [15] 15  [16] 16",
        "  [17] 17  [18] 18  [19] 19  [20] 20  [21] 21  [22] 22  [23] 23  [24] 24",
        "  [25] 25  [26] 26  [27] 27  [28] 28  [29] 29  [30] 30",
        "[dm:anna] steerbot: Sicher?",
    ]
    assert lines[6:8] == ["  [1] Ja", "  [2] Nein"]  # few choices: a line each, as before
    assert lines[9:20] == [f"  [{n}] {n}. Maßnahme {n}" for n in range(1, 12)]  # long labels
    assert [p.ref for p in pressed] == ["v:1:2", "v:1:30", "v:2:100"]
    assert all(p.message_id == "1" and p.chat.chat_id == "group" for p in pressed[:2])


async def test_a_number_no_button_has_goes_as_text_and_the_console_says_which_are_buttons() -> None:
    """With one button offered, "2" was sent to the group as a message, which nobody answers:
    the console said nothing. It is still sent, as a chat would (an age answers the age
    question), and the console says which numbers are buttons when nothing answered it;
    "[2]", the console's way of pressing, is not sent at all."""
    out = io.StringIO()
    console = ConsoleAdapter(stdin=io.StringIO(""), stdout=out)
    seen: list[object] = []

    async def sink(event: object) -> None:
        seen.append(event)
        if isinstance(event, Message) and event.chat.is_direct:  # the bot answers a DM
            await console.send(event.chat, Reply("Danke, Sie sind unter 16."))

    await console.start(sink)
    group = ChatRef("console", "group")
    lea = ChatRef("console", "dm:lea", is_direct=True)
    await console.send(group, Reply("Maßnahme 2 entfernen?", choices=(Choice("Ja", "rm:2"),)))
    await console.send(
        lea, Reply("Unter 16?", choices=(Choice("Ja", "a:y"), Choice("Nein", "a:n")))
    )
    start = len(out.getvalue().splitlines())
    for line in ("anna: 2", "anna: [2]", "lea@dm: 15", "anna: /abstimmen 1 2", "anna#jugend: 3"):
        await console.feed(line)
    await console.feed("anna: 1")

    assert out.getvalue().splitlines()[start:] == [
        "[group] anna: 2",
        "(only button 1 is offered in this chat; “2” was sent as a message)",
        "[group] anna: [2]",
        "(only button 1 is offered in this chat)",
        "[dm:lea] lea: 15",
        "[dm:lea] steerbot: Danke, Sie sind unter 16.",
        "[group] anna: /abstimmen 1 2",
        "[jugend] anna: 3",
        "(no buttons are offered in this chat; “3” was sent as a message)",
        "[group] anna: 1",
    ]
    assert [e.text if isinstance(e, Message) else e.ref for e in seen] == [  # type: ignore[attr-defined]
        "2",
        "15",
        "/abstimmen 1 2",
        "3",
        "rm:2",
    ]


async def test_a_time_travel_it_cannot_read_is_said_in_english_as_the_consoles_other_notes(
    tmp_path: Path,
) -> None:
    """ "(time only moves forward)" came in English, "(Ich konnte „3x“ nicht als Zeitspanne
    lesen …)" in STEERBOT_LANG's German, in the same console."""
    clock = TravelClock(FakeClock(datetime(2027, 1, 11, 9, 0, tzinfo=UTC)))
    app = App(settings_for(tmp_path), clock=clock, run_scheduler=False)
    out = io.StringIO()
    lines = ">> +3x\n>> 2020-01-01\n>> +1d\n"
    console = ConsoleAdapter(
        stdin=io.StringIO(lines), stdout=out, time_travel=console_time_travel(app, clock)
    )
    app.add_adapter(console)
    async with app:
        await console.run()
    assert out.getvalue().splitlines() == [
        "(I could not read “3x” as a length of time. Examples: 3d, 2w, 1h, 30m, 14 days, 2 weeks.)",
        "(time only moves forward)",
        "time is now 12.01.2027 10:00 (Europe/Berlin) — 0 nudges sent",
    ]
