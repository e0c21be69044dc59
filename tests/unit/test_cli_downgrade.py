"""``steerbot db downgrade``: going back to an older release had no way back for the schema
(only the backup made before the upgrade). It says what it would undo and does it only with
--yes, refuses while a bot runs on the data directory, and a wrong revision is one line."""

from __future__ import annotations

import asyncio
import os
from pathlib import Path

import pytest
from alembic.script import ScriptDirectory

from bot.cli import hold_data_dir, main
from storage.db import make_engine
from storage.migrate import alembic_config, current_revision, head_revision
from tests.conftest import BACKENDS, postgres_url, reset_postgres


def _revision(url: str) -> str | None:
    engine = make_engine(url)

    async def get() -> str | None:
        try:
            return await current_revision(engine)
        finally:
            await engine.dispose()

    return asyncio.run(get())


@pytest.fixture
def cli_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No steerbot settings but a data directory; the working directory has no .env."""
    for key in list(os.environ):
        if key.startswith(("STEERBOT_", "DATABASE_URL", "TELEGRAM_", "MATRIX_")):
            monkeypatch.delenv(key)
    monkeypatch.chdir(tmp_path)
    data = tmp_path / "data"
    monkeypatch.setenv("STEERBOT_DATA_DIR", str(data))
    return data


def _reset(url: str) -> None:
    engine = make_engine(url)

    async def reset() -> None:
        try:
            await reset_postgres(engine)
        finally:
            await engine.dispose()

    asyncio.run(reset())


@pytest.mark.parametrize("backend", BACKENDS)
def test_downgrade_says_what_it_would_undo_and_does_it_only_with_yes(
    cli_env: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    backend: str,
) -> None:
    url = f"sqlite+aiosqlite:///{cli_env / 'steerbot.db'}"
    if backend == "postgresql":
        url = postgres_url() or ""
        _reset(url)
        monkeypatch.setenv("DATABASE_URL", url)
    scripts = ScriptDirectory.from_config(alembic_config())
    head = head_revision()
    assert head is not None
    newest = scripts.get_revision(head)
    before = newest.down_revision
    assert isinstance(before, str)
    title = (newest.doc or "").strip()

    assert main(["db", "downgrade", "-1"]) == 0
    assert capsys.readouterr().out == (
        "the database is empty (no schema): there is nothing to downgrade\n"
    )
    assert main(["db", "upgrade"]) == 0
    capsys.readouterr()

    assert main(["db", "downgrade", "-1"]) == 1
    assert capsys.readouterr().out.splitlines() == [
        f"This would take the database from revision {head} to {before}, undoing 1 migration:",
        f"  {head}  {title}",
        "What they added is deleted: their tables and columns with the data in them, "
        "which an upgrade does not bring back.",
        'Back up the database first (README, "Backup and restore": sqlite3 .backup or '
        "pg_dump), and stop every steerbot that uses it (a starting one upgrades it again).",
        "Nothing was changed. To do it: steerbot db downgrade -1 --yes",
    ]
    assert _revision(url) == head

    assert main(["db", "downgrade", before, "--yes"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0] == (
        f"Downgrading the database from revision {head} to {before}, undoing 1 migration:"
    )
    assert out[-1] == f"the database is at revision {before} now"
    assert _revision(url) == before
    assert main(["db", "downgrade", before]) == 0
    assert capsys.readouterr().out == (
        f"the database is at revision {before} already: nothing to do\n"
    )
    assert main(["db", "status"]) == 1
    assert capsys.readouterr().out.splitlines()[0] == f"current revision: {before}"
    assert main(["db", "upgrade"]) == 0
    assert _revision(url) == head


def test_a_revision_it_cannot_go_to_is_one_line(
    cli_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    head = head_revision()
    assert main(["db", "upgrade"]) == 0
    capsys.readouterr()
    count = len(list(ScriptDirectory.from_config(alembic_config()).walk_revisions()))
    for revision, problem in [
        (
            "0o19",
            "unknown revision '0o19': this steerbot knows 0001 to "
            f"{head}, -N (N migrations back) and base (an empty database)",
        ),
        ("-99", f"cannot go back 99 migrations: revision {head} is {count} above an empty one"),
    ]:
        for yes in ([], ["--yes"]):
            assert main(["db", "downgrade", revision, *yes]) == 2
            captured = capsys.readouterr()
            assert captured.out == "" and "Traceback" not in captured.err
            assert captured.err.splitlines()[-1] == f"steerbot: {problem}"
    url = f"sqlite+aiosqlite:///{cli_env / 'steerbot.db'}"
    assert main(["db", "downgrade", "0019", "--yes"]) == 0
    assert main(["db", "downgrade", "0020"]) == 2
    assert capsys.readouterr().err.splitlines()[-1] == (
        "steerbot: revision 0020 is not below the database's revision 0019: "
        "steerbot db upgrade goes up"
    )
    assert _revision(url) == "0019"


def test_downgrade_waits_for_the_bot_running_on_the_data_directory(
    cli_env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """A bot running meanwhile would read a schema it does not know, and one starting
    upgrades it again: the downgrade refuses while one holds the data directory's lock."""
    head = head_revision()
    assert main(["db", "upgrade"]) == 0
    capsys.readouterr()
    with hold_data_dir(cli_env):
        assert main(["db", "downgrade", "-1", "--yes"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == (
        f"steerbot: another steerbot is already running with data directory {cli_env.resolve()}"
        ": stop it before downgrading\n"
    )
    assert _revision(f"sqlite+aiosqlite:///{cli_env / 'steerbot.db'}") == head
    assert main(["db", "downgrade", "-1", "--yes"]) == 0
