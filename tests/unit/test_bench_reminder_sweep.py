"""The reminder-sweep benchmark itself, run small: both outboxes are filled before anything
is timed, the claims take turns between them (so that a change in the machine's load meets
the figure and its floor alike), each claim takes exactly the due rows, and the plan of the
claim statement is reported. Times are not asserted here (shared machines)."""

from __future__ import annotations

from pathlib import Path

import pytest

from bench import reminder_sweep


async def test_the_sweep_fills_both_outboxes_then_alternates_the_claims(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(reminder_sweep, "SMALL", 300)
    monkeypatch.setattr(reminder_sweep, "LARGE", 3_000)
    monkeypatch.setattr(reminder_sweep, "TRIES", 4)
    order: list[str] = []
    fill = reminder_sweep.fill_sqlite
    once = reminder_sweep.Claims.once

    def fill_and_note(path: Path, count: int) -> None:
        order.append(f"fill {count}")
        fill(path, count)

    async def claim_and_note(self: reminder_sweep.Claims, timed: bool) -> None:
        order.append(f"claim {self.engine.url.database}")
        await once(self, timed)

    monkeypatch.setattr(reminder_sweep, "fill_sqlite", fill_and_note)
    monkeypatch.setattr(reminder_sweep.Claims, "once", claim_and_note)
    figures = await reminder_sweep._sqlite(tmp_path)

    assert order[:2] == ["fill 300", "fill 3000"]
    small, large = f"claim {tmp_path / 'sweep-300.db'}", f"claim {tmp_path / 'sweep-3000.db'}"
    assert order[2:] == [small, large] * 5  # one untimed round, then four timed ones
    assert figures["claim_300_s"] > 0 and figures["claim_3000_s"] > 0
    assert any("ix_reminders_pending" in line for line in figures["plan_3000"])
