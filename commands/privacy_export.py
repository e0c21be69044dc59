"""The ``/mydata`` documents: everything stored about one person as JSON and as readable text."""

from __future__ import annotations

import json
import re
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from bot.events import File
from bot.i18n import N_, Translator
from bot.measure_fields import ORIGIN_NAMES
from bot.roles import ROLE_NAMES
from bot.statuses import STATUS_NAMES
from bot.values import format_date, format_datetime
from commands.voting_input import METHOD_NAMES
from storage.privacy.parts import PersonalDataPart

LABELS = {
    "display_name": N_("name"),
    "language": N_("language"),
    "minor": N_("under 16"),
    "name_shown_to_group": N_("name shown to the group"),
    "first_seen": N_("first seen"),
    "group_for_direct_chat": N_("group for the direct chat"),
    "platform": N_("platform"),
    "user_id": N_("user id"),
    "direct_chat": N_("direct chat"),
    "group": N_("group"),
    "role": N_("role"),
    "joined": N_("joined"),
    "title": N_("title"),
    "description": N_("description"),
    "status": N_("status"),
    "number": N_("number"),
    "measure": N_("measure"),
    "field": N_("field"),
    "old": N_("before"),
    "new": N_("after"),
    "note": N_("note"),
    "at": N_("when"),
    "proposed": N_("proposed"),
    "responsible_for": N_("responsible for"),
    "accounts": N_("accounts"),
    "groups": N_("groups"),
    "changes": N_("changes"),
    "made": N_("made"),
    "used": N_("used"),
    "code": N_("code"),
    "created": N_("created"),
    "expires": N_("expires"),
    "requested": N_("requested"),
    "origin": N_("origin"),
    "open_rounds": N_("votes"),
    "round": N_("round"),
    "method": N_("method"),
    "choices": N_("choices"),
    "round_closed": N_("round closed"),
    "voted_in": N_("voted in"),
    "secret": N_("secret"),
    "pending": N_("planned"),
    "sent": N_("sent"),
    "kind": N_("kind"),
    "subject": N_("about"),
    "due": N_("due"),
    "details": N_("details"),
    "outcome": N_("outcome"),
    "settings": N_("settings"),
    "changed": N_("changed"),
    "anonymous": N_("without name"),
    "state": N_("state"),
    "reason": N_("reason"),
    "decided": N_("decided"),
    "codes": N_("codes"),
    "added": N_("added"),
    "date": N_("date"),
    "text": N_("text"),
    "age_question_answered": N_("age question answered"),
}

# Values stored as codes, named in the reader's language in the text file (the JSON keeps the
# codes, for machines).
IDEA_STATE_NAMES = {
    "pending": N_("waiting for a decision"),
    "accepted": N_("taken up"),
    "rejected": N_("not taken up"),
}
LANGUAGE_NAMES = {"de": N_("German"), "en": N_("English"), "": N_("the group's language")}
VALUE_NAMES: dict[str, dict[str, str]] = {
    "role": ROLE_NAMES,
    "status": STATUS_NAMES,
    "origin": ORIGIN_NAMES,
    "method": METHOD_NAMES,
    "state": IDEA_STATE_NAMES,
    "language": LANGUAGE_NAMES,
}
_ISO = re.compile(r"\d{4}-\d\d-\d\d(T\d\d:\d\d.*)?")


def export_document(data: dict[str, Any], now: datetime) -> dict[str, Any]:
    """The JSON document: when, what, and the data part by part."""
    return {
        "export_of": "steerbot personal data (DSGVO Art. 15 / GDPR Art. 15)",
        "generated_at": now.isoformat(),
        "data": data,
    }


def render_text(
    data: dict[str, Any], parts: tuple[PersonalDataPart, ...], tr: Translator, now: datetime
) -> str:
    """A readable version of the export in the person's language."""
    titles = {p.name: tr.t(p.title) for p in parts}
    lines = [
        tr.t(
            N_("Everything steerbot stores about you, as of {when}."),
            when=_when(now.isoformat(), tr.lang),
        ),
        "",
    ]
    if not data:
        lines.append(tr.t(N_("Nothing.")))
    for name, value in data.items():
        heading = titles.get(name, name)
        lines += [heading, "=" * len(heading)]
        _render(value, tr, lines, indent="")
        lines.append("")
    lines.append(
        tr.t(
            N_(
                "Not included: votes in secret rounds (they are not linked to you) and ids of "
                "handled messages (not linked to you, deleted after a few weeks)."
            )
        )
    )
    return "\n".join(lines) + "\n"


def _label(key: str, tr: Translator) -> str:
    return tr.t(LABELS[key]) if key in LABELS else key


def _scalar(value: Any, tr: Translator, key: str = "") -> str:
    if value is True:
        return tr.t(N_("yes"))
    if value is False:
        return tr.t(N_("no"))
    if value is None:
        return ""
    names = VALUE_NAMES.get(key, {})
    if isinstance(value, str) and value in names:
        return tr.t(names[value])
    if isinstance(value, str) and _ISO.fullmatch(value):
        return _when(value, tr.lang)
    return str(value)


def _when(text: str, lang: str) -> str:
    """An ISO date or time from the export as people read it (times in UTC, as the header)."""
    try:
        if "T" not in text:
            return format_date(date.fromisoformat(text), lang)
        moment = datetime.fromisoformat(text)
    except ValueError:
        return text
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return f"{format_datetime(moment, ZoneInfo('UTC'), lang)} UTC"


def _inline(value: Any, tr: Translator, key: str) -> str:
    """A value inside a list entry on one line (nested values, e.g. a ballot's choices, as
    compact JSON)."""
    if isinstance(value, dict | list):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return _scalar(value, tr, key)


def _render(value: Any, tr: Translator, lines: list[str], indent: str) -> None:
    if isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, dict | list):
                lines.append(f"{indent}{_label(key, tr)}:")
                _render(item, tr, lines, indent + "  ")
            else:
                lines.append(f"{indent}{_label(key, tr)}: {_scalar(item, tr, key)}")
    elif isinstance(value, list):
        for item in value:
            if isinstance(item, dict):
                shown = ((k, _inline(v, tr, k)) for k, v in item.items())
                fields = [f"{_label(k, tr)}: {text}" for k, text in shown if text]
                lines.append(f"{indent}- " + "; ".join(fields))
            else:
                lines.append(f"{indent}- {_scalar(item, tr)}")
    else:
        lines.append(f"{indent}{_scalar(value, tr)}")


def export_files(
    data: dict[str, Any], parts: tuple[PersonalDataPart, ...], tr: Translator, now: datetime
) -> tuple[File, File]:
    """The JSON file and the text file, named in the person's language."""
    stem = "meine-daten" if tr.lang == "de" else "my-data"
    document = json.dumps(export_document(data, now), ensure_ascii=False, indent=2)
    return (
        File(f"{stem}.json", document.encode("utf-8"), "application/json"),
        File(
            f"{stem}.txt",
            render_text(data, parts, tr, now).encode("utf-8"),
            "text/plain; charset=utf-8",
        ),
    )
