"""/bearbeite typed in a direct chat: what the group chat would have seen, it hears in one
line, as it hears /frist typed there."""

from __future__ import annotations

from datetime import date

from tests.harness import Bot
from tests.unit.scheduling.helpers import add_measure


def texts(sent: list, chat: str) -> list[str]:  # type: ignore[type-arg]
    return [s.reply.text for s in sent if s.chat.chat_id == chat]


async def test_a_due_date_moved_by_edit_in_the_direct_chat_is_told_to_the_group(bot: Bot) -> None:
    await bot.group_with(ben="member")
    await add_measure(bot, "Spielplatz", due=date(2027, 2, 18), responsible="ben")
    answer = await bot.say("ben", "/bearbeite 1 frist=04.03.2027 amt=Bauamt", chat="dm")
    assert texts(answer, "dm:ben")[0].startswith("Maßnahme 1 „Spielplatz“ geändert:")
    assert texts(answer, "group") == [
        "Maßnahme 1 „Spielplatz“: fällig am 04.03.2027 statt am 18.02.2027 (verschoben von Ben).",
        "Federführung für Maßnahme 1 „Spielplatz“: Bauamt (eingetragen von Ben).",
    ]
    # Other fields alone, or typed in the group chat: nothing more there.
    answer = await bot.say("ben", "/bearbeite 1 kontakt=a@b.de ziel=Mehr Platz", chat="dm")
    assert texts(answer, "group") == []
    answer = await bot.say("ben", "/bearbeite 1 frist=11.03.2027")
    assert len(texts(answer, "group")) == 1
    assert "verschoben von" not in texts(answer, "group")[0]
    # Removing the due date is planning, as with /frist: it stays in the direct chat.
    answer = await bot.say("ben", "/bearbeite 1 frist=keine", chat="dm")
    assert texts(answer, "group") == []


async def test_an_assignment_in_the_direct_chat_is_told_to_the_group(bot: Bot) -> None:
    """/zuweisen typed in a direct chat: the group chat reads what it would have read had it
    been typed there, with who did it; a hidden minor as "Jugendvertretung"."""
    bot.names["lea"] = "Lea Sommer"
    await bot.group_with(ben="member", lea="youth")
    await bot.press("lea", "age:under16", chat="dm")
    await add_measure(bot, "Spielplatz", due=None, responsible=None)
    answer = await bot.say("anna", "/zuweisen 1 Ben", chat="dm")
    assert texts(answer, "dm:anna") == ["Ben ist jetzt verantwortlich für Maßnahme 1 „Spielplatz“."]
    assert texts(answer, "group") == [
        "Ben ist jetzt verantwortlich für Maßnahme 1 „Spielplatz“ (eingetragen von Anna)."
    ]
    answer = await bot.say("anna", "/zuweisen 1 Lea Sommer", chat="dm")
    assert texts(answer, "group") == [
        "Jugendvertretung ist jetzt verantwortlich für Maßnahme 1 „Spielplatz“ "
        "(eingetragen von Anna)."
    ]
    assert "Lea" not in " ".join(texts(answer, "group"))
    answer = await bot.say("ben", "/zuweisen 1 Bauamt", chat="dm")
    assert texts(answer, "group") == [
        "Federführung für Maßnahme 1 „Spielplatz“: Bauamt (eingetragen von Ben)."
    ]
    answer = await bot.say("ben", "/zuweisen 1 niemand", chat="dm")
    assert texts(answer, "group") == [
        "Für Maßnahme 1 „Spielplatz“ ist jetzt niemand mehr verantwortlich (geändert von Ben)."
    ]
    # Nothing changed, or typed in the group chat: nothing more there.
    await bot.say("anna", "/zuweisen 1 Ben", chat="dm")
    answer = await bot.say("anna", "/zuweisen 1 Ben", chat="dm")
    assert texts(answer, "group") == []
    answer = await bot.say("anna", "/zuweisen 1 ich")
    assert texts(answer, "group") == ["Anna ist jetzt verantwortlich für Maßnahme 1 „Spielplatz“."]


async def test_a_lead_office_set_by_edit_in_the_direct_chat_is_told_to_the_group(bot: Bot) -> None:
    """/bearbeite 1 amt=… typed in a direct chat: the group chat reads it as it reads
    /zuweisen 1 Bauamt from there; removed, that it has none any more; typed in the group
    chat, nothing more."""
    await bot.group_with(ben="member")
    await add_measure(bot, "Spielplatz", due=None, responsible="ben")
    answer = await bot.say("ben", "/bearbeite 1 amt=Bauamt", chat="dm")
    assert texts(answer, "dm:ben")[0].startswith("Maßnahme 1 „Spielplatz“ geändert:")
    assert texts(answer, "group") == [
        "Federführung für Maßnahme 1 „Spielplatz“: Bauamt (eingetragen von Ben)."
    ]
    answer = await bot.say("anna", "/bearbeite 1 amt=keine", chat="dm")
    assert texts(answer, "group") == [
        "Maßnahme 1 „Spielplatz“ hat keine Federführung mehr (geändert von Anna)."
    ]
    answer = await bot.say("anna", "/bearbeite 1 amt=keine", chat="dm")  # nothing changed
    assert texts(answer, "group") == []
    answer = await bot.say("anna", "/bearbeite 1 amt=Grünflächenamt")
    assert len(texts(answer, "group")) == 1
    assert "eingetragen von" not in texts(answer, "group")[0]
