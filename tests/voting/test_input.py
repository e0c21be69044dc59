"""Reading typed ballots (pure): every valid ballot reads back as typed; refusals say why."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.ballots import describe, from_content, named_in, renumbered, to_content
from bot.errors import InvalidValue
from bot.tally import Consent
from commands.voting_input import parse_ballot, parse_method

NUMBERS = [3, 5, 7, 9]
IDS = {n: n * 100 for n in NUMBERS}
BACK = {i: n for n, i in IDS.items()}


@given(st.lists(st.sampled_from(NUMBERS), min_size=1, unique=True))
def test_approval_round_trip(chosen: list[int]) -> None:
    ballot = parse_ballot("approval", [" ".join(map(str, chosen))], NUMBERS)
    content = to_content(ballot, IDS)
    assert describe("approval", content, BACK) == ", ".join(map(str, sorted(chosen)))
    assert from_content("approval", content).approved == frozenset(IDS[n] for n in chosen)


@given(st.permutations(NUMBERS).flatmap(lambda p: st.integers(1, len(p)).map(lambda k: p[:k])))
def test_ranked_round_trip(order: list[int]) -> None:
    ballot = parse_ballot("ranked", [">".join(map(str, order))], NUMBERS)
    assert describe("ranked", to_content(ballot, IDS), BACK) == " > ".join(map(str, order))


@given(st.dictionaries(st.sampled_from(NUMBERS), st.integers(1, 2), min_size=1, max_size=2))
def test_dot_round_trip(points: dict[int, int]) -> None:
    words = [f"{n}={p}" for n, p in points.items()]
    ballot = parse_ballot("dot", words, NUMBERS, points=4, max_per_candidate=2)
    assert describe("dot", to_content(ballot, IDS), BACK) == " ".join(words)


@pytest.mark.parametrize(
    ("method", "words", "reason"),
    [
        ("approval", ["3", "4"], "Measure 4 is not part of this round."),
        ("approval", ["drei"], "“drei” is not a measure number."),
        ("dot", ["3=2", "5=2", "7=1"], "You gave 5 points; your budget is 4."),
        (
            "dot",
            ["3=3"],
            "You gave 3 points to measure 3, but one measure may get at most 2.",
        ),
        ("dot", ["3=1", "3=1"], "You named measure 3 more than once."),
        ("dot", ["3=1,5"], "Please use whole numbers, not “3=1,5”."),
        ("dot", ["5=1", "3", "=", "1.5"], "Please use whole numbers, not “3 = 1.5”."),
        ("score", ["3=4,5", "5=1"], "Please use whole numbers, not “3=4,5”."),
        ("ranked", ["5>3>5"], "Your ranking names measure 5 more than once."),
        ("score", ["3=7"], "A score must be between 0 and 5; you gave 7 to measure 3."),
        ("score", ["3"], "Please give a score for each measure like 3=4"),
        ("consent", ["ja", "nein"], "Please answer with one word"),
        ("consent", ["vielleicht"], "Please answer yes, no or abstain"),
    ],
)
def test_invalid_ballots_say_why(method: str, words: list[str], reason: str) -> None:
    with pytest.raises(InvalidValue) as caught:
        parse_ballot(method, words, NUMBERS, points=4, max_per_candidate=2)
    assert reason in caught.value.message.format(**caught.value.params)


@pytest.mark.parametrize(
    "words",
    [["3=1,5=1"], ["3=1;", "5=1"], ["3=1,", "5"], ["3=1,", "5=1"], ["3", "=", "1", "5", "=", "1"]],
)
def test_pairs_may_be_separated_by_commas(words: list[str]) -> None:
    ballot = parse_ballot("dot", words, NUMBERS, points=4, max_per_candidate=2)
    assert describe("dot", to_content(ballot, IDS), BACK) == "3=1 5=1"


@pytest.mark.parametrize("words", [["3", "und", "5"], ["3", "and", "5"], ["3", "&", "5"]])
def test_approval_reads_past_joining_words(words: list[str]) -> None:
    ballot = parse_ballot("approval", words, NUMBERS)
    assert describe("approval", to_content(ballot, IDS), BACK) == "3, 5"


@pytest.mark.parametrize("word", ["ja", "JA", "yes", "Nein", "no", "Enthaltung", "abstain"])
def test_consent_words(word: str) -> None:
    assert parse_ballot("consent", [word], NUMBERS).value in set(Consent)


def test_method_words() -> None:
    assert parse_method("Punktabfrage") == "dot"
    assert parse_method("Rangfolge") == "ranked"
    # a yes/no decision by the words people use for it (Konsent is the sociocratic term)
    assert parse_method("Konsens") == parse_method("Konsent") == parse_method("Beschluss")
    assert parse_method("consensus") == "consent"
    with pytest.raises(InvalidValue):
        parse_method("lotto")


def test_stored_content_shown_by_number_keeps_unknown_ids_and_yes_no() -> None:
    numbers = {10: 1, 11: 2}
    assert renumbered({"ranking": [11, 10, 99]}, numbers) == {"ranking": [2, 1, 99]}
    assert renumbered({"points": [[11, 3], [10, 1]]}, numbers) == {"points": [[2, 3], [1, 1]]}
    assert renumbered({"value": "no"}, numbers) == {"value": "no"}
    assert named_in({"scores": [[10, 4]]}, [10, 11]) == {10}
    assert named_in({"value": "yes"}, [10, 11]) == {10, 11}
