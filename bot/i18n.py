"""Translations: gettext catalogues (read with Babel) in ``bot/locale/<lang>/*.po``.

Message ids are the English text with ``{name}`` placeholders. Every capability keeps its own
``.po`` file per language (``groups.po``, ``measures.po`` …); all files of a language are merged.
Mark a string for extraction with ``N_()`` where it is declared and translate it with
``Translator.t()`` (or ``ctx.t()`` in a handler) where it is shown.

German speaks to its reader as "Sie"; youth representatives are spoken to as "du". The
informal register is an overlay (``bot/locale/de_du/*.po``) holding only the messages whose
German text addresses the reader; everything else comes from the German catalogue.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from babel.messages.pofile import read_po

LANGUAGES = ("de", "en")
INFORMAL = {"de": "de_du"}  # language → the directory of its informal ("du") overlay
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
    informal: bool = False


def _read(directory: Path, lang: str) -> Catalog:
    """Every ``.po`` file of one directory, merged."""
    singular: dict[str, str] = {}
    plural: dict[str, tuple[str, ...]] = {}
    for po in sorted(directory.glob("*.po")):
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
    return Catalog(lang, singular, plural)


def load_catalogs(locale_dir: Path = DEFAULT_LOCALE_DIR) -> dict[str, Catalog]:
    """Read every ``.po`` file below ``locale_dir`` into one catalogue per language."""
    return {lang: _read(locale_dir / lang, lang) for lang in LANGUAGES}


def load_overlays(locale_dir: Path = DEFAULT_LOCALE_DIR) -> dict[str, Catalog]:
    """The informal overlays alone, per language (only the messages they change)."""
    return {lang: _read(locale_dir / name, lang) for lang, name in INFORMAL.items()}


def informal_catalog(base: Catalog, overlay: Catalog) -> Catalog:
    """``base`` with the overlay's messages in place of its own."""
    return Catalog(
        base.lang,
        {**base.singular, **overlay.singular},
        {**base.plural, **overlay.plural},
        informal=True,
    )


class Translator:
    """Translates message ids into one language, formatting ``{placeholders}``."""

    def __init__(self, catalog: Catalog) -> None:
        self.catalog = catalog
        self.lang = catalog.lang
        self.informal = catalog.informal

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
        catalogs = load_catalogs(locale_dir)
        self._translators = {lang: Translator(cat) for lang, cat in catalogs.items()}
        self._informal = {
            lang: Translator(informal_catalog(catalogs[lang], overlay))
            for lang, overlay in load_overlays(locale_dir).items()
        }

    def __call__(self, lang: str | None, *, informal: bool = False) -> Translator:
        """The translator for ``lang`` (German when unknown); ``informal`` speaks to the
        reader as "du" where the language makes the difference."""
        lang = lang if lang in self._translators else "de"
        if informal and lang in self._informal:
            return self._informal[lang]
        return self._translators[lang]
