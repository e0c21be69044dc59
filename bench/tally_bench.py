"""Schulze at 100 candidates × 1,000 ballots against a naive reference, in the same run.

Run: ``python -m bench.tally_bench [candidates] [ballots]``. Prints timings and the speed-up of
``bot.tally.tally_ranked`` over the reference and returns them from :func:`run`.

The reference is deliberately plain: for every pair of candidates it walks over every ballot
(O(C²·B) Python-level steps), then runs the textbook triple loop for the widest paths.
"""

from __future__ import annotations

import random
import sys
import time
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from bot.tally import RankedBallot, tally_ranked
from bot.tally.ranked import pairwise_matrix, strongest_paths

T = TypeVar("T")


def naive_pairwise(rankings: Sequence[Sequence[int]], n: int) -> list[list[int]]:
    """``d[i][j]`` by looking at every ballot for every pair; unranked ties below ranked."""
    positions = [{c: pos for pos, c in enumerate(r)} for r in rankings]
    d = [[0] * n for _ in range(n)]
    for i in range(n):
        for j in range(n):
            if i == j:
                continue
            for pos in positions:
                if not pos:
                    continue
                if pos.get(i, n) < pos.get(j, n):
                    d[i][j] += 1
    return d


def naive_strongest(d: Sequence[Sequence[int]]) -> list[list[int]]:
    """Strongest paths with the textbook Floyd–Warshall loop (as on Wikipedia)."""
    n = len(d)
    p = [[0] * n for _ in range(n)]
    for i in range(n):
        for j in range(n):
            if i != j and d[i][j] > d[j][i]:
                p[i][j] = d[i][j]
    for i in range(n):
        for j in range(n):
            if i == j:
                continue
            for k in range(n):
                if i != k and j != k:
                    p[j][k] = max(p[j][k], min(p[j][i], p[i][k]))
    return p


def make_ballots(candidates: int, ballots: int, seed: int = 20261122) -> list[RankedBallot]:
    """Noisy variations of a common order, a fifth of them partial: like a real round."""
    rng = random.Random(seed)
    base = list(range(1, candidates + 1))
    rng.shuffle(base)
    result = []
    for _ in range(ballots):
        noisy = sorted(base, key=lambda c: base.index(c) + rng.gauss(0, candidates / 4))
        if rng.random() < 0.2:
            noisy = noisy[: rng.randint(1, candidates)]
        result.append(RankedBallot(tuple(noisy)))
    return result


def _timed(fn: Callable[..., T], *args: object) -> tuple[T, float]:
    start = time.perf_counter()
    value = fn(*args)
    return value, time.perf_counter() - start


def run(candidates: int = 100, ballots: int = 1000, seed: int = 20261122) -> dict[str, Any]:
    """Time the optimised and the naive Schulze on the same ballots; check they agree."""
    cands = list(range(1, candidates + 1))
    votes = make_ballots(candidates, ballots, seed)
    rankings = [tuple(c - 1 for c in b.ranking) for b in votes]

    result, t_tally = _timed(tally_ranked, votes, cands)
    d_fast, t_pair = _timed(pairwise_matrix, rankings, candidates)
    p_fast, t_paths = _timed(strongest_paths, d_fast)
    d_ref, t_pair_ref = _timed(naive_pairwise, rankings, candidates)
    p_ref, t_paths_ref = _timed(naive_strongest, d_ref)
    if d_fast != d_ref or p_fast != p_ref:
        raise AssertionError("optimised and naive Schulze disagree")

    figures = {
        "candidates": candidates,
        "ballots": ballots,
        "tally_ranked_s": t_tally,
        "pairwise_s": t_pair,
        "strongest_paths_s": t_paths,
        "naive_pairwise_s": t_pair_ref,
        "naive_strongest_paths_s": t_paths_ref,
        "pairwise_speedup": t_pair_ref / t_pair,
        "strongest_paths_speedup": t_paths_ref / t_paths,
        "schulze_speedup": (t_pair_ref + t_paths_ref) / (t_pair + t_paths),
        "winners": result.winners,
    }
    print(f"Schulze, {candidates} candidates × {ballots} ballots")
    print(f"  tally_ranked (incl. validation, Borda): {t_tally:8.3f} s")
    for name, fast, slow in [
        ("pairwise matrix", t_pair, t_pair_ref),
        ("strongest paths", t_paths, t_paths_ref),
        ("Schulze total", t_pair + t_paths, t_pair_ref + t_paths_ref),
    ]:
        print(f"  {name:16s} {fast:8.3f} s   naive {slow:8.3f} s   ratio {slow / fast:6.1f}×")
    return figures


def rows(figures: dict[str, Any]) -> list[dict[str, Any]]:
    """Table rows for ``python -m bench``: the optimised Schulze against the naive reference
    (ratio = optimised time / naive time; below 1 means faster than the reference)."""
    from bench.common import row

    fast = figures["pairwise_s"] + figures["strongest_paths_s"]
    slow = figures["naive_pairwise_s"] + figures["naive_strongest_paths_s"]
    return [
        row(
            f"tally: Schulze {figures['candidates']}×{figures['ballots']}",
            fast,
            slow,
            unit="s",
            target=1.0,
            note=f"floor = naive reference; tally_ranked incl. validation {figures['tally_ranked_s']:.3f} s",
        )
    ]


if __name__ == "__main__":
    run(*(int(a) for a in sys.argv[1:3]))
