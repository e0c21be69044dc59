"""How to vote in a round, with an example ballot made of its own measure numbers: said by the
round's announcement and notices (``commands/voting_*``) and by the reminder before it closes
(``bot/scheduling/content.py``), so that both give the same example."""

from __future__ import annotations

from collections.abc import Sequence

from bot.ballots import APPROVAL, CONSENT, DOT, RANKED, SCORE
from bot.i18n import N_, Translator

_VOTE_HINTS = {
    APPROVAL: N_(
        "Vote with /vote {number} followed by the measures you support, e.g. /vote {number} {example}."
    ),
    DOT: N_("Vote with /vote {number} measure=points, e.g. /vote {number} {example}."),
    RANKED: N_(
        "Vote with /vote {number} and your order, best first, e.g. /vote {number} {example}."
    ),
    SCORE: N_("Vote with /vote {number} measure=score (0 to 5), e.g. /vote {number} {example}."),
    CONSENT: N_("Vote with /vote {number} yes, /vote {number} no or /vote {number} abstain."),
}


def _example(
    method: str, numbers: Sequence[int], points: int | None = None, cap: int | None = None
) -> str:
    """An example ballot for the hint on how to vote, with the round's own numbers (and, in a
    dot round, within its points and the most on one measure, so that it can be sent)."""
    a, b = numbers[0], numbers[1] if len(numbers) > 1 else numbers[0]
    if method == DOT:
        points = points or 3
        cap = min(cap or points, points)
        if a == b:
            return f"{a}={min(2, cap)}"
        if cap >= 2 and points >= 3:
            return f"{a}=2 {b}=1"
        return f"{a}=1 {b}=1" if points >= 2 else f"{a}=1"
    return {
        APPROVAL: f"{a} {b}",
        RANKED: f"{b}>{a}",
        SCORE: f"{a}=4 {b}=2",
        CONSENT: "yes",
    }[method]


def vote_hint(
    tr: Translator,
    method: str,
    number: int,
    measures: Sequence[int],
    *,
    points: int | None = None,
    cap: int | None = None,
) -> str:
    """How to vote in round ``number``, with an example made of its ``measures`` (numbers);
    a dot round's ``points`` and ``cap`` (the most on one measure) come first."""
    hint = tr.t(_VOTE_HINTS[method], number=number, example=_example(method, measures, points, cap))
    if method != DOT or points is None:
        return hint
    budget = tr.tn(
        "Each voter has {n} point, at most {max} on one measure.",
        "Each voter has {n} points, at most {max} on one measure.",
        points,
        max=cap if cap is not None else points,
    )
    return f"{budget}\n{hint}"
