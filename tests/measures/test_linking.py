"""/link: two platform accounts become one person (one role, one vote, one set of reminders)."""

from __future__ import annotations

import secrets

from sqlalchemy import func, select

from adapters.memory import MemoryAdapter
from bot.events import ChatRef, Message, UserRef
from storage.models import Identity, LinkCode, Measure, Membership, Person
from tests.harness import Bot


async def other_platform(bot: Bot) -> MemoryAdapter:
    """A second platform ("matrix") on the same running bot."""
    adapter = MemoryAdapter(name="matrix")
    bot.app.messenger.register(adapter)
    await adapter.start(bot.app.dispatcher.handle)
    return adapter


async def say_on(adapter: MemoryAdapter, user: str, text: str, chat: str | None = None) -> str:
    ref = ChatRef(adapter.name, chat or f"dm:{user}", is_direct=chat is None)
    adapter.pop()
    event_id = f"m-{secrets.token_hex(8)}"  # every message a new platform event
    await adapter.push(Message(ref, UserRef(adapter.name, user, user.capitalize()), text, event_id))
    return "\n\n".join(s.reply.text for s in adapter.pop())


async def test_link_merges_identities_into_one_person(bot: Bot) -> None:
    await bot.group_with(max="member")
    matrix = await other_platform(bot)
    await bot.ask("anna", "/invite observer")
    # max also joined on matrix (as observer) before linking: one membership must remain
    await say_on(matrix, "@max:example.org", "/join CODE0002")
    await say_on(
        matrix, "@max:example.org", "/propose Bänke", chat="room"
    )  # not a group room: refused
    offer = await bot.ask("max", "/link", chat="dm")
    assert "CODE0003" in offer
    done = await say_on(matrix, "@max:example.org", "/link CODE0003")
    assert "Ihre Konten auf Matrix, memory sind jetzt eine Person." in done  # by their names
    async with bot.app.sessions() as s:
        assert await s.scalar(select(func.count()).select_from(Person)) == 2  # anna, max
        ids = list(
            await s.scalars(
                select(Identity.person_id).where(Identity.user_id.in_(["max", "@max:example.org"]))
            )
        )
        assert len(ids) == 2 and ids[0] == ids[1]
        roles = list(await s.scalars(select(Membership.role).where(Membership.person_id == ids[0])))
        assert roles == ["member"]  # the stronger role of the two is kept
    # afterwards both identities act as the same person
    await bot.ask("max", "/propose Spielplatz")
    async with bot.app.sessions() as s:
        measure = await s.scalar(select(Measure))
        assert measure is not None and measure.proposer_id == ids[0]
    assert "nicht gültig" in await say_on(matrix, "@max:example.org", "/link CODE0003")  # used up
    await bot.ask("max", "/link", chat="dm")
    assert "schon verknüpft" in await say_on(matrix, "@max:example.org", "/link CODE0004")
    assert "Mitglied" in await bot.ask("anna", "/members")


async def test_link_code_on_same_platform_or_unknown_is_refused(bot: Bot) -> None:
    await bot.group_with(max="member")
    await bot.ask("max", "/link", chat="dm")
    assert await bot.ask("max", "/link CODE0002", chat="dm") == (
        "Bitte geben Sie diesen Code auf Ihrer anderen Plattform ein, nicht auf memory."
    )
    assert "nicht gültig" in await bot.ask("max", "/link NOPE", chat="dm")
    assert "direkten Chat" in await bot.ask("max", "/link")


async def test_a_link_code_typed_in_the_group_stops_working_and_is_removed(bot: Bot) -> None:
    await bot.group_with(max="member", eve="member")
    matrix = await other_platform(bot)
    assert "CODE0003" in await bot.ask("max", "/link", chat="dm")
    # Max types it in the group chat by mistake: everyone there can read it.
    (sent,) = await bot.say("max", "/link CODE0003", event_id="max-link")
    assert "alle hier konnten diesen lesen, deshalb gilt er nicht mehr" in sent.reply.text.lower()
    assert "Ich habe Ihre Nachricht aus diesem Chat entfernt" in sent.reply.text
    assert bot.adapter.removed == [(bot.chat("group"), "msg-max-link")]
    # Eve read it and tries to join her Matrix account to Max: refused.
    assert "nicht gültig" in await say_on(matrix, "@eve:example.org", "/link CODE0003")
    async with bot.app.sessions() as s:
        eve = await s.scalar(select(Identity).where(Identity.user_id == "@eve:example.org"))
    assert eve is None
    # The same answer for a code that never existed (nothing said about which are valid);
    # without a code, /link in the group is the usual pointer to the direct chat.
    bot.adapter.may_remove = False
    unknown = await bot.ask("max", "/link NOPE42")
    assert "gilt er nicht mehr" in unknown and "Bitte löschen Sie sie" in unknown
    assert "direkten Chat" in await bot.ask("max", "/link")
    assert bot.adapter.removed == [(bot.chat("group"), "msg-max-link")]


async def test_new_account_joins_the_person_and_codes_expire(bot: Bot) -> None:
    from datetime import timedelta

    await bot.group_with(max="member")
    matrix = await other_platform(bot)
    await bot.ask("max", "/link", chat="dm")
    bot.clock.advance(timedelta(minutes=61))
    assert "nicht gültig" in await say_on(matrix, "@max:m.org", "/link CODE0002")
    await bot.ask("max", "/link", chat="dm")
    answer = await say_on(matrix, "@max:m.org", "/verknuepfen code0003")
    assert "eine Person" in answer and "Musterstadt: Mitglied" in answer
    # the new account acts as Max at once: a measure proposed on matrix is Max's
    await bot.ask("anna", "/propose Spielplatz")
    async with bot.app.sessions() as s:
        people_count = await s.scalar(select(func.count()).select_from(Person))
        assert people_count == 2
    assert "Rolle" not in await say_on(matrix, "@max:m.org", "/measures")


def test_platforms_are_named_as_in_a_sentence() -> None:
    from bot.i18n import I18n
    from commands.linking import platform_name

    tr = I18n()("de")
    assert [platform_name(tr, p) for p in ("telegram", "matrix", "console")] == [
        "Telegram",
        "Matrix",
        "der Konsole",
    ]


async def test_link_with_nothing_that_can_be_a_code_is_quoted_and_gives_no_new_code(
    bot: Bot,
) -> None:
    await bot.group_with(max="member")
    assert await bot.ask("max", "/verknuepfen 👨‍👩‍👧", chat="dm") == (
        "„👨‍👩‍👧“ ist kein Verknüpfungscode: Ein Code besteht aus Buchstaben und Ziffern "
        "(etwa K7X2ABCD). Bitte prüfen Sie, was Sie eingegeben haben; /verknuepfen allein gibt "
        "Ihnen einen neuen Code."
    )
    async with bot.app.sessions() as s:
        assert await s.scalar(select(func.count()).select_from(LinkCode)) == 0
    assert "Ihr Verknüpfungscode: CODE0002" in await bot.ask("max", "/verknuepfen", chat="dm")


async def test_two_accounts_that_voted_in_one_secret_round_count_once_after_linking(
    backend_bot: Bot,
) -> None:
    bot = backend_bot  # on SQLite and PostgreSQL: a delete through another table's keys
    await bot.group_with(max="member")
    matrix = await other_platform(bot)
    code = await bot.invite("anna", "member")
    await say_on(matrix, "@max:example.org", f"/join {code}")
    await bot.ask("anna", "/propose Spielplatz")
    await bot.ask("anna", "/propose Radweg")
    assert "geheim" in await bot.ask("anna", "/round approval 1 2 secret")
    assert "gezählt" in await bot.ask("max", "/vote 1 1", chat="dm")
    assert "gezählt" in await say_on(matrix, "@max:example.org", "/vote 1 2")
    offer = await bot.ask("max", "/link", chat="dm")
    link_code = offer.split("Verknüpfungscode: ")[1].split()[0]
    assert "eine Person" in await say_on(matrix, "@max:example.org", f"/link {link_code}")
    # One person, one ballot: the one of the account that stays (the memory one) counts.
    result = await bot.ask("anna", "/close 1 now")
    assert "Beteiligung: 1 von 2 Stimmberechtigten" in result, result
    assert "Nr. 1 Spielplatz — 1 Zustimmung" in result and "Nr. 2 Radweg — 0 Zustimmungen" in result


async def test_an_adult_account_linked_with_a_minor_one_is_no_longer_named_in_the_history(
    bot: Bot,
) -> None:
    """Max was responsible for a measure as an adult member; his Matrix account joined as a
    youth representative (under 16 until he says otherwise). Linked, he is one person under
    16: the history, /report and the report's export show "Jugendvertretung", as they do
    for someone marked under 16 (/minor)."""
    await bot.group_with(max="member")
    await bot.ask("anna", "/propose Jugendzentrum")
    assert "Max ist jetzt verantwortlich" in await bot.ask("anna", "/assign 1 Max")
    matrix = await other_platform(bot)
    await say_on(matrix, "@max:example.org", f"/join {await bot.invite('anna', 'youth')}")
    offer = await bot.ask("max", "/link", chat="dm")
    link_code = offer.split("Verknüpfungscode: ")[1].split()[0]
    assert "eine Person" in await say_on(matrix, "@max:example.org", f"/link {link_code}")
    history = await bot.ask("anna", "/history 1")
    assert "verantwortlich: — → Jugendvertretung" in history and "Max" not in history
    assert "Max" not in await bot.ask("anna", "/report")
    sent = await bot.say("anna", "/report export csv")
    assert "Max" not in sent[0].reply.attachments[0].data.decode("utf-8-sig")
