"""Score voting: each voter gives each candidate 0–5; we show mean and median."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from fractions import Fraction
from statistics import median

from bot.tally.common import check_candidates, competition_ranks, select, turnout
from bot.tally.types import ScoreBallot, ScoreResult, ScoreStanding
from bot.tally.validate import validate_score


def tally_score(
    ballots: Iterable[ScoreBallot],
    candidates: Sequence[int],
    *,
    eligible: int | None = None,
    quorum: float | None = None,
    subset: Callable[[ScoreBallot], bool] | None = None,
) -> ScoreResult:
    """Mean and median per candidate over the ballots that scored it; ranked by mean
    (compared exactly), equal means tie, candidates nobody scored tie last.
    """
    cands = check_candidates(candidates)
    chosen = select(ballots, subset)
    scores: dict[int, list[int]] = {c: [] for c in cands}
    for ballot in chosen:
        validate_score(ballot, scores, allow_empty=True)
        for candidate, value in ballot.scores:
            scores[candidate].append(value)

    def key(c: int) -> tuple[int, Fraction]:
        got = scores[c]
        return (0, Fraction(0)) if not got else (1, Fraction(sum(got), len(got)))

    order = sorted(cands, key=key, reverse=True)  # stable: ties keep round order
    ranks = competition_ranks([key(c) for c in order])
    standings = tuple(
        ScoreStanding(
            candidate=c,
            rank=r,
            mean=sum(scores[c]) / len(scores[c]) if scores[c] else None,
            median=float(median(scores[c])) if scores[c] else None,
            count=len(scores[c]),
            total=sum(scores[c]),
        )
        for c, r in zip(order, ranks, strict=True)
    )
    return ScoreResult(standings, turnout(len(chosen), eligible, quorum))
