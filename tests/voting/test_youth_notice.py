"""Youth representatives hear of a new voting round, and of its result, where they are: in the
youth chat when one is bound, otherwise in their direct chat (in the du form, with how to vote);
a minor always directly, an adult youth representative not when they chose to hear of things in
the group."""

from __future__ import annotations

from datetime import timedelta

import pytest
from sqlalchemy import select

from commands.voting import close_due_rounds
from commands.voting_notice import youth_chat_told_key
from storage.models import Round, SyncToken
from tests.harness import Bot
from tests.unit.scheduling.helpers import berlin, run_at
from tests.voting.helpers import counts, group_with_measures


@pytest.fixture
async def group(bot: Bot) -> Bot:
    await group_with_measures(bot)
    return bot


def texts(sent: list, chat: str) -> list[str]:  # type: ignore[type-arg]
    return [s.reply.text for s in sent if s.chat.chat_id == chat]


async def test_without_a_youth_chat_each_youth_representative_hears_directly(group: Bot) -> None:
    sent = await group.say("anna", '/round approval 1 2 3 closes=20.01.2027 title="Sommer"')
    (announcement,) = texts(sent, "group")
    assert "Runde 1 ist eröffnet" in announcement
    for youth in ("lea", "jonas"):
        (notice,) = texts(sent, f"dm:{youth}")
        head = notice.splitlines()[0]
        assert head == "Neue Abstimmung in Musterstadt: Runde 1 „Sommer“ (Zustimmungswahl)."
        assert "1. Skatepark" in notice and "3. Jugendraum" in notice
        assert "4. Radweg" not in notice
        assert "die du unterstützt" in notice  # du, as the bot speaks to youth
        assert "/abstimmen 1 1 2" in notice
        assert "Endet: 20.01.2027" in notice
        assert "Sie " not in notice
    # Members and observers see the announcement in the group: no direct message for them.
    assert not texts(sent, "dm:max") and not texts(sent, "dm:otto") and not texts(sent, "dm:anna")


async def test_with_a_youth_chat_the_round_is_posted_there_once(group: Bot) -> None:
    assert "Jugendchat" in await group.ask("anna", "/bind youth", chat="jugend")
    sent = await group.say("anna", "/round dot 1 2 3 4")
    (notice,) = texts(sent, "jugend")
    assert notice.startswith("Neue Abstimmung in Musterstadt: Runde 1 (Punktabfrage).")
    assert "4. Radweg zur Schule" in notice
    assert not [s for s in sent if s.chat.chat_id.startswith("dm:")]
    assert "Endet" not in notice  # no closing time: a coordinator closes it
    # Opened in the youth chat itself: worded for the youth there, saying who votes; the
    # steering chat hears of it too (in "Sie"), since the whole group votes.
    sent = await group.say("anna", "/round approval 1 2", chat="jugend")
    (youth,) = texts(sent, "jugend")
    assert "Runde 2 ist eröffnet" in youth and "die du unterstützt" in youth
    assert "Abstimmen können alle in der Steuerungsgruppe" in youth and "Sie " not in youth
    (steering,) = texts(sent, "group")
    assert "Runde 2 ist eröffnet" in steering and "die Sie unterstützen" in steering
    assert "Abstimmen können alle" not in steering
    assert not [s for s in sent if s.chat.chat_id.startswith("dm:")]
    # Both announcements show the count as ballots come in, each in its own words.
    await group.ask("max", "/vote 2 1")
    edits = {ref.chat.chat_id: reply.text for ref, reply in group.adapter.edits[-2:]}
    assert edits["jugend"].endswith("1 von 4 hat abgestimmt.")
    assert "die du unterstützt" in edits["jugend"] and "Abstimmen können alle" in edits["jugend"]
    assert edits["group"].endswith("1 von 4 hat abgestimmt.")
    assert "die Sie unterstützen" in edits["group"]


async def test_a_button_pressed_by_someone_in_the_youth_chat_who_is_no_member(
    group: Bot,
) -> None:
    """The announcement there invites everyone to ask for a code: a press by someone who is
    no member says how to join, as /abstimmen typed does (before: only who may vote)."""
    await group.ask("anna", "/bind youth", chat="jugend")
    sent = await group.say("anna", "/round approval 1 2", chat="jugend")
    (announcement,) = [s.reply for s in sent if s.chat.chat_id == "jugend"]
    answer = await group.press("tim", announcement.choices[0].action, chat="jugend")
    assert [s.reply.text for s in answer] == [
        "Das können nur Mitglieder der Steuerungsgruppe Musterstadt. Frag die Koordination "
        "nach einem Einladungscode und schreib /beitreten <Code>."
    ]
    assert await counts(group) == (1, 0, 0)  # the round, no ballot


async def test_the_youth_chat_hears_the_rules_of_a_yes_no_round_too(group: Bot) -> None:
    await group.ask("anna", "/bind youth", chat="jugend")
    sent = await group.say("anna", "/round consent 1 2 quorum=60%")
    (steering,) = texts(sent, "group")
    (notice,) = texts(sent, "jugend")
    for rule in (
        "Ein Beschluss über alle 2 Maßnahmen zusammen: Ja heißt Ja zu allen.",
        "Quorum: 60 % der Stimmberechtigten.",
    ):
        assert rule in steering and rule in notice
    assert notice.endswith(
        "Ein festes Ende gibt es nicht: Die Koordination schließt die Runde, und das Ergebnis "
        "kommt dann hierher."
    )
    sent = await group.say("anna", "/round approval 1 2 quorum=50% closes=20.01.2027")
    (notice,) = texts(sent, "jugend")
    assert "Quorum: 50 % der Stimmberechtigten; stimmen weniger ab, gilt das Ergebnis" in notice
    assert "Endet: 20.01.2027" in notice and "festes Ende" not in notice
    assert "Sie " not in notice


async def test_the_group_channel_is_respected_but_never_for_a_minor(group: Bot) -> None:
    await group.ask("lea", "/reminders channel=group")
    await group.ask("jonas", "/reminders channel=group")
    await group.ask("anna", "/minor Jonas on")
    sent = await group.say("anna", "/round approval 1 2")
    assert not texts(sent, "dm:lea")  # she sees the announcement in the group, as she chose
    (notice,) = texts(sent, "dm:jonas")  # a minor is reached only in a direct chat
    assert "Runde 1" in notice


async def test_a_secret_round_says_how_to_vote_in_secret(group: Bot) -> None:
    sent = await group.say("anna", "/round ranked 1 2 3 secret")
    (notice,) = texts(sent, "dm:lea")
    assert "geheim" in notice
    assert "Sie " not in notice and "Ihr" not in notice
    assert "/abstimmen 1 2>1" in notice


async def test_no_youth_no_notice(bot: Bot) -> None:
    await bot.group_with(max="member")
    for title in ("Skatepark", "Radweg"):
        await bot.ask("anna", f"/propose {title}")
    sent = await bot.say("anna", "/round approval 1 2")
    assert [s.chat.chat_id for s in sent] == ["group"]


# ---------------------------------------------------------------- the result


async def test_a_closed_round_s_result_reaches_each_youth_representative(group: Bot) -> None:
    await group.ask("anna", '/round approval 1 2 3 title="Sommer"')
    await group.ask("lea", "/vote 1 1 3", chat="dm")
    await group.ask("max", "/vote 1 1")
    await group.ask("lea", "/lang en", chat="dm")
    sent = await group.say("anna", "/close 1")
    assert "Ergebnis der Runde 1" in texts(sent, "group")[0]
    (jonas,) = [s for s in sent if s.chat.chat_id == "dm:jonas"]
    lines = jonas.reply.text.splitlines()
    assert lines[0] == "Die Abstimmung in Musterstadt ist vorbei."
    assert lines[1] == "Ergebnis der Runde 1 (Zustimmungswahl): Sommer"
    assert "Nr. 1 Skatepark" in jonas.reply.text and "Jugendvotum" in jonas.reply.text
    assert jonas.reply.attachments  # the chart, as in the group
    (lea,) = texts(sent, "dm:lea")  # in the language she chose
    assert lea.startswith("The vote in Musterstadt is over.\nResult of round 1")
    assert not texts(sent, "dm:max") and not texts(sent, "dm:otto") and not texts(sent, "dm:anna")


async def test_with_a_youth_chat_the_result_is_posted_there_once(group: Bot) -> None:
    assert "Jugendchat" in await group.ask("anna", "/bind youth", chat="jugend")
    await group.ask("anna", "/round approval 1 2 closes=12.1.2027 18:00")
    await group.ask("anna", "/round approval 3 4")
    group.adapter.pop()
    group.clock.advance(timedelta(days=2))
    assert await close_due_rounds(group.app.services, group.clock.now()) == 1
    sent = group.adapter.pop()
    assert [s.chat.chat_id for s in sent] == ["group", "jugend"]
    assert sent[1].reply.text.startswith("Die Abstimmung in Musterstadt ist vorbei.\nErgebnis")
    await close_due_rounds(group.app.services, group.clock.now() + timedelta(minutes=5))
    assert group.adapter.pop() == []  # once
    # Closed in the youth chat itself, the answer there is all the youth chat gets; the
    # steering group's chat, where the round was announced, hears the result too.
    sent = await group.say("anna", "/close 2", chat="jugend")
    assert [s.chat.chat_id for s in sent] == ["jugend", "group"]
    assert "Ergebnis" in sent[1].reply.text and "Runde 2" in sent[1].reply.text


RECORD = "Die Koordination trägt den Beschluss mit /stand 1 2 beschlossen ein."
ENTERED = "Die Koordination trägt den Beschluss jetzt in den Aktionsplan ein."


async def test_an_adopted_decision_tells_the_youth_what_happens_not_what_to_type(
    group: Bot,
) -> None:
    """Youth representatives cannot record a decision: the result in the youth chat (and
    /results there) says that the coordination does, not which commands it types; the
    steering chat keeps the commands."""
    await group.ask("anna", "/bind youth", chat="jugend")
    await group.ask("anna", "/runde beschluss 1 2")
    await group.ask("max", "/vote 1 ja")
    await group.ask("lea", "/vote 1 ja", chat="dm")
    sent = await group.say("anna", "/schliessen 1")
    (steering,) = texts(sent, "group")
    (youth,) = texts(sent, "jugend")
    assert steering.endswith(RECORD)
    assert youth.endswith(ENTERED) and "/stand" not in youth
    assert (await group.ask("lea", "/ergebnis 1", chat="jugend")).endswith(ENTERED)
    assert (await group.ask("anna", "/ergebnis 1", chat="jugend")).endswith(ENTERED)
    assert (await group.ask("lea", "/ergebnis 1", chat="dm")).endswith(ENTERED)
    assert (await group.ask("max", "/ergebnis 1")).endswith(RECORD)
    # Closed in the youth chat: the answer there is for the youth, the steering chat's not.
    await group.ask("anna", "/runde beschluss 3")
    await group.ask("max", "/vote 2 ja")
    sent = await group.say("anna", "/schliessen 2", chat="jugend")
    (youth,) = texts(sent, "jugend")
    (steering,) = texts(sent, "group")
    assert youth.endswith(ENTERED)
    assert steering.endswith("/stand 3 beschlossen ein.")


async def test_without_a_youth_chat_the_youth_hear_directly_what_happens(group: Bot) -> None:
    await group.ask("anna", "/runde beschluss 1 2")
    await group.ask("max", "/vote 1 ja")
    sent = await group.say("anna", "/schliessen 1")
    assert texts(sent, "group")[0].endswith(RECORD)
    for youth in ("lea", "jonas"):
        (result,) = texts(sent, f"dm:{youth}")
        assert result.endswith(ENTERED) and "/stand" not in result


async def test_the_youth_chat_that_heard_of_a_round_hears_its_result_without_youth_left(
    group: Bot,
) -> None:
    """The round was announced in the youth chat, then its youth representatives became
    members: the result still goes there (before: only to the steering chat), whether the
    round closes at its time or by /close. A round announced while the group had no youth
    representative is not posted there."""
    await group.ask("anna", "/bind youth", chat="jugend")
    await group.ask("anna", "/round approval 1 2 closes=12.1.2027 18:00")
    await group.ask("anna", "/round approval 3 4")
    for youth in ("lea", "jonas"):
        assert "Mitglied" in await group.ask("anna", f"/rolle {youth} mitglied")
    await group.ask("anna", "/round approval 1 3")
    group.adapter.pop()
    group.clock.advance(timedelta(days=2))
    assert await close_due_rounds(group.app.services, group.clock.now()) == 1
    sent = group.adapter.pop()
    assert [s.chat.chat_id for s in sent] == ["group", "jugend"]
    assert sent[1].reply.text.startswith("Die Abstimmung in Musterstadt ist vorbei.\nErgebnis")
    sent = await group.say("anna", "/close 2")
    assert [s.chat.chat_id for s in sent] == ["group", "jugend"]
    sent = await group.say("anna", "/close 3")
    assert [s.chat.chat_id for s in sent] == ["group"]


async def test_the_result_respects_the_group_channel_but_never_for_a_minor(group: Bot) -> None:
    await group.ask("lea", "/reminders channel=group")
    await group.ask("jonas", "/reminders channel=group")
    await group.ask("anna", "/minor Jonas on")
    await group.ask("anna", "/round approval 1 2")
    sent = await group.say("anna", "/close 1")
    assert not texts(sent, "dm:lea")  # she has it in the group, where she chose to hear of things
    (result,) = texts(sent, "dm:jonas")
    assert "Ergebnis der Runde 1" in result


async def test_a_dot_round_tells_the_youth_their_points_and_the_example_fits_them(
    group: Bot,
) -> None:
    sent = await group.say("anna", "/runde punkte 1 2")  # two measures: one point by default
    (announcement,) = texts(sent, "group")
    assert "Jede Person hat 1 Punkt, höchstens 1 auf eine Maßnahme." in announcement
    assert "z. B. /abstimmen 1 1=1." in announcement  # an example that can be sent
    (notice,) = texts(sent, "dm:jonas")
    assert "Jede Person hat 1 Punkt, höchstens 1 auf eine Maßnahme." in notice
    assert "z. B. /abstimmen 1 1=1." in notice
    assert "gespeichert: Maßnahme 1: 1 Punkt." in await group.ask(
        "jonas", "/abstimmen 1 1=1", chat="dm"
    )
    sent = await group.say("anna", "/runde punkte 1 2 3 punkte=2 max=1")
    assert "z. B. /abstimmen 2 1=1 2=1." in texts(sent, "group")[0]
    assert "z. B. /abstimmen 2 1=1 2=1." in texts(sent, "dm:jonas")[0]


async def test_an_unbound_youth_chat_is_left_and_the_youth_hear_directly(group: Bot) -> None:
    """/binden jugend aus: only a coordinator of the group, in the youth chat; the steering
    chat is told; ideas typed there are no longer taken, and the next round reaches the youth
    representatives in their direct chats, not the former youth chat."""
    await group.ask("anna", "/bind youth", chat="jugend")
    refusal = "Nur eine Koordination von Musterstadt kann den Jugendchat lösen."
    assert await group.ask("lea", "/binden jugend aus", chat="jugend") == refusal
    assert await group.ask("kim", "/binden jugend aus", chat="jugend") == refusal
    assert "Runde 1" in "".join(texts(await group.say("anna", "/round dot 1 2"), "jugend"))
    sent = await group.say("anna", "/binden jugend aus", chat="jugend")
    (gone,) = texts(sent, "jugend")
    assert gone.startswith("Dieser Chat ist nicht mehr der Jugendchat von Musterstadt")
    (told,) = texts(sent, "group")
    assert told.startswith("Anna hat den Jugendchat von Musterstadt gelöst.")
    assert "/binden jugend in diesem Chat" in told
    idea = await group.ask("kim", "/vorschlag Graffitiwand", chat="jugend")
    assert idea.startswith("Dieser Chat ist noch keine Steuerungsgruppe")
    assert (
        await group.ask("anna", "/warteschlange") == "Es warten keine Ideen der Jugendvertretung."
    )
    sent = await group.say("anna", "/round approval 1 2")
    assert not texts(sent, "jugend")
    assert "Runde 2" in texts(sent, "dm:lea")[0]
    # Nothing left to unbind, here or there.
    assert "nichts zu lösen" in await group.ask("anna", "/bind youth off", chat="jugend")
    assert await group.ask("anna", "/binden jugend aus") == (
        "Musterstadt hat keinen Jugendchat, den ich lösen könnte."
    )


async def test_the_youth_chat_is_unbound_from_the_steering_chat_when_it_is_out_of_reach(
    group: Bot,
) -> None:
    await group.ask("anna", "/bind youth", chat="jugend")
    assert "Nur eine Koordination" in await group.ask("max", "/binden jugend aus")
    sent = await group.say("anna", "/binden jugend aus")
    assert texts(sent, "group")[0].startswith("Anna hat den Jugendchat von Musterstadt gelöst.")
    assert texts(sent, "jugend")[0].startswith("Dieser Chat ist nicht mehr der Jugendchat")
    assert "Jugendchat von Musterstadt" in await group.ask("anna", "/bind youth", chat="jugend2")


async def test_a_close_tallies_once_for_every_chat_and_language(
    group: Bot, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The result goes to the steering chat (German) and the youth chat (English), and the
    youth vote is shown apart: one tally of all ballots and one of the youth's, not one per
    message."""
    import commands.voting_results as results
    from tests.voting.helpers import add_voters

    calls: list[str] = []
    tally = results.tally

    def counted(*args, **kwargs):  # type: ignore[no-untyped-def]
        calls.append("youth" if kwargs.get("subset") is not None else "all")
        return tally(*args, **kwargs)

    monkeypatch.setattr(results, "tally", counted)
    await add_voters(group, 1, role="youth", prefix="mia")
    await group.ask("anna", "/binden jugend", chat="jugend")
    await group.ask("anna", "/sprache en", chat="jugend")
    await group.ask("anna", "/runde zustimmung 1 2")
    for voter in ("lea", "jonas", "mia0", "max"):
        await group.ask(voter, "/abstimmen 1 1")
    calls.clear()
    sent = await group.say("anna", "/schliessen 1")
    assert "Jugendvotum: 3" in texts(sent, "group")[0]
    assert texts(sent, "jugend")[0].startswith("The vote in Musterstadt is over.")
    assert "Youth vote: 3" in texts(sent, "jugend")[0]
    assert sorted(calls) == ["all", "youth"]
    # Closed by the scheduler: the same, for the result the sweep posts.
    await group.ask("anna", "/runde zustimmung 3 4 schliesst=12.1.2027 18:00")
    for voter in ("lea", "jonas", "mia0"):
        await group.ask(voter, "/abstimmen 2 3")
    calls.clear()
    group.adapter.pop()
    group.clock.advance(timedelta(days=2))
    assert await close_due_rounds(group.app.services, group.clock.now()) == 1
    sent = group.adapter.pop()
    assert "Jugendvotum: 3" in texts(sent, "group")[0]
    assert "Youth vote: 3" in texts(sent, "jugend")[0]
    assert sorted(calls) == ["all", "youth"]  # the close's tally, kept for the post


async def test_a_notice_to_a_direct_chat_about_another_town_says_how_to_switch(
    group: Bot,
) -> None:
    # Lea joins Beispieldorf later: her direct chat now speaks for Beispieldorf.
    await group.ask("carl", "/setup Beispieldorf", chat="dorf")
    code = await group.invite("carl", "member", "dorf")
    await group.ask("lea", f"/join {code}", chat="dorf")
    sent = await group.say("anna", "/round approval 1 2 3")
    (notice,) = texts(sent, "dm:lea")
    assert "/abstimmen 1 1 2" in notice
    assert notice.endswith(
        "Befehle in diesem Chat gelten gerade für Beispieldorf; /gruppe Musterstadt wechselt zu "
        "Musterstadt."
    )
    # Jonas's direct chat speaks for Musterstadt: nothing to switch.
    (other,) = texts(sent, "dm:jonas")
    assert "/gruppe" not in other


async def test_a_round_opened_at_night_reaches_youth_representatives_in_the_morning(
    group: Bot,
) -> None:
    group.clock.set(berlin(2027, 1, 11, 23, 0))
    sent = await group.say("anna", '/round approval 1 2 3 closes=20.01.2027 title="Sommer"')
    assert "Runde 1 ist eröffnet" in texts(sent, "group")[0]
    assert not texts(sent, "dm:lea") and not texts(sent, "dm:jonas")
    morning = await run_at(group, berlin(2027, 1, 12, 7, 0))
    for youth in ("lea", "jonas"):
        (notice,) = texts(morning, f"dm:{youth}")
        assert notice.startswith("Neue Abstimmung in Musterstadt: Runde 1 „Sommer“")
    # One closing before the quiet hours end is told at once; one closed early by the morning
    # is not told.
    group.clock.set(berlin(2027, 1, 12, 22, 0))
    sent = await group.say("anna", "/round approval 2 3 closes=13.01.2027 06:30")
    (notice,) = texts(sent, "dm:lea")
    assert notice.startswith("Neue Abstimmung in Musterstadt: Runde 2 (Zustimmungswahl).")
    sent = await group.say("anna", "/round approval 1 3 closes=20.01.2027")
    assert "Runde 3 ist eröffnet" in texts(sent, "group")[0]
    assert not texts(sent, "dm:lea")
    await group.ask("anna", "/close 3 now")
    morning = texts(await run_at(group, berlin(2027, 1, 13, 7, 0)), "dm:lea")
    # Only its result, which waited for the morning too.
    (result,) = [text for text in morning if "Runde 3" in text]
    assert result.startswith("Die Abstimmung in Musterstadt ist vorbei.\nErgebnis der Runde 3")


async def test_a_youth_representative_missing_her_choice_reads_it_in_lower_case(
    group: Bot,
) -> None:
    """In the du form only the start of a sentence is capitalised: "deine Auswahl", as "Ihre"
    is capitalised for Sie."""
    await group.ask("anna", "/round approval 1 2 3")
    answer = await group.ask("lea", "/abstimmen 1", chat="dm")
    assert answer.startswith("Es fehlt noch: deine Auswahl.")
    assert (await group.ask("max", "/abstimmen 1", chat="dm")).startswith(
        "Es fehlt noch: Ihre Auswahl."
    )


async def youth_chat_told(bot: Bot) -> list[int]:
    """The numbers of the rounds the key-value store keeps as told in the youth chat."""
    async with bot.app.sessions() as s:
        keys = set(await s.scalars(select(SyncToken.key)))
        rounds = await s.scalars(select(Round).order_by(Round.number))
        return [r.number for r in rounds if youth_chat_told_key(r.id) in keys]


async def test_a_round_told_in_the_youth_chat_is_forgotten_as_told_however_it_closes(
    group: Bot,
) -> None:
    """What marks a round as announced in the youth chat (so that its result follows) goes
    with the close: by /close, by its button, and at its closing time."""
    await group.ask("anna", "/bind youth", chat="jugend")
    await group.ask("anna", "/round approval 1 2")
    await group.ask("anna", "/round approval 3 4 closes=13.01.2027 18:00")
    await group.ask("anna", "/round approval 1 3 closes=12.01.2027 18:00")
    assert await youth_chat_told(group) == [1, 2, 3]
    sent = await group.say("anna", "/close 1")
    assert [s.chat.chat_id for s in sent if "Ergebnis" in s.reply.text] == ["group", "jugend"]
    assert await youth_chat_told(group) == [2, 3]
    (asked,) = await group.say("anna", "/close 2")
    sent = await group.press("anna", asked.reply.choices[0].action)
    assert [s.chat.chat_id for s in sent if "Ergebnis" in s.reply.text] == ["group", "jugend"]
    assert await youth_chat_told(group) == [3]
    group.clock.advance(timedelta(days=2))
    assert await close_due_rounds(group.app.services, group.clock.now()) == 1
    assert [s.chat.chat_id for s in group.adapter.pop() if "Ergebnis" in s.reply.text] == [
        "group",
        "jugend",
    ]
    assert await youth_chat_told(group) == []
