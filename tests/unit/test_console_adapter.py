"""The console shows what a chat would: a reminder for one person in the group chat names them."""

from __future__ import annotations

import io

from adapters.console import ConsoleAdapter
from bot.events import ChatRef, Reply, UserRef


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
