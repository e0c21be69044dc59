"""German messages name commands by their German names: a reminder that says "mit /status"
to someone whose /help lists /stand sends them looking for a command they never saw."""

from __future__ import annotations

import re

from bot.i18n import Catalog, load_catalogs, load_overlays
from commands import build_registry
from tests.harness import Bot


def english_names_in(catalog: Catalog) -> list[tuple[str, str]]:
    """(English name, German text) for each German text naming a command by its English name
    where the command has a German one."""
    names = {c.name: c.aliases[0] for c in build_registry() if c.aliases and c.aliases[0] != c.name}
    texts = [*catalog.singular.values(), *(t for ts in catalog.plural.values() for t in ts)]
    return [
        (english, text)
        for text in texts
        for english in names
        if re.search(r"/" + re.escape(english) + r"(?![\w-])", text)
    ]


def test_german_and_du_catalogues_use_the_german_command_names() -> None:
    assert english_names_in(load_catalogs()["de"]) == []
    assert english_names_in(load_overlays()["de"]) == []


def test_the_check_finds_an_english_name() -> None:
    catalog = Catalog("de", {"x": "Aktualisieren Sie sie mit /status 1."}, {})
    assert english_names_in(catalog) == [("status", "Aktualisieren Sie sie mit /status 1.")]


async def test_the_words_people_try_first_work(bot: Bot) -> None:
    """A youth representative writes /idee, a coordinator /zuständig: both do what they say
    instead of answering 'I do not know /idee, did you mean /ideen?' (the waiting list)."""
    await bot.group_with(lea="youth", max="member")
    answer = await bot.ask("lea", "/idee Bolzplatz am Bahnhof", chat="dm")
    assert answer.startswith("Danke! Deine Idee „Bolzplatz am Bahnhof“ ist jetzt bei der")
    assert "Bolzplatz am Bahnhof" in await bot.ask("anna", "/ideen")
    await bot.ask("anna", "/vorschlag Spielplatz")
    for word, name in (("/zuständig", "max"), ("/zustaendig", "anna"), ("/verantwortlich", "max")):
        answer = await bot.ask("anna", f"{word} 1 {name}")
        assert f"{name.title()} ist jetzt verantwortlich für Maßnahme 1" in answer


async def test_an_english_speaking_youth_representative_sends_an_idea_with_idea(bot: Bot) -> None:
    """/idee's English word is /idea (not /ideas, her list): it proposes, as /propose does."""
    await bot.group_with(lea="youth")
    await bot.ask("lea", "/lang en", chat="dm")
    answer = await bot.ask("lea", "/idea Skatepark | near the station", chat="dm")
    assert answer.startswith("Thanks! Your idea “Skatepark” is now with the steering group")
    assert "Usage: /idea <your idea> [| more about it]" in await bot.ask("lea", "/help idea", "dm")
    assert "near the station" in await bot.ask("anna", "/warteschlange")


def test_the_english_catalogue_uses_the_english_command_names() -> None:
    """The other way round: an English text naming /stand or /vorschlag sends an English
    reader looking for a command their /help lists as /status or /propose."""
    german = {
        c.aliases[0]: c.name for c in build_registry() if c.aliases and c.aliases[0] != c.name
    }
    catalog = load_catalogs()["en"]
    texts = [*catalog.singular.values(), *(t for ts in catalog.plural.values() for t in ts)]
    found = [
        (name, text)
        for text in texts
        for name in german
        if re.search(r"/" + re.escape(name) + r"(?![\w-])", text)
    ]
    assert found == []
