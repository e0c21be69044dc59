"""Programme templates (facts shipped as data): fields of action, durations and steps."""

from __future__ import annotations

from dataclasses import dataclass

from bot.errors import CommandError
from bot.i18n import N_
from bot.parsing import fold


@dataclass(frozen=True)
class Programme:
    """A programme a town can join."""

    key: str
    title: str
    fields: tuple[str, ...]
    optional_fields: tuple[str, ...] = ()
    steps: tuple[str, ...] = ()
    certificate_years: int = 3


KFK = Programme(
    key="kfk",
    title="Kinderfreundliche Kommune",
    fields=(
        "Kindeswohlvorrang",
        "Kinderfreundliche Rahmenbedingungen",
        "Beteiligung",
        "Information",
    ),
    certificate_years=3,
)

FGK = Programme(
    key="fgk",
    title="Familiengerechte Kommune",
    fields=(
        "Steuerung, Vernetzung und Nachhaltigkeit",
        "Familie und Arbeitswelt, Betreuung",
        "Bildung und Erziehung",
        "Beratung und Unterstützung",
        "Wohnumfeld und Lebensqualität",
        "Senioren und Generationen",
    ),
    optional_fields=(
        "Prävention",
        "Inklusion",
        "Akzeptanz und Integration",
        "Familienzeitpolitik",
    ),
    steps=("Analysieren", "Austausch", "Anwendung", "Anerkennung", "Ausführung"),
    certificate_years=3,
)

CUSTOM = Programme(key="custom", title=N_("own programme"), fields=())  # the others: names

PROGRAMMES = {p.key: p for p in (KFK, FGK, CUSTOM)}


def programme(key: str) -> Programme:
    """The programme for ``key`` (``kfk``, ``fgk``, ``custom``)."""
    found = PROGRAMMES.get(fold(key))
    if found is None:
        raise CommandError(
            N_("Unknown programme “{name}”. Choose kfk, fgk or custom."), name=key[:40]
        )
    return found


def kfk_timeline(inhabitants: int) -> tuple[float, float]:
    """KFK (duration in years, action plan due in years after signing) by town size."""
    if inhabitants < 50_000:
        return 4.0, 1.0
    if inhabitants < 150_000:
        return 4.5, 1.5
    return 5.0, 2.0
