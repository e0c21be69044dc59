"""Translations: gettext catalogues (read with Babel) in ``bot/locale/<lang>/*.po``.

Message ids are the English text with ``{name}`` placeholders. Every capability keeps its own
``.po`` file per language (``groups.po``, ``measures.po`` …); all files of a language are merged.
Mark a string for extraction with ``N_()`` where it is declared and translate it with
``Translator.t()`` (or ``ctx.t()`` in a handler) where it is shown.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from babel.messages.pofile import read_po

LANGUAGES = ("de", "en")
DEFAULT_LOCALE_DIR = Path(__file__).parent / "locale"


def N_(message: str) -> str:
    """Mark ``message`` for extraction without translating it (translated where shown)."""
    return message


@dataclass(frozen=True)
class Catalog:
    """All messages of one language."""

    lang: str
    singular: dict[str, str]
    plural: dict[str, tuple[str, ...]]


def load_catalogs(locale_dir: Path = DEFAULT_LOCALE_DIR) -> dict[str, Catalog]:
    """Read every ``.po`` file below ``locale_dir`` into one catalogue per language."""
    catalogs: dict[str, Catalog] = {}
    for lang in LANGUAGES:
        singular: dict[str, str] = {}
        plural: dict[str, tuple[str, ...]] = {}
        for po in sorted((locale_dir / lang).glob("*.po")):
            with po.open("rb") as fh:
                cat = read_po(fh, locale=lang)
            for msg in cat:
                if not msg.id:
                    continue
                if isinstance(msg.id, tuple | list):
                    strings = tuple(s for s in (msg.string or ()) if s)
                    if strings:
                        plural[msg.id[0]] = strings
                elif isinstance(msg.string, str) and msg.string:
                    singular[msg.id] = msg.string
        catalogs[lang] = Catalog(lang, singular, plural)
    return catalogs


class Translator:
    """Translates message ids into one language, formatting ``{placeholders}``."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.lang = catalog.lang

    def t(self, message: str, /, **params: object) -> str:
        """Translate ``message`` and fill in ``params``."""
        text = self.catalog.singular.get(message, message)
        return text.format(**params) if params else text

    def tn(self, singular: str, plural: str, n: int, /, **params: object) -> str:
        """Translate with a plural form chosen by ``n`` (German and English: one/other)."""
        forms = self.catalog.plural.get(singular)
        if forms and len(forms) >= 2:
            text = forms[0] if n == 1 else forms[1]
        else:
            text = singular if n == 1 else plural
        return text.format(n=n, **params)


class I18n:
    """The translators of every supported language, built once by the app."""

    def __init__(self, locale_dir: Path = DEFAULT_LOCALE_DIR) -> None:
        self._translators = {
            lang: Translator(cat) for lang, cat in load_catalogs(locale_dir).items()
        }

    def __call__(self, lang: str | None) -> Translator:
        """The translator for ``lang`` (German when unknown)."""
        return self._translators.get(lang or "de", self._translators["de"])
