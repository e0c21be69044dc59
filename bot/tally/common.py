"""What every tally shares: choosing ballots, turnout and quorum, and tie-aware ranks."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Sequence
from typing import TypeVar

from bot.tally.types import Standing, Turnout

B = TypeVar("B")
Subset = Callable[[B], bool]


def in_group(group: str) -> Callable[[object], bool]:
    """A ``subset`` predicate keeping ballots tagged with ``group`` (e.g. the youth vote)."""
    return lambda ballot: getattr(ballot, "group", None) == group


def select(ballots: Iterable[B], subset: Callable[[B], bool] | None) -> list[B]:
    """The ballots to count: all of them, or those ``subset`` keeps."""
    return [b for b in ballots if subset is None or subset(b)]


def check_candidates(candidates: Sequence[int]) -> tuple[int, ...]:
    """The round's candidates as a tuple; a candidate listed twice is a programming error."""
    result = tuple(candidates)
    if len(set(result)) != len(result):
        raise ValueError(f"candidates repeat: {result!r}")
    return result


def turnout(cast: int, eligible: int | None, quorum: float | None) -> Turnout:
    """Turnout of ``cast`` ballots; the quorum is met when cast ≥ quorum % of eligible."""
    if quorum is None:
        return Turnout(cast, eligible, None, True)
    if eligible is None:
        raise ValueError("a quorum needs the number of eligible voters")
    if not 0 <= quorum <= 100:
        raise ValueError(f"quorum is a percentage 0–100, not {quorum!r}")
    # Compare cast*100 with quorum*eligible so 1 of 3 at quorum 33⅓ is not lost to rounding.
    return Turnout(cast, eligible, quorum, cast * 100 >= quorum * eligible)


def competition_ranks(keys: Sequence[Hashable]) -> list[int]:
    """Ranks for ``keys`` already sorted best first: equal keys share a rank (1, 2, 2, 4)."""
    ranks: list[int] = []
    for i, key in enumerate(keys):
        ranks.append(ranks[-1] if i and key == keys[i - 1] else i + 1)
    return ranks


def rank_by_total(
    candidates: Sequence[int], totals: dict[int, int] | dict[int, float]
) -> tuple[Standing, ...]:
    """Standings by ``totals``, highest first; equal totals are tied, listed in round order."""
    order = sorted(candidates, key=lambda c: -totals[c])  # stable: ties keep round order
    ranks = competition_ranks([totals[c] for c in order])
    return tuple(Standing(c, r, totals[c]) for c, r in zip(order, ranks, strict=True))
