"""The stored answer to the age question: someone who answered is not asked again (a plain
/start, joining another group, becoming a youth representative again), coordinators see how
many have not answered yet, and the answer is part of the export and of the erasure."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import select

from adapters.memory import MemoryAdapter
from bot.clock import FakeClock
from storage.models import Person
from tests.harness import Bot, make_app, settings_for
from tests.measures.test_linking import other_platform, say_on
from tests.privacy.test_minors import person_named


async def second_group_code(bot: Bot, role: str) -> str:
    """Otto sets up Nachbarstadt in room2; an invite code for ``role`` there."""
    await bot.ask("otto", "/setup Nachbarstadt", chat="room2")
    return await bot.invite("otto", role, "room2")


def _question_to(sent: list, user: str) -> bool:  # type: ignore[type-arg]
    return any(
        s.chat.chat_id == f"dm:{user}" and any(c.action == "age:under16" for c in s.reply.choices)
        for s in sent
    )


async def test_a_minor_who_answered_is_not_asked_again_when_opening_the_direct_chat(
    bot: Bot,
) -> None:
    await bot.group_with(lea="youth")
    assert _question_to(await bot.say("lea", "/start", chat="dm"), "lea")
    await bot.press("lea", "age:under16", chat="dm")
    # She is under 16 and shown under the pseudonym, as before, but she has answered.
    sent = await bot.say("lea", "/start", chat="dm")
    assert [s.reply.text.split("\n")[0] for s in sent] == ["Das kann ich hier für dich tun:"]
    person = await person_named(bot, "lea")
    assert person.is_minor and not person.show_name
    assert person.age_answered_at == bot.clock.now()
    # /alter still asks whenever she wants to change her answer.
    assert _question_to(await bot.say("lea", "/alter", chat="dm"), "lea")


async def test_a_coordinators_decision_counts_as_the_answer(bot: Bot) -> None:
    await bot.group_with(lea="youth", mia="youth")
    assert "Erledigt" in await bot.ask("anna", "/minor Lea an")
    assert "Erledigt" in await bot.ask("anna", "/minor Mia aus")
    assert not _question_to(await bot.say("lea", "/start", chat="dm"), "lea")
    assert not _question_to(await bot.say("mia", "/start", chat="dm"), "mia")
    members = await bot.ask("anna", "/members")
    assert "Jugendvertretung: Mia, 1 unter 16 (Name nicht angezeigt)" in members
    assert "noch nicht gesagt" not in members


async def test_someone_who_answered_is_not_asked_again_in_another_group(bot: Bot) -> None:
    await bot.group_with(lea="youth")
    await bot.press("lea", "age:16plus", chat="dm")
    code = await second_group_code(bot, "youth")
    sent = await bot.say("lea", f"/join {code}", chat="room2")
    assert not _question_to(sent, "lea")
    (welcome,) = sent
    assert welcome.reply.text == (
        "Willkommen, Lea! Du bist jetzt in der Steuerungsgruppe Nachbarstadt (Jugendvertretung).\n"
        "Was gerade ansteht: /uebersicht · was du tun kannst: /hilfe"
    )
    assert "Jugendvertretung: Lea" in await bot.ask("otto", "/members", chat="room2")
    assert not (await person_named(bot, "lea")).is_minor


async def test_becoming_a_youth_representative_again_asks_nothing_after_an_answer(
    bot: Bot,
) -> None:
    await bot.group_with(max="youth")
    await bot.press("max", "age:16plus", chat="dm")
    await bot.ask("anna", "/role Max member")
    sent = await bot.say("anna", "/role Max youth")
    assert not _question_to(sent, "max")
    assert sent[0].reply.text == "Max ist jetzt Jugendvertretung (vorher: Mitglied)."
    assert "Jugendvertretung: Max" in await bot.ask("anna", "/members")
    # Someone who never answered is asked (and presumed under 16) when made one.
    await bot.ask("anna", "/invite member")
    await bot.ask("tim", "/join CODE0002")
    sent = await bot.say("anna", "/role Tim youth")
    assert _question_to(sent, "tim") and "Tim" not in sent[0].reply.text
    assert "Nach dem Alter frage ich die Person im direkten Chat" in sent[0].reply.text
    assert (await person_named(bot, "tim")).age_answered_at is None


async def test_coordinators_see_how_many_have_not_answered(bot: Bot) -> None:
    await bot.group_with(lea="youth", mia="youth", max="member")
    members = await bot.ask("anna", "/members")
    assert members.endswith(
        "2 Personen der Jugendvertretung haben noch nicht gesagt, ob sie unter 16 sind, und "
        "gelten bis dahin als unter 16; antworten können sie mit /alter."
    )
    assert "noch nicht gesagt" not in await bot.ask("max", "/members")  # coordinators only
    assert "noch nicht gesagt" not in await bot.ask("lea", "/members")
    await bot.press("lea", "age:under16", chat="dm")
    assert (await bot.ask("anna", "/members")).endswith(
        "1 Person der Jugendvertretung hat noch nicht gesagt, ob sie unter 16 ist, und gilt bis "
        "dahin als unter 16; antworten kann sie mit /alter."
    )
    await bot.press("mia", "age:16plus", chat="dm")
    assert "noch nicht gesagt" not in await bot.ask("anna", "/members")
    await bot.ask("anna", "/lang en")
    await bot.ask("anna", "/invite youth")
    await bot.ask("tom", "/join CODE0004")
    assert (await bot.ask("anna", "/members")).endswith(
        "1 youth representative has not yet said whether they are under 16 and counts as "
        "under 16 until then; they can answer with /age."
    )


async def test_the_answer_is_exported_and_erased(bot: Bot) -> None:
    await bot.group_with(lea="youth")
    await bot.press("lea", "age:16plus", chat="dm")
    sent = await bot.say("lea", "/mydata", chat="dm")
    (data,) = [f.data for s in sent for f in s.reply.attachments if f.name.endswith(".json")]
    person = json.loads(data)["data"]["person"]
    assert person["age_question_answered"] == bot.clock.now().isoformat()
    sent = await bot.say("lea", "/vergessen", chat="dm")
    await bot.press("lea", sent[0].reply.choices[0].action, chat="dm")
    async with bot.app.sessions() as s:
        forgotten = await s.scalar(select(Person).where(Person.forgotten_at.is_not(None)))
    assert forgotten is not None and forgotten.age_answered_at is None


@pytest.fixture
async def telegram(tmp_path: Path, clock: FakeClock) -> AsyncIterator[Bot]:
    app = make_app(settings_for(tmp_path, DATABASE_URL="sqlite+aiosqlite://"), clock)
    adapter = MemoryAdapter("telegram")
    app.add_adapter(adapter)
    async with app:
        yield Bot(app, adapter, clock)


async def test_making_someone_youth_in_a_sensitive_telegram_group_does_not_repeat_the_name(
    telegram: Bot,
) -> None:
    await telegram.group_with(max="member", ben="member")
    await telegram.ask("anna", "/sensitive on")
    sent = await telegram.say("anna", "/role Max youth")
    assert sent[0].chat.chat_id == "group"
    assert sent[0].reply.text == (
        "Erledigt: jetzt Jugendvertretung (vorher: Mitglied). Den Namen wiederhole ich hier "
        "nicht.\nNach dem Alter frage ich die Person im direkten Chat."
    )
    # Other roles keep the name, and so does a group that is not sensitive (once the age
    # question is answered: until then a youth representative counts as under 16).
    assert "Ben ist jetzt Gast" in await telegram.ask("anna", "/role Ben observer")
    await telegram.ask("anna", "/minor Ben off")
    sent = await telegram.say("anna", "/role Ben youth")
    assert sent[0].reply.text.startswith("Erledigt: jetzt Jugendvertretung (vorher: Gast).")
    await telegram.ask("anna", "/role Ben observer")
    await telegram.ask("anna", "/sensitive off")
    assert "Ben ist jetzt Jugendvertretung" in await telegram.ask("anna", "/role Ben youth")


async def test_linking_accounts_keeps_the_answer(bot: Bot) -> None:
    await bot.group_with(lea="youth")
    await bot.press("lea", "age:under16", chat="dm")
    matrix = await other_platform(bot)
    offer = await say_on(matrix, "@lea:example.org", "/link")
    code = next(w for w in offer.replace(".", " ").split() if w.startswith("CODE"))
    # Lea's answered person is merged into the one of her new account, which holds the code.
    assert "jetzt eine Person" in await bot.ask("lea", f"/link {code}", chat="dm")
    person = await person_named(bot, "lea")
    assert person.is_minor and person.age_answered_at == bot.clock.now()
    assert not _question_to(await bot.say("lea", "/start", chat="dm"), "lea")


async def test_a_youth_representative_who_is_a_member_elsewhere_answers_in_the_direct_chat(
    bot: Bot,
) -> None:
    await bot.group_with(lea="youth")
    code = await second_group_code(bot, "member")
    await bot.ask("lea", f"/join {code}", chat="room2")
    # Her direct chat now speaks for Nachbarstadt, where she is a member; the age question is
    # about her, not a group, so she need not choose a group first.
    assert _question_to(await bot.say("lea", "/alter", chat="dm"), "lea")
    (thanks,) = await bot.press("lea", "age:16plus", chat="dm")
    assert thanks.reply.text.startswith("Danke")
    assert not (await person_named(bot, "lea")).is_minor
    # Someone who is youth representative nowhere is still refused.
    refusal = await bot.ask("otto", "/alter", chat="dm")
    assert refusal == "/alter dürfen nur: Jugendvertretung. Ihre Rolle: Koordination."


async def test_the_age_question_can_be_answered_by_typing(bot: Bot) -> None:
    await bot.group_with(lea="youth", mia="youth", max="member")
    assert (await bot.ask("lea", "unter 16", chat="dm")).startswith(
        "Danke. Die Gruppe sieht „Jugendvertretung“ statt deines Namens"
    )
    assert await bot.ask("mia", "Ich bin 17", chat="dm") == "Danke. Die Gruppe sieht deinen Namen."
    members = await bot.ask("max", "/members")
    assert "Jugendvertretung: Mia, 1 unter 16 (Name nicht angezeigt)" in members
    # The question's button pressed afterwards: the thanks are not said twice.
    pressed = await bot.press("lea", "age:under16", chat="dm")
    assert [s.reply.text for s in pressed] == [
        "Diese Antwort habe ich schon; es hat sich nichts geändert."
    ]
    # Once answered, a stray number changes nothing; nor does it for someone never asked.
    assert (await bot.ask("lea", "17", chat="dm")).startswith("Deine Antwort habe ich schon.")
    assert "Jugendvertretung: Mia, 1 unter 16" in await bot.ask("max", "/members")
    assert await bot.ask("max", "15", chat="dm") == (
        "Ich verstehe Befehle. Mit /hilfe sehen Sie alle."
    )
    assert "Mitglied: Max" in await bot.ask("max", "/members")
    assert await bot.ask("mia", "Hallo", chat="dm") == (
        "Hallo! Was gerade ansteht: /uebersicht · was du tun kannst: /hilfe"
    )
    # /age opens the question again: then a typed answer counts, as the button would.
    assert "unter 16?" in await bot.ask("lea", "/alter", chat="dm")
    assert await bot.ask("lea", "ich bin 16", chat="dm") == "Danke. Die Gruppe sieht deinen Namen."
    assert "Jugendvertretung: Lea, Mia" in await bot.ask("max", "/members")
    assert (await bot.ask("lea", "15", chat="dm")).startswith("Deine Antwort habe ich schon.")


async def test_yes_no_and_sentences_answer_the_age_question(bot: Bot) -> None:
    """ "Bist du unter 16?" — "ja". A sentence about the age is read, and while the question is
    open a sentence is never offered to be sent to the group as an idea."""
    await bot.group_with(lea="youth", mia="youth", tim="youth", max="member")
    hint = await bot.ask("tim", "Ich wohne am Bahnhof und so", chat="dm")
    assert "/idee" not in hint and "Noch offen: Bist du unter 16?" in hint
    assert (await bot.ask("lea", "ja", chat="dm")).startswith("Danke. Die Gruppe sieht „Jugend")
    assert await bot.ask("mia", "Nein.", chat="dm") == "Danke. Die Gruppe sieht deinen Namen."
    assert (await bot.ask("tim", "Ich bin erst 14 Jahre alt", chat="dm")).startswith(
        "Danke. Die Gruppe sieht „Jugendvertretung“"
    )
    assert (await person_named(bot, "lea")).is_minor
    assert not (await person_named(bot, "mia")).is_minor
    # Once answered, a "ja" is no answer to anything: nothing changes.
    assert (await bot.ask("mia", "ja", chat="dm")).startswith("Ich verstehe Befehle.")
    assert not (await person_named(bot, "mia")).is_minor
    assert "/idee" in await bot.ask("tim", "Mehr Bänke am Bahnhof bitte", chat="dm")
    assert (
        await bot.ask("max", "nein", chat="dm")
        == "Ich verstehe Befehle. Mit /hilfe sehen Sie alle."
    )
    # Someone in no group (never shown the question) typing about her age: no "button".
    for said in ("ich bin 15", "ja", "unter 16"):
        assert await bot.ask("kim", said, chat="dm") == (
            "Ich verstehe Befehle. Mit /hilfe sehen Sie alle."
        ), said


async def test_a_typed_age_answer_counts_while_the_direct_chat_speaks_for_another_group(
    bot: Bot,
) -> None:
    await bot.group_with(lea="youth")
    code = await second_group_code(bot, "member")
    await bot.ask("lea", f"/join {code}", chat="room2")  # her direct chat: Nachbarstadt
    assert (await bot.ask("lea", "unter 16", chat="dm")).startswith("Danke.")
    assert (await person_named(bot, "lea")).is_minor
    assert (await person_named(bot, "lea")).age_answered_at is not None


async def test_what_goes_to_the_direct_chat_from_the_group_is_in_its_language(bot: Bot) -> None:
    """Lea chose English in her direct chat: /myideas and /age typed in the German group chat
    answer there in English, as everything else in that chat does."""
    await bot.group_with(lea="youth")
    await bot.press("lea", "age:under16", chat="dm")
    await bot.ask("lea", "/lang en", chat="dm")
    await bot.ask("lea", "/propose Skatepark", chat="dm")
    sent = await bot.say("lea", "/meineideen")
    to_dm = [s.reply.text for s in sent if s.chat.chat_id == "dm:lea"]
    assert to_dm and to_dm[0].startswith("Your ideas and proposals in Musterstadt:"), to_dm
    assert any("direkten Chat" in s.reply.text for s in sent if s.chat.chat_id == "group")
    sent = await bot.say("lea", "/alter")
    to_dm = [s.reply.text for s in sent if s.chat.chat_id == "dm:lea"]
    assert to_dm and to_dm[0].startswith("One question, so I can protect your data"), to_dm


async def test_a_minor_made_member_is_told_who_corrects_the_age(bot: Bot) -> None:
    await bot.group_with(lea="youth")
    await bot.ask("lea", "unter 16", chat="dm")
    await bot.ask("anna", "/rolle lea mitglied")
    assert await bot.ask("lea", "/alter", chat="dm") == (
        "/alter dürfen nur: Jugendvertretung. Deine Rolle: Mitglied.\n"
        "Falls du als unter 16 markiert bist und das nicht stimmt, ändert es die Koordination: "
        "/minderjaehrig <dein Name> aus."
    )
    # An adult guest is not marked under 16: the refusal says no more than it must.
    await bot.ask("otto", f"/join {await bot.invite('anna', 'observer')}")
    assert await bot.ask("otto", "/alter", chat="dm") == (
        "Als Gast lesen Sie mit; /alter ist für: Jugendvertretung."
    )
    assert await bot.ask("otto", "/alter") == (
        "Als Gast lesen Sie mit; /alter ist für: Jugendvertretung."
    )
