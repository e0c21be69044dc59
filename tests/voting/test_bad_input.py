"""Every bad input of issue 4: a clear reply and nothing stored."""

from __future__ import annotations

import pytest

from tests.harness import Bot
from tests.voting.helpers import counts, group_with_measures


@pytest.fixture
async def group(bot: Bot) -> Bot:
    await group_with_measures(bot)
    return bot


@pytest.mark.parametrize(
    ("said", "expected"),
    [
        ("/round approval 1", "mindestens zwei Maßnahmen"),
        ("/round ranked 2 2", "mindestens zwei Maßnahmen"),
        ("/round consent", "Sie haben 0 genannt"),
        ("/round approval 1 9", "Eine Maßnahme 9 gibt es in dieser Gruppe nicht"),
        ("/round approval 1 2 closes=10.1.2027", "liegt in der Vergangenheit"),
        ("/round approval 1 2 closes=08:00", "Runde 1"),  # a bare time is the next one: fine
        ("/runde zustimmung 1 2 schluss=in 3 Tagen", "Runde 1"),  # as people say it
        ("/round approval 1 2 closes=gestern", "liegt in der Vergangenheit"),
        ("/runde zustimmung 1 2 schliesst=in 100 Jahren", "mehr als 10 Jahre in der Zukunft"),
        ("/round approval 1 2 closes=1.1.2199", "Bitte geben Sie einen früheren Zeitpunkt an."),
        # A day the month does not have, with a time: the day is the trouble, not "17:00".
        (
            "/runde zustimmung 1 2 closes=31.11.2027 17:00",
            "„31.11.2027 17:00“ ist kein Tag im Kalender: Hat der Monat so viele Tage?",
        ),
        ("/round wahl 1 2", "Das Abstimmungsverfahren „wahl“ kenne ich nicht"),
        # Another command's word after /round: that command, not "unknown method".
        ("/runde schliessen 1", "Eine Runde schließen Sie mit /schliessen 1."),
        ("/round close #2", "Eine Runde schließen Sie mit /schliessen 2."),
        ("/runde schließen", "Eine Runde schließen Sie mit /schliessen <n>."),
        ("/runde ergebnis 3", "/ergebnis 3 zeigt das Ergebnis einer Runde."),
        ("/round approval 1 2 points=3", "nur bei der Punktabfrage"),
        (
            "/round dot 1 2 points=0",
            "punkte=0 geht nicht: Eine Punktabfrage braucht mindestens 1 Punkt.",
        ),
        (
            "/runde punkte 1 2 max=0",
            "max=0 geht nicht: Auf eine Maßnahme muss mindestens 1 Punkt passen.",
        ),
        (
            "/runde punkte 1 2 punkte=2 max=5",
            "max=5 ist mehr als die Punkte, die jede Person hat (2)",
        ),
        (
            "/round dot 1 2 3 4 max=3",
            "(2). Bitte geben Sie ein kleineres max= oder mehr punkte= an.",
        ),
        ("/round approval 1 2 secret live", "geheime Runde kann keine Zwischenergebnisse"),
        ("/round approval 1 2 quorum=150%", "150"),
        ("/runde zustimmung 1 2 quorum=0%", "Ein Quorum muss mehr als 0 % und höchstens 100 %"),
        ("/round approval 1 2 quorum=0", "(nicht „0“)"),
        ("/runde zustimmung 1 2 quorum=viel", "Ohne quorum= hat eine Runde keins."),
    ],
)
async def test_refused_rounds_store_nothing(group: Bot, said: str, expected: str) -> None:
    answer = await group.ask("anna", said)
    assert expected in answer
    if "Runde 1" not in expected:
        assert await counts(group) == (0, 0, 0)


async def test_round_only_for_coordinators_in_the_group_chat(group: Bot) -> None:
    assert "Koordination" in await group.ask("max", "/round approval 1 2")
    assert "Gruppenchat" in await group.ask("anna", "/round approval 1 2", chat="dm")
    assert await counts(group) == (0, 0, 0)


async def test_unknown_round(group: Bot) -> None:
    assert "In dieser Gruppe gibt es keine Runde 7." in await group.ask("max", "/vote 7 1")
    assert "keine Runde 7" in await group.ask("anna", "/close 7")
    assert "keine Runde 7" in await group.ask("anna", "/results 7")
    assert "keine Runde 7" in await group.ask("anna", "/who-voted 7")
    assert await counts(group) == (0, 0, 0)


async def test_a_ballot_for_a_round_that_does_not_exist_says_which_are_open(group: Bot) -> None:
    assert await group.ask("max", "/abstimmen 1 2") == (
        "In dieser Gruppe gibt es keine Runde 1.\nGerade ist keine Runde offen."
    )
    await group.ask("anna", "/runde zustimmung 1 2")
    assert await group.ask("lea", "/abstimmen 7 2", chat="dm") == (
        "In dieser Gruppe gibt es keine Runde 7.\nOffen ist gerade Runde 1."
    )
    await group.ask("anna", "/runde punkte 1 2 3")
    assert (await group.ask("max", "/vote 3 1")).endswith("\nOffen sind gerade die Runden 1, 2.")
    assert await counts(group) == (2, 0, 0)


async def test_a_ballot_without_the_round_number_is_answered_with_the_line_to_type(
    group: Bot,
) -> None:
    assert await group.ask("max", "/abstimmen 3=2") == (
        "„3=2“ ist keine Nummer einer Runde, und in Musterstadt ist gerade keine Runde offen."
    )
    await group.ask("anna", "/runde punkte 1 2 3")
    assert await group.ask("max", "/abstimmen 3=2") == (
        "Vorn steht die Nummer der Runde: /abstimmen 1 3=2"
    )
    assert await group.ask("lea", "/vote ja bitte", chat="dm") == (
        "Vorn steht die Nummer der Runde: /vote 1 ja bitte"
    )
    await group.ask("anna", "/runde zustimmung 1 2")
    assert await group.ask("max", "/abstimmen 2>1") == (
        "Vorn steht die Nummer der Runde, z. B. /abstimmen 1 2>1 (offen sind die Runden 1, 2)."
    )
    assert await counts(group) == (2, 0, 0)
    # "Runde" before the number is read as people say it.
    assert "Ihre Stimme in Runde 2 ist gespeichert" in await group.ask(
        "max", "/abstimmen Runde 2 1"
    )
    # The round's number alone still misses the choice, as before.
    assert (await group.ask("max", "/abstimmen 1")).startswith("Es fehlt noch: Ihre Auswahl.")
    assert "viel zu groß" in await group.ask("max", "/abstimmen 99999999999 1")


async def test_vote_typed_without_round_or_choice_says_which_round_is_open_and_how(
    group: Bot,
) -> None:
    """/abstimmen alone named only what is missing and the general usage line; it now says
    which rounds are open and, with one, how to vote in it, as /abstimmen 1 does for round 1."""
    assert await group.ask("max", "/abstimmen") == (
        "Es fehlt noch: Nummer der Runde.\nGerade ist keine Runde offen."
    )
    await group.ask("anna", "/runde zustimmung 1 2")
    how = (
        "1. Skatepark\n2. Sitzbänke am Markt\n"
        "Abstimmen mit /abstimmen 1 und den Maßnahmen, die Sie unterstützen, "
        "z. B. /abstimmen 1 1 2."
    )
    assert await group.ask("max", "/abstimmen") == (
        f"Es fehlt noch: Nummer der Runde.\nOffen ist gerade Runde 1.\n{how}"
    )
    assert await group.ask("max", "/abstimmen 1") == f"Es fehlt noch: Ihre Auswahl.\n{how}"
    await group.ask("anna", "/runde rangfolge 1 2 3")
    assert await group.ask("max", "/abstimmen") == (
        "Es fehlt noch: Nummer der Runde.\nOffen sind gerade die Runden 1, 2."
    )
    assert await counts(group) == (2, 0, 0)


async def test_closed_round(group: Bot) -> None:
    await group.ask("anna", "/round approval 1 2")
    await group.ask("anna", "/close 1")
    assert "Runde 1 ist beendet; es werden keine Stimmen mehr angenommen." in await group.ask(
        "max", "/vote 1 1"
    )
    assert "schon beendet" in await group.ask("anna", "/close 1")
    assert await counts(group) == (1, 0, 0)


async def test_not_eligible(group: Bot) -> None:
    await group.ask("anna", "/round approval 1 2")
    assert "Als Gast lesen Sie mit; /vote ist für" in await group.ask("otto", "/vote 1 1")
    assert "nur Mitglieder der Steuerungsgruppe" in await group.ask("fremd", "/vote 1 1")
    assert "Sie sind noch in keiner Steuerungsgruppe" in await group.ask(
        "fremd", "/vote 1 1", chat="dm"
    )
    await group.press("otto", "v:1:1")
    assert await counts(group) == (1, 0, 0)


async def test_secret_vote_in_group_chat_is_refused_and_not_stored(group: Bot) -> None:
    await group.ask("anna", "/round approval 1 2 secret")
    sent = await group.say("max", "/vote 1 1", event_id="max-ballot")
    answer = sent[0].reply.text
    assert "Runde 1 ist geheim: Bitte schreiben Sie mir Ihre Stimme im direkten Chat" in answer
    assert "nichts gespeichert" in answer
    assert await counts(group) == (1, 0, 0)
    # The ballot is taken out of the group chat, and the answer says so.
    assert group.adapter.removed == [(group.chat("group"), "msg-max-ballot")]
    assert "Ich habe Ihre Nachricht aus diesem Chat entfernt" in answer
    assert sent[0].reply.in_reply_to is None  # not a reply to a message that is gone
    # The secret round may then be voted on directly.
    assert "gezählt" in await group.ask("max", "/vote 1 1", chat="dm")
    assert await counts(group) == (1, 1, 1)


async def test_out_of_range_values_name_the_measure_and_the_value_apart(group: Bot) -> None:
    await group.ask("anna", "/runde bewertung 1 2")
    # What is wrong, then how to vote in this round, as every refused ballot ends.
    assert await group.ask("max", "/abstimmen 1 1=6") == (
        "Eine Bewertung muss zwischen 0 und 5 liegen; Sie haben Maßnahme 1 mit 6 bewertet.\n"
        "Abstimmen mit /abstimmen 1 Maßnahme=Bewertung (0 bis 5), z. B. /abstimmen 1 1=4 2=2."
    )
    await group.ask("anna", "/runde punkte 1 2 punkte=3")
    assert "(Sie haben -1 Punkte auf Maßnahme 2 gegeben)" in await group.ask(
        "max", "/abstimmen 2 2=-1"
    )
    assert await counts(group) == (2, 0, 0)


async def test_every_refused_ballot_ends_with_how_to_vote_in_that_round(group: Bot) -> None:
    await group.ask("anna", "/runde zustimmung 1 2")
    for typed in ("/abstimmen 1 ja", "/abstimmen 1 7", "/abstimmen 1 1=2"):
        assert (await group.ask("max", typed)).endswith(
            "\nAbstimmen mit /abstimmen 1 und den Maßnahmen, die Sie unterstützen, "
            "z. B. /abstimmen 1 1 2."
        ), typed
    await group.ask("anna", "/runde punkte 1 2 punkte=3")
    # Points that are not a number are named as points, not as a measure number.
    assert (await group.ask("max", "/abstimmen 2 1=x")).startswith(
        "Bitte geben Sie Punkte als ganze Zahlen an, etwa 3=2 (nicht „1=x“).\n"
        "Jede Person hat 3 Punkte, höchstens 3 auf eine Maßnahme.\n"
        "Abstimmen mit /abstimmen 2 Maßnahme=Punkte"
    )
    assert "ist keine Maßnahmennummer" in await group.ask("max", "/abstimmen 2 x")
    assert await counts(group) == (2, 0, 0)


async def test_a_measure_named_twice_in_an_approval_ballot_is_refused_as_in_the_others(
    group: Bot,
) -> None:
    await group.ask("anna", "/runde zustimmung 1 2 3")
    for typed in ("/abstimmen 1 1 2 2", "/vote 1 2,2"):
        assert await group.ask("max", typed) == (
            "Sie haben Maßnahme 2 mehr als einmal genannt.\n"
            "Abstimmen mit /abstimmen 1 und den Maßnahmen, die Sie unterstützen, "
            "z. B. /abstimmen 1 1 2."
        ), typed
    await group.ask("anna", "/runde rangfolge 1 2 3")
    assert "Ihre Rangfolge nennt Maßnahme 2 mehr als einmal." in await group.ask(
        "max", "/abstimmen 2 2>1>2"
    )
    assert await counts(group) == (2, 0, 0)


async def test_a_round_naming_no_measure_number_shows_the_usage(group: Bot) -> None:
    for typed, told in (("x", "„x“ ist keine Maßnahmennummer."), ("3-1", "„3-1“ ist kein Bereich")):
        answer = await group.ask("anna", f"/runde zustimmung 1 {typed}")
        assert answer.startswith(told) and "\nSo geht’s: /runde zustimmung|punkte" in answer
    assert await counts(group) == (0, 0, 0)


async def test_a_range_and_single_numbers_may_share_a_comma_list(group: Bot) -> None:
    answer = await group.ask("anna", "/runde zustimmung 1-2,4")
    assert "Runde 1" in answer
    assert all(title in answer for title in ("Skatepark", "Sitzbänke am Markt", "Radweg"))
    assert "Jugendraum" not in answer
    assert "ist keine Maßnahmennummer" in await group.ask("anna", "/runde zustimmung 1-2,x")


async def test_a_long_word_in_a_yes_no_ballot_is_quoted_short(group: Bot) -> None:
    await group.ask("anna", "/runde beschluss 1")
    answer = await group.ask("max", "/abstimmen 1 " + "x" * 3900)
    assert "x" * 39 + "…" in answer and "x" * 41 not in answer
    assert len(answer) < 600


async def test_too_many_points_on_one_measure_reads_right_when_one_is_the_most(
    group: Bot,
) -> None:
    """A dot round on two measures gives one point, at most one on a measure: the refusal
    must not say "höchstens 1 erlaubt" / "at most 1 are allowed"."""
    assert "höchstens 1 auf eine Maßnahme" in await group.ask("anna", "/runde punkte 1 2")
    answer = await group.ask("lea", "/abstimmen 1 1=3")
    assert answer.startswith(
        "Du hast 3 Punkte auf Maßnahme 1 gegeben; eine Maßnahme darf höchstens 1 bekommen.\n"
    )
    await group.ask("max", "/lang en", chat="dm")
    assert (await group.ask("max", "/vote 1 2=2", chat="dm")).startswith(
        "You gave 2 points to measure 2, but one measure may get at most 1.\n"
    )
    assert await counts(group) == (1, 0, 0)


async def test_a_round_number_without_a_ballot_shows_the_round_and_how_to_vote_in_it(
    group: Bot,
) -> None:
    """In a secret round the voter writes from the direct chat, away from the announcement:
    "/abstimmen 1" alone lists the round's measures and how to vote in this very round, not
    the usage line with an example of every method."""
    await group.ask("anna", "/runde zustimmung 1 3 geheim")
    assert await group.ask("max", "/abstimmen 1", chat="dm") == (
        "Es fehlt noch: Ihre Auswahl.\n"
        "1. Skatepark\n"
        "3. Jugendraum\n"
        "Abstimmen mit /abstimmen 1 und den Maßnahmen, die Sie unterstützen, z. B. "
        "/abstimmen 1 1 3."
    )
    assert await counts(group) == (1, 0, 0)
    # no round of that number: which rounds are open
    assert await group.ask("max", "/abstimmen 7") == (
        "In dieser Gruppe gibt es keine Runde 7.\nOffen ist gerade Runde 1."
    )
