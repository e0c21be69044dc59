"""Every user-visible message has a translation in both catalogues, with the same placeholders."""

from __future__ import annotations

import re

from bot.i18n import I18n, load_catalogs
from bot.i18n_check import garbled, missing, unused, used_messages

PLACEHOLDER = re.compile(r"\{(\w+)\}")


def test_every_message_is_translated_in_both_languages() -> None:
    gaps = missing()
    assert gaps == {"de": [], "en": []}


def test_no_catalogue_keeps_a_message_the_source_no_longer_uses() -> None:
    assert unused() == {"de": [], "en": [], "de_du": []}


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
    assert de.tn("{n} measure", "{n} measures", 1) == "1 Maßnahme"
    assert de.tn("{n} measure", "{n} measures", 3) == "3 Maßnahmen"
    assert I18n()("en").tn("{n} measure", "{n} measures", 3) == "3 measures"


def test_the_checker_notices_a_missing_message(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    import bot.i18n_check as check

    (tmp_path / "bot").mkdir()
    (tmp_path / "bot" / "x.py").write_text(
        'from bot.i18n import N_\nN_("A message nobody translated")\n'
    )
    assert "A message nobody translated" in check.used_messages(tmp_path)
    monkeypatch.setattr(
        check, "used_messages", lambda root=tmp_path: {"A message nobody translated": "x"}
    )
    assert check.missing()["de"] == ["A message nobody translated"]


def test_no_message_is_translated_two_ways_across_catalogue_files() -> None:
    from pathlib import Path

    from babel.messages.pofile import read_po

    from bot.i18n import DEFAULT_LOCALE_DIR, LANGUAGES

    for lang in LANGUAGES:
        seen: dict[str, tuple[str, object]] = {}
        for po in sorted(Path(DEFAULT_LOCALE_DIR, lang).glob("*.po")):
            with po.open("rb") as fh:
                for msg in read_po(fh, locale=lang):
                    if not msg.id:
                        continue
                    key = msg.id if isinstance(msg.id, str) else msg.id[0]
                    value = msg.string if isinstance(msg.string, str) else tuple(msg.string)
                    first = seen.setdefault(key, (po.name, value))
                    assert first[1] == value, (lang, key, first, (po.name, value))


def test_published_commands_use_platform_safe_names() -> None:
    import re

    from commands import build_registry

    published = build_registry().published(lambda lang, msg: msg)
    names = {p.name for p in published}
    assert "who_voted" in names and "who-voted" not in names
    assert all(re.fullmatch(r"[a-z0-9_]{1,32}", n) for n in names), names
    german = {p.name_in("de") for p in published}  # the German menu lists the German names
    assert "vorschlag" in german and "werhatgewaehlt" in german
    assert all(re.fullmatch(r"[a-z0-9_]{1,32}", n) for n in german), german


def test_the_german_menu_addresses_nobody() -> None:
    """Telegram shows one command menu per language to everyone in it: adults, to whom the bot
    says "Sie", and youth representatives, to whom it says "du". So the German menu says
    neither; /hilfe still speaks to each reader in their own form."""
    from bot.i18n_check import FORMAL
    from commands import build_registry

    i18n = I18n()
    published = build_registry().published(lambda lang, msg: i18n(lang).t(msg))
    menu = {p.name_in("de"): p.description("de") for p in published}
    assert menu["sprache"] == "Sprache dieses Chats oder die eigene"
    formal = {name: text for name, text in menu.items() if FORMAL.search(text)}
    assert formal == {}
    du = re.compile(r"\b(du|dich|dir|dein\w*)\b", re.IGNORECASE)
    assert {name: text for name, text in menu.items() if du.search(text)} == {}
    # The youth representative's /hilfe keeps the du form of these lines.
    assert i18n("de", informal=True).t("your ideas and proposals, and what became of them") == (
        "deine Ideen und Vorschläge und was daraus wurde"
    )


def test_no_catalogue_file_is_garbled() -> None:
    assert garbled() == []


def test_the_checker_notices_a_translation_glued_onto_another_entry(tmp_path) -> None:  # type: ignore[no-untyped-def]
    # What a union merge of two branches that changed the same message leaves behind.
    (tmp_path / "en").mkdir()
    (tmp_path / "en" / "reminders.po").write_text(
        'msgid "Tell me"\nmsgstr "Tell me"\n\n'
        'msgid "Change yours"\nmsgstr "Change yours"\nmsgstr "For a single one, 17 days"\n\n'
        'msgid "Tell me"\nmsgstr "Tell me again"\n\n'
        'msgid "{n} day"\nmsgid_plural "{n} days"\nmsgstr[0] "{n} day"\nmsgstr[1] "{n} days"\n'
        'msgstr[1] "{n} dayz"\n',
        encoding="utf-8",
    )
    assert garbled(tmp_path) == [
        "en/reminders.po:6: a second msgstr (entry at 4)",
        "en/reminders.po:8: written before at line 1",
        "en/reminders.po:15: a second msgstr[1] (entry at 11)",
    ]
