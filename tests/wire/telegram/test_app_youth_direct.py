"""A youth representative who joins in the Telegram group chat and never wrote to the bot: the
bot may not write first, so the age question cannot reach her there. The welcome carries a
button into the direct chat (a ``t.me`` link that sends ``/start age``), and that asks it."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import pytest

from tests.harness import invite_code
from tests.wire.fake_telegram import FakeTelegram
from tests.wire.telegram.app_driver import GROUP, Driver, build_app
from tests.wire.telegram.conftest import FakeClock

ANNA = FakeTelegram.user(4242, "Anna", "Koordinatorin")
LEA = FakeTelegram.user(6161, "Lea", "Jugend")


@pytest.fixture
async def drive(tmp_path: Path, clock: FakeClock) -> AsyncIterator[Driver]:
    async with FakeTelegram(private_needs_start=True) as tg:
        d = build_app(tmp_path, tg, clock)
        async with d.app:
            yield d


def buttons(sent: dict[str, Any]) -> list[dict[str, Any]]:
    return [b for row in sent.get("reply_markup", {}).get("inline_keyboard", []) for b in row]


async def join_in_group(drive: Driver, role: str) -> dict[str, Any]:
    """Anna sets up the group and invites; Lea joins with the code in the group chat; returns
    the welcome as sent."""
    await drive.say(GROUP, "/setup Musterstadt", ANNA)
    await drive.say(ANNA["id"], "/start", ANNA)
    answer = await drive.text(GROUP, f"/invite {role}", ANNA)
    code = invite_code(answer)
    out = await drive.say(GROUP, f"/join {code}", LEA)
    (welcome,) = [r.params for r in out if r.method == "sendMessage"]
    assert welcome["chat_id"] == GROUP
    return welcome


async def test_the_welcome_links_into_the_direct_chat_where_the_age_question_is_asked(
    drive: Driver,
) -> None:
    welcome = await join_in_group(drive, "youth")
    assert "Eine Frage zu deinen Daten stelle ich dir in unserem direkten Chat" in welcome["text"]
    assert buttons(welcome) == [
        {"text": "Direkten Chat öffnen", "url": "https://t.me/steerbot?start=age"}
    ]
    # The question could not be sent: Lea never opened the direct chat.
    refused = [r for r in drive.tg.calls("sendMessage") if r.params["chat_id"] == LEA["id"]]
    assert refused and all(r.status == 403 for r in refused)
    # Until she answers, the group sees the pseudonym.
    assert "Lea" not in await drive.text(GROUP, "/mitglieder", ANNA)

    # The button opens the direct chat, and Telegram sends "/start age" there.
    out = await drive.say(LEA["id"], "/start age", LEA)
    (question,) = [r.params for r in out if r.method == "sendMessage"]
    assert question["chat_id"] == LEA["id"]
    assert question["text"].startswith("Eine Frage, damit ich deine Daten schützen kann")
    assert [b["callback_data"] for b in buttons(question)] == ["a:age:under16", "a:age:16plus"]

    (asked,) = [
        r for r in drive.tg.calls("sendMessage", ok_only=True) if r.params["chat_id"] == LEA["id"]
    ]
    out = await drive.press(LEA["id"], "a:age:16plus", LEA, message_id=asked.result["message_id"])
    assert any("Die Gruppe sieht deinen Namen" in r.params.get("text", "") for r in out)
    assert "Lea Jugend" in await drive.text(GROUP, "/mitglieder", ANNA)


async def test_other_roles_get_no_button(drive: Driver) -> None:
    welcome = await join_in_group(drive, "member")
    assert "Willkommen, Lea Jugend" in welcome["text"]
    assert "direkten Chat" not in welcome["text"] and not buttons(welcome)
