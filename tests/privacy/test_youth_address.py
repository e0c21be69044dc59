"""What young people are told about their own name, and how they are addressed: /anonym for
someone whose name is hidden anyway, "du" for anyone under 16 and for non-members in a youth
chat, and no name of a non-member who brings an idea from the youth chat."""

from __future__ import annotations

from tests.harness import Bot
from tests.privacy.test_age_answer import second_group_code


async def test_anonymous_off_does_not_promise_the_name_of_someone_under_16(bot: Bot) -> None:
    await bot.group_with(lea="youth")
    await bot.press("lea", "age:under16", chat="dm")
    told = await bot.ask("lea", "/anonym", chat="dm")
    assert told == (
        "Weil du unter 16 bist, sieht die Steuerungsgruppe bei deinen Ideen nur "
        "„Jugendvertretung“. /namezeigen an zeigt deinen Namen; danach entscheidet /anonym, "
        "ob er bei deinen Ideen steht."
    )
    assert await bot.ask("lea", "/anonym aus", chat="dm") == (
        "Alles klar. Weil du unter 16 bist, sieht die Steuerungsgruppe bei deinen Ideen "
        "trotzdem nur „Jugendvertretung“. /namezeigen an zeigt deinen Namen."
    )
    await bot.ask("lea", "/propose Skatepark", chat="dm")
    assert "1. Skatepark · Jugendvertretung" in await bot.ask("anna", "/queue")
    # Once she shows her name, /anonym decides again, and says so.
    await bot.ask("lea", "/namezeigen an", chat="dm")
    assert "sieht deinen Namen bei deinen Ideen" in await bot.ask("lea", "/anonym", chat="dm")
    assert "1. Skatepark · Lea" in await bot.ask("anna", "/queue")


async def test_someone_under_16_is_addressed_as_du_also_without_a_group(bot: Bot) -> None:
    await bot.group_with(mia="youth")
    await bot.press("mia", "age:under16", chat="dm")
    (asked,) = await bot.say("mia", "/austreten ja", chat="dm")
    assert "Zum Austreten drück die Schaltfläche." in asked.reply.text
    left = await bot.press("mia", asked.reply.choices[0].action, chat="dm")
    assert "Du hast die Steuerungsgruppe Musterstadt verlassen" in left[0].reply.text
    assert (await bot.ask("mia", "/gruppe", chat="dm")).startswith(
        "Du bist in keiner Steuerungsgruppe mehr."
    )
    assert (await bot.ask("mia", "/meinedaten", chat="dm")).startswith(
        "Hier ist alles, was ich über dich speichere"
    )
    # An adult without a group is still addressed formally.
    await bot.ask("otto", "/start", chat="dm")
    assert (await bot.ask("otto", "/gruppe", chat="dm")).startswith(
        "Sie sind noch in keiner Steuerungsgruppe."
    )


async def test_an_idea_from_a_non_member_in_the_youth_chat_does_not_show_her_name(
    bot: Bot,
) -> None:
    await bot.group_with(max="member")
    bound = await bot.ask("anna", "/bind youth", chat="jugend")
    assert (
        "Was daraus wird, erfährt die Person, die sie vorgeschlagen hat, von mir im direkten Chat, sonst hier."
        in bound
    )
    answer = await bot.ask("zoe", "/propose Mehr Bänke", chat="jugend")
    assert answer.startswith("Danke! Deine Idee „Mehr Bänke“")
    assert "1. Mehr Bänke · Jugendvertretung" in await bot.ask("anna", "/queue")
    assert "Zoe" not in await bot.ask("anna", "/queue")
    accepted = await bot.ask("anna", "/accept 1")
    assert "Maßnahme 1" in accepted
    shown = await bot.ask("max", "/show 1")
    assert "Vorgeschlagen von: Jugendvertretung" in shown and "Zoe" not in shown
    # Choosing to show her name does not pretend to change her ideas, which stay anonymous.
    answer = await bot.ask("zoe", "/namezeigen an", chat="jugend")
    assert answer == (
        "Ab jetzt sieht die Gruppe deinen Namen. Ideen, die du sendest, solange du nicht in der "
        "Steuerungsgruppe bist, bleiben ohne deinen Namen."
    )
    assert "Vorgeschlagen von: Jugendvertretung" in await bot.ask("max", "/show 1")
    # The coordinator in the youth chat is still addressed formally.
    assert (await bot.ask("anna", "/hilfe", chat="jugend")).startswith(
        "Das kann ich hier für Sie tun:"
    )


async def test_someone_under_16_is_welcomed_by_name_in_their_own_direct_chat(bot: Bot) -> None:
    await bot.group_with(mia="youth")
    await bot.press("mia", "age:under16", chat="dm")
    code = await second_group_code(bot, "youth")
    welcome = await bot.ask("mia", f"/join {code}", chat="dm")
    assert welcome.startswith("Willkommen, Mia! Du bist jetzt in der Steuerungsgruppe Nachbarstadt")
    # The group sees the pseudonym.
    assert "Jugendvertretung: 1 unter 16 (Name nicht angezeigt)" in await bot.ask(
        "otto", "/members", chat="room2"
    )
    # Her own code typed again: she is told she is in, not that someone used it.
    assert await bot.ask("mia", f"/join {code}", chat="dm") == (
        "Mit diesem Code bist du schon in Nachbarstadt (Jugendvertretung)."
    )
    assert "schon benutzt" in await bot.ask("otto", f"/join {code}", chat="dm")


async def test_a_non_member_with_an_idea_from_the_youth_chat_counts_as_under_16(bot: Bot) -> None:
    await bot.group_with(max="member")
    await bot.ask("anna", "/bind youth", chat="jugend")
    await bot.ask("zoe", "/propose Mehr Bänke", chat="jugend")
    # Her list names her: it goes to her direct chat, not to the youth chat.
    sent = {s.chat.chat_id: s.reply.text for s in await bot.say("zoe", "/meineideen", "jugend")}
    assert sent["jugend"].startswith("Ich habe dir die Liste in unseren direkten Chat geschickt.")
    assert sent["dm:zoe"].startswith("Deine Ideen und Vorschläge in Musterstadt:")
    # Her direct chat says "du", knows her ideas, and tells her the group does not see her name.
    mine = await bot.ask("zoe", "/meineideen", chat="dm")
    assert mine.startswith(
        "Deine Ideen und Vorschläge in Musterstadt:\n"
        "• „Mehr Bänke“: wartet auf die Entscheidung der Steuerungsgruppe (Idee 1, seit "
    )
    await bot.ask("anna", "/accept 1")
    mine = await bot.ask("zoe", "/meineideen", chat="dm")
    assert "„Mehr Bänke“: Maßnahme 1, jetzt vorgeschlagen" in mine
    assert "/zeige" not in mine  # she may not use it
    privacy = await bot.ask("zoe", "/datenschutz", chat="dm")
    assert "„Jugendvertretung“" in privacy and "Sie " not in privacy
    # Invited later as an adult member, she is no longer presumed under 16.
    code = await second_group_code(bot, "member")
    await bot.ask("zoe", f"/join {code}", chat="dm")
    assert "Mitglied: Zoe" in await bot.ask("otto", "/members", chat="room2")
