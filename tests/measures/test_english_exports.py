"""A group that speaks English gets its action plan and status report as English files, and
reads the notes the bot wrote into a measure's history in English."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from pathlib import Path

from bot.documents.reader import read_table
from commands.plan_import import check
from storage.models import Group
from tests.harness import Bot
from tests.measures.docs import csv_rows, life, xlsx_rows
from tests.measures.test_documents import attachment

ENGLISH_HEADERS = [
    "No.",
    "Title",
    "Description",
    "Field of action",
    "Origin",
    "Proposed by",
    "Responsible",
    "Goal",
    "Lead office",
    "Contact",
    "Partners",
    "Start",
    "End",
    "Due",
    "Cost estimate",
    "Funding",
    "Funding secured",
    "Indicators",
    "Status",
    "Resolution body",
    "Resolution date",
    "Resolution",
    "Progress note",
    "Cycle",
    "Milestones",
]


async def test_plan_exports_of_an_english_group_are_english(bot: Bot, tmp_path: Path) -> None:
    await life(bot)
    await bot.ask("anna", "/lang en")
    file = await attachment(bot, "/plan export xlsx")
    assert file.name == "action-plan-Musterstadt.xlsx"
    rows = xlsx_rows(file.data)
    assert rows[0] == ENGLISH_HEADERS
    first = dict(zip(ENGLISH_HEADERS, rows[1], strict=True))
    assert first["Origin"] == "steering group" and first["Status"] == "adopted"
    assert first["Funding secured"] == "yes" and first["Start"] == datetime(2027, 3, 15)
    assert first["Milestones"] == "2027-05-01 Baubeginn"
    assert dict(zip(ENGLISH_HEADERS, rows[2], strict=True))["Status"] == "in progress"
    file = await attachment(bot, "/plan export csv")
    assert file.name == "action-plan-Musterstadt.csv"
    rows = csv_rows(file.data)
    first = dict(zip(ENGLISH_HEADERS, rows[1], strict=True))
    assert first["Start"] == "2027-03-15" and first["Cost estimate"] == "12500.50"
    assert first["Funding secured"] == "yes" and first["Status"] == "adopted"
    md = (await attachment(bot, "/plan export md")).data.decode()
    assert md.startswith("# Action plan of Musterstadt")
    assert "- **Status:** in progress" in md and "- **Start:** 2027-03-15" in md
    # The English file reads back: every column is known, every cell readable.
    path = tmp_path / file.name
    path.write_bytes(file.data)
    async with bot.app.sessions() as s:
        group = await s.get(Group, 1)
        assert group is not None
        result = await check(
            s, group, read_table(path), bot.app.services.i18n("en"), date(2027, 1, 11)
        )
    assert result.errors == [] and result.ignored_columns == []
    assert [title for _n, title in result.existing] == ["Spielplatz am Park", "Kinderstadtplan"]
    # Back in German, German again.
    await bot.ask("anna", "/sprache de")
    file = await attachment(bot, "/aktionsplan export csv")
    assert file.name == "aktionsplan-Musterstadt.csv"
    assert csv_rows(file.data)[0][:2] == ["Nr.", "Titel"]


async def test_report_export_of_an_english_group_is_english(bot: Bot) -> None:
    await life(bot)
    await bot.ask("anna", "/status 1 umgesetzt")
    await bot.ask("anna", "/lang en")
    bot.clock.advance(timedelta(days=150))  # measure 2 was due on 1 June
    file = await attachment(bot, "/report since=2027-01-01 export csv")
    assert file.name == "status-report-Musterstadt.csv"
    rows = csv_rows(file.data)
    assert rows[0] == [
        "No.",
        "Title",
        "Section",
        "Field of action",
        "Status",
        "Date",
        "Change",
        "Old",
        "New",
        "By",
        "Note",
    ]
    sections = {(r[0], r[2], r[4], r[6]) for r in rows[1:]}
    assert ("1", "Changed", "done", "Status") in sections
    assert ("2", "Overdue", "in progress", "Due") in sections
    assert ("1", "Done", "done", "Status") in sections
    md = (await attachment(bot, "/report since=2027-01-01 export md")).data.decode()
    assert md.startswith("# Status report for Musterstadt since 2027-01-01")


async def test_history_notes_the_bot_wrote_follow_the_language(bot: Bot) -> None:
    await bot.group_with(ben="member", lea="youth")
    await bot.ask("lea", "/propose Skatepark", chat="dm")
    await bot.ask("anna", "/annehmen 1")
    await bot.ask("anna", "/vorschlag Jugendcafé")
    await bot.ask("anna", "/runde approval 1 2")
    await bot.ask("ben", "/abstimmen 1 2")
    await bot.ask("anna", "/schliessen 1")
    await bot.ask("anna", "/priorisieren 1 top=1")
    await bot.ask("anna", "/status 1 verschoben Jugendidee 1 wartet")
    assert "(Jugendidee 1)" in await bot.ask("anna", "/verlauf 1")
    assert "(Runde 1)" in await bot.ask("anna", "/verlauf 2")
    await bot.ask("anna", "/sprache en")
    first = await bot.ask("anna", "/history 1")
    assert "(youth idea 1)" in first and "(Jugendidee 1)" not in first
    assert "(Jugendidee 1 wartet)" in first  # what people wrote stays as written
    assert "(round 1)" in await bot.ask("anna", "/history 2")
    report = (await attachment(bot, "/report export csv")).data.decode("utf-8-sig")
    assert ";youth idea 1\r\n" in report and ";round 1\r\n" in report


async def test_history_of_an_english_group_writes_its_labels_alike(bot: Bot) -> None:
    await bot.group_with(ben="member")
    await bot.ask("anna", "/lang en")
    await bot.ask("anna", "/propose Skate park")
    await bot.ask("anna", "/due 1 2027-03-15")
    await bot.ask("anna", "/milestone 1 2027-02-01 Kick-off")
    await bot.ask("anna", "/assign 1 ben")
    lines = (await bot.ask("anna", "/history 1")).splitlines()[1:]
    # Every entry's label is written as "Due" is, not "milestone" beside "Due".
    assert [line.split(" · ")[2].split(":")[0] for line in lines] == [
        "Created",
        "Due",
        "Milestone",
        "Person responsible",
    ]
    assert "· Anna · Milestone: 1 Feb 2027 Kick-off" in lines[2]
    await bot.ask("anna", "/sprache de")
    german = await bot.ask("anna", "/verlauf 1")
    assert "· Anna · Meilenstein: 01.02.2027 Kick-off" in german
    assert "· Anna · verantwortlich: — → Ben" in german  # German keeps its own case


async def test_english_files_keep_their_dates_as_chat_replies_change_theirs(bot: Bot) -> None:
    """The chat says "15 Mar 2027"; a file keeps "2027-03-15", which spreadsheets and the
    import read back."""
    await bot.group_with(ben="member")
    await bot.ask("anna", "/lang en")
    await bot.ask("anna", "/propose Skate park")
    assert await bot.ask("anna", "/due 1 2027-03-15") == (
        "Measure 1 “Skate park” is due on 15 Mar 2027."
    )
    rows = csv_rows((await attachment(bot, "/report export csv")).data)
    assert [r[6:9] for r in rows[1:] if r[6] == "Due"] == [["Due", "", "2027-03-15"]]
    md = (await attachment(bot, "/report export md")).data.decode()
    assert "**New:** 2027-03-15" in md
