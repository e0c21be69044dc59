"""Find message ids used in the source that a catalogue lacks, German messages that say "Sie"
to the reader without a "du" form in the informal overlay, and German messages that say "du"
where the formal catalogue should say "Sie" (used by the test suite and
``python -m bot.i18n_check``), and catalogue files a merge has garbled: a message written twice,
or an entry with a second translation glued onto it (a ``*.po merge=union`` keeps both sides'
lines, and the last translation read would win unseen)."""

from __future__ import annotations

import re
import sys
from pathlib import Path

from babel.messages.extract import extract_from_dir

from bot.i18n import DEFAULT_LOCALE_DIR, LANGUAGES, Catalog, load_catalogs, load_overlays

ROOT = Path(__file__).resolve().parent.parent
SOURCE_DIRS = ("bot", "commands", "adapters", "storage")
KEYWORDS = {"N_": None, "t": None, "tn": (1, 2)}
# Words of the formal address. At the start of a sentence "Sie" and "Ihr…" may also mean
# she/it/they/her: the overlay then repeats the German text unchanged ("reviewed").
FORMAL = re.compile(r"\b(Sie|Ihnen|Ihr|Ihre|Ihren|Ihrem|Ihrer|Ihres)\b")
# Mid-sentence (after a lower-case word), these words are always the formal address.
FORMAL_MID_SENTENCE = re.compile(
    r"(?<=[a-zäöüß,;(] )(Sie|Ihnen|Ihr|Ihre|Ihren|Ihrem|Ihrer|Ihres)\b"
)

# Words of the informal address: the German catalogue speaks to adults, so a "du" there
# reaches a coordinator too (its "du" form belongs in the overlay).
INFORMAL_WORDS = re.compile(r"\b([Dd]u|[Dd]ich|[Dd]ir|[Dd]ein|[Dd]eine[mnrs]?)\b")


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


def unused() -> dict[str, list[str]]:
    """Per catalogue (``de``, ``en``, the ``de_du`` overlay): entries no source uses any more
    (a message changed or removed; its old translation would only mislead)."""
    used = used_messages()
    overlays = {f"{lang}_du": cat for lang, cat in load_overlays().items()}
    catalogs: dict[str, Catalog] = {**load_catalogs(), **overlays}
    return {
        lang: sorted(m for m in [*cat.singular, *cat.plural] if m not in used)
        for lang, cat in catalogs.items()
    }


def _texts(catalog: Catalog) -> dict[str, tuple[str, ...]]:
    texts: dict[str, tuple[str, ...]] = {msgid: (t,) for msgid, t in catalog.singular.items()}
    texts.update(catalog.plural)
    return texts


def register_gaps(
    base: Catalog | None = None, overlay: Catalog | None = None
) -> dict[str, list[str]]:
    """What the German "du" overlay lacks or gets wrong, and where the German catalogue says
    "du", by kind of problem."""
    base = base or load_catalogs()["de"]
    overlay = overlay or load_overlays()["de"]
    german, informal = _texts(base), _texts(overlay)
    gaps: dict[str, list[str]] = {
        "no du form": [],
        "unknown": [],
        "still formal": [],
        "du in the formal catalogue": [],
    }
    for msgid, texts in german.items():
        if msgid not in informal and any(FORMAL.search(t) for t in texts):
            gaps["no du form"].append(msgid)
        if any(INFORMAL_WORDS.search(t) for t in texts):
            gaps["du in the formal catalogue"].append(msgid)
    for msgid, texts in informal.items():
        if msgid not in german:
            gaps["unknown"].append(msgid)
        elif texts != german[msgid] and any(FORMAL_MID_SENTENCE.search(t) for t in texts):
            gaps["still formal"].append(msgid)
    return {kind: sorted(ids) for kind, ids in gaps.items()}


_STRING = re.compile(r'^"(?:[^"\\]|\\.)*"$')
_TRANSLATION = re.compile(r"^(msgstr(?:\[\d+\])?) ")


def garbled(locale_dir: Path = DEFAULT_LOCALE_DIR) -> list[str]:
    """``file:line: what`` for every message id written twice in one catalogue file and every
    entry with a second translation (two ``msgstr``, or two of one ``msgstr[n]``)."""
    found: list[str] = []
    for path in sorted(locale_dir.glob("*/*.po")):
        name = f"{path.parent.name}/{path.name}"
        ids: dict[tuple[str, str], int] = {}
        msgid: list[str] | None = None
        context, translations, start = "", set[str](), 0
        for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if line.startswith("msgctxt "):
                context = line
            elif line.startswith("msgid "):
                msgid, translations, start = [line[6:]], set(), lineno
            elif msgid is not None and not translations and _STRING.match(line):
                msgid.append(line)
            elif (match := _TRANSLATION.match(line)) and msgid is not None:
                if not translations and msgid != ['""']:
                    key = (context, "".join(msgid))
                    if key in ids:
                        found.append(f"{name}:{start}: written before at line {ids[key]}")
                    ids.setdefault(key, start)
                    context = ""
                if match.group(1) in translations:
                    found.append(f"{name}:{lineno}: a second {match.group(1)} (entry at {start})")
                translations.add(match.group(1))
    return found


def main() -> int:
    used = used_messages()
    gaps = missing()
    for lang, ids in gaps.items():
        for msgid in ids:
            print(f"{lang}: {used[msgid]}: {msgid!r}")
    register = register_gaps()
    for kind, ids in register.items():
        for msgid in ids:
            print(f"de_du: {kind}: {msgid!r}")
    stale = unused()
    for lang, ids in stale.items():
        for msgid in ids:
            print(f"{lang}: unused: {msgid!r}")
    broken = garbled()
    for where in broken:
        print(f"garbled: {where}")
    return 1 if any(gaps.values()) or any(register.values()) or any(stale.values()) or broken else 0


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
