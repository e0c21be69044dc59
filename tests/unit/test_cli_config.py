"""The command line and the settings: clear one-line errors, exit code 2, no traceback."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from collections.abc import Awaitable
from pathlib import Path
from typing import TypeVar

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.cli import main
from bot.config import ConfigError, load_settings
from storage.migrate import current_revision
from tests.conftest import BACKENDS, postgres_url, reset_postgres

T = TypeVar("T")

ROOT = Path(__file__).resolve().parents[2]


def run_cli(
    args: list[str], env: dict[str, str], cwd: Path, stdin: str = ""
) -> subprocess.CompletedProcess[str]:
    full_env = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith(("STEERBOT_", "DATABASE_URL", "TELEGRAM_", "MATRIX_"))
    }
    full_env.update(env)
    full_env["PYTHONPATH"] = str(ROOT)
    return subprocess.run(
        [sys.executable, "-m", "bot.cli", *args],
        env=full_env,
        cwd=cwd,
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )


@pytest.mark.parametrize(
    ("env", "setting"),
    [
        ({"DATABASE_URL": "not a url at all"}, "DATABASE_URL"),
        ({"DATABASE_URL": "mysql://u@h/db"}, "DATABASE_URL"),
        ({"STEERBOT_LANG": "fr"}, "STEERBOT_LANG"),
        ({"STEERBOT_TZ": "Mars/Olympus"}, "STEERBOT_TZ"),
    ],
)
def test_bad_setting_exits_2_with_one_line(
    tmp_path: Path, env: dict[str, str], setting: str
) -> None:
    result = run_cli(["db", "upgrade"], env, tmp_path)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and setting in lines[0] and "Traceback" not in result.stderr


@pytest.mark.parametrize(
    ("env", "setting"),
    [
        ({"TELEGRAM_TOKEN": "hello-not-a-token"}, "TELEGRAM_TOKEN"),
        ({"TELEGRAM_TOKEN": "bot123456:AAH-secret"}, "TELEGRAM_TOKEN"),
        (
            {"TELEGRAM_TOKEN": "123456:AAH", "TELEGRAM_WEBHOOK_URL": "http://bot.example"},
            "TELEGRAM_WEBHOOK_URL",
        ),
        (
            {
                "TELEGRAM_TOKEN": "123456:AAH",
                "TELEGRAM_WEBHOOK_URL": "https://bot.example/hook",
                "TELEGRAM_WEBHOOK_LISTEN": "8443",
            },
            "TELEGRAM_WEBHOOK_LISTEN",
        ),
        ({"MATRIX_HOMESERVER": "https://matrix.example"}, "MATRIX_USER_ID"),
        (
            {"MATRIX_HOMESERVER": "matrix.example", "MATRIX_USER_ID": "@bot:matrix.example"},
            "MATRIX_HOMESERVER",
        ),
        (
            {"MATRIX_HOMESERVER": "https://matrix.example", "MATRIX_USER_ID": "steerbot"},
            "MATRIX_USER_ID",
        ),
    ],
)
def test_platform_settings_that_cannot_work_are_refused(
    tmp_path: Path, env: dict[str, str], setting: str
) -> None:
    """A platform switched on with settings it cannot start with, or half filled in (Matrix
    without its user id used to leave Matrix out and start the console), ends with one line
    naming the setting, never the secret."""
    for command in (["config", "show"], ["run"]):
        result = run_cli(command, {"STEERBOT_DATA_DIR": str(tmp_path / "d"), **env}, tmp_path)
        assert result.returncode == 2, (command, result.stdout, result.stderr)
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith(f"steerbot: configuration error: {setting}:")
        assert "secret" not in result.stderr and "hello-not" not in result.stderr
    assert not (tmp_path / "d").exists()  # refused before anything was made


def test_platforms_switched_off_keep_their_other_settings(tmp_path: Path) -> None:
    """An empty TELEGRAM_TOKEN or MATRIX_HOMESERVER switches the platform off, as .env.example
    says; what else is filled in for it waits."""
    settings = load_settings(
        _env_file=None,
        TELEGRAM_WEBHOOK_URL="https://bot.example/hook",
        MATRIX_USER_ID="@steerbot:stadt.example",
        MATRIX_PASSWORD="pw",
    )
    assert not settings.telegram_enabled and not settings.matrix_enabled
    ok = load_settings(
        _env_file=None,
        TELEGRAM_TOKEN="123456789:AAH-x_y",
        TELEGRAM_WEBHOOK_URL="https://bot.example/hook",
        TELEGRAM_WEBHOOK_LISTEN="[::1]:8443",
        MATRIX_HOMESERVER="https://matrix.stadt.example",
        MATRIX_USER_ID="@steerbot:stadt.example",
    )
    assert ok.telegram_enabled and ok.matrix_enabled


@pytest.mark.parametrize(
    ("where", "name", "expected"),
    [
        (
            ".env",
            "TELEGRAM_TOKN",
            "TELEGRAM_TOKN (in .env): not a setting of steerbot; did you mean TELEGRAM_TOKEN?",
        ),
        (
            ".env",
            "DATABSE_URL",
            "DATABSE_URL (in .env): not a setting of steerbot; did you mean DATABASE_URL?",
        ),
        (
            "env",
            "STEERBOT_LOGLEVEL",
            "STEERBOT_LOGLEVEL (in the environment): not a setting "
            "of steerbot; did you mean STEERBOT_LOG_LEVEL?",
        ),
        (  # a prefix of ours before another's: the setting meant, not the list
            "env",
            "STEERBOT_TELEGRAM_TOKN",
            "STEERBOT_TELEGRAM_TOKN (in the environment): not a setting of steerbot; "
            "did you mean TELEGRAM_TOKEN?",
        ),
        (
            "env",
            "STEERBOT_DATABASE_URL",
            "STEERBOT_DATABASE_URL (in the environment): not a setting of steerbot; "
            "did you mean DATABASE_URL?",
        ),
        (  # only its start is STEERBOT_TZ's: no guess
            "env",
            "STEERBOT_TOKEN",
            "STEERBOT_TOKEN (in the environment): not a setting of steerbot; "
            ".env.example lists them all",
        ),
        (
            "env",
            "MATRIX_E2E",
            "MATRIX_E2E (in the environment): not a setting of steerbot; .env.example lists them all",
        ),
    ],
)
def test_a_name_that_is_no_setting_is_refused(
    tmp_path: Path, where: str, name: str, expected: str
) -> None:
    """A typo'd key used to be ignored: the bot started without it (here: on the console,
    Telegram left out) and said nothing."""
    env = {"STEERBOT_DATA_DIR": str(tmp_path / "d")}
    if where == ".env":
        (tmp_path / ".env").write_text(f"STEERBOT_LANG=en\n{name}=123456:AAH\nPGPASSWORD=x\n")
    else:
        env[name] = "x"
    result = run_cli(["run"], env, tmp_path)
    assert result.returncode == 2, result.stdout
    assert result.stderr.strip() == f"steerbot: configuration error: {expected}"
    assert not (tmp_path / "d").exists()


def test_other_names_in_env_file_are_left_alone(tmp_path: Path) -> None:
    (tmp_path / ".env").write_text("POSTGRES_PASSWORD=x\nCOMPOSE_PROJECT_NAME=kfk\n")
    result = run_cli(["config", "show"], {}, tmp_path)
    assert result.returncode == 0 and result.stderr == ""


def test_system_lang_and_tz_variables_are_not_taken(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANG", "C.UTF-8")
    monkeypatch.setenv("TZ", "UTC")
    monkeypatch.delenv("STEERBOT_LANG", raising=False)
    monkeypatch.delenv("STEERBOT_TZ", raising=False)
    settings = load_settings(_env_file=None)
    assert settings.lang == "de" and settings.tz == "Europe/Berlin"


def test_env_file_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / ".env").write_text("STEERBOT_LANG=en\nMATRIX_PASSWORD=hunter22\n")
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("STEERBOT_LANG", raising=False)
    settings = load_settings()
    assert settings.lang == "en"
    assert settings.masked()["MATRIX_PASSWORD"] == "********"
    with pytest.raises(ConfigError, match="STEERBOT_LANG"):
        load_settings(STEERBOT_LANG="xx")


def test_privacy_url_must_be_a_web_address() -> None:
    with pytest.raises(ConfigError, match="STEERBOT_PRIVACY_URL"):
        load_settings(STEERBOT_PRIVACY_URL="PRIVACY.md")
    url = "https://www.musterstadt.de/datenschutz"
    assert load_settings(STEERBOT_PRIVACY_URL=url).privacy_url == url
    assert load_settings(STEERBOT_PRIVACY_URL="").privacy_url is None


def test_version_and_help(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as done:
        main(["--version"])
    assert done.value.code == 0 and "steerbot 0." in capsys.readouterr().out
    with pytest.raises(SystemExit):
        main(["--help"])
    out = capsys.readouterr().out
    for word in ("run", "console", "db"):
        assert word in out


@pytest.mark.parametrize("command", ["db", "reminders"])
def test_a_command_without_its_action_is_a_usage_error(
    capsys: pytest.CaptureFixture[str], command: str
) -> None:
    """``steerbot db`` used to print the help and exit 0: a script or a unit file with the
    action left out seemed to have done its work."""
    with pytest.raises(SystemExit) as done:
        main([command])
    assert done.value.code == 2
    err = capsys.readouterr().err
    assert err.startswith(f"usage: steerbot {command} ")
    assert "the following arguments are required: ACTION" in err


def test_db_upgrade_then_scripted_console(tmp_path: Path) -> None:
    env = {"STEERBOT_DATA_DIR": str(tmp_path / "data")}
    upgraded = run_cli(["db", "upgrade"], env, tmp_path)
    assert upgraded.returncode == 0, upgraded.stderr
    assert (tmp_path / "data" / "steerbot.db").exists()
    script = "anna: /setup Musterstadt\nanna: /propose Spielplatz\n/measures\n"
    result = run_cli(["console", "--user", "anna"], env, tmp_path, stdin=script)
    assert result.returncode == 0, result.stderr
    assert "Maßnahme 1 „Spielplatz“ ist vorgeschlagen." in result.stdout
    assert "1. Spielplatz · vorgeschlagen" in result.stdout


def test_run_without_platforms_uses_console(tmp_path: Path) -> None:
    env = {"STEERBOT_DATA_DIR": str(tmp_path / "data")}
    result = run_cli(["run"], env, tmp_path, stdin="anna: /setup Testdorf\n")
    assert result.returncode == 0, result.stderr
    assert "Steuerungsgruppe Testdorf" in result.stdout
    # Said on stderr: a service started in another folder than its .env lands here too.
    assert result.stderr == (
        "steerbot: no platform configured (TELEGRAM_TOKEN, MATRIX_HOMESERVER; "
        f"no {tmp_path.resolve() / '.env'}): the console, until the end of input\n"
    )


def test_unreachable_database_is_one_line_without_password(tmp_path: Path) -> None:
    env = {"DATABASE_URL": "postgresql+asyncpg://bot:s3cretpw@127.0.0.1:1/nowhere"}
    result = run_cli(["db", "upgrade"], env, tmp_path)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "cannot be reached" in lines[0], result.stderr
    assert "s3cretpw" not in result.stderr and "Traceback" not in result.stderr


def test_log_filter_masks_passwords_in_any_url() -> None:
    import logging

    from bot.logs import SecretFilter

    record = logging.LogRecord(
        "x", logging.ERROR, __file__, 1, "failed: %s", ("postgresql://u:hunter2x@db/x",), None
    )
    SecretFilter([]).filter(record)
    assert "hunter2x" not in record.getMessage() and "u:********@db" in record.getMessage()


def test_a_database_a_newer_steerbot_upgraded_is_one_line(tmp_path: Path) -> None:
    """After going back to an older release, every command used to end in alembic's
    traceback ("Can't locate revision identified by …"); the database is left as it is."""
    import sqlite3

    env = {"STEERBOT_DATA_DIR": str(tmp_path / "data")}
    assert run_cli(["db", "upgrade"], env, tmp_path).returncode == 0
    db = sqlite3.connect(tmp_path / "data" / "steerbot.db")
    with db:
        db.execute("UPDATE alembic_version SET version_num = '9999'")
    for command in (["db", "upgrade"], ["run"], ["export", "plan", "--group", "1", "-o", "p"]):
        result = run_cli(command, env, tmp_path)
        assert result.returncode == 1, result.stderr
        problem = result.stderr.strip().splitlines()[-1]
        assert "Traceback" not in result.stderr
        assert problem.startswith(
            "steerbot: the database's schema is at revision 9999, newer than this steerbot knows"
        )
        assert problem.endswith("or restore the backup made before that upgrade")
    assert db.execute("SELECT version_num FROM alembic_version").fetchall() == [("9999",)]
    db.close()


@pytest.mark.parametrize(
    ("where", "problem"),
    [
        ("taken", "{dir} is a file, not a folder"),
        ("taken/data", "cannot make {dir}: Not a directory"),
    ],
)
def test_a_data_dir_that_cannot_be_used_is_named(tmp_path: Path, where: str, problem: str) -> None:
    """It used to read 'the database cannot be reached: FileExistsError …', and named no
    setting."""
    (tmp_path / "taken").write_text("")
    data_dir = tmp_path / where
    for command in (["db", "upgrade"], ["console"]):
        result = run_cli(command, {"STEERBOT_DATA_DIR": str(data_dir)}, tmp_path)
        assert result.returncode == 2
        assert result.stderr == (
            "steerbot: configuration error: STEERBOT_DATA_DIR: "
            + problem.format(dir=data_dir)
            + "\n"
        )


def test_the_data_it_makes_is_for_its_owner_only(tmp_path: Path) -> None:
    """The data directory and the SQLite file (everyone's personal data, minors' too, and the
    Matrix crypto store) used to be made readable for every user of the machine (0755/0644)."""
    data = tmp_path / "data"
    elsewhere = tmp_path / "db" / "steerbot.db"
    assert run_cli(["db", "upgrade"], {"STEERBOT_DATA_DIR": str(data)}, tmp_path).returncode == 0
    url = f"sqlite+aiosqlite:///{elsewhere}"
    assert run_cli(["db", "upgrade"], {"DATABASE_URL": url}, tmp_path).returncode == 0
    for path in (data, data / "steerbot.db", elsewhere.parent, elsewhere):
        assert path.stat().st_mode & 0o077 == 0, (path, oct(path.stat().st_mode))
    # Only what it makes: a folder the operator made keeps the rights it was given.
    mine = tmp_path / "mine"
    mine.mkdir(mode=0o750)
    mine.chmod(0o750)
    assert run_cli(["db", "upgrade"], {"STEERBOT_DATA_DIR": str(mine)}, tmp_path).returncode == 0
    assert mine.stat().st_mode & 0o777 == 0o750
    assert (mine / "steerbot.db").stat().st_mode & 0o077 == 0


def test_matrix_encryption_is_a_setting(tmp_path: Path) -> None:
    """MATRIX_ENCRYPTION=false switches the Matrix adapter's end-to-end encryption off, as the
    text to an encrypted room says (before, the adapter read a setting that did not exist,
    so it could not be switched off, and the name was refused as "not a setting")."""
    from types import SimpleNamespace

    from adapters.matrix.factory import matrix_config
    from tests.harness import settings_for

    matrix = {
        "MATRIX_HOMESERVER": "https://matrix.stadt.example",
        "MATRIX_USER_ID": "@steerbot:stadt.example",
        "MATRIX_PASSWORD": "geheim",
    }
    on = matrix_config(SimpleNamespace(settings=settings_for(tmp_path, **matrix)))  # type: ignore[arg-type]
    off = matrix_config(
        SimpleNamespace(settings=settings_for(tmp_path, **matrix, MATRIX_ENCRYPTION="false"))  # type: ignore[arg-type]
    )
    assert on.encryption is True and off.encryption is False


def test_config_show_writes_yes_and_no_as_env_example_does(tmp_path: Path) -> None:
    """It printed Python's ``False``/``True``; a line copied back into .env reads the same."""
    env = {"STEERBOT_DATA_DIR": str(tmp_path / "data"), "MATRIX_ENCRYPTION": "false"}
    result = run_cli(["config", "show"], env, tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "STEERBOT_LOG_PRIVATE=false" in lines and "MATRIX_ENCRYPTION=false" in lines
    assert "True" not in result.stdout and "False" not in result.stdout
    example = (ROOT / ".env.example").read_text(encoding="utf-8")
    assert "STEERBOT_LOG_PRIVATE=false" in example


@pytest.mark.parametrize("backend", BACKENDS)
def test_db_status_says_whether_an_upgrade_is_pending(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    backend: str,
) -> None:
    """Nothing told an operator whether the database needed ``db upgrade`` short of running
    it; ``db status`` compares and changes nothing, exit 0 only when it is up to date."""
    from alembic.script import ScriptDirectory
    from sqlalchemy import text

    from storage.db import make_engine
    from storage.migrate import alembic_config, downgrade, head_revision

    url = f"sqlite+aiosqlite:///{tmp_path / 'steerbot.db'}"
    if backend == "postgresql":
        url = postgres_url() or ""
        engine = make_engine(url)
        asyncio.run(_then_dispose(engine, reset_postgres(engine)))
    for key in list(os.environ):
        if key.startswith(("STEERBOT_", "TELEGRAM_", "MATRIX_")):
            monkeypatch.delenv(key)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", url)
    head = head_revision()
    scripts = ScriptDirectory.from_config(alembic_config())
    assert head is not None
    count = len(list(scripts.walk_revisions()))
    before = scripts.get_revision(head).down_revision
    assert isinstance(before, str)

    def status() -> tuple[int, list[str]]:
        code = main(["db", "status"])
        return code, capsys.readouterr().out.splitlines()

    assert status() == (
        1,
        [
            "current revision: none (an empty database)",
            f"head revision: {head}",
            f"an upgrade is pending ({count} migrations): run steerbot db upgrade "
            "(steerbot run does it on start)",
        ],
    )
    if backend == "sqlite":  # said, not made: a mistyped path leaves no file behind
        assert not (tmp_path / "steerbot.db").exists()
    assert main(["db", "upgrade"]) == 0
    capsys.readouterr()
    assert status() == (0, [f"current revision: {head}", f"head revision: {head}", "up to date"])
    engine = make_engine(url)
    asyncio.run(_then_dispose(engine, downgrade(engine, before)))
    code, lines = status()
    assert code == 1 and lines[0] == f"current revision: {before}"
    assert lines[2].startswith("an upgrade is pending (1 migration): ")
    engine = make_engine(url)

    async def too_new() -> None:
        async with engine.begin() as conn:
            await conn.execute(text("UPDATE alembic_version SET version_num = '9999'"))

    asyncio.run(_then_dispose(engine, too_new()))
    code, lines = status()
    assert code == 1 and lines[0] == "current revision: 9999"
    assert lines[2].startswith("the database is newer than this steerbot: ")
    # Status changed nothing: the database is where it was put.
    engine = make_engine(url)
    assert asyncio.run(_then_dispose(engine, current_revision(engine))) == "9999"


async def _then_dispose(engine: AsyncEngine, work: Awaitable[T]) -> T:
    try:
        return await work
    finally:
        await engine.dispose()
