"""A date that begins with its day typed before the measure's number ("/frist 15. März 2",
"/due 15 Dec 2027 2") is answered with the line to type, and a date with no number at all
("/frist 15. März 2027") with the question which measure; nothing is stored. The English
reminders note on "2 weeks and 3 days"."""

from __future__ import annotations

from tests.harness import Bot


async def _measures(bot: Bot, n: int = 16) -> None:
    await bot.group_with(ben="member")
    for i in range(1, n + 1):
        await bot.ask("anna", f"/vorschlag Maßnahme Nummer {i}")


async def test_a_german_date_with_its_month_typed_before_the_number(bot: Bot) -> None:
    await _measures(bot)
    assert (await bot.ask("ben", "/frist 15. März 2")).startswith(
        "Die Nummer kommt zuerst: /frist 2 15. März\n"
    )
    assert (await bot.ask("ben", "/frist 1. April 3")).startswith(
        "Die Nummer kommt zuerst: /frist 3 1. April\n"
    )
    for number in (1, 2, 3, 15):  # nothing was stored
        assert "Frist" not in await bot.ask("ben", f"/zeige {number}")
    # the number first, with or without the dot copied from a list, is read as before
    assert await bot.ask("ben", "/frist 2 15. März") == (
        "Maßnahme 2 „Maßnahme Nummer 2“ ist fällig am 15.03.2027."
    )
    assert await bot.ask("ben", "/frist 3. 1. April") == (
        "Maßnahme 3 „Maßnahme Nummer 3“ ist fällig am 01.04.2027."
    )
    assert await bot.ask("ben", "/frist 4. in 2 Wochen") == (
        "Maßnahme 4 „Maßnahme Nummer 4“ ist fällig am 25.01.2027."
    )


async def test_an_english_date_with_its_day_first_typed_before_the_number(bot: Bot) -> None:
    await _measures(bot)
    await bot.ask("anna", "/lang en")
    assert (await bot.ask("ben", "/due 15 Dec 2027 2")).startswith(
        "The number comes first: /due 2 15 Dec 2027\n"
    )
    for number in (2, 15):  # nothing was stored
        assert "Due" not in await bot.ask("ben", f"/show {number}")
    # "Dec 15" after the number is a date of its own: measure 1, as typed
    assert await bot.ask("ben", "/due 1 Dec 15") == (
        "Measure 1 “Maßnahme Nummer 1” is due on 15 Dec 2027."
    )


async def test_a_date_with_no_number_before_it_asks_which_measure(bot: Bot) -> None:
    await _measures(bot)
    for typed in ("15. März 2027", "15 März 2027", "15. März", "1.4.2027", "morgen"):
        assert await bot.ask("ben", f"/frist {typed}") == (
            f"Welche Maßnahme? /frist <Nummer> {typed}\nSo geht’s: /frist <Nummer> <Datum>"
        )
    for number in (1, 15):  # nothing was stored
        assert "Frist" not in await bot.ask("ben", f"/zeige {number}")
    # a number before a month alone is the measure's, as before
    assert await bot.ask("ben", "/frist 15 März") == (
        "Maßnahme 15 „Maßnahme Nummer 15“ ist fällig am 31.03.2027."
    )
    await bot.ask("anna", "/lang en")
    assert await bot.ask("ben", "/due 15 March 2027") == (
        "Which measure? /due <number> 15 March 2027\nUsage: /due <number> <date>"
    )
    assert "Due: 31 Mar 2027" in await bot.ask("ben", "/show 15")  # as before


async def test_the_english_note_on_reminders_joined_by_and(bot: Bot) -> None:
    await bot.group_with(ben="member")
    await bot.ask("anna", "/lang en")
    assert await bot.ask("ben", "/reminders offsets=2 weeks and 3 days") == (
        "Saved.\nYour reminders:\n• Before a due date: 14, 3 days before the due date\n"
        "I read “2 weeks and 3 days” as separate reminders. For a single one, 17 days "
        "before: offsets=17d\n/reminders shows all settings."
    )
