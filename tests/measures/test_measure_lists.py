"""/measures for a large steering group (25 people, 60 measures) stays readable; what is overdue."""

from __future__ import annotations

from datetime import timedelta

import pytest

from tests.harness import Bot

FIELDS = ("#kindeswohl", "#rahmen", "#beteil", "#info", "")
TELEGRAM_LIMIT = 4096


async def large_group(bot: Bot) -> Bot:
    await bot.group_with(**{f"person{n:02d}": "member" for n in range(1, 25)})
    for n in range(1, 61):
        title = f"Maßnahme {n:02d}: sichere Schulwege und mehr Spielraum im Quartier"
        await bot.ask(f"person{n % 24 + 1:02d}", f"/propose {title} {FIELDS[n % 5]}")
    for n in range(1, 61, 6):
        await bot.ask("anna", f"/stand {n} umgesetzt erzwingen")
    return bot


@pytest.fixture
async def large(bot: Bot) -> Bot:
    return await large_group(bot)


async def test_sixty_measures_are_listed_by_field_of_action_in_messages_that_fit(
    large: Bot,
) -> None:
    sent = [s.reply.text for s in await large.say("anna", "/massnahmen")]
    # Packed by the bot, not cut by the platform: each message fits, a field that goes on in
    # the next one is named again there.
    assert len(sent) == 2 and all(len(text) <= TELEGRAM_LIMIT for text in sent)
    assert sent[0].startswith(
        "60 Maßnahmen:\n\nKindeswohlvorrang\n"
        "5. Maßnahme 05: sichere Schulwege und mehr Spielraum im Quartier · vorgeschlagen\n"
    )
    assert sent[1].startswith("Information (…)\n28. Maßnahme 28")
    lines = "\n".join(sent).splitlines()
    # A heading per field, in the programme's order, those without one last.
    assert [line for line in lines[1:] if line and not line[0].isdigit()] == [
        "Kindeswohlvorrang",
        "Kinderfreundliche Rahmenbedingungen",
        "Beteiligung",
        "Information",
        "Information (…)",
        "Ohne Handlungsfeld",
    ]
    # One compact line per measure (number, title, status), the field not repeated on it.
    measures = [line for line in lines[1:] if line[:1].isdigit()]
    assert len(measures) == 60 and len({m.split(".")[0] for m in measures}) == 60
    assert "1. Maßnahme 01: sichere Schulwege und mehr Spielraum im Quartier · umgesetzt" in lines
    assert not any("Beteiligung" in line or "Information" in line for line in measures)


async def test_a_filter_is_said_once_at_the_top_not_on_every_line(large: Bot) -> None:
    done = await large.ask("anna", "/massnahmen umgesetzt")
    assert done.startswith(
        "10 Maßnahmen (umgesetzt):\n\nKindeswohlvorrang\n"
        "25. Maßnahme 25: sichere Schulwege und mehr Spielraum im Quartier\n"
        "55. Maßnahme 55: sichere Schulwege und mehr Spielraum im Quartier\n\n"
        "Kinderfreundliche Rahmenbedingungen\n"
    )
    assert "umgesetzt" not in done.split("\n", 1)[1]
    field = await large.ask("anna", "/massnahmen #beteil")
    assert field.startswith(
        "12 Maßnahmen im Handlungsfeld Beteiligung:\n"
        "2. Maßnahme 02: sichere Schulwege und mehr Spielraum im Quartier · vorgeschlagen\n"
        "7. Maßnahme 07: sichere Schulwege und mehr Spielraum im Quartier · umgesetzt\n"
    )
    assert "Beteiligung" not in field.split("\n", 1)[1]
    assert await large.ask("anna", "/massnahmen #beteil umgesetzt") == (
        "2 Maßnahmen (umgesetzt) im Handlungsfeld Beteiligung:\n"
        "7. Maßnahme 07: sichere Schulwege und mehr Spielraum im Quartier\n"
        "37. Maßnahme 37: sichere Schulwege und mehr Spielraum im Quartier"
    )
    # Several statuses: each line says which.
    both = await large.ask("anna", "/massnahmen status=umgesetzt,vorgeschlagen #beteil")
    assert both.startswith("12 Maßnahmen im Handlungsfeld Beteiligung:\n2. ")
    await large.ask("anna", "/sprache en")
    assert (await large.ask("anna", "/measures done #beteil")).startswith(
        "2 measures (done) in the field of action Participation:\n7. "
    )
    assert (await large.ask("anna", "/measures done")).startswith(
        "10 measures (done):\n\nBest interests of the child\n25. "
    )


async def test_a_long_title_is_cut_in_the_list_and_shown_whole_by_show(bot: Bot) -> None:
    await bot.group_with()
    title = "Spielplatz " + "mit Rutsche, Schaukel und Sandkasten für alle Kinder " * 3
    await bot.ask("anna", f"/propose {title.strip()}")
    listed = await bot.ask("anna", "/massnahmen")
    assert listed.startswith("1 Maßnahme:\n1. Spielplatz mit Rutsche")
    assert "…" in listed and len(listed.splitlines()[1]) < 110
    assert title.strip() in await bot.ask("anna", "/zeige 1")


async def test_overdue_lists_missed_milestones_with_their_measure_once(bot: Bot) -> None:
    await bot.group_with(max="member")
    for title in ("Spielplatz", "Infobroschüre", "Jugendraum #beteil", "Bänke"):
        await bot.ask("anna", f"/propose {title}")
    await bot.ask("anna", "/frist 1 20.1.2027")
    await bot.ask("anna", "/meilenstein 1 15.1.2027 Ort gefunden")
    await bot.ask("anna", "/meilenstein 1 18.1.2027 Plan fertig")
    await bot.ask("anna", "/meilenstein 1 1.3.2027 Baubeginn")  # still ahead
    await bot.ask("anna", "/frist 3 20.3.2027")  # not due yet, but a step missed
    await bot.ask("anna", "/meilenstein 3 18.1.2027 Träger gefunden")
    await bot.ask("anna", "/meilenstein 4 19.1.2027 Bänke bestellt")
    await bot.ask("anna", "/meilenstein 4 erreicht 1")  # reached: nothing missed
    await bot.ask("anna", "/meilenstein 2 12.1.2027 Druck")
    await bot.ask("anna", "/stand 2 erledigt erzwingen")  # done: never overdue
    bot.clock.advance(timedelta(days=14))  # Monday 25 January
    assert await bot.ask("max", "/massnahmen überfällig") == (
        "2 überfällige Maßnahmen:\n\n"
        "Beteiligung\n"
        "3. Jugendraum · vorgeschlagen\n"
        "   Meilenstein „Träger gefunden“ am 18.01.2027 verpasst\n\n"
        "Ohne Handlungsfeld\n"
        "1. Spielplatz · vorgeschlagen · fällig seit 20.01.2027\n"
        "   Meilenstein „Ort gefunden“ am 15.01.2027 verpasst\n"
        "   Meilenstein „Plan fertig“ am 18.01.2027 verpasst"
    )
    await bot.ask("anna", "/meilenstein 3 erreicht 1")
    assert await bot.ask("max", "/massnahmen überfällig") == (
        "1 überfällige Maßnahme:\n"
        "1. Spielplatz · vorgeschlagen · fällig seit 20.01.2027\n"
        "   Meilenstein „Ort gefunden“ am 15.01.2027 verpasst\n"
        "   Meilenstein „Plan fertig“ am 18.01.2027 verpasst"
    )
    await bot.ask("anna", "/sprache en")
    overdue = await bot.ask("max", "/measures overdue")
    assert overdue.startswith("1 overdue measure:\n"), overdue
    assert "   Milestone “Plan fertig” missed on 18 Jan 2027" in overdue


async def test_a_long_overdue_list_keeps_each_measure_with_its_missed_milestones(bot: Bot) -> None:
    await bot.group_with()  # no fields of action: one list, no headings
    for n in range(1, 21):
        await bot.ask("anna", f"/propose Maßnahme {n:02d}: sichere Schulwege im ganzen Quartier")
        await bot.ask("anna", f"/frist {n} 20.1.2027")
        for day in (11, 12, 13):
            await bot.ask("anna", f"/meilenstein {n} {day}.1.2027 Schritt {day} für Maßnahme {n}")
    bot.clock.advance(timedelta(days=14))
    sent = [s.reply.text for s in await bot.say("anna", "/massnahmen überfällig")]
    assert len(sent) == 2 and all(len(text) <= 3500 for text in sent)
    assert sent[0].startswith("20 überfällige Maßnahmen:\n1. Maßnahme 01")
    # Measure 12 and its three missed milestones do not fit the first message: they go on to
    # the second together, rather than the last milestone alone at its top.
    assert sent[0].endswith("„Schritt 13 für Maßnahme 11“ am 13.01.2027 verpasst")
    assert sent[1].startswith(
        "12. Maßnahme 12: sichere Schulwege im ganzen Quartier · vorgeschlagen"
        " · fällig seit 20.01.2027\n"
        "   Meilenstein „Schritt 11 für Maßnahme 12“ am 11.01.2027 verpasst\n"
    )
    for text in sent:  # every milestone under its measure, in the same message
        named = [line.split(".")[0] for line in text.splitlines() if line[:1].isdigit()]
        for line in text.splitlines():
            if line.startswith("   Meilenstein"):
                assert line.split("für Maßnahme ")[1].split("“")[0] in named, line
    assert "\n".join(sent).count("   Meilenstein") == 60
