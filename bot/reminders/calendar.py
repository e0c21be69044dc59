"""German public holidays per state, read from the ``holidays`` package.

A group names its state (Bundesland) by its two-letter code, its German or English name or a
common short form; nudges are not sent on that state's public holidays. Without a state only
the holidays every state shares count.
"""

from __future__ import annotations

import difflib
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

#: The states' English names, where they differ from the German ones.
ENGLISH_NAMES: dict[str, str] = {
    "BY": "Bavaria",
    "HE": "Hesse",
    "MV": "Mecklenburg-Western Pomerania",
    "NI": "Lower Saxony",
    "NW": "North Rhine-Westphalia",
    "RP": "Rhineland-Palatinate",
    "SN": "Saxony",
    "ST": "Saxony-Anhalt",
    "TH": "Thuringia",
}


def state_name(code: str, lang: str) -> str:
    """A state's name as readers of ``lang`` know it ("Bavaria" in English, "Bayern" in
    German; the German one where English has no other)."""
    if lang == "en" and code in ENGLISH_NAMES:
        return ENGLISH_NAMES[code]
    return STATES.get(code, "")


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
    "Baden-Wuerttemberg": "BW",
    "Mecklenburg-West Pomerania": "MV",
    "Northrhine-Westphalia": "NW",
    "Hessia": "HE",
}

MSG_UNKNOWN_STATE = N_(
    "“{state}” is not a German state. Use its two-letter code ({codes}), for example TH."
)
MSG_STATE_MEANT = N_("“{state}” is not a German state. Did you mean {meant}?")
MSG_STATE_MEANT_TWO = N_("“{state}” is not a German state. Did you mean {one} or {other}?")

# How close (difflib's ratio) a mistyped name must come to a state's to be offered: "Bayren"
# for Bayern, "Nordrhein-Westphalen" for Nordrhein-Westfalen; not "Berlin" for "Bremen".
STATE_CLOSENESS = 0.75


def _key(text: str) -> str:
    """``text`` folded for comparing state names: "Nordrhein Westfalen", "nordrhein-westfalen"
    and "NORDRHEIN-WESTFALEN" alike, "Thüringen" as "thueringen"."""
    return "".join(c for c in search_key(text) if c not in "-. ")


def _names() -> dict[str, tuple[str, str]]:
    """Every full name of a state by its ``_key``, also with the umlauts' dots left off
    ("thuringen", "badenwurttemberg"): the name as written and its code."""
    names: dict[str, tuple[str, str]] = {}
    for code, name in [*STATES.items(), *ENGLISH_NAMES.items()]:
        bare = name.replace("ü", "u").replace("ä", "a").replace("ö", "o")
        for spelling in (name, bare):
            names.setdefault(_key(spelling), (name, code))
    return names


def normalize_state(value: str) -> str:
    """The state code for ``value``: a code in any case ("th", "DE-TH"), a German or English
    name ("Thüringen", "Nordrhein Westfalen", "Thuringia", "north rhine westphalia") or a
    common short form ("NRW", "BaWü", "RLP"). Raises ``InvalidValue`` for anything else,
    naming the state a typo most likely meant ("Bayren": Bayern (BY))."""
    folded = search_key(value)
    if folded.startswith("de-"):
        folded = folded[3:]
    key = _key(folded)
    names = _names()
    if key in names:
        return names[key][1]
    known = {code.casefold(): code for code in STATES}
    known |= {_key(alias): code for alias, code in ALIASES.items()}
    if key in known:
        return known[key]
    meant = _meant(key, names)
    if len(meant) == 1:
        raise InvalidValue(MSG_STATE_MEANT, state=value, meant=meant[0])
    if meant:
        raise InvalidValue(MSG_STATE_MEANT_TWO, state=value, one=meant[0], other=meant[1])
    raise InvalidValue(MSG_UNKNOWN_STATE, state=value, codes=", ".join(STATES))


def _meant(key: str, names: dict[str, tuple[str, str]]) -> list[str]:
    """Up to two states ``key`` is a typo or the beginning of, as "Bayern (BY)", closest
    first; none for a name too short to tell."""
    if len(key) < 4:
        return []
    close = difflib.get_close_matches(key, list(names), n=4, cutoff=STATE_CLOSENESS)
    close += [k for k in names if k.startswith(key) and k not in close]
    meant: dict[str, str] = {}
    for found in close:
        name, code = names[found]
        meant.setdefault(code, f"{name} ({code})")
    return list(meant.values())[:2]


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
