"""A youth idea has its number in the queue, a measure its own: whoever looks for measure n
while only youth idea n exists hears what became of that idea, by their role, never by who
proposed it."""

from __future__ import annotations

from tests.harness import Bot

NO_MEASURE_1 = "Eine Maßnahme 1 gibt es in dieser Gruppe nicht. /massnahmen zeigt alle."


async def test_looking_for_an_idea_by_its_queue_number(backend_bot: Bot) -> None:
    bot = backend_bot
    await bot.group_with(ben="member", lea="youth", mia="youth", olaf="observer")
    await bot.ask("lea", "/propose Mehr Bänke am Skatepark", chat="dm")
    await bot.ask("lea", "/propose WLAN im Jugendzentrum", chat="dm")

    # Waiting: the youth representatives hear the rule (the title only where it is known)…
    for name in ("lea", "mia"):
        assert await bot.ask(name, "/zeige 1") == (
            f"{NO_MEASURE_1}\nIdee 1 ist noch keine Maßnahme: Eine Idee wartet zuerst auf die "
            "Entscheidung der Steuerungsgruppe und bekommt dann eine eigene Nummer als "
            "Maßnahme. /meineideen zeigt deine Ideen und was daraus wurde."
        )
    # …who reads the queue hears which idea it is; a coordinator, how to take it up.
    assert await bot.ask("ben", "/zeige 1") == (
        f"{NO_MEASURE_1}\nJugendidee 1 „Mehr Bänke am Skatepark“ wartet noch auf die "
        "Entscheidung der Koordination: /warteschlange zeigt die wartenden Ideen."
    )
    assert await bot.ask("anna", "/frist 1 15.3.2027") == (
        f"{NO_MEASURE_1}\nJugendidee 1 „Mehr Bänke am Skatepark“ wartet noch auf eine "
        "Entscheidung: /annehmen 1 nimmt sie als Maßnahme auf, /warteschlange zeigt die "
        "wartenden Ideen."
    )
    # An observer does not see the queue: the plain refusal.
    assert await bot.ask("olaf", "/zeige 1") == NO_MEASURE_1

    await bot.ask("anna", "/annehmen 2")
    await bot.ask("anna", "/ablehnen 1 Gibt es schon")
    # Taken up: idea 2 is measure 1 now; the way there, for everybody who may hear of ideas.
    assert await bot.ask("lea", "/zeige 2", chat="dm") == (
        "Eine Maßnahme 2 gibt es in dieser Gruppe nicht. /massnahmen zeigt alle.\n"
        "Jugendidee 2 ist jetzt Maßnahme 1 „WLAN im Jugendzentrum“: /zeige 1."
    )
    assert (await bot.ask("anna", "/runde punkte 1 2")).endswith(
        "Jugendidee 2 ist jetzt Maßnahme 1 „WLAN im Jugendzentrum“: /zeige 1."
    )
    # No idea of that number: the plain refusal.
    assert await bot.ask("anna", "/stand 3 priorisiert") == (
        "Eine Maßnahme 3 gibt es in dieser Gruppe nicht. /massnahmen zeigt alle."
    )


async def test_a_turned_down_idea_is_named_without_its_reason(bot: Bot) -> None:
    await bot.group_with(ben="member", lea="youth")
    await bot.ask("lea", "/propose Skatepark", chat="dm")
    await bot.ask("lea", "/propose Jugendcafé", chat="dm")
    await bot.ask("anna", "/reject 2 zu teuer")
    await bot.ask("anna", "/accept 1")
    # Said without the reason, which is the proposer's to hear.
    assert await bot.ask("ben", "/zeige 2") == (
        "Eine Maßnahme 2 gibt es in dieser Gruppe nicht. /massnahmen zeigt alle.\n"
        "Jugendidee 2 wurde nicht als Maßnahme aufgenommen."
    )
    assert await bot.ask("lea", "/show 2") == (
        "Eine Maßnahme 2 gibt es in dieser Gruppe nicht. /massnahmen zeigt alle.\n"
        "Jugendidee 2 wurde nicht als Maßnahme aufgenommen."
    )
