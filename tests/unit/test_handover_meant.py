"""There is no handover command: "/übergeben ben", "/koordination ben" and "/handover ben" are
answered with the /role line that hands the coordination over, to a coordinator only."""

from __future__ import annotations

from tests.harness import Bot


async def test_handover_words_suggest_the_role_command_to_a_coordinator(bot: Bot) -> None:
    await bot.group_with(ben="member")
    assert await bot.ask("anna", "/übergeben ben") == (
        "/übergeben kenne ich nicht. Meinten Sie /rolle ben koordination? /hilfe zeigt alle "
        "Befehle."
    )
    assert "Meinten Sie /rolle Ben Weber koordination?" in await bot.ask(
        "anna", "/koordination Ben Weber"
    )
    assert "Meinten Sie /rolle <Name> koordination?" in await bot.ask("anna", "/übergabe")
    # a member may not change roles: no line that refuses him next
    assert await bot.ask("ben", "/übergeben anna", chat="dm") == (
        "/übergeben kenne ich nicht. /hilfe zeigt alle Befehle."
    )
    await bot.ask("anna", "/lang en", chat="dm")
    assert "Did you mean /role ben coordinator?" in await bot.ask(
        "anna", "/handover ben", chat="dm"
    )
