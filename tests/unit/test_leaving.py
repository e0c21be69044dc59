"""/leave (/austreten): someone leaves the steering group on their own, after saying yes; the
measures they were responsible for are flagged; the last coordinator cannot leave."""

from __future__ import annotations

from sqlalchemy import func, select

from storage.models import Membership
from tests.harness import Bot


async def members(bot: Bot) -> int:
    async with bot.app.sessions() as s:
        return int(await s.scalar(select(func.count()).select_from(Membership)) or 0)


async def test_leaving_from_the_direct_chat(backend_bot: Bot) -> None:
    bot = backend_bot
    await bot.group_with(ben="member")
    await bot.ask("anna", "/propose Spielplatz")
    await bot.ask("anna", "/assign 1 ben")
    asked = await bot.ask("ben", "/austreten", chat="dm")
    assert asked.startswith("Möchten Sie die Steuerungsgruppe Musterstadt verlassen?")
    assert "Zum Austreten drücken Sie die Schaltfläche." in asked
    assert await members(bot) == 2
    # In a direct chat only the button leaves, which names its group: a typed yes asks again.
    for unsure in ("vielleicht", "1", "an", "nein", "ja"):
        again = await bot.ask("ben", f"/austreten {unsure}", chat="dm")
        assert again == asked
    assert await members(bot) == 2
    (question,) = await bot.say("ben", "/austreten", chat="dm")
    (button,) = question.reply.choices
    assert button.label == "Musterstadt verlassen"
    sent = await bot.press("ben", button.action, chat="dm")
    assert [(s.chat.chat_id, s.reply.text.splitlines()[0]) for s in sent] == [
        (
            "dm:ben",
            "Sie haben die Steuerungsgruppe Musterstadt verlassen. Ihre Vorschläge bleiben. Um "
            "zurückzukommen, bitten Sie die Koordination um einen Einladungscode.",
        ),
        ("group", "Ben hat die Steuerungsgruppe verlassen."),
        (
            "group",
            "Hinweis für die Koordination: Ein Mitglied ist ausgeschieden, und diese Maßnahmen "
            "haben keine verantwortliche Person mehr:",
        ),
    ]
    assert await members(bot) == 1
    assert "Verantwortlich" not in await bot.ask("anna", "/show 1")
    assert (await bot.ask("anna", "/verlauf 1")).endswith(
        "· Ben · verantwortlich: Ben → — (hat die Gruppe verlassen)"
    )
    # Ben has left: not "not yet" in a group, but no longer, and how to come back.
    gone = (
        "Sie sind in keiner Steuerungsgruppe mehr. Um wieder mitzumachen, bitten Sie die "
        "Koordination um einen neuen Einladungscode und schreiben Sie /beitreten <Code>."
    )
    for typed in ("/measures", "/uebersicht", "/stand 1 umgesetzt", "/gruppe"):
        assert await bot.ask("ben", typed, chat="dm") == gone
    # Someone who was never in a group is still told "not yet".
    assert "noch in keiner Steuerungsgruppe" in await bot.ask("zed", "/uebersicht", chat="dm")


async def test_leaving_in_the_group_chat_in_du_and_the_last_coordinator_stays(bot: Bot) -> None:
    await bot.group_with(lea="youth")
    assert (await bot.ask("lea", "/leave")).startswith(
        "Möchtest du die Steuerungsgruppe Musterstadt verlassen?"
    )
    sent = await bot.say("lea", "/leave yes")
    # The group chat reads about her (not "Du hast …", which would address everyone there);
    # she is told in her direct chat.
    assert [(s.chat.chat_id, s.reply.text) for s in sent] == [
        ("group", "Jugendvertretung hat die Steuerungsgruppe verlassen."),
        (
            "dm:lea",
            "Du hast die Steuerungsgruppe Musterstadt verlassen. Deine Vorschläge bleiben. Um "
            "zurückzukommen, bitte die Koordination um einen Einladungscode.",
        ),
    ]
    assert await bot.ask("anna", "/austreten ja") == (
        "Sie sind die einzige Koordination von Musterstadt. Machen Sie zuerst jemand anderen "
        "zur Koordination (/rolle <Name> koordination)."
    )
    assert await members(bot) == 1


async def test_in_several_groups_a_yes_sent_twice_from_the_direct_chat_leaves_one_group(
    bot: Bot,
) -> None:
    """In a direct chat that speaks for one of several groups, a typed yes would count for
    whichever group the chat speaks for when it arrives: sent twice, the second would leave the
    next group. There the question comes with a button that names its group."""
    await bot.group_with(ben="member")
    await bot.ask("otto", "/setup Nachbarstadt", chat="room2")
    code = await bot.invite("otto", "member", "room2")
    await bot.ask("ben", f"/join {code}", chat="room2")
    assert await members(bot) == 4
    (asked,) = await bot.say("ben", "/austreten ja", chat="dm")
    assert asked.reply.text.startswith(
        "[Nachbarstadt]\nMöchten Sie die Steuerungsgruppe Nachbarstadt verlassen?"
    )
    assert "drücken Sie die Schaltfläche" in asked.reply.text
    (button,) = asked.reply.choices
    assert button.label == "Nachbarstadt verlassen"
    again = await bot.ask("ben", "/austreten ja", chat="dm")
    assert await members(bot) == 4  # a typed yes left nothing
    assert again == asked.reply.text
    sent = await bot.press("ben", button.action, chat="dm")
    # The answer says which group the direct chat speaks for now (it has no heading any more).
    assert sent[0].reply.text == (
        "Sie haben die Steuerungsgruppe Nachbarstadt verlassen. Ihre Vorschläge bleiben. Um "
        "zurückzukommen, bitten Sie die Koordination um einen Einladungscode.\n"
        "Ihre Befehle in diesem Chat gelten jetzt für Musterstadt."
    )
    assert ("room2", "Ben hat die Steuerungsgruppe verlassen.") in [
        (s.chat.chat_id, s.reply.text) for s in sent
    ]
    assert await members(bot) == 3
    pressed_again = await bot.press("ben", button.action, chat="dm")
    assert [s.reply.text for s in pressed_again] == [
        "Sie sind nicht mehr in der Steuerungsgruppe Nachbarstadt."
    ]
    assert await members(bot) == 3
    # Now in one group: the yes typed (again) does not leave it unasked.
    left = await bot.ask("ben", "/austreten ja", chat="dm")
    assert left.startswith("Möchten Sie die Steuerungsgruppe Musterstadt verlassen?")
    assert await members(bot) == 3
    assert "Musterstadt" in await bot.ask("ben", "/gruppe", chat="dm")


async def test_a_coordinator_does_not_remove_herself_unasked(bot: Bot) -> None:
    await bot.group_with(ben="coordinator")
    assert await bot.ask("anna", "/entfernen anna") == (
        "Um selbst aus der Gruppe auszutreten: /austreten."
    )
    assert await members(bot) == 2
    assert "Ben ist nicht mehr in der Gruppe." in await bot.ask("anna", "/entfernen ben")


async def test_removing_a_member_tells_the_coordinators_how_to_hand_on_their_measures(
    bot: Bot,
) -> None:
    """The note about the measures nobody is responsible for now ends with the command that
    makes someone responsible, as the digest's does."""
    await bot.group_with(ben="member")
    await bot.ask("anna", "/propose Spielplatz")
    await bot.ask("anna", "/propose Radweg")
    await bot.ask("anna", "/assign 1 ben")
    await bot.ask("anna", "/assign 2 ben")
    sent = await bot.say("anna", "/entfernen ben")
    assert [s.reply.text for s in sent if s.chat.chat_id == "group"][-1] == (
        "Hinweis für die Koordination: Ein Mitglied ist ausgeschieden, und diese Maßnahmen "
        "haben keine verantwortliche Person mehr:\n"
        "• 1. Spielplatz\n"
        "• 2. Radweg\n"
        "Wer übernimmt sie? /zuweisen <Nummer> <wer>"
    )


async def test_leaving_in_the_youth_chat_is_told_in_the_steering_chat(bot: Bot) -> None:
    await bot.group_with(lea="youth")
    await bot.ask("anna", "/binden jugend", chat="jugend")
    sent = await bot.say("lea", "/austreten ja", chat="jugend")
    assert [(s.chat.chat_id, s.reply.text.splitlines()[0]) for s in sent] == [
        ("jugend", "Jugendvertretung hat die Steuerungsgruppe verlassen."),
        (
            "dm:lea",
            "Du hast die Steuerungsgruppe Musterstadt verlassen. Deine Vorschläge bleiben. Um "
            "zurückzukommen, bitte die Koordination um einen Einladungscode.",
        ),
        ("group", "Jugendvertretung hat die Steuerungsgruppe verlassen."),
    ]


async def test_leaving_in_the_group_chat_names_the_adult_who_left(bot: Bot) -> None:
    await bot.group_with(ben="member")
    await bot.ask("anna", "/propose Spielplatz")
    await bot.ask("anna", "/assign 1 ben")
    sent = await bot.say("ben", "/austreten ja")
    assert [(s.chat.chat_id, s.reply.text.splitlines()[0]) for s in sent] == [
        ("group", "Ben hat die Steuerungsgruppe verlassen."),
        (
            "dm:ben",
            "Sie haben die Steuerungsgruppe Musterstadt verlassen. Ihre Vorschläge bleiben. Um "
            "zurückzukommen, bitten Sie die Koordination um einen Einladungscode.",
        ),
        (
            "group",
            "Hinweis für die Koordination: Ein Mitglied ist ausgeschieden, und diese Maßnahmen "
            "haben keine verantwortliche Person mehr:",
        ),
    ]


async def test_a_guest_is_asked_to_leave_without_measures_or_votes(bot: Bot) -> None:
    await bot.group_with(otto="observer", ben="member")
    guest = (
        "Möchten Sie die Steuerungsgruppe Musterstadt verlassen? Zurück kommen Sie nur mit "
        "einem neuen Einladungscode."
    )
    assert (await bot.ask("otto", "/austreten")).startswith(
        guest + " Zum Austreten schreiben Sie /austreten ja."
    )
    assert (await bot.ask("otto", "/austreten", chat="dm")).startswith(
        guest + " Zum Austreten drücken Sie die Schaltfläche."
    )
    # A member still hears what happens to their measures, proposals and votes.
    assert "Ihre Vorschläge und Ihre Stimmen" in await bot.ask("ben", "/austreten", chat="dm")
    # Gone, the guest is not told that proposals they never made stay.
    sent = await bot.say("otto", "/austreten ja")
    assert [s.reply.text for s in sent if s.chat.chat_id == "dm:otto"] == [
        "Sie haben die Steuerungsgruppe Musterstadt verlassen. Um zurückzukommen, bitten Sie "
        "die Koordination um einen Einladungscode."
    ]
    sent = await bot.say("ben", "/austreten ja")
    assert any("Ihre Vorschläge bleiben" in s.reply.text for s in sent), sent


async def test_the_leave_question_speaks_of_measures_only_to_someone_responsible_for_one(
    bot: Bot,
) -> None:
    """A youth representative responsible for no measure is not told that "the measures you are
    responsible for will have nobody" (which confused a fifteen-year-old); Ben, responsible for
    one, is; both hear that proposals and votes stay."""
    await bot.group_with(ben="member", lea="youth")
    await bot.ask("anna", "/propose Spielplatz")
    await bot.ask("anna", "/assign 1 ben")
    assert await bot.ask("lea", "/leave") == (
        "Möchtest du die Steuerungsgruppe Musterstadt verlassen? Deine Vorschläge und deine "
        "Stimmen in abgeschlossenen Runden bleiben. Zurück kommst du nur mit einem neuen "
        "Einladungscode. Zum Austreten schreib /leave ja. (Wenn stattdessen alles über dich "
        "gelöscht werden soll: /vergessen.)"
    )
    assert await bot.ask("ben", "/austreten", chat="dm") == (
        "Möchten Sie die Steuerungsgruppe Musterstadt verlassen? Für die Maßnahmen, für die Sie "
        "verantwortlich sind, ist dann niemand mehr verantwortlich; Ihre Vorschläge und Ihre "
        "Stimmen in abgeschlossenen Runden bleiben. Zurück kommen Sie nur mit einem neuen "
        "Einladungscode. Zum Austreten drücken Sie die Schaltfläche. (Wenn stattdessen alles über "
        "Sie gelöscht werden soll: /vergessen.)"
    )


async def test_group_leave_points_to_leave_which_asks_first(bot: Bot) -> None:
    """ "/gruppe verlassen" is what many type to leave: it says how (before: the group's name,
    and in the direct chat that no group is called "verlassen"); nobody has left by it."""
    await bot.group_with(ben="member", lea="youth")
    assert await bot.ask("ben", "/gruppe verlassen") == (
        "Um die Steuerungsgruppe Musterstadt zu verlassen, schreiben Sie /austreten; ich frage "
        "vorher noch einmal nach."
    )
    assert (await bot.ask("lea", "/gruppe verlassen", chat="dm")).startswith(
        "Um die Steuerungsgruppe Musterstadt zu verlassen, schreib /austreten;"
    )
    await bot.ask("ben", "/sprache en", chat="dm")
    assert (await bot.ask("ben", "/group leave", chat="dm")).startswith(
        "To leave the steering group Musterstadt, write /leave;"
    )
    assert "Mitglied: Ben" in await bot.ask("anna", "/mitglieder")
    assert "Jugendvertretung" in await bot.ask("anna", "/mitglieder")
    assert "Your steering group: Musterstadt" in await bot.ask("ben", "/group", chat="dm")


async def test_group_leave_tells_the_only_coordinator_to_hand_over_first(bot: Bot) -> None:
    """ "/gruppe verlassen" from the only coordinator does not point to /austreten, which would
    refuse her: it says to hand the coordination over first."""
    await bot.group_with(ben="member")
    assert await bot.ask("anna", "/gruppe verlassen") == (
        "Sie sind die einzige Koordination von Musterstadt. Um auszutreten, übergeben Sie "
        "zuerst die Koordination (/rolle <Name> koordination), dann /austreten."
    )
    await bot.ask("anna", "/rolle ben koordination")
    assert (await bot.ask("anna", "/gruppe verlassen")).startswith(
        "Um die Steuerungsgruppe Musterstadt zu verlassen, schreiben Sie /austreten;"
    )
