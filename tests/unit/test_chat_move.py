"""/umziehen (/move): a group, or its youth chat, moves to another chat with a one-time code;
what was waiting for the old chat goes to the new one, once."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import select

from commands.voting import close_due_rounds
from storage.models import Reminder
from tests.harness import Bot


def texts(sent: list, chat: str) -> list[str]:  # type: ignore[type-arg]
    return [s.reply.text for s in sent if s.chat.chat_id == chat]


def move_code(answer: str) -> str:
    """The code in /umziehen's answer ("… gibt eine Koordination dort ein:\n/umziehen CODE…")."""
    return answer.split("\n/umziehen ", 1)[1].split()[0]


async def test_a_coordinator_moves_the_group_and_what_was_due_follows(bot: Bot) -> None:
    await bot.group_with(max="member", lea="youth")
    await bot.ask("anna", "/vorschlag Spielplatz")
    await bot.ask("anna", "/vorschlag Bolzplatz")
    await bot.ask("anna", "/erinnerungen sitzung jeden Dienstag 17:00")
    opened = await bot.ask("anna", "/runde zustimmung 1 2 schliesst=12.1.2027 18:00")
    assert "Runde 1 ist eröffnet" in opened, opened
    await bot.app.reminders.plan()  # the meeting's nudge waits in the outbox for "group"
    assert await bot.ask("max", "/umziehen") == (
        "Nur die Koordination kann die Gruppe in einen anderen Chat umziehen."
    )
    answer = await bot.ask("anna", "/umziehen")
    assert answer.startswith("Um die Steuerungsgruppe Musterstadt in einen anderen Chat umzuziehen")
    assert "Der Code gilt einmal, bis 12.01.2027 10:00;" in answer
    code = move_code(answer)
    # Only a coordinator of the group takes it, and only into a chat of no group.
    assert (await bot.ask("max", f"/umziehen {code}", chat="raum-42")).startswith(
        "Nur eine Koordination von Musterstadt kann die Gruppe hierher umziehen."
    )
    await bot.ask("bert", "/setup Beispielstadt", chat="bsp")
    assert await bot.ask("anna", f"/umziehen {code}", chat="bsp") == (
        "Dieser Chat gehört schon zur Steuerungsgruppe Beispielstadt; Musterstadt kann nur in "
        "einen eigenen Chat umziehen."
    )
    assert "gehört in den neuen Chat" in await bot.ask("anna", f"/umziehen {code}")
    sent = await bot.say("anna", f"/umziehen {code}", chat="raum-42")
    (welcome,) = texts(sent, "raum-42")[:1]
    assert welcome.startswith("Willkommen! Dieser Chat ist jetzt der Chat der Steuerungsgruppe")
    (left,) = texts(sent, "group")
    assert left.startswith("Die Steuerungsgruppe Musterstadt ist in einen anderen Chat umgezogen")
    assert "raum-42" not in left and code not in left
    # The code worked once.
    assert "nicht gültig" in await bot.ask("anna", f"/umziehen {code}", chat="neu2")
    # The group lives in the new chat; the old one is none of its business any more.
    assert "2. Bolzplatz" in await bot.ask("max", "/massnahmen", chat="raum-42")
    assert (await bot.ask("max", "/massnahmen")).startswith("Dieser Chat ist noch keine")
    # The round's announcement in the old chat no longer shows the count (no edits there).
    edits = len(bot.adapter.edits)
    assert "gespeichert" in await bot.ask("max", "/abstimmen 1 1", chat="raum-42")
    assert not [ref for ref, _ in bot.adapter.edits[edits:] if ref.chat.chat_id == "group"]
    # The meeting's nudge (Monday 17:00) and the round's result go to the new chat, once.
    async with bot.app.sessions() as session:
        pending = list(await session.scalars(select(Reminder).where(Reminder.sent_at.is_(None))))
    assert pending and {r.chat_id for r in pending} == {"raum-42"}
    bot.adapter.pop()
    bot.clock.advance(timedelta(hours=7))  # Monday 17:00 in Berlin
    assert (await bot.app.reminders.sweep()).sent == 1
    (meeting,) = bot.adapter.pop()
    assert meeting.chat.chat_id == "raum-42" and "Sitzung" in meeting.reply.text
    bot.clock.advance(timedelta(days=1, hours=1))  # the round closed on Tuesday 18:00
    assert await close_due_rounds(bot.app.services, bot.clock.now()) == 1
    posts = [s for s in bot.adapter.pop() if not s.chat.is_direct]
    assert [s.chat.chat_id for s in posts] == ["raum-42"]
    assert "Ergebnis" in posts[0].reply.text
    await close_due_rounds(bot.app.services, bot.clock.now() + timedelta(minutes=5))
    assert not [s for s in bot.adapter.pop() if not s.chat.is_direct]


async def test_a_code_expires_after_a_day_and_strangers_are_refused(bot: Bot) -> None:
    await bot.group_with(max="member")
    code = move_code(await bot.ask("anna", "/umziehen"))
    assert "Nur eine Koordination" in await bot.ask("zoe", f"/umziehen {code}", chat="raum-42")
    bot.clock.advance(timedelta(hours=25))
    assert await bot.ask("anna", f"/umziehen {code}", chat="raum-42") == (
        f"Der Code {code} ist nicht gültig (ein Umzugscode gilt einmal, 24 Stunden lang). Einen "
        "neuen gibt /umziehen im Chat der Gruppe, für eine Koordination."
    )
    assert "noch zu keiner Steuerungsgruppe" in await bot.ask("anna", "/umziehen", chat="raum-42")
    assert "im Gruppenchat" in await bot.ask("anna", "/umziehen", chat="dm")
    # A new code is made; the expired one is gone from the store.
    assert move_code(await bot.ask("anna", "/umziehen")) != code


async def test_the_youth_chat_moves_too(bot: Bot) -> None:
    await bot.group_with(lea="youth")
    await bot.ask("anna", "/binden jugend", chat="jugend")
    answer = await bot.ask("anna", "/umziehen", chat="jugend")
    assert answer.startswith("Um den Jugendchat von Musterstadt in einen anderen Chat umzuziehen")
    assert "Nur die Koordination" in await bot.ask("lea", "/umziehen", chat="jugend")
    sent = await bot.say("anna", f"/umziehen {move_code(answer)}", chat="jugend2")
    assert texts(sent, "jugend2")[0].startswith("Willkommen! Dieser Chat ist jetzt der Jugendchat")
    assert texts(sent, "jugend")[0].startswith("Der Jugendchat von Musterstadt ist in einen")
    assert texts(sent, "group") == [
        "Der Jugendchat von Musterstadt ist in einen anderen Chat umgezogen (memory)."
    ]
    assert "Idee 1" in await bot.ask("kim", "/vorschlag Graffitiwand", chat="jugend2")
    assert "noch keine" in await bot.ask("kim", "/vorschlag Skatepark", chat="jugend")
    assert "Steuerungsgruppe Musterstadt" in await bot.ask("anna", "/gruppe")


async def test_help_lists_move_only_where_it_can_be_used(bot: Bot) -> None:
    """A youth representative, a member or a young visitor of the youth chat cannot move the
    group: their /help does not offer it; a coordinator's does, and so does a new chat's."""
    await bot.group_with(max="member", lea="youth")
    await bot.ask("anna", "/binden jugend", chat="jugend")
    for who, chat in (("lea", "jugend"), ("lea", "group"), ("max", "group"), ("kai", "jugend")):
        assert "/umziehen" not in await bot.ask(who, "/hilfe", chat=chat), (who, chat)
    for who, chat in (("anna", "group"), ("anna", "jugend"), ("max", "raum-42")):
        assert "/umziehen" in await bot.ask(who, "/hilfe", chat=chat), (who, chat)
