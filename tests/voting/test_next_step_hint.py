"""After a ranking, approval, dot or score result, the coordinators read the line to record a
decision on the first places and to shortlist them, as after a yes/no decision; the youth
representatives do not."""

from __future__ import annotations

import pytest

from tests.harness import Bot
from tests.voting.helpers import group_with_measures

NEXT = (
    "Die Koordination trägt einen Beschluss über die vorderen Plätze mit "
    "/stand {numbers} beschlossen ein"
)


@pytest.fixture
async def group(bot: Bot) -> Bot:
    await group_with_measures(bot)  # Anna coordinates, Max a member, Lea and Jonas youth
    return bot


async def _close(bot: Bot) -> str:
    """The result in the group chat; what a youth representative reads has no command."""
    sent = await bot.say("anna", "/schliessen 1 jetzt")
    (closed,) = [s.reply.text for s in sent if s.chat == bot.chat()]
    youth = [s.reply.text for s in sent if s.chat.chat_id in ("dm:lea", "dm:jonas")]
    assert youth and all("/stand" not in t and "/priorisieren" not in t for t in youth)
    return closed


async def _approval(bot: Bot, opening: str = "/runde zustimmung 1 2 3 4") -> str:
    await bot.ask("anna", opening)
    await bot.ask("max", "/abstimmen 1 1 3")
    await bot.ask("lea", "/abstimmen 1 3", chat="dm")
    await bot.ask("anna", "/abstimmen 1 3 2")
    return await _close(bot)


async def test_an_approval_result_ends_with_the_lines_for_its_first_places(group: Bot) -> None:
    closed = await _approval(group)
    # 3 first, 1 and 2 sharing the second place; 4, which nobody chose, left out.
    line = NEXT.format(numbers="3 1 2") + " oder priorisiert sie mit /priorisieren 1 top=2."
    assert closed.endswith("\n" + line), closed
    assert (await group.ask("max", "/ergebnis 1")).endswith("\n" + line)
    # The youth representatives read what happens next in the result, not what to type.
    assert "/stand" not in await group.ask("lea", "/ergebnis 1", chat="dm")
    # Shortlisted, the line says only how to record the decision.
    await group.ask("anna", "/priorisieren 1 top=2")
    assert (await group.ask("anna", "/ergebnis 1")).endswith(
        "\n" + NEXT.format(numbers="3 1 2") + "."
    )


async def test_a_ranking_names_its_first_three_places_in_order(group: Bot) -> None:
    await group.ask("anna", "/runde rangfolge 1 2 3 4")
    for who in ("anna", "max"):
        await group.ask(who, "/abstimmen 1 4 2 1 3", chat="dm")
    closed = await _close(group)
    assert closed.endswith(
        "\n" + NEXT.format(numbers="4 2 1") + " oder priorisiert sie mit /priorisieren 1 top=3."
    ), closed


async def test_a_result_below_its_quorum_has_no_such_line(group: Bot) -> None:
    closed = await _approval(group, "/runde zustimmung 1 2 3 4 quorum=90%")
    assert "nicht erreicht" in closed or "nicht erfüllt" in closed, closed
    assert "/stand" not in closed and "/priorisieren" not in closed


async def test_in_english(group: Bot) -> None:
    await group.ask("anna", "/language en")
    closed = await _approval(group)
    assert "Place 1: No. 3 Jugendraum — 3 approvals" in closed
    assert closed.endswith(
        "\nCoordinators record a decision on the first places with /status 3 1 2 adopted, or "
        "shortlist them with /shortlist 1 top=2."
    ), closed
