"""Ballots and results of the voting methods: frozen dataclasses, nothing else.

Candidates are measure ids (``int``). Every ballot may carry a ``group`` tag (e.g. ``"youth"``)
so a sub-tally such as the youth vote (Jugendvotum) is the same tally over a filtered list.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum

Candidate = int


def _pairs(value: Mapping[int, int] | Iterable[tuple[int, int]]) -> tuple[tuple[int, int], ...]:
    """A mapping or pairs as a tuple of pairs (mappings sorted, pairs kept as given so that
    validation can still see a candidate named twice)."""
    if isinstance(value, Mapping):
        return tuple(sorted(value.items()))
    return tuple((c, v) for c, v in value)


@dataclass(frozen=True)
class ApprovalBallot:
    """Ticks any number of candidates."""

    approved: frozenset[int]
    group: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "approved", frozenset(self.approved))


@dataclass(frozen=True)
class DotBallot:
    """Points per candidate; build it from a mapping ``{candidate: points}`` or pairs."""

    points: tuple[tuple[int, int], ...]
    group: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "points", _pairs(self.points))


@dataclass(frozen=True)
class RankedBallot:
    """Candidates best first; a partial ranking leaves the rest tied below every ranked one."""

    ranking: tuple[int, ...]
    group: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "ranking", tuple(self.ranking))


@dataclass(frozen=True)
class ScoreBallot:
    """A score 0–5 per candidate; a candidate left out is not counted for its mean/median."""

    scores: tuple[tuple[int, int], ...]
    group: str | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "scores", _pairs(self.scores))


class Consent(StrEnum):
    """The three answers of a consent vote."""

    YES = "yes"
    NO = "no"
    ABSTAIN = "abstain"


@dataclass(frozen=True)
class ConsentBallot:
    """Yes, no or abstain on the round's subject (one measure or a package)."""

    value: Consent | str
    group: str | None = None


@dataclass(frozen=True)
class Turnout:
    """Ballots cast against eligible voters, and whether the quorum was met.

    ``quorum`` is a percentage (0–100) of ``eligible`` who must cast a ballot (an empty ballot
    or an abstention counts). Without a quorum ``quorum_met`` is True.
    """

    cast: int
    eligible: int | None = None
    quorum: float | None = None
    quorum_met: bool = True

    @property
    def percent(self) -> float | None:
        """Ballots cast as a percentage of eligible voters (None when unknown or zero)."""
        if not self.eligible:
            return None
        return 100.0 * self.cast / self.eligible


@dataclass(frozen=True)
class Standing:
    """One candidate's place: ``rank`` 1 is best and equal ranks are ties (1, 2, 2, 4).

    ``total`` is what the ranking is by: approvals, points, Borda points, or for Schulze the
    number of candidates it beats by strongest paths.
    """

    candidate: int
    rank: int
    total: int | float


@dataclass(frozen=True)
class ApprovalResult:
    """Approvals per candidate, most first."""

    standings: tuple[Standing, ...]
    turnout: Turnout


@dataclass(frozen=True)
class DotResult:
    """Points per candidate, most first."""

    standings: tuple[Standing, ...]
    turnout: Turnout
    points_cast: int
    points: int
    max_per_candidate: int


@dataclass(frozen=True)
class RankedResult:
    """Schulze order (``standings``) with the Borda count beside it (``borda``).

    ``candidates`` fixes the index order of the matrices: ``pairwise[i][j]`` is the number of
    voters preferring ``candidates[i]`` to ``candidates[j]``; ``strongest[i][j]`` is the
    strength of the strongest path from i to j (Schulze, winning votes).
    """

    standings: tuple[Standing, ...]
    borda: tuple[Standing, ...]
    turnout: Turnout
    candidates: tuple[int, ...]
    pairwise: tuple[tuple[int, ...], ...]
    strongest: tuple[tuple[int, ...], ...]

    def beats(self, a: int, b: int) -> bool:
        """Whether ``a`` beats ``b`` by strongest paths (``p[a][b] > p[b][a]``)."""
        i, j = self.candidates.index(a), self.candidates.index(b)
        return self.strongest[i][j] > self.strongest[j][i]

    @property
    def winners(self) -> tuple[int, ...]:
        """The Schulze winners (more than one when tied)."""
        return tuple(s.candidate for s in self.standings if s.rank == 1)


@dataclass(frozen=True)
class ScoreStanding:
    """One candidate's scores: ranked by ``mean``; ``count`` ballots scored it.

    With no scores at all ``mean`` and ``median`` are None and the candidate ranks last.
    """

    candidate: int
    rank: int
    mean: float | None
    median: float | None
    count: int
    total: int


@dataclass(frozen=True)
class ScoreResult:
    """Mean and median score per candidate, best mean first."""

    standings: tuple[ScoreStanding, ...]
    turnout: Turnout


@dataclass(frozen=True)
class ConsentResult:
    """Yes, no and abstain counts on ``subject`` (one measure or a package).

    ``majority`` is yes > no (abstentions do not count for it); ``passed`` needs the majority
    and the quorum (abstentions do count for that).
    """

    subject: tuple[int, ...]
    yes: int
    no: int
    abstain: int
    turnout: Turnout
    majority: bool
    passed: bool = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "passed", self.majority and self.turnout.quorum_met)


Result = ApprovalResult | DotResult | RankedResult | ScoreResult | ConsentResult
