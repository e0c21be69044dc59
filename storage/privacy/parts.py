"""The protocol every holder of personal data implements, and the one place that lists them.

A capability that stores something about a person adds a part (export, erase, maybe purge) and
one line to :func:`build_parts`. ``/mydata`` exports through every part, ``/forget`` and
``/remove … forget`` erase through every part, the daily job and ``steerbot db purge`` purge
through every part that has a ``purge``. See ``docs/privacy-parts.md``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from sqlalchemy.ext.asyncio import AsyncSession

if TYPE_CHECKING:
    from bot.config import Settings
    from bot.i18n import I18n


@dataclass(frozen=True)
class Retention:
    """How long things are kept (from the settings)."""

    event_ids: timedelta = timedelta(days=30)
    sent_reminders: timedelta = timedelta(days=365)
    closed_group_years: int = 3

    @classmethod
    def from_settings(cls, settings: Settings) -> Retention:
        return cls(
            event_ids=timedelta(days=settings.retain_event_ids_days),
            sent_reminders=timedelta(days=settings.retain_sent_reminders_days),
            closed_group_years=settings.retain_closed_group_years,
        )

    def closed_group_cutoff(self, now: datetime) -> datetime:
        """Groups closed before this instant have outlived their retention period."""
        year = now.year - self.closed_group_years
        try:
            return now.replace(year=year)
        except ValueError:  # 29 February in a year without one
            return now.replace(year=year, day=28)


@runtime_checkable
class PersonalDataPart(Protocol):
    """One kind of personal data (usually one table).

    ``name``: the key of this part in the export. ``title``: an English message id (``N_``)
    heading the part in the readable export.
    """

    name: str
    title: str

    async def export(self, session: AsyncSession, person_id: int) -> dict[str, Any]:
        """Everything this part holds about the person, JSON-ready (str, int, bool, lists,
        dicts) and nothing about anyone else. Empty dict when there is nothing."""
        ...

    async def erase(self, session: AsyncSession, person_id: int, now: datetime) -> None:
        """Delete or unlink everything this part holds about the person. Runs in the caller's
        transaction; parts run in :func:`build_parts` order, so names and identities (erased
        last) are still readable here (see ``storage.privacy.erasure.names_of``)."""
        ...


@runtime_checkable
class PurgingPart(Protocol):
    """A part that also forgets things on its own once their retention period is over."""

    async def purge(
        self, session: AsyncSession, now: datetime, retention: Retention
    ) -> dict[str, int]:
        """Delete what outlived its period; returns counts by what went (``{"x": 3}``)."""
        ...


def build_parts(i18n: I18n) -> tuple[PersonalDataPart, ...]:
    """Every part, in erase order: data that refers to a person first, the person last.

    To add a capability's personal data, add ONE line above the people parts (marked below).
    """
    from storage.privacy import (
        import_parts,
        lifecycle_parts,
        measure_parts,
        people_parts,
        reminder_parts,
        system_parts,
        voting_parts,
    )

    return (
        measure_parts.MeasuresPart(i18n),
        measure_parts.MeasureEventsPart(i18n),
        lifecycle_parts.MilestonesPart(i18n),
        lifecycle_parts.YouthIdeasPart(i18n),
        lifecycle_parts.YouthPreferencePart(),
        lifecycle_parts.LinkCodesPart(),
        voting_parts.BallotsPart(i18n),
        voting_parts.ParticipationsPart(),
        reminder_parts.RemindersPart(),
        reminder_parts.ReminderSettingsPart(),
        import_parts.ImportDraftsPart(),
        people_parts.GroupEventsPart(i18n),
        # ↑ add parts of other capabilities here (ballots, reminders, exports …) ↑
        system_parts.ProcessedEventsPart(),
        system_parts.SyncTokensPart(),
        people_parts.ErasureRequestsPart(),
        people_parts.InvitesPart(),
        people_parts.MembershipsPart(),
        people_parts.IdentitiesPart(),
        people_parts.PersonsPart(),
    )


def affected(result: object) -> int:
    """Rows a bulk ``delete()``/``update()`` touched (what a purge counts)."""
    return int(getattr(result, "rowcount", 0) or 0)
