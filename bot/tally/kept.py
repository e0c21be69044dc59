"""A tally as kept with a closed round (``dataclasses.asdict``, stored as JSON) and back, so
that what the close tallied can be shown later without tallying again."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from bot.tally.types import (
    ApprovalResult,
    ConsentResult,
    DotResult,
    RankedResult,
    Result,
    ScoreResult,
    ScoreStanding,
    Standing,
    Turnout,
)


def _standings(rows: Sequence[Mapping[str, Any]]) -> tuple[Standing, ...]:
    return tuple(Standing(**row) for row in rows)


def _matrix(rows: Sequence[Sequence[int]]) -> tuple[tuple[int, ...], ...]:
    return tuple(tuple(row) for row in rows)


def result_from_kept(method: str, kept: Mapping[str, Any]) -> Result:
    """The result of a ``method`` tally from ``kept``, the JSON form of its ``asdict``."""
    turnout = Turnout(**kept["turnout"])
    if method == "approval":
        return ApprovalResult(_standings(kept["standings"]), turnout)
    if method == "dot":
        return DotResult(
            _standings(kept["standings"]),
            turnout,
            kept["points_cast"],
            kept["points"],
            kept["max_per_candidate"],
        )
    if method == "ranked":
        return RankedResult(
            _standings(kept["standings"]),
            _standings(kept["borda"]),
            turnout,
            tuple(kept["candidates"]),
            _matrix(kept["pairwise"]),
            _matrix(kept["strongest"]),
        )
    if method == "score":
        return ScoreResult(tuple(ScoreStanding(**row) for row in kept["standings"]), turnout)
    if method == "consent":  # ``passed`` follows from the rest
        return ConsentResult(
            tuple(kept["subject"]),
            kept["yes"],
            kept["no"],
            kept["abstain"],
            turnout,
            kept["majority"],
        )
    raise ValueError(f"unknown voting method {method!r}")
