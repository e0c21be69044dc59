"""Importing workshop lists, and the command line: export → import gives identical measures."""

from __future__ import annotations

import asyncio
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest
from sqlalchemy import select

from adapters.memory import MemoryAdapter
from bot.cli import main
from bot.documents.reader import read_table
from bot.measure_fields import SPECS
from commands.plan_import import check, store
from storage.models import FieldOfAction, Group, Measure, Milestone
from tests.harness import Bot, make_app, settings_for, start_clock
from tests.measures.docs import ical_events, life, xlsx_rows

COMPARED = [s.attr for s in SPECS if s.attr != "field"]


async def snapshot(bot_or_sessions, group_id: int) -> list[dict[str, object]]:  # type: ignore[no-untyped-def]
    """Every field of every measure of a group (field of action by name, with milestones)."""
    sessions = bot_or_sessions.app.sessions if isinstance(bot_or_sessions, Bot) else bot_or_sessions
    async with sessions() as s:
        fields = {
            f.id: f.name
            for f in await s.scalars(
                select(FieldOfAction).where(FieldOfAction.group_id == group_id)
            )
        }
        out = []
        for m in await s.scalars(
            select(Measure).where(Measure.group_id == group_id).order_by(Measure.number)
        ):
            row: dict[str, object] = {a: getattr(m, a) for a in COMPARED}
            row["field"] = fields.get(m.field_id or -1)
            stones = await s.scalars(
                select(Milestone).where(Milestone.measure_id == m.id).order_by(Milestone.due_on)
            )
            row["milestones"] = [(x.due_on, x.text) for x in stones]
            out.append(row)
        return out


async def import_file(
    bot: Bot, path: Path, group_id: int, skip_bad: bool = False, lang: str = "de"
):  # type: ignore[no-untyped-def]
    async with bot.app.sessions() as s:
        group = await s.get(Group, group_id)
        assert group is not None
        result = await check(
            s, group, read_table(path), bot.app.services.i18n(lang), date(2027, 1, 11)
        )
        if result.errors and not skip_bad:
            return result
        await store(s, group, result, bot.clock.now())
        await s.commit()
        return result


@pytest.mark.parametrize("fmt", ["xlsx", "ods", "csv"])
async def test_export_import_round_trip_gives_identical_measures(
    bot: Bot, tmp_path: Path, fmt: str
) -> None:
    await life(bot)
    file = (await bot.say("anna", f"/plan export {fmt}"))[0].reply.attachments[0]
    path = tmp_path / f"plan.{fmt}"
    path.write_bytes(file.data)
    await bot.ask("bert", "/setup Anderstadt", chat="other")
    result = await import_file(bot, path, 2)
    assert result.errors == [] and result.ignored_columns == []
    original = [m for m in await snapshot(bot, 1) if m["status"] in ("adopted", "in_progress")]
    copy = await snapshot(bot, 2)
    assert copy == original and len(copy) == 2
    assert copy[0]["cost_estimate"] == Decimal("12500.50") and copy[0]["milestones"] == [
        (date(2027, 5, 1), "Baubeginn")
    ]


WORKSHOP = (
    "Maßnahme;Handlungsfeld;Kosten;Frist;Gesichert;Office\n"
    "Spielplatz;Beteiligung;1.500 €;15.3.2027;ja;Jugendamt\n"
    ";Information;200;;;\n"
    "Bänke;Sport;viel;32.1.2027;vielleicht;\n"
    "Stadtplan;info;2k;Ende Juni;nein;Presseamt\n"
)


async def test_import_checks_every_row_and_imports_nothing_on_error(
    bot: Bot, tmp_path: Path
) -> None:
    await bot.group_with()
    path = tmp_path / "workshop.csv"
    path.write_text(WORKSHOP.replace("Maßnahme", "Titel"), encoding="utf-8")
    result = await import_file(bot, path, 1)
    messages = [f"{row}: {text}" for row, text in result.errors]
    assert messages[0] == "3: Der Titel fehlt."
    assert any(
        m.startswith("4: Handlungsfeld: Ein Handlungsfeld „Sport“ gibt es nicht") for m in messages
    )
    assert any(m.startswith("4: Kosten (EUR): Ich konnte „viel“ nicht") for m in messages)
    assert any(m.startswith("4: Frist:") for m in messages)
    assert any(
        m.startswith("4: Finanzierung gesichert: Statt „vielleicht“ bitte ja oder nein")
        for m in messages
    )
    assert await snapshot(bot, 1) == []
    result = await import_file(bot, path, 1, skip_bad=True)
    rows = await snapshot(bot, 1)
    assert [r["title"] for r in rows] == ["Spielplatz", "Stadtplan"]
    assert rows[0]["cost_estimate"] == Decimal("1500.00") and rows[0]["due_on"] == date(2027, 3, 15)
    assert rows[0]["lead_office"] == "Jugendamt" and rows[0]["funding_secured"] is True
    assert rows[1]["field"] == "Information" and rows[1]["due_on"] == date(2027, 6, 30)
    assert rows[0]["origin"] == "workshop" and rows[0]["status"] == "proposed"
    assert "importiert" in await bot.ask("anna", "/history 1")


async def test_a_list_imported_in_english_reads_the_town_halls_amounts_as_before(
    bot: Bot, tmp_path: Path
) -> None:
    await bot.group_with()
    path = tmp_path / "list.csv"
    path.write_text("Titel;Kosten\nSpielplatz;1.500 €\nBänke;1.5\n", encoding="utf-8")
    result = await import_file(bot, path, 1, lang="en")
    assert result.errors == []
    assert [r["cost_estimate"] for r in await snapshot(bot, 1)] == [
        Decimal("1500.00"),
        Decimal("1.50"),
    ]


async def test_a_title_twice_in_the_list_is_a_problem_of_its_second_row(
    bot: Bot, tmp_path: Path
) -> None:
    await bot.group_with()
    path = tmp_path / "workshop.csv"
    path.write_text("Titel;Frist\nSkatepark;15.3.2027\nBänke;\nSKATEPARK;1.4.2027\n", "utf-8")
    result = await import_file(bot, path, 1)
    assert result.errors == [
        (4, "Zeile 2 hat denselben Titel; eine Maßnahme wird nur einmal angelegt.")
    ]
    await import_file(bot, path, 1, skip_bad=True)
    assert [(r["title"], r["due_on"]) for r in await snapshot(bot, 1)] == [
        ("Skatepark", date(2027, 3, 15)),
        ("Bänke", None),
    ]


async def test_import_needs_a_title_column(bot: Bot, tmp_path: Path) -> None:
    await bot.group_with()
    path = tmp_path / "x.csv"
    path.write_text("Name des Kindes;Alter\nLea;14\n", encoding="utf-8")
    result = await import_file(bot, path, 1)
    assert result.errors[0][0] == 1 and "keine Spalte für den Titel" in result.errors[0][1]


def make_data(tmp_path: Path) -> None:
    async def build() -> None:
        app = make_app(settings_for(tmp_path), start_clock())
        adapter = MemoryAdapter()
        app.add_adapter(adapter)
        async with app:
            bot = Bot(app, adapter, app.clock)  # type: ignore[arg-type]
            await life(bot)
            await bot.ask("bert", "/setup Anderstadt", chat="other")

    asyncio.run(build())


def test_command_line_export_and_import(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    for key in ("DATABASE_URL", "STEERBOT_LANG", "STEERBOT_TZ"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("STEERBOT_DATA_DIR", str(tmp_path))
    make_data(tmp_path)
    assert main(["export", "plan", "--group", "1", "--format", "xlsx", "-o", "plan.xlsx"]) == 0
    rows = xlsx_rows((tmp_path / "plan.xlsx").read_bytes())
    assert rows[1][1] == "Spielplatz am Park" and len(rows) == 3
    for fmt in ("ods", "csv", "md"):
        assert main(["export", "plan", "--group", "1", "--format", fmt, "-o", f"plan.{fmt}"]) == 0
    assert main(["export", "calendar", "--group", "1", "-o", "termine.ics"]) == 0
    assert len(ical_events((tmp_path / "termine.ics").read_bytes())) == 3
    assert (
        main(
            [
                "export",
                "report",
                "--group",
                "1",
                "--format",
                "csv",
                "--since",
                "1.1.2027",
                "-o",
                "bericht.csv",
            ]
        )
        == 0
    )
    assert "Geändert" in (tmp_path / "bericht.csv").read_text(encoding="utf-8-sig")
    capsys.readouterr()
    assert main(["import", "measures", "plan.xlsx", "--group", "2", "--dry-run"]) == 0
    assert "Dry run: 2 measures would be imported." in capsys.readouterr().out
    assert main(["import", "measures", "plan.csv", "--group", "2"]) == 0
    assert "2 measures imported into Anderstadt." in capsys.readouterr().out
    (tmp_path / "bad.csv").write_text("Titel;Kosten\nA;1\nB;viel\n", encoding="utf-8")
    assert main(["import", "measures", "bad.csv", "--group", "2"]) == 1
    err = capsys.readouterr().err
    assert "Row 3: Cost estimate: I could not read “viel”" in err and "Nothing was imported" in err
    assert main(["import", "measures", "bad.csv", "--group", "2", "--skip-bad"]) == 0
    # A new row due in the past is imported, and named (a running plan may be late).
    (tmp_path / "late.csv").write_text("Titel;Frist\nKinderrechte-Woche;1.1.2020\n")
    capsys.readouterr()
    assert main(["import", "measures", "late.csv", "--group", "2"]) == 0
    assert (
        "Due date in the past in row 2 (1 Jan 2020): the measure is overdue from the start. "
        in (capsys.readouterr().out)
    )
    assert main(["export", "plan", "--group", "9", "-o", "x.md"]) == 2
    assert "there is no group 9" in capsys.readouterr().err
    assert main(["import", "measures", "nothing.pdf", "--group", "2"]) == 1


def test_command_line_lists_the_groups_by_the_id_group_takes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """``--group <id>``: nothing told an operator which id a group has."""
    monkeypatch.chdir(tmp_path)
    for key in ("DATABASE_URL", "STEERBOT_LANG", "STEERBOT_TZ"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("STEERBOT_DATA_DIR", str(tmp_path))
    assert main(["groups"]) == 0
    assert capsys.readouterr().out == "no groups yet: /setup <town> in a group chat makes one\n"
    make_data(tmp_path)
    assert main(["groups"]) == 0
    assert capsys.readouterr().out.splitlines() == [
        "1  Musterstadt (kfk; 3 measures; chats: memory steering)",
        "2  Anderstadt (kfk; 0 measures; chats: memory steering)",
    ]


def test_command_line_export_writes_the_format_its_file_name_ends_in(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """``-o plan.csv`` without ``--format`` used to write a workbook under that name."""
    monkeypatch.chdir(tmp_path)
    for key in ("DATABASE_URL", "STEERBOT_LANG", "STEERBOT_TZ"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("STEERBOT_DATA_DIR", str(tmp_path))
    make_data(tmp_path)
    assert main(["export", "plan", "--group", "1", "-o", "plan.csv"]) == 0
    assert "Spielplatz am Park" in (tmp_path / "plan.csv").read_text(encoding="utf-8-sig")
    assert main(["export", "plan", "--group", "1", "-o", "plan.MD"]) == 0
    assert (tmp_path / "plan.MD").read_text(encoding="utf-8").startswith("#")
    assert main(["export", "plan", "--group", "1", "-o", "plan"]) == 0
    assert xlsx_rows((tmp_path / "plan").read_bytes())[1][1] == "Spielplatz am Park"
    capsys.readouterr()
    assert main(["export", "plan", "--group", "1", "--format", "csv", "-o", "plan.xlsx"]) == 2
    assert capsys.readouterr().err == (
        "steerbot: plan.xlsx ends in .xlsx, not .csv: rename it or leave out --format\n"
    )
    assert not (tmp_path / "plan.xlsx").exists()
    # An ending of no format the plan is written in: refused, not a workbook under that name.
    assert main(["export", "plan", "--group", "1", "-o", "plan.ics"]) == 2
    assert capsys.readouterr().err.startswith(
        "steerbot: plan.ics ends in .ics, a format the plan is not written in (xlsx, ods, csv, md)"
    )
    assert not (tmp_path / "plan.ics").exists()
    assert main(["export", "plan", "--group", "1", "--format", "md", "-o", "plan.txt"]) == 0


async def test_invisible_characters_in_a_list_are_dropped_as_in_typed_text(
    bot: Bot, tmp_path: Path
) -> None:
    await bot.group_with()
    path = tmp_path / "workshop.csv"
    path.write_text(
        "Titel;Beschreibung\nSpiel\u202eplatz\u200b;am\u2066 Park\n\u200b\u202e;x\n", "utf-8"
    )
    result = await import_file(bot, path, 1, skip_bad=True)
    assert [(row, text) for row, text in result.errors] == [(3, "Der Titel fehlt.")]
    rows = await snapshot(bot, 1)
    assert [(r["title"], r["description"]) for r in rows] == [("Spielplatz", "am Park")]


def test_the_command_line_speaks_english_whatever_the_groups_language(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """``export --since`` was refused in English, while the import's lines and a bad
    ``reminders preview --until`` came in German: the operator reads English throughout, as
    argparse, ``--help`` and every other line say it. The files and the audit trail keep the
    group's language."""
    import sqlite3

    monkeypatch.chdir(tmp_path)
    for key in ("DATABASE_URL", "STEERBOT_LANG", "STEERBOT_TZ"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("STEERBOT_DATA_DIR", str(tmp_path))
    make_data(tmp_path)
    (tmp_path / "liste.csv").write_text("Titel;Kosten\nBänke;1.500\nKiosk;viel\n")
    capsys.readouterr()
    assert main(["import", "measures", "liste.csv", "--group", "2", "--skip-bad"]) == 0
    said = capsys.readouterr()
    assert said.err == (
        "Row 3: Cost estimate: I could not read “viel” as an amount of money. "
        "Examples: €1,500, 1500.50, 2k, 1.5 million.\n"
    )
    assert said.out == "1 measure imported into Anderstadt.\n"
    db = sqlite3.connect(tmp_path / "steerbot.db")
    with db:
        notes = db.execute("SELECT note FROM measure_events WHERE field = 'imported'").fetchall()
    db.close()
    assert notes == [("Zeile 2",)]
    main(["reminders", "preview", "--group", "1", "--until", "irgendwann"])
    preview = capsys.readouterr()
    assert preview.out == ""
    assert preview.err.startswith("steerbot: --until: I could not read “irgendwann” as a date.")
    main(["export", "report", "--group", "1", "--since", "irgendwann", "-o", "b.csv"])
    assert capsys.readouterr().err.startswith(
        "steerbot: --since: I could not read “irgendwann” as a date."
    )


@pytest.mark.parametrize(
    ("args", "says"),
    [
        (["export", "report", "--group", "1", "--since", "irgendwann", "-o", "b.csv"], "--since: "),
        (["export", "plan", "--group", "9", "-o", "p.csv"], "there is no group 9"),
        (["export", "plan", "--group", "1", "--format", "csv", "-o", "p.md"], "p.md ends in .md"),
        (["import", "measures", "liste.csv", "--group", "9"], "there is no group 9"),
        (["reminders", "preview", "--group", "9", "--until", "1.3.2027"], "there is no group 9"),
        (["reminders", "preview", "--group", "1", "--until", "irgendwann"], "--until: "),
    ],
)
def test_a_bad_argument_exits_2_as_argparse_does(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    args: list[str],
    says: str,
) -> None:
    """A bad --until exited 2 and every other bad argument 1, so a script could not tell a
    mistyped command from a failure worth retrying."""
    monkeypatch.chdir(tmp_path)
    for key in ("DATABASE_URL", "STEERBOT_LANG", "STEERBOT_TZ"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("STEERBOT_DATA_DIR", str(tmp_path))
    make_data(tmp_path)
    (tmp_path / "liste.csv").write_text("Titel\nBänke\n")
    capsys.readouterr()
    assert main(args) == 2
    said = capsys.readouterr()
    assert said.out == "" and said.err.startswith("steerbot: " + says), said.err
    assert len(said.err.splitlines()) == 1
    with pytest.raises(SystemExit) as usage:
        main(["export", "plan", "--group", "eins", "-o", "p.csv"])
    assert usage.value.code == 2
    # What failed while the arguments were right stays 1: a retry or a fixed file may help.
    assert main(["export", "plan", "--group", "1", "-o", "nowhere/p.csv"]) == 1
    assert main(["import", "measures", "fehlt.csv", "--group", "2"]) == 1
    (tmp_path / "schlecht.csv").write_text("Titel;Kosten\nKiosk;viel\n")
    assert main(["import", "measures", "schlecht.csv", "--group", "2"]) == 1
