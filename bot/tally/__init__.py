"""Pure tallies for voting rounds: approval, dot, ranked (Schulze + Borda), score, consent.

Every tally takes the ballots, the round's candidates (measure ids, in round order) and
optionally ``eligible`` (voters), ``quorum`` (percent of eligible who must cast a ballot) and
``subset`` (a predicate on ballots, e.g. ``in_group("youth")`` for the youth vote). Results
are frozen dataclasses whose standings carry explicit ranks: ties are shown, not broken.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from typing import Any

from bot.tally.approval import tally_approval
from bot.tally.common import in_group
from bot.tally.consent import tally_consent
from bot.tally.dot import default_points, dot_rules, tally_dot
from bot.tally.kept import result_from_kept
from bot.tally.ranked import tally_ranked
from bot.tally.score import tally_score
from bot.tally.types import (
    ApprovalBallot,
    ApprovalResult,
    Consent,
    ConsentBallot,
    ConsentResult,
    DotBallot,
    DotResult,
    RankedBallot,
    RankedResult,
    Result,
    ScoreBallot,
    ScoreResult,
    ScoreStanding,
    Standing,
    Turnout,
)
from bot.tally.validate import (
    parse_consent,
    validate_approval,
    validate_consent,
    validate_dot,
    validate_dot_rules,
    validate_ranked,
    validate_score,
)

METHODS = ("approval", "dot", "ranked", "score", "consent")


def tally(
    method: str,
    ballots: Iterable[Any],
    candidates: Sequence[int],
    *,
    eligible: int | None = None,
    quorum: float | None = None,
    subset: Callable[[Any], bool] | None = None,
    **options: Any,
) -> Result:
    """Tally ``ballots`` by ``method`` (one of :data:`METHODS`); ``options`` go to the method
    (dot: ``points``, ``max_per_candidate``). For consent, ``candidates`` is the subject."""
    tallies: dict[str, Callable[..., Result]] = {
        "approval": tally_approval,
        "dot": tally_dot,
        "ranked": tally_ranked,
        "score": tally_score,
        "consent": tally_consent,
    }
    if method not in tallies:
        raise ValueError(f"unknown voting method {method!r}")
    return tallies[method](
        ballots, candidates, eligible=eligible, quorum=quorum, subset=subset, **options
    )


__all__ = [
    "METHODS",
    "ApprovalBallot",
    "ApprovalResult",
    "Consent",
    "ConsentBallot",
    "ConsentResult",
    "DotBallot",
    "DotResult",
    "RankedBallot",
    "RankedResult",
    "Result",
    "ScoreBallot",
    "ScoreResult",
    "ScoreStanding",
    "Standing",
    "Turnout",
    "default_points",
    "dot_rules",
    "in_group",
    "parse_consent",
    "result_from_kept",
    "tally",
    "tally_approval",
    "tally_consent",
    "tally_dot",
    "tally_ranked",
    "tally_score",
    "validate_approval",
    "validate_consent",
    "validate_dot",
    "validate_dot_rules",
    "validate_ranked",
    "validate_score",
]
