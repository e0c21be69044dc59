"""Someone in several steering groups: the direct chat says which group answers, and /group
chooses it (kept across restarts of the context cache, forgotten with the person)."""

from __future__ import annotations

import re

from sqlalchemy import select

from storage.models import Identity, Person
from tests.harness import Bot
from tests.unit.scheduling.helpers import berlin, run_at, to


async def two_groups(bot: Bot) -> None:
    """Anna coordinates Musterstadt; Carl's Beispieldorf takes her in as a member later."""
    await bot.group_with(ben="member")
    await bot.ask("anna", "/propose Spielplatz")
    await bot.ask("carl", "/setup Beispieldorf", chat="dorf")
    code = await bot.invite("carl", "member", "dorf")
    await bot.ask("anna", f"/join {code}", chat="dorf")
    await bot.ask("carl", "/propose Dorfplatz", chat="dorf")


async def test_the_direct_chat_names_the_group_and_group_switches_it(backend_bot: Bot) -> None:
    bot = backend_bot
    await two_groups(bot)
    # Joined last: Beispieldorf answers, and says so.
    assert await bot.ask("anna", "/measures", chat="dm") == (
        "[Beispieldorf]\n1 Maßnahme:\n1. Dorfplatz · vorgeschlagen"
    )
    assert await bot.ask("anna", "/gruppe", chat="dm") == (
        "Sie sind in 2 Steuerungsgruppen; in diesem Chat gelten Ihre Befehle für Beispieldorf:\n"
        "1. Beispieldorf (Mitglied) ← hier\n"
        "2. Musterstadt (Koordination)\n"
        "Eine andere wählen Sie mit /gruppe <Name oder Nummer>."
    )
    assert "Ab jetzt gelten Ihre Befehle in diesem Chat für Musterstadt (Sie: Koordination)" in (
        await bot.ask("anna", "/gruppe muster", chat="dm")
    )
    # The very next command (a cached context must not outlive the choice) is about Musterstadt,
    # with her role there; refusals carry the heading too.
    assert await bot.ask("anna", "/measures", chat="dm") == (
        "[Musterstadt]\n1 Maßnahme:\n1. Spielplatz · vorgeschlagen"
    )
    assert (await bot.ask("anna", "/show 7", chat="dm")).startswith(
        "[Musterstadt]\nEine Maßnahme 7 gibt es in dieser Gruppe nicht."
    )
    assert "Maßnahme 2 „Bänke“ ist vorgeschlagen" in await bot.ask(
        "anna", "/propose Bänke", chat="dm"
    )
    assert "2. Bänke" in await bot.ask("ben", "/measures")  # in Musterstadt's chat
    assert "Bänke" not in await bot.ask("carl", "/measures", chat="dorf")
    assert "Beispieldorf (Sie: Mitglied)" in await bot.ask("anna", "/group 1", chat="dm")
    assert "für Beispieldorf (Sie: Mitglied)" in await bot.ask("anna", "/group beisp", chat="dm")
    assert "„xyz“ ist keine Ihrer Steuerungsgruppen. /gruppe zeigt sie." in await bot.ask(
        "anna", "/gruppe xyz", chat="dm"
    )
    assert "„3“ ist keine Ihrer" in await bot.ask("anna", "/gruppe 3", chat="dm")


async def test_one_group_no_heading_and_group_chat_answers(backend_bot: Bot) -> None:
    bot = backend_bot
    await two_groups(bot)
    assert (
        await bot.ask("ben", "/measures", chat="dm") == "1 Maßnahme:\n1. Spielplatz · vorgeschlagen"
    )
    assert await bot.ask("ben", "/group", chat="dm") == (
        "Ihre Steuerungsgruppe: Musterstadt (Sie: Mitglied)."
    )
    assert await bot.ask("ben", "/gruppe") == (
        "Dieser Chat gehört zur Steuerungsgruppe Musterstadt (Kinderfreundliche Kommune)."
    )
    assert "im direkten Chat mit mir" in await bot.ask("ben", "/gruppe Beispieldorf")
    assert "noch in keiner Steuerungsgruppe" in await bot.ask("zed", "/gruppe", chat="dm")
    assert "noch keine Steuerungsgruppe" in await bot.ask("zed", "/gruppe", chat="elsewhere")


async def test_a_chosen_group_left_falls_back_and_is_exported_and_forgotten(bot: Bot) -> None:
    await two_groups(bot)
    await bot.ask("anna", "/gruppe Musterstadt", chat="dm")
    sent = await bot.say("anna", "/mydata", chat="dm")
    text = next(f for s in sent for f in s.reply.attachments if f.name.endswith(".txt"))
    assert "Gruppe für den direkten Chat: Musterstadt" in text.data.decode()
    # Carl's group goes on without Anna's choice; Musterstadt ends for her: back to the rest.
    await bot.ask("anna", "/setup Dritte", chat="drei")
    assert (await bot.ask("anna", "/measures", chat="dm")).startswith("[Musterstadt]")
    async with bot.app.sessions() as s, s.begin():
        person = await s.scalar(select(Person).join(Identity).where(Identity.user_id == "anna"))
        assert person is not None and person.direct_group_id is not None
        person.direct_group_id = 10_000  # a group that is gone
    assert (await bot.ask("anna", "/measures", chat="dm")).startswith("[Dritte]")
    # Forgetting a person forgets the choice too.
    assert "Musterstadt (Sie: Mitglied)" in await bot.ask("ben", "/gruppe 1", chat="dm")
    code = re.search(r"/vergessen (\w+)", await bot.ask("ben", "/vergessen", chat="dm"))
    assert code is not None
    await bot.ask("ben", f"/vergessen {code.group(1)}", chat="dm")
    async with bot.app.sessions() as s:
        chosen = await s.scalars(
            select(Person.direct_group_id).where(Person.forgotten_at.isnot(None))
        )
        assert list(chosen) == [None]


async def test_two_groups_of_the_same_name_are_chosen_by_number(bot: Bot) -> None:
    await two_groups(bot)
    await bot.ask("carl", "/gruppe umbenennen Musterstadt", chat="dorf")
    assert await bot.ask("anna", "/gruppe musterstadt", chat="dm") == (
        "Mehrere Ihrer Steuerungsgruppen heißen Musterstadt: /gruppe 1 (Mitglied), /gruppe 2 "
        "(Koordination). Wählen Sie mit der Nummer."
    )
    assert "für Musterstadt (Sie: Koordination)" in await bot.ask("anna", "/gruppe 2", chat="dm")


async def test_news_of_a_group_the_direct_chat_does_not_speak_for_says_how_to_answer_it(
    bot: Bot,
) -> None:
    await two_groups(bot)
    code = await bot.invite("carl", "member", "dorf")
    await bot.ask("ben", f"/join {code}", chat="dorf")  # joined last: Ben's direct chat
    await bot.ask("anna", "/frist 1 25.1.2027")
    sent = await bot.say("anna", "/zuweisen 1 ben")
    hint = (
        "\nBefehle in diesem Chat gelten gerade für Beispieldorf; /gruppe Musterstadt wechselt "
        "zu Musterstadt."
    )
    (notice,) = to(sent, "dm:ben")
    # The notice names the town itself: no "[Musterstadt]" heading above it as well.
    assert notice.startswith("In Musterstadt sind Sie jetzt verantwortlich")
    assert notice.endswith("/zeige 1 zeigt sie." + hint)
    # The nudge too: "/stand 1" typed there would change Beispieldorf's measure 1.
    (nudge,) = to(await run_at(bot, berlin(2027, 1, 22, 9, 0)), "dm:ben")
    assert nudge.startswith("[Musterstadt]\nErinnerung: Maßnahme 1 „Spielplatz“ ist am 25.01.2027")
    assert nudge.endswith(hint)
    # Once the chat speaks for Musterstadt, the nudge is as for someone in one group.
    await bot.ask("ben", "/gruppe Musterstadt", chat="dm")
    (due,) = to(await run_at(bot, berlin(2027, 1, 25, 9, 0)), "dm:ben")
    assert due.startswith("Erinnerung: Maßnahme 1 „Spielplatz“ ist heute") and hint not in due


async def test_a_press_on_a_nudge_of_another_group_answers_under_that_groups_name(
    bot: Bot,
) -> None:
    await two_groups(bot)
    code = await bot.invite("carl", "member", "dorf")
    await bot.ask("ben", f"/join {code}", chat="dorf")  # Ben's direct chat: Beispieldorf
    await bot.ask("anna", "/frist 1 25.1.2027")
    await bot.ask("anna", "/zuweisen 1 ben")
    sent = await run_at(bot, berlin(2027, 1, 22, 9, 0))
    (nudge,) = [s for s in sent if s.chat.chat_id == "dm:ben"]
    later = nudge.reply.choices[-1].action
    # The answer to the press is about Musterstadt's measure 1, not Beispieldorf's.
    assert to(await bot.press("ben", later, chat="dm"), "dm:ben") == [
        "[Musterstadt]\nMaßnahme 1 „Spielplatz“ ist fällig am 08.02.2027."
    ]
    assert to(await bot.press("ben", later, chat="dm"), "dm:ben")[0].startswith(
        "[Musterstadt]\nDie Frist von Maßnahme 1 wurde seit dieser Erinnerung geändert"
    )


async def test_a_minor_in_two_groups_hears_that_showname_holds_in_both(bot: Bot) -> None:
    await bot.group_with(lea="youth")
    await bot.press("lea", "age:under16", chat="dm")
    await bot.ask("carl", "/setup Beispieldorf", chat="dorf")
    code = await bot.invite("carl", "youth", "dorf")
    await bot.ask("lea", f"/join {code}", chat="dm")  # the direct chat speaks for Beispieldorf
    both = "\nDas gilt in allen deinen Steuerungsgruppen: Beispieldorf, Musterstadt."
    assert await bot.ask("lea", "/namezeigen", chat="dm") == (
        "Die Gruppe sieht „Jugendvertretung“ statt deines Namens. /namezeigen an zeigt deinen "
        "Namen." + both
    )
    # Her name is shown in Musterstadt too: she reads so before anyone there sees it.
    assert await bot.ask("lea", "/namezeigen an", chat="dm") == (
        "Ab jetzt sieht die Gruppe deinen Namen." + both
    )
    assert "Jugendvertretung: Lea" in await bot.ask("anna", "/mitglieder")


async def test_anonymous_from_one_group_holds_for_the_ideas_in_the_other(bot: Bot) -> None:
    await bot.group_with(lea="youth")
    await bot.press("lea", "age:16plus", chat="dm")
    await bot.ask("carl", "/setup Beispieldorf", chat="dorf")
    code = await bot.invite("carl", "youth", "dorf")
    await bot.ask("lea", f"/join {code}", chat="dm")
    await bot.ask("lea", "/gruppe Musterstadt", chat="dm")
    await bot.ask("lea", "/idee Skatepark", chat="dm")
    await bot.ask("lea", "/gruppe Beispieldorf", chat="dm")
    assert await bot.ask("lea", "/anonym an", chat="dm") == (
        "[Beispieldorf]\nAlles klar: Die Steuerungsgruppe sieht bei deinen Ideen nur "
        "„Jugendvertretung“, nicht deinen Namen.\n"
        "Das gilt in allen deinen Steuerungsgruppen: Beispieldorf, Musterstadt."
    )
    # The idea waiting in Musterstadt no longer shows her name, as /anonym there says.
    assert "1. Skatepark · Jugendvertretung" in await bot.ask("anna", "/warteschlange")
    assert (await bot.ask("lea", "/anonym", chat="dm")).endswith(
        "/anonym aus zeigt deinen Namen.\n"
        "Das gilt in allen deinen Steuerungsgruppen: Beispieldorf, Musterstadt."
    )


async def test_setting_up_a_second_group_of_the_same_name_says_it_is_a_new_one(bot: Bot) -> None:
    await bot.ask("anna", "/setup Musterstadt")
    await bot.ask("anna", "/propose Spielplatz")
    second = await bot.ask("anna", "/setup musterstadt", chat="neu")
    assert second.endswith(
        "Hinweis: Sie sind schon in einer Steuerungsgruppe namens musterstadt, in einem anderen "
        "Chat. Dies ist eine zweite, neue Gruppe ohne etwas von der ersten; /gruppe umbenennen "
        "<Name> unterscheidet sie."
    )
    assert "Hinweis" not in await bot.ask("anna", "/setup Beispielstadt", chat="bsp")


async def test_a_group_chat_command_in_the_direct_chat_names_which_group_chat(bot: Bot) -> None:
    await two_groups(bot)
    # Anna is in two towns: the answer names the one this chat speaks for.
    assert await bot.ask("anna", "/runde", chat="dm") == (
        "/runde funktioniert im Gruppenchat von Beispieldorf, nicht hier."
    )
    await bot.ask("anna", "/gruppe muster", chat="dm")
    assert await bot.ask("anna", "/runde", chat="dm") == (
        "/runde funktioniert im Gruppenchat von Musterstadt, nicht hier."
    )
    # In one group only, "your steering group" is clear.
    assert await bot.ask("ben", "/runde", chat="dm") == (
        "/runde funktioniert im Gruppenchat Ihrer Steuerungsgruppe, nicht hier."
    )
