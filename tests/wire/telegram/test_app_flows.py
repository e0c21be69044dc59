"""Issue 6 through the real App: setup, joining, proposing and voting over the fake Bot API."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import func, select

from storage.models import Ballot, Measure, Participation
from tests.harness import invite_code
from tests.wire.fake_telegram import FakeTelegram
from tests.wire.telegram.app_driver import GROUP, Driver, build_app, join_by_deep_link
from tests.wire.telegram.conftest import FakeClock

ANNA = FakeTelegram.user(4242, "Anna", "Koordinatorin")
BEN = FakeTelegram.user(5151, "Ben", "Mitglied")
LEA = FakeTelegram.user(6161, "Lea", "Jugend")


@pytest.fixture
async def drive(tmp_path: Path, tg: FakeTelegram, clock: FakeClock) -> AsyncIterator[Driver]:
    d = build_app(tmp_path, tg, clock)
    async with d.app:
        yield d


async def count(drive: Driver, table: type) -> int:
    async with drive.app.sessions() as s:
        return int(await s.scalar(select(func.count()).select_from(table)) or 0)


async def group_with_members(drive: Driver) -> None:
    """Anna sets up the group; Ben and Lea join by deep link; three measures proposed."""
    await drive.say(GROUP, "/setup Musterstadt", ANNA)
    await join_by_deep_link(drive, ANNA, BEN)
    await join_by_deep_link(drive, ANNA, LEA)
    for title in ("Skatepark", "Sitzbänke", "Jugendraum"):
        await drive.say(GROUP, f"/propose {title}", BEN)


async def test_setup_join_by_deep_link_and_propose(drive: Driver, tg: FakeTelegram) -> None:
    setup = await drive.text(GROUP, "/setup@steerbot Musterstadt", ANNA)
    assert "Steuerungsgruppe Musterstadt" in setup
    answer = await drive.text(GROUP, "/invite member", ANNA)
    code = invite_code(answer)
    link = drive.adapter.deep_link(f"join-{code}")
    assert link == f"https://t.me/steerbot?start=join-{code}"
    # Opening the link starts the private chat with "/start join-CODE".
    out = await drive.say(BEN["id"], f"/start {link.split('?start=')[1]}", BEN)
    (welcome,) = [
        r.params for r in out if r.method == "sendMessage" and r.params["chat_id"] == BEN["id"]
    ]
    assert "Willkommen, Ben Mitglied" in welcome["text"] and "Musterstadt" in welcome["text"]
    # The code was single-use: a second opening does not join anyone again.
    again = await drive.text(BEN["id"] + 1, f"/start join-{code}", FakeTelegram.user(BEN["id"] + 1))
    assert "Willkommen" not in again
    proposed = await drive.text(GROUP, "/propose Skatepark | am Stadtpark", BEN)
    assert "Maßnahme 1" in proposed and "Skatepark" in proposed
    async with drive.app.sessions() as s:
        measure = await s.scalar(select(Measure))
    assert measure is not None and measure.title == "Skatepark"


async def test_vote_by_button_stores_the_ballot_and_edits_the_progress(
    drive: Driver, tg: FakeTelegram
) -> None:
    await group_with_members(drive)
    out = await drive.say(GROUP, "/round approval 1 2 3", ANNA)
    (announcement,) = [r for r in out if r.method == "sendMessage"]
    keyboard = announcement.params["reply_markup"]["inline_keyboard"]
    buttons = [b for row in keyboard for b in row]
    assert [b["text"] for b in buttons] == ["1. Skatepark", "2. Sitzbänke", "3. Jugendraum"]
    assert all(len(b["callback_data"].encode()) <= 64 for b in buttons)
    message_id = announcement.result["message_id"]

    out = await drive.press(GROUP, buttons[0]["callback_data"], BEN, message_id)
    assert [r.method for r in out] == ["answerCallbackQuery", "sendMessage", "editMessageText"]
    confirmation, edit = out[1].params, out[2].params
    assert confirmation["chat_id"] == BEN["id"]  # privately: the group is not flooded
    assert confirmation["text"] == "Ihre Stimme in Runde 1: Maßnahme 1 „Skatepark“."
    assert (edit["chat_id"], edit["message_id"]) == (GROUP, message_id)
    assert edit["text"].startswith(announcement.params["text"])
    assert edit["text"].endswith("1 von 3 hat abgestimmt.")
    assert edit["reply_markup"] == announcement.params["reply_markup"]  # buttons stay
    assert await count(drive, Ballot) == 1

    out = await drive.press(GROUP, buttons[2]["callback_data"], LEA, message_id)
    assert out[-1].method == "editMessageText"
    assert out[-1].params["text"].endswith("2 von 3 haben abgestimmt.")

    # Closed: the result with its chart; a later press is answered and changes nothing.
    out = await drive.say(GROUP, "/close 1", ANNA)
    assert [r.method for r in out] == ["sendMessage", "sendPhoto", "editMessageText"]
    photo = out[1]
    assert photo.files["photo"][1].startswith(b"\x89PNG")
    closed = out[2].params  # the buttons are taken away from the announcement
    assert closed["message_id"] == message_id and "reply_markup" not in closed
    assert closed["text"].startswith("Runde 1 ist beendet (keine Stimmen mehr):")
    out = await drive.press(GROUP, buttons[1]["callback_data"], BEN, message_id)
    assert out[0].method == "answerCallbackQuery"
    refusal = [r.params["text"] for r in out if r.method == "sendMessage"]
    assert refusal == ["Runde 1 ist beendet; es werden keine Stimmen mehr angenommen."]
    assert not [r for r in out if r.method == "editMessageText"]
    async with drive.app.sessions() as s:
        ballots = {tuple(b.content["approved"]) for b in await s.scalars(select(Ballot))}
    assert len(ballots) == 2 and all(len(b) == 1 for b in ballots)  # Ben's press did not count


async def test_expired_or_foreign_buttons_are_answered_politely(
    drive: Driver, tg: FakeTelegram
) -> None:
    await group_with_members(drive)
    await drive.say(GROUP, "/round approval 1 2 3", ANNA)
    # A key this installation never issued (expired store, another bot): a polite toast.
    out = await drive.press(GROUP, "k:AAAAAAAAAAAAAAAA", BEN)
    assert [r.method for r in out] == ["answerCallbackQuery"]
    assert "gilt nicht mehr" in out[0].params["text"]
    # A well-formed action for a round that is not this group's.
    out = await drive.press(GROUP, "a:v:999:1", BEN)
    texts = [r.params["text"] for r in out if r.method == "sendMessage"]
    assert texts == ["Diese Schaltfläche gilt nicht mehr."]
    assert await count(drive, Ballot) == 0


async def test_secret_round_votes_only_in_the_direct_chat(drive: Driver, tg: FakeTelegram) -> None:
    await group_with_members(drive)
    out = await drive.say(GROUP, "/round approval 1 2 3 secret", ANNA)
    assert "reply_markup" not in out[0].params  # no buttons: they would be public
    refused = await drive.text(GROUP, "/vote 1 1 3", BEN)
    assert "geheim" in refused and "nichts gespeichert" in refused
    assert await count(drive, Ballot) == 0 and await count(drive, Participation) == 0
    out = await drive.say(BEN["id"], "/vote 1 1 3", BEN)
    by_chat = {r.params["chat_id"]: r.params["text"] for r in out if r.method == "sendMessage"}
    assert "geheimer Stimmzettel in Runde 1 ist gezählt" in by_chat[BEN["id"]]
    assert GROUP not in by_chat  # no message of its own: the announcement shows the count
    edits = [r.params for r in out if r.method == "editMessageText"]
    assert [e["chat_id"] for e in edits] == [GROUP]
    assert edits[0]["text"].endswith("\n1 von 3 hat abgestimmt.")  # the count, never who
    assert await count(drive, Ballot) == 1 and await count(drive, Participation) == 1
    async with drive.app.sessions() as s:
        ballot = await s.scalar(select(Ballot))
    assert ballot is not None and ballot.voter_id is None


async def test_a_secret_ballot_typed_in_the_group_is_deleted_where_the_bot_may(
    drive: Driver, tg: FakeTelegram
) -> None:
    await group_with_members(drive)
    await drive.say(GROUP, "/round approval 1 2 3 secret", ANNA)
    # Not an administrator: Telegram refuses the deletion; the answer asks Ben to delete it.
    refused = await drive.text(GROUP, "/vote 1 1 3", BEN)
    assert "Alle in diesem Chat können Ihre Nachricht lesen: Bitte löschen Sie sie." in refused
    assert [r.status for r in tg.calls("deleteMessage")] == [400]
    assert tg.deleted == []
    # An administrator with the right to delete: the ballot disappears from the group.
    tg.admin_in.add(GROUP)
    before = len(tg.requests)
    update_id = tg.push_message(GROUP, "/vote 1 2", user=LEA)
    await drive.wait_handled(update_id)
    assert tg.deleted == [(GROUP, tg.pushed[update_id]["message_id"])]
    methods = [r.method for r in tg.requests[before:]]
    assert methods.index("deleteMessage") < methods.index("sendMessage")
    (answer,) = [r.params for r in tg.requests[before:] if r.method == "sendMessage"]
    assert answer["chat_id"] == GROUP
    assert "Ich habe Ihre Nachricht aus diesem Chat entfernt" in answer["text"]
    assert await count(drive, Ballot) == 0 and await count(drive, Participation) == 0


async def test_binding_a_chat_tells_when_the_bot_may_not_delete_messages(
    drive: Driver, tg: FakeTelegram
) -> None:
    out = await drive.say(GROUP, "/setup Musterstadt", ANNA)
    texts = [r.params["text"] for r in out if r.method == "sendMessage"]
    assert len(texts) == 2 and "Steuerungsgruppe Musterstadt" in texts[0]
    assert texts[1] == (
        "Ein Hinweis: Ich darf in diesem Chat keine Nachrichten entfernen. Ein hier eingetippter "
        "Einladungscode oder eine geheime Stimme bleibt dann sichtbar, bis der Absender sie "
        "löscht. Machen Sie mich bitte zum Administrator mit dem Recht „Nachrichten löschen“."
    )
    (asked,) = tg.calls("getChatMember")
    assert asked.params["chat_id"] == GROUP and asked.params["user_id"] == tg.bot_id
    # An administrator with the right to delete hears nothing more: the youth chat.
    youth_chat = GROUP - 1
    tg.admin_in.add(youth_chat)
    out = await drive.say(youth_chat, "/bind youth", ANNA)
    (bound,) = [r.params["text"] for r in out if r.method == "sendMessage"]
    assert bound.startswith("Dieser Chat ist jetzt der Jugendchat von Musterstadt.")
    assert len(tg.calls("getChatMember", ok_only=True)) == 2
    # When Telegram refuses the question, the bot says nothing rather than guess.
    tg.fail("getChatMember", "chat_not_found")
    out = await drive.say(GROUP - 2, "/setup Nachbarstadt", ANNA)
    assert len([r for r in out if r.method == "sendMessage"]) == 1


async def test_a_coordinator_imports_a_list_sent_in_the_group(
    drive: Driver, tg: FakeTelegram
) -> None:
    await drive.say(GROUP, "/setup Musterstadt", ANNA)
    asked = await drive.text(GROUP, "/import", ANNA)
    assert "als Antwort auf diese Nachricht" in asked
    listing = b"Titel;Frist\nSkatepark;15.3.2027\nJugendraum;\n"
    out = await drive.say(GROUP, "", ANNA, document=("workshop.csv", listing, "text/csv"))
    (check,) = [r.params for r in out if r.method == "sendMessage"]
    assert "2 Maßnahmen lassen sich importieren:\n• Skatepark\n• Jugendraum" in check["text"]
    buttons = [b for row in check["reply_markup"]["inline_keyboard"] for b in row]
    assert [b["text"] for b in buttons] == ["2 Maßnahmen importieren", "Abbrechen"]
    assert await count(drive, Measure) == 0
    out = await drive.press(GROUP, buttons[0]["callback_data"], ANNA)
    texts = [r.params["text"] for r in out if r.method == "sendMessage"]
    assert texts == ["2 Maßnahmen in Musterstadt importiert: Nr. 1, 2. /massnahmen zeigt sie."]
    assert await count(drive, Measure) == 2
    # Someone else's file in the group is not downloaded.
    downloads = len(tg.downloads)
    out = await drive.say(GROUP, "", BEN, document=("fotos.csv", b"a;b\n", "text/csv"))
    assert out == [] and len(tg.downloads) == downloads


async def test_a_one_time_question_loses_its_buttons_once_answered(
    drive: Driver, tg: FakeTelegram
) -> None:
    await group_with_members(drive)
    out = await drive.say(GROUP, "/handlungsfelder entfernen 4", ANNA)
    (question,) = [r for r in out if r.method == "sendMessage"]
    (button,) = [b for row in question.params["reply_markup"]["inline_keyboard"] for b in row]
    message_id = question.result["message_id"]
    # Someone who may not remove fields presses it: refused, and the buttons stay for Anna.
    out = await drive.press(GROUP, button["callback_data"], BEN, message_id)
    assert [r.method for r in out] == ["answerCallbackQuery", "sendMessage"]
    out = await drive.press(GROUP, button["callback_data"], ANNA, message_id)
    assert [r.method for r in out] == [
        "answerCallbackQuery",
        "sendMessage",
        "editMessageReplyMarkup",
    ]
    assert out[1].params["text"] == "Handlungsfeld Information entfernt."
    dropped = out[2].params
    assert (dropped["chat_id"], dropped["message_id"]) == (GROUP, message_id)
    assert "reply_markup" not in dropped  # no keyboard: the buttons are gone
