"""/assign with a lower-case first name that is no member's ("/zuweisen 1 ben" before Ben
joined) asks whether an office is meant or Ben is to be invited, instead of storing "ben" as
the lead office; offices ("Bauamt", "stadtjugendring", "Jugendamt Nord") are stored as before,
and "amt=" enters any word as the office."""

from __future__ import annotations

from tests.harness import Bot


async def test_a_first_name_not_in_the_group_is_asked_about(bot: Bot) -> None:
    await bot.ask("anna", "/setup Musterstadt")
    await bot.ask("anna", "/propose Spielplatz")
    assert await bot.ask("anna", "/zuweisen 1 ben") == (
        "Ben ist (noch) nicht in der Gruppe. Als Federführung (Amt) eintragen: /zuweisen 1 "
        "amt=Ben — oder Ben einladen: /einladen mitglied"
    )
    assert "Federführung" not in await bot.ask("anna", "/zeige 1")
    assert await bot.ask("anna", "/zuweisen 1 amt=Ben") == (
        "Federführung für Maßnahme 1 „Spielplatz“: Ben."
    )
    for office in ("Bauamt", "stadtjugendring", "Jugendamt Nord", "polizei", "KJR"):
        assert await bot.ask("anna", f"/zuweisen 1 {office}") == (
            f"Federführung für Maßnahme 1 „Spielplatz“: {office}."
        )
    # An office that ends in a stop ("Amt f.") is not followed by a second one.
    assert await bot.ask("anna", "/zuweisen 1 amt=Jugendamt Abt. 2 u. a.") == (
        "Federführung für Maßnahme 1 „Spielplatz“: Jugendamt Abt. 2 u. a."
    )
    # Ben joins: now the name finds him.
    code = await bot.invite("anna", "member")
    await bot.ask("ben", f"/beitreten {code}")
    assert "Ben ist jetzt verantwortlich" in await bot.ask("anna", "/zuweisen 1 ben")


async def test_a_member_is_asked_to_have_the_person_invited(bot: Bot) -> None:
    await bot.group_with(max="member")
    await bot.ask("max", "/propose Spielplatz")
    assert await bot.ask("max", "/assign 1 clara") == (
        "Clara ist (noch) nicht in der Gruppe. Als Federführung (Amt) eintragen: /assign 1 "
        "amt=Clara — oder bitten Sie die Koordination, Clara einzuladen."
    )
