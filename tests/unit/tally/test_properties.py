"""Properties of the tallies, checked on generated rounds (hypothesis)."""

from collections import Counter

from hypothesis import given, settings
from hypothesis import strategies as st

from bench.tally_bench import naive_pairwise, naive_strongest
from bot.errors import InvalidValue
from bot.tally import (
    ApprovalBallot,
    Consent,
    ConsentBallot,
    DotBallot,
    RankedBallot,
    ScoreBallot,
    tally_approval,
    tally_consent,
    tally_dot,
    tally_ranked,
    tally_score,
    validate_dot,
)

# Same examples on every run and machine; no deadline, so a slow CI box cannot fail a test.
DETERMINISTIC = settings(derandomize=True, deadline=None, database=None)

CANDIDATES = st.lists(st.integers(1, 200), min_size=1, max_size=7, unique=True)


@st.composite
def ranked_round(draw, min_ballots: int = 0, max_ballots: int = 25):
    cands = draw(CANDIDATES)
    ranking = st.permutations(cands).flatmap(
        lambda order: st.integers(0, len(order)).map(lambda k: tuple(order[:k]))
    )
    rankings = draw(st.lists(ranking, min_size=min_ballots, max_size=max_ballots))
    return cands, [RankedBallot(r) for r in rankings]


@st.composite
def approval_round(draw):
    cands = draw(CANDIDATES)
    ballot = st.sets(st.sampled_from(cands)).map(lambda s: ApprovalBallot(frozenset(s)))
    return cands, draw(st.lists(ballot, max_size=30))


@st.composite
def dot_round(draw):
    cands = draw(CANDIDATES)
    points = draw(st.integers(1, 10))
    cap = draw(st.integers(1, points))

    @st.composite
    def ballot(draw2):
        left = points
        spent = {}
        for c in draw2(st.permutations(cands)):
            value = draw2(st.integers(0, min(cap, left)))
            spent[c] = value
            left -= value
        return DotBallot(spent)

    return cands, points, cap, draw(st.lists(ballot(), max_size=20))


@st.composite
def score_round(draw):
    cands = draw(CANDIDATES)
    scores = st.dictionaries(st.sampled_from(cands), st.integers(0, 5))
    return cands, draw(st.lists(scores.map(ScoreBallot), max_size=20))


CONSENT_BALLOTS = st.lists(st.sampled_from(list(Consent)).map(ConsentBallot), max_size=40)


def order(result) -> list[tuple[int, int]]:
    return sorted((s.candidate, s.rank) for s in result.standings)


def assert_competition_ranks(standings) -> None:
    ranks = [s.rank for s in standings]
    assert ranks == sorted(ranks)
    for s in standings:
        assert s.rank == 1 + sum(1 for t in standings if t.rank < s.rank)


@DETERMINISTIC
@given(ranked_round(min_ballots=1))
def test_a_condorcet_winner_wins_schulze(round_) -> None:
    cands, ballots = round_
    result = tally_ranked(ballots, cands)
    d = result.pairwise
    n = len(cands)
    for i in range(n):
        if all(d[i][j] > d[j][i] for j in range(n) if j != i):
            assert result.winners == (cands[i],)


@DETERMINISTIC
@given(ranked_round(), st.data())
def test_a_forced_condorcet_winner_wins_schulze(round_, data) -> None:
    cands, ballots = round_
    favourite = data.draw(st.sampled_from(cands))
    # More ballots ranking the favourite first than all others: it wins every pair.
    ballots = ballots + [RankedBallot((favourite,))] * (len(ballots) + 1)
    assert tally_ranked(ballots, cands).winners == (favourite,)


@DETERMINISTIC
@given(ranked_round())
def test_schulze_ranking_is_a_weak_order_consistent_with_strongest_paths(round_) -> None:
    cands, ballots = round_
    result = tally_ranked(ballots, cands)
    assert sorted(s.candidate for s in result.standings) == sorted(cands)
    assert_competition_ranks(result.standings)
    rank = {s.candidate: s.rank for s in result.standings}
    for a in cands:
        for b in cands:
            if a == b:
                continue
            if result.beats(a, b):
                assert rank[a] < rank[b]
                assert not result.beats(b, a)
            if rank[a] == rank[b]:
                assert not result.beats(a, b)
            for c in cands:  # Schulze's relation is transitive
                if result.beats(a, b) and result.beats(b, c):
                    assert result.beats(a, c)
    wins = {s.candidate: s.total for s in result.standings}
    assert all(wins[a] == sum(result.beats(a, b) for b in cands if b != a) for a in cands)


@DETERMINISTIC
@given(ranked_round())
def test_pairwise_and_strongest_paths_match_the_naive_reference(round_) -> None:
    cands, ballots = round_
    result = tally_ranked(ballots, cands)
    index = {c: i for i, c in enumerate(cands)}
    rankings = [tuple(index[c] for c in b.ranking) for b in ballots]
    d = naive_pairwise(rankings, len(cands))
    assert result.pairwise == tuple(map(tuple, d))
    assert result.strongest == tuple(map(tuple, naive_strongest(d)))


@DETERMINISTIC
@given(ranked_round())
def test_borda_points_add_up_to_the_points_handed_out(round_) -> None:
    cands, ballots = round_
    result = tally_ranked(ballots, cands)
    n = len(cands)
    voted = sum(1 for b in ballots if b.ranking)
    assert sum(s.total for s in result.borda) == voted * n * (n - 1) / 2
    assert_competition_ranks(result.borda)


@DETERMINISTIC
@given(ranked_round(), st.randoms(use_true_random=False))
def test_ballot_order_never_changes_a_ranked_result(round_, rnd) -> None:
    cands, ballots = round_
    shuffled = list(ballots)
    rnd.shuffle(shuffled)
    assert tally_ranked(shuffled, cands) == tally_ranked(ballots, cands)


@DETERMINISTIC
@given(ranked_round())
def test_counting_the_same_ballots_twice_keeps_the_schulze_order(round_) -> None:
    cands, ballots = round_
    once = tally_ranked(ballots, cands)
    twice = tally_ranked(ballots + ballots, cands)
    assert order(twice) == order(once)
    assert [s.candidate for s in twice.standings] == [s.candidate for s in once.standings]


@DETERMINISTIC
@given(approval_round(), st.randoms(use_true_random=False))
def test_approval_totals_count_approving_ballots_and_ignore_order(round_, rnd) -> None:
    cands, ballots = round_
    result = tally_approval(ballots, cands)
    for s in result.standings:
        assert s.total == sum(1 for b in ballots if s.candidate in b.approved)
    assert_competition_ranks(result.standings)
    shuffled = list(ballots)
    rnd.shuffle(shuffled)
    assert tally_approval(shuffled, cands) == result


@DETERMINISTIC
@given(dot_round(), st.randoms(use_true_random=False))
def test_dot_totals_sum_to_the_points_cast_and_ignore_order(round_, rnd) -> None:
    cands, points, cap, ballots = round_
    result = tally_dot(ballots, cands, points=points, max_per_candidate=cap)
    cast = sum(v for b in ballots for _, v in b.points)
    assert sum(s.total for s in result.standings) == result.points_cast == cast
    per_candidate = Counter()
    for b in ballots:
        per_candidate.update(dict(b.points))
    assert all(s.total == per_candidate[s.candidate] for s in result.standings)
    shuffled = list(ballots)
    rnd.shuffle(shuffled)
    assert tally_dot(shuffled, cands, points=points, max_per_candidate=cap) == result


@DETERMINISTIC
@given(score_round(), st.randoms(use_true_random=False))
def test_score_mean_and_median_stay_within_0_to_5_and_ignore_order(round_, rnd) -> None:
    cands, ballots = round_
    result = tally_score(ballots, cands)
    for s in result.standings:
        if s.count:
            assert 0 <= s.mean <= 5 and 0 <= s.median <= 5
        else:
            assert s.mean is None and s.median is None
    assert_competition_ranks(result.standings)
    means = [s.mean if s.mean is not None else -1 for s in result.standings]
    assert means == sorted(means, reverse=True)
    shuffled = list(ballots)
    rnd.shuffle(shuffled)
    assert tally_score(shuffled, cands) == result


@settings(DETERMINISTIC, max_examples=200)
@given(CONSENT_BALLOTS, st.integers(0, 20), st.integers(0, 100), st.floats(0, 100))
def test_abstentions_leave_the_majority_alone_but_count_for_quorum(
    ballots, abstentions, spare, quorum
) -> None:
    eligible = len(ballots) + abstentions + spare
    before = tally_consent(ballots, 1, eligible=eligible, quorum=quorum)
    more = ballots + [ConsentBallot(Consent.ABSTAIN)] * abstentions
    after = tally_consent(more, 1, eligible=eligible, quorum=quorum)

    assert after.majority == before.majority
    assert (after.yes, after.no) == (before.yes, before.no)
    assert after.turnout.cast == before.turnout.cast + abstentions
    assert after.turnout.quorum_met >= before.turnout.quorum_met
    assert after.turnout.quorum_met == (len(more) * 100 >= quorum * eligible)
    assert after.passed == (after.majority and after.turnout.quorum_met)


@DETERMINISTIC
@given(CONSENT_BALLOTS, st.randoms(use_true_random=False))
def test_ballot_order_never_changes_a_consent_result(ballots, rnd) -> None:
    shuffled = list(ballots)
    rnd.shuffle(shuffled)
    assert tally_consent(shuffled, 1, eligible=50, quorum=10) == tally_consent(
        ballots, 1, eligible=50, quorum=10
    )


@DETERMINISTIC
@given(
    st.dictionaries(st.integers(1, 5), st.integers(-3, 12), max_size=5),
    st.integers(1, 10),
    st.integers(1, 10),
)
def test_dot_validation_refuses_exactly_the_ballots_that_break_a_rule(spent, points, cap) -> None:
    breaks = (
        any(v < 0 or v > cap for v in spent.values())
        or sum(spent.values()) > points
        or sum(spent.values()) == 0
    )
    try:
        validate_dot(DotBallot(spent), [1, 2, 3, 4, 5], points=points, max_per_candidate=cap)
    except InvalidValue:
        refused = True
    else:
        refused = False
    assert refused == breaks
