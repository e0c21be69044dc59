"""Every user-visible message has a translation in both catalogues, with the same placeholders."""

from __future__ import annotations

import re

from bot.i18n import I18n, load_catalogs
from bot.i18n_check import missing, used_messages

PLACEHOLDER = re.compile(r"\{(\w+)\}")


def test_every_message_is_translated_in_both_languages() -> None:
    gaps = missing()
    assert gaps == {"de": [], "en": []}


def test_translations_keep_placeholders() -> None:
    catalogs = load_catalogs()
    for msgid in used_messages():
        wanted = set(PLACEHOLDER.findall(msgid))
        for lang, cat in catalogs.items():
            if msgid in cat.singular:
                assert set(PLACEHOLDER.findall(cat.singular[msgid])) == wanted, (lang, msgid)


def test_german_is_really_german() -> None:
    de = I18n()("de")
    assert de.t("Status") == "Status"
    assert de.t("proposed") == "vorgeschlagen"
    assert de.tn("{n} measure:", "{n} measures:", 1) == "1 Maßnahme:"
    assert de.tn("{n} measure:", "{n} measures:", 3) == "3 Maßnahmen:"
    assert I18n()("en").tn("{n} measure:", "{n} measures:", 3) == "3 measures:"


def test_the_checker_notices_a_missing_message(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import bot.i18n_check as check

    (tmp_path / "bot").mkdir()
    (tmp_path / "bot" / "x.py").write_text('from bot.i18n import N_\nN_("A message nobody translated")\n')
    assert "A message nobody translated" in check.used_messages(tmp_path)
    monkeypatch.setattr(check, "used_messages", lambda root=tmp_path: {"A message nobody translated": "x"})
    assert check.missing()["de"] == ["A message nobody translated"]
