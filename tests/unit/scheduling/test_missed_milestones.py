"""A milestone not marked reached by its day asks the person responsible once more, one
overdue interval after it (their ``überfällig=``, a week by default; none when off), with the
button that marks it: once, not every week, and not once it is reached, gone, or its measure
done. One on its measure's due date is asked about in the measure's first overdue nudge."""

from __future__ import annotations

from datetime import date

from tests.harness import Bot
from tests.unit.scheduling.helpers import add_measure, berlin, run_at, to

FOLLOW_UP = (
    "Meilenstein „Entwurf“ der Maßnahme 1 „Spielplatz“ war am 03.02.2027 — erreicht? "
    "/meilenstein 1 erreicht 1"
)


async def _missed(bot: Bot) -> None:
    """Ben's measure 1 with the milestone "Entwurf" on Wednesday 3 February, nudged that
    day and not marked reached."""
    await bot.group_with(ben="member")
    await add_measure(bot, "Spielplatz", due=date(2027, 6, 30), responsible="ben")
    assert "03.02.2027" in await bot.ask("anna", "/meilenstein 1 03.02.2027 Entwurf")
    await bot.app.reminders.plan()
    (today,) = to(await run_at(bot, berlin(2027, 2, 3, 9, 0)), "dm:ben")
    assert "Entwurf" in today and "heute" in today


async def test_a_missed_milestone_is_asked_about_once_a_week_later(backend_bot: Bot) -> None:
    bot = backend_bot  # on SQLite and PostgreSQL
    await _missed(bot)
    assert to(await run_at(bot, berlin(2027, 2, 9, 9, 0)), "dm:ben") == []
    sent = [s for s in await run_at(bot, berlin(2027, 2, 10, 9, 0)) if s.chat.chat_id == "dm:ben"]
    assert [s.reply.text for s in sent] == [FOLLOW_UP]
    assert [c.label for c in sent[0].reply.choices] == ["Erreicht"]
    # Planned again (as after a restart): not again; nor a week later.
    await bot.app.reminders.plan()
    assert to(await run_at(bot, berlin(2027, 2, 10, 9, 5)), "dm:ben") == []
    assert to(await run_at(bot, berlin(2027, 2, 17, 9, 0)), "dm:ben") == []
    # Its button marks it reached, and the nudge says so (as does the day's own).
    answer = await bot.press(
        "ben", sent[0].reply.choices[0].action, chat="dm", message_id=sent[0].message_id
    )
    assert [s.reply.text for s in answer if s.chat.chat_id == "dm:ben"] == [
        "Meilenstein „Entwurf“ (03.02.2027) von Maßnahme 1 „Spielplatz“ ist erreicht. Gut gemacht!"
    ]
    (edit,) = [e for ref, e in bot.adapter.edits if ref.message_id == sent[0].message_id]
    assert edit.text == FOLLOW_UP + "\n✓ Erreicht" and edit.choices == ()


async def test_no_follow_up_once_reached_or_for_one_who_wants_no_overdue_nudges(
    bot: Bot,
) -> None:
    await _missed(bot)
    await bot.ask("anna", "/meilenstein 1 erreicht 1")
    assert to(await run_at(bot, berlin(2027, 2, 10, 9, 0)), "dm:ben") == []
    # A second milestone missed: Ben wants no nudges about what is overdue.
    assert "05.02.2027" in await bot.ask("anna", "/meilenstein 1 05.02.2027 Ausschreibung")
    assert "Gespeichert" in await bot.ask("ben", "/erinnerungen überfällig=aus", chat="dm")
    await bot.app.reminders.plan()
    assert to(await run_at(bot, berlin(2027, 2, 12, 9, 0)), "dm:ben") == []


async def test_no_follow_up_for_a_measure_done_meanwhile(bot: Bot) -> None:
    await _missed(bot)
    await bot.ask("ben", "/stand 1 umgesetzt", chat="dm")
    assert to(await run_at(bot, berlin(2027, 2, 10, 9, 0)), "dm:ben") == []


async def test_the_follow_up_waits_for_the_end_of_a_weekend_and_follows_the_interval(
    bot: Bot,
) -> None:
    """Three days after a Wednesday is a Saturday: Monday at nine."""
    await _missed(bot)
    assert "Gespeichert" in await bot.ask("ben", "/erinnerungen überfällig=3t", chat="dm")
    await bot.app.reminders.plan()
    assert to(await run_at(bot, berlin(2027, 2, 6, 9, 0)), "dm:ben") == []
    assert to(await run_at(bot, berlin(2027, 2, 8, 9, 0)), "dm:ben") == [FOLLOW_UP]
    assert to(await run_at(bot, berlin(2027, 2, 10, 9, 0)), "dm:ben") == []


async def test_a_missed_milestone_on_the_due_date_is_asked_about_in_the_first_overdue_nudge(
    bot: Bot,
) -> None:
    """The due date's nudges name it (one message, not two): so does the first overdue
    nudge, with its button; the later ones do not."""
    await bot.group_with(ben="member")
    await add_measure(bot, "Spielplatz", due=date(2027, 2, 3), responsible="ben")
    assert "03.02.2027" in await bot.ask("anna", "/meilenstein 1 03.02.2027 Entwurf")
    await bot.app.reminders.plan()
    (today,) = to(await run_at(bot, berlin(2027, 2, 3, 9, 0)), "dm:ben")
    assert "Frist und Meilenstein „Entwurf“ heute" in today
    sent = [s for s in await run_at(bot, berlin(2027, 2, 10, 9, 0)) if s.chat.chat_id == "dm:ben"]
    assert [s.reply.text for s in sent] == [
        "Maßnahme 1 „Spielplatz“ war am 03.02.2027 fällig und ist seit 7 Tagen überfällig.\n"
        "Aktualisieren Sie sie mit /stand 1 <Status> [Notiz].\n"
        "Am selben Tag war auch der Meilenstein „Entwurf“. Erreicht? /meilenstein 1 erreicht 1"
    ]
    assert [c.label for c in sent[0].reply.choices][-1] == "Erreicht"
    (later,) = to(await run_at(bot, berlin(2027, 2, 17, 9, 0)), "dm:ben")
    assert "Entwurf" not in later
    answer = await bot.press(
        "ben", sent[0].reply.choices[-1].action, chat="dm", message_id=sent[0].message_id
    )
    assert [s.reply.text for s in answer if s.chat.chat_id == "dm:ben"] == [
        "Meilenstein „Entwurf“ (03.02.2027) von Maßnahme 1 „Spielplatz“ ist erreicht. Gut gemacht!"
    ]


async def test_a_milestone_on_the_due_date_reached_by_then_is_not_asked_about(bot: Bot) -> None:
    await bot.group_with(ben="member")
    await add_measure(bot, "Spielplatz", due=date(2027, 2, 3), responsible="ben")
    await bot.ask("anna", "/meilenstein 1 03.02.2027 Entwurf")
    await bot.app.reminders.plan()
    await bot.ask("anna", "/meilenstein 1 erreicht 1")
    (overdue,) = to(await run_at(bot, berlin(2027, 2, 10, 9, 0)), "dm:ben")
    assert overdue.startswith("Maßnahme 1 „Spielplatz“ war am 03.02.2027 fällig")
    assert "Entwurf" not in overdue


ASKED = "Am selben Tag war auch der Meilenstein „Entwurf“. Erreicht? /meilenstein 1 erreicht 1"


async def _due_with_milestone(bot: Bot, **people: str) -> None:
    """Measure 1 "Spielplatz", Ben's, due on Wednesday 3 February 2027 with the milestone
    "Entwurf" that day, not marked reached."""
    await bot.group_with(**people)
    await add_measure(bot, "Spielplatz", due=date(2027, 2, 3), responsible="ben")
    assert "03.02.2027" in await bot.ask("anna", "/meilenstein 1 03.02.2027 Entwurf")
    await bot.app.reminders.plan()


async def test_one_handed_a_measure_past_its_first_overdue_nudge_is_asked_in_their_first(
    bot: Bot,
) -> None:
    """Ben was asked a week after the due date; Max, handed the measure after that, is asked
    in the first overdue nudge he gets, and only in that."""
    await _due_with_milestone(bot, ben="member", max="member")
    (asked,) = to(await run_at(bot, berlin(2027, 2, 10, 9, 0)), "dm:ben")
    assert asked.endswith(ASKED)
    bot.clock.set(berlin(2027, 2, 12, 10, 0))
    assert "Max ist jetzt verantwortlich" in await bot.ask("anna", "/zuweisen 1 max")
    (first,) = to(await run_at(bot, berlin(2027, 2, 17, 9, 0)), "dm:max")
    assert first.endswith(ASKED)
    (later,) = to(await run_at(bot, berlin(2027, 2, 24, 9, 0)), "dm:max")
    assert "Entwurf" not in later


async def test_a_pause_ended_after_two_overdue_nudges_it_held_asks_in_the_one_sent(
    bot: Bot,
) -> None:
    """Ben's pause held the due date's nudges and the overdue ones of 10 and 17 February; it
    ends on the 18th: the one of the 17th comes late, asking about the milestone."""
    await _due_with_milestone(bot, ben="member")
    bot.clock.set(berlin(2027, 2, 1, 18, 0))
    await bot.ask("ben", "/erinnerungen pause=28.02.2027", chat="dm")
    bot.clock.set(berlin(2027, 2, 18, 18, 0))
    assert "Pause: nein" in await bot.ask("ben", "/erinnerungen pause=aus", chat="dm")
    (late,) = to(await run_at(bot, berlin(2027, 2, 19, 9, 0)), "dm:ben")
    assert "seit 16 Tagen überfällig" in late and late.endswith(ASKED)
    assert to(await run_at(bot, berlin(2027, 2, 24, 9, 0)), "dm:ben") == []
    (later,) = to(await run_at(bot, berlin(2027, 2, 26, 9, 0)), "dm:ben")
    assert "Entwurf" not in later


async def test_the_bot_offline_across_two_overdue_nudges_asks_in_the_one_it_sends(
    backend_bot: Bot,
) -> None:
    """Offline from before the first overdue nudge (10 February) till after the second (the
    17th): the first is skipped for the newer one, which is the first Ben gets: it asks about
    the milestone; the next does not."""
    bot = backend_bot  # on SQLite and PostgreSQL
    await _due_with_milestone(bot, ben="member")
    (today,) = to(await run_at(bot, berlin(2027, 2, 3, 9, 0)), "dm:ben")
    assert "Frist und Meilenstein „Entwurf“ heute" in today
    (late,) = to(await run_at(bot, berlin(2027, 2, 17, 9, 30)), "dm:ben")
    assert "seit 14 Tagen überfällig" in late and late.endswith(ASKED)
    (later,) = to(await run_at(bot, berlin(2027, 2, 24, 9, 0)), "dm:ben")
    assert "Entwurf" not in later


async def test_after_a_list_of_what_was_missed_offline_the_next_overdue_nudge_asks(
    bot: Bot,
) -> None:
    """Offline till a day after the second overdue nudge: the list of what was missed names
    the measure but asks nothing; the next overdue nudge, a week after that list, asks about
    the milestone."""
    await _due_with_milestone(bot, ben="member")
    (summary,) = to(await run_at(bot, berlin(2027, 2, 18, 10, 0)), "dm:ben")
    assert "Spielplatz" in summary and "Entwurf" not in summary
    assert to(await run_at(bot, berlin(2027, 2, 24, 9, 0)), "dm:ben") == []  # a week after it
    (next_one,) = to(await run_at(bot, berlin(2027, 2, 25, 9, 0)), "dm:ben")
    assert next_one.endswith(ASKED)
