"""Someone who joins months into the programme is told where to start: what is going on now
(/uebersicht) and what they can do (/hilfe)."""

from __future__ import annotations

from tests.harness import Bot


async def test_the_welcome_says_where_to_start(bot: Bot) -> None:
    await bot.group_with()
    code = await bot.invite("anna", "member")
    sent = await bot.say("clara", f"/beitreten {code}", chat="dm")
    assert sent[0].reply.text == (
        "Willkommen, Clara! Sie sind jetzt in der Steuerungsgruppe Musterstadt (Mitglied).\n"
        "Was gerade ansteht: /uebersicht · was Sie tun können: /hilfe"
    )
    code = await bot.invite("anna", "youth")
    welcome = (await bot.say("tim", f"/beitreten {code}", chat="dm"))[0].reply.text
    assert welcome.endswith("\nWas gerade ansteht: /uebersicht · was du tun kannst: /hilfe")
