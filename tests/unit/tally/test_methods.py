"""Approval, dot, score, consent and ranked tallies on small hand-made rounds."""

import pytest

from bot.tally import (
    ApprovalBallot,
    Consent,
    ConsentBallot,
    DotBallot,
    RankedBallot,
    ScoreBallot,
    default_points,
    dot_rules,
    in_group,
    tally,
    tally_approval,
    tally_consent,
    tally_dot,
    tally_ranked,
    tally_score,
)


def ranks(result) -> list[tuple[int, int]]:
    return [(s.candidate, s.rank) for s in result.standings]


def test_approval_counts_ticks_and_shows_ties_as_shared_ranks() -> None:
    ballots = [
        ApprovalBallot(frozenset({1, 2})),
        ApprovalBallot(frozenset({2, 3})),
        ApprovalBallot(frozenset({1, 2, 3})),
        ApprovalBallot(frozenset()),
    ]
    result = tally_approval(ballots, [1, 2, 3, 4])

    assert [(s.candidate, s.rank, s.total) for s in result.standings] == [
        (2, 1, 3),
        (1, 2, 2),
        (3, 2, 2),
        (4, 4, 0),
    ]
    assert result.turnout.cast == 4  # the empty ballot took part


def test_ties_are_listed_in_round_order() -> None:
    result = tally_approval([ApprovalBallot(frozenset({7, 3}))], [7, 5, 3])
    assert ranks(result) == [(7, 1), (3, 1), (5, 3)]


def test_dot_defaults_half_the_candidates_rounded_up_at_most_ten() -> None:
    sizes = (1, 2, 3, 4, 5, 19, 20, 21, 50)
    assert [default_points(n) for n in sizes] == [1, 1, 2, 2, 3, 10, 10, 10, 10]
    assert dot_rules(7) == (4, 4)
    assert dot_rules(7, points=6, max_per_candidate=2) == (6, 2)


def test_dot_sums_points_and_reports_rules() -> None:
    ballots = [DotBallot({1: 2, 2: 1}), DotBallot({2: 3}), DotBallot({3: 1, 1: 1})]
    result = tally_dot(ballots, [1, 2, 3], points=3)

    assert [(s.candidate, s.rank, s.total) for s in result.standings] == [
        (2, 1, 4),
        (1, 2, 3),
        (3, 3, 1),
    ]
    assert (result.points_cast, result.points, result.max_per_candidate) == (8, 3, 3)


def test_score_gives_mean_and_median_and_unscored_candidates_rank_last() -> None:
    ballots = [
        ScoreBallot({1: 5, 2: 1}),
        ScoreBallot({1: 0, 2: 2}),
        ScoreBallot({1: 4, 2: 3}),
    ]
    result = tally_score(ballots, [1, 2, 3])

    first, second, third = result.standings
    top = (first.candidate, first.rank, first.mean, first.median, first.count)
    assert top == (1, 1, 3.0, 4.0, 3)
    assert (second.candidate, second.mean, second.median) == (2, 2.0, 2.0)
    last = (third.candidate, third.rank, third.mean, third.median, third.count)
    assert last == (3, 3, None, None, 0)


def test_score_ties_by_exact_mean() -> None:
    result = tally_score([ScoreBallot({1: 1, 2: 2}), ScoreBallot({1: 2, 2: 1})], [1, 2])
    assert ranks(result) == [(1, 1), (2, 1)]


def test_consent_majority_is_yes_over_no_abstentions_count_for_quorum() -> None:
    ballots = [ConsentBallot(v) for v in ["yes", "yes", "no", "abstain", "abstain"]]
    result = tally_consent(ballots, [4, 5, 6], eligible=10, quorum=50)

    assert (result.yes, result.no, result.abstain) == (2, 1, 2)
    assert result.subject == (4, 5, 6)
    assert result.majority and result.turnout.quorum_met and result.passed
    assert result.turnout.percent == 50.0


def test_consent_fails_without_quorum_or_on_a_tie() -> None:
    short = tally_consent([ConsentBallot(Consent.YES)], 4, eligible=10, quorum=50)
    assert short.majority and not short.turnout.quorum_met and not short.passed

    tie = tally_consent([ConsentBallot("yes"), ConsentBallot("no")], 4)
    assert not tie.majority and not tie.passed


def test_quorum_is_a_percentage_of_eligible_voters() -> None:
    one_of_three = [ApprovalBallot(frozenset({1}))]
    assert tally_approval(one_of_three, [1], eligible=3, quorum=100 / 3).turnout.quorum_met
    assert not tally_approval(one_of_three, [1], eligible=3, quorum=34).turnout.quorum_met
    assert tally_approval(one_of_three, [1]).turnout.quorum_met  # no quorum asked
    with pytest.raises(ValueError):
        tally_approval(one_of_three, [1], quorum=50)


def test_youth_vote_is_the_same_tally_on_the_tagged_ballots() -> None:
    ballots = [
        ApprovalBallot(frozenset({1}), group="youth"),
        ApprovalBallot(frozenset({1}), group="youth"),
        ApprovalBallot(frozenset({2})),
        ApprovalBallot(frozenset({2})),
        ApprovalBallot(frozenset({2})),
    ]
    everyone = tally_approval(ballots, [1, 2], eligible=10)
    youth = tally_approval(ballots, [1, 2], eligible=4, subset=in_group("youth"))

    assert everyone.standings[0].candidate == 2
    assert [(s.candidate, s.total) for s in youth.standings] == [(1, 2), (2, 0)]
    assert youth.turnout.cast == 2 and youth.turnout.percent == 50.0
    assert youth == tally_approval([b for b in ballots if b.group == "youth"], [1, 2], eligible=4)


def test_partial_ranking_puts_unranked_below_and_borda_shares_the_rest() -> None:
    result = tally_ranked([RankedBallot((3,))], [1, 2, 3, 4])

    assert ranks(result) == [(3, 1), (1, 2), (2, 2), (4, 2)]
    # 3 gets n-1 = 3 points; the three unranked share 2+1+0 = 3 points equally.
    assert [(s.candidate, s.total) for s in result.borda] == [(3, 3), (1, 1), (2, 1), (4, 1)]


def test_borda_half_points_when_shared_unevenly() -> None:
    result = tally_ranked([RankedBallot((1,))], [1, 2, 3])
    assert [(s.candidate, s.total) for s in result.borda] == [(1, 2), (2, 0.5), (3, 0.5)]


def test_schulze_cycle_is_a_tie() -> None:
    ballots = [RankedBallot((1, 2, 3)), RankedBallot((2, 3, 1)), RankedBallot((3, 1, 2))]
    result = tally_ranked(ballots, [1, 2, 3])
    assert ranks(result) == [(1, 1), (2, 1), (3, 1)]
    assert result.winners == (1, 2, 3)


def test_empty_ranked_ballots_only_count_for_turnout() -> None:
    result = tally_ranked([RankedBallot(()), RankedBallot((2, 1))], [1, 2])
    assert ranks(result) == [(2, 1), (1, 2)]
    assert [(s.candidate, s.total) for s in result.borda] == [(2, 1), (1, 0)]
    assert result.turnout.cast == 2


def test_tally_dispatches_by_method_name() -> None:
    result = tally("dot", [DotBallot({1: 2})], [1, 2, 3], points=2, eligible=3, quorum=30)
    assert result == tally_dot([DotBallot({1: 2})], [1, 2, 3], points=2, eligible=3, quorum=30)
    consent = tally("consent", [ConsentBallot("no")], [9])
    assert consent.subject == (9,) and not consent.passed
    with pytest.raises(ValueError):
        tally("plurality", [], [1])


def test_candidates_listed_twice_are_a_programming_error() -> None:
    with pytest.raises(ValueError):
        tally_approval([], [1, 1])


def test_no_ballots_gives_everyone_rank_one() -> None:
    for method in ("approval", "dot", "ranked", "score"):
        result = tally(method, [], [1, 2])
        assert [s.rank for s in result.standings] == [1, 1], method
        assert result.turnout.cast == 0
