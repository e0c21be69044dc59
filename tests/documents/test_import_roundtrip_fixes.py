"""Fixes to the plan export and the measures import found on the console and the command line:
no "former member" for imported measures, empty Status cells, plural summaries, the history
note, a bad output path, re-importing the same file, and an empty Markdown plan."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from bot.cli import main
from bot.documents.reader import read_table
from commands.plan_import import ImportResult, check, store
from storage.models import Group
from tests.harness import Bot
from tests.measures.test_import import make_data, snapshot


async def import_file(bot: Bot, path: Path, group_id: int = 1) -> ImportResult:
    """Check and store a file as ``steerbot import measures`` does (in German)."""
    async with bot.app.sessions() as s:
        group = await s.get(Group, group_id)
        assert group is not None
        result = await check(
            s, group, read_table(path), bot.app.services.i18n("de"), date(2027, 1, 11)
        )
        assert result.errors == []
        await store(s, group, result, bot.clock.now())
        await s.commit()
        return result


def csv_file(tmp_path: Path, text: str, name: str = "liste.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A data dir with group 1 (Musterstadt, two measures in the plan, proposed by Anna) and
    an empty group 2 (Anderstadt), for ``steerbot`` on the command line."""
    monkeypatch.chdir(tmp_path)
    for key in ("DATABASE_URL", "STEERBOT_LANG", "STEERBOT_TZ"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setenv("STEERBOT_DATA_DIR", str(tmp_path))
    make_data(tmp_path)
    return tmp_path


async def test_an_imported_measure_is_not_shown_as_proposed_by_a_former_member(
    bot: Bot, tmp_path: Path
) -> None:
    await bot.group_with()
    await import_file(bot, csv_file(tmp_path, "Titel;Vorgeschlagen von\nSpielplatz;Anna\nBänke;\n"))
    for number in (1, 2):
        shown = await bot.ask("anna", f"/zeige {number}")
        assert "Vorgeschlagen von" not in shown and "ehemaliges Mitglied" not in shown, shown
        assert "Herkunft: Workshop" in shown


def test_the_import_summary_says_the_people_columns_were_left_out(
    cli: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["export", "plan", "--group", "1", "--format", "csv", "-o", "plan.csv"]) == 0
    capsys.readouterr()
    assert main(["import", "measures", "plan.csv", "--group", "2"]) == 0
    out = capsys.readouterr().out
    assert "The column “Vorgeschlagen von” was left out: people are not matched by name." in out
    csv_file(cli, "Titel;Vorgeschlagen von;Verantwortlich\nNeu;;\n", "leer.csv")
    assert main(["import", "measures", "leer.csv", "--group", "2"]) == 0
    assert "left out" not in capsys.readouterr().out  # the columns were empty


async def test_an_empty_status_or_origin_cell_gets_the_default(bot: Bot, tmp_path: Path) -> None:
    await bot.group_with()
    path = csv_file(tmp_path, "Titel;Status;Herkunft\nSpielplatz;;\nBänke;beschlossen;Befragung\n")
    await import_file(bot, path)
    rows = await snapshot(bot, 1)
    assert [(r["title"], r["status"], r["origin"]) for r in rows] == [
        ("Spielplatz", "proposed", "workshop"),
        ("Bänke", "adopted", "survey"),
    ]


def test_the_import_summary_counts_one_measure_in_the_singular(
    cli: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    csv_file(cli, "Titel;Kosten\nSpielplatz;100\nBänke;viel\n", "eine.csv")
    assert main(["import", "measures", "eine.csv", "--group", "2", "--dry-run"]) == 1
    assert "Nothing was imported: 1 problem. Fix it or use --skip-bad." in capsys.readouterr().err
    assert main(["import", "measures", "eine.csv", "--group", "2", "--dry-run", "--skip-bad"]) == 0
    assert "Dry run: 1 measure would be imported." in capsys.readouterr().out
    assert main(["import", "measures", "eine.csv", "--group", "2", "--skip-bad"]) == 0
    assert "1 measure imported into Anderstadt." in capsys.readouterr().out


async def test_the_history_of_an_imported_measure_names_the_row_in_german(
    bot: Bot, tmp_path: Path
) -> None:
    await bot.group_with()
    await import_file(bot, csv_file(tmp_path, "Titel\nSpielplatz\n"))
    history = await bot.ask("anna", "/verlauf 1")
    assert "importiert: Spielplatz (Zeile 2)" in history and "row" not in history


def test_export_to_a_missing_folder_names_the_file_not_the_database(
    cli: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    missing = cli / "nowhere" / "x.md"
    assert main(["export", "plan", "--group", "1", "--format", "md", "-o", str(missing)]) == 1
    err = capsys.readouterr().err
    assert f"cannot write {missing}" in err and "database" not in err
    (cli / "folder.md").mkdir()
    assert main(["export", "plan", "--group", "1", "--format", "md", "-o", "folder.md"]) == 1
    err = capsys.readouterr().err
    assert "cannot write folder.md" in err and "database" not in err


async def test_importing_the_same_file_again_skips_the_titles_already_there(
    bot: Bot, tmp_path: Path
) -> None:
    await bot.group_with()
    path = csv_file(tmp_path, "Titel\nSpielplatz\nBänke\n")
    await import_file(bot, path)
    path = csv_file(tmp_path, "Titel\nspielplatz\nBänke\nStadtplan\n")
    again = await import_file(bot, path)
    assert again.existing == [(2, "spielplatz"), (3, "Bänke")]
    assert [r["title"] for r in await snapshot(bot, 1)] == ["Spielplatz", "Bänke", "Stadtplan"]


def test_the_import_summary_names_the_rows_skipped_as_already_there(
    cli: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    csv_file(cli, "Titel\nSpielplatz\n", "a.csv")
    assert main(["import", "measures", "a.csv", "--group", "2"]) == 0
    capsys.readouterr()
    assert main(["import", "measures", "a.csv", "--group", "2"]) == 0
    out = capsys.readouterr().out
    assert "0 measures imported into Anderstadt." in out
    assert "1 row skipped: Anderstadt already has a measure of that title: “Spielplatz”" in out


async def test_an_empty_plan_export_says_what_each_format_holds(bot: Bot) -> None:
    await bot.group_with()
    sent = await bot.say("anna", "/aktionsplan export md")
    text, data = sent[0].reply.text, sent[0].reply.attachments[0].data.decode()
    assert "Die Datei enthält nur die Überschrift." in text and "Spaltenköpfe" not in text
    assert data.startswith("# Aktionsplan Musterstadt") and "Titel" not in data
    sent = await bot.say("anna", "/aktionsplan export csv")
    text, data = sent[0].reply.text, sent[0].reply.attachments[0].data.decode("utf-8-sig")
    assert "Die Datei enthält nur die Spaltenköpfe." in text
    assert data.splitlines()[0].startswith("Nr.;Titel")
