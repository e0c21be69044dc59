"""Issue 6 through the real App: 429s, a crash mid-update, chat migration and the webhook."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from sqlalchemy import func, select

from bot.events import Incoming
from storage.models import Measure
from storage.repo import groups
from tests.wire.fake_telegram import FakeTelegram
from tests.wire.telegram.app_driver import GROUP, Driver, build_app
from tests.wire.telegram.conftest import FakeClock

ANNA = FakeTelegram.user(4242, "Anna", "Koordinatorin")
SECRET = "s3cret_Token-1"
HEADER = "X-Telegram-Bot-Api-Secret-Token"


@pytest.fixture
async def drive(tmp_path: Path, tg: FakeTelegram, clock: FakeClock) -> AsyncIterator[Driver]:
    d = build_app(tmp_path, tg, clock)
    async with d.app:
        yield d


async def measure_titles(drive: Driver) -> list[str]:
    async with drive.app.sessions() as s:
        return list(await s.scalars(select(Measure.title).order_by(Measure.number)))


async def test_429_is_waited_out_and_nothing_is_lost(
    drive: Driver, tg: FakeTelegram, clock: FakeClock
) -> None:
    tg.admin_in.add(GROUP)  # no note on a missing right after /setup
    await drive.say(GROUP, "/setup Musterstadt", ANNA)
    tg.fail("sendMessage", "retry_after", times=3, seconds=7)
    last = 0
    for title in ("Eins", "Zwei", "Drei", "Vier", "Fünf"):
        last = tg.push_message(GROUP, f"/propose {title}", user=ANNA)
    await drive.wait_handled(last)
    refused = [r for r in tg.calls("sendMessage") if r.status == 429]
    assert len(refused) == 3
    assert clock.slept.count(7.0) == 3  # every retry_after honoured (on the fake clock)
    answers = tg.sent_texts(GROUP)[1:]
    assert [a.split("„")[1].split("“")[0] for a in answers] == [
        "Eins",
        "Zwei",
        "Drei",
        "Vier",
        "Fünf",
    ]
    assert await measure_titles(drive) == ["Eins", "Zwei", "Drei", "Vier", "Fünf"]


async def crash_while(drive: Driver, tg: FakeTelegram, text: str, *, after_core: bool) -> int:
    """Push ``text``; the bot takes it and then "dies": it never returns from handling it
    (``after_core``: after the core committed and replied, else before the core saw it). The
    app is stopped without grace, so nothing of that update is confirmed."""
    entered = asyncio.Event()
    real = drive.adapter._sink
    assert real is not None

    async def hang(incoming: Incoming) -> None:
        if after_core:
            await real(incoming)
        entered.set()
        await asyncio.Event().wait()  # the process is gone

    drive.adapter._sink = hang
    update_id = tg.push_message(GROUP, text, user=ANNA)
    await asyncio.wait_for(entered.wait(), 10)
    return update_id


@pytest.mark.parametrize("after_core", [False, True], ids=["before-commit", "after-commit"])
async def test_a_crash_mid_update_is_handled_once_after_restart(
    tmp_path: Path, tg: FakeTelegram, clock: FakeClock, after_core: bool
) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'steerbot.db'}"
    first = build_app(tmp_path, tg, clock, database_url=url, stop_grace=0)
    async with first.app:
        await first.say(GROUP, "/setup Musterstadt", ANNA)
        update_id = await crash_while(first, tg, "/propose Spielplatz", after_core=after_core)
    assert [u["update_id"] for u in tg.updates] == [update_id]  # not confirmed to Telegram
    second = build_app(tmp_path, tg, clock, database_url=url)
    async with second.app:
        await second.wait_handled(update_id)  # delivered again after the restart …
        assert await measure_titles(second) == ["Spielplatz"]  # … and applied once
    answers = [t for t in tg.sent_texts(GROUP) if "Maßnahme 1" in t]
    assert len(answers) == 1
    assert tg.updates == []  # confirmed now


async def test_group_to_supergroup_moves_the_binding(drive: Driver, tg: FakeTelegram) -> None:
    old, new = -4711, -1009876543210
    assert "Musterstadt" in await drive.text(old, "/setup Musterstadt", ANNA, chat_type="group")
    await drive.say(old, "/propose Spielplatz", ANNA)
    await drive.wait_handled(tg.migrate_chat(old, new))
    answer = await drive.text(new, "/propose Radweg", ANNA)
    assert "Maßnahme 2" in answer  # the same group, found under the new id
    assert "Spielplatz" in await drive.text(new, "/measures", ANNA)
    async with drive.app.sessions() as session:
        assert await groups.chat_binding(session, "telegram", str(new)) is not None
        assert await groups.chat_binding(session, "telegram", str(old)) is None


@pytest.fixture
async def hooked(tmp_path: Path, tg: FakeTelegram, clock: FakeClock) -> AsyncIterator[Driver]:
    d = build_app(
        tmp_path,
        tg,
        clock,
        TELEGRAM_WEBHOOK_URL="https://bot.example.org/telegram/hook",
        TELEGRAM_WEBHOOK_LISTEN="127.0.0.1:0",
        TELEGRAM_WEBHOOK_SECRET=SECRET,
    )
    async with d.app:
        yield d


async def post(drive: Driver, update: dict[str, Any], secret: str | None) -> int:
    assert drive.adapter.webhook is not None
    url = f"http://127.0.0.1:{drive.adapter.webhook.port}/telegram/hook"
    headers = {HEADER: secret} if secret is not None else {}
    async with (
        aiohttp.ClientSession() as session,
        session.post(url, json=update, headers=headers) as r,
    ):
        return r.status


async def test_webhook_takes_updates_only_with_the_right_secret(
    hooked: Driver, tg: FakeTelegram
) -> None:
    (registered,) = tg.calls("setWebhook")
    assert registered.params["secret_token"] == SECRET
    tg.admin_in.add(GROUP)  # no note on a missing right after /setup
    tg.push_message(GROUP, "/setup Musterstadt", user=ANNA)
    update = tg.updates.pop()  # Telegram would POST it to the webhook
    assert await post(hooked, update, None) == 403
    assert await post(hooked, update, "wrong") == 403
    assert tg.calls("sendMessage") == [] and hooked.handled == set()
    assert await post(hooked, update, SECRET) == 200
    assert "Steuerungsgruppe Musterstadt" in tg.sent_texts(GROUP)[0]
    assert await post(hooked, update, SECRET) == 200  # a redelivery: acknowledged, not applied
    assert len(tg.sent_texts(GROUP)) == 1
    async with hooked.app.sessions() as s:
        assert await s.scalar(select(func.count()).select_from(Measure)) == 0
