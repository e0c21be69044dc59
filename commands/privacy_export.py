"""The ``/mydata`` documents: everything stored about one person as JSON and as readable text."""

from __future__ import annotations

import dataclasses
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
from bot.values import file_date, file_datetime
from commands.measure_changes import field_label
from commands.voting_input import METHOD_NAMES, shown_ballot
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
    "shown_to_group": N_("the group sees"),
    "state": N_("state"),
    "reason": N_("reason"),
    "decided": N_("decided"),
    "codes": N_("codes"),
    "added": N_("added"),
    "date": N_("date"),
    "text": N_("text"),
    "fallback_text": N_("text for the group chat"),
    "age_question_answered": N_("age question answered"),
    "offset_days": N_("days from the date"),
    "slows_down": N_("last reminder before the longer interval"),
    "planned": N_("planned for"),
    "meeting": N_("meeting"),
    "closes": N_("closes"),
    "rule": N_("repeats"),
    "label": N_("programme date"),
    "offsets": N_("days before the due date"),
    "overdue_days": N_("days between reminders while overdue (0: none)"),
    "channel": N_("where"),
    "quiet_start": N_("quiet from"),
    "quiet_end": N_("quiet until"),
    "skip_weekends": N_("not at weekends"),
    "paused_until": N_("paused until"),
    "your_role": N_("changes of your role"),
    "roles_you_changed": N_("roles of others you changed"),
    "role_before": N_("role before"),
    "role_after": N_("role after"),
    "change": N_("change"),
}
# Reminder details that repeat another detail in a form only the program needs.
TEXT_SKIPS = frozenset(
    {
        "column",
        "member",
        "taken_out",
        "choices",
        "topic",
        "known",
        "text_without_choices",
        "choices_listed",
        "keep_sent",
    }
)

# Values stored as codes, named in the reader's language in the text file (the JSON keeps the
# codes, for machines).
IDEA_STATE_NAMES = {
    "pending": N_("waiting for a decision"),
    "accepted": N_("taken up"),
    "rejected": N_("not taken up"),
}
# How the group sees the proposer of a youth idea.
SHOWN_AS_NAMES = {
    "name": N_("your name"),
    "pseudonym": N_("“Youth representative” instead of your name"),
    "pseudonym_under_16": N_(
        "“Youth representative” instead of your name, because you are under 16"
    ),
}
LANGUAGE_NAMES = {"de": N_("German"), "en": N_("English"), "": N_("the group's language")}
REMINDER_KIND_NAMES = {
    "before": N_("before the due date"),
    "due": N_("on the due date"),
    "overdue": N_("overdue"),
    "escalation": N_("overdue, to the coordinators"),
    "milestone_before": N_("before a milestone"),
    "milestone_due": N_("on a milestone's date"),
    "milestone_overdue": N_("milestone overdue"),
    "programme": N_("programme date"),
    "round_reminder": N_("before a round closes"),
    "round_close": N_("round closes"),
    "digest": N_("digest"),
    "meeting": N_("meeting"),
    "notice": N_("news held back for the end of the quiet hours"),
}
SUBJECT_NAMES = {
    "measure": N_("measure"),
    "milestone": N_("milestone"),
    "group": N_("group"),
    "digest": N_("digest"),
    "meeting": N_("meeting"),
    "round": N_("round"),
    "notice": N_("news"),
}
PROGRAMME_DATE_NAMES = {
    "plan_due": N_("action plan due"),
    "seal_expiry": N_("seal or certificate expires"),
    "interim_report": N_("interim or annual report due"),
}
# A reminder's role: whom it was for.
REMINDER_ROLE_NAMES = {
    "responsible": N_("responsible person"),
    "escalated": N_("coordinators"),
    "unassigned": N_("coordinators (no member responsible yet)"),
}
REMINDER_OUTCOME_NAMES = {
    "sent": N_("sent"),
    "late": N_("sent late"),
    # a newer one said it, or it was moot by then (the person had left, the measure was done)
    "skipped": N_("not sent (no longer needed)"),
    "summarised": N_("sent in a list after a downtime"),
    "in_digest": N_("not sent: the weekly digest of that day listed the measure"),
    "in_chat": N_("in the group chat, with the same message to another coordinator"),
}
VALUE_NAMES: dict[str, dict[str, str]] = {
    "role": ROLE_NAMES | REMINDER_ROLE_NAMES,
    "role_before": ROLE_NAMES,
    "role_after": ROLE_NAMES,
    # an entry of the group's history of its people (``GroupEvent.field``)
    "change": {"joined": N_("joined"), "left": N_("left"), "role": N_("role changed")},
    "kind": REMINDER_KIND_NAMES,
    "subject": SUBJECT_NAMES,
    "outcome": REMINDER_OUTCOME_NAMES,
    "label": PROGRAMME_DATE_NAMES,
    "channel": {"direct": N_("direct chat"), "group": N_("group chat")},
    "status": STATUS_NAMES,
    "origin": ORIGIN_NAMES,
    "method": METHOD_NAMES,
    "state": IDEA_STATE_NAMES,
    "shown_to_group": SHOWN_AS_NAMES,
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
    data: dict[str, Any],
    parts: tuple[PersonalDataPart, ...],
    tr: Translator,
    now: datetime,
    tz: ZoneInfo,
) -> str:
    """A readable version of the export in the person's language, times in the zone ``tz``."""
    reader = _Reader(tr, tz)
    titles = {p.name: tr.t(p.title) for p in parts}
    lines = [
        tr.t(
            N_(
                "Everything steerbot stores about you, as of {when} (times are local time, {zone})."
            ),
            when=reader.when(now.isoformat()),
            zone=tz.key,
        ),
        "",
    ]
    if not data:
        lines.append(tr.t(N_("Nothing.")))
    for name, value in data.items():
        heading = titles.get(name, name)
        lines += [heading, "=" * len(heading)]
        reader.render(value, lines, indent="")
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


@dataclasses.dataclass(frozen=True)
class _Reader:
    """Writes the export's values as people read them: codes named, times in ``tz``."""

    tr: Translator
    tz: ZoneInfo

    def label(self, key: str) -> str:
        return self.tr.t(LABELS[key]) if key in LABELS else key

    def scalar(self, value: Any, key: str = "") -> str:
        if value is True:
            return self.tr.t(N_("yes"))
        if value is False:
            return self.tr.t(N_("no"))
        if value is None:
            return ""
        if key == "field" and isinstance(value, str):
            return field_label(self.tr, value)
        names = VALUE_NAMES.get(key, {})
        if isinstance(value, str) and value in names:
            return self.tr.t(names[value])
        if isinstance(value, str) and _ISO.fullmatch(value):
            return self.when(value)
        return str(value)

    def when(self, text: str) -> str:
        """An ISO date or time from the export (times stored in UTC) in the reader's zone."""
        try:
            if "T" not in text:
                return file_date(date.fromisoformat(text), self.tr.lang)
            moment = datetime.fromisoformat(text)
        except ValueError:
            return text
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=UTC)
        return file_datetime(moment, self.tz, self.tr.lang)

    def inline(self, value: Any, key: str, entry: dict[str, Any]) -> str:
        """A value inside a list entry, on one line: a ballot as the voter typed it, other
        nested values as compact JSON."""
        if key == "choices" and isinstance(value, dict) and "method" in entry:
            return shown_ballot(self.tr, entry["method"], value)
        if isinstance(value, dict):
            pairs = ((k, self.scalar(v, k)) for k, v in value.items() if k not in TEXT_SKIPS)
            return "(" + ", ".join(f"{self.label(k)}: {text}" for k, text in pairs if text) + ")"
        if isinstance(value, list):
            return ", ".join(self.scalar(v) for v in value)
        return self.scalar(value, key)

    def render(self, value: Any, lines: list[str], indent: str) -> None:
        if isinstance(value, dict):
            for key, item in value.items():
                if isinstance(item, dict | list):
                    lines.append(f"{indent}{self.label(key)}:")
                    self.render(item, lines, indent + "  ")
                else:
                    lines.append(f"{indent}{self.label(key)}: {self.scalar(item, key)}")
        elif isinstance(value, list):
            for item in value:
                if isinstance(item, dict):
                    shown = ((k, self.inline(v, k, item)) for k, v in item.items())
                    fields = [f"{self.label(k)}: {text}" for k, text in shown if text]
                    lines.append(f"{indent}- " + "; ".join(fields))
                else:
                    lines.append(f"{indent}- {self.scalar(item)}")
        else:
            lines.append(f"{indent}{self.scalar(value)}")


def export_files(
    data: dict[str, Any],
    parts: tuple[PersonalDataPart, ...],
    tr: Translator,
    now: datetime,
    tz: ZoneInfo,
) -> tuple[File, File]:
    """The JSON file and the text file (times in ``tz``), named in the person's language."""
    stem = "meine-daten" if tr.lang == "de" else "my-data"
    document = json.dumps(export_document(data, now), ensure_ascii=False, indent=2)
    return (
        File(f"{stem}.json", document.encode("utf-8"), "application/json"),
        File(
            f"{stem}.txt",
            render_text(data, parts, tr, now, tz).encode("utf-8"),
            "text/plain; charset=utf-8",
        ),
    )
