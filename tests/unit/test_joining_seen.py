"""Joining with a code is seen by the group: the group chat hears of someone who joined in a
direct chat (a youth representative not by name), and the group's history (/history alone)
lists who joined and who left; /history <name> still finds someone who has left."""

from __future__ import annotations

from sqlalchemy import select

from storage.models import Chat, Group
from tests.harness import Bot


async def test_joining_in_the_direct_chat_is_told_in_the_group_chat(bot: Bot) -> None:
    await bot.ask("anna", "/setup Musterstadt")
    code = await bot.invite("anna", "member")
    sent = await bot.say("clara", f"/beitreten {code}", chat="dm")
    assert ("group", "Clara ist jetzt in der Steuerungsgruppe (Mitglied).") in [
        (s.chat.chat_id, s.reply.text) for s in sent
    ]
    # Welcomed in the group chat, the group saw it: no second line.
    code = await bot.invite("anna", "member")
    sent = await bot.say("dora", f"/beitreten {code}")
    assert [s.chat.chat_id for s in sent] == ["group"]
    assert len(sent) == 1


async def test_a_youth_representative_joining_is_told_without_her_name(bot: Bot) -> None:
    await bot.ask("anna", "/setup Musterstadt")
    code = await bot.invite("anna", "youth")
    sent = await bot.say("mia", f"/beitreten {code}", chat="dm")
    told = [s.reply.text for s in sent if s.chat.chat_id == "group"]
    assert told == ["Eine neue Jugendvertretung ist der Steuerungsgruppe beigetreten."]


async def test_a_minor_joining_another_group_as_a_member_is_told_as_one(bot: Bot) -> None:
    """Lea is under 16 (a youth representative in Musterstadt) and joins Nachbarstadt as a
    member in her direct chat: its chat reads that someone joined as a member, without her
    name (before: "a new youth representative", a role she does not have there)."""
    await bot.group_with(lea="youth")
    await bot.press("lea", "age:under16", chat="dm")
    await bot.ask("otto", "/setup Nachbarstadt", chat="room2")
    code = await bot.invite("otto", "member", "room2")
    sent = await bot.say("lea", f"/beitreten {code}", chat="dm")
    assert [s.reply.text for s in sent if s.chat.chat_id == "room2"] == [
        "Jemand Neues ist jetzt in der Steuerungsgruppe (Mitglied, Name nicht angezeigt)."
    ]


async def test_each_steering_chat_reads_of_a_join_in_its_own_language(bot: Bot) -> None:
    """A steering chat that reads English beside the German one (bridged): the line about
    someone who joined elsewhere comes to each in its language, not all in the group's."""
    await bot.ask("anna", "/setup Musterstadt")
    async with bot.app.sessions() as s, s.begin():
        group_id = await s.scalar(select(Group.id))
        s.add(Chat(platform="memory", chat_id="bridged", group_id=group_id, lang="en"))
    code = await bot.invite("anna", "member")
    sent = await bot.say("clara", f"/beitreten {code}", chat="dm")
    assert {s.chat.chat_id: s.reply.text for s in sent if s.chat.chat_id != "dm:clara"} == {
        "group": "Clara ist jetzt in der Steuerungsgruppe (Mitglied).",
        "bridged": "Clara has joined the steering group (role: member).",
    }
    code = await bot.invite("anna", "youth")
    sent = await bot.say("mia", f"/beitreten {code}", chat="dm")
    assert {s.chat.chat_id: s.reply.text for s in sent if s.chat.chat_id != "dm:mia"} == {
        "group": "Eine neue Jugendvertretung ist der Steuerungsgruppe beigetreten.",
        "bridged": "A new youth representative has joined the steering group.",
    }


async def test_the_group_history_lists_who_joined_and_left(bot: Bot) -> None:
    await bot.group_with(ben="member", clara="member")
    await bot.say("clara", "/austreten ja")
    await bot.ask("anna", "/entfernen Ben")
    history = await bot.ask("anna", "/verlauf")
    assert "· Ben · beigetreten (Mitglied)" in history
    assert "· Clara · beigetreten (Mitglied)" in history
    assert "· Clara · hat die Gruppe verlassen (war Mitglied)" in history
    assert "· Anna · hat Ben (Mitglied) aus der Gruppe genommen" in history
    # Someone who has left is still found by name, with her entries.
    own = await bot.ask("anna", "/verlauf clara")
    assert own.startswith("Clara ist nicht mehr in der Gruppe.\n")
    assert "· Clara · hat die Gruppe verlassen (war Mitglied)" in own
    assert "Ben" not in own
