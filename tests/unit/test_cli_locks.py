"""The lock a running bot holds, as an operator meets it: ``steerbot db upgrade`` waits for a
bot on the same data as the downgrade does, and a SQLite file outside the data directory is
locked beside it, so two bots with different data directories on one file stop at once."""

from __future__ import annotations

import asyncio
import io
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from bot.cli import hold_data_dir, main
from storage.db import make_engine
from storage.migrate import current_revision, head_revision
from tests.conftest import postgres_url, reset_postgres

ROOT = Path(__file__).resolve().parents[2]
OURS = ("STEERBOT_", "DATABASE_URL", "TELEGRAM_", "MATRIX_")


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
        if key.startswith(OURS):
            monkeypatch.delenv(key)
    monkeypatch.chdir(tmp_path)
    data = tmp_path / "data"
    monkeypatch.setenv("STEERBOT_DATA_DIR", str(data))
    return data


def test_upgrade_waits_for_the_bot_running_on_the_data_directory_and_lets_go_for_the_console(
    cli_env: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """An upgrade took no lock: a newer release's upgrade changed the schema under the older
    bot still running on the SQLite file. `make run` (an upgrade, then the console) still
    works: the upgrade lets go of the lock when it ends."""
    cli_env.mkdir()
    url = f"sqlite+aiosqlite:///{cli_env / 'steerbot.db'}"
    with hold_data_dir(cli_env):
        assert main(["db", "upgrade"]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err == (
        f"steerbot: another steerbot is already running with data directory {cli_env.resolve()}"
        ": stop it before upgrading\n"
    )
    assert not (cli_env / "steerbot.db").exists()

    assert main(["db", "upgrade"]) == 0
    assert capsys.readouterr().out == "database is up to date\n"
    assert _revision(url) == head_revision()
    monkeypatch.setattr(sys, "stdin", io.StringIO("anna: /setup Musterstadt\n"))
    assert main(["console"]) == 0
    captured = capsys.readouterr()
    assert "Die Steuerungsgruppe Musterstadt" in captured.out, captured.err
    assert "already running" not in captured.err


def test_upgrade_on_postgresql_waits_for_a_console_on_the_data_directory(
    cli_env: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """On PostgreSQL the data directory's lock is held by a console or a bot with Matrix
    there (a Telegram-only bot keeps nothing there and holds none): an upgrade with the same
    data directory waits for it; with none there, it goes ahead."""
    url = postgres_url()
    if url is None:
        pytest.skip("no TEST_DATABASE_URL")
    engine = make_engine(url)

    async def reset() -> None:
        try:
            await reset_postgres(engine)
        finally:
            await engine.dispose()

    asyncio.run(reset())
    monkeypatch.setenv("DATABASE_URL", url)
    assert main(["db", "upgrade"]) == 0  # no data directory: nothing there to wait for
    assert not cli_env.exists()
    assert _revision(url) == head_revision()
    capsys.readouterr()
    cli_env.mkdir()
    with hold_data_dir(cli_env):
        assert main(["db", "upgrade"]) == 1
    assert capsys.readouterr().err == (
        f"steerbot: another steerbot is already running with data directory {cli_env.resolve()}"
        ": stop it before upgrading\n"
    )
    assert main(["db", "upgrade"]) == 0


def _console(data: Path, database: Path, cwd: Path) -> subprocess.Popen[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(OURS)}
    env.update(
        STEERBOT_DATA_DIR=str(data),
        DATABASE_URL=f"sqlite+aiosqlite:///{database}",
        PYTHONPATH=str(ROOT),
    )
    return subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "console", "--user", "anna"],
        env=env,
        cwd=cwd,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def test_two_bots_on_one_sqlite_file_outside_their_data_directories_stop_at_once(
    tmp_path: Path,
) -> None:
    """Each held only its own data directory's lock: two consoles (or bots) with different
    data directories wrote to one SQLite file named by DATABASE_URL and sent every reminder
    twice. The file's lock lies beside it (steerbot.db → steerbot.lock)."""
    shared = tmp_path / "shared"
    shared.mkdir()
    database = shared / "steerbot.db"
    first = _console(tmp_path / "a", database, tmp_path)
    try:
        assert first.stdin is not None and first.stdout is not None
        first.stdin.write("anna: /setup Musterstadt\n")
        first.stdin.flush()
        while "Die Steuerungsgruppe Musterstadt" not in (line := first.stdout.readline()):
            assert line, first.stderr.read() if first.stderr else ""
        second = _console(tmp_path / "b", database, tmp_path)
        _out, err = second.communicate("anna: /measures\n", timeout=120)
        assert second.returncode == 1, err
        assert err == (
            f"steerbot: another steerbot is already running on database {database.resolve()}\n"
        )
        assert (shared / "steerbot.lock").read_text() == f"{first.pid}\n"
    finally:
        first.communicate("", timeout=60)
    assert first.returncode == 0


def test_a_lock_that_cannot_be_made_is_one_line(
    cli_env: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The SQLite file's folder is not the data directory, which is checked up front: a lock
    that cannot be made there is one line, not a traceback."""
    elsewhere = cli_env.parent / "elsewhere"
    (elsewhere / "bot.lock").mkdir(parents=True)  # in the lock's way
    monkeypatch.setenv("DATABASE_URL", f"sqlite+aiosqlite:///{elsewhere / 'bot.db'}")
    assert main(["db", "upgrade"]) == 1
    assert capsys.readouterr().err == (
        f"steerbot: cannot make the lock {elsewhere / 'bot.lock'}: Is a directory\n"
    )


def _database(backend: str, data: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    """A fresh, empty database of ``backend`` for the command line; its URL. On PostgreSQL
    the data directory is made (a console keeps its log there and holds its lock)."""
    if backend == "sqlite":
        return f"sqlite+aiosqlite:///{data / 'steerbot.db'}"
    url = postgres_url()
    if url is None:
        pytest.skip("no TEST_DATABASE_URL")
    engine = make_engine(url)

    async def reset() -> None:
        try:
            await reset_postgres(engine)
        finally:
            await engine.dispose()

    asyncio.run(reset())
    monkeypatch.setenv("DATABASE_URL", url)
    data.mkdir()
    return url


def _said(err: str) -> str:
    """``err`` without log lines (an earlier command of the test set up logging)."""
    return "".join(
        line for line in err.splitlines(keepends=True) if not re.match(r"\d{4}-\d\d-\d\d ", line)
    )


def _a_group(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(sys, "stdin", io.StringIO("anna: /setup Musterstadt\n"))
    assert main(["console"]) == 0
    assert "Die Steuerungsgruppe Musterstadt" in capsys.readouterr().out


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_an_export_beside_a_running_bot_upgrades_nothing_under_it(
    backend: str,
    cli_env: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """`export` upgraded the database when it started, taking no lock: a newer release's
    export beside the older bot still running changed the schema under it. Now it upgrades
    only when the schema is behind, and then only where no bot holds the lock; at the
    newest revision it runs beside the bot as before."""
    url = _database(backend, cli_env, monkeypatch)
    _a_group(monkeypatch, capsys)
    export = ["export", "plan", "--group", "1", "-o", "plan.csv"]
    with hold_data_dir(cli_env):
        assert main(export) == 0, capsys.readouterr().err
    assert capsys.readouterr().out == "plan.csv: 0 measures\n"
    assert Path("plan.csv").is_file()
    Path("plan.csv").unlink()

    assert main(["db", "downgrade", "-1", "--yes"]) == 0
    capsys.readouterr()
    older = _revision(url)
    assert older is not None and older != head_revision()
    with hold_data_dir(cli_env):
        assert main(export) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert _said(captured.err) == (
        f"steerbot: another steerbot is already running with data directory {cli_env.resolve()}"
        ", and the database needs an upgrade first (1 migration): "
        "stop it and run steerbot db upgrade\n"
    )
    assert _revision(url) == older
    assert not Path("plan.csv").exists()

    assert main(export) == 0, capsys.readouterr().err
    assert capsys.readouterr().out == "plan.csv: 0 measures\n"
    assert _revision(url) == head_revision()


@pytest.mark.parametrize(
    "command",
    [
        ["groups"],
        ["db", "purge", "--dry-run"],
        ["reminders", "preview", "--group", "1", "--until", "31.12.2027"],
        ["import", "measures", "liste.csv", "--group", "1", "--dry-run"],
    ],
    ids=lambda c: " ".join(c[:2]),
)
def test_the_other_commands_beside_a_bot_wait_for_it_only_to_upgrade(
    command: list[str],
    cli_env: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """`groups`, `db purge`, `reminders preview` and `import` upgraded on start as `export`
    did: behind, they are refused beside a bot and change nothing; at the newest revision
    they run beside it."""
    url = _database("sqlite", cli_env, monkeypatch)
    _a_group(monkeypatch, capsys)
    Path("liste.csv").write_text("Titel\nSkatepark\n", encoding="utf-8")
    assert main(["db", "downgrade", "-1", "--yes"]) == 0
    older = _revision(url)
    capsys.readouterr()
    with hold_data_dir(cli_env):
        assert main(command) == 1
        err = _said(capsys.readouterr().err)
        assert err.endswith(": stop it and run steerbot db upgrade\n") and err.count("\n") == 1
        assert _revision(url) == older
    assert main(["db", "upgrade"]) == 0
    capsys.readouterr()
    with hold_data_dir(cli_env):
        assert main(command) == 0, capsys.readouterr().err
    assert "already running" not in capsys.readouterr().err


@pytest.mark.parametrize("backend", ["sqlite", "postgresql"])
def test_a_database_a_newer_steerbot_upgraded_is_refused_by_an_export_as_by_run(
    backend: str,
    cli_env: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    """A revision this steerbot does not know: one line, exit code 1, as `run` says it;
    nothing is downgraded or changed."""
    url = _database(backend, cli_env, monkeypatch)
    assert main(["db", "upgrade"]) == 0
    engine = make_engine(url)

    async def newer() -> None:
        try:
            async with engine.begin() as conn:
                await conn.exec_driver_sql("UPDATE alembic_version SET version_num = 'f999'")
        finally:
            await engine.dispose()

    asyncio.run(newer())
    capsys.readouterr()
    refusal = (
        "steerbot: the database's schema is at revision f999, newer than this steerbot knows "
        f"(up to {head_revision()}): run the steerbot that upgraded it, or restore the backup "
        "made before that upgrade\n"
    )
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    for command in (["export", "plan", "--group", "1", "-o", "plan.csv"], ["groups"], ["console"]):
        assert main(command) == 1
        assert _said(capsys.readouterr().err) == refusal
    assert _revision(url) == "f999"
    assert not Path("plan.csv").exists()
