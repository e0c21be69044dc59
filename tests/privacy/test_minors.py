"""Youth protection: the age band after a youth /join, /minor, /showname, pseudonyms wherever
names are shown, no group mentions for minors, sensitive groups on Telegram."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import select

from adapters.memory import MemoryAdapter
from bot.clock import FakeClock
from bot.events import ChatRef, Reply, UserRef
from commands.common import is_pseudonymous
from storage.models import Chat, Group, Identity, Person
from tests.harness import Bot, make_app, settings_for


async def person_named(bot: Bot, user_id: str) -> Person:
    """The stored person behind the platform user ``user_id``."""
    async with bot.app.sessions() as s:
        person_id = await s.scalar(select(Identity.person_id).where(Identity.user_id == user_id))
        person = await s.get(Person, person_id)
        assert person is not None
        return person


async def test_youth_join_asks_the_age_band_in_the_direct_chat(bot: Bot) -> None:
    await bot.ask("anna", "/setup Musterstadt")
    await bot.ask("anna", "/invite youth")
    sent = await bot.say("lea", "/join CODE0001")
    in_group = [s for s in sent if s.chat.chat_id == "group"]
    question = [s for s in sent if s.chat.chat_id == "dm:lea"]
    # Until she answers she counts as under 16: the group chat does not read her name.
    assert in_group[0].reply.text.startswith(
        "Willkommen! Du bist jetzt in der Steuerungsgruppe Musterstadt (Jugendvertretung)."
    )
    assert "Lea" not in in_group[0].reply.text and not in_group[0].reply.choices
    labels = [c.label for c in question[0].reply.choices]
    assert labels == ["unter 16", "16 oder älter"]
    answer = await bot.press("lea", question[0].reply.choices[0].action, chat="dm")
    assert "„Jugendvertretung“ statt deines Namens" in answer[0].reply.text
    assert (await person_named(bot, "lea")).is_minor
    members = await bot.ask("anna", "/members")
    assert "Lea" not in members and "Jugendvertretung: 1 unter 16 (Name nicht angezeigt)" in members
    await bot.ask("lea", "/propose Bolzplatz")
    assert "Maßnahme 1" in await bot.ask("anna", "/accept 1")
    shown = await bot.ask("anna", "/show 1")
    assert "Lea" not in shown and "Jugendvertretung" in shown
    # Without a value, /namezeigen tells what the group sees and how to change it.
    assert "Die Gruppe sieht „Jugendvertretung“ statt deines Namens. /namezeigen an zeigt" in (
        await bot.ask("lea", "/namezeigen", chat="dm")
    )
    # Lea opts in.
    assert "sieht die Gruppe deinen Namen" in await bot.ask("lea", "/namezeigen an", chat="dm")
    assert "Die Gruppe sieht deinen Namen. /showname aus zeigt stattdessen „Jugendvertretung“" in (
        await bot.ask("lea", "/showname", chat="dm")
    )
    assert "Jugendvertretung: Lea" in await bot.ask("anna", "/members")
    assert "Lea" in await bot.ask("anna", "/show 1")
    await bot.ask("lea", "/showname off", chat="dm")
    assert "Lea" not in await bot.ask("anna", "/members")


async def test_youth_join_in_direct_chat_and_sixteen_or_older(bot: Bot) -> None:
    await bot.ask("anna", "/setup Musterstadt")
    await bot.ask("anna", "/invite youth")
    sent = await bot.say("tom", "/join CODE0001", chat="dm")
    # the group chat hears of a new youth representative, not who
    told = [s.reply.text for s in sent if s.chat.chat_id == "group"]
    assert told == ["Eine neue Jugendvertretung ist der Steuerungsgruppe beigetreten."]
    sent = [s for s in sent if s.chat.chat_id != "group"]
    assert all(s.chat.chat_id == "dm:tom" for s in sent)
    assert [c.action for c in sent[-1].reply.choices] == ["age:under16", "age:16plus"]
    answer = await bot.press("tom", "age:16plus", chat="dm")
    assert "Die Gruppe sieht deinen Namen" in answer[0].reply.text
    assert not (await person_named(bot, "tom")).is_minor
    assert "Jugendvertretung: Tom" in await bot.ask("anna", "/members")
    # A member (not youth) is not asked.
    await bot.ask("anna", "/invite member")
    assert all(not s.reply.choices for s in await bot.say("max", "/join CODE0002", chat="dm"))


async def test_a_youth_representative_counts_as_under_16_until_they_answer(bot: Bot) -> None:
    await bot.ask("anna", "/setup Musterstadt")
    await bot.ask("anna", "/invite youth")
    sent = await bot.say("lea", "/join CODE0001")
    (question,) = [s for s in sent if s.chat.chat_id == "dm:lea"]
    assert "Bis du antwortest – und danach, falls ja – sieht die Gruppe „Jugendvertretung“" in (
        question.reply.text
    )
    # Lea has not answered: the group sees the pseudonym, not her name.
    assert (await person_named(bot, "lea")).is_minor
    members = await bot.ask("anna", "/members")
    assert "Lea" not in members and "Jugendvertretung: 1 unter 16 (Name nicht angezeigt)" in members
    await bot.ask("lea", "/propose Bolzplatz")
    assert "Maßnahme 1" in await bot.ask("anna", "/accept 1")
    assert "Lea" not in await bot.ask("anna", "/show 1")
    # Her answer "16 or older" shows her name from then on.
    await bot.press("lea", "age:16plus", chat="dm")
    assert "Jugendvertretung: Lea" in await bot.ask("anna", "/members")
    assert "Lea" in await bot.ask("anna", "/show 1")


async def test_someone_made_youth_representative_counts_as_under_16_until_they_answer(
    bot: Bot,
) -> None:
    await bot.group_with(max="member")
    assert "Max" in await bot.ask("anna", "/members")
    sent = await bot.say("anna", "/role Max youth")
    assert [c.action for s in sent if s.chat.chat_id == "dm:max" for c in s.reply.choices] == [
        "age:under16",
        "age:16plus",
    ]
    members = await bot.ask("anna", "/members")
    assert "Max" not in members and "Jugendvertretung: 1 unter 16 (Name nicht angezeigt)" in members
    await bot.press("max", "age:16plus", chat="dm")
    assert "Jugendvertretung: Max" in await bot.ask("anna", "/members")


async def test_the_youth_welcome_in_the_group_says_where_the_question_is(bot: Bot) -> None:
    await bot.ask("anna", "/setup Musterstadt")
    await bot.ask("anna", "/invite youth")
    sent = await bot.say("lea", "/join CODE0001")
    (welcome,) = [s.reply.text for s in sent if s.chat.chat_id == "group"]
    assert welcome.endswith(
        "Eine Frage zu deinen Daten stelle ich dir in unserem direkten Chat; dort erinnere ich "
        "dich auch."
    )
    await bot.ask("anna", "/invite member")
    sent = await bot.say("max", "/join CODE0002")
    assert [s.reply.text for s in sent] == [
        "Willkommen, Max! Sie sind jetzt in der Steuerungsgruppe Musterstadt (Mitglied).\n"
        "Was gerade ansteht: /uebersicht · was Sie tun können: /hilfe"
    ]


async def test_age_asks_again_and_changes_nothing_before_the_answer(bot: Bot) -> None:
    await bot.group_with(lea="youth", max="member")
    await bot.press("lea", "age:16plus", chat="dm")
    sent = await bot.say("lea", "/alter", chat="dm")
    (question,) = [s.reply for s in sent]
    assert question.text.startswith(
        "Eine Frage, damit ich deine Daten schützen kann: Bist du unter 16? Falls ja, sieht "
        "die Gruppe ab dann „Jugendvertretung“"
    )
    assert [c.action for c in question.choices] == ["age:under16", "age:16plus"]
    assert "Jugendvertretung: Lea" in await bot.ask("anna", "/members")
    await bot.press("lea", "age:under16", chat="dm")
    assert "Lea" not in await bot.ask("anna", "/members")
    # In the group chat the question still goes to the direct chat.
    sent = await bot.say("lea", "/age")
    assert [(s.chat.chat_id, s.reply.text.split("?")[0]) for s in sent] == [
        ("group", "Ich frage dich in unserem direkten Chat."),
        ("dm:lea", "Eine Frage, damit ich deine Daten schützen kann: Bist du unter 16"),
    ]
    assert "Bis du antwortest" in sent[1].reply.text  # she counts as under 16 now
    # Only youth representatives are asked.
    assert "Jugendvertretung" in await bot.ask("max", "/alter", chat="dm")
    assert "/alter" not in await bot.ask("max", "/hilfe")
    assert "/alter" in await bot.ask("lea", "/hilfe")
    # It takes nothing after it; a long text is refused before anything is read.
    assert await bot.ask("lea", "/alter xyz", chat="dm") == (
        "„xyz“ habe ich nicht verstanden.\nSo geht’s: /alter"
    )
    assert "zu lang" in await bot.ask("lea", "/alter " + "x" * 5000, chat="dm")


async def test_opening_the_direct_chat_asks_a_youth_representative_who_has_not_answered(
    bot: Bot,
) -> None:
    await bot.group_with(lea="youth", max="member")
    # On Telegram the first message in a direct chat is /start (the chat's "Start" button).
    sent = await bot.say("lea", "/start", chat="dm")
    assert [s.reply.text.split("\n")[0] for s in sent] == [
        "Das kann ich hier für dich tun:",
        "Eine Frage, damit ich deine Daten schützen kann: Bist du unter 16? Bis du antwortest – "
        "und danach, falls ja – sieht die Gruppe „Jugendvertretung“ statt deines Namens (ändern "
        "kannst du das mit /namezeigen an).",
    ]
    await bot.press("lea", "age:16plus", chat="dm")
    assert len(await bot.say("lea", "/start", chat="dm")) == 1  # answered: the help only
    assert len(await bot.say("lea", "/hilfe", chat="dm")) == 1
    assert len(await bot.say("max", "/start", chat="dm")) == 1
    assert len(await bot.say("lea", "/start")) == 1  # in the group chat: the help only


async def test_coordinator_marks_a_minor(bot: Bot) -> None:
    await bot.group_with(lea="youth", max="member")
    answer = await bot.ask("anna", "/minderjaehrig Lea an")
    assert "unter 16 markiert" in answer and "Lea" not in answer
    assert "Lea" not in await bot.ask("max", "/members")
    assert "nicht mehr" in await bot.ask("anna", "/minor lea off")
    assert "Lea" in await bot.ask("max", "/members")


async def test_a_hidden_minor_is_found_by_the_whole_name_only(bot: Bot) -> None:
    """Trying letters must not tell who is behind "Jugendvertretung": a start of the name of a
    minor whose name the chat hides finds nobody, for every command that names a member."""
    await bot.group_with(lea="youth", max="member")
    for typed in ("/minor le off", "/role l observer", "/remove le"):
        answer = await bot.ask("anna", typed)
        assert "kein Mitglied „" in answer, typed
        assert "Anfang" not in answer and "Lea" not in answer, typed
    await bot.ask("anna", "/propose Bolzplatz")
    answer = await bot.ask("anna", "/assign 1 le")
    assert answer.startswith("Le ist (noch) nicht in der Gruppe.") and "Lea" not in answer
    lea = await person_named(bot, "lea")
    assert lea.is_minor and not lea.show_name
    assert "Jugendvertretung: 1 unter 16" in await bot.ask("max", "/members")  # not a guest
    assert "nicht mehr" in await bot.ask("anna", "/minor Lea off")  # the whole name finds her


async def test_minor_refusals(bot: Bot) -> None:
    await bot.group_with(lea="youth", max="member")
    assert "Koordination" in await bot.ask("max", "/minor Lea on")
    assert "kein Mitglied „Zoe“" in await bot.ask("anna", "/minor Zoe on")
    assert "ja oder nein" in await bot.ask("anna", "/minor Lea vielleicht")
    assert "fehlt" in await bot.ask("anna", "/minor Lea")
    assert "ohnehin angezeigt" in await bot.ask("max", "/showname on", chat="dm")
    assert "ohnehin angezeigt" in await bot.ask("max", "/showname", chat="dm")
    # A value that is neither yes nor no is refused, also where the setting does not apply.
    assert "ja oder nein" in await bot.ask("max", "/namezeigen vielleicht", chat="dm")
    assert "ja oder nein" in await bot.ask("lea", "/namezeigen vielleicht", chat="dm")
    # A youth representative whose ideas are anonymous hears that they stay so.
    await bot.ask("lea", "/anonym an", chat="dm")
    assert (await bot.ask("lea", "/namezeigen an", chat="dm")).endswith(
        "Deine Ideen bleiben ohne deinen Namen, wie du es mit /anonym gewählt hast; /anonym aus "
        "zeigt ihn auch dort."
    )
    assert "nichts über Sie" in await bot.ask("nobody", "/showname on", chat="dm")
    assert "gilt nicht mehr" in (await bot.press("lea", "age:twelve", chat="dm"))[0].reply.text
    assert (await person_named(bot, "lea")).is_minor  # still presumed under 16: nothing changed


class NoDirectChat(MemoryAdapter):
    """A platform where the bot cannot open a direct chat (Telegram before /start)."""

    async def direct_chat(self, user: UserRef) -> ChatRef | None:
        return None


async def test_minors_are_never_mentioned_in_a_group(tmp_path: Path) -> None:
    clock = FakeClock()
    app = make_app(settings_for(tmp_path, DATABASE_URL="sqlite+aiosqlite://"), clock)
    adapter = NoDirectChat()
    app.add_adapter(adapter)
    async with app:
        bot = Bot(app, adapter, clock)
        await bot.group_with(lea="youth", max="member")
        # Lea never got the age question (no direct chat): she counts as under 16 anyway.
        assert (await person_named(bot, "lea")).is_minor
        assert "Lea" not in await bot.ask("max", "/members")
        group = bot.chat("group")
        adapter.pop()
        lea, max_ = await person_named(bot, "lea"), await person_named(bot, "max")
        assert await app.messenger.send_to_person(lea.id, Reply("Frist morgen"), group) is None
        assert adapter.pop() == []
        assert await app.messenger.send_to_person(max_.id, Reply("Frist morgen"), group) is not None
        (sent,) = adapter.pop()
        assert sent.chat == group and sent.reply.mention[0].user_id == "max"


@pytest.fixture
async def two_platforms(tmp_path: Path, clock: FakeClock) -> AsyncIterator[tuple[Bot, Bot]]:
    app = make_app(settings_for(tmp_path, DATABASE_URL="sqlite+aiosqlite://"), clock)
    telegram, matrix = MemoryAdapter("telegram"), MemoryAdapter("matrix")
    app.add_adapter(telegram)
    app.add_adapter(matrix)
    async with app:
        yield Bot(app, telegram, clock), Bot(app, matrix, clock)


async def _group_with_opted_in_minor(bot: Bot) -> None:
    await bot.group_with(lea="youth", max="member")
    await bot.press("lea", "age:under16", chat="dm")
    await bot.ask("lea", "/showname on", chat="dm")


async def test_sensitive_group_hides_minors_on_telegram_only(
    two_platforms: tuple[Bot, Bot],
) -> None:
    telegram, matrix = two_platforms
    await _group_with_opted_in_minor(telegram)
    assert "Jugendvertretung: Lea" in await telegram.ask(
        "max", "/members"
    )  # opted in, not sensitive
    explained = await telegram.ask("max", "/sensitive")
    assert "Telegram" in explained and "(aus)" in explained and len(explained.splitlines()) == 1
    assert "Koordination" in await telegram.ask("max", "/sensitive on")
    assert "jetzt sensibel" in await telegram.ask("anna", "/sensibel an")
    assert "(an)" in await telegram.ask("max", "/sensibel")
    members = await telegram.ask("max", "/members")
    assert "Lea" not in members and "Jugendvertretung: 1 unter 16 (Name nicht angezeigt)" in members
    await telegram.ask("lea", "/propose Bolzplatz")
    assert "Lea" not in await telegram.ask("anna", "/show 1")
    # A new youth member joining in the sensitive Telegram chat is welcomed without a name.
    code = await telegram.invite("anna", "youth")
    welcome = [
        s.reply.text
        for s in await telegram.say("mia", f"/join {code}")
        if s.chat.chat_id == "group"
    ]
    assert "Mia" not in welcome[0] and welcome[0].startswith("Willkommen! Du bist jetzt")
    # Nor does a coordinator's Telegram direct chat show it (elsewhere it names hidden minors).
    by_coordinator = await telegram.ask("anna", "/members", chat="dm")
    assert "Mia" not in by_coordinator and "Lea" not in by_coordinator
    hint = await telegram.ask("lea", "/showname on", chat="dm")
    assert "Telegram-Chats dieser Gruppe bleibt er verborgen" in hint
    # The same on Matrix: a sensitive group still shows the name of a minor who opted in.
    await _group_with_opted_in_minor(matrix)
    await matrix.ask("anna", "/sensitive on")
    assert "Jugendvertretung: Lea" in await matrix.ask("max", "/members")
    assert "nicht mehr" in await telegram.ask("anna", "/sensitive off")
    # Lea opted in; Mia has not answered the age question yet, so she stays hidden.
    members = await telegram.ask("max", "/members")
    assert (
        "Jugendvertretung: Lea, 1 unter 16 (Name nicht angezeigt)" in members
        and "Mia" not in members
    )


async def test_a_new_youth_representative_is_named_in_a_sensitive_group_off_telegram_once_answered(
    two_platforms: tuple[Bot, Bot],
) -> None:
    """Until they answer the age question a youth representative may be under 16: no chat of
    the group names them as they become one (/role, /join); afterwards a sensitive group's
    Matrix chat does, as its /members shows them, and its Telegram chat does not."""
    telegram, matrix = two_platforms
    await matrix.group_with(max="member")
    await matrix.ask("anna", "/sensitive on")
    sent = await matrix.say("anna", "/role Max youth")
    assert [s.reply.text for s in sent if s.chat.chat_id == "group"] == [
        "Erledigt: jetzt Jugendvertretung (vorher: Mitglied). Den Namen wiederhole ich hier "
        "nicht.\nNach dem Alter frage ich die Person im direkten Chat."
    ]
    await matrix.press("max", "age:16plus", chat="dm")
    await matrix.ask("anna", "/role Max member")
    sent = await matrix.say("anna", "/role Max youth")
    assert [s.reply.text for s in sent if s.chat.chat_id == "group"] == [
        "Max ist jetzt Jugendvertretung (vorher: Mitglied)."
    ]
    # A Telegram chat bound beside the Matrix room: who joins in a direct chat is named in the
    # room, and in the Telegram chat not.
    async with matrix.app.sessions() as s, s.begin():
        group_id = await s.scalar(select(Group.id))
        s.add(Chat(platform="telegram", chat_id="tg", group_id=group_id))
    await matrix.ask("anna", "/entfernen Max")
    code = await matrix.invite("anna", "youth")
    telegram.adapter.pop()
    sent = await matrix.say("max", f"/beitreten {code}", chat="dm")
    assert [s.reply.text for s in sent if s.chat.chat_id == "group"] == [
        "Max ist jetzt in der Steuerungsgruppe (Jugendvertretung)."
    ]
    assert [s.reply.text for s in telegram.adapter.pop()] == [
        "Eine neue Jugendvertretung ist der Steuerungsgruppe beigetreten."
    ]


def test_names_in_documents_and_background_messages() -> None:
    minor = Person(display_name="Lea", is_minor=True, show_name=True)
    adult = Person(display_name="Max", is_minor=False, show_name=True)
    assert not is_pseudonymous(minor, platform="matrix", sensitive=False)
    assert is_pseudonymous(minor, platform="matrix", sensitive=False, document=True)
    assert is_pseudonymous(minor, platform="telegram", sensitive=True)
    assert not is_pseudonymous(minor, platform="matrix", sensitive=True)
    assert not is_pseudonymous(adult, platform="telegram", sensitive=True, document=True)


async def test_a_coordinator_sees_the_names_of_minors_in_the_direct_chat_marked(bot: Bot) -> None:
    """Coordinators manage members by name (/remove, /role, /minor): in their direct chat
    /members names hidden minors, marked; the group chat and other members see the pseudonym."""
    await bot.group_with(lea="youth", max="youth", ben="member")
    assert (await bot.ask("anna", "/mitglieder", chat="dm")).splitlines()[:5] == [
        "Mitglieder von Musterstadt:",
        "Koordination: Anna",
        "Mitglied: Ben",
        "Jugendvertretung: Lea (unter 16), Max (unter 16)",
        "Die Gruppe sieht „Jugendvertretung“ statt der Namen mit „unter 16“.",
    ]
    in_group = await bot.ask("anna", "/mitglieder")
    assert "Jugendvertretung: 2 unter 16 (Namen nicht angezeigt)" in in_group
    assert "Lea" not in in_group and "statt der Namen" not in in_group
    by_member = await bot.ask("ben", "/mitglieder", chat="dm")
    assert "Lea" not in by_member
    assert "Jugendvertretung: 2 unter 16 (Namen nicht angezeigt)" in by_member
    await bot.ask("lea", "/namezeigen an", chat="dm")
    assert "Jugendvertretung: Lea, Max (unter 16)" in await bot.ask(
        "anna", "/mitglieder", chat="dm"
    )


async def test_a_minor_whose_name_the_mark_hides_is_told(bot: Bot) -> None:
    """/minor <member> on hides a name the group saw (an adult's, or a minor's who chose
    /showname on): the person hears it in their direct chat, in "du", with the way back."""
    await bot.group_with(lea="youth", ben="member")
    await bot.press("lea", "age:under16", chat="dm")
    await bot.ask("lea", "/namezeigen an", chat="dm")
    ask = {  # whom to ask about it: a youth representative may also answer the age question
        "lea": "Wenn das nicht stimmt, antworte mit /alter; Fragen dazu beantwortet dir die "
        "Koordination von Musterstadt.",
        "ben": "Wenn das nicht stimmt oder du Fragen dazu hast, wende dich an die Koordination "
        "von Musterstadt.",
    }
    for user in ("lea", "ben"):
        sent = await bot.say("anna", f"/minderjaehrig {user} an")
        told = [s.reply.text for s in sent if s.chat.chat_id == f"dm:{user}"]
        assert told == [
            "Die Koordination von Musterstadt hat dich als unter 16 eingetragen. Die Gruppe sieht "
            "jetzt „Jugendvertretung“ statt deines Namens; /namezeigen an zeigt ihn wieder.\n"
            + ask[user]
        ]
    assert "Mitglied: 1 unter 16 (Name nicht angezeigt)" in await bot.ask("anna", "/mitglieder")
    # Marked again while hidden: nothing changes for them, so nothing is sent.
    sent = await bot.say("anna", "/minderjaehrig lea an")
    assert [s.chat.chat_id for s in sent] == ["group"]


async def test_a_youth_representative_presumed_under_16_hears_that_the_coordination_decided(
    bot: Bot,
) -> None:
    """A new youth representative is hidden until she answers the age question; a
    coordinator's /minor <name> on decides it (she is not asked again): she hears that, what
    it means for her and whom to ask."""
    await bot.group_with(mia="youth", tom="youth")
    sent = await bot.say("anna", "/minderjaehrig Mia an")
    assert [s.reply.text for s in sent if s.chat.chat_id == "dm:mia"] == [
        "Die Koordination von Musterstadt hat dich als unter 16 eingetragen; nach deinem Alter "
        "frage ich dich deshalb nicht mehr. Die Gruppe sieht weiter „Jugendvertretung“ statt "
        "deines Namens, auch im Aktionsplan und in Exporten, und ich erinnere dich nur hier in "
        "unserem direkten Chat; /namezeigen an zeigt deinen Namen.\n"
        "Wenn das nicht stimmt, antworte mit /alter; Fragen dazu beantwortet dir die "
        "Koordination von Musterstadt."
    ]
    # In their own language: English for someone who chose it.
    await bot.ask("tom", "/lang en", chat="dm")
    sent = await bot.say("anna", "/minderjaehrig Tom an")
    (told,) = [s.reply.text for s in sent if s.chat.chat_id == "dm:tom"]
    assert told.startswith("The coordinators of Musterstadt have marked you as under 16, so I")


async def test_a_minor_whose_name_the_coordinator_makes_visible_is_told(bot: Bot) -> None:
    await bot.group_with(lea="youth", ben="member")
    await bot.press("lea", "age:under16", chat="dm")
    sent = await bot.say("anna", "/minderjaehrig lea aus")
    assert [s.reply.text for s in sent if s.chat.chat_id == "dm:lea"] == [
        "Die Koordination von Musterstadt hat dich als 16 oder älter eingetragen. Ab jetzt sieht "
        "die Gruppe deinen Namen. Wenn du unter 16 bist, antworte mit /alter."
    ]
    # Nothing to tell when the name was shown already.
    sent = await bot.say("anna", "/minderjaehrig ben aus")
    assert [s.chat.chat_id for s in sent] == ["group"]


async def test_a_name_shown_from_the_youth_chat_is_hidden_again_until_the_age_answer(
    bot: Bot,
) -> None:
    """Someone who sent an idea from the youth chat and chose /showname on there, then joins
    as youth representative: the age question promises the pseudonym until the answer, and the
    group sees the pseudonym until then."""
    await bot.group_with(ben="member")
    await bot.ask("anna", "/bind youth", chat="jugend")
    await bot.ask("max", "/propose Bänke", chat="jugend")
    assert "sieht die Gruppe deinen Namen" in await bot.ask("max", "/showname on", chat="jugend")
    code = re.search(r"CODE\d{4}", await bot.ask("anna", "/invite youth"))
    assert code is not None
    sent = await bot.say("max", f"/join {code.group()}", chat="dm")
    assert any("Bist du unter 16?" in s.reply.text for s in sent)
    members = await bot.ask("ben", "/members")
    assert "Max" not in members and "Jugendvertretung: 1 unter 16" in members
    max_ = await person_named(bot, "max")
    assert max_.is_minor and not max_.show_name
    await bot.press("max", "age:under16", chat="dm")
    assert "Max" not in await bot.ask("ben", "/members")


async def _report_names(bot: Bot, name: str) -> list[str]:
    """Where the group reads ``name`` in the measures' history: /history 1, /report and the
    report's export."""
    sent = await bot.say("anna", "/report export csv")
    export = sent[0].reply.attachments[0].data.decode("utf-8-sig")
    places = {
        "/history": await bot.ask("anna", "/history 1"),
        "/report": await bot.ask("anna", "/report"),
        "export": export,
    }
    return [where for where, text in places.items() if name in text]


@pytest.mark.parametrize(
    "marked",
    [
        ("anna", "group", "/minor Lea on"),
        ("lea", "dm", "/age"),  # she answers the question again: under 16 now
        ("anna", "group", "/role Lea youth"),  # presumed under 16 until she answers
    ],
)
async def test_someone_now_under_16_is_no_longer_named_in_the_history(
    bot: Bot, marked: tuple[str, str, str]
) -> None:
    """The coordinator is told that the group sees "Jugendvertretung" in group messages, the
    plan and exports: the history, written while her name was shown, follows."""
    who, chat, typed = marked
    if typed.startswith("/role"):
        await bot.group_with(lea="member")
    else:
        await bot.group_with(lea="youth")
        await bot.press("lea", "age:16plus", chat="dm")
    await bot.ask("anna", "/propose Jugendzentrum")
    assert "Lea ist jetzt verantwortlich" in await bot.ask("anna", "/assign 1 Lea")
    assert await _report_names(bot, "Lea") == ["/history", "/report", "export"]
    await bot.ask(who, typed, chat=chat)
    if typed == "/age":
        await bot.press("lea", "age:under16", chat="dm")
    assert (await person_named(bot, "lea")).is_minor
    assert await _report_names(bot, "Lea") == []
    assert "verantwortlich: — → Jugendvertretung" in await bot.ask("anna", "/history 1")


async def test_an_adult_of_the_same_name_stays_named_in_the_history(backend_bot: Bot) -> None:
    """Two people called Lena in one group: the adult member is responsible for measure 1, the
    youth representative for measure 2, both written "Lena" in the history. Once the younger
    one is under 16, her entry reads "Jugendvertretung"; the adult's keeps her name."""
    bot = backend_bot
    await bot.group_with(lena="member", lena2="youth")
    await bot.press("lena2", "age:16plus", chat="dm")
    await bot.ask("anna", "/propose Jugendzentrum")
    await bot.ask("anna", "/propose Skatepark")
    assert "Lena ist jetzt verantwortlich" in await bot.ask("anna", "/assign 1 Lena")
    bot.names["lena2"] = "Lena"  # she names herself so on the platform
    await bot.ask("lena2", "/hilfe", chat="dm")
    bot.names["lena"] = "Lena B."  # for a while, the adult's name says more
    await bot.ask("lena", "/hilfe", chat="dm")
    assert "Lena ist jetzt verantwortlich" in await bot.ask("anna", "/assign 2 Lena")
    del bot.names["lena"]
    await bot.ask("lena", "/hilfe", chat="dm")
    assert "verantwortlich: — → Lena" in await bot.ask("anna", "/history 2")
    await bot.ask("lena2", "/alter", chat="dm")
    await bot.press("lena2", "age:under16", chat="dm")
    assert "verantwortlich: — → Lena" in await bot.ask("anna", "/history 1")
    assert "verantwortlich: — → Jugendvertretung" in await bot.ask("anna", "/history 2")


async def test_a_minor_who_shows_her_name_is_not_named_in_the_report_export(bot: Bot) -> None:
    """Documents never name a minor, also one who chose /showname on."""
    await bot.group_with(lea="youth")
    await bot.press("lea", "age:under16", chat="dm")
    await bot.ask("lea", "/showname on", chat="dm")
    await bot.ask("anna", "/propose Jugendzentrum")
    assert "Lea ist jetzt verantwortlich" in await bot.ask("anna", "/assign 1 Lea")
    await bot.ask("anna", "/assign 1 niemand")
    assert "export" not in await _report_names(bot, "Lea")


async def test_a_minor_who_shows_her_name_is_not_named_in_the_plan_or_report_files(
    bot: Bot,
) -> None:
    """Her own change (the report's "Von") and her responsibility (the plan's "Verantwortlich")
    are documents too: the group's chat may show her chosen name, a file never does."""
    await bot.group_with(lea="member")
    await bot.ask("anna", "/minor Lea on")
    await bot.ask("lea", "/showname on", chat="dm")
    await bot.ask("anna", "/propose Jugendzentrum")
    await bot.ask("anna", "/status 1 adopted")
    assert "Lea ist jetzt verantwortlich" in await bot.ask("anna", "/assign 1 Lea")
    assert "fällig am 15.03.2027" in await bot.ask("lea", "/due 1 15.3.2027")

    plan = (await bot.say("anna", "/plan export csv"))[0].reply.attachments[0]
    report = (await bot.say("anna", "/report export csv"))[0].reply.attachments[0]

    assert "Lea" in await bot.ask("anna", "/show 1")  # she chose to be named in the group
    for file in (plan, report):
        text = file.data.decode("utf-8-sig")
        assert "Jugendzentrum" in text
        assert "Lea" not in text, file.name
        assert "Jugendvertretung" in text, file.name


async def test_a_youth_representative_joining_in_the_youth_chat_is_not_named_there(
    bot: Bot,
) -> None:
    """Until she answers the age question she counts as under 16: the youth chat (where the
    coordinators read along) greets her without her name, as the steering chat's line does."""
    await bot.group_with(ben="member")
    await bot.ask("anna", "/bind youth", chat="jugend")
    code = re.search(r"CODE\d{4}", await bot.ask("anna", "/invite youth"))
    assert code is not None
    sent = await bot.say("mia", f"/join {code.group()}", chat="jugend")
    readable = [s.reply.text for s in sent if s.chat.chat_id in ("jugend", "group")]
    assert readable and not [text for text in readable if "Mia" in text]
    assert readable[0].startswith("Willkommen! Du bist jetzt in der Steuerungsgruppe")
    # Her own direct chat asks the age question by name as before.
    assert any(s.chat.chat_id == "dm:mia" and "Bist du unter 16?" in s.reply.text for s in sent)


async def test_a_minor_named_in_a_note_is_the_youth_representation_where_her_name_is_hidden(
    bot: Bot,
) -> None:
    """Before: "Lea hat die Plakate gemacht" typed as a note showed her name in the group chat
    (/show, /history), the report, the plan's and the report's files, which show her as
    "Jugendvertretung" everywhere else."""
    bot.names["lea"] = "Lea Sommer"
    await bot.group_with(lea="youth", max="member")
    await bot.press("lea", "age:under16", chat="dm")
    await bot.ask("anna", "/propose Plakataktion")
    await bot.ask("anna", "/status 1 adopted lea sommer hat zugestimmt")
    await bot.ask("anna", "/edit 1 sachstand=Lea hat die Plakate gemacht, Leander hilft")
    hidden = "Sachstand: Jugendvertretung hat die Plakate gemacht, Leander hilft"
    assert hidden in await bot.ask("max", "/show 1")
    report = await bot.ask("anna", "/report")
    assert "(Jugendvertretung hat zugestimmt)" in report, report
    assert "Jugendvertretung hat die Plakate gemacht" in report, report
    file = (await bot.say("anna", "/report export csv"))[0].reply.attachments[0].data
    assert "Jugendvertretung hat die Plakate gemacht" in file.decode("utf-8-sig")
    plan = (await bot.say("anna", "/plan export csv"))[0].reply.attachments[0].data
    assert "Jugendvertretung hat die Plakate gemacht" in plan.decode("utf-8-sig")
    history = await bot.ask("max", "/history 1")
    assert "(Jugendvertretung hat zugestimmt)" in history, history
    assert "Jugendvertretung hat die Plakate gemacht" in history, history
    for shown in (report, file.decode("utf-8-sig"), plan.decode("utf-8-sig"), history):
        assert not re.search(r"\bLea\b|sommer", shown), shown
    # The plan's file sent back changes nothing: the note stays as typed.
    await bot.ask("anna", "/import")
    sent = await bot.say_file("anna", "plan.csv", plan)
    assert "Nichts zu importieren: Die Liste stimmt" in sent[0].reply.text, sent[0].reply.text
    # The coordinator's direct chat names her (as /members there does).
    assert "Sachstand: Lea hat die Plakate gemacht" in await bot.ask("anna", "/show 1", chat="dm")
    assert "(lea sommer hat zugestimmt)" in await bot.ask("anna", "/history 1", chat="dm")


async def test_a_note_naming_an_adult_who_shares_a_hidden_minors_first_name_keeps_it(
    bot: Bot,
) -> None:
    """Before: "Anna Schmidt hat gebucht" read "Jugendvertretung Schmidt hat gebucht" where a
    youth representative under 16 is called Anna Müller; her own name is still hidden."""
    bot.names["lea"] = "Anna Müller"
    bot.names["max"] = "Anna Schmidt"
    await bot.group_with(lea="youth", max="member")
    await bot.press("lea", "age:under16", chat="dm")
    await bot.ask("anna", "/propose Plakataktion")
    await bot.ask("anna", "/edit 1 sachstand=Anna Schmidt hat gebucht, Anna Müller hilft")
    shown = "Sachstand: Anna Schmidt hat gebucht, Jugendvertretung hilft"
    assert shown in await bot.ask("max", "/show 1")


async def test_a_note_naming_a_hidden_minor_by_her_platform_name_hides_it(bot: Bot) -> None:
    """Lea Sommer is "Leli" on another of her accounts: a note that calls her so reads as the
    youth representation too."""
    bot.names["lea"] = "Lea Sommer"
    await bot.group_with(lea="youth", max="member")
    await bot.press("lea", "age:under16", chat="dm")
    async with bot.app.sessions() as session, session.begin():
        person = await session.scalar(select(Identity.person_id).where(Identity.user_id == "lea"))
        session.add(
            Identity(person_id=person, platform="telegram", user_id="7301", display_name="Leli")
        )
    await bot.ask("anna", "/propose Plakataktion")
    await bot.ask("anna", "/edit 1 sachstand=Leli hat die Plakate gemacht")
    assert "Sachstand: Jugendvertretung hat die Plakate gemacht" in await bot.ask("max", "/show 1")
