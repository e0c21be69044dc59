"""The same proposal sent twice (a double tap, a client that resends) makes one measure or one
youth idea; the second answer says which, and the number is not used up."""

from __future__ import annotations

from datetime import timedelta

from tests.harness import Bot


async def test_a_proposal_sent_twice_makes_one_measure(backend_bot: Bot) -> None:
    bot = backend_bot
    await bot.group_with(ben="member")
    assert "Maßnahme 1 „Spielplatz am Park“" in await bot.ask(
        "ben", "/vorschlag Spielplatz am Park"
    )
    assert await bot.ask("ben", "/vorschlag Spielplatz am Park") == (
        "Sie haben „Spielplatz am Park“ eben schon vorgeschlagen: Es ist Maßnahme 1 (/zeige 1)."
    )
    assert "eben schon vorgeschlagen: Es ist Maßnahme 1" in await bot.ask(
        "ben", "/vorschlag spielplatz am park"
    )
    # Someone else with the same title, or another title, is a proposal of its own.
    assert "Maßnahme 2 " in await bot.ask("anna", "/vorschlag Spielplatz am Park")
    assert "Maßnahme 3 " in await bot.ask("ben", "/vorschlag Radweg")
    # Ten minutes later the same title again is taken as meant.
    bot.clock.advance(timedelta(minutes=11))
    assert "Maßnahme 4 " in await bot.ask("ben", "/vorschlag Spielplatz am Park")
    assert (await bot.ask("ben", "/massnahmen")).count("Spielplatz am Park") == 3


async def test_a_proposal_sent_twice_in_other_case_is_one_measure_also_beyond_ascii(
    backend_bot: Bot,
) -> None:
    """Case aside on every database, umlauts and "ß" too: "STRASSE" is "Straße" (Unicode
    casefold), "ÖFFENTLICHE BÄNKE" is "Öffentliche Bänke"."""
    bot = backend_bot
    await bot.group_with(ben="member")
    await bot.ask("ben", "/vorschlag Spielstraße am Park")
    await bot.ask("ben", "/vorschlag Öffentliche Bänke")
    for again, number in (
        ("SPIELSTRASSE AM PARK", 1),
        ("spielstrasse am park", 1),
        ("ÖFFENTLICHE BÄNKE", 2),
        ("öffentliche bänke", 2),
    ):
        assert await bot.ask("ben", f"/vorschlag {again}") == (
            f"Sie haben „{again}“ eben schon vorgeschlagen: Es ist Maßnahme {number} "
            f"(/zeige {number})."
        ), again
    # Other words are another measure: "Offentliche Banke" is not "Öffentliche Bänke".
    assert "Maßnahme 3 " in await bot.ask("ben", "/vorschlag Offentliche Banke")


async def test_a_proposal_sent_again_with_a_description_gets_it(bot: Bot) -> None:
    await bot.group_with(ben="member")
    await bot.ask("ben", "/vorschlag Skatepark")
    assert await bot.ask("ben", "/vorschlag Skatepark | am Bahnhof, mit Rampen") == (
        "Ich habe die Beschreibung zu Maßnahme 1 „Skatepark“ hinzugefügt (/zeige 1)."
    )
    assert "am Bahnhof, mit Rampen" in await bot.ask("ben", "/zeige 1")
    assert "Beschreibung" in await bot.ask("ben", "/verlauf 1")
    # The same again adds nothing, and says which measure it is.
    assert "eben schon vorgeschlagen: Es ist Maßnahme 1" in await bot.ask(
        "ben", "/vorschlag Skatepark | am Bahnhof, mit Rampen"
    )
    assert "Maßnahme 2" not in await bot.ask("ben", "/massnahmen")


async def test_an_idea_sent_twice_is_one_idea_in_the_queue(bot: Bot) -> None:
    await bot.group_with(lea="youth")
    assert "Idee 1 in der Warteschlange" in await bot.ask("lea", "/vorschlag Bolzplatz")
    assert await bot.ask("lea", "/vorschlag Bolzplatz") == (
        "Du hast die Idee „Bolzplatz“ eben schon geschickt: Es ist Idee 1 in der Warteschlange. "
        "Ich sage dir, was daraus wird."
    )
    assert "Idee 2 in der Warteschlange" in await bot.ask("lea", "/vorschlag Skatepark")
    queue = await bot.ask("anna", "/warteschlange")
    assert queue.count("Bolzplatz") == 1 and "Skatepark" in queue


async def test_an_idea_sent_again_with_a_description_gets_it(bot: Bot) -> None:
    """The title first, then the same idea with what it is about: one idea, with the
    description, and she hears that it was added."""
    await bot.group_with(lea="youth")
    await bot.ask("lea", "/idee Skatepark", chat="dm")
    assert await bot.ask("lea", "/idee Skatepark | am Bahnhof, mit Rampen", chat="dm") == (
        "Ich habe deine Beschreibung zu deiner Idee „Skatepark“ hinzugefügt (Idee 1 in der "
        "Warteschlange). Ich sage dir, was daraus wird."
    )
    # the same again is a message sent twice; something new is added below
    assert "eben schon geschickt" in await bot.ask(
        "lea", "/idee Skatepark | am Bahnhof, mit Rampen", chat="dm"
    )
    assert "hinzugefügt" in await bot.ask("lea", "/idee skatepark | mit Flutlicht", chat="dm")
    queue = await bot.ask("anna", "/warteschlange")
    assert queue.count("Skatepark") == 1, queue
    assert "   am Bahnhof, mit Rampen\nmit Flutlicht" in queue
    # once decided, nothing is added; she is told where to look
    await bot.ask("anna", "/annehmen 1")
    assert await bot.ask("lea", "/idee Skatepark | mit Graffitiwand", chat="dm") == (
        "Über deine Idee „Skatepark“ hat die Steuerungsgruppe schon entschieden, deshalb kann ich "
        "nichts mehr ergänzen. /meineideen zeigt, was daraus wurde."
    )
    assert "Graffitiwand" not in await bot.ask("anna", "/zeige 1")


async def test_an_idea_still_waiting_sent_again_later_is_not_queued_twice(
    backend_bot: Bot,
) -> None:
    """Nothing seemed to happen, so she sends it again the next day: it is the idea that waits,
    not a second one the coordinators would have to turn down."""
    bot = backend_bot
    await bot.group_with(lea="youth")
    await bot.ask("lea", "/idee Skatepark am Bahnhof")
    bot.clock.advance(timedelta(days=1))
    assert await bot.ask("lea", "/idee skatepark am Bahnhof", chat="dm") == (
        "Du hast die Idee „Skatepark am Bahnhof“ schon am 11.01.2027 geschickt: Es ist Idee 1 "
        "in der Warteschlange und wartet auf die Entscheidung der Steuerungsgruppe. Ich sage "
        "dir, was daraus wird."
    )
    assert (await bot.ask("anna", "/warteschlange")).count("Skatepark am Bahnhof") == 1
    # Once turned down, the same idea sent again is a new one for the group to look at.
    await bot.ask("anna", "/ablehnen 1 Kein Platz")
    bot.clock.advance(timedelta(days=1))
    assert "Idee 2 in der Warteschlange" in await bot.ask("lea", "/idee Skatepark am Bahnhof")


async def test_an_idea_still_waiting_is_the_same_with_other_punctuation_or_emoji(
    backend_bot: Bot,
) -> None:
    """ "Basketballkorb!!" the day after "Basketballkorb" is the idea that waits: case,
    punctuation, emoji, spaces and the spelling of umlauts aside, on every database."""
    bot = backend_bot
    await bot.group_with(lea="youth")
    await bot.ask("lea", "/idee Basketballkorb")
    await bot.ask("lea", "/idee Bänke am Skaterplatz")
    bot.clock.advance(timedelta(days=1))
    for again in ("Basketballkorb!!", "  basketball-korb 🏀🏀", "BASKETBALLKORB?!"):
        assert await bot.ask("lea", f"/idee {again}", chat="dm") == (
            "Du hast die Idee „Basketballkorb“ schon am 11.01.2027 geschickt: Es ist Idee 1 "
            "in der Warteschlange und wartet auf die Entscheidung der Steuerungsgruppe. Ich "
            "sage dir, was daraus wird."
        ), again
    for again in ("Baenke am Skaterplatz.", "BÄNKE AM SKATERPLATZ 🙏", "Banke, am Skaterplatz"):
        assert "schon am 11.01.2027 geschickt: Es ist Idee 2" in await bot.ask(
            "lea", f"/idee {again}", chat="dm"
        ), again
    # Other words are another idea.
    assert "Idee 3 in der Warteschlange" in await bot.ask("lea", "/idee Basketballkörbe")
    queue = await bot.ask("anna", "/warteschlange")
    assert queue.count("Basketballkorb") == 1 and queue.count("Skaterplatz") == 1, queue
