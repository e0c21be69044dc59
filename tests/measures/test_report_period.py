"""/report without since= covers 30 days; at the year's end it says how to ask for the whole
year (the annual report), with the command ready to send back."""

from __future__ import annotations

from datetime import timedelta

from tests.harness import Bot


async def test_a_report_of_30_days_says_how_to_get_the_whole_year(bot: Bot) -> None:
    await bot.group_with(ben="member")  # 11.01.2027
    await bot.ask("anna", "/propose Spielplatz am Park")
    bot.clock.advance(timedelta(days=313))  # 20.11.2027: the annual report is due
    await bot.ask("anna", "/status 1 beschlossen")
    text = await bot.ask("ben", "/bericht")
    assert text.startswith("Sachstandsbericht Musterstadt seit 21.10.2027\n")
    assert "angelegt" not in text  # the last 30 days only
    # The group is younger than the year: its whole year starts the day it was set up.
    assert text.endswith(
        "\n\nAnderer Zeitraum, etwa das ganze Jahr: /bericht seit=11.01.2027 · als Datei: "
        "/bericht seit=11.01.2027 export xlsx"
    )
    whole = await bot.ask("ben", "/bericht seit=11.01.2027")
    assert "• 1. Spielplatz am Park: angelegt; Status vorgeschlagen → beschlossen" in whole
    assert "Anderer Zeitraum" not in whole  # a period of their own: nothing to point to
    await bot.ask("ben", "/lang en", chat="dm")  # in English, the command as written there
    assert (await bot.ask("ben", "/report", chat="dm")).endswith(
        "\n\nAnother period, such as the whole year: /report since=2027-01-11 · as a file: "
        "/report since=2027-01-11 export xlsx"
    )


async def test_in_january_the_whole_year_is_the_one_before(bot: Bot) -> None:
    await bot.group_with()  # 11.01.2027
    bot.clock.advance(timedelta(days=740))  # 20.01.2029
    assert (await bot.ask("anna", "/bericht")).endswith(
        "/bericht seit=01.01.2028 · als Datei: /bericht seit=01.01.2028 export xlsx"
    )


async def test_a_new_group_is_not_pointed_to_a_longer_period(bot: Bot) -> None:
    await bot.group_with()
    await bot.ask("anna", "/propose Spielplatz am Park")
    bot.clock.advance(timedelta(days=20))  # its 30 days reach back to the day it was set up
    assert "Anderer Zeitraum" not in await bot.ask("anna", "/bericht")
