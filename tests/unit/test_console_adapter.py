"""The console shows what a chat would: a reminder for one person in the group chat names them."""

from __future__ import annotations

import io

from adapters.console import ConsoleAdapter
from bot.events import Action, ChatRef, Choice, Reply, UserRef


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
