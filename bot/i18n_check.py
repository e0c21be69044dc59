"""Find message ids used in the source that a catalogue lacks (used by the test suite and
``python -m bot.i18n_check``)."""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.extract import extract_from_dir

from bot.i18n import LANGUAGES, load_catalogs

ROOT = Path(__file__).resolve().parent.parent
SOURCE_DIRS = ("bot", "commands", "adapters", "storage")
KEYWORDS = {"N_": None, "t": None, "tn": (1, 2)}


def used_messages(root: Path = ROOT) -> dict[str, str]:
    """Every marked message id in the source → where it was first seen."""
    found: dict[str, str] = {}
    for directory in SOURCE_DIRS:
        base = root / directory
        if not base.is_dir():
            continue
        for filename, lineno, message, _comments, _context in extract_from_dir(
            str(base),
            method_map=[("**.py", "python")],
            keywords=KEYWORDS,
            comment_tags=(),
            strip_comment_tags=True,
        ):
            msgid = message[0] if isinstance(message, tuple) else message
            if msgid:
                found.setdefault(msgid, f"{directory}/{filename}:{lineno}")
    return found


def missing() -> dict[str, list[str]]:
    """Per language: message ids without a translation."""
    catalogs = load_catalogs()
    used = used_messages()
    result: dict[str, list[str]] = {}
    for lang in LANGUAGES:
        cat = catalogs[lang]
        result[lang] = sorted(m for m in used if m not in cat.singular and m not in cat.plural)
    return result


def main() -> int:
    used = used_messages()
    gaps = missing()
    for lang, ids in gaps.items():
        for msgid in ids:
            print(f"{lang}: {used[msgid]}: {msgid!r}")
    return 1 if any(gaps.values()) else 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
