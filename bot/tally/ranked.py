"""Ranked voting: the winner order by the Schulze method, with the Borda count beside it.

Partial rankings: candidates a ballot leaves out tie below all it ranks. For Schulze that means
every ranked candidate is preferred to every unranked one and unranked ones are not compared.
For Borda with n candidates, the candidate in place i (0-based) gets n-1-i points and the
unranked ones share the points of the places left equally, i.e. each gets (n-1-k)/2 when k are
ranked (so ranking all but one is the same as a full ranking; totals may end in .5). An empty
ballot counts for turnout only.

Ties are shown, not broken. Schulze (winning votes): ``a`` beats ``b`` when the strongest path
from a to b is stronger than the one back. The order is built in layers: first every candidate
no one beats, then every candidate no one left beats, and so on; a layer shares one rank. So
a candidate ranks above another it beats, and equal ranks never beat each other. (Rarely, two
candidates in different layers beat neither one another; use ``RankedResult.beats`` to tell.)
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable, Iterable, Sequence

from bot.tally.common import check_candidates, competition_ranks, select, turnout
from bot.tally.types import RankedBallot, RankedResult, Standing
from bot.tally.validate import validate_ranked


def pairwise_matrix(rankings: Iterable[Sequence[int]], n: int) -> list[list[int]]:
    """``d[i][j]``: how many rankings (of candidate indices 0..n-1) prefer i to j.

    O(B·C²) bit work in O(B·C) Python steps: each row of ``d`` is kept packed in one integer
    with a field of ``w`` bits per candidate (``w`` bits hold the number of ballots, so no
    field overflows into the next). A ranked candidate's row gets the set of candidates below
    it (ranked later or unranked) added in one big-integer addition; walking a ranking from
    the bottom up, that set grows by one candidate per step. Identical rankings are counted
    once with their weight.
    """
    counted = Counter(tuple(r) for r in rankings)
    width = max(1, sum(counted.values()).bit_length())
    unit = [1 << (width * c) for c in range(n)]
    everyone = sum(unit)
    packed = [0] * n
    for ranking, weight in counted.items():
        if not ranking:
            continue
        below = everyone - sum(unit[c] for c in ranking)  # the unranked ones
        for c in reversed(ranking):
            packed[c] += below * weight
            below += unit[c]
    field = (1 << width) - 1
    return [[(row >> (width * j)) & field for j in range(n)] for row in packed]


def strongest_paths(d: Sequence[Sequence[int]]) -> list[list[int]]:
    """Schulze strongest-path strengths from the pairwise matrix (widest path, O(C³)).

    A direct link i→j has strength ``d[i][j]`` when i wins that pair, else 0; a path is as
    strong as its weakest link (Floyd–Warshall with max/min).
    """
    n = len(d)
    p = [[d[i][j] if i != j and d[i][j] > d[j][i] else 0 for j in range(n)] for i in range(n)]
    for k in range(n):
        row_k = p[k]
        for i in range(n):
            via = p[i][k]
            if i == k or via == 0:
                continue  # no path i→k, so going through k cannot widen anything
            # p[i][j] = max(p[i][j], min(via, p[k][j])), one comprehension per row: through k
            # only helps where both legs are wider than what i→j already has.
            row_i = [
                (via if y > via else y) if y > x and via > x else x
                for x, y in zip(p[i], row_k, strict=True)
            ]
            row_i[i] = 0
            p[i] = row_i
    return p


def schulze_layers(p: Sequence[Sequence[int]]) -> list[list[int]]:
    """Indices in layers, best first: each layer is what no remaining candidate beats."""
    remaining = list(range(len(p)))
    layers: list[list[int]] = []
    while remaining:
        layer = [i for i in remaining if not any(p[j][i] > p[i][j] for j in remaining if j != i)]
        if not layer:  # cannot happen: Schulze's relation is transitive
            raise AssertionError("Schulze relation has a cycle")
        layers.append(layer)
        taken = set(layer)
        remaining = [i for i in remaining if i not in taken]
    return layers


def borda_doubled(rankings: Iterable[Sequence[int]], n: int) -> list[int]:
    """Twice the Borda points per candidate index (doubled so that shared points stay whole)."""
    totals = [0] * n
    for ranking in rankings:
        k = len(ranking)
        if k == 0:
            continue
        for pos, c in enumerate(ranking):
            totals[c] += 2 * (n - 1 - pos)
        if k < n:
            listed = set(ranking)
            for c in range(n):
                if c not in listed:
                    totals[c] += n - 1 - k
    return totals


def _borda_standings(cands: Sequence[int], doubled: Sequence[int]) -> tuple[Standing, ...]:
    order = sorted(range(len(cands)), key=lambda i: -doubled[i])
    ranks = competition_ranks([doubled[i] for i in order])
    return tuple(
        Standing(cands[i], r, doubled[i] // 2 if doubled[i] % 2 == 0 else doubled[i] / 2)
        for i, r in zip(order, ranks, strict=True)
    )


def tally_ranked(
    ballots: Iterable[RankedBallot],
    candidates: Sequence[int],
    *,
    eligible: int | None = None,
    quorum: float | None = None,
    subset: Callable[[RankedBallot], bool] | None = None,
) -> RankedResult:
    """Schulze order (``standings``; ``total`` = candidates beaten) and Borda count (``borda``).

    Every ballot is validated; see the module docstring for partial rankings and ties.
    """
    cands = check_candidates(candidates)
    chosen = select(ballots, subset)
    index = {c: i for i, c in enumerate(cands)}
    rankings = []
    for ballot in chosen:
        validate_ranked(ballot, index, allow_empty=True)
        rankings.append(tuple(index[c] for c in ballot.ranking))
    n = len(cands)
    d = pairwise_matrix(rankings, n)
    p = strongest_paths(d)
    standings: list[Standing] = []
    for layer in schulze_layers(p):
        rank = len(standings) + 1
        for i in layer:
            wins = sum(1 for j in range(n) if p[i][j] > p[j][i])
            standings.append(Standing(cands[i], rank, wins))
    return RankedResult(
        standings=tuple(standings),
        borda=_borda_standings(cands, borda_doubled(rankings, n)),
        turnout=turnout(len(chosen), eligible, quorum),
        candidates=cands,
        pairwise=tuple(tuple(row) for row in d),
        strongest=tuple(tuple(row) for row in p),
    )
