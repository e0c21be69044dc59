"""The action plan, the report and the calendar as files: re-read cell by cell."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from io import BytesIO

from odf.opendocument import load
from odf.table import TableCell

from bot.events import File
from tests.harness import Bot
from tests.measures.docs import csv_rows, ical_events, life, ods_rows, xlsx_cells, xlsx_rows

HEADERS = [
    "Nr.",
    "Titel",
    "Beschreibung",
    "Handlungsfeld",
    "Herkunft",
    "Vorgeschlagen von",
    "Verantwortlich",
    "Ziel",
    "Federführendes Amt",
    "Kontakt",
    "Partner",
    "Beginn",
    "Ende",
    "Frist",
    "Kosten (EUR)",
    "Finanzierung",
    "Finanzierung gesichert",
    "Indikatoren",
    "Status",
    "Beschlussgremium",
    "Beschlussdatum",
    "Beschluss-Nr.",
    "Sachstand",
    "Zyklus",
    "Meilensteine",
]


async def attachment(bot: Bot, text: str) -> File:
    sent = await bot.say("anna", text)
    assert len(sent) == 1 and len(sent[0].reply.attachments) == 1, [s.reply.text for s in sent]
    return sent[0].reply.attachments[0]


async def test_plan_xlsx_cell_by_cell(bot: Bot) -> None:
    await life(bot)
    file = await attachment(bot, "/plan export xlsx")
    assert file.name == "aktionsplan-Musterstadt.xlsx" and "spreadsheetml" in file.mime_type
    rows = xlsx_rows(file.data)
    assert rows[0] == HEADERS
    assert len(rows) == 3  # the proposed measure is not in the plan
    first = dict(zip(HEADERS, rows[1], strict=True))
    assert first == {
        "Nr.": 1,
        "Titel": "Spielplatz am Park",
        "Beschreibung": "Ein neuer Spielplatz",
        "Handlungsfeld": "Beteiligung",
        "Herkunft": "Steuerungsgruppe",
        "Vorgeschlagen von": "Anna",
        "Verantwortlich": None,
        "Ziel": "Mehr Platz zum Spielen",
        "Federführendes Amt": "Grünflächenamt",
        "Kontakt": "Frau Berg",
        "Partner": "Kita, Elternbeirat",
        "Beginn": datetime(2027, 3, 15),
        "Ende": datetime(2027, 9, 30),
        "Frist": datetime(2027, 7, 1),
        "Kosten (EUR)": 12500.5,
        "Finanzierung": "Landesprogramm",
        "Finanzierung gesichert": "ja",
        "Indikatoren": "Besuche",
        "Status": "beschlossen",
        "Beschlussgremium": "Stadtrat",
        "Beschlussdatum": datetime(2027, 2, 1),
        "Beschluss-Nr.": "DS-12",
        "Sachstand": "Planung",
        "Zyklus": 1,
        "Meilensteine": "01.05.2027 Baubeginn",
    }
    second = dict(zip(HEADERS, rows[2], strict=True))
    assert second["Handlungsfeld"] == "Information" and second["Status"] == "in Umsetzung"
    assert second["Kosten (EUR)"] == 800 and second["Finanzierung gesichert"] == "nein"
    ws = xlsx_cells(file.data)
    assert ws["L2"].is_date and ws["L2"].number_format == "DD.MM.YYYY"
    assert ws["O2"].data_type == "n" and "€" in ws["O2"].number_format
    # The header row filters its columns (a button on each heading) and stays in view.
    assert ws.auto_filter.ref == f"A1:{ws.cell(1, len(HEADERS)).column_letter}{len(rows)}"
    assert ws.freeze_panes == "A2"


async def test_plan_ods_cell_by_cell(bot: Bot) -> None:
    await life(bot)
    file = await attachment(bot, "/aktionsplan export ods")
    rows = ods_rows(file.data)
    assert [v for _, v in rows[0]] == HEADERS
    first = dict(zip(HEADERS, rows[1], strict=False))
    assert first["Nr."] == ("float", "1")
    assert first["Titel"] == ("string", "Spielplatz am Park")
    assert first["Beginn"] == ("date", "2027-03-15")
    assert first["Beschlussdatum"] == ("date", "2027-02-01")
    assert first["Kosten (EUR)"] == ("currency", "12500.50")
    assert first["Finanzierung gesichert"] == ("string", "ja")
    assert first["Meilensteine"] == ("string", "01.05.2027 Baubeginn")
    assert dict(zip(HEADERS, rows[2], strict=False))["Kosten (EUR)"] == ("currency", "800.00")


async def test_plan_csv_and_markdown(bot: Bot) -> None:
    await life(bot)
    rows = csv_rows((await attachment(bot, "/plan export csv")).data)
    assert rows[0] == HEADERS and len(rows) == 3
    first = dict(zip(HEADERS, rows[1], strict=True))
    assert first["Beginn"] == "15.03.2027" and first["Kosten (EUR)"] == "12500,50"
    assert first["Finanzierung gesichert"] == "ja" and first["Status"] == "beschlossen"
    md = (await attachment(bot, "/plan export md")).data.decode()
    assert md.startswith("# Aktionsplan Musterstadt")
    assert "## 1 Spielplatz am Park" in md and "- **Kosten (EUR):** 12.500,50\n" in md
    assert "- **Beginn:** 15.03.2027" in md and "Noch offen" not in md


async def test_the_markdown_plan_has_a_section_per_field_of_action(bot: Bot) -> None:
    """As /plan in the chat: the fields in the programme's order, those without one last;
    a measure's field is its section, not repeated in its list."""
    await life(bot)
    for line in ("/propose Jugendforum #beteil", "/propose Trinkbrunnen", "/propose Wegweiser"):
        await bot.ask("anna", line)
    for number in (4, 5):
        await bot.ask("anna", f"/status {number} beschlossen")
    md = (await attachment(bot, "/plan export md")).data.decode()
    headings = [line for line in md.splitlines() if line.startswith("#")]
    assert headings == [
        "# Aktionsplan Musterstadt",
        "## Beteiligung",
        "### 1 Spielplatz am Park",
        "### 4 Jugendforum",
        "## Information",
        "### 2 Kinderstadtplan",
        "## Ohne Handlungsfeld",
        "### 5 Trinkbrunnen",
    ]
    assert "Handlungsfeld:" not in md
    assert "### 2 Kinderstadtplan\n\n- **Herkunft:** Steuerungsgruppe\n" in md
    await bot.ask("anna", "/lang en")
    md = (await attachment(bot, "/plan export md")).data.decode()
    assert "## Beteiligung" not in md  # the programme's field in the group's language
    assert "## Participation\n\n### 1 Spielplatz am Park\n" in md
    assert "## Without a field of action\n\n### 5 Trinkbrunnen\n" in md
    assert "Field of action:" not in md


async def test_the_plan_export_calls_a_youth_idea_as_the_chat_does(bot: Bot) -> None:
    """A measure from a youth idea: "Herkunft: Jugendidee" in the chat and in every export
    (before: "Jugend" in the files), and a file read back keeps it a youth idea."""
    await life(bot)
    assert "Jugendidee" in await bot.ask("anna", "/bearbeite 2 herkunft=jugendidee")
    assert "Herkunft: Jugendidee" in await bot.ask("anna", "/zeige 2")
    md = (await attachment(bot, "/plan export md")).data.decode()
    assert "### 2 Kinderstadtplan\n\n- **Herkunft:** Jugendidee\n" in md
    rows = csv_rows((await attachment(bot, "/plan export csv")).data)
    assert [dict(zip(HEADERS, r, strict=True))["Herkunft"] for r in rows[1:]] == [
        "Steuerungsgruppe",
        "Jugendidee",
    ]
    cells = [
        dict(zip(HEADERS, r, strict=False))
        for r in xlsx_rows((await attachment(bot, "/plan export xlsx")).data)[1:]
    ]
    assert [c["Herkunft"] for c in cells] == ["Steuerungsgruppe", "Jugendidee"]


async def test_plan_export_bad_format(bot: Bot) -> None:
    await life(bot)
    assert "Mögliche Formate: xlsx, ods, csv, md" in await bot.ask("anna", "/plan export pdf")
    assert "nicht verstanden" in await bot.ask("anna", "/plan drucken")


async def test_plan_keeps_done_and_postponed_measures_with_their_status(bot: Bot) -> None:
    """The plan is what the steering group adopted: a finished or paused measure stays in it
    (with its status), a dropped or merely proposed one does not."""
    await life(bot)
    await bot.ask("anna", "/propose Fahrradwerkstatt #info")
    await bot.ask("anna", "/status 4 beschlossen")
    await bot.ask("anna", "/status 4 verworfen")
    await bot.ask("anna", "/status 1 umgesetzt")
    await bot.ask("anna", "/status 2 verschoben Haushaltssperre")
    text = await bot.ask("max", "/aktionsplan")
    assert "1. Spielplatz am Park — umgesetzt" in text
    assert "2. Kinderstadtplan — verschoben" in text
    assert "Noch offen" not in text and "Fahrradwerkstatt" not in text
    (sent,) = await bot.say("anna", "/aktionsplan export xlsx")
    assert sent.reply.text == "Der Aktionsplan mit 2 Maßnahmen."
    status = HEADERS.index("Status")
    rows = xlsx_rows(sent.reply.attachments[0].data)
    assert [(r[0], r[status]) for r in rows[1:]] == [(1, "umgesetzt"), (2, "verschoben")]
    rows = csv_rows((await attachment(bot, "/plan export csv")).data)
    assert [(r[0], r[status]) for r in rows[1:]] == [("1", "umgesetzt"), ("2", "verschoben")]
    md = (await attachment(bot, "/plan export md")).data.decode()
    assert "## 1 Spielplatz am Park" in md and "- **Status:** umgesetzt" in md
    assert "## 2 Kinderstadtplan" in md and "- **Status:** verschoben" in md
    assert "Fahrradwerkstatt" not in md


async def test_goal_indicators_and_partners_are_in_show_and_short_in_the_plan(bot: Bot) -> None:
    await life(bot)
    shown = await bot.ask("max", "/zeige 1")
    assert "\nZiel: Mehr Platz zum Spielen\n" in shown
    assert "\nPartner: Kita, Elternbeirat\n" in shown and "\nIndikatoren: Besuche\n" in shown
    assert (
        "1. Spielplatz am Park — beschlossen\n"
        "   Ziel: Mehr Platz zum Spielen · Indikatoren: Besuche\n"
        "   Federführung: Grünflächenamt · Partner: Kita, Elternbeirat\n"
    ) in await bot.ask("max", "/aktionsplan")
    # A long goal is cut in the chat's plan; /show has it whole.
    goal = "Kinder aus allen Stadtteilen finden in fünf Minuten Fußweg einen sicheren Ort " * 3
    await bot.ask("anna", f'/edit 2 ziel="{goal.strip()}" partner=Schulen')
    plan = await bot.ask("max", "/aktionsplan")
    assert (
        "2. Kinderstadtplan — in Umsetzung\n"
        "   Ziel: Kinder aus allen Stadtteilen finden in fünf Minuten Fußweg einen sicheren Ort "
        "Kinder aus allen…\n"
        "   Partner: Schulen\n"
    ) in plan
    assert goal.strip() in await bot.ask("max", "/zeige 2")
    await bot.ask("anna", "/sprache en")
    assert "   Goal: Mehr Platz zum Spielen · Indicators: Besuche\n" in await bot.ask(
        "max", "/plan"
    )


async def test_calendar_has_every_due_date_and_milestone_with_stable_uids(bot: Bot) -> None:
    await life(bot)
    file = await attachment(bot, "/kalender")
    assert file.name.endswith(".ics") and file.mime_type == "text/calendar"
    events = ical_events(file.data)
    assert events == {
        "steerbot-g1-m1-due@steerbot": (date(2027, 7, 1), "Frist: Maßnahme 1 Spielplatz am Park"),
        "steerbot-g1-milestone1@steerbot": (
            date(2027, 5, 1),
            "Meilenstein: Baubeginn (Maßnahme 1 Spielplatz am Park)",
        ),
        "steerbot-g1-m2-due@steerbot": (date(2027, 6, 1), "Frist: Maßnahme 2 Kinderstadtplan"),
    }
    await bot.ask("anna", "/due 1 15.7.2027")
    again = ical_events((await attachment(bot, "/calendar")).data)
    assert set(again) == set(events)
    assert again["steerbot-g1-m1-due@steerbot"][0] == date(2027, 7, 15)
    # In an English chat the file is named and titled in English, like its entries.
    await bot.ask("anna", "/lang en")
    english = await attachment(bot, "/calendar")
    assert english.name == "dates-Musterstadt.ics"
    assert b"X-WR-CALNAME:Action plan of Musterstadt" in english.data
    assert ical_events(english.data)["steerbot-g1-m2-due@steerbot"][1] == (
        "Due: measure 2 Kinderstadtplan"
    )
    # A finished measure's due date is no longer in the calendar, its milestones stay; a
    # dropped measure leaves with its milestones.
    await bot.ask("anna", "/lang de")
    await bot.ask("anna", "/status 1 in_umsetzung")
    await bot.ask("anna", "/status 1 umgesetzt")
    assert set(ical_events((await attachment(bot, "/kalender")).data)) == {
        "steerbot-g1-milestone1@steerbot",
        "steerbot-g1-m2-due@steerbot",
    }
    await bot.ask("anna", "/milestone 2 1.5.2027 Druck")
    assert len(ical_events((await attachment(bot, "/kalender")).data)) == 3
    await bot.ask("anna", "/status 2 verworfen")
    assert set(ical_events((await attachment(bot, "/kalender")).data)) == {
        "steerbot-g1-milestone1@steerbot"
    }


async def test_report_changed_overdue_done(bot: Bot) -> None:
    await life(bot)
    bot.clock.advance(timedelta(days=150))  # 10.6.2027: measure 2 (due 1.6.) is overdue
    await bot.ask("anna", "/status 1 in_umsetzung")
    await bot.ask("anna", "/status 1 umgesetzt")
    text = await bot.ask("anna", "/bericht seit=1.6.2027")
    assert "Sachstandsbericht Musterstadt seit 01.06.2027" in text
    # One line per measure; a field changed twice shows where it started and where it ended.
    assert "Geändert (1):\n• 1. Spielplatz am Park: Status beschlossen → umgesetzt\n" in text
    assert "Überfällig (1):" in text and "2. Kinderstadtplan: fällig seit 01.06.2027" in text
    assert "Meilenstein Baubeginn" not in text  # measure 1 is done
    assert "Umgesetzt (1):" in text and "• 1. Spielplatz am Park (10.06.2027)" in text
    sent = await bot.say("anna", "/report since=10.6.2027")
    assert len(sent) == 1  # a short report is one message, empty sections say so
    assert "Überfällig (1):" in sent[0].reply.text
    assert "Geändert (1):" in sent[0].reply.text
    bot.clock.advance(timedelta(days=1))
    quiet = await bot.say("anna", "/report since=11.6.2027")
    assert len(quiet) == 1
    # As the digest: the empty headings in one last line (before: "Geändert (0):\n• nichts").
    assert quiet[0].reply.text == (
        "Sachstandsbericht Musterstadt seit 11.06.2027\n"
        "Überfällig (1):\n• 2. Kinderstadtplan: fällig seit 01.06.2027\n\n"
        "Ohne Einträge: Geändert · Umgesetzt"
    )
    whole = await bot.ask("anna", "/report")
    assert "seit 12.05.2027" in whole  # 30 days back from 11.6.
    assert "nur heute oder früher" in await bot.ask("anna", "/report since=1.1.2030")
    report = (await attachment(bot, "/report since=1.6.2027 export xlsx")).data
    rows = xlsx_rows(report)
    assert rows[0][:3] == ["Nr.", "Titel", "Abschnitt"]
    ws = xlsx_cells(report)
    assert ws.auto_filter.ref == f"A1:{ws.cell(1, len(rows[0])).column_letter}{len(rows)}"
    sections = [(r[0], r[2], r[6]) for r in rows[1:]]
    assert sections == [
        (1, "Geändert", "Status"),
        (1, "Geändert", "Status"),
        (2, "Überfällig", "Frist"),
        (1, "Umgesetzt", "Status"),
    ]
    assert rows[3][5] == datetime(2027, 6, 1)
    # A milestone added and removed shows as added, then as "old → —".
    await bot.ask("anna", "/milestone 2 Entwurf 1.9.2027")
    asked = await bot.say("anna", "/milestone 2 remove 1")
    await bot.press("anna", asked[0].reply.choices[0].action)
    text = await bot.ask("anna", "/report since=11.6.2027")
    assert (
        "2. Kinderstadtplan: Meilenstein 01.09.2027 Entwurf; Meilenstein 01.09.2027 Entwurf → —\n"
        in text
    )


async def test_report_names_a_new_measure_once(bot: Bot) -> None:
    await bot.group_with()
    await bot.ask("anna", "/propose Spielplatz am Park")
    await bot.ask("anna", "/propose Kinderstadtplan")
    await bot.ask("anna", "/edit 2 title=Kinderstadtplan online")
    text = await bot.ask("anna", "/bericht")
    assert "• 1. Spielplatz am Park: angelegt\n" in text
    assert "Spielplatz am Park: angelegt Spielplatz" not in text
    # Renamed since: the title it was created with is still told.
    assert (
        "• 2. Kinderstadtplan online: angelegt Kinderstadtplan; Titel Kinderstadtplan → "
        "Kinderstadtplan online\n" in text
    )


async def test_plan_in_chat_grouped_and_split(bot: Bot) -> None:
    await life(bot)
    sent = await bot.say("max", "/plan")
    # One post for the whole plan, every field of action in it (not one post per field).
    assert len(sent) == 1
    text = sent[0].reply.text
    assert text.startswith(
        "Aktionsplan Musterstadt\n\nBeteiligung\n\n1. Spielplatz am Park — beschlossen"
    )
    assert (
        "Federführung: Grünflächenamt" in text
        and "15.03.2027 – 30.09.2027 · Frist 01.07.2027" in text
    )
    assert "Kosten: 12.500,50 € · Finanzierung: Landesprogramm (gesichert)" in text
    assert "(gesichert)\n\nInformation\n\n2. Kinderstadtplan — in Umsetzung" in text
    assert text.endswith("Finanzierung: noch nicht gesichert")
    for n in range(4, 44):  # measure 3 is "Noch offen"
        await bot.ask("anna", f"/propose Maßnahme mit einem recht langen Titel Nummer {n} #info")
        await bot.ask(
            "anna",
            f"/edit {n} amt=Amt für Familie und Jugend, Abteilung {n} kosten={n}00 beginn=1.3.2027 ende=1.12.2027",
        )
        await bot.ask("anna", f"/status {n} beschlossen")
    # A plan over the budget goes on in further posts, each filled up, a measure never cut.
    sent = await bot.say("max", "/plan")
    assert len(sent) >= 2 and all(len(s.reply.text) <= 3500 for s in sent)
    assert all(len(s.reply.text) > 3000 for s in sent[:-1])
    assert sent[1].reply.text.startswith("Information (…)\n\n")
    joined = "\n".join(s.reply.text for s in sent)
    missing = [n for n in range(4, 44) if f"Nummer {n} —" not in joined]
    assert missing == [], joined[-2000:]


async def test_a_measure_longer_than_a_message_shows_whole_over_several(bot: Bot) -> None:
    """No command takes 5,000 characters for a field, but a plan must not lose text even so:
    the block goes on in the next message, split between words, under the platform's limit."""
    from sqlalchemy import update

    from storage.models import Measure

    await bot.group_with(max="member")
    await bot.ask("anna", "/propose Spielplatz #beteil")
    await bot.ask("anna", "/propose Stadtplan #info")
    for n in (1, 2):
        await bot.ask("anna", f"/status {n} beschlossen")
    office = " ".join(f"Abteilung{i}" for i in range(500))  # 5,389 characters, one line
    async with bot.app.sessions() as s, s.begin():
        await s.execute(update(Measure).where(Measure.number == 1).values(lead_office=office))
    sent = await bot.say("max", "/aktionsplan")
    texts = [m.reply.text for m in sent]
    assert len(texts) == 3 and all(len(t) <= 3500 for t in texts)
    assert texts[0] == "Aktionsplan Musterstadt\n\nBeteiligung\n\n1. Spielplatz — beschlossen"
    assert all(t.startswith("Beteiligung (…)\n\n") for t in texts[1:])
    assert texts[1].startswith("Beteiligung (…)\n\n   Federführung: Abteilung0 Abteilung1 ")
    words = " ".join(t.split("\n\n", 1)[1] for t in texts).split()
    assert [w for w in words if w.startswith("Abteilung")] == office.split()  # all, in order
    assert texts[2].endswith("Abteilung499\n\nInformation\n\n2. Stadtplan — beschlossen")


async def test_a_report_line_longer_than_a_message_is_split_between_words(bot: Bot) -> None:
    await bot.group_with()
    await bot.ask("anna", "/propose Spielplatz")
    for n in range(45):
        await bot.ask("anna", f"/meilenstein 1 1.6.2027 Schritt{n} " + "mit einem langen Text " * 4)
    sent = await bot.say("anna", "/bericht")
    texts = [m.reply.text for m in sent]
    assert len(texts) >= 2 and all(len(t) <= 3500 for t in texts)
    assert texts[1].startswith("Sachstandsbericht Musterstadt seit ")
    joined = " ".join(texts)
    assert all(joined.count(f"Schritt{n} ") == 1 for n in range(45))
    assert texts[-1].endswith("\n\nOhne Einträge: Überfällig · Umgesetzt")


async def test_empty_plan(bot: Bot) -> None:
    await bot.group_with()
    assert "Aktionsplan ist noch leer" in await bot.ask("anna", "/plan")
    (sent,) = await bot.say("anna", "/plan export xlsx")
    assert sent.reply.text == (
        "Der Aktionsplan ist noch leer: Die Steuerungsgruppe hat noch keine Maßnahme beschlossen. "
        "Die Datei enthält nur die Spaltenköpfe."
    )
    assert xlsx_rows(sent.reply.attachments[0].data) == [HEADERS]  # a template to fill in


async def test_no_dates_no_calendar_file(bot: Bot) -> None:
    await bot.group_with()
    await bot.ask("anna", "/propose Spielplatz")
    (sent,) = await bot.say("anna", "/kalender")
    assert sent.reply.attachments == ()
    assert sent.reply.text.startswith("Es gibt noch keine Fristen oder Meilensteine")
    assert "/frist <Nummer> <Datum>" in sent.reply.text
    # A guest (observer) may not set one: the answer does not point them to /frist.
    code = await bot.invite("anna", "observer")
    await bot.ask("otto", f"/beitreten {code}", chat="dm")
    assert await bot.ask("otto", "/kalender", chat="dm") == (
        "Es gibt noch keine Fristen oder Meilensteine, also nichts für einen Kalender."
    )
    await bot.ask("anna", "/frist 1 15.3.2027")
    assert (await attachment(bot, "/kalender")).name.endswith(".ics")


async def test_a_guest_is_not_told_to_propose_into_an_empty_list(bot: Bot) -> None:
    await bot.group_with(ben="member", otto="observer")
    assert await bot.ask("ben", "/massnahmen") == (
        "Keine Maßnahmen gefunden. Vorschlagen mit /vorschlag <Titel>."
    )
    assert await bot.ask("otto", "/massnahmen") == "Es gibt noch keine Maßnahmen."


async def test_long_report_is_split(bot: Bot) -> None:
    await life(bot)
    for n in range(4, 64):
        await bot.ask("anna", f"/propose Maßnahme mit einem recht langen Titel Nummer {n}")
        await bot.ask("anna", f"/edit {n} sachstand=Ein Zwischenstand mit etwas Text")
    sent = await bot.say("anna", "/report")
    assert len(sent) >= 2 and all(len(s.reply.text) <= 3500 for s in sent)
    assert sent[1].reply.text.startswith("Sachstandsbericht Musterstadt seit 11.01.2027 (…)")
    assert sent[-1].reply.text.endswith("\n\nOhne Einträge: Überfällig · Umgesetzt")
    joined = "\n".join(s.reply.text for s in sent)
    assert all(f"Nummer {n}: angelegt; Sachstand — → Ein" in joined for n in range(4, 64))


async def test_report_of_a_new_group_starts_when_it_was_set_up(bot: Bot) -> None:
    """Without since=, the report looks back 30 days, but not to before the group existed:
    a group set up on 11.01.2027 has no report "since 15.12.2026"."""
    await bot.group_with()  # 11.01.2027
    await bot.ask("anna", "/propose Spielplatz am Park")
    bot.clock.advance(timedelta(days=3))
    text = await bot.ask("anna", "/bericht")
    assert text.startswith("Sachstandsbericht Musterstadt seit 11.01.2027\n"), text
    assert "• 1. Spielplatz am Park: angelegt" in text
    export = await bot.say("anna", "/bericht export md")
    assert export[0].reply.text == "Sachstandsbericht seit 11.01.2027."
    bot.clock.advance(timedelta(days=40))  # 23.02.2027: 30 days back, after the group's start
    assert (await bot.ask("anna", "/bericht")).startswith(
        "Sachstandsbericht Musterstadt seit 24.01.2027"
    )


async def test_report_lists_an_overdue_measure_once(bot: Bot) -> None:
    """A measure past its due date and with a missed milestone is one overdue measure, not
    two entries ("Überfällig (2)" with measure 1 twice)."""
    await bot.group_with()
    await bot.ask("anna", "/propose Schulwegpläne")
    await bot.ask("anna", "/propose Familienwegweiser")
    await bot.ask("anna", "/status 1 beschlossen")
    await bot.ask("anna", "/status 2 beschlossen")
    await bot.ask("anna", "/frist 1 15.02.2027")
    await bot.ask("anna", "/frist 2 10.02.2027")
    await bot.ask("anna", "/meilenstein 1 26.01.2027 Entwurf an Schulen")
    await bot.ask("anna", "/meilenstein 1 05.02.2027 Schulen gefragt")
    bot.clock.advance(timedelta(days=40))  # 20.02.2027
    text = await bot.ask("anna", "/bericht")
    assert (
        "Überfällig (2):\n"
        "• 1. Schulwegpläne: fällig seit 15.02.2027; Meilenstein Entwurf an Schulen seit "
        "26.01.2027; Meilenstein Schulen gefragt seit 05.02.2027\n"
        "• 2. Familienwegweiser: fällig seit 10.02.2027\n"
    ) in text


async def test_report_merges_a_measures_changes_and_cuts_long_values(bot: Bot) -> None:
    await bot.group_with()
    await bot.ask("anna", "/propose Spielplatz am Park")
    await bot.ask("anna", "/propose Kinderstadtplan")
    bot.clock.advance(timedelta(days=2))
    long_text = "Ein langer Sachstand " + "mit vielen Wörtern " * 30
    await bot.ask("anna", "/edit 1 amt=Bauamt")
    await bot.ask("anna", f"/edit 2 sachstand={long_text}")
    await bot.ask("anna", "/edit 1 amt=Grünflächenamt kosten=500")
    await bot.ask("anna", "/edit 1 kosten=")  # set and taken back: no change to report
    await bot.ask("anna", "/milestone 1 1.9.2027 Entwurf")
    text = await bot.ask("anna", "/bericht seit=heute")
    assert "Geändert (2):\n" in text
    # Monday: the day both were proposed, so they count as made since then.
    since_monday = await bot.ask("anna", "/bericht seit=letzten Montag")
    assert since_monday.startswith("Sachstandsbericht Musterstadt seit 11.01.2027\n")
    assert "• 2. Kinderstadtplan: angelegt; Sachstand" in since_monday
    assert (
        "• 1. Spielplatz am Park: Federführung — → Grünflächenamt; Meilenstein 01.09.2027 "
        "Entwurf\n" in text
    )
    line = next(x for x in text.splitlines() if x.startswith("• 2. Kinderstadtplan:"))
    assert line.startswith("• 2. Kinderstadtplan: Sachstand — → Ein langer Sachstand mit")
    assert line.endswith("…") and len(line) < 200
    # The sheet keeps every step, whole.
    rows = xlsx_rows((await attachment(bot, "/bericht seit=heute export xlsx")).data)
    assert [r[6] for r in rows[1:] if r[0] == 1] == [
        "Federführung",
        "Federführung",
        "Kosten",
        "Kosten",
        "Meilenstein",
    ]
    assert long_text.strip() in [r[8] for r in rows[1:] if r[0] == 2]


async def test_report_shows_the_note_of_the_latest_status_step(bot: Bot) -> None:
    await bot.group_with()
    await bot.ask("anna", "/propose Spielplatz am Park")
    await bot.ask("anna", "/propose Kinderstadtplan")
    await bot.ask("anna", "/propose Jugendforum")
    await bot.ask("anna", "/status 1 beschlossen Ratsbeschluss vom Mai")
    await bot.ask("anna", "/status 1 in_umsetzung Bauamt hat begonnen")
    await bot.ask("anna", "/status 2 beschlossen")
    await bot.ask("anna", "/status 3 verschoben " + "Haushaltssperre bis zum Herbst " * 8)
    text = await bot.ask("anna", "/bericht seit=heute")
    # What an interim report needs: why the status is where it is, in the latest step's words.
    assert (
        "• 1. Spielplatz am Park: angelegt; Status vorgeschlagen → in Umsetzung "
        "(Bauamt hat begonnen)\n" in text
    )
    assert "• 2. Kinderstadtplan: angelegt; Status vorgeschlagen → beschlossen\n" in text
    line = next(x for x in text.splitlines() if x.startswith("• 3. Jugendforum:"))
    assert "verschoben (Haushaltssperre bis zum Herbst Haushaltssperre" in line
    assert line.endswith("…)") and len(line) < 160


async def test_export_and_import_typed_as_commands_say_where_they_are(bot: Bot) -> None:
    """Words coordinators try: the answer names the commands that do it, not /report by likeness."""
    await bot.group_with(max="member")
    export = await bot.ask("max", "/export")
    assert export.startswith("Exporte gibt es mit /aktionsplan und /bericht:")
    assert "/aktionsplan export xlsx" in export and "/kalender" in export
    # Whatever follows the word, the answer is the same pointer, not "not understood".
    assert await bot.ask("max", "/export xlsx bitte") == export
    assert "Schicken Sie mir die Liste der Maßnahmen als Datei" in await bot.ask(
        "anna", "/importieren"
    )  # a real command now: see tests/measures/test_chat_import.py
    assert "/export" not in await bot.ask("anna", "/hilfe")


async def test_the_calendar_has_the_programmes_dates_in_its_own_words(bot: Bot) -> None:
    await bot.group_with()
    await bot.ask(
        "anna", "/programm aktionsplan=1.3.2027 zwischenbericht=1.6.2027 siegel_bis=3.4.2029"
    )
    # Before: "Es gibt noch keine Fristen oder Meilensteine", and with measures' dates only those.
    events = ical_events((await attachment(bot, "/kalender")).data)
    assert events == {
        "steerbot-g1-plan_due@steerbot": (
            date(2027, 3, 1),
            "Der Aktionsplan ist am 01.03.2027 fällig.",
        ),
        "steerbot-g1-interim_report@steerbot": (
            date(2027, 6, 1),
            "Der Zwischenbericht ist am 01.06.2027 fällig.",
        ),
        "steerbot-g1-seal_expiry@steerbot": (
            date(2029, 4, 3),
            "Das Siegel läuft am 03.04.2029 ab.",
        ),
    }
    # Moved, a date keeps its uid (the calendar moves it); the FGK names its own.
    await bot.ask("anna", "/programm fgk")
    await bot.ask("anna", "/programm aktionsplan=15.3.2027 jahresbericht=keine")
    events = ical_events((await attachment(bot, "/kalender")).data)
    assert events["steerbot-g1-plan_due@steerbot"] == (
        date(2027, 3, 15),
        "Der Aktionsplan ist am 15.03.2027 fällig.",
    )
    assert events["steerbot-g1-seal_expiry@steerbot"][1] == "Das Zertifikat läuft am 03.04.2029 ab."
    assert "steerbot-g1-interim_report@steerbot" not in events


async def test_the_report_in_markdown_has_a_section_each_and_a_measures_changes_together(
    bot: Bot,
) -> None:
    await bot.group_with()
    await bot.ask("anna", "/vorschlag Spielplatz #beteil")
    await bot.ask("anna", "/vorschlag Stadtplan #info")
    await bot.ask("anna", "/bearbeite 1 amt=Bauamt")
    await bot.ask("anna", "/bearbeite 2 kosten=1.500")
    await bot.ask("anna", "/bearbeite 1 kosten=12.000")
    md = (await attachment(bot, "/bericht seit=heute export md")).data.decode()
    # Before: a heading "## 1 Spielplatz" for every change, in the order they were made
    # (1, 2, 1, 2, 1), each repeating the measure's field, status, date and who.
    assert md == (
        "# Sachstandsbericht Musterstadt seit 11.01.2027\n\n"
        "## Geändert\n\n"
        "### 1 Spielplatz\n\n"
        "- **Handlungsfeld:** Beteiligung\n"
        "- **Status:** vorgeschlagen\n"
        "- **Datum:** 11.01.2027\n"
        "- **Von:** Anna\n"
        "- **Änderung:** angelegt · **Neu:** Spielplatz\n"
        "- **Änderung:** Federführung · **Neu:** Bauamt\n"
        "- **Änderung:** Kosten · **Neu:** 12.000,00 €\n\n"
        "### 2 Stadtplan\n\n"
        "- **Handlungsfeld:** Information\n"
        "- **Status:** vorgeschlagen\n"
        "- **Datum:** 11.01.2027\n"
        "- **Von:** Anna\n"
        "- **Änderung:** angelegt · **Neu:** Stadtplan\n"
        "- **Änderung:** Kosten · **Neu:** 1.500,00 €\n"
    )
    # The sheet has a measure's changes together too, in the order they were made.
    rows = xlsx_rows((await attachment(bot, "/bericht seit=heute export xlsx")).data)
    assert [(r[0], r[6]) for r in rows[1:]] == [
        (1, "angelegt"),
        (1, "Federführung"),
        (1, "Kosten"),
        (2, "angelegt"),
        (2, "Kosten"),
    ]


async def test_an_amount_in_the_ods_plan_reads_as_the_chat_writes_it(bot: Bot) -> None:
    await life(bot)

    def shown(data: bytes) -> list[str]:
        cells = load(BytesIO(data)).spreadsheet.getElementsByType(TableCell)
        return [str(c) for c in cells if c.getAttribute("valuetype") == "currency"]

    # Before: "12500,50 €" in both languages, what a previewer (which shows the text a cell
    # comes with) showed for the German "12.500,50 €" and the English "€12,500.50".
    assert shown((await attachment(bot, "/aktionsplan export ods")).data) == [
        "12.500,50 €",
        "800,00 €",
    ]
    await bot.ask("anna", "/sprache en")
    assert shown((await attachment(bot, "/plan export ods")).data) == ["€12,500.50", "€800.00"]
