"""Which status changes of a measure are allowed without ``force``.

A measure moves forward proposed → shortlisted → adopted → in_progress → done; it may be
postponed or dropped on the way and brought back. ``done`` needs ``adopted`` or ``in_progress``
first; leaving ``done`` again is a correction that only a coordinator makes (with ``force``).
"""

from __future__ import annotations

from bot.i18n import N_
from bot.statuses import ADOPTED, DONE, DROPPED, IN_PROGRESS, POSTPONED, PROPOSED, SHORTLISTED

ALLOWED: dict[str, frozenset[str]] = {
    PROPOSED: frozenset({SHORTLISTED, ADOPTED, POSTPONED, DROPPED}),
    SHORTLISTED: frozenset({PROPOSED, ADOPTED, POSTPONED, DROPPED}),
    ADOPTED: frozenset({IN_PROGRESS, DONE, POSTPONED, DROPPED}),
    IN_PROGRESS: frozenset({DONE, POSTPONED, DROPPED}),
    POSTPONED: frozenset({PROPOSED, SHORTLISTED, ADOPTED, IN_PROGRESS, DROPPED}),
    DROPPED: frozenset({PROPOSED}),
    DONE: frozenset(),
}


def allowed(old: str, new: str) -> bool:
    """True when ``old`` → ``new`` is an ordinary step (no ``force`` needed)."""
    return new in ALLOWED.get(old, frozenset())


def next_steps(old: str) -> list[str]:
    """The statuses reachable from ``old`` without ``force``, in life-cycle order."""
    order = (PROPOSED, SHORTLISTED, ADOPTED, IN_PROGRESS, DONE, POSTPONED, DROPPED)
    return [s for s in order if s in ALLOWED.get(old, frozenset())]


def steps_between(old: str, new: str) -> list[str]:
    """The statuses a measure passes on the shortest way from ``old`` to ``new`` by ordinary
    steps, both left out (shortlisted → done: [adopted]); [] when ``new`` is a step from
    ``old`` or cannot be reached without ``force``."""
    order = (PROPOSED, SHORTLISTED, ADOPTED, IN_PROGRESS, DONE, POSTPONED, DROPPED)
    came_from: dict[str, str] = {old: old}
    frontier = [old]
    while frontier and new not in came_from:
        later = []
        for status in frontier:
            for step in order:
                if step in ALLOWED.get(status, frozenset()) and step not in came_from:
                    came_from[step] = status
                    later.append(step)
        frontier = later
    if new not in came_from:
        return []
    way = []
    status = came_from[new]
    while status != old:
        way.append(status)
        status = came_from[status]
    return way[::-1]


# What a youth representative may report on a measure she is responsible for, once the
# steering group adopted it; every other status is the group's decision.
YOUTH_REPORTS = (IN_PROGRESS, DONE)
YOUTH_WAITS = N_(
    "Measure {number} is {status}: the steering group decides first whether it goes "
    "ahead. Then you can report on it."
)


def youth_steps(status: str) -> list[str]:
    """The statuses a youth representative may report for her measure in ``status`` (none
    before it is adopted, nor while postponed)."""
    if status not in (ADOPTED, IN_PROGRESS):
        return []
    return [s for s in YOUTH_REPORTS if allowed(status, s)]
