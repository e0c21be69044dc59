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
        "Maßnahme 1 „Spielplatz“: fällig am 04.03.2027 statt am 18.02.2027 (verschoben von Ben)."
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
