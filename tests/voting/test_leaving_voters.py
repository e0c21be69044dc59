"""Someone who leaves (is removed, is made an observer) while a round is open: their ballot there no longer
counts, so that the result and "who voted" agree; closed rounds keep it."""

from __future__ import annotations

import re

import pytest

from storage.models import Ballot, Participation
from tests.harness import Bot
from tests.voting.helpers import count, group_with_measures


@pytest.fixture
async def group(bot: Bot) -> Bot:
    await group_with_measures(bot)
    return bot


async def test_a_removed_members_ballot_in_an_open_round_no_longer_counts(group: Bot) -> None:
    await group.ask("anna", "/runde zustimmung 1 2 3")
    await group.ask("anna", "/runde zustimmung 1 2")
    await group.ask("max", "/abstimmen 1 1 2")
    await group.ask("max", "/abstimmen 2 2")
    await group.ask("lea", "/abstimmen 2 1")
    assert "Runde 2 (Zustimmungswahl)" in await group.ask("anna", "/schliessen 2")
    assert await count(group, Ballot) == 3
    await group.ask("anna", "/entfernen max")
    # Round 1 is still open: max's ballot went with him; closed round 2 keeps it.
    assert await count(group, Ballot) == 2 and await count(group, Participation) == 2
    assert (await group.ask("anna", "/werhatgewaehlt 1")).startswith(
        "Runde 1: 0 von 3 haben abgestimmt."
    )
    result = await group.ask("anna", "/schliessen 1")
    assert "Beteiligung: 0 von 3 Stimmberechtigten (0 %)." in result
    assert "Beteiligung: 2 von 4 Stimmberechtigten (50 %)." in await group.ask(
        "anna", "/ergebnis 2"
    )


async def test_leaving_takes_the_ballot_out_of_an_open_round(group: Bot) -> None:
    await group.ask("anna", "/runde zustimmung 1 2 3")
    await group.ask("max", "/abstimmen 1 1")
    await group.ask("lea", "/abstimmen 1 2")
    prompt = await group.ask("max", "/austreten")
    assert "Ihre Vorschläge und Ihre Stimmen in abgeschlossenen Runden bleiben" in prompt
    await group.ask("max", "/austreten ja")
    result = await group.ask("anna", "/schliessen 1")
    assert "Beteiligung: 1 von 3 Stimmberechtigten (33,3 %)." in result
    assert "1. Skatepark" not in result.split("Platz 1")[1].splitlines()[0]


async def test_made_an_observer_the_ballot_in_an_open_round_no_longer_counts(group: Bot) -> None:
    await group.ask("anna", "/runde zustimmung 1 2 3")
    await group.ask("max", "/abstimmen 1 1")
    await group.ask("lea", "/abstimmen 1 2")
    sent = await group.say("anna", "/rolle max gast")
    texts = {s.chat.chat_id: s.reply.text for s in sent}
    assert texts["group"].startswith("Max ist jetzt Gast (vorher: Mitglied).")
    # He hears it, so that a ballot does not vanish unsaid.
    assert texts["dm:max"].endswith(
        "Ihre Stimme in einer noch offenen Runde zählt nicht mehr: als Gast stimmen Sie nicht ab."
    )
    assert (await group.ask("anna", "/werhatgewaehlt 1")).startswith(
        "Runde 1: 1 von 3 hat abgestimmt."
    )
    result = await group.ask("anna", "/schliessen 1")
    assert "Beteiligung: 1 von 3 Stimmberechtigten (33,3 %)." in result
    assert await count(group, Ballot) == 1
    # Without a ballot in an open round there is nothing to say.
    await group.ask("anna", "/runde zustimmung 1 2")
    sent = await group.say("anna", "/rolle jonas gast")
    assert "zählt nicht mehr" not in {s.chat.chat_id: s.reply.text for s in sent}["dm:jonas"]


async def test_made_a_guest_the_secret_ballot_no_longer_counts_and_turnout_stays_within(
    group: Bot,
) -> None:
    await group.ask("anna", "/runde zustimmung 1 2 3 geheim quorum=80%")
    await group.ask("max", "/abstimmen 1 1 3", chat="dm")
    sent = await group.say("anna", "/rolle max gast")
    texts = {s.chat.chat_id: s.reply.text for s in sent}
    assert texts["dm:max"].endswith(
        "Ihre Stimme in einer noch offenen Runde zählt nicht mehr: als Gast stimmen Sie nicht ab."
    )
    # The group's announcement shows the new count at once.
    assert group.adapter.edits[-1][1].text.endswith("\n0 von 3 haben abgestimmt.")
    for who in ("anna", "lea", "jonas"):
        await group.ask(who, "/abstimmen 1 2", chat="dm")
    assert (
        await group.ask("anna", "/werhatgewaehlt 1")
        == "Runde 1 ist geheim. 3 von 3 haben abgestimmt."
    )
    result = await group.ask("anna", "/schliessen 1")
    assert "Beteiligung: 3 von 3 Stimmberechtigten (100 %)." in result
    assert "Platz 1: Nr. 2 Sitzbänke am Markt — 3 Zustimmungen" in result
    assert "Nr. 1 Skatepark — 0" in result  # max's ballot is not in the tally
    assert await count(group, Ballot) == 3


async def test_leaving_by_button_takes_the_secret_ballot_out_of_an_open_round(group: Bot) -> None:
    await group.ask("anna", "/runde zustimmung 1 2 geheim")
    await group.ask("max", "/abstimmen 1 1", chat="dm")
    assert "Ihre Stimmen in abgeschlossenen Runden bleiben" in await group.ask(
        "max", "/austreten", chat="dm"
    )
    await group.press("max", "leave:1", chat="dm")
    assert (
        await group.ask("anna", "/werhatgewaehlt 1")
        == "Runde 1 ist geheim. 0 von 3 haben abgestimmt."
    )
    assert await count(group, Ballot) == 0 and await count(group, Participation) == 0


async def test_a_secret_ballot_in_a_closed_round_stays_when_its_voter_leaves(group: Bot) -> None:
    await group.ask("anna", "/runde zustimmung 1 2 geheim")
    await group.ask("max", "/abstimmen 1 1", chat="dm")
    await group.ask("anna", "/schliessen 1")
    await group.ask("anna", "/entfernen max")
    assert await count(group, Ballot) == 1
    assert "Platz 1: Nr. 1 Skatepark — 1 Zustimmung" in await group.ask("anna", "/ergebnis 1")


async def test_forgotten_during_an_open_secret_round_the_ballot_goes_too(group: Bot) -> None:
    await group.ask("anna", "/runde zustimmung 1 2 geheim")
    await group.ask("max", "/abstimmen 1 1", chat="dm")
    await group.ask("lea", "/abstimmen 1 2", chat="dm")
    asked = await group.ask("max", "/vergessen", chat="dm")
    found = re.search(r"/vergessen (\w+)", asked)
    assert found is not None
    await group.ask("max", f"/vergessen {found.group(1)}", chat="dm")
    assert (
        await group.ask("anna", "/werhatgewaehlt 1")
        == "Runde 1 ist geheim. 1 von 3 hat abgestimmt."
    )
    result = await group.ask("anna", "/schliessen 1")
    assert "Beteiligung: 1 von 3 Stimmberechtigten (33,3 %)." in result
    assert "Platz 1: Nr. 2 Sitzbänke am Markt — 1 Zustimmung" in result


async def test_a_coordinator_who_makes_themselves_a_guest_hears_their_ballots_went(
    group: Bot,
) -> None:
    """Someone else made a guest is told in their notice; the coordinator who did it to
    themselves gets no notice, so their direct chat is told."""
    await group.ask("anna", "/rolle max koordination")
    await group.ask("anna", "/runde zustimmung 1 2 3")
    await group.ask("anna", "/runde zustimmung 1 2 geheim")
    await group.ask("anna", "/abstimmen 1 1")
    await group.ask("anna", "/abstimmen 2 2", chat="dm")
    sent = await group.say("anna", "/rolle anna gast")
    # Which rounds she had voted in (one of them secret) is hers to read, not the group's.
    (answer,) = [s.reply.text for s in sent if s.chat.chat_id == "group"]
    assert answer == "Anna ist jetzt Gast (vorher: Koordination)."
    (told,) = [s.reply.text for s in sent if s.chat.chat_id != "group"]
    assert told == (
        "Ihre Stimmen in 2 noch offenen Runden zählen nicht mehr: als Gast stimmen Sie nicht ab."
    )
    assert await count(group, Ballot) == 0
