"""A ballot as stored: its JSON content, keyed by measure *id*, for each voting method.

One home for the shapes: ``approved`` and ``ranking`` list measures, ``points`` and
``scores`` pair a measure with a value, a yes/no answer is ``value``. The commands turn typed
ballots into it, the tally reads it back, and the personal-data export shows it by number.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from bot.tally import (
    ApprovalBallot,
    ConsentBallot,
    DotBallot,
    RankedBallot,
    ScoreBallot,
)

APPROVAL, DOT, RANKED, SCORE, CONSENT = "approval", "dot", "ranked", "score", "consent"
LISTS = ("approved", "ranking")
PAIRS = ("points", "scores")

Ballot = ApprovalBallot | DotBallot | RankedBallot | ScoreBallot | ConsentBallot


def to_content(ballot: Ballot, ids: Mapping[int, int]) -> dict[str, Any]:
    """A valid ballot keyed by measure number → stored JSON keyed by measure id."""
    if isinstance(ballot, ApprovalBallot):
        return {"approved": sorted(ids[n] for n in ballot.approved)}
    if isinstance(ballot, DotBallot):
        return {"points": [[ids[n], v] for n, v in ballot.points if v]}
    if isinstance(ballot, RankedBallot):
        return {"ranking": [ids[n] for n in ballot.ranking]}
    if isinstance(ballot, ScoreBallot):
        return {"scores": [[ids[n], v] for n, v in ballot.scores]}
    return {"value": str(ballot.value)}


def named_in(content: Mapping[str, Any], candidates: Sequence[int]) -> set[int]:
    """The measure ids a stored ballot gives something to (all of them for yes/no)."""
    for key in LISTS:
        if key in content:
            return set(content[key])
    for key in PAIRS:
        if key in content:
            return {c for c, _ in content[key]}
    return set(candidates)


def from_content(method: str, content: Mapping[str, Any], tag: str | None = None) -> Ballot:
    """Stored JSON → the tally's ballot (keyed by measure id), tagged for the youth vote."""
    if method == APPROVAL:
        return ApprovalBallot(frozenset(content["approved"]), group=tag)
    if method == DOT:
        return DotBallot(tuple((c, v) for c, v in content["points"]), group=tag)
    if method == RANKED:
        return RankedBallot(tuple(content["ranking"]), group=tag)
    if method == SCORE:
        return ScoreBallot(tuple((c, v) for c, v in content["scores"]), group=tag)
    return ConsentBallot(content["value"], group=tag)


def describe(
    method: str, content: Mapping[str, Any], numbers: Mapping[int, int] | None = None
) -> str:
    """A stored ballot as the voter would type it (measure numbers), for confirmations;
    without ``numbers`` the content already names measures by number."""

    def number(c: int) -> int:
        return numbers[c] if numbers is not None else c

    if method == APPROVAL:
        return ", ".join(str(number(c)) for c in content["approved"])
    if method in (DOT, SCORE):
        key = "points" if method == DOT else "scores"
        return " ".join(f"{number(c)}={v}" for c, v in content[key])
    if method == RANKED:
        return " > ".join(str(number(c)) for c in content["ranking"])
    return str(content["value"])


def renumbered(content: Mapping[str, Any], numbers: Mapping[int, int]) -> dict[str, Any]:
    """The content with measures named by their number in the group (as the voter typed them)
    instead of the database ids it is stored with; an id not in ``numbers`` stays as it is."""
    shown: dict[str, Any] = {}
    for key, value in content.items():
        if key in LISTS:
            shown[key] = [numbers.get(c, c) for c in value]
        elif key in PAIRS:
            shown[key] = [[numbers.get(c, c), v] for c, v in value]
        else:
            shown[key] = value
    return shown
