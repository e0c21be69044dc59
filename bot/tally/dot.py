"""Dot voting: each voter distributes a number of points, with a cap on any one candidate."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from bot.tally.common import check_candidates, rank_by_total, select, turnout
from bot.tally.types import DotBallot, DotResult
from bot.tally.validate import validate_dot, validate_dot_rules

MAX_DEFAULT_POINTS = 10


def default_points(n_candidates: int) -> int:
    """Points per voter by default: half the candidates rounded up, at most 10 (at least 1)."""
    return max(1, min(MAX_DEFAULT_POINTS, -(-n_candidates // 2)))


def dot_rules(
    n_candidates: int, points: int | None = None, max_per_candidate: int | None = None
) -> tuple[int, int]:
    """``(points, max_per_candidate)`` with the defaults filled in (max defaults to points),
    refusing values below 1."""
    pts = default_points(n_candidates) if points is None else points
    cap = pts if max_per_candidate is None else max_per_candidate
    validate_dot_rules(pts, cap)
    return pts, cap


def tally_dot(
    ballots: Iterable[DotBallot],
    candidates: Sequence[int],
    *,
    points: int | None = None,
    max_per_candidate: int | None = None,
    eligible: int | None = None,
    quorum: float | None = None,
    subset: Callable[[DotBallot], bool] | None = None,
) -> DotResult:
    """Sum the points per candidate; most points rank first, equal sums tie.

    ``points``/``max_per_candidate`` default as :func:`dot_rules`; every ballot is validated
    against them (an empty one counts for turnout only).
    """
    cands = check_candidates(candidates)
    pts, cap = dot_rules(len(cands), points, max_per_candidate)
    chosen = select(ballots, subset)
    totals = dict.fromkeys(cands, 0)
    for ballot in chosen:
        validate_dot(ballot, totals, points=pts, max_per_candidate=cap, allow_empty=True)
        for candidate, value in ballot.points:
            totals[candidate] += value
    return DotResult(
        rank_by_total(cands, totals),
        turnout(len(chosen), eligible, quorum),
        points_cast=sum(totals.values()),
        points=pts,
        max_per_candidate=cap,
    )
