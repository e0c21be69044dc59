"""Bad input gets one clear reply, stores nothing half-way and never stops the loop."""

from __future__ import annotations

import logging

import pytest
from sqlalchemy import func, select

from bot.errors import CommandError
from storage.models import Measure
from tests.harness import Bot


async def count_measures(bot: Bot) -> int:
    async with bot.app.sessions() as s:
        return int(await s.scalar(select(func.count()).select_from(Measure)) or 0)


@pytest.mark.parametrize(
    "command",
    ["/setup", "/invite", "/join", "/propose", "/show", "/propose |nur Beschreibung"],
)
async def test_missing_arguments(bot: Bot, command: str) -> None:
    if command not in ("/setup", "/join"):
        await bot.ask("anna", "/setup Musterstadt")
    answers = await bot.say("anna", command)
    assert len(answers) == 1
    assert "Es fehlt noch" in answers[0].reply.text and "So geht’s" in answers[0].reply.text


async def test_text_over_4000_chars_is_refused(bot: Bot) -> None:
    await bot.ask("anna", "/setup Musterstadt")
    answer = await bot.ask("anna", "/propose " + "x" * 5000)
    assert "zu lang (5.009 Zeichen)" in answer
    assert await count_measures(bot) == 0


async def test_title_over_limit_is_refused(bot: Bot) -> None:
    await bot.ask("anna", "/setup Musterstadt")
    assert "Titel ist zu lang (300 Zeichen" in await bot.ask("anna", "/propose " + "y" * 300)
    assert await count_measures(bot) == 0


async def test_control_characters_are_dropped(bot: Bot) -> None:
    await bot.ask("anna", "/setup Musterstadt")
    answer = await bot.ask("anna", "/propose Spiel\x00platz\x07 bauen\x1b[31m")
    assert "„Spielplatz bauen[31m“" in answer
    async with bot.app.sessions() as s:
        title = await s.scalar(select(Measure.title))
    assert title == "Spielplatz bauen[31m"


@pytest.mark.parametrize(
    "title",
    [
        "'; DROP TABLE measures; --",
        "Robert'); DELETE FROM groups WHERE ('1'='1",
        "🛝 Spielplatz 🎉👩‍👧‍👦",
        "ملعب للأطفال",
        "גן שעשועים",
        "پارک\u200cها",  # the zero-width non-joiner shapes a Persian word: it stays
    ],
)
async def test_odd_titles_stored_verbatim(bot: Bot, title: str) -> None:
    await bot.ask("anna", "/setup Musterstadt")
    answer = await bot.ask("anna", f"/propose {title}")
    assert "Maßnahme 1" in answer
    async with bot.app.sessions() as s:
        stored = await s.scalar(select(Measure.title))
    assert stored == title
    assert title in await bot.ask("anna", "/measures")
    assert "Maßnahme 2" in await bot.ask("anna", "/propose danach")


async def test_invisible_characters_are_dropped(bot: Bot) -> None:
    await bot.ask("anna", "/setup Musterstadt")
    # A bidi override would show the title backwards; zero-width characters hide in it; a
    # joiner that joins nothing goes, the one inside the emoji family stays.
    typed = (
        "\ufeffSpiel\u200bplatz \u2067\u202eetalp\u202c\u2069\u2060 \u200d👨\u200d👩\u200d👧\u200d"
    )
    answer = await bot.ask("anna", f"/propose {typed}")
    assert answer == "Maßnahme 1 „Spielplatz etalp 👨\u200d👩\u200d👧“ ist vorgeschlagen."
    async with bot.app.sessions() as s:
        assert await s.scalar(select(Measure.title)) == "Spielplatz etalp 👨\u200d👩\u200d👧"


async def test_a_title_of_invisible_characters_only_is_missing(bot: Bot) -> None:
    await bot.ask("anna", "/setup Musterstadt")
    answer = await bot.ask("anna", "/propose \u202e\u200b\u2060\ufeff\u200d \u2066\u200c")
    assert answer.startswith("Es fehlt noch: Titel.")
    assert await count_measures(bot) == 0


@pytest.mark.parametrize(
    ("typed", "title"),
    [
        ('"Skatepark am Bahnhof" | mit Rampe', "Skatepark am Bahnhof"),
        ("„Skatepark am Bahnhof“", "Skatepark am Bahnhof"),
        ("„Kinder“ und „Jugend“ fragen", "„Kinder“ und „Jugend“ fragen"),
        ('"Kinder" und "Jugend"', '"Kinder" und "Jugend"'),
        ('Der "Bolzplatz"', 'Der "Bolzplatz"'),
    ],
)
async def test_quotes_around_the_whole_title_are_dropped(bot: Bot, typed: str, title: str) -> None:
    await bot.ask("anna", "/setup Musterstadt")
    await bot.ask("anna", f"/propose {typed}")
    async with bot.app.sessions() as s:
        assert await s.scalar(select(Measure.title)) == title


@pytest.mark.parametrize(
    ("typed", "title", "description"),
    [
        ('"Spiel | Spaß" | Beschreibung', "Spiel | Spaß", "Beschreibung"),
        ("„Spiel | Spaß“ | Beschreibung", "Spiel | Spaß", "Beschreibung"),
        ("»Spiel | Spaß« | mit Rutsche", "Spiel | Spaß", "mit Rutsche"),
        ('Der "Bolz|platz" am Bach | neu', 'Der "Bolz|platz" am Bach', "neu"),
        ("„Spiel | Spaß", "„Spiel", "Spaß"),  # a quote that does not close protects nothing
        ("Spielplatz | mit | Rutsche", "Spielplatz", "mit | Rutsche"),
    ],
)
async def test_a_bar_in_quotes_belongs_to_the_title(
    bot: Bot, typed: str, title: str, description: str
) -> None:
    await bot.ask("anna", "/setup Musterstadt")
    answer = await bot.ask("anna", f"/vorschlag {typed}")
    assert answer == f"Maßnahme 1 „{title}“ ist vorgeschlagen."
    async with bot.app.sessions() as s:
        assert (await s.execute(select(Measure.title, Measure.description))).one() == (
            title,
            description,
        )


async def test_internal_error_gives_incident_and_keeps_loop(
    bot: Bot, caplog: pytest.LogCaptureFixture, monkeypatch: pytest.MonkeyPatch
) -> None:
    await bot.ask("anna", "/setup Musterstadt")
    import commands.measures as measures

    async def broken(*args: object, **kwargs: object) -> int:
        raise RuntimeError("database on fire")

    monkeypatch.setattr(measures.group_repo, "take_measure_number", broken)
    with caplog.at_level(logging.ERROR):
        answer = await bot.ask("anna", "/propose Spielplatz")
    assert "etwas schiefgegangen (Vorfall " in answer and "Traceback" not in answer
    incident = answer.split("Vorfall ")[1].split(")")[0]
    assert any(incident in r.getMessage() and r.exc_info for r in caplog.records)
    assert await count_measures(bot) == 0
    monkeypatch.undo()
    assert "Maßnahme 1" in await bot.ask("anna", "/propose Spielplatz")


async def test_refusal_leaves_nothing_half_stored(
    bot: Bot, monkeypatch: pytest.MonkeyPatch
) -> None:
    await bot.ask("anna", "/setup Musterstadt")
    import commands.measures as measures

    original = measures.repo.record_event

    async def refuse(*args: object, **kwargs: object) -> None:
        await original(*args, **kwargs)  # type: ignore[arg-type]  # the measure and its entry are written …
        raise CommandError(  # … and then the command is refused
            "Your message is too long ({length} characters). Please keep it under {limit} characters.",
            length=1,
            limit=2,
        )

    monkeypatch.setattr(measures.repo, "record_event", refuse)
    await bot.ask("anna", "/propose Spielplatz")
    assert await count_measures(bot) == 0


async def test_same_event_twice_has_no_second_effect(bot: Bot) -> None:
    await bot.ask("anna", "/setup Musterstadt")
    first = await bot.say("anna", "/propose Spielplatz", event_id="tg-77")
    second = await bot.say("anna", "/propose Spielplatz", event_id="tg-77")
    assert len(first) == 1 and second == []
    assert await count_measures(bot) == 1


async def test_refused_event_replayed_is_not_answered_twice(bot: Bot) -> None:
    assert len(await bot.say("anna", "/show 1", event_id="x-1")) == 1
    assert await bot.say("anna", "/show 1", event_id="x-1") == []
    # Refused by the dispatcher (the role) and by the handler (no such measure): each once.
    await bot.group_with(lea="youth")
    for event_id, who, text in (("x-2", "lea", "/runde zustimmung 1"), ("x-3", "anna", "/show 9")):
        (refused,) = await bot.say(who, text, event_id=event_id)
        assert refused.reply.text
        assert await bot.say(who, text, event_id=event_id) == []


async def test_unknown_option_and_extra_words(bot: Bot) -> None:
    await bot.ask("anna", "/setup Musterstadt")
    assert "Die Angabe farbe= kenne ich nicht" in await bot.ask("anna", "/measures farbe=rot")
    assert "„17“ habe ich nicht verstanden" in await bot.ask("anna", "/show 1 17")
    # Other words are looked for in the titles.
    assert "Keine Maßnahme passt zu „abc“" in await bot.ask("anna", "/measures abc")


async def test_an_unknown_option_lists_the_options_as_the_reader_types_them(bot: Bot) -> None:
    await bot.group_with()
    assert await bot.ask("anna", "/erinnerungen foo=bar") == (
        "Die Angabe foo= kenne ich nicht. Möglich: kanal=, land=, pause=, ruhezeit=, überfällig=, "
        "vorlauf=, wochenende=\nSo geht’s: /erinnerungen [gruppe] [vorlauf=14t,3t,0t] "
        "[kanal=direkt|gruppe] [überfällig=7t|aus] [ruhezeit=20:00-07:00] [wochenende=an|aus] [pause=<Datum>|aus] [land=TH] · "
        "/erinnerungen sitzung <Regel>|aus"
    )
    await bot.ask("anna", "/lang en")
    assert (await bot.ask("anna", "/reminders foo=bar")).startswith(
        "Unknown option foo=. Possible: channel=, offsets=, overdue=, pause=, quiet=, state=, weekends=\n"
    )


async def test_an_option_typed_without_its_equals_sign_is_written_out_to_copy(bot: Bot) -> None:
    await bot.group_with()
    await bot.ask("anna", "/vorschlag Skatepark")
    await bot.ask("anna", "/vorschlag Bänke")
    assert await bot.ask("anna", "/runde zustimmung 1 2 schliesst Freitag") == (
        "„schliesst“ ist keine Maßnahmennummer.\n"
        "Eine Option wird mit „=“ geschrieben: /runde zustimmung 1 2 schliesst=Freitag"
    )
    assert await bot.ask("anna", "/erinnerungen ruhezeit=21-7 wochenende: an") == (
        "„wochenende: an“ habe ich nicht verstanden.\n"
        "Eine Option wird mit „=“ geschrieben: /erinnerungen ruhezeit=21-7 wochenende=an"
    )
    assert (await bot.ask("anna", "/programm aktionsplan 1.6.2027")).endswith(
        "\nEine Option wird mit „=“ geschrieben: /programm aktionsplan=1.6.2027"
    )
    # A refusal about another word keeps the usage line: "punkte" here is the method.
    assert "So geht’s: /runde" in await bot.ask("anna", "/runde punkte 1 2 xyz")
    await bot.ask("anna", "/lang en")
    assert (await bot.ask("anna", "/reminders weekends on")).endswith(
        "\nAn option is written with “=”: /reminders weekends=on"
    )


async def test_a_day_the_month_lacks_is_named_without_an_example_from_another_time(
    bot: Bot,
) -> None:
    # The same refusal serves "since" (past) and deadlines (future): no example date that
    # would be wrong for one of them.
    await bot.group_with()
    assert (await bot.ask("anna", "/bericht seit=31.02.2026")).startswith(
        "„31.02.2026“ ist kein Tag im Kalender: Hat der Monat so viele Tage?"
    )
