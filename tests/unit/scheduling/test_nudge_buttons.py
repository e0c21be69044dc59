"""The buttons under a due-date nudge: the person responsible answers with one press, as
/status and /due would, with their checks; nothing moves twice."""

from __future__ import annotations

import dataclasses
from datetime import date

from adapters.memory import Sent
from tests.harness import Bot
from tests.unit.scheduling.helpers import add_measure, berlin, run_at


def labels(sent: list, chat: str) -> list[list[str]]:  # type: ignore[type-arg]
    return [[c.label for c in s.reply.choices] for s in sent if s.chat.chat_id == chat]


def texts(sent: list, chat: str) -> list[str]:  # type: ignore[type-arg]
    return [s.reply.text for s in sent if s.chat.chat_id == chat]


async def test_the_person_responsible_answers_a_nudge_with_a_press(backend_bot: Bot) -> None:
    bot = backend_bot  # on SQLite and PostgreSQL
    await bot.group_with(ben="member")
    await add_measure(bot, "Spielplatz", due=date(2027, 2, 18), responsible="ben")
    await bot.app.reminders.plan()
    sent = await run_at(bot, berlin(2027, 2, 15, 9, 0))  # three days before
    (nudge,) = [s for s in sent if s.chat.chat_id == "dm:ben"]
    assert nudge.reply.text.startswith("Erinnerung: Maßnahme 1 „Spielplatz“ ist am 18.02.2027")
    assert [c.label for c in nudge.reply.choices] == [
        "In Umsetzung",
        "Umgesetzt",
        "Frist 2 Wochen später",
    ]
    progress, done, later = (c.action for c in nudge.reply.choices)
    # Two weeks more: once, however often it is pressed.
    assert texts(await bot.press("ben", later, chat="dm"), "dm:ben") == [
        "Maßnahme 1 „Spielplatz“ ist fällig am 04.03.2027."
    ]
    assert texts(await bot.press("ben", later, chat="dm"), "dm:ben") == [
        "Die Frist von Maßnahme 1 wurde seit dieser Erinnerung geändert; sie ist jetzt am "
        "04.03.2027 fällig. /frist 1 <Datum> setzt eine andere."
    ]
    assert texts(await bot.press("ben", progress, chat="dm"), "dm:ben") == [
        "Maßnahme 1 „Spielplatz“: beschlossen → in Umsetzung."
    ]
    assert texts(await bot.press("ben", progress, chat="dm"), "dm:ben") == [
        "Maßnahme 1 ist schon in Umsetzung; es wurde nichts geändert."
    ]
    await bot.press("ben", done, chat="dm")
    history = await bot.ask("anna", "/verlauf 1")
    assert "Ben · Frist: 18.02.2027 → 04.03.2027" in history
    assert "Ben · Status: in Umsetzung → umgesetzt" in history
    # Done: no more nudges, and so no more buttons.
    assert texts(await run_at(bot, berlin(2027, 3, 4, 9, 0)), "dm:ben") == []


async def test_the_buttons_offer_what_the_person_may_do(bot: Bot) -> None:
    await bot.group_with(ben="member", lea="youth")
    await add_measure(bot, "Spielplatz", due=date(2027, 2, 18), responsible="lea")
    await add_measure(bot, "Radweg", due=date(2027, 2, 18), responsible="ben", status="proposed")
    await bot.app.reminders.plan()
    sent = await run_at(bot, berlin(2027, 2, 15, 9, 0))
    # A youth representative reports progress; a new due date is the group's to set.
    assert labels(sent, "dm:lea") == [["In Umsetzung", "Umgesetzt"]]
    # Not decided yet: no step to report, only more time.
    assert labels(sent, "dm:ben") == [["Frist 2 Wochen später"]]
    (lea_nudge,) = [s for s in sent if s.chat.chat_id == "dm:lea"]
    assert texts(
        await bot.press("lea", lea_nudge.reply.choices[0].action, chat="dm"), "dm:lea"
    ) == ["Maßnahme 1 „Spielplatz“: beschlossen → in Umsetzung."]
    # Someone who left the group cannot press the button any more, and learns why.
    (ben_nudge,) = [s for s in sent if s.chat.chat_id == "dm:ben"]
    await bot.ask("ben", "/austreten ja")
    assert texts(
        await bot.press("ben", ben_nudge.reply.choices[0].action, chat="dm"), "dm:ben"
    ) == ["Diese Schaltfläche gilt nicht mehr: Sie sind nicht mehr in Musterstadt."]
    # A youth representative who left is told in "du".
    await bot.ask("lea", "/austreten ja")
    assert texts(
        await bot.press("lea", lea_nudge.reply.choices[1].action, chat="dm"), "dm:lea"
    ) == ["Diese Schaltfläche gilt nicht mehr: Du bist nicht mehr in Musterstadt."]
    assert "Frist: 18.02.2027" in await bot.ask("anna", "/zeige 2")


async def test_a_malformed_or_stale_nudge_button_gets_a_clear_answer(bot: Bot) -> None:
    await bot.group_with(ben="member")
    await add_measure(bot, "Spielplatz", due=date(2027, 2, 18), responsible="ben")
    for ref in ("nudge", "nudge:abc", "nudge:1", "nudge:1:fly", "nudge:1:later", "nudge:99:done"):
        assert texts(await bot.press("ben", ref, chat="dm"), "dm:ben") == [
            "Diese Schaltfläche gilt nicht mehr."
        ], ref
    assert "Frist: 18.02.2027" in await bot.ask("anna", "/zeige 1")


async def nudge_to_ben_with_a_guest_in_the_group(bot: Bot) -> Sent:
    """Ben (member) is nudged about his measure 1 three days before it is due; Otto is a guest."""
    await bot.group_with(ben="member", otto="observer")
    await add_measure(bot, "Spielplatz", due=date(2027, 2, 18), responsible="ben")
    await bot.app.reminders.plan()
    sent = await run_at(bot, berlin(2027, 2, 15, 9, 0))
    (nudge,) = [s for s in sent if s.chat.chat_id == "dm:ben"]
    return nudge


async def test_a_guest_pressing_a_nudge_button_changes_nothing(bot: Bot) -> None:
    # A nudge posted in the group chat (an adult without a direct chat) can be pressed by
    # anyone there: a press is checked as the command it stands for.
    nudge = await nudge_to_ben_with_a_guest_in_the_group(bot)
    progress, done, later = (c.action for c in nudge.reply.choices)
    assert texts(await bot.press("otto", progress), "group") == [
        "Als Gast lesen Sie mit; /stand ist für: Koordination, Mitglied, Jugendvertretung."
    ]
    assert texts(await bot.press("otto", done), "group")[0].startswith(
        "Als Gast lesen Sie mit; /stand"
    )
    assert texts(await bot.press("otto", later), "group") == [
        "Als Gast lesen Sie mit; /frist ist für: Koordination, Mitglied."
    ]
    shown = await bot.ask("anna", "/zeige 1")
    assert "Status: beschlossen" in shown and "Frist: 18.02.2027" in shown
    assert "Otto" not in await bot.ask("anna", "/verlauf 1")


def edited(bot: Bot) -> list[tuple[str, str, str, int]]:
    """The bot's edits so far: chat, message, new text and how many buttons it kept."""
    return [
        (ref.chat.chat_id, ref.message_id, reply.text, len(reply.choices))
        for ref, reply in bot.adapter.edits
    ]


async def test_an_answered_nudge_loses_its_buttons(bot: Bot) -> None:
    nudge = await nudge_to_ben_with_a_guest_in_the_group(bot)
    progress, _done, _later = (c.action for c in nudge.reply.choices)
    # A press that is refused leaves the buttons for the person they are meant for.
    await bot.press("otto", progress, chat="dm", message_id=nudge.message_id)
    assert bot.adapter.dropped == [] and bot.adapter.edits == []
    answered = await bot.press("ben", progress, chat="dm", message_id=nudge.message_id)
    assert texts(answered, "dm:ben") == ["Maßnahme 1 „Spielplatz“: beschlossen → in Umsetzung."]
    # The nudge says how it was answered, and has no buttons any more (one edit does both).
    assert edited(bot) == [
        ("dm:ben", nudge.message_id, nudge.reply.text + "\n✓ Status: in Umsetzung", 0)
    ]
    assert bot.adapter.dropped == []


async def test_a_nudge_answered_by_a_typed_status_loses_its_buttons(backend_bot: Bot) -> None:
    bot = backend_bot  # on SQLite and PostgreSQL
    nudge = await nudge_to_ben_with_a_guest_in_the_group(bot)
    progress, done, _later = (c.action for c in nudge.reply.choices)
    # Anyone may answer it: here the coordinator, in the group chat.
    await bot.ask("anna", "/status 1 umgesetzt")
    assert edited(bot) == [
        ("dm:ben", nudge.message_id, nudge.reply.text + "\n✓ Status: umgesetzt", 0)
    ]
    # A button that still arrives (an old client) explains instead of acting.
    assert texts(await bot.press("ben", progress, chat="dm"), "dm:ben") == [
        "Maßnahme 1 ist jetzt umgesetzt; die Schaltflächen dieser Erinnerung gelten nicht "
        "mehr. /stand 1 <Status> ändert ihn."
    ]
    assert texts(await bot.press("ben", done, chat="dm"), "dm:ben") == [
        "Maßnahme 1 ist schon umgesetzt; es wurde nichts geändert."
    ]
    assert "Status: umgesetzt" in await bot.ask("anna", "/zeige 1")
    # Answered once: a later change edits the nudge no more.
    await bot.ask("anna", "/status 1 in Umsetzung erzwingen")
    assert len(bot.adapter.edits) == 1


async def test_a_nudge_answered_by_a_typed_due_date_loses_its_buttons(backend_bot: Bot) -> None:
    bot = backend_bot  # on SQLite and PostgreSQL
    nudge = await nudge_to_ben_with_a_guest_in_the_group(bot)
    _progress, _done, later = (c.action for c in nudge.reply.choices)
    await bot.ask("ben", "/frist 1 15.03.2027", chat="dm")
    assert edited(bot) == [
        ("dm:ben", nudge.message_id, nudge.reply.text + "\n✓ Frist: 15.03.2027", 0)
    ]
    # "Two weeks later" pressed afterwards does not move the new date.
    assert texts(await bot.press("ben", later, chat="dm"), "dm:ben") == [
        "Die Frist von Maßnahme 1 wurde seit dieser Erinnerung geändert; sie ist jetzt am "
        "15.03.2027 fällig. /frist 1 <Datum> setzt eine andere."
    ]
    assert "Frist: 15.03.2027" in await bot.ask("anna", "/zeige 1")


async def test_every_open_nudge_of_the_measure_is_answered_by_an_edit(bot: Bot) -> None:
    """A measure nudged two weeks before, three days before and on the day, then given a new due
    date with /edit: each of the nudges loses its buttons."""
    await bot.group_with(ben="member")
    await add_measure(bot, "Spielplatz", due=date(2027, 2, 18), responsible="ben")
    await bot.app.reminders.plan()
    nudges = []
    for day in (4, 15, 18):
        sent = await run_at(bot, berlin(2027, 2, day, 9, 0))
        nudges += [s for s in sent if s.chat.chat_id == "dm:ben"]
    assert len(nudges) == 3 and all(n.reply.choices for n in nudges)
    await bot.ask("anna", "/bearbeite 1 frist=1.4.2027")
    assert edited(bot) == [
        ("dm:ben", n.message_id, n.reply.text + "\n✓ Frist: 01.04.2027", 0) for n in nudges
    ]


async def test_a_nudge_with_a_mention_keeps_it_when_answered(bot: Bot) -> None:
    await bot.group_with(ben="member")
    await add_measure(bot, "Spielplatz", due=date(2027, 2, 18), responsible="ben")
    await bot.ask("ben", "/reminders channel=group")
    (nudge,) = [
        s for s in await run_at(bot, berlin(2027, 2, 15, 9, 0)) if s.chat.chat_id == "group"
    ]
    assert nudge.reply.choices and [u.user_id for u in nudge.reply.mention] == ["ben"]
    await bot.press("ben", nudge.reply.choices[1].action, message_id=nudge.message_id)  # done
    ((ref, reply),) = bot.adapter.edits
    assert (ref.chat.chat_id, ref.message_id) == ("group", nudge.message_id)
    assert reply.text == nudge.reply.text + "\n✓ Status: umgesetzt"
    assert reply.choices == () and reply.mention == nudge.reply.mention


async def test_a_platform_without_edits_keeps_the_text_and_drops_the_buttons(bot: Bot) -> None:
    """Where messages cannot be edited, the nudge keeps its text; its buttons still go where the
    platform can take them off, and a press that still arrives is answered as stale."""
    nudge = await nudge_to_ben_with_a_guest_in_the_group(bot)
    bot.adapter.capabilities = dataclasses.replace(bot.adapter.capabilities, edits=False)
    await bot.ask("anna", "/status 1 umgesetzt")
    assert bot.adapter.edits == []
    assert [(r.chat.chat_id, r.message_id) for r in bot.adapter.dropped] == [
        ("dm:ben", nudge.message_id)
    ]
    assert texts(await bot.press("ben", nudge.reply.choices[0].action, chat="dm"), "dm:ben")[
        0
    ].startswith("Maßnahme 1 ist jetzt umgesetzt;")


async def test_a_press_takes_the_buttons_off_where_the_platform_cannot_edit(bot: Bot) -> None:
    nudge = await nudge_to_ben_with_a_guest_in_the_group(bot)
    bot.adapter.capabilities = dataclasses.replace(bot.adapter.capabilities, edits=False)
    await bot.press("ben", nudge.reply.choices[1].action, chat="dm", message_id=nudge.message_id)
    assert bot.adapter.edits == []
    assert [(r.chat.chat_id, r.message_id) for r in bot.adapter.dropped] == [
        ("dm:ben", nudge.message_id)
    ]


async def test_a_stale_step_changes_nothing(bot: Bot) -> None:
    """A press of "In progress" on a postponed measure would take it up again, one of "Done" on a
    dropped one would be refused as a step that needs force: both say what the measure is now."""
    nudge = await nudge_to_ben_with_a_guest_in_the_group(bot)
    progress, done, _later = (c.action for c in nudge.reply.choices)
    await bot.ask("anna", "/status 1 verschoben")
    assert texts(await bot.press("ben", progress, chat="dm"), "dm:ben") == [
        "Maßnahme 1 ist jetzt verschoben; die Schaltflächen dieser Erinnerung gelten nicht "
        "mehr. /stand 1 <Status> ändert ihn."
    ]
    await bot.ask("anna", "/status 1 verworfen")
    assert texts(await bot.press("ben", done, chat="dm"), "dm:ben")[0].startswith(
        "Maßnahme 1 ist jetzt verworfen;"
    )
    assert "Status: verworfen" in await bot.ask("anna", "/zeige 1")


async def test_done_by_mistake_a_youth_representative_is_told_whom_to_ask(bot: Bot) -> None:
    """Only a coordinator takes "done" back (with force): she hears whom to ask, in her words,
    and nothing of an option she does not have; a member still hears of force."""
    await bot.group_with(ben="member", lea="youth")
    await add_measure(bot, "Spielplatz", due=date(2027, 2, 18), responsible="lea")
    await add_measure(bot, "Radweg", due=date(2027, 2, 18), responsible="ben")
    await bot.app.reminders.plan()
    sent = await run_at(bot, berlin(2027, 2, 15, 9, 0))
    (lea_nudge,) = [s for s in sent if s.chat.chat_id == "dm:lea"]
    await bot.press("lea", lea_nudge.reply.choices[1].action, chat="dm")  # "Umgesetzt"
    assert await bot.ask("lea", "/stand 1 in Umsetzung", chat="dm") == (
        "Maßnahme 1 ist schon umgesetzt. Falls das ein Versehen war, bitte die Koordination, "
        "sie wieder auf „in Umsetzung“ zu setzen."
    )
    assert "Status: umgesetzt" in await bot.ask("anna", "/zeige 1")
    await bot.ask("ben", "/stand 2 umgesetzt", chat="dm")
    assert (await bot.ask("ben", "/stand 2 in Umsetzung", chat="dm")).endswith(
        "Eine Koordination kann „erzwingen“ anhängen."
    )
    assert "umgesetzt → in Umsetzung" in await bot.ask("anna", "/stand 1 in Umsetzung erzwingen")


async def test_a_measure_handed_over_closes_the_nudges_of_whoever_had_it(bot: Bot) -> None:
    await bot.group_with(ben="member", carla="member")
    await add_measure(bot, "Spielplatz", due=date(2027, 2, 18), responsible="ben")
    await bot.app.reminders.plan()
    (nudge,) = [
        s for s in await run_at(bot, berlin(2027, 2, 15, 9, 0)) if s.chat.chat_id == "dm:ben"
    ]
    progress, _done, later = (c.action for c in nudge.reply.choices)
    await bot.ask("anna", "/zuweisen 1 carla")
    # Ben's nudge says it is no longer his, and loses its buttons.
    assert edited(bot) == [
        ("dm:ben", nudge.message_id, nudge.reply.text + "\n✓ Verantwortlich jetzt: Carla", 0)
    ]
    # A press that still arrives (Ben is still a member, who may use /status) does nothing.
    stale = (
        "Für Maßnahme 1 ist jetzt Carla verantwortlich; die Schaltflächen dieser Erinnerung "
        "gelten nicht mehr. /stand 1 <Status> ändert den Status."
    )
    assert texts(await bot.press("ben", progress, chat="dm"), "dm:ben") == [stale]
    assert texts(await bot.press("ben", later, chat="dm"), "dm:ben") == [stale]
    shown = await bot.ask("anna", "/zeige 1")
    assert "Status: beschlossen" in shown and "Frist: 18.02.2027" in shown
    # Carla's own nudge works for her; taken from her too, it says nobody has it now.
    (hers,) = [
        s for s in await run_at(bot, berlin(2027, 2, 18, 9, 0)) if s.chat.chat_id == "dm:carla"
    ]
    assert hers.reply.choices
    await bot.ask("anna", "/zuweisen 1 niemand")
    assert edited(bot)[-1] == (
        "dm:carla",
        hers.message_id,
        hers.reply.text + "\n✓ Jetzt ist niemand verantwortlich",
        0,
    )
    assert texts(await bot.press("carla", hers.reply.choices[0].action, chat="dm"), "dm:carla") == [
        "Für Maßnahme 1 ist jetzt niemand verantwortlich; die Schaltflächen dieser Erinnerung "
        "gelten nicht mehr. /stand 1 <Status> ändert den Status."
    ]
    assert "Status:" not in await bot.ask("anna", "/verlauf 1")  # no press changed it


async def test_a_nudge_handed_to_a_minor_names_the_pseudonym_in_the_nudges_language(
    bot: Bot,
) -> None:
    """Ben reads English; the coordinator who hands the measure on writes German: the line on
    Ben's nudge is English, with the pseudonym in English too."""
    await bot.group_with(ben="member", lea="youth")
    await bot.ask("ben", "/lang en", chat="dm")
    await add_measure(bot, "Spielplatz", due=date(2027, 2, 18), responsible="ben")
    await bot.app.reminders.plan()
    (nudge,) = [
        s for s in await run_at(bot, berlin(2027, 2, 15, 9, 0)) if s.chat.chat_id == "dm:ben"
    ]
    # The buttons name the steps as /status and /measures name the statuses.
    assert [c.label for c in nudge.reply.choices] == [
        "In progress",
        "Done",
        "Due date 2 weeks later",
    ]
    assert "Jugendvertretung ist jetzt verantwortlich" in await bot.ask("anna", "/zuweisen 1 lea")

    (edit,) = edited(bot)
    assert edit[2] == nudge.reply.text + "\n✓ Responsible now: Youth representative"


async def milestone_nudges(bot: Bot) -> list[Sent]:
    """Measure 1 of Ben (member) and measure 2 of Lea (youth representative), each with the
    milestone "Entwurf" on 25 February, nudged two weeks before; Otto is a guest."""
    await bot.group_with(ben="member", lea="youth", otto="observer")
    await add_measure(bot, "Spielplatz", due=date(2027, 6, 30), responsible="ben")
    await add_measure(bot, "Skatepark", due=date(2027, 6, 30), responsible="lea")
    for number in (1, 2):
        assert "25.02.2027" in await bot.ask("anna", f"/meilenstein {number} 25.02.2027 Entwurf")
    await bot.app.reminders.plan()
    sent = await run_at(bot, berlin(2027, 2, 11, 9, 0))
    return [s for s in sent if s.chat.chat_id in ("dm:ben", "dm:lea")]


async def test_a_milestone_nudge_is_answered_with_reached(backend_bot: Bot) -> None:
    bot = backend_bot  # on SQLite and PostgreSQL
    ben, lea = sorted(await milestone_nudges(bot), key=lambda s: s.chat.chat_id)
    assert "Meilenstein „Entwurf“ der Maßnahme 1" in ben.reply.text
    assert [c.label for c in ben.reply.choices] == ["Erreicht"]
    # A youth representative tells the coordination (/meilenstein is the steering group's).
    assert lea.reply.choices == ()
    reached = ben.reply.choices[0].action
    # A guest may not use /meilenstein: a press of theirs changes nothing.
    assert texts(await bot.press("otto", reached), "group") == [
        "Als Gast lesen Sie mit; /meilenstein ist für: Koordination, Mitglied."
    ]
    answer = await bot.press("ben", reached, chat="dm", message_id=ben.message_id)
    assert texts(answer, "dm:ben") == [
        "Meilenstein „Entwurf“ (25.02.2027) von Maßnahme 1 „Spielplatz“ ist erreicht. Gut gemacht!"
    ]
    # Pressed in the direct chat: the group chat hears it in one line, as a status is told.
    assert texts(answer, "group") == [
        "Maßnahme 1 „Spielplatz“: Meilenstein „Entwurf“ erreicht (gemeldet von Ben)."
    ]
    assert edited(bot) == [("dm:ben", ben.message_id, ben.reply.text + "\n✓ Erreicht", 0)]
    # Pressed again: reached already, nothing more, and the group hears nothing more.
    again = await bot.press("ben", reached, chat="dm")
    assert texts(again, "dm:ben") == [
        "Der Meilenstein „Entwurf“ (25.02.2027) von Maßnahme 1 ist schon am 11.02.2027 erreicht "
        "worden."
    ]
    assert texts(again, "group") == []
    assert "Ben · Meilenstein erreicht" in await bot.ask("anna", "/verlauf 1")
    # No more nudges about it.
    assert texts(await run_at(bot, berlin(2027, 2, 25, 9, 0)), "dm:ben") == []


async def test_reached_pressed_in_the_group_chat_is_said_there_once(bot: Bot) -> None:
    await bot.group_with(ben="member")
    await add_measure(bot, "Spielplatz", due=date(2027, 6, 30), responsible="ben")
    await bot.ask("anna", "/meilenstein 1 25.02.2027 Ort gefunden")
    await bot.ask("ben", "/reminders channel=group")
    await bot.app.reminders.plan()
    sent = await run_at(bot, berlin(2027, 2, 11, 9, 0))
    (nudge,) = [s for s in sent if s.chat.chat_id == "group"]
    answer = await bot.press("ben", nudge.reply.choices[0].action)
    assert texts(answer, "group") == [
        "Meilenstein „Ort gefunden“ (25.02.2027) von Maßnahme 1 „Spielplatz“ ist erreicht. "
        "Gut gemacht!"
    ]


async def test_a_milestone_marked_reached_by_someone_else_closes_its_nudge(bot: Bot) -> None:
    ben, _lea = sorted(await milestone_nudges(bot), key=lambda s: s.chat.chat_id)
    await bot.ask("anna", "/meilenstein 1 erreicht 1")
    assert edited(bot) == [("dm:ben", ben.message_id, ben.reply.text + "\n✓ Erreicht", 0)]
    assert texts(await bot.press("ben", ben.reply.choices[0].action, chat="dm"), "dm:ben") == [
        "Der Meilenstein „Entwurf“ (25.02.2027) von Maßnahme 1 ist schon am 11.02.2027 erreicht "
        "worden."
    ]
    await bot.ask("anna", "/meilenstein 1 entfernen 1")
    await bot.press("anna", "milestoneremove:1")
    assert texts(await bot.press("ben", ben.reply.choices[0].action, chat="dm"), "dm:ben") == [
        "Dieser Meilenstein ist schon entfernt."
    ]


async def test_done_pressed_in_the_direct_chat_is_told_to_the_group_chat(bot: Bot) -> None:
    await bot.group_with(ben="member", lea="youth")  # Lea: under 16 until she says otherwise
    await add_measure(bot, "Spielplatz", due=date(2027, 2, 18), responsible="ben")
    await add_measure(bot, "Skatepark", due=date(2027, 2, 18), responsible="lea")
    await bot.app.reminders.plan()
    sent = await run_at(bot, berlin(2027, 2, 15, 9, 0))
    (ben,) = [s for s in sent if s.chat.chat_id == "dm:ben"]
    (lea,) = [s for s in sent if s.chat.chat_id == "dm:lea"]
    answer = await bot.press("ben", ben.reply.choices[1].action, chat="dm")  # "Umgesetzt"
    assert texts(answer, "dm:ben") == ["Maßnahme 1 „Spielplatz“: beschlossen → umgesetzt."]
    assert texts(answer, "group") == [
        "Maßnahme 1 „Spielplatz“: beschlossen → umgesetzt (gemeldet von Ben)."
    ]
    # A youth representative the group does not see by name is named as the group sees her.
    answer = await bot.press("lea", lea.reply.choices[1].action, chat="dm")
    assert texts(answer, "group") == [
        "Maßnahme 2 „Skatepark“: beschlossen → umgesetzt (gemeldet von Jugendvertretung)."
    ]
    # Pressed again: nothing changed, and the group hears nothing more.
    assert texts(await bot.press("ben", ben.reply.choices[1].action, chat="dm"), "group") == []


async def test_done_pressed_in_the_group_chat_is_said_there_once(bot: Bot) -> None:
    await bot.group_with(ben="member")
    await add_measure(bot, "Spielplatz", due=date(2027, 2, 18), responsible="ben")
    await bot.ask("ben", "/reminders channel=group")
    (nudge,) = [
        s for s in await run_at(bot, berlin(2027, 2, 15, 9, 0)) if s.chat.chat_id == "group"
    ]
    answer = await bot.press("ben", nudge.reply.choices[1].action)
    assert texts(answer, "group") == ["Maßnahme 1 „Spielplatz“: beschlossen → umgesetzt."]


async def test_progress_and_two_weeks_later_pressed_in_the_direct_chat_are_told_too(
    bot: Bot,
) -> None:
    await bot.group_with(ben="member", lea="youth")  # Lea: under 16 until she says otherwise
    await add_measure(bot, "Spielplatz", due=date(2027, 2, 18), responsible="ben")
    await add_measure(bot, "Skatepark", due=date(2027, 2, 18), responsible="lea")
    await bot.app.reminders.plan()
    sent = await run_at(bot, berlin(2027, 2, 15, 9, 0))
    (ben,) = [s for s in sent if s.chat.chat_id == "dm:ben"]
    (lea,) = [s for s in sent if s.chat.chat_id == "dm:lea"]
    progress, _, later = (c.action for c in ben.reply.choices)
    answer = await bot.press("ben", later, chat="dm")  # "Frist 2 Wochen später"
    assert texts(answer, "dm:ben") == ["Maßnahme 1 „Spielplatz“ ist fällig am 04.03.2027."]
    assert texts(answer, "group") == [
        "Maßnahme 1 „Spielplatz“: fällig am 04.03.2027 statt am 18.02.2027 (verschoben von Ben)."
    ]
    answer = await bot.press("ben", progress, chat="dm")  # "In Umsetzung"
    assert texts(answer, "group") == [
        "Maßnahme 1 „Spielplatz“: beschlossen → in Umsetzung (gemeldet von Ben)."
    ]
    # Pressed again: nothing changed, and the group hears nothing more.
    assert texts(await bot.press("ben", later, chat="dm"), "group") == []
    assert texts(await bot.press("ben", progress, chat="dm"), "group") == []
    # A youth representative the group does not see by name is named as the group sees her.
    answer = await bot.press("lea", lea.reply.choices[0].action, chat="dm")
    assert texts(answer, "group") == [
        "Maßnahme 2 „Skatepark“: beschlossen → in Umsetzung (gemeldet von Jugendvertretung)."
    ]


async def test_two_weeks_later_pressed_in_the_group_chat_is_said_there_once(bot: Bot) -> None:
    await bot.group_with(ben="member")
    await add_measure(bot, "Spielplatz", due=date(2027, 2, 18), responsible="ben")
    await bot.ask("ben", "/reminders channel=group")
    (nudge,) = [
        s for s in await run_at(bot, berlin(2027, 2, 15, 9, 0)) if s.chat.chat_id == "group"
    ]
    answer = await bot.press("ben", nudge.reply.choices[2].action)
    assert texts(answer, "group") == ["Maßnahme 1 „Spielplatz“ ist fällig am 04.03.2027."]
    answer = await bot.press("ben", nudge.reply.choices[0].action)
    assert texts(answer, "group") == ["Maßnahme 1 „Spielplatz“: beschlossen → in Umsetzung."]


async def test_a_status_typed_in_the_direct_chat_is_told_to_the_group_chat_once(
    bot: Bot,
) -> None:
    """As the buttons: what the group chat would have seen typed there, it hears in one line."""
    await bot.group_with(ben="member", lea="youth")  # Lea: under 16 until she says otherwise
    await add_measure(bot, "Spielplatz", due=date(2027, 2, 18), responsible="ben")
    await add_measure(bot, "Skatepark", due=date(2027, 2, 18), responsible="lea")
    await bot.ask("ben", "/sprache en", chat="dm")
    answer = await bot.say("ben", "/status 1 done Bench installed", chat="dm")
    assert texts(answer, "dm:ben")[0].startswith("Measure 1 “Spielplatz”: adopted → done.")
    assert texts(answer, "group") == [
        "Maßnahme 1 „Spielplatz“: beschlossen → umgesetzt (gemeldet von Ben)."
    ]
    answer = await bot.say("lea", "/stand 2 umgesetzt", chat="dm")
    assert texts(answer, "group") == [
        "Maßnahme 2 „Skatepark“: beschlossen → umgesetzt (gemeldet von Jugendvertretung)."
    ]
    # Typed in the group chat: its own answer there, nothing more.
    answer = await bot.say("anna", "/stand 1 beschlossen erzwingen")
    assert len(texts(answer, "group")) == 1 and "gemeldet von" not in texts(answer, "group")[0]


async def test_a_due_date_moved_in_the_direct_chat_is_told_to_the_group_chat(bot: Bot) -> None:
    """As "two weeks later": a due date moved from the direct chat is heard in the group."""
    await bot.group_with(ben="member")
    await add_measure(bot, "Spielplatz", due=date(2027, 2, 18), responsible="ben")
    answer = await bot.say("ben", "/frist 1 04.03.2027", chat="dm")
    assert texts(answer, "dm:ben") == ["Maßnahme 1 „Spielplatz“ ist fällig am 04.03.2027."]
    assert texts(answer, "group") == [
        "Maßnahme 1 „Spielplatz“: fällig am 04.03.2027 statt am 18.02.2027 (verschoben von Ben)."
    ]
    # Typed in the group chat: said there once.
    answer = await bot.say("ben", "/frist 1 11.03.2027")
    assert texts(answer, "group") == ["Maßnahme 1 „Spielplatz“ ist fällig am 11.03.2027."]
