"""A guest (observer) is refused as someone who reads along: kindly, briefly, and for a
proposal with who can make it for them; in the reader's language and register."""

from __future__ import annotations

from adapters.memory import Sent
from tests.harness import Bot
from tests.voting.helpers import counts, group_with_measures

GUEST_PROPOSES = (
    "Als Gast lesen Sie mit und schlagen selbst nichts vor. Sie haben eine Idee? Bitten Sie "
    "ein Mitglied oder die Koordination, sie vorzuschlagen."
)


def texts(sent: list[Sent]) -> list[str]:
    return [s.reply.text for s in sent]


async def test_a_guest_who_proposes_hears_who_can_propose_for_them(bot: Bot) -> None:
    await bot.group_with(otto="observer")
    assert await bot.ask("otto", "/vorschlag Skatepark") == GUEST_PROPOSES
    assert await bot.ask("otto", "/vorschlag Skatepark", chat="dm") == GUEST_PROPOSES
    assert "Keine Maßnahmen gefunden" in await bot.ask("anna", "/massnahmen")
    await bot.ask("otto", "/sprache en", chat="dm")
    assert await bot.ask("otto", "/propose Skatepark", chat="dm") == (
        "As a guest you read along and propose nothing yourself. Have an idea? Ask a "
        "member or a coordinator to propose it."
    )


async def test_a_guest_under_16_is_refused_as_du(bot: Bot) -> None:
    await bot.group_with(otto="observer")
    await bot.ask("anna", "/minderjaehrig otto an")
    assert await bot.ask("otto", "/vorschlag Skatepark", chat="dm") == (
        "Als Gast liest du mit und schlägst selbst nichts vor. Du hast eine Idee? Bitte ein "
        "Mitglied oder die Koordination, sie vorzuschlagen."
    )
    assert await bot.ask("otto", "/einladen mitglied", chat="dm") == (
        "Als Gast liest du mit; /einladen ist für: Koordination."
    )


async def test_other_commands_refused_to_a_guest_say_they_read_along(bot: Bot) -> None:
    await group_with_measures(bot)
    assert await bot.ask("otto", "/bearbeite 1 titel=x") == (
        "Als Gast lesen Sie mit; /bearbeite ist für: Koordination, Mitglied."
    )
    assert await bot.ask("otto", "/einladen mitglied") == (
        "Als Gast lesen Sie mit; /einladen ist für: Koordination."
    )
    await bot.ask("anna", "/runde zustimmung 1 2")
    assert await bot.ask("otto", "/abstimmen 1 1") == (
        "Als Gast lesen Sie mit; /abstimmen ist für: Koordination, Mitglied, Jugendvertretung."
    )
    assert texts(await bot.press("otto", "v:1:1")) == [
        "Als Gast lesen Sie mit und stimmen nicht ab."
    ]
    assert await counts(bot) == (1, 0, 0)
    # A member is still told which roles may, as before.
    assert await bot.ask("max", "/runde zustimmung 1 2") == (
        "/runde dürfen nur: Koordination. Ihre Rolle: Mitglied."
    )
