"""Measure statuses, their names in both languages and the words people type for them."""

from __future__ import annotations

from bot.errors import CommandError
from bot.i18n import N_
from bot.parsing import fold

PROPOSED = "proposed"
SHORTLISTED = "shortlisted"
ADOPTED = "adopted"
IN_PROGRESS = "in_progress"
DONE = "done"
POSTPONED = "postponed"
DROPPED = "dropped"

STATUSES = (PROPOSED, SHORTLISTED, ADOPTED, IN_PROGRESS, DONE, POSTPONED, DROPPED)

STATUS_NAMES = {
    PROPOSED: N_("proposed"),
    SHORTLISTED: N_("shortlisted"),
    ADOPTED: N_("adopted"),
    IN_PROGRESS: N_("in progress"),
    DONE: N_("done"),
    POSTPONED: N_("postponed"),
    DROPPED: N_("dropped"),
}

_WORDS = {
    "proposed": PROPOSED,
    "vorgeschlagen": PROPOSED,
    "shortlisted": SHORTLISTED,
    "priorisiert": SHORTLISTED,
    "adopted": ADOPTED,
    "beschlossen": ADOPTED,
    "in_progress": IN_PROGRESS,
    "in-progress": IN_PROGRESS,
    "inprogress": IN_PROGRESS,
    "started": IN_PROGRESS,
    "in_umsetzung": IN_PROGRESS,
    "in-umsetzung": IN_PROGRESS,
    "umsetzung": IN_PROGRESS,
    "done": DONE,
    "umgesetzt": DONE,
    "erledigt": DONE,
    "postponed": POSTPONED,
    "verschoben": POSTPONED,
    "dropped": DROPPED,
    "verworfen": DROPPED,
}


def parse_status(text: str) -> str:
    """The status for a German or English word (``umgesetzt``, ``in_progress`` …)."""
    found = _WORDS.get(fold(text).replace(" ", "_"))
    if found is None:
        raise CommandError(
            N_(
                "Unknown status “{text}”. Possible: proposed, shortlisted, adopted, in_progress, "
                "done, postponed, dropped (or vorgeschlagen, priorisiert, beschlossen, "
                "in_umsetzung, umgesetzt, verschoben, verworfen)."
            ),
            text=text[:40],
        )
    return found
