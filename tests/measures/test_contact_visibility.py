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
    assert CONTACT in await bot.ask("ben", "/zeige 1", chat="dm")
    assert CONTACT in await bot.ask("anna", "/zeige 1", chat="dm")
    assert "jugendamt@musterstadt.de" in await bot.ask("ben", "/verlauf 1", chat="dm")


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


HINT = "Kontakt: Schreiben Sie mir /zeige 1 im direkten Chat."
BETTER = "Kontaktdaten geben Sie mir besser im direkten Chat: Nicht alle hier dürfen sie lesen."


async def _contact_in(bot: Bot, **roles: str) -> None:
    await bot.group_with(**roles)
    await bot.ask("anna", "/vorschlag Skatepark")
    await bot.ask("anna", "/bearbeite 1 kontakt=jugendamt@musterstadt.de, 0123 456 amt=Jugendamt")
    await bot.ask("anna", "/stand 1 beschlossen")


async def test_a_group_chat_the_youth_read_along_shows_where_to_read_the_contact(
    bot: Bot,
) -> None:
    await _contact_in(bot, ben="member", lea="youth")
    shown = await bot.ask("ben", "/zeige 1")
    assert "Federführung: Jugendamt" in shown and "musterstadt.de" not in shown, shown
    assert shown.endswith("\n" + HINT), shown
    assert CONTACT in await bot.ask("ben", "/zeige 1", chat="dm")
    # The history, the report and the plan's file in the group chat: the same.
    history = await bot.ask("ben", "/verlauf 1")
    assert "musterstadt.de" not in history, history
    assert history.endswith(
        "\nÄnderungen am Kontakt: Schreiben Sie mir /verlauf 1 im direkten Chat."
    ), history
    assert "jugendamt@musterstadt.de" in await bot.ask("ben", "/verlauf 1", chat="dm")
    report = await bot.ask("anna", "/bericht seit=1.1.2027")
    assert "musterstadt.de" not in report, report
    assert report.endswith(
        "\nÄnderungen am Kontakt: Schreiben Sie mir /bericht seit=01.01.2027 im direkten Chat."
    ), report
    assert "jugendamt@musterstadt.de" in await bot.ask("anna", "/bericht", chat="dm")
    sent = await bot.say("ben", "/aktionsplan export csv")
    data = sent[0].reply.attachments[0].data.decode("utf-8-sig")
    assert "Skatepark" in data and "musterstadt.de" not in data and "Kontakt" not in data, data
    assert sent[0].reply.text == (
        "Der Aktionsplan mit 1 Maßnahme.\n"
        "Kontakt: Schreiben Sie mir /aktionsplan export csv im direkten Chat."
    )
    sent = await bot.say("ben", "/aktionsplan export csv", chat="dm")
    assert "jugendamt@musterstadt.de" in sent[0].reply.attachments[0].data.decode("utf-8-sig")
    assert "Kontakt:" not in sent[0].reply.text
    # A measure without a contact has nothing to point to.
    await bot.ask("anna", "/vorschlag Bolzplatz")
    assert "Kontakt" not in await bot.ask("ben", "/zeige 2")


async def test_the_hint_speaks_the_chat_s_language(bot: Bot) -> None:
    await _contact_in(bot, ben="member", gus="observer")
    await bot.ask("anna", "/sprache en")
    shown = await bot.ask("ben", "/show 1")
    assert "musterstadt.de" not in shown, shown
    assert shown.endswith("\nContact: write /show 1 to me in a direct chat."), shown


async def test_a_group_of_coordinators_and_members_reads_the_contact_in_its_chat(
    bot: Bot,
) -> None:
    await _contact_in(bot, ben="member", cleo="coordinator")
    shown = await bot.ask("ben", "/zeige 1")
    assert CONTACT in shown and "direkten Chat" not in shown, shown
    assert "jugendamt@musterstadt.de" in await bot.ask("ben", "/verlauf 1")
    assert "jugendamt@musterstadt.de" in await bot.ask("anna", "/bericht")
    sent = await bot.say("ben", "/aktionsplan export csv")
    assert "jugendamt@musterstadt.de" in sent[0].reply.attachments[0].data.decode("utf-8-sig")
    assert sent[0].reply.text == "Der Aktionsplan mit 1 Maßnahme."


async def test_a_guest_joining_later_hides_the_contact_from_then_on(bot: Bot) -> None:
    await _contact_in(bot, ben="member")
    assert CONTACT in await bot.ask("ben", "/zeige 1")
    code = await bot.invite("anna", "observer")
    await bot.ask("gus", f"/beitreten {code}")
    shown = await bot.ask("ben", "/zeige 1")
    assert "musterstadt.de" not in shown and shown.endswith("\n" + HINT), shown
    assert CONTACT in await bot.ask("ben", "/zeige 1", chat="dm")


async def test_a_changed_contact_is_confirmed_without_its_values_where_the_youth_read(
    bot: Bot,
) -> None:
    await _contact_in(bot, ben="member", lea="youth")
    bot.adapter.removed.clear()
    answer = await bot.ask("ben", "/bearbeite 1 kontakt=bauamt@musterstadt.de amt=Bauamt")
    assert answer == (
        "Maßnahme 1 „Skatepark“ geändert:\n"
        "• Kontakt\n"
        "• Federführung: Jugendamt → Bauamt\n"
        "Änderungen am Kontakt: Schreiben Sie mir /verlauf 1 im direkten Chat.\n"
        f"{BETTER} Ich habe Ihre Nachricht aus diesem Chat entfernt, damit niemand sonst sie liest."
    ), answer
    assert [chat.chat_id for chat, _ in bot.adapter.removed] == ["group"]  # her message
    answer = await bot.ask("ben", "/bearbeite 1 kontakt=rathaus@musterstadt.de", chat="dm")
    assert "• Kontakt: bauamt@musterstadt.de → rathaus@musterstadt.de" in answer, answer


async def test_a_changed_contact_is_confirmed_with_its_values_among_members(bot: Bot) -> None:
    await _contact_in(bot, ben="member")
    answer = await bot.ask("ben", "/bearbeite 1 kontakt=bauamt@musterstadt.de")
    assert "• Kontakt: jugendamt@musterstadt.de, 0123 456 → bauamt@musterstadt.de" in answer
    assert "direkten Chat" not in answer, answer
    assert bot.adapter.removed == []  # only members read the chat: the message stays


async def test_a_contact_typed_where_guests_read_along_is_asked_to_be_deleted(bot: Bot) -> None:
    """Where the bot may not remove messages, the member is asked to delete theirs; the same
    contact again, or a refusal, takes it out too; clearing it reveals nothing."""
    await _contact_in(bot, ben="member", gus="observer")
    bot.adapter.removed.clear()
    bot.adapter.may_remove = False
    answer = await bot.ask("ben", "/bearbeite 1 kontakt=0171 1234567")
    assert "0171" not in answer
    assert answer.endswith(
        f"\n{BETTER} Alle in diesem Chat können Ihre Nachricht lesen: Bitte löschen Sie sie. "
        "(Ich darf hier keine Nachrichten löschen.)"
    ), answer
    bot.adapter.may_remove = True
    answer = await bot.ask("ben", "/bearbeite 1 kontakt=0171 1234567")
    assert answer.startswith("Maßnahme 1 hat diese Werte schon; nichts wurde geändert.\n" + BETTER)
    answer = await bot.ask("ben", "/bearbeite 1 kontakt=0171 1234568 kosten=viel")
    assert answer.startswith("Nichts wurde geändert") and "entfernt" in answer, answer
    assert len(bot.adapter.removed) == 2
    answer = await bot.ask("ben", "/bearbeite 1 kontakt=keine")
    assert BETTER not in answer and len(bot.adapter.removed) == 2
