"""Someone who leaves (is removed, is made an observer) while a round is open: their ballot there no longer
counts, so that the result and "who voted" agree; closed rounds keep it."""

from __future__ import annotations

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
