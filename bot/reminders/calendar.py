"""German public holidays per state, read from the ``holidays`` package.

A group names its state (Bundesland) by its two-letter code; nudges are not sent on that
state's public holidays. Without a state only the holidays every state shares count.
"""

from __future__ import annotations

from datetime import date

import holidays

from bot.errors import InvalidValue
from bot.i18n import N_
from bot.values.text import search_key

#: The sixteen German states by their ISO 3166-2:DE code, with their German names.
STATES: dict[str, str] = {
    "BW": "Baden-Württemberg",
    "BY": "Bayern",
    "BE": "Berlin",
    "BB": "Brandenburg",
    "HB": "Bremen",
    "HH": "Hamburg",
    "HE": "Hessen",
    "MV": "Mecklenburg-Vorpommern",
    "NI": "Niedersachsen",
    "NW": "Nordrhein-Westfalen",
    "RP": "Rheinland-Pfalz",
    "SL": "Saarland",
    "SN": "Sachsen",
    "ST": "Sachsen-Anhalt",
    "SH": "Schleswig-Holstein",
    "TH": "Thüringen",
}

#: Short forms people write for a state, beyond its code and its name (compared as ``_key``
#: folds them: case, umlauts, hyphens, spaces and dots do not matter).
ALIASES: dict[str, str] = {
    "nrw": "NW",
    "bawu": "BW",
    "bawue": "BW",
    "bawü": "BW",
    "rlp": "RP",
    "mvp": "MV",
    "meckpomm": "MV",
    "brb": "BB",
    "nds": "NI",
    "lsa": "ST",
    "thur": "TH",
    "thuer": "TH",
}

MSG_UNKNOWN_STATE = N_(
    "“{state}” is not a German state. Use its two-letter code ({codes}), for example TH."
)


def _key(text: str) -> str:
    """``text`` folded for comparing state names: "Nordrhein Westfalen", "nordrhein-westfalen"
    and "NORDRHEIN-WESTFALEN" alike, "Thüringen" as "thueringen"."""
    return "".join(c for c in search_key(text) if c not in "-. ")


def normalize_state(value: str) -> str:
    """The state code for ``value``: a code in any case ("th", "DE-TH"), a German name
    ("Thüringen", "Nordrhein Westfalen") or a common short form ("NRW", "BaWü", "RLP").
    Raises ``InvalidValue`` for anything else."""
    folded = search_key(value)
    if folded.startswith("de-"):
        folded = folded[3:]
    key = _key(folded)
    for code, name in STATES.items():
        if key in (code.casefold(), _key(name)):
            return code
    aliases = {_key(alias): code for alias, code in ALIASES.items()}
    if key in aliases:
        return aliases[key]
    raise InvalidValue(MSG_UNKNOWN_STATE, state=value, codes=", ".join(STATES))


class HolidayCalendar:
    """Public holidays of one German state (or those of all states when ``state`` is None).

    Years are filled in lazily by the ``holidays`` package as they are asked for.
    """

    def __init__(self, state: str | None) -> None:
        self.state = normalize_state(state) if state is not None else None
        self._days = holidays.country_holidays("DE", subdiv=self.state, language="de")

    def is_holiday(self, day: date) -> bool:
        """Whether ``day`` is a public holiday here."""
        return day in self._days

    def name(self, day: date) -> str | None:
        """The German name of the holiday on ``day`` ("Tag der Deutschen Einheit"), or None."""
        return self._days.get(day)
