"""Reading what people type for rounds and ballots (pure: no database, no context).

Ballots are read against the measure *numbers* of a round, so a refusal names the number the
voter typed; :func:`bot.ballots.to_content` then turns a valid ballot into stored content keyed
by measure id.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

from bot.ballots import APPROVAL, CONSENT, DOT, RANKED, SCORE, Ballot, describe
from bot.errors import InvalidValue
from bot.i18n import N_, Translator
from bot.parsing import NUMBER_WORDS, figure_of, fold
from bot.tally import (
    ApprovalBallot,
    Consent,
    ConsentBallot,
    DotBallot,
    RankedBallot,
    ScoreBallot,
    parse_consent,
    validate_approval,
    validate_dot,
    validate_ranked,
    validate_score,
)
from bot.tally.validate import MSG_TWICE
from bot.values import parse_percent, shortened

# What people type for a method, German and English (folded).
METHOD_WORDS = {
    "approval": APPROVAL,
    "zustimmung": APPROVAL,
    "dot": DOT,
    "dots": DOT,
    "punkte": DOT,
    "punktabfrage": DOT,
    "ranked": RANKED,
    "ranking": RANKED,
    "rangfolge": RANKED,
    "score": SCORE,
    "bewertung": SCORE,
    "consent": CONSENT,
    "beschluss": CONSENT,
    "konsent": CONSENT,
    "konsens": CONSENT,
    "consensus": CONSENT,
}

METHOD_NAMES = {
    APPROVAL: N_("approval vote"),
    DOT: N_("dot voting"),
    RANKED: N_("ranking"),
    SCORE: N_("score vote"),
    CONSENT: N_("yes/no decision"),
}

MSG_NOT_NUMBER = N_("“{text}” is not a measure number.")
MSG_SCORE_FORM = N_("Please give a score for each measure like 3=4 (not “{text}”).")
MSG_POINTS_FORM = N_("Please give points as whole numbers like 3=2 (not “{text}”).")
MSG_CONSENT_ONE = N_("Please answer with one word: yes, no or abstain.")
MSG_METHOD = N_("Unknown voting method “{text}”. Possible: approval, dot, ranked, score, consent.")
MSG_QUORUM = N_(
    "A quorum must be more than 0 % and at most 100 % (not “{text}”), e.g. quorum=50%. "
    "Without quorum= a round has none."
)


_SPLIT = re.compile(r"[\s,;]+")
_PAIR = re.compile(r"^(?:#|nr\.?|nummer)?(\d{1,9})\s*[=:]\s*(-?\d{1,9})$", re.IGNORECASE)
# "3=2,5": a decimal comma (or point), not a second measure 5 with one point; "3=2,5=1" is
# two pairs and fine.
_FRACTION = re.compile(r"\d\s*[=:]\s*-?\d+[,.]\d+\b(?!\s*[=:])")
MSG_WHOLE = N_(
    "Please use whole numbers, not “{text}”. Separate measures with spaces, like 3=2 5=1."
)


# What people type after /round meaning another command ("/round close 2"): the command's
# hint instead of "unknown voting method".
_OTHER_ROUND_COMMANDS = {
    "close": N_("A round is closed with /close {number}."),
    "schliessen": N_("A round is closed with /close {number}."),
    "beenden": N_("A round is closed with /close {number}."),
    "end": N_("A round is closed with /close {number}."),
    "results": N_("/results {number} shows a round's result."),
    "result": N_("/results {number} shows a round's result."),
    "ergebnis": N_("/results {number} shows a round's result."),
    "ergebnisse": N_("/results {number} shows a round's result."),
}


def parse_method(text: str, following: Sequence[str] = ()) -> str:
    """The method for a German or English word, or a refusal listing the methods (or, for
    "/round close 2", naming the command meant; ``following``: the words after it)."""
    folded = fold(text)
    found = METHOD_WORDS.get(folded)
    if found is None and folded in _OTHER_ROUND_COMMANDS:
        number = following[0].lstrip("#") if following else ""
        raise InvalidValue(
            _OTHER_ROUND_COMMANDS[folded], number=number if number.isdecimal() else "<n>"
        )
    if found is None:
        raise InvalidValue(MSG_METHOD, text=text[:40])
    return found


def parse_quorum(text: str) -> int:
    """A round's quorum, the percentage of its voters who must vote: more than 0 (a quorum of
    nobody would be none, and say one anyway), at most 100."""
    try:
        value = parse_percent(text)
    except InvalidValue:
        value = 0
    if not value:
        raise InvalidValue(MSG_QUORUM, text=shortened(text, 40))
    return value


def _number(text: str) -> int:
    value = figure_of(text) or ""  # "3", "#3", "Nr.3", "3."
    if not value.isdecimal() or len(value) > 9:
        raise InvalidValue(MSG_NOT_NUMBER, text=text[:40])
    return int(value)


# Joining words people put between measures: "2 und 4", "1 and 3".
_FILLERS = frozenset({"und", "and", "&", "+"})
# "3 = 2" as people space it: one pair, like "3=2".
_SPACED_PAIR = re.compile(r"\s*([=:])\s*")


def _words(words: Sequence[str]) -> list[str]:
    text = _SPACED_PAIR.sub(r"\1", " ".join(words))
    return [
        w
        for w in _SPLIT.split(text)
        if w and w.lower() not in _FILLERS and w.casefold() not in NUMBER_WORDS  # "Nr. 3"
    ]


def _pairs(words: Sequence[str], *, bare: int | None) -> list[tuple[int, int]]:
    """``3=2 5=1`` → pairs; a bare number counts ``bare`` (or is refused when None)."""
    fraction = _FRACTION.search(" ".join(words))
    if fraction:
        raise InvalidValue(MSG_WHOLE, text=fraction[0][:40])
    pairs = []
    for word in _words(words):
        match = _PAIR.match(word)
        if match:
            pairs.append((int(match[1]), int(match[2])))
        elif bare is not None and not re.search(r"[=:]", word):
            pairs.append((_number(word), bare))
        elif bare is not None:
            raise InvalidValue(MSG_POINTS_FORM, text=word[:40])
        else:
            raise InvalidValue(MSG_SCORE_FORM, text=word[:40])
    return pairs


def parse_ballot(
    method: str,
    words: Sequence[str],
    numbers: Sequence[int],
    *,
    points: int | None = None,
    max_per_candidate: int | None = None,
) -> Ballot:
    """Read and validate a ballot typed as words, against the round's measure numbers.

    approval ``3 5 7``; dot ``3=2 5=1`` (a bare number is one point); ranked ``5>3>7`` (or in
    order with spaces); score ``3=4 5=1``; consent ``yes``/``no``/``abstain`` (German too).
    Raises :class:`InvalidValue` with the reason.
    """
    if method == APPROVAL:
        typed = [_number(w) for w in _words(words)]
        approval = ApprovalBallot(frozenset(typed))
        validate_approval(approval, numbers)
        # A measure named twice is refused, as in every other method: "1 2 2" may be a slip
        # for "1 2 3", and the voter should see it rather than find a 3 missing.
        repeated = next((n for i, n in enumerate(typed) if n in typed[:i]), None)
        if repeated is not None:
            raise InvalidValue(MSG_TWICE, candidate=repeated)
        return approval
    if method == DOT:
        assert points is not None and max_per_candidate is not None
        dot = DotBallot(tuple(_pairs(words, bare=1)))
        validate_dot(dot, numbers, points=points, max_per_candidate=max_per_candidate)
        return dot
    if method == RANKED:
        ranked = RankedBallot(
            tuple(_number(w) for w in _words([" ".join(words).replace(">", " ")]))
        )
        validate_ranked(ranked, numbers)
        return ranked
    if method == SCORE:
        score = ScoreBallot(tuple(_pairs(words, bare=None)))
        validate_score(score, numbers)
        return score
    if len(_words(words)) != 1:
        raise InvalidValue(MSG_CONSENT_ONE)
    return ConsentBallot(parse_consent(_words(words)[0]))


CONSENT_NAMES = {Consent.YES: N_("Yes"), Consent.NO: N_("No"), Consent.ABSTAIN: N_("Abstain")}


def shown_ballot(
    tr: Translator,
    method: str,
    content: Mapping[str, Any],
    numbers: Mapping[int, int] | None = None,
) -> str:
    """A stored ballot for people: as typed, and a yes/no answer in the reader's language."""
    if method == CONSENT:
        return tr.t(CONSENT_NAMES[Consent(content["value"])])
    return describe(method, content, numbers)


SPOKEN_TITLE_CHARS = 40  # of each measure's title in a confirmed ballot


#: The methods whose ballot :func:`spoken_ballot` confirms with each measure's title.
TITLED_BALLOTS = frozenset({APPROVAL, RANKED})


def spoken_ballot(
    tr: Translator,
    method: str,
    content: Mapping[str, Any],
    numbers: Mapping[int, int],
    titles: Mapping[int, str],
) -> str:
    """A ballot confirmed to its voter in words where the typed form is terse: points and
    scores name their measure ("measure 2: 3 points, measure 5: 2 points"); approval and
    ranking name each measure with its title (``titles``, by measure id), a ranking in order
    ("1. measure 4 “Skatepark”, 2. measure 1 “Playground”")."""

    def named(c: int) -> str:
        return tr.t(
            N_("measure {number} “{title}”"),
            number=numbers[c],
            title=shortened(titles[c], SPOKEN_TITLE_CHARS),
        )

    if method == APPROVAL and content["approved"]:  # as in TITLED_BALLOTS
        return ", ".join(named(c) for c in content["approved"])
    if method == RANKED and content["ranking"]:
        return ", ".join(f"{i}. {named(c)}" for i, c in enumerate(content["ranking"], 1))
    if method == DOT:
        return ", ".join(
            tr.tn(
                "measure {number}: {n} point", "measure {number}: {n} points", v, number=numbers[c]
            )
            for c, v in content["points"]
        )
    if method == SCORE:
        return ", ".join(
            tr.t(N_("measure {number}: score {score}"), number=numbers[c], score=v)
            for c, v in content["scores"]
        )
    return shown_ballot(tr, method, content, numbers)


SECRET_HINT = N_(
    "This round is secret: send your vote to me in a private chat. Your ballot is stored "
    "without your name; it cannot be changed once cast."
)
