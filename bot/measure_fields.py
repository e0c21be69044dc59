"""The editable fields of a measure: names people type (German and English), the German
column header, the kind of value and how it is read.

Pure data and parsing: commands (``/edit``), the documents (export) and the importer share it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from bot.errors import CommandError, InvalidValue
from bot.i18n import N_, Translator
from bot.parsing import fold, means_none, spellings
from bot.statuses import parse_status
from bot.values import parse_bool, parse_date, parse_money, parse_positive_int

TEXT = "text"
DATE = "date"
MONEY = "money"
BOOL = "bool"
FIELD = "field"
STATUS = "status"
ORIGIN = "origin"
INT = "int"

ORIGIN_WORDS = {
    "steering": "steering",
    "steuerungsgruppe": "steering",
    "steering group": "steering",
    "youth": "youth",
    "jugend": "youth",
    "jugendidee": "youth",
    "youth idea": "youth",
    "survey": "survey",
    "befragung": "survey",
    "umfrage": "survey",
    "workshop": "workshop",
}
#: How an origin is shown (the stored value is the key).
ORIGIN_NAMES = {
    "steering": N_("steering group"),
    "youth": N_("youth idea"),
    "survey": N_("survey"),
    "workshop": N_("workshop"),
}
ORIGIN_HEADERS = {
    "steering": "Steuerungsgruppe",
    "youth": "Jugendidee",
    "survey": "Befragung",
    "workshop": "Workshop",
}

TOO_LONG = N_("“{label}” is too long ({length} characters, at most {limit}).")
USE_STATUS = N_(
    "The status changes with /status <number> <status> [note], so that its steps are checked."
)
EMPTY_TITLE = N_('The title cannot be empty. Example: title="Skatepark am Bahnhof"')
UNKNOWN_ORIGIN = N_("Unknown origin “{text}”. Possible: steering, youth, survey, workshop.")
UNKNOWN_FIELD_NAME = N_("I don't know the field “{name}”. Possible: {names}")


@dataclass(frozen=True)
class FieldSpec:
    """One field of a measure: the attribute, what people may type for it, the German column
    header, an English label (message id) and the kind of value."""

    attr: str
    header: str
    label: str
    kind: str = TEXT
    words: tuple[str, ...] = ()
    limit: int = 200
    editable: bool = True
    example: str = ""


SPECS: tuple[FieldSpec, ...] = (
    FieldSpec(
        "title",
        "Titel",
        N_("Title"),
        words=(
            *("titel", "title", "name", "massnahme", "measure", "bezeichnung"),
            *("massnahmentitel", "titel_der_massnahme", "massnahmenbezeichnung"),
        ),
        limit=200,
    ),
    FieldSpec(
        "description",
        "Beschreibung",
        N_("Description"),
        words=(
            *("beschreibung", "description", "text", "kurzbeschreibung", "inhalt"),
            "beschreibung_der_massnahme",
        ),
        limit=2000,
    ),
    FieldSpec(
        "field", "Handlungsfeld", N_("Field of action"), FIELD, ("handlungsfeld", "field", "feld")
    ),
    FieldSpec("origin", "Herkunft", N_("Origin"), ORIGIN, ("herkunft", "origin", "quelle")),
    FieldSpec(
        "goal",
        "Ziel",
        N_("Goal"),
        words=("ziel", "goal", "ziele", "goals", "zielsetzung", "zielbeschreibung"),
        limit=2000,
    ),
    FieldSpec(
        "lead_office",
        "Federführendes Amt",
        N_("Lead office"),
        words=(
            *("amt", "office", "federführung", "federführendes_amt", "lead_office", "zuständig"),
            *("zuständigkeit", "federführend", "fachbereich", "fachdienst", "verantwortliches_amt"),
        ),
        limit=200,
    ),
    FieldSpec(
        "contact",
        "Kontakt",
        N_("Contact"),
        words=("kontakt", "contact", "ansprechperson", "ansprechpartner"),
        limit=200,
    ),
    FieldSpec(
        "partners",
        "Partner",
        N_("Partners"),
        words=("partner", "partners", "kooperationspartner", "beteiligte"),
        limit=2000,
    ),
    FieldSpec("start_on", "Beginn", N_("Start"), DATE, ("beginn", "start", "start_on", "anfang")),
    FieldSpec("end_on", "Ende", N_("End"), DATE, ("ende", "end", "end_on")),
    FieldSpec(
        "due_on",
        "Frist",
        N_("Due"),
        DATE,
        (
            *("frist", "due", "due_on", "fällig", "umsetzung_bis", "fertigstellung"),
            *("termin", "zieltermin", "deadline"),
        ),
    ),
    FieldSpec(
        "cost_estimate",
        "Kosten (EUR)",
        N_("Cost estimate"),
        MONEY,
        (
            *("kosten", "cost", "costs", "kosten_eur", "kostenschätzung", "cost_estimate"),
            *("geschätzte_kosten", "gesamtkosten", "kosten_gesamt", "kostenrahmen", "budget"),
        ),
    ),
    FieldSpec(
        "funding_source",
        "Finanzierung",
        N_("Funding"),
        words=(
            *("finanzierung", "funding", "funding_source", "finanzierungsquelle"),
            *("fördermittel", "mittelherkunft"),
        ),
        limit=200,
    ),
    FieldSpec(
        "funding_secured",
        "Finanzierung gesichert",
        N_("Funding secured"),
        BOOL,
        ("gesichert", "secured", "funding_secured", "finanzierung_gesichert"),
    ),
    FieldSpec(
        "indicators",
        "Indikatoren",
        N_("Indicators"),
        words=(
            *("indikator", "indicator", "indikatoren", "indicators", "kennzahlen", "kennzahl"),
            *("erfolgsindikatoren", "erfolgsindikator"),
        ),
        limit=2000,
    ),
    FieldSpec("status", "Status", N_("Status"), STATUS, ("status",), editable=False),
    FieldSpec(
        "resolution_body",
        "Beschlussgremium",
        N_("Resolution body"),
        words=("gremium", "body", "beschlussgremium", "resolution_body"),
        limit=200,
    ),
    FieldSpec(
        "resolution_date",
        "Beschlussdatum",
        N_("Resolution date"),
        DATE,
        ("beschlussdatum", "resolution_date", "beschlossen_am"),
    ),
    FieldSpec(
        "resolution_doc",
        "Beschluss-Nr.",
        N_("Resolution"),
        words=(
            "beschluss",
            "resolution",
            "beschluss_nr",
            "beschlussnr",
            "drucksache",
            "resolution_doc",
        ),
        limit=100,
    ),
    FieldSpec(
        "progress_note",
        "Sachstand",
        N_("Progress note"),
        words=("sachstand", "progress", "stand", "progress_note", "notiz", "note"),
        limit=2000,
    ),
    FieldSpec("cycle", "Zyklus", N_("Cycle"), INT, ("zyklus", "cycle", "aktionsplan")),
)

BY_ATTR = {s.attr: s for s in SPECS}
# Fields for the steering group's members and coordinators only: the town hall's contact for a
# measure (an e-mail address, a phone number) is not shown to youth representatives, guests or
# in a youth chat (see ``commands.common.staff_reads``).
STAFF_FIELDS = frozenset({"contact"})
_BY_WORD = {
    key.replace(" ", "_").replace("-", "_"): s
    for s in SPECS
    for w in (*s.words, s.header, s.attr, s.label)  # the label: an English export's header
    for key in spellings(w)
}

EXAMPLES = {
    DATE: "15.3.2027",
    MONEY: "1.500,50 €",
    BOOL: "ja",
    INT: "2",
}


# What a spreadsheet's column name may add to the name of a field: its unit ("Kosten in €",
# "Kosten (€)", "Kosten [EUR]") and a question mark, colon or footnote star ("gesichert?").
_HEADER_EXTRAS = re.compile(r"(?:_?(?:in_)?[(\[]?(?:€|eur|euro)[)\]]?)?[?:*]*$")


def spec_for(name: str) -> FieldSpec | None:
    """The field for a name typed in German or English (``amt``, ``office``, ``Kosten (EUR)``,
    and as spreadsheets head a column: ``Kosten in €``, ``gesichert?``)."""
    key = fold(name).replace(" ", "_").replace("-", "_")
    found = _BY_WORD.get(key) or _BY_WORD.get(key.replace(".", ""))
    if found is None and (bare := _HEADER_EXTRAS.sub("", key)) and bare != key:
        found = _BY_WORD.get(bare) or _BY_WORD.get(bare.replace(".", ""))
    return found


def edit_keys(lang: str) -> str:
    """The keys /edit takes, as a reader of ``lang`` types them (German first, then English:
    the first two words of each field), for help and refusals."""
    return ", ".join(s.words[0 if lang == "de" else 1] for s in SPECS if s.editable)


def require_spec(name: str, *, editable: bool = True, lang: str = "de") -> FieldSpec:
    """Like :func:`spec_for`, refusing unknown (or not editable) names with the list, named as
    people of ``lang`` type them."""
    spec = spec_for(name)
    if spec is not None and spec.kind == STATUS and editable:
        raise CommandError(USE_STATUS)
    if spec is None or (editable and not spec.editable):
        names = ", ".join(label(s, lang) for s in SPECS if s.editable or not editable)
        raise CommandError(UNKNOWN_FIELD_NAME, name=name[:40], names=names)
    return spec


def parse_value(
    spec: FieldSpec, text: str, *, today: date, lang: str = "de", typed: bool = False
) -> object:
    """Read ``text`` for ``spec``; raises ``CommandError`` (``InvalidValue``) saying why.
    ``typed``: typed in a chat (not a list's cell), where an amount that reads two ways
    ("1,500 €") is asked about.

    Fields of action are returned as the typed text (the caller matches them to the group's
    fields); an empty text clears a field (None for dates, money and yes/no).
    """
    text = text.strip()
    if spec.kind == TEXT:
        if len(text) > spec.limit:
            raise InvalidValue(
                TOO_LONG, label=label(spec, lang), length=len(text), limit=spec.limit
            )
        if spec.attr == "title" and not text:
            raise InvalidValue(EMPTY_TITLE)
        if spec.attr != "title" and means_none(text):
            return ""  # "amt=keine" clears the lead office, as "kosten=keine" clears the costs
        return " ".join(text.split()) if spec.limit <= 200 else text
    if means_none(text) and spec.kind in (DATE, MONEY, FIELD):
        return None  # "frist=keine" clears the due date, as "/frist 3 keine" does
    if not text:
        if spec.kind in (DATE, MONEY, BOOL, FIELD):
            return None
        if spec.kind == INT:
            return 1
    if spec.kind == DATE:
        # "beginn=Mai 2027" is the 1st of May; a due date or an end "Mai 2027" its last day
        return parse_date(text, today=today, lang=lang, start=spec.attr == "start_on")
    if spec.kind == MONEY:
        return parse_money(text, lang, typed=typed)
    if spec.kind == BOOL:
        word = fold(text)
        if word in ("gesichert", "secured"):
            return True
        if word in ("offen", "open", "ungesichert"):
            return False
        return parse_bool(text)
    if spec.kind == STATUS:
        return parse_status(text)
    if spec.kind == ORIGIN:
        origin = ORIGIN_WORDS.get(fold(text))
        if origin is None:
            raise InvalidValue(UNKNOWN_ORIGIN, text=text[:40])
        return origin
    if spec.kind == INT:
        return parse_positive_int(text, maximum=99)
    if len(text) > 120:
        raise InvalidValue(TOO_LONG, label=label(spec, lang), length=len(text), limit=120)
    return text


def column_header(spec: FieldSpec, tr: Translator) -> str:
    """The column of ``spec`` as an export in the language of ``tr`` heads it (the German
    header of the town hall's lists, or the label: ``Kosten (EUR)`` / ``Cost estimate``)."""
    return spec.header if tr.lang == "de" else tr.t(spec.label)


def origin_cell(origin: str, tr: Translator) -> str:
    """An origin as an export in the language of ``tr`` writes it (read back by an import)."""
    if tr.lang == "de":
        return ORIGIN_HEADERS.get(origin, origin)
    return tr.t(ORIGIN_NAMES[origin]) if origin in ORIGIN_NAMES else origin


def label(spec: FieldSpec, lang: str) -> str:
    """The name of a field as people of ``lang`` type it (``amt`` / ``office``)."""
    return spec.words[0] if lang == "de" else spec.words[1]


def plain(value: object) -> str:
    """A stored value as text for the audit trail (ISO dates, plain decimals, yes/no)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return f"{value:.2f}"
    return str(value)
