"""When the database fails underneath the dispatcher, the person still gets an answer."""

from __future__ import annotations

import pytest
from sqlalchemy.exc import OperationalError

from storage.repo import context as context_repo
from tests.harness import Bot


async def test_a_lost_database_before_the_handler_still_gets_an_apology(
    bot: Bot, monkeypatch: pytest.MonkeyPatch
) -> None:
    await bot.ask("anna", "/setup Musterstadt")

    async def gone(*args: object, **kwargs: object) -> None:
        raise OperationalError("SELECT 1", {}, Exception("connection lost"))

    monkeypatch.setattr(context_repo, "event_context", gone)
    answer = await bot.ask("anna", "/measures")
    assert "Vorfall" in answer  # the apology, in the default language
    monkeypatch.undo()
    assert "Vorfall" not in await bot.ask("anna", "/measures")  # and on it goes


async def test_a_failed_commit_of_a_refusal_still_sends_the_refusal(
    bot: Bot, monkeypatch: pytest.MonkeyPatch
) -> None:
    await bot.ask("anna", "/setup Musterstadt")
    from sqlalchemy.ext.asyncio import AsyncSession

    real_commit = AsyncSession.commit

    async def failing_commit(self: AsyncSession) -> None:
        raise OperationalError("COMMIT", {}, Exception("connection lost"))

    monkeypatch.setattr(AsyncSession, "commit", failing_commit)
    answer = await bot.ask("anna", "/show 99")
    monkeypatch.setattr(AsyncSession, "commit", real_commit)
    assert "99" in answer and "Vorfall" not in answer  # the refusal itself, not silence
