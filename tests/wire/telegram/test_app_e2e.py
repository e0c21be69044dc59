"""End to end: the real app with the Telegram adapter, driven through the fake Bot API."""

from __future__ import annotations

from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from adapters.telegram import TelegramAdapter
from adapters.telegram.factory import telegram_adapter
from adapters.telegram.ratelimit import RateLimiter
from bot.app import App, configured_adapters
from storage.repo import groups
from tests.harness import invite_code, make_app, settings_for, start_clock
from tests.wire.fake_telegram import FakeTelegram
from tests.wire.telegram.conftest import FakeClock

GROUP = -1001234567890


@pytest.fixture
async def app(tmp_path: Path, tg: FakeTelegram, clock: FakeClock) -> AsyncIterator[App]:
    settings = settings_for(
        tmp_path,
        DATABASE_URL="sqlite+aiosqlite://",
        TELEGRAM_TOKEN=tg.token,
        TELEGRAM_BASE_URL=tg.base_url,
    )
    app = make_app(settings, start_clock())
    # The rate limiter runs on the fake clock so answers are not held back by real waits.
    app.add_adapter(
        telegram_adapter(
            app, limiter=RateLimiter(clock=clock, sleep=clock.sleep), sleep=clock.sleep
        )
    )
    async with app:
        yield app


async def test_settings_select_the_telegram_adapter(app: App, tg: FakeTelegram) -> None:
    (adapter,) = configured_adapters(app)
    assert isinstance(adapter, TelegramAdapter)
    assert adapter.config.base_url == tg.base_url and adapter.config.token == tg.token


async def test_group_sets_up_and_proposes_through_telegram(app: App, tg: FakeTelegram) -> None:
    anna = tg.user(4242, "Anna", "Koordinatorin")
    tg.admin_in.add(GROUP)  # as advised: otherwise a note on the missing right follows /setup
    tg.push_message(GROUP, "/setup@steerbot Musterstadt", user=anna)
    await tg.wait_for("sendMessage", 1)
    tg.push_message(GROUP, "/propose Spielplatz <am Park> & Bolzplatz", user=anna)
    await tg.wait_for("sendMessage", 2)
    setup_answer, propose_answer = tg.sent_texts(GROUP)
    assert "Steuerungsgruppe Musterstadt" in setup_answer
    assert "/vorschlag &lt;Titel&gt;" in setup_answer  # the core's text, escaped for HTML
    assert "Maßnahme 1" in propose_answer
    assert "Spielplatz &lt;am Park&gt; &amp; Bolzplatz" in propose_answer
    assert all(r.params["parse_mode"] == "HTML" for r in tg.calls("sendMessage"))
    published = {r.params.get("language_code") for r in tg.calls("setMyCommands")}
    assert published == {None, "de", "en"}
    menus = {
        r.params.get("language_code"): [c["command"] for c in r.params["commands"]]
        for r in tg.calls("setMyCommands")
    }
    assert "setup" in menus["en"] and "propose" in menus["en"]
    assert "einrichten" in menus["de"] and "vorschlag" in menus["de"]
    assert "werhatgewaehlt" in menus["de"] and "who_voted" in menus["en"]


async def test_supergroup_upgrade_moves_the_group_binding(app: App, tg: FakeTelegram) -> None:
    anna = tg.user(4242, "Anna", "Koordinatorin")
    tg.admin_in.add(-4711)
    tg.push_message(-4711, "/setup Musterstadt", user=anna, chat_type="group")
    await tg.wait_for("sendMessage", 1)
    tg.migrate_chat(-4711, GROUP)
    tg.push_message(GROUP, "/propose Spielplatz", user=anna)
    await tg.wait_for("sendMessage", 2)
    assert "Maßnahme 1" in tg.sent_texts(GROUP)[0]  # the group was found under its new id
    async with app.sessions() as session:
        assert await groups.chat_binding(session, "telegram", str(GROUP)) is not None
        assert await groups.chat_binding(session, "telegram", "-4711") is None


async def test_invitation_deep_link_joins_the_group(app: App, tg: FakeTelegram) -> None:
    anna, ben = tg.user(4242, "Anna", "K"), tg.user(5151, "Ben", "M")
    tg.admin_in.add(GROUP)
    tg.push_message(GROUP, "/setup Musterstadt", user=anna)
    await tg.wait_for("sendMessage", 1)
    tg.push_message(GROUP, "/invite member", user=anna)
    await tg.wait_for("sendMessage", 2)
    code = invite_code(tg.sent_texts(GROUP)[1])
    adapter = app.adapters[0]
    assert isinstance(adapter, TelegramAdapter)
    link = adapter.deep_link(f"join-{code}")
    payload = link.split("?start=", 1)[1]
    tg.push_message(5151, f"/start {payload}", user=ben)  # what Telegram sends on opening it
    await tg.wait_for("sendMessage", 3)
    welcome = tg.calls("sendMessage", ok_only=True)[2].params
    assert welcome["chat_id"] == 5151  # answered in Ben's private chat
    assert "Willkommen, Ben M" in welcome["text"] and "Musterstadt" in welcome["text"]
