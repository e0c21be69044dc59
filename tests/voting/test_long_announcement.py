"""A round announcement too long for one message goes out in parts; its edits (the count,
the close) change only the last part and keep each measure in the part it was sent in, cut
at the limit of the platform it went to."""

from __future__ import annotations

import dataclasses

import pytest

from adapters.memory import Sent
from tests.harness import Bot
from tests.voting.helpers import group_with_measures

LONG = "mit einem ausführlichen Titel, der erklärt, was genau geschehen soll und wo " * 2


def _shown(bot: Bot, parts: list[Sent]) -> list[str]:
    """The lines the parts show now: each as sent, or as last edited."""
    edited = {ref.message_id: reply.text for ref, reply in bot.adapter.edits}
    return [
        line for part in parts for line in edited.get(part.message_id, part.reply.text).split("\n")
    ]


@pytest.mark.parametrize(
    "limit", [4096, 3221]
)  # 3221: where cutting the closed text anew moved a measure
async def test_each_measure_stays_once_in_its_part_through_count_and_close(
    backend_bot: Bot, limit: int
) -> None:
    bot = backend_bot
    await group_with_measures(bot)  # 4 measures
    bot.adapter.capabilities = dataclasses.replace(bot.adapter.capabilities, max_text_length=limit)
    for n in range(5, 41):
        await bot.ask("anna", f"/propose Maßnahme {n} {LONG}".strip())
    numbers = " ".join(str(n) for n in range(1, 41))
    sent_now = await bot.say("anna", f"/round approval {numbers}")
    parts = [s for s in sent_now if s.chat == bot.chat()]
    assert len(parts) > 1 and all(len(p.reply.text) <= limit for p in parts)

    def measure_lines() -> list[str]:
        return [line for line in _shown(bot, parts) if line.split(". ")[0].isdigit()]

    sent = measure_lines()
    assert len(sent) == 40
    await bot.ask("max", "/vote 1 2 3")
    assert measure_lines() == sent
    assert _shown(bot, parts)[-1] == "1 von 4 hat abgestimmt."
    await bot.ask("anna", "/close 1")
    assert measure_lines() == sent  # each once, in order, in the part it was sent in
    shown = _shown(bot, parts)
    assert shown[-1] == "1 von 4 hat abgestimmt."
    last = bot.adapter.edits[-1][1].text
    assert last.startswith("Runde 1 ist beendet") and len(last) <= limit
