"""What a round says about itself and what it refuses: the same round twice, a dropped
measure, a yes/no decision on several measures, a quorum on a ranking, a ballot for a measure
dropped while the round is open, a closing time said as people say it."""

from __future__ import annotations

import pytest

from tests.harness import Bot
from tests.voting.helpers import counts, group_with_measures


@pytest.fixture
async def group(bot: Bot) -> Bot:
    await group_with_measures(bot)
    return bot


async def test_the_same_round_sent_twice_is_opened_once(group: Bot) -> None:
    assert "Runde 1 ist eröffnet" in await group.ask("anna", "/runde approval 1 2")
    assert await group.ask("anna", "/runde approval 2 1") == (
        "Runde 1 ist mit denselben Maßnahmen und Regeln schon offen. Um sie neu zu eröffnen, "
        "schließen Sie sie zuerst mit /schliessen 1, oder ändern Sie, was anders sein soll."
    )
    assert (await counts(group))[0] == 1
    # Anything different is a second question: other rules, other measures, another method.
    assert "Runde 2 ist eröffnet" in await group.ask("anna", "/runde approval 1 2 live")
    assert "Runde 3 ist eröffnet" in await group.ask("anna", "/runde approval 1 2 3")
    assert "Runde 4 ist eröffnet" in await group.ask("anna", "/runde dot 1 2")
    # Once round 1 is closed, the same round may be opened again.
    await group.ask("anna", "/schliessen 1")
    assert "Runde 5 ist eröffnet" in await group.ask("anna", "/runde approval 1 2")


async def test_a_dropped_measure_is_not_put_to_a_vote(group: Bot) -> None:
    await group.ask("anna", "/stand 2 verworfen")
    assert await group.ask("anna", "/runde approval 1 2 3") == (
        "Maßnahme 2 „Sitzbänke am Markt“ ist verworfen und kommt nicht zur Abstimmung. Um sie "
        "wieder zu planen, nehmen Sie sie zuerst wieder auf: /stand 2 vorgeschlagen."
    )
    assert await counts(group) == (0, 0, 0)
    answer = await group.ask("anna", "/runde approval alle")
    assert "1. Skatepark" in answer and "Sitzbänke" not in answer


async def test_a_ballot_for_a_measure_dropped_during_the_round_says_so(group: Bot) -> None:
    await group.ask("anna", "/runde approval 1 2 3")
    await group.ask("anna", "/stand 2 verworfen")
    answer = await group.ask("max", "/abstimmen 1 1 2")
    # The confirmation names the title; the note says it was dropped without naming it again.
    assert answer == (
        "Ihre Stimme in Runde 1 ist gespeichert: Maßnahme 1 „Skatepark“, Maßnahme 2 „Sitzbänke am Markt“.\n"
        "Hinweis: Maßnahme 2 ist seit Beginn der Runde verworfen; das Ergebnis vermerkt das."
    )
    assert answer.count("Sitzbänke") == 1
    assert "Hinweis" not in await group.ask("max", "/abstimmen 1 1 3")


async def test_a_ballot_that_names_no_titles_names_the_dropped_measure_in_the_note(
    group: Bot,
) -> None:
    await group.ask("anna", "/runde dot 1 2 3 punkte=3")
    await group.ask("anna", "/stand 2 verworfen")
    answer = await group.ask("max", "/abstimmen 1 1=1 2=2")
    assert answer == (
        "Ihre Stimme in Runde 1 ist gespeichert: Maßnahme 1: 1 Punkt, Maßnahme 2: 2 Punkte.\n"
        "Hinweis: Maßnahme 2 „Sitzbänke am Markt“ ist seit Beginn der Runde verworfen; das "
        "Ergebnis vermerkt das."
    )


async def test_a_yes_no_decision_on_several_measures_says_it_is_one(group: Bot) -> None:
    answer = await group.ask("anna", "/runde consent 1 2")
    assert "Ein Beschluss über alle 2 Maßnahmen zusammen: Ja heißt Ja zu allen." in answer
    assert "zusammen" not in await group.ask("anna", "/runde consent 3")


async def test_a_quorum_on_a_ranking_says_what_it_means(group: Bot) -> None:
    answer = await group.ask("anna", "/runde approval 1 2 quorum=60%")
    assert (
        "Quorum: 60 % der Stimmberechtigten; stimmen weniger ab, gilt das Ergebnis nicht als "
        "Beschluss." in answer
    )
    await group.ask("max", "/abstimmen 1 1")
    result = await group.ask("anna", "/schliessen 1")
    assert "Quorum 60 %: nicht erreicht, das Ergebnis gilt also nicht als Beschluss." in result
    # A yes/no decision says its consequence itself ("Nicht angenommen").
    answer = await group.ask("anna", "/runde consent 1 quorum=60%")
    assert "Quorum: 60 % der Stimmberechtigten." in answer


async def test_a_round_can_close_on_friday_evening(group: Bot) -> None:
    # Monday 11 January 2027, 10:00 in Berlin. A part of the day names its time, and one
    # after a clock time moves it to the afternoon or evening.
    assert "Endet: 15.01.2027 18:00." in await group.ask(
        "anna", "/runde approval 1 2 schliesst=Freitagabend"
    )
    assert "Endet: 12.01.2027 20:00." in await group.ask(
        "anna", "/runde approval 2 3 schliesst=morgen 8 Uhr abends"
    )
    assert "Endet: 12.01.2027 08:00." in await group.ask(
        "anna", "/runde approval 1 3 schliesst=morgen früh"
    )
