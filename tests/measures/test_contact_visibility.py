"""The contact of a measure (the town hall's e-mail or phone for it) is for the steering
group's members and coordinators: a youth representative, a guest and a youth chat read the
measure without it, in /show, the plan's exports, the history and the report."""

from __future__ import annotations

from tests.harness import Bot

CONTACT = "Kontakt: jugendamt@musterstadt.de, 0123 456"


async def _measure_with_contact(bot: Bot) -> None:
    await bot.group_with(ben="member", lea="youth", gus="observer")
    assert "Jugendchat" in await bot.ask("anna", "/binden jugend", chat="jugend")
    await bot.ask("anna", "/vorschlag Skatepark")
    await bot.ask("anna", "/bearbeite 1 kontakt=jugendamt@musterstadt.de, 0123 456 amt=Jugendamt")
    await bot.ask("anna", "/stand 1 beschlossen")


async def test_members_and_coordinators_see_the_contact(bot: Bot) -> None:
    await _measure_with_contact(bot)
    assert CONTACT in await bot.ask("ben", "/zeige 1")
    assert CONTACT in await bot.ask("anna", "/zeige 1", chat="dm")
    assert "jugendamt@musterstadt.de" in await bot.ask("ben", "/verlauf 1")


async def test_youth_and_guests_read_the_measure_without_the_contact(bot: Bot) -> None:
    await _measure_with_contact(bot)
    for who, chat in (("lea", "group"), ("lea", "dm"), ("lea", "jugend"), ("gus", "group")):
        shown = await bot.ask(who, "/zeige 1", chat=chat)
        assert "Skatepark" in shown and "Federführung: Jugendamt" in shown, (who, chat, shown)
        assert "musterstadt.de" not in shown and "Kontakt" not in shown, (who, chat, shown)
        for command in ("/bericht", "/verlauf 1", "/aktionsplan"):
            answer = await bot.ask(who, command, chat=chat)
            assert "musterstadt.de" not in answer and "0123" not in answer, (who, command, answer)
    # The youth chat is read by the youth: a member asking there gets it without either.
    assert "musterstadt.de" not in await bot.ask("ben", "/zeige 1", chat="jugend")


async def test_the_exports_a_youth_representative_asks_for_have_no_contact(bot: Bot) -> None:
    await _measure_with_contact(bot)
    for command in ("/aktionsplan export csv", "/bericht export csv"):
        sent = await bot.say("lea", command, chat="dm")
        data = sent[0].reply.attachments[0].data.decode("utf-8-sig")
        assert "Skatepark" in data and "musterstadt.de" not in data, (command, data)
        assert "Kontakt" not in data, (command, data)
    # A member's export keeps the column: it is the list the town hall works with.
    sent = await bot.say("ben", "/aktionsplan export csv", chat="dm")
    assert "jugendamt@musterstadt.de" in sent[0].reply.attachments[0].data.decode("utf-8-sig")
