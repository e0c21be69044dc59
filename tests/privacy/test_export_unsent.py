"""/meinedaten says of a message that was never sent that it was no longer needed: held for the
end of the night, it was moot by the morning (the person had left the group). Before, it read
"eine neuere sagte dasselbe", which no newer one had."""

from __future__ import annotations

from datetime import date

from tests.harness import Bot
from tests.unit.scheduling.helpers import add_measure, berlin, run_at, to


async def test_a_notice_moot_by_the_morning_is_exported_as_no_longer_needed(bot: Bot) -> None:
    await bot.group_with(ben="member")
    await add_measure(bot, "Spielplatz", due=date(2027, 2, 18), responsible=None)
    bot.clock.set(berlin(2027, 1, 11, 23, 0))
    await bot.ask("anna", "/zuweisen 1 Ben")  # Ben hears it at 07:00
    assert "verlassen" in await bot.ask("ben", "/austreten ja")
    assert to(await run_at(bot, berlin(2027, 1, 12, 7, 0)), "dm:ben") == []
    sent = await bot.say("ben", "/meinedaten", chat="dm")
    (text,) = [
        f.data.decode() for s in sent for f in s.reply.attachments if f.name == "meine-daten.txt"
    ]
    assert "Ergebnis: nicht verschickt (nicht mehr nötig)" in text
    assert "neuere" not in text
