"""What people get wrong when they type commands, and what they read back: a number written
"Nr. 3" or "3.", the number after the date, a question mark after /hilfe's command, a typo
in it, an umlaut without its dots, a plain question in the direct chat, reminders "2 Wochen und
3 Tage" before a due date."""

from __future__ import annotations

from datetime import timedelta

import pytest

from bot.values import parse_offsets
from tests.harness import Bot
from tests.privacy.test_age_answer import second_group_code


async def _measures(bot: Bot) -> None:
    await bot.group_with(ben="member", lea="youth")
    for title in ("Spielplatz", "Radweg", "Jugendraum"):
        await bot.ask("anna", f"/vorschlag {title}")


async def test_a_measure_number_written_nr_or_with_a_dot_is_its_number(bot: Bot) -> None:
    await _measures(bot)
    assert await bot.ask("ben", "/frist Nr. 2 15.03.2027") == (
        "Maßnahme 2 „Radweg“ ist fällig am 15.03.2027."
    )
    assert await bot.ask("ben", "/frist Nr.2 16.03.2027") == (
        "Maßnahme 2 „Radweg“ ist fällig am 16.03.2027."
    )
    assert (await bot.ask("ben", "/zeige Nr. 3")).startswith("3. Jugendraum\n")
    assert (await bot.ask("ben", "/zeige 3.")).startswith("3. Jugendraum\n")
    assert await bot.ask("ben", "/stand Nr. 1 priorisiert") == (
        "Maßnahme 1 „Spielplatz“: vorgeschlagen → priorisiert."
    )


async def test_a_status_reads_its_measures_numbers_as_the_other_commands_do(bot: Bot) -> None:
    await _measures(bot)
    assert await bot.ask("ben", "/stand Maßnahme 2 priorisiert") == (
        "Maßnahme 2 „Radweg“: vorgeschlagen → priorisiert."
    )
    assert await bot.ask("ben", "/stand Nr. 1 Nr.3 priorisiert") == (
        "Maßnahme 1 „Spielplatz“: vorgeschlagen → priorisiert.\n"
        "Maßnahme 3 „Jugendraum“: vorgeschlagen → priorisiert."
    )
    assert await bot.ask("ben", "/stand Nr. 2 umgesetzt") == (
        "Maßnahme 2 kann nicht direkt von priorisiert zu umgesetzt wechseln; vorher kommt "
        "beschlossen:\n/stand 2 beschlossen\n/stand 2 umgesetzt\n"
        "Eine Koordination kann „erzwingen“ anhängen."
    )
    # the number typed last: the line to type, and nothing stored
    assert (await bot.ask("ben", "/stand beschlossen 2")).startswith(
        "Die Nummer kommt zuerst: /stand 2 beschlossen\n"
    )
    assert "Status: priorisiert" in await bot.ask("ben", "/zeige 2")
    # a number in the note stays in it
    assert await bot.ask("ben", "/stand 2 beschlossen Ratsbeschluss Nr. 12") == (
        "Maßnahme 2 „Radweg“: priorisiert → beschlossen.\nNotiz: Ratsbeschluss Nr. 12"
    )


async def test_a_ballot_may_write_nr_before_a_measure(bot: Bot) -> None:
    await _measures(bot)
    await bot.ask("anna", "/runde zustimmung 1 2 3")
    assert await bot.ask("ben", "/abstimmen 1 Nr. 2 Nr.3") == (
        "Ihre Stimme in Runde 1 ist gespeichert: Maßnahme 2 „Radweg“, Maßnahme 3 „Jugendraum“."
    )


async def test_the_number_typed_last_is_answered_with_the_line_to_type(bot: Bot) -> None:
    await _measures(bot)
    assert (await bot.ask("ben", "/frist 15.03. 2")).startswith(
        "Die Nummer kommt zuerst: /frist 2 15.03.\n"
    )
    assert (await bot.ask("ben", "/zuweisen Ben 2")).startswith(
        "Die Nummer kommt zuerst: /zuweisen 2 Ben\n"
    )
    # nothing was stored
    assert "Frist" not in await bot.ask("ben", "/zeige 2")
    # words and no number after them: where to find the number, as before
    assert (await bot.ask("ben", "/frist Radweg 15.03.")).startswith(
        "„Radweg“ ist keine Nummer. /massnahmen Radweg listet"
    )


async def test_help_for_a_command_with_a_question_mark_or_a_typo(bot: Bot) -> None:
    await _measures(bot)
    answer = await bot.ask("ben", "/hilfe abstimmen?")
    assert answer.startswith("/abstimmen — in einer Runde abstimmen\n"), answer
    answer = await bot.ask("ben", "/hilfe abstimen")
    assert answer.startswith(
        "/abstimen kenne ich nicht; gemeint ist wohl:\n/abstimmen — in einer Runde abstimmen\n"
    ), answer
    # a youth representative: what it means for her, and nothing she may not use
    answer = await bot.ask("lea", "/hilfe vorschalg?", chat="dm")
    assert answer.startswith("/vorschalg kenne ich nicht; gemeint ist wohl:\n/vorschlag — deine")
    assert await bot.ask("lea", "/hilfe zuweisn", chat="dm") == (
        "/zuweisn kenne ich nicht. /hilfe zeigt alle Befehle."
    )


async def test_a_command_typed_without_the_dots_of_its_umlaut_works(bot: Bot) -> None:
    await _measures(bot)
    answer = await bot.ask("ben", "/ubersicht")
    assert answer.startswith("Übersicht für Musterstadt"), answer
    assert answer == await bot.ask("ben", "/übersicht")


async def test_a_question_in_plain_words_is_pointed_to_the_help_of_its_command(
    bot: Bot,
) -> None:
    await _measures(bot)
    assert await bot.ask("ben", "wie stimme ich ab?", chat="dm") == (
        "Ich verstehe Befehle. Mit /hilfe sehen Sie alle.\nDazu: /hilfe abstimmen"
    )
    await bot.ask("lea", "unter 16", chat="dm")
    # a youth representative sends ideas with /idee (before: pointed to /hilfe vorschlag)
    assert await bot.ask("lea", "Wie kann ich eine Idee einreichen", chat="dm") == (
        "Ich verstehe Befehle. Mit /hilfe siehst du alle.\nDazu: /hilfe idee"
    )
    assert await bot.ask("ben", "Wie kann ich eine Idee einreichen?", chat="dm") == (
        "Ich verstehe Befehle. Mit /hilfe sehen Sie alle.\nDazu: /hilfe vorschlag"
    )
    assert await bot.ask("ben", "Ich stimme zu", chat="dm") == (  # no question: no topic
        "Ich verstehe Befehle. Mit /hilfe sehen Sie alle."
    )
    # in the group chat the bot keeps out of the conversation
    assert await bot.ask("ben", "wie stimme ich ab?") == ""


async def test_a_question_reminds_a_youth_representative_of_the_open_age_question(
    bot: Bot,
) -> None:
    """Also when she is a youth representative in another group than the one her direct
    chat speaks for: the age question is about her, and answering it there counts."""
    await bot.group_with(lea="youth")
    still_open = "Noch offen: Bist du unter 16? Antworte „unter 16“ oder „16 oder älter“."
    asked = "Ich verstehe Befehle. Mit /hilfe siehst du alle.\nDazu: /hilfe idee"
    assert await bot.ask("lea", "Wie kann ich eine Idee einreichen", chat="dm") == (
        f"{asked}\n{still_open}"
    )
    code = await second_group_code(bot, "member")
    await bot.ask("lea", f"/join {code}", chat="room2")  # her direct chat: Nachbarstadt
    # where she is a member, who proposes measures with /vorschlag
    asked = asked.replace("/hilfe idee", "/hilfe vorschlag")
    assert await bot.ask("lea", "Wie kann ich eine Idee einreichen", chat="dm") == (
        f"{asked}\n{still_open}"
    )
    await bot.ask("lea", "unter 16", chat="dm")
    assert await bot.ask("lea", "Wie kann ich eine Idee einreichen", chat="dm") == asked


@pytest.mark.parametrize(
    ("text", "command"),
    [
        ("wie stimme ich ab?", "vote"),
        ("Wo kann ich abstimmen", "vote"),
        ("how do I vote", "vote"),
        ("kann ich eine Idee schicken?", "propose"),
        ("wann kommen die Erinnerungen?", "reminders"),
        ("das stimmt so nicht?", None),  # "stimmt" is no vote
        ("Ich stimme zu", None),  # no question
        ("Hallo", None),
    ],
)
def test_the_topic_of_a_question(text: str, command: str | None) -> None:
    from bot.questions import topic_of  # here: the test fails, not the module, without it

    assert topic_of(text) == command


@pytest.mark.parametrize(
    ("text", "days", "summed"),
    [
        ("2 Wochen und 3 Tage", [14, 3], 17),
        ("14t 3t", [14, 3], 17),
        ("14 und 3 Tage", [14, 3], None),
        ("2 Wochen und 3 Tage vorher", [14, 3], 17),
        ("2 Wochen, 3 Tage", [14, 3], None),
        ("zwei Wochen", [14], None),
    ],
)
def test_reminder_offsets_joined_by_und_are_several(
    text: str, days: list[int], summed: int | None
) -> None:
    from bot.values import offsets_summed

    assert parse_offsets(text) == [timedelta(days=d) for d in days]
    assert offsets_summed(text) == (None if summed is None else timedelta(days=summed))


async def test_reminders_two_weeks_and_three_days_are_two_and_the_answer_says_so(
    bot: Bot,
) -> None:
    await _measures(bot)
    assert await bot.ask("ben", "/erinnerungen vorlauf=2 Wochen und 3 Tage") == (
        "Gespeichert.\nIhre Erinnerungen:\n• Vor einer Frist: 14, 3 Tage vor der Frist\n"
        "„2 Wochen und 3 Tage“ lese ich als getrennte Erinnerungen. Für nur eine, 17 Tage "
        "vorher: vorlauf=17t\n/erinnerungen zeigt alle Einstellungen."
    )
    answer = await bot.ask("lea", "/erinnerungen vorlauf=14 und 3 Tage vorher", chat="dm")
    assert answer == (
        "Gespeichert.\nDeine Erinnerungen:\n• Vor einer Frist: 14, 3 Tage vor der Frist\n"
        "/erinnerungen zeigt alle Einstellungen."
    )
    # one interval while overdue stays one
    assert "Solange überfällig: alle 9 Tage" in await bot.ask(
        "ben", "/erinnerungen überfällig=1 Woche 2 Tage"
    )


async def test_a_day_without_a_year_that_has_just_passed_says_which_year_it_is(
    bot: Bot,
) -> None:
    await _measures(bot)
    bot.clock.advance(timedelta(days=351))  # 11 January → 28 December 2027
    assert await bot.ask("ben", "/frist 2 27.12.") == (
        "Maßnahme 2 „Radweg“ ist fällig am 27.12.2028. "
        "(Der 27.12. ist dieses Jahr schon vorbei, daher 2028.)"
    )
    # across new year, as meant: no note
    assert await bot.ask("ben", "/frist 2 5.1.") == "Maßnahme 2 „Radweg“ ist fällig am 05.01.2028."


async def test_runde_before_a_rounds_number_and_a_status_with_an_exclamation_mark(
    bot: Bot,
) -> None:
    await _measures(bot)
    await bot.ask("anna", "/runde zustimmung 1 2")
    await bot.ask("ben", "/abstimmen 1 1")
    assert await bot.ask("anna", "/ergebnis Runde 1") == (
        "Das Ergebnis der Runde 1 wird nach ihrem Ende gezeigt. 1 von 3 hat abgestimmt."
    )
    assert "„Runde“" not in await bot.ask("anna", "/schliessen Runde 1 jetzt")
    assert await bot.ask("ben", "/frist Maßnahme 2 15.03.2027") == (
        "Maßnahme 2 „Radweg“ ist fällig am 15.03.2027."
    )
    assert await bot.ask("ben", "/stand 1 Priorisiert!") == (
        "Maßnahme 1 „Spielplatz“: vorgeschlagen → priorisiert."
    )
