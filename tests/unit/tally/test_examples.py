"""The tallies against standard published worked examples."""

from bot.tally import RankedBallot, tally_ranked

A, B, C, D, E = 1, 2, 3, 4, 5
LETTERS = {"A": A, "B": B, "C": C, "D": D, "E": E}


def ballots_from(spec: list[tuple[int, str]], names: dict[str, int]) -> list[RankedBallot]:
    return [RankedBallot(tuple(names[x] for x in order)) for n, order in spec for _ in range(n)]


# Wikipedia, "Schulze method", worked example: 45 voters, 5 candidates.
WIKIPEDIA_SCHULZE = [
    (5, "ACBED"),
    (5, "ADECB"),
    (8, "BEDAC"),
    (3, "CABED"),
    (7, "CAEBD"),
    (2, "CBADE"),
    (7, "DCEBA"),
    (8, "EBADC"),
]


def test_wikipedia_schulze_example_orders_e_a_c_b_d() -> None:
    result = tally_ranked(ballots_from(WIKIPEDIA_SCHULZE, LETTERS), [A, B, C, D, E])

    assert [(s.candidate, s.rank) for s in result.standings] == [
        (E, 1),
        (A, 2),
        (C, 3),
        (B, 4),
        (D, 5),
    ]
    assert result.winners == (E,)
    assert result.turnout.cast == 45


def test_wikipedia_schulze_example_matrices_match_the_published_ones() -> None:
    result = tally_ranked(ballots_from(WIKIPEDIA_SCHULZE, LETTERS), [A, B, C, D, E])

    assert result.pairwise == (
        (0, 20, 26, 30, 22),
        (25, 0, 16, 33, 18),
        (19, 29, 0, 17, 24),
        (15, 12, 28, 0, 14),
        (23, 27, 21, 31, 0),
    )
    assert result.strongest == (
        (0, 28, 28, 30, 24),
        (25, 0, 28, 33, 24),
        (25, 29, 0, 29, 24),
        (25, 28, 28, 0, 24),
        (25, 28, 28, 31, 0),
    )


MEMPHIS, NASHVILLE, CHATTANOOGA, KNOXVILLE = 11, 12, 13, 14
CITIES = {"M": MEMPHIS, "N": NASHVILLE, "C": CHATTANOOGA, "K": KNOXVILLE}

# Wikipedia, "Borda count" (Tennessee capital), per 100 voters.
TENNESSEE = [(42, "MNCK"), (26, "NCKM"), (15, "CKNM"), (17, "KCNM")]


def test_tennessee_borda_count_nashville_wins_with_published_totals() -> None:
    result = tally_ranked(
        ballots_from(TENNESSEE, CITIES), [MEMPHIS, NASHVILLE, CHATTANOOGA, KNOXVILLE]
    )

    assert [(s.candidate, s.rank, s.total) for s in result.borda] == [
        (NASHVILLE, 1, 194),
        (CHATTANOOGA, 2, 173),
        (MEMPHIS, 3, 126),
        (KNOXVILLE, 4, 107),
    ]
    # Nashville is also the Condorcet winner, so Schulze agrees on the winner.
    assert result.winners == (NASHVILLE,)
