"""Ballot checks that refuse with a clear reason (``bot.errors.InvalidValue``).

Each check takes the ballot and the round's candidates and raises on the first problem; the
message is an English message id (translated where shown) with its parameters.
"""

from __future__ import annotations

from collections.abc import Collection

from bot.errors import InvalidValue
from bot.i18n import N_
from bot.tally.types import (
    ApprovalBallot,
    Consent,
    ConsentBallot,
    DotBallot,
    RankedBallot,
    ScoreBallot,
)
from bot.values.text import shortened

SCORE_MIN = 0
SCORE_MAX = 5

MSG_EMPTY = N_("Your ballot is empty: please choose at least one measure.")
MSG_UNKNOWN = N_("Measure {candidate} is not part of this round.")
MSG_TWICE = N_("You named measure {candidate} more than once.")
MSG_RANK_REPEAT = N_("Your ranking names measure {candidate} more than once.")
MSG_TOO_MANY_POINTS = N_("You gave {given} points; your budget is {points}.")
MSG_OVER_MAX = N_(
    "You gave {given} points to measure {candidate}, but one measure may get at most {max}."
)
MSG_NEGATIVE = N_("Points cannot be negative (you gave {given} to measure {candidate}).")
MSG_SCORE_RANGE = N_(
    "A score must be between {low} and {high}; you gave {given} to measure {candidate}."
)
MSG_CONSENT = N_("Please answer yes, no or abstain (not “{given}”).")
MSG_POINTS_RULE = N_("The number of points must be at least 1 (not {given}).")
MSG_MAX_RULE = N_("The most points on one measure must be at least 1 (not {given}).")

# Answers read as consent values; German words because most groups vote in German.
_CONSENT_WORDS = {
    "yes": Consent.YES,
    "y": Consent.YES,
    "ja": Consent.YES,
    "j": Consent.YES,
    "no": Consent.NO,
    "n": Consent.NO,
    "nein": Consent.NO,
    "abstain": Consent.ABSTAIN,
    "abstention": Consent.ABSTAIN,
    "enthaltung": Consent.ABSTAIN,
    "enthalten": Consent.ABSTAIN,
}


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _check_known(candidate: object, candidates: Collection[int]) -> None:
    if not _is_int(candidate) or candidate not in candidates:
        raise InvalidValue(MSG_UNKNOWN, candidate=candidate)


def validate_approval(
    ballot: ApprovalBallot, candidates: Collection[int], *, allow_empty: bool = False
) -> None:
    """Refuse an approval ballot naming a candidate outside the round (or empty ones unless
    ``allow_empty``)."""
    if not ballot.approved and not allow_empty:
        raise InvalidValue(MSG_EMPTY)
    # Sorted so the same ballot always gets the same refusal.
    for candidate in sorted(ballot.approved, key=lambda c: (0, c) if _is_int(c) else (1, repr(c))):
        _check_known(candidate, candidates)


def validate_dot_rules(points: int, max_per_candidate: int) -> None:
    """Refuse a dot round whose points or per-candidate maximum is below 1."""
    if not _is_int(points) or points < 1:
        raise InvalidValue(MSG_POINTS_RULE, given=points)
    if not _is_int(max_per_candidate) or max_per_candidate < 1:
        raise InvalidValue(MSG_MAX_RULE, given=max_per_candidate)


def validate_dot(
    ballot: DotBallot,
    candidates: Collection[int],
    *,
    points: int,
    max_per_candidate: int,
    allow_empty: bool = False,
) -> None:
    """Refuse a dot ballot with unknown or repeated candidates, negative points, more than
    ``max_per_candidate`` on one candidate, more than ``points`` in all, or no points at all
    (unless ``allow_empty``). Spending fewer points than available is fine."""
    seen: set[int] = set()
    given = 0
    for candidate, value in ballot.points:
        _check_known(candidate, candidates)
        if candidate in seen:
            raise InvalidValue(MSG_TWICE, candidate=candidate)
        seen.add(candidate)
        if not _is_int(value) or value < 0:
            raise InvalidValue(MSG_NEGATIVE, given=value, candidate=candidate)
        if value > max_per_candidate:
            raise InvalidValue(
                MSG_OVER_MAX, given=value, candidate=candidate, max=max_per_candidate
            )
        given += value
    if given > points:
        raise InvalidValue(MSG_TOO_MANY_POINTS, given=given, points=points)
    if given == 0 and not allow_empty:
        raise InvalidValue(MSG_EMPTY)


def validate_ranked(
    ballot: RankedBallot, candidates: Collection[int], *, allow_empty: bool = False
) -> None:
    """Refuse a ranking with unknown or repeated candidates, or an empty one unless
    ``allow_empty``. A partial ranking is fine."""
    if not ballot.ranking and not allow_empty:
        raise InvalidValue(MSG_EMPTY)
    seen: set[int] = set()
    for candidate in ballot.ranking:
        _check_known(candidate, candidates)
        if candidate in seen:
            raise InvalidValue(MSG_RANK_REPEAT, candidate=candidate)
        seen.add(candidate)


def validate_score(
    ballot: ScoreBallot, candidates: Collection[int], *, allow_empty: bool = False
) -> None:
    """Refuse scores outside 0–5, unknown or repeated candidates, or an empty ballot unless
    ``allow_empty``. Leaving candidates unscored is fine."""
    if not ballot.scores and not allow_empty:
        raise InvalidValue(MSG_EMPTY)
    seen: set[int] = set()
    for candidate, score in ballot.scores:
        _check_known(candidate, candidates)
        if candidate in seen:
            raise InvalidValue(MSG_TWICE, candidate=candidate)
        seen.add(candidate)
        if not _is_int(score) or not SCORE_MIN <= score <= SCORE_MAX:
            raise InvalidValue(
                MSG_SCORE_RANGE, low=SCORE_MIN, high=SCORE_MAX, given=score, candidate=candidate
            )


def parse_consent(text: str) -> Consent:
    """Read a consent answer (yes/no/abstain, also German ja/nein/enthaltung) or refuse."""
    value = _CONSENT_WORDS.get(str(text).strip().lower())
    if value is None:
        raise InvalidValue(MSG_CONSENT, given=shortened(str(text), 40))
    return value


def validate_consent(ballot: ConsentBallot) -> Consent:
    """Refuse a consent ballot whose value is not yes, no or abstain; return the value."""
    if isinstance(ballot.value, Consent):
        return ballot.value
    if isinstance(ballot.value, str) and ballot.value in {c.value for c in Consent}:
        return Consent(ballot.value)
    raise InvalidValue(MSG_CONSENT, given=shortened(str(ballot.value), 40))
