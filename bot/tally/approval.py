"""Approval voting: each ballot ticks any number of candidates."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from bot.tally.common import check_candidates, rank_by_total, select, turnout
from bot.tally.types import ApprovalBallot, ApprovalResult
from bot.tally.validate import validate_approval


def tally_approval(
    ballots: Iterable[ApprovalBallot],
    candidates: Sequence[int],
    *,
    eligible: int | None = None,
    quorum: float | None = None,
    subset: Callable[[ApprovalBallot], bool] | None = None,
) -> ApprovalResult:
    """Count approvals per candidate; most approvals rank first, equal counts tie.

    Every ballot is validated (an empty one counts for turnout only). ``subset`` keeps only
    some ballots (e.g. ``in_group("youth")``); ``eligible`` and ``quorum`` (percent) give the
    turnout.
    """
    cands = check_candidates(candidates)
    chosen = select(ballots, subset)
    totals = dict.fromkeys(cands, 0)
    for ballot in chosen:
        validate_approval(ballot, totals, allow_empty=True)
        for candidate in ballot.approved:
            totals[candidate] += 1
    return ApprovalResult(rank_by_total(cands, totals), turnout(len(chosen), eligible, quorum))
