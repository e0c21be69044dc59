"""Telegram end to end: updates through the fake Bot API → python-telegram-bot → the bot →
sendMessage, against a bare python-telegram-bot echo bot on the same fake server as the floor.

Run: ``python -m bench.telegram_e2e [updates]``; :func:`run` returns the figures.

Both bots poll a fresh :class:`tests.wire.fake_telegram.FakeTelegram` over real HTTP on
127.0.0.1, in this process and event loop. The workload is ``updates`` × ``/propose <title>`` in
one supergroup (after ``/setup``), pushed at once; the clock runs from the push until the fake has
accepted one ``sendMessage`` per update.

- floor: a PTB ``Application`` (its own ``Updater``, long polling) with one ``MessageHandler``
  that replies with the text;
- ours: the whole :class:`bot.app.App` on a SQLite file (WAL) with the Telegram adapter: our own
  polling with the offset stored once per batch, the dispatcher, one unit of work per
  command (the measure, its audit event, the processed-event record) and the HTML reply.

The adapter's rate limiter is given limits far above the load, because Telegram's per-chat limit
(1 message/s) would otherwise be all this measures; ``bench/nudge_delivery.py`` measures the
limits. Each side runs ``rounds`` times, alternating; the best run of each counts (the machines
are shared and noisy). Target: ours/floor time ratio ≤ 1.5.
"""

from __future__ import annotations

import asyncio
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from telegram import Update
from telegram.ext import Application, ContextTypes, MessageHandler, filters

from adapters.telegram.factory import telegram_adapter
from adapters.telegram.ratelimit import Limits, RateLimiter
from bot.app import App
from bot.config import Settings
from tests.wire.fake_telegram import FakeTelegram

GROUP = -1001234567890
ANNA = FakeTelegram.user(4242, "Anna", "Koordinatorin")
NO_LIMITS = Limits(per_chat=10**9, per_group=10**9, overall=10**9)
WARM_UP = 20


async def _push_and_wait(tg: FakeTelegram, texts: list[str]) -> float:
    """Push ``texts`` as updates and wait for one accepted sendMessage each; seconds taken."""
    base = len(tg.calls("sendMessage", ok_only=True))
    started = time.perf_counter()
    for text in texts:
        tg.push_message(GROUP, text, user=ANNA)
    await tg.wait_for("sendMessage", base + len(texts), within=600)
    return time.perf_counter() - started


def _workload(n: int, tag: str) -> list[str]:
    return [f"/propose Maßnahme {tag}{i} für den Spielplatz am Stadtpark" for i in range(n)]


async def _echo(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    assert update.message is not None and update.message.text is not None
    await update.message.reply_text(update.message.text)


async def echo_floor(n: int) -> float:
    """Seconds for ``n`` updates through a bare PTB echo bot."""
    async with FakeTelegram() as tg:
        application = (
            Application.builder()
            .token(tg.token)
            .base_url(f"{tg.base_url}/bot")
            .base_file_url(f"{tg.base_url}/file/bot")
            .build()
        )
        application.add_handler(MessageHandler(filters.TEXT, _echo))
        async with application:
            assert application.updater is not None
            await application.updater.start_polling(poll_interval=0.0, timeout=5)
            await application.start()
            try:
                await _push_and_wait(tg, _workload(WARM_UP, "w"))
                return await _push_and_wait(tg, _workload(n, "m"))
            finally:
                await application.updater.stop()
                await application.stop()


async def our_bot(n: int, directory: Path) -> float:
    """Seconds for ``n`` updates through the whole App on a fresh SQLite file."""
    database = directory / f"steerbot-{time.monotonic_ns()}.db"
    async with FakeTelegram() as tg:
        values: dict[str, Any] = {
            "STEERBOT_DATA_DIR": directory,
            "DATABASE_URL": f"sqlite+aiosqlite:///{database}",
            "TELEGRAM_TOKEN": tg.token,
            "TELEGRAM_BASE_URL": tg.base_url,
        }
        settings = Settings(_env_file=None, **values)  # type: ignore[call-arg]
        app = App(settings, run_scheduler=False)
        app.add_adapter(telegram_adapter(app, limiter=RateLimiter(NO_LIMITS)))
        async with app:
            tg.admin_in.add(GROUP)  # one answer per update: no note on a missing right
            await _push_and_wait(tg, ["/setup Musterstadt", *_workload(WARM_UP - 1, "w")])
            return await _push_and_wait(tg, _workload(n, "m"))


async def _run(n: int, rounds: int) -> dict[str, Any]:
    floors: list[float] = []
    ours: list[float] = []
    with tempfile.TemporaryDirectory(prefix="steerbot-bench-") as tmp:
        for _ in range(rounds):
            floors.append(await echo_floor(n))
            ours.append(await our_bot(n, Path(tmp)))
    floor, full = min(floors), min(ours)
    ratio = full / floor
    return {
        "updates": n,
        "rounds": rounds,
        "floor_updates_per_s": round(n / floor, 1),
        "ours_updates_per_s": round(n / full, 1),
        "ratio": round(ratio, 2),
        "target": 1.5,
        "target_met": ratio <= 1.5,
        "floor_seconds": [round(s, 3) for s in floors],
        "ours_seconds": [round(s, 3) for s in ours],
    }


def run(updates: int = 300, rounds: int = 3) -> dict[str, Any]:
    """``updates`` through our bot and through the echo floor; returns the figures."""
    return asyncio.run(_run(updates, rounds))


def main(argv: list[str]) -> None:
    n = int(argv[1]) if len(argv) > 1 else 300
    r = run(n)
    print(f"telegram end to end: {r['updates']} updates, best of {r['rounds']}")
    print(f"  PTB echo bot (floor): {r['floor_updates_per_s']} updates/s")
    print(f"  steerbot (App, SQLite file): {r['ours_updates_per_s']} updates/s")
    verdict = "met" if r["target_met"] else "NOT met"
    print(f"  ratio ours/floor = {r['ratio']} (target ≤ {r['target']}: {verdict})")


if __name__ == "__main__":
    main(sys.argv)


def rows(figures: dict[str, Any]) -> list[dict[str, Any]]:
    """Table rows for ``python -m bench``: updates/s of our bot against the bare PTB echo bot."""
    from bench.common import row

    return [
        row(
            f"telegram end to end, {figures['updates']} updates",
            figures["ours_updates_per_s"],
            figures["floor_updates_per_s"],
            unit="updates/s",
            target=figures["target"],
            higher_is_better=True,
            note="floor = bare python-telegram-bot echo bot on the same fake Bot API",
        )
    ]
