"""/myideas (/meineideen): someone looks up what they proposed and what became of it; a youth
representative's list never shows in the group chat, and never shows anyone else's ideas."""

from __future__ import annotations

from tests.harness import Bot


async def test_a_youth_representative_follows_her_ideas(backend_bot: Bot) -> None:
    bot = backend_bot
    await bot.group_with(ben="member", lea="youth")
    assert await bot.ask("lea", "/meineideen", chat="dm") == (
        "Du hast in Musterstadt noch nichts vorgeschlagen. Eine Idee schickst du mit "
        "/vorschlag <Titel>."
    )
    await bot.ask("lea", "/propose Skatepark am Bahnhof", chat="dm")
    await bot.ask("lea", "/propose Mehr Mülleimer", chat="dm")
    await bot.ask("lea", "/propose Bänke am Teich", chat="dm")
    assert await bot.ask("lea", "/meineideen", chat="dm") == (
        "Deine Ideen und Vorschläge in Musterstadt:\n"
        "• „Skatepark am Bahnhof“: wartet auf die Entscheidung der Steuerungsgruppe (Idee 1, "
        "seit 11.01.2027)\n"
        "• „Mehr Mülleimer“: wartet auf die Entscheidung der Steuerungsgruppe (Idee 2, "
        "seit 11.01.2027)\n"
        "• „Bänke am Teich“: wartet auf die Entscheidung der Steuerungsgruppe (Idee 3, "
        "seit 11.01.2027)"
    )
    await bot.ask("anna", "/accept 1")
    await bot.ask("anna", "/reject 2 Das macht schon der Bauhof")
    await bot.ask("anna", "/accept 3")
    await bot.ask("anna", "/due 1 30.9.2027")
    await bot.ask("anna", "/due 2 30.6.2027")
    await bot.ask("anna", "/status 1 shortlisted")
    await bot.ask("anna", "/status 2 dropped zu teuer")
    assert await bot.ask("lea", "/meineideen", chat="dm") == (
        "Deine Ideen und Vorschläge in Musterstadt:\n"
        "• „Skatepark am Bahnhof“: Maßnahme 1, jetzt priorisiert, fällig am 30.09.2027\n"
        "• „Mehr Mülleimer“: nicht aufgenommen. Der Grund: Das macht schon der Bauhof.\n"
        "• „Bänke am Teich“: Maßnahme 2, jetzt verworfen. Der Grund: zu teuer.\n"
        "Mehr zu einer Maßnahme: /zeige <Nummer>"
    )
    # "/ideen" from a youth representative means her own ideas, not the moderation queue.
    assert (await bot.ask("lea", "/ideen", chat="dm")).startswith(
        "Deine Ideen und Vorschläge in Musterstadt:\n• „Skatepark am Bahnhof“"
    )


async def test_in_the_group_chat_a_youth_list_goes_to_the_direct_chat(bot: Bot) -> None:
    await bot.group_with(lea="youth", mia="youth")
    await bot.ask("lea", "/propose Skatepark", chat="dm")
    await bot.ask("mia", "/propose Jugendcafé", chat="dm")
    sent = await bot.say("lea", "/meineideen")
    assert sorted((s.chat.chat_id, s.reply.text.splitlines()[0]) for s in sent) == [
        ("dm:lea", "Deine Ideen und Vorschläge in Musterstadt:"),
        (
            "group",
            "Ich habe dir die Liste in unseren direkten Chat geschickt. Wenn nichts ankommt, "
            "schreib mir dort zuerst.",
        ),
    ]
    assert not any("Skatepark" in s.reply.text for s in sent if s.chat.chat_id == "group")
    # Nobody else's ideas, in either lane.
    lea = "\n".join(s.reply.text for s in sent)
    assert "Skatepark" in lea and "Jugendcafé" not in lea
    assert "Skatepark" not in await bot.ask("mia", "/ideen", chat="dm")
    # The coordinators still get the queue under that name.
    queue = await bot.ask("anna", "/ideen")
    assert "Skatepark" in queue and "Jugendcafé" in queue


async def test_members_see_their_own_proposals_in_english_too(bot: Bot) -> None:
    await bot.group_with(ben="member")
    await bot.ask("anna", "/propose Radweg")
    await bot.ask("ben", "/propose Bänke")
    await bot.ask("ben", "/due 2 KW 12")
    assert await bot.ask("ben", "/meineideen") == (
        "Ihre Ideen und Vorschläge in Musterstadt:\n"
        "• „Bänke“: Maßnahme 2, jetzt vorgeschlagen, fällig am 26.03.2027\n"
        "Mehr zu einer Maßnahme: /zeige <Nummer>"
    )
    await bot.ask("ben", "/lang en", chat="dm")
    assert await bot.ask("ben", "/myideas", chat="dm") == (
        "Your ideas and proposals in Musterstadt:\n"
        "• “Bänke”: measure 2, now proposed, due on 26 Mar 2027\n"
        "More about a measure: /show <number>"
    )
    assert "Radweg" in await bot.ask("anna", "/myideas")


async def test_a_non_member_with_ideas_is_pointed_to_her_list_when_refused(bot: Bot) -> None:
    await bot.group_with(max="member")
    await bot.ask("anna", "/bind youth", chat="jugend")
    # Before any idea, the plain refusals.
    assert "/meineideen" not in await bot.ask("zoe", "/zeige 1", chat="dm")
    assert "/meineideen" not in await bot.ask("zoe", "/massnahmen", chat="jugend")
    await bot.ask("zoe", "/propose Mehr Bänke", chat="jugend")
    await bot.ask("anna", "/accept 1")
    # Told "Sie ist jetzt Maßnahme 1", she tries to look at it.
    assert await bot.ask("zoe", "/zeige 1", chat="dm") == (
        "Du bist noch in keiner Steuerungsgruppe. Frag die Koordination nach einem "
        "Einladungscode und schreib /beitreten <Code>.\n"
        "Was aus deinen Ideen wurde: /meineideen"
    )
    assert await bot.ask("zoe", "/massnahmen", chat="jugend") == (
        "Das können nur Mitglieder der Steuerungsgruppe Musterstadt. Frag die Koordination "
        "nach einem Einladungscode und schreib /beitreten <Code>.\n"
        "Was aus deinen Ideen wurde: /meineideen"
    )
    # Someone else in the youth chat, without ideas, gets the plain refusal.
    assert "/meineideen" not in await bot.ask("finn", "/zeige 1", chat="jugend")
    # Members are refused for their role, not pointed anywhere.
    assert "/meineideen" not in await bot.ask("max", "/annehmen 1")


async def test_the_queue_refused_to_a_youth_representative_points_to_her_ideas(bot: Bot) -> None:
    await bot.group_with(ben="member", otto="observer", lea="youth")
    await bot.ask("lea", "/idee Skatepark", chat="dm")
    assert await bot.ask("lea", "/warteschlange", chat="dm") == (
        "/warteschlange dürfen nur: Koordination, Mitglied. Deine Rolle: Jugendvertretung.\n"
        "Was aus deinen Ideen wurde: /meineideen"
    )
    # she is shown only her own ideas there; a guest is not pointed to ideas
    assert "Skatepark" in await bot.ask("lea", "/meineideen", chat="dm")
    assert await bot.ask("otto", "/warteschlange") == (
        "Als Gast lesen Sie mit; /warteschlange ist für: Koordination, Mitglied."
    )


async def test_the_direct_chat_lists_the_ideas_of_every_group(bot: Bot) -> None:
    """Lea is youth representative in two towns; her direct chat speaks for one of them. What
    became of an idea sent to the other is in her list too, with how to switch there."""
    await bot.group_with(lea="youth")
    await bot.ask("carl", "/setup Beispieldorf", chat="dorf")
    await bot.ask("lea", f"/join {await bot.invite('carl', 'youth', 'dorf')}", chat="dorf")
    await bot.ask("lea", "/propose Skaterampe", chat="dm")  # joined last: Beispieldorf
    await bot.ask("carl", "/accept 1", chat="dorf")
    await bot.ask("lea", "/gruppe Musterstadt", chat="dm")
    assert await bot.ask("lea", "/meineideen", chat="dm") == (
        "Du hast in Musterstadt noch nichts vorgeschlagen. Eine Idee schickst du mit "
        "/vorschlag <Titel>.\n\n"
        "Deine Ideen und Vorschläge in Beispieldorf:\n"
        "• „Skaterampe“: Maßnahme 1, jetzt vorgeschlagen\n"
        "Befehle in diesem Chat gelten gerade für Musterstadt; /gruppe Beispieldorf wechselt zu "
        "Beispieldorf."
    )
    await bot.ask("lea", "/propose Bolzplatz", chat="dm")
    answer = await bot.ask("lea", "/meineideen", chat="dm")
    assert answer.startswith("Deine Ideen und Vorschläge in Musterstadt:\n• „Bolzplatz“")
    assert "\n\nDeine Ideen und Vorschläge in Beispieldorf:\n• „Skaterampe“" in answer
    # In a group chat the list is that group's alone.
    assert "Skaterampe" not in await bot.ask("lea", "/meineideen", chat="group")


async def test_the_note_given_with_a_postponement_is_in_the_list(bot: Bot) -> None:
    """The notice said why the idea was postponed; the list says it too, as for a drop."""
    await bot.group_with(lea="youth")
    await bot.ask("lea", "/propose Skaterampe", chat="dm")
    await bot.ask("lea", "/propose Bolzplatz", chat="dm")
    await bot.ask("anna", "/accept 1")
    await bot.ask("anna", "/accept 2")
    sent = await bot.say("anna", "/status 1 verschoben Geld fehlt bis 2028")
    assert "Die Steuerungsgruppe schreibt dazu: Geld fehlt bis 2028." in sent[-1].reply.text
    await bot.ask("anna", "/status 2 verschoben")
    assert await bot.ask("lea", "/meineideen", chat="dm") == (
        "Deine Ideen und Vorschläge in Musterstadt:\n"
        "• „Skaterampe“: Maßnahme 1, jetzt verschoben. Die Steuerungsgruppe schreibt dazu: "
        "Geld fehlt bis 2028.\n"
        "• „Bolzplatz“: Maßnahme 2, jetzt verschoben\n"
        "Mehr zu einer Maßnahme: /zeige <Nummer>"
    )
