"""Write a pair of catalogues (de, en) for one domain from a Python dict of English → German.

Usage: python scripts/write_po.py DOMAIN FILE.json  (FILE: {"english msgid": "deutsch", ...};
plural entries as {"singular|plural": ["de one", "de other"]}). The English catalogue gets
msgstr = msgid. Existing entries of the domain are replaced.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po

LOCALE = Path(__file__).resolve().parent.parent / "bot" / "locale"


def write(domain: str, entries: dict[str, object]) -> None:
    for lang in ("de", "en"):
        cat = Catalog(locale=lang, domain=domain, project="steerbot")
        for key, german in entries.items():
            if isinstance(german, list):
                singular, plural = key.split("|", 1)
                cat.add((singular, plural), tuple(german) if lang == "de" else (singular, plural))
            else:
                cat.add(key, str(german) if lang == "de" else key)
        path = LOCALE / lang / f"{domain}.po"
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("wb") as fh:
            write_po(fh, cat, width=100, omit_header=False, sort_output=True)


if __name__ == "__main__":
    write(sys.argv[1], json.loads(Path(sys.argv[2]).read_text(encoding="utf-8")))
