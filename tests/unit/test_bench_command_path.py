"""The command-path benchmark itself, run small: its figures are only worth something if every
command of the mix was answered as a user would expect (no incident, nobody left unanswered) and
the statement counts it reports are those of the real commands. Times are not asserted here
(shared machines); ``make bench`` reports them as ratios.
"""

from __future__ import annotations

from pathlib import Path

from bench.command_path import measure_backend, plan


async def test_the_mix_is_answered_and_its_statements_counted(tmp_path: Path) -> None:
    url = f"sqlite+aiosqlite:///{tmp_path / 'bench.db'}"
    result = await measure_backend("sqlite", url, tmp_path, 80, groups=4, bound_units=5)
    counts = result["counts"]
    assert counts["replies"] == 80
    assert counts["incidents"] == 0 and counts["silent"] == 0
    kinds = result["per_kind"]
    assert set(kinds) == {"/measures", "/propose", "/show", "/vote"}
    assert sum(k["count"] for k in kinds.values()) == 80
    # The same counts tests/unit/test_statement_budget.py holds, seen through the benchmark.
    assert kinds["/measures"]["statements"] == 2.0
    assert kinds["/show"]["statements"] == 2.0
    assert kinds["/vote"]["statements"] == 5.0
    bound = result["statements_only"]
    assert set(bound["per_kind_ms"]) == set(kinds)
    assert bound["ratio"] > 0 and bound["floor_ms"] > 0


def test_the_mix_shows_only_measures_that_exist() -> None:
    """A youth representative's /propose makes an idea, not a measure: the mix must not ask
    for measure numbers nobody has (each a refusal, which costs other statements)."""
    groups = [(f"room-{g}", [f"c{g}", f"m{g}", f"y{g}"]) for g in range(3)]
    measures = {chat: 3 for chat, _ in groups}
    shown = 0
    for user, chat, text in plan(groups, 600, with_votes=True):
        if text.startswith("/propose") and not user.startswith("y"):
            measures[chat] += 1
        elif text.startswith("/show"):
            shown += 1
            assert int(text.split()[1]) <= measures[chat], (user, chat, text)
    assert shown > 100
