"""Everything is still there after the app restarts on the same SQLite file."""

from __future__ import annotations

from pathlib import Path

from adapters.memory import MemoryAdapter
from bot.clock import FakeClock
from tests.harness import Bot, make_app, settings_for


async def test_restart_on_same_sqlite_file_keeps_everything(
    tmp_path: Path, clock: FakeClock
) -> None:
    settings = settings_for(tmp_path)
    assert "steerbot.db" in settings.effective_database_url
    app = make_app(settings, clock)
    adapter = MemoryAdapter()
    app.add_adapter(adapter)
    async with app:
        bot = Bot(app, adapter, clock)
        await bot.group_with(lea="youth")
        await bot.press("lea", "age:16plus", chat="dm")
        await bot.ask("lea", "/propose Skatepark #beteil")
        await bot.ask("anna", "/accept 1")
        await bot.say("anna", "/propose Park", event_id="seen-1")
    assert (tmp_path / "steerbot.db").exists()

    app2 = make_app(settings, clock)
    adapter2 = MemoryAdapter()
    app2.add_adapter(adapter2)
    async with app2:
        bot2 = Bot(app2, adapter2, clock)
        listing = await bot2.ask("anna", "/measures")
        assert "Skatepark" in listing and "Park" in listing
        assert "Jugendvertretung: Lea" in await bot2.ask("anna", "/members")
        assert await bot2.say("anna", "/propose Park", event_id="seen-1") == []
        assert "Maßnahme 3" in await bot2.ask("anna", "/propose Neu")
