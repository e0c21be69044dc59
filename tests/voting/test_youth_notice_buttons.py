"""A new round's notice in a youth representative's direct chat has the buttons (or poll) of
the group chat's announcement: a tap votes in the round's group, whichever group the direct
chat speaks for, as typing /abstimmen does; also when the notice waited for the morning."""

from __future__ import annotations

import re

from sqlalchemy import select

from storage.models import Identity, SyncToken
from storage.repo.system import values_starting
from tests.harness import Bot
from tests.unit.scheduling.helpers import berlin, run_at
from tests.voting.helpers import counts, group_with_measures


def replies(sent: list, chat: str) -> list:  # type: ignore[type-arg]
    return [s.reply for s in sent if s.chat.chat_id == chat]


async def _lea_in_two_towns(bot: Bot) -> None:
    """Musterstadt (with its measures and youth), and Beispieldorf, which Lea joins later (her
    direct chat then speaks for it), with round 1 open there too."""
    await group_with_measures(bot)
    await bot.ask("carl", "/setup Beispieldorf", chat="dorf")
    code = await bot.invite("carl", "youth", "dorf")
    await bot.ask("lea", f"/join {code}", chat="dorf")
    await bot.ask("carl", "/propose Bolzplatz", chat="dorf")
    await bot.ask("carl", "/propose Bushaltestelle", chat="dorf")
    await bot.ask("carl", "/round approval 1 2", chat="dorf")


async def test_a_tap_in_the_direct_chat_votes_in_the_rounds_town(backend_bot: Bot) -> None:
    bot = backend_bot
    await _lea_in_two_towns(bot)
    sent = await bot.say("anna", "/round approval 1 2 3")
    (announcement,) = replies(sent, "group")
    (notice,) = replies(sent, "dm:lea")
    assert [c.label for c in notice.choices] == [c.label for c in announcement.choices]
    assert [c.action for c in notice.choices] == [c.action for c in announcement.choices]
    assert notice.poll_max_selections == 3 and notice.key == announcement.key
    assert "Oder tipp unten auf Maßnahmen, um sie an- oder abzuwählen." in notice.text
    assert notice.text_without_choices is not None and "tipp" not in notice.text_without_choices
    before = await counts(bot)
    pressed = await bot.press("lea", notice.choices[0].action, chat="dm")
    (answer,) = replies(pressed, "dm:lea")
    assert answer.text == "[Musterstadt]\nDeine Stimme in Runde 1: Maßnahme 1 „Skatepark“."
    assert await counts(bot) == (before[0], before[1] + 1, before[2] + 1)
    # The group chat's announcement counts her ballot.
    assert bot.adapter.edits[-1][1].text.endswith("1 von 4 hat abgestimmt.")
    # Typed, it is the same ballot in Musterstadt; Beispieldorf's round 1 has none of hers.
    assert "lautet jetzt" in await bot.ask("lea", "/abstimmen 1 2 gruppe=Musterstadt", chat="dm")
    assert "lautet jetzt" not in await bot.ask(
        "lea", "/abstimmen 1 1 gruppe=Beispieldorf", chat="dm"
    )
    # A poll answer in the direct chat too.
    polled = await bot.press(
        "lea",
        notice.key,
        chat="dm",
        selected=(notice.choices[1].action, notice.choices[2].action),
    )
    (answer,) = replies(polled, "dm:lea")
    assert answer.text == (
        "[Musterstadt]\nDeine Stimme in Runde 1: Maßnahme 2 „Sitzbänke am Markt“, "
        "Maßnahme 3 „Jugendraum“."
    )


async def test_yes_no_buttons_and_none_for_a_secret_round(backend_bot: Bot) -> None:
    bot = backend_bot
    await group_with_measures(bot)
    sent = await bot.say("anna", "/round consent 2")
    (notice,) = replies(sent, "dm:jonas")
    assert [c.label for c in notice.choices] == ["Ja", "Nein", "Enthaltung"]
    assert "Oder tipp unten auf Ja, Nein oder Enthaltung." in notice.text
    pressed = await bot.press("jonas", notice.choices[1].action, chat="dm")
    assert replies(pressed, "dm:jonas")[0].text == "Deine Stimme in Runde 1: Nein."
    sent = await bot.say("anna", "/round approval 1 2 secret")
    (notice,) = replies(sent, "dm:jonas")
    assert not notice.choices and "tipp" not in notice.text


async def test_a_tap_by_someone_no_longer_in_the_town(backend_bot: Bot) -> None:
    bot = backend_bot
    await _lea_in_two_towns(bot)
    sent = await bot.say("anna", "/round approval 1 2 3")
    (notice,) = replies(sent, "dm:lea")
    await bot.ask("anna", "/entfernen Lea")
    pressed = await bot.press("lea", notice.choices[0].action, chat="dm")
    assert replies(pressed, "dm:lea")[0].text == (
        "Diese Schaltfläche gilt nicht mehr: Du bist nicht mehr in Musterstadt."
    )


async def test_a_notice_held_for_the_morning_keeps_its_buttons(backend_bot: Bot) -> None:
    bot = backend_bot
    await _lea_in_two_towns(bot)
    bot.clock.set(berlin(2027, 1, 11, 23, 0))
    sent = await bot.say("anna", "/round approval 1 2 3 closes=20.01.2027")
    assert not replies(sent, "dm:lea")
    morning = await run_at(bot, berlin(2027, 1, 12, 7, 0))
    (notice,) = replies(morning, "dm:lea")
    assert notice.text.startswith("Neue Abstimmung in Musterstadt: Runde 1 (Zustimmungswahl).")
    assert [c.label for c in notice.choices] == [
        "1. Skatepark",
        "2. Sitzbänke am Markt",
        "3. Jugendraum",
    ]
    assert notice.choices_listed and notice.text_without_choices is not None
    pressed = await bot.press("lea", notice.choices[2].action, chat="dm")
    (answer,) = replies(pressed, "dm:lea")
    assert answer.text == "[Musterstadt]\nDeine Stimme in Runde 1: Maßnahme 3 „Jugendraum“."


def edits_of(bot: Bot, message_id: str) -> list:  # type: ignore[type-arg]
    return [reply for ref, reply in bot.adapter.edits if ref.message_id == message_id]


async def test_closing_takes_the_buttons_off_the_notice(backend_bot: Bot) -> None:
    bot = backend_bot
    await group_with_measures(bot)
    sent = await bot.say("anna", "/round consent 2")
    (notice,) = [s for s in sent if s.chat.chat_id == "dm:jonas"]
    assert notice.reply.choices
    await bot.ask("anna", "/schliessen 1")
    (closed,) = edits_of(bot, notice.message_id)
    assert not closed.choices
    assert closed.text.startswith(
        "Runde 1 in Musterstadt ist beendet (keine Stimmen mehr): Ja/Nein-Beschluss\n2. "
    )
    assert "tipp" not in closed.text and "/abstimmen" not in closed.text
    # A tap on it all the same is answered as before.
    pressed = await bot.press("jonas", notice.reply.choices[0].action, chat="dm")
    assert "Runde 1 ist beendet" in replies(pressed, "dm:jonas")[0].text


async def test_a_round_closing_on_its_own_after_the_morning_notice(backend_bot: Bot) -> None:
    bot = backend_bot
    await _lea_in_two_towns(bot)
    bot.clock.set(berlin(2027, 1, 11, 23, 0))
    await bot.say("anna", "/round approval 1 2 3 closes=20.01.2027")
    morning = await run_at(bot, berlin(2027, 1, 12, 7, 0))
    (notice,) = [s for s in morning if s.chat.chat_id == "dm:lea"]
    assert not edits_of(bot, notice.message_id)
    await run_at(bot, berlin(2027, 1, 21, 8, 0))
    (closed,) = edits_of(bot, notice.message_id)
    assert not closed.choices
    assert closed.text.startswith(
        "Runde 1 in Musterstadt ist beendet (keine Stimmen mehr): Zustimmungswahl\n1. Skatepark"
    )


async def test_a_notice_held_for_the_morning_of_a_round_closed_by_then(backend_bot: Bot) -> None:
    bot = backend_bot
    await _lea_in_two_towns(bot)
    bot.clock.set(berlin(2027, 1, 11, 23, 0))
    await bot.say("anna", "/round approval 1 2 3")
    await bot.ask("anna", "/schliessen 1")
    morning = await run_at(bot, berlin(2027, 1, 12, 7, 0))
    assert not any("Neue Abstimmung" in s.reply.text for s in morning)


async def test_forgetting_takes_where_the_notice_went(backend_bot: Bot) -> None:
    # Where a youth representative's notice went (their direct chat) is theirs: it goes when
    # they are forgotten, not only when the round closes (which may be weeks later).
    bot = backend_bot
    await group_with_measures(bot)
    await bot.say("anna", "/round consent 2")
    async with bot.app.sessions() as s:
        jonas = await s.scalar(select(Identity.person_id).where(Identity.user_id == "jonas"))
        kept = await values_starting(s, "round-notice:")
    (key,) = [key for key in kept if key.endswith(f":{jonas}")]
    # On Matrix a direct chat is a room whose id does not hold the person's user id.
    async with bot.app.sessions() as s, s.begin():
        token = await s.get(SyncToken, key)
        assert token is not None
        token.value = '["matrix", "!kXbHqWlzOaRtUvYe:example.org", null, "$event"]'
    answer = await bot.ask("jonas", "/vergessen", chat="dm")
    code = re.search(r"/vergessen (\w+)", answer)
    assert code is not None
    await bot.ask("jonas", f"/vergessen {code.group(1)}", chat="dm")
    async with bot.app.sessions() as s:
        left = await values_starting(s, "round-notice:")
    assert not [key for key in left if key.endswith(f":{jonas}")]
    assert "!kXbHqWlzOaRtUvYe" not in " ".join(left.values())


async def _opened_at_night(bot: Bot, closes: str) -> list:  # type: ignore[type-arg]
    """Round 1 opened in Musterstadt at 23:00 (Lea's quiet hours, until 07:00), closing the
    next morning at ``closes``: what was sent."""
    await _lea_in_two_towns(bot)
    bot.clock.set(berlin(2027, 1, 11, 23, 0))
    return await bot.say("anna", f"/round approval 1 2 3 closes=12.01.2027 {closes}")


async def test_a_round_closing_in_the_night_is_not_held_for_the_morning(
    backend_bot: Bot,
) -> None:
    # Opened at 23:00 and closing at 06:00, before Lea's quiet hours end: held for 07:00 it
    # would come with buttons for a closed round. It goes at once, and its buttons come off
    # when the round closes; the morning brings the result, not the new round.
    bot = backend_bot
    sent = await _opened_at_night(bot, "06:00")
    (notice,) = [s for s in sent if s.chat.chat_id == "dm:lea"]
    assert notice.reply.choices
    await run_at(bot, berlin(2027, 1, 12, 6, 1))
    (closed,) = edits_of(bot, notice.message_id)
    assert not closed.choices and "beendet" in closed.text
    morning = await run_at(bot, berlin(2027, 1, 12, 7, 0))
    texts = [s.reply.text for s in morning if s.chat.chat_id == "dm:lea"]
    assert texts and not any("Neue Abstimmung" in t for t in texts)
    assert all(not s.reply.choices for s in morning)


async def test_a_held_notice_of_a_round_closed_before_the_bot_sends_it(
    backend_bot: Bot,
) -> None:
    # Held for 07:00 (the round closes at 07:30), but the bot sends nothing until 08:00: the
    # round closes first, and the notice with its buttons does not go out.
    bot = backend_bot
    sent = await _opened_at_night(bot, "07:30")
    assert not replies(sent, "dm:lea")
    later = await run_at(bot, berlin(2027, 1, 12, 8, 0))
    assert [r.text.split("\n")[0] for r in replies(later, "dm:lea")] == [
        "Die Abstimmung in Musterstadt ist vorbei."
    ]
    assert all(not r.choices for r in replies(later, "dm:lea"))
