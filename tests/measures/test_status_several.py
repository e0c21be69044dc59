"""/status with several measures (``/stand 1 2 5 beschlossen``, ``/stand 1,2,5 beschlossen``):
each checked as if typed alone; a refusal for one leaves the others done; one line each. On
SQLite and PostgreSQL (each measure is its own savepoint)."""

from __future__ import annotations

from sqlalchemy import select

from storage.models import Measure, MeasureEvent
from tests.harness import Bot


async def statuses(bot: Bot) -> dict[int, str]:
    async with bot.app.sessions() as s:
        return {m.number: m.status for m in await s.scalars(select(Measure))}


async def group_with_five(bot: Bot) -> None:
    await bot.group_with(max="member", lea="youth")
    for title in ("Skatepark", "Jugendraum", "Radweg", "Sitzbänke", "Kino"):
        await bot.ask("anna", f"/propose {title}")


async def test_several_measures_adopted_at_once(backend_bot: Bot) -> None:
    bot = backend_bot
    await group_with_five(bot)
    answer = await bot.ask("anna", "/stand 1 2 5 beschlossen Ratsbeschluss vom 3.3.")
    assert answer == (
        "Maßnahme 1 „Skatepark“: vorgeschlagen → beschlossen.\n"
        "Maßnahme 2 „Jugendraum“: vorgeschlagen → beschlossen.\n"
        "Maßnahme 5 „Kino“: vorgeschlagen → beschlossen.\n"
        "Notiz: Ratsbeschluss vom 3.3."
    )
    assert await statuses(bot) == {
        1: "adopted",
        2: "adopted",
        3: "proposed",
        4: "proposed",
        5: "adopted",
    }
    async with bot.app.sessions() as s:
        notes = list(
            await s.scalars(select(MeasureEvent.note).where(MeasureEvent.field == "status"))
        )
    assert notes == ["Ratsbeschluss vom 3.3."] * 3
    # Commas work too, with or without spaces.
    assert await bot.ask("anna", "/stand 3,4 priorisiert") == (
        "Maßnahme 3 „Radweg“: vorgeschlagen → priorisiert.\n"
        "Maßnahme 4 „Sitzbänke“: vorgeschlagen → priorisiert."
    )
    assert "Maßnahme 4 „Sitzbänke“: priorisiert → beschlossen." in await bot.ask(
        "anna", "/stand 3, 4 beschlossen"
    )
    assert await statuses(bot) == dict.fromkeys(range(1, 6), "adopted")


async def test_a_refused_measure_is_named_and_the_others_are_done(backend_bot: Bot) -> None:
    bot = backend_bot
    await group_with_five(bot)
    await bot.ask("anna", "/stand 2 beschlossen")
    await bot.ask("anna", "/stand 4 verworfen")
    answer = await bot.ask("anna", "/stand 1 2 3 4 9 umgesetzt")
    assert answer.splitlines() == [
        "Maßnahme 1 kann nicht direkt von vorgeschlagen zu umgesetzt wechseln; vorher kommt "
        "beschlossen: /stand 1 beschlossen · /stand 1 umgesetzt · Eine Koordination kann "
        "„erzwingen“ anhängen.",
        "Maßnahme 2 „Jugendraum“: beschlossen → umgesetzt.",
        "Maßnahme 3 kann nicht direkt von vorgeschlagen zu umgesetzt wechseln; vorher kommt "
        "beschlossen: /stand 3 beschlossen · /stand 3 umgesetzt · Eine Koordination kann "
        "„erzwingen“ anhängen.",
        "Maßnahme 4 kann nicht direkt von verworfen zu umgesetzt wechseln; vorher kommt "
        "vorgeschlagen, beschlossen: /stand 4 vorgeschlagen · /stand 4 beschlossen · /stand 4 "
        "umgesetzt · Eine Koordination kann „erzwingen“ anhängen.",
        "Eine Maßnahme 9 gibt es in dieser Gruppe nicht. /massnahmen zeigt alle.",
    ]
    assert await statuses(bot) == {
        1: "proposed",
        2: "done",
        3: "proposed",
        4: "dropped",
        5: "proposed",
    }
    # Nothing to do for any: each says why, nothing is stored.
    answer = await bot.ask("anna", "/stand 2 2 4 verworfen")
    assert answer.splitlines() == [
        "Maßnahme 2 kann nicht direkt von umgesetzt zu verworfen wechseln. Möglich als "
        "Nächstes: —. Eine Koordination kann „erzwingen“ anhängen.",
        "Maßnahme 4 ist schon verworfen; es wurde nichts geändert.",
    ]


async def test_numbers_without_a_status_or_in_words_are_refused(backend_bot: Bot) -> None:
    bot = backend_bot
    await group_with_five(bot)
    assert (await bot.ask("anna", "/stand 1 2")).startswith("Es fehlt noch: Status.")
    assert (await bot.ask("anna", "/stand Skatepark beschlossen")).startswith(
        "„Skatepark“ ist keine Nummer."
    )
    assert await statuses(bot) == dict.fromkeys(range(1, 6), "proposed")


async def test_typed_in_a_direct_chat_the_group_hears_them_in_one_message(bot: Bot) -> None:
    await group_with_five(bot)
    sent = await bot.say("anna", "/stand 1 2 3 beschlossen", chat="dm")
    assert [s.chat.chat_id for s in sent] == ["dm:anna", "group"]
    assert sent[1].reply.text == (
        "Maßnahme 1 „Skatepark“: vorgeschlagen → beschlossen (gemeldet von Anna).\n"
        "Maßnahme 2 „Jugendraum“: vorgeschlagen → beschlossen (gemeldet von Anna).\n"
        "Maßnahme 3 „Radweg“: vorgeschlagen → beschlossen (gemeldet von Anna)."
    )
