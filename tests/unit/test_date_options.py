"""Dates in options are typed as people say them, without quotes: ``closes=in 2 Wochen``,
``pause=Ende Juni``, ``seit=1. Januar``. The words after ``key=`` belong to the date as far as
they read as one; what follows stays what it was (measures, flags, other options)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from storage.models import Round
from tests.harness import Bot
from tests.voting.helpers import group_with_measures


@pytest.fixture
async def group(bot: Bot) -> Bot:
    await group_with_measures(bot)  # today is Monday, 11.01.2027
    return bot


async def candidates(bot: Bot) -> list[int]:
    async with bot.app.sessions() as s:
        rnd = await s.scalar(select(Round).order_by(Round.id.desc()).limit(1))
    assert rnd is not None
    return sorted(int(c) for c in rnd.candidates)


@pytest.mark.parametrize(
    ("said", "closes"),
    [
        ("/round approval 1 2 closes=in 2 Wochen", "Endet: 25.01.2027 23:59"),
        ("/runde zustimmung 1 2 schliesst=nächsten Freitag 18:00", "Endet: 15.01.2027 18:00"),
        ("/round approval 1 2 closes=Ende März 2027", "Endet: 31.03.2027 23:59"),
        ("/round approval 1 2 closes=morgen 18 Uhr", "Endet: 12.01.2027 18:00"),
        ("/round approval 1 2 closes=12.1.2027 18:00", "Endet: 12.01.2027 18:00"),
        ("/runde zustimmung 1 2 schliesst=KW 5", "Endet: 05.02.2027 23:59"),
        ("/round approval closes=week 5 1 2", "Endet: 05.02.2027 23:59"),
        ("/round approval 1 2 closes=bis Ende Q1", "Endet: 31.03.2027 23:59"),
    ],
)
async def test_a_closing_time_in_several_words(group: Bot, said: str, closes: str) -> None:
    answer = await group.ask("anna", said)
    assert "Runde 1 ist eröffnet" in answer and closes in answer, answer
    assert await candidates(group) == [1, 2]


async def test_an_option_typed_with_sharp_s_or_umlauts_is_the_same_option(group: Bot) -> None:
    """German is written with "ß": "schließt=" is the "schliesst=" the usage line shows, not
    an unknown option; and "uberfallig=" (umlauts without their dots) is "überfällig="."""
    answer = await group.ask("anna", "/runde zustimmung 1 2 schließt=Freitag 18:00")
    assert "Runde 1 ist eröffnet" in answer and "Endet: 15.01.2027 18:00" in answer, answer
    assert await candidates(group) == [1, 2]
    assert "Gespeichert" in await group.ask("max", "/erinnerungen uberfallig=aus")


async def test_measures_and_flags_after_the_date_stay_what_they_are(group: Bot) -> None:
    answer = await group.ask("anna", "/round approval closes=Freitag 3 4 geheim")
    assert "Endet: 15.01.2027 23:59" in answer and "geheim" in answer
    assert await candidates(group) == [3, 4]


async def test_a_date_that_does_not_read_is_still_refused_clearly(group: Bot) -> None:
    answer = await group.ask("anna", "/round approval 1 2 closes=irgendwann")
    assert "nicht als Datum" in answer


async def test_a_pause_until_a_date_in_words(group: Bot) -> None:
    answer = await group.ask("max", "/reminders pause=Ende Juni offsets=3d")
    assert "Gespeichert" in answer and "30.06.2027" in answer
    assert "3 Tage vor der Frist" in answer


async def test_since_reads_a_day_without_a_year_backwards(group: Bot) -> None:
    answer = await group.ask("anna", "/bericht seit=1. Januar")
    assert "Sachstandsbericht Musterstadt seit 01.01.2027" in answer
    answer = await group.ask("anna", "/report since=Montag")
    assert "seit 11.01.2027" in answer  # today is a Monday
