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
#: Measures whose dates rest: no nudges, never overdue, not in the calendar. Done and dropped
#: for good; postponed until the group takes the measure up again.
RESTING = (DONE, POSTPONED, DROPPED)

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
    "angenommen": ADOPTED,
    "in_progress": IN_PROGRESS,
    "in-progress": IN_PROGRESS,
    "inprogress": IN_PROGRESS,
    "started": IN_PROGRESS,
    "in_umsetzung": IN_PROGRESS,
    "in-umsetzung": IN_PROGRESS,
    "umsetzung": IN_PROGRESS,
    "in_arbeit": IN_PROGRESS,
    "begonnen": IN_PROGRESS,
    "gestartet": IN_PROGRESS,
    "laeuft": IN_PROGRESS,
    "lauft": IN_PROGRESS,
    "laufend": IN_PROGRESS,
    "in_bearbeitung": IN_PROGRESS,
    "done": DONE,
    "umgesetzt": DONE,
    "erledigt": DONE,
    "fertig": DONE,
    "abgeschlossen": DONE,
    "completed": DONE,
    "finished": DONE,
    "postponed": POSTPONED,
    "verschoben": POSTPONED,
    "vertagt": POSTPONED,
    "zuruckgestellt": POSTPONED,
    "zurueckgestellt": POSTPONED,
    "pausiert": POSTPONED,
    "on_hold": POSTPONED,
    "deferred": POSTPONED,
    "dropped": DROPPED,
    "verworfen": DROPPED,
    "abgelehnt": DROPPED,
    "gestrichen": DROPPED,
    "rejected": DROPPED,
    "cancelled": DROPPED,
    "canceled": DROPPED,
}


def parse_status(text: str) -> str:
    """The status for a German or English word (``umgesetzt``, ``in_progress`` …)."""
    found = _WORDS.get(fold(text).rstrip("!.,;:").replace(" ", "_"))  # "Erledigt!"
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


def status_and_note(word: str, rest: str) -> tuple[str, str]:
    """The status and the note of ``/status <n> <status> [note]``, where the status may be two
    words (``in Umsetzung``, ``in Arbeit``, ``in progress``): those take the note's first word."""
    first, _, after = rest.strip().partition(" ")
    if first and fold(f"{word} {first}").replace(" ", "_") in _WORDS:
        return parse_status(f"{word} {first}"), after.strip()
    return parse_status(word), rest
