"""Consent vote: yes / no / abstain on one measure or a package of measures."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence

from bot.tally.common import select, turnout
from bot.tally.types import Consent, ConsentBallot, ConsentResult
from bot.tally.validate import validate_consent


def tally_consent(
    ballots: Iterable[ConsentBallot],
    subject: Sequence[int] | int = (),
    *,
    eligible: int | None = None,
    quorum: float | None = None,
    subset: Callable[[ConsentBallot], bool] | None = None,
) -> ConsentResult:
    """Count yes, no and abstain. The majority is yes > no among valid votes (abstentions do
    not count for it); quorum counts every ballot cast, abstentions included.
    """
    chosen = select(ballots, subset)
    counts = dict.fromkeys(Consent, 0)
    for ballot in chosen:
        counts[validate_consent(ballot)] += 1
    return ConsentResult(
        subject=(subject,) if isinstance(subject, int) else tuple(subject),
        yes=counts[Consent.YES],
        no=counts[Consent.NO],
        abstain=counts[Consent.ABSTAIN],
        turnout=turnout(len(chosen), eligible, quorum),
        majority=counts[Consent.YES] > counts[Consent.NO],
    )
