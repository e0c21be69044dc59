"""Someone who joins while rounds are open hears in the welcome that they may vote in them,
and how: the announcements came before they were there."""

from __future__ import annotations

import pytest

from tests.harness import Bot
from tests.voting.helpers import group_with_measures


@pytest.fixture
async def group(bot: Bot) -> Bot:
    await group_with_measures(bot)
    return bot


async def test_the_welcome_names_the_open_rounds_and_how_to_vote(group: Bot) -> None:
    await group.ask("anna", "/runde zustimmung 1 2 closes=20.01.2027 18:00")
    await group.ask("anna", "/runde beschluss 3 geheim")
    code = await group.invite("anna", "member")
    welcome = await group.ask("eva", f"/beitreten {code}", chat="dm")
    assert welcome.splitlines()[1] == (
        "Sie können in den laufenden Runden 1 (Zustimmungswahl, endet 20.01.2027 18:00), "
        "2 (Ja/Nein-Beschluss, geheim: im direkten Chat) abstimmen: /abstimmen <Runde> und Ihre "
        "Wahl (/hilfe abstimmen erklärt, wie)."
    )
    await group.ask("anna", "/schliessen 2")
    code = await group.invite("anna", "youth")
    welcome = await group.ask("tim", f"/beitreten {code}", chat="dm")
    assert "Du kannst in der laufenden Runde 1 (Zustimmungswahl" in welcome
    # A guest does not vote: nothing to say.
    code = await group.invite("anna", "observer")
    welcome = await group.ask("gus", f"/beitreten {code}", chat="dm")
    assert "Runde" not in welcome
