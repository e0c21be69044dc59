"""Invalid ballots are refused with a clear, translated reason."""

from pathlib import Path
from string import Formatter

import pytest
from babel.messages.pofile import read_po

from bot.errors import InvalidValue
from bot.i18n import I18n
from bot.tally import (
    ApprovalBallot,
    Consent,
    ConsentBallot,
    DotBallot,
    RankedBallot,
    ScoreBallot,
    dot_rules,
    parse_consent,
    tally_dot,
    tally_ranked,
    tally_score,
    validate_approval,
    validate_consent,
    validate_dot,
    validate_ranked,
    validate_score,
)
from bot.tally import validate as v

ROUND = [1, 2, 3, 4]


def refusal(call, *args, **kwargs) -> InvalidValue:
    with pytest.raises(InvalidValue) as info:
        call(*args, **kwargs)
    return info.value


def test_too_many_points() -> None:
    err = refusal(validate_dot, DotBallot({1: 2, 2: 2}), ROUND, points=3, max_per_candidate=3)
    assert err.message == "You gave {given} points; your budget is {points}."
    assert err.params == {"given": 4, "points": 3}


def test_more_than_max_on_one_candidate() -> None:
    err = refusal(validate_dot, DotBallot({1: 3}), ROUND, points=4, max_per_candidate=2)
    assert err.message == v.MSG_OVER_MAX
    assert err.params == {"given": 3, "candidate": 1, "max": 2}


def test_negative_points() -> None:
    err = refusal(validate_dot, DotBallot({1: 3, 2: -1}), ROUND, points=4, max_per_candidate=4)
    assert err.message == v.MSG_NEGATIVE
    assert err.params == {"given": -1, "candidate": 2}


def test_fewer_points_than_available_is_fine() -> None:
    validate_dot(DotBallot({1: 1}), ROUND, points=4, max_per_candidate=4)


def test_unknown_candidate_in_every_method() -> None:
    cases = [
        (validate_approval, ApprovalBallot(frozenset({1, 9})), {}),
        (validate_dot, DotBallot({9: 1}), {"points": 2, "max_per_candidate": 2}),
        (validate_ranked, RankedBallot((2, 9)), {}),
        (validate_score, ScoreBallot({9: 3}), {}),
    ]
    for check, ballot, kwargs in cases:
        err = refusal(check, ballot, ROUND, **kwargs)
        assert err.message == "Measure {candidate} is not part of this round."
        assert err.params == {"candidate": 9}


def test_ranking_with_repeats() -> None:
    err = refusal(validate_ranked, RankedBallot((1, 2, 1)), ROUND)
    assert err.message == v.MSG_RANK_REPEAT and err.params == {"candidate": 1}


def test_candidate_named_twice_in_pairs() -> None:
    err = refusal(validate_dot, DotBallot(((1, 1), (1, 1))), ROUND, points=4, max_per_candidate=4)
    assert err.message == v.MSG_TWICE and err.params == {"candidate": 1}
    err = refusal(validate_score, ScoreBallot(((2, 1), (2, 5))), ROUND)
    assert err.message == v.MSG_TWICE and err.params == {"candidate": 2}


@pytest.mark.parametrize("score", [7, -1, 6])
def test_score_out_of_range(score: int) -> None:
    err = refusal(validate_score, ScoreBallot({3: score}), ROUND)
    assert err.message == v.MSG_SCORE_RANGE
    assert err.params == {"low": 0, "high": 5, "given": score, "candidate": 3}


def test_consent_value_not_yes_no_abstain() -> None:
    err = refusal(validate_consent, ConsentBallot("maybe"))
    assert err.message == v.MSG_CONSENT and err.params == {"given": "maybe"}
    assert validate_consent(ConsentBallot("abstain")) is Consent.ABSTAIN
    assert parse_consent(" Ja ") is Consent.YES
    assert parse_consent("Enthaltung") is Consent.ABSTAIN
    assert parse_consent("no") is Consent.NO
    assert refusal(parse_consent, "vielleicht").params == {"given": "vielleicht"}


def test_empty_ballot_where_not_allowed() -> None:
    for check, ballot, kwargs in [
        (validate_approval, ApprovalBallot(frozenset()), {}),
        (validate_dot, DotBallot({}), {"points": 2, "max_per_candidate": 2}),
        (validate_dot, DotBallot({1: 0}), {"points": 2, "max_per_candidate": 2}),
        (validate_ranked, RankedBallot(()), {}),
        (validate_score, ScoreBallot({}), {}),
    ]:
        assert refusal(check, ballot, ROUND, **kwargs).message == v.MSG_EMPTY
        check(ballot, ROUND, allow_empty=True, **kwargs)


def test_bad_dot_rules() -> None:
    assert refusal(dot_rules, 5, points=0).message == v.MSG_POINTS_RULE
    assert refusal(dot_rules, 5, points=3, max_per_candidate=0).message == v.MSG_MAX_RULE


def test_tallies_refuse_invalid_ballots_instead_of_counting_them() -> None:
    with pytest.raises(InvalidValue):
        tally_dot([DotBallot({1: 5})], ROUND, points=2)
    with pytest.raises(InvalidValue):
        tally_ranked([RankedBallot((1, 1))], ROUND)
    with pytest.raises(InvalidValue):
        tally_score([ScoreBallot({1: 7})], ROUND)


def placeholders(text: str) -> set[str]:
    return {name for _, name, _, _ in Formatter().parse(text) if name}


MESSAGES = [value for name, value in vars(v).items() if name.startswith("MSG_")]
LOCALE = Path(v.__file__).parents[1] / "locale"


@pytest.mark.parametrize("lang", ["de", "en"])
def test_every_message_is_in_both_catalogues(lang: str) -> None:
    with (LOCALE / lang / "tally.po").open("rb") as fh:
        catalog = read_po(fh, locale=lang)
    ids = {m.id for m in catalog if m.id}
    assert set(MESSAGES) == ids
    for msg in catalog:
        if msg.id:
            assert msg.string, msg.id
            assert placeholders(msg.string) == placeholders(msg.id), msg.id
            if lang == "en":
                assert msg.string == msg.id


def test_refusal_reads_in_german_with_its_parameters() -> None:
    err = refusal(validate_dot, DotBallot({1: 2, 2: 2}), ROUND, points=3, max_per_candidate=3)
    text = I18n()("de").t(err.message, **err.params)
    assert text == "Sie haben 4 Punkte vergeben; Ihr Punktebudget ist 3."
    err = refusal(validate_ranked, RankedBallot((1, 2, 1)), ROUND)
    assert I18n()("de").t(err.message, **err.params) == (
        "Ihre Rangfolge nennt Maßnahme 1 mehr als einmal."
    )
