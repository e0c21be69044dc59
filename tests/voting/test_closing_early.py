"""/close before a round's announced closing time asks first, naming who has not voted yet;
a yes/no decision without a quorum says plainly when few voted."""

from __future__ import annotations

import pytest

from tests.harness import Bot
from tests.voting.helpers import group_with_measures


async def press(bot: Bot, user: str, action: str) -> str:
    return "\n\n".join(s.reply.text for s in await bot.press(user, action))


@pytest.fixture
async def group(bot: Bot) -> Bot:
    await group_with_measures(bot)
    return bot


async def test_closing_before_the_announced_time_asks_first(group: Bot) -> None:
    await group.ask("anna", "/runde beschluss 2 closes=13.01.2027 18:00")
    await group.ask("lea", "/abstimmen 1 ja")
    (asked,) = await group.say("anna", "/schliessen 1")
    assert asked.reply.text == (
        "Runde 1 wurde bis 13.01.2027 18:00 angekündigt. 3 von 4 haben noch nicht abgestimmt. "
        "Um sie trotzdem jetzt zu schließen, drücken Sie den Knopf oder schreiben Sie "
        "/schliessen 1 jetzt."
    )
    assert [c.label for c in asked.reply.choices] == ["Runde 1 jetzt schließen"]
    assert "ist gespeichert" in await group.ask("max", "/abstimmen 1 nein")  # still open
    assert "jetzt zu schließen" in await group.ask("anna", "/schliessen 1 bitte")
    # Another member cannot press the coordinator's button.
    assert "gilt nicht mehr" in await press(group, "max", asked.reply.choices[0].action)
    result = await press(group, "anna", asked.reply.choices[0].action)
    assert result.startswith("Ergebnis der Runde 1 (Ja/Nein-Beschluss)")
    assert "schon beendet" in await press(group, "anna", asked.reply.choices[0].action)


async def test_now_closes_at_once_and_so_does_a_round_everyone_voted_in(group: Bot) -> None:
    await group.ask("anna", "/runde beschluss 2 closes=13.01.2027 18:00")
    await group.ask("lea", "/abstimmen 1 ja")
    assert "Ergebnis der Runde 1" in await group.ask("anna", "/schliessen 1 jetzt")
    await group.ask("anna", "/runde zustimmung 1 2 closes=13.01.2027 18:00")
    for who in ("anna", "max", "lea", "jonas"):
        await group.ask(who, "/abstimmen 2 1")
    assert "Ergebnis der Runde 2" in await group.ask("anna", "/schliessen 2")
    # Without a closing time the coordination closes it: nothing to ask.
    await group.ask("anna", "/runde zustimmung 1 2")
    assert "Ergebnis der Runde 3" in await group.ask("anna", "/schliessen 3")


async def test_a_yes_without_quorum_on_few_votes_says_how_few(group: Bot) -> None:
    await group.ask("anna", "/runde beschluss 2")
    await group.ask("lea", "/abstimmen 1 ja")
    result = await group.ask("anna", "/schliessen 1")
    assert (
        "Angenommen mit mehr Ja- als Nein-Stimmen, aber nur 1 von 4 Stimmberechtigten hat "
        "abgestimmt (25 %), und die Runde hatte kein Quorum." in result
    )
    # Half or more: the plain line.
    await group.ask("anna", "/runde beschluss 2")
    await group.ask("lea", "/abstimmen 2 ja")
    await group.ask("max", "/abstimmen 2 ja")
    result = await group.ask("anna", "/schliessen 2")
    assert "Angenommen: mehr Ja- als Nein-Stimmen." in result and "aber nur" not in result


async def test_the_button_in_a_direct_chat_for_several_groups_answers_under_the_group(
    group: Bot,
) -> None:
    """Anna coordinates Musterstadt and is in Beispieldorf too: the answer of the button /close asked
    with in her direct chat names the group it closed the round in, as /close typed there
    does (before: the result without it)."""
    await group.ask("carl", "/setup Beispieldorf", chat="dorf")
    code = await group.invite("carl", "member", "dorf")
    await group.ask("anna", f"/join {code}", chat="dm")
    await group.ask("anna", "/runde beschluss 2 closes=13.01.2027 18:00")
    await group.ask("anna", "/gruppe Musterstadt", chat="dm")
    (asked,) = await group.say("anna", "/schliessen 1", chat="dm")
    assert asked.reply.text.startswith("[Musterstadt]\nRunde 1 wurde bis 13.01.2027 18:00")
    result = await group.press("anna", asked.reply.choices[0].action, chat="dm")
    assert result[0].reply.text.startswith("[Musterstadt]\nErgebnis der Runde 1")
