"""A proposal or youth idea whose title a measure (or a waiting idea) already has, in other
case, punctuation or spacing: stored all the same, since two people may mean different
things, and the answer names the other one, who proposed it, its status and, while it is
open, how to drop the new one."""

from __future__ import annotations

from tests.harness import Bot


def texts(sent: list, chat: str) -> list[str]:  # type: ignore[type-arg]
    return [s.reply.text for s in sent if s.chat.chat_id == chat]


async def _measures(bot: Bot) -> None:
    await bot.group_with(ben="member", lea="youth")
    for title in ("Radweg", "Bänke am See", "Jugendraum", "Spielplatz sanieren"):
        await bot.ask("anna", f"/vorschlag {title}")


async def test_a_title_proposed_again_by_someone_else_names_the_first(backend_bot: Bot) -> None:
    bot = backend_bot
    await _measures(bot)
    assert await bot.ask("ben", "/vorschlag spielplatz  Sanieren!") == (
        "Maßnahme 5 „spielplatz Sanieren!“ ist vorgeschlagen.\n"
        "Maßnahme 4 „Spielplatz sanieren“ gibt es schon (von Anna, vorgeschlagen). "
        "Falls dieselbe gemeint ist: /stand 5 verworfen"
    )
    # stored all the same; the line given works for the one who proposed it
    assert (await bot.ask("ben", "/zeige 5")).startswith("5. spielplatz Sanieren!\n")
    assert "vorgeschlagen → verworfen" in await bot.ask("ben", "/stand 5 verworfen")
    # a done or dropped one is named with its status, and nothing is to be dropped
    await bot.ask("anna", "/stand 2 verworfen")
    assert await bot.ask("ben", "/vorschlag Baenke am See") == (
        "Maßnahme 6 „Baenke am See“ ist vorgeschlagen.\n"
        "Maßnahme 2 „Bänke am See“ gibt es schon (von Anna, verworfen)."
    )
    # with several, the open one is named
    assert await bot.ask("anna", "/vorschlag Bänke am See.") == (
        "Maßnahme 7 „Bänke am See.“ ist vorgeschlagen.\n"
        "Maßnahme 6 „Baenke am See“ gibt es schon (von Ben, vorgeschlagen). "
        "Falls dieselbe gemeint ist: /stand 7 verworfen"
    )
    # another title: no note
    assert await bot.ask("ben", "/vorschlag Spielplatz am See") == (
        "Maßnahme 8 „Spielplatz am See“ ist vorgeschlagen."
    )


async def test_in_english(bot: Bot) -> None:
    await _measures(bot)
    await bot.ask("anna", "/lang en")
    assert await bot.ask("ben", "/propose Jugendraum") == (
        "Measure 5 “Jugendraum” is proposed.\n"
        "Measure 3 “Jugendraum” exists already (by Anna, proposed). "
        "If the same is meant: /status 5 dropped"
    )


async def test_a_youth_idea_whose_title_a_measure_or_waiting_idea_has(backend_bot: Bot) -> None:
    bot = backend_bot
    await _measures(bot)
    await bot.ask("tim", f"/join {await bot.invite('anna', 'youth')}")
    sent = await bot.say("lea", "/idee Radweg!", chat="dm")
    assert texts(sent, "dm:lea")[0] == (
        "Danke! Deine Idee „Radweg!“ ist jetzt bei der Steuerungsgruppe (Idee 1 in der "
        "Warteschlange). Ich sage dir Bescheid, was daraus wird.\n"
        "Übrigens: Maßnahme 1 „Radweg“ gibt es schon (vorgeschlagen)."
    )
    assert texts(sent, "group")[0].endswith("\nMaßnahme 1 hat denselben Titel (vorgeschlagen).")
    sent = await bot.say("tim", "/idee radweg", chat="dm")
    assert texts(sent, "dm:tim")[0].endswith(
        "\nÜbrigens: Maßnahme 1 „Radweg“ gibt es schon (vorgeschlagen)."
    )
    sent = await bot.say("tim", "/idee Skatepark", chat="dm")
    sent = await bot.say("lea", "/idee Skate-Park", chat="dm")
    assert texts(sent, "dm:lea")[0].endswith(
        "\nÜbrigens: Dieselbe Idee wartet schon auf die Entscheidung der Steuerungsgruppe (Idee 3)."
    )
    assert texts(sent, "group")[0].endswith("\nIdee 3 in der Warteschlange hat denselben Titel.")
    # stored all the same
    assert "Skate-Park" in await bot.ask("anna", "/warteschlange")
    sent = await bot.say("lea", "/idee Basketballkorb", chat="dm")
    assert "Übrigens" not in texts(sent, "dm:lea")[0]
