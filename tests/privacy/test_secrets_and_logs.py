"""Secrets never in logs, replies or error messages; logs carry no message text or names."""

from __future__ import annotations

import io
import logging
from pathlib import Path

import pytest

from adapters.memory import MemoryAdapter
from bot.cli import main
from bot.clock import FakeClock
from bot.config import Settings
from bot.logs import SecretFilter, secrets_of, setup_logging
from bot.registry import Command
from commands import build_registry
from tests.harness import Bot, make_app, settings_for

TOKEN = "123456789:AAHsecretTelegramTokenValue"
PASSWORD = "Matrix-Passw0rd-secret"
DB_PASSWORD = "p@ss/Word:secret"
DB_URL = "postgresql+asyncpg://steerbot:p%40ss%2FWord%3Asecret@db.example:5432/steerbot"
SECRETS = (TOKEN, PASSWORD, DB_PASSWORD, "p%40ss%2FWord%3Asecret", "AAHsecretTelegramTokenValue")


def _settings(tmp_path: Path, **more: object) -> Settings:
    values: dict[str, object] = {
        "TELEGRAM_TOKEN": TOKEN,
        "MATRIX_PASSWORD": PASSWORD,
        "MATRIX_ACCESS_TOKEN": "syt_secret_access_token",
        "TELEGRAM_WEBHOOK_SECRET": "webhook-secret-123",
        "DATABASE_URL": DB_URL,
    }
    values.update(more)
    return settings_for(tmp_path, **values)


def _log_everything(log: logging.Logger) -> None:
    log.info("telegram token is %s", TOKEN)
    log.warning("matrix login with %s failed", PASSWORD)
    log.error("cannot connect to %s", DB_URL)
    log.error("password %s", DB_PASSWORD)
    try:
        raise ConnectionError(f"login failed for token {TOKEN} at {DB_URL}")
    except ConnectionError:
        log.exception("adapter crashed")


def test_secret_filter_with_caplog(tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    settings = _settings(tmp_path)
    caplog.handler.addFilter(SecretFilter(secrets_of(settings)))
    caplog.set_level(logging.INFO)
    _log_everything(logging.getLogger("steerbot.test"))
    assert caplog.text.count("********") >= 5
    assert "adapter crashed" in caplog.text and "ConnectionError" in caplog.text
    for secret in SECRETS:
        assert secret not in caplog.text, secret


def test_a_trace_formatted_by_an_earlier_handler_is_masked_too(tmp_path: Path) -> None:
    """A handler that came first may have formatted the trace and left it on the record (here
    one filtered for another configuration, which masks URL passwords but knows no token); the
    trace must still not reach the properly filtered handler unmasked."""
    first, second = io.StringIO(), io.StringIO()
    plain = logging.StreamHandler(first)
    plain.addFilter(SecretFilter([]))
    filtered = logging.StreamHandler(second)
    filtered.addFilter(SecretFilter(secrets_of(_settings(tmp_path))))
    log = logging.getLogger("steerbot.test.two-handlers")
    log.propagate = False
    log.addHandler(plain)
    log.addHandler(filtered)
    try:
        _log_everything(log)
    finally:
        log.removeHandler(plain)
        log.removeHandler(filtered)
    written = second.getvalue()
    assert "adapter crashed" in written and "ConnectionError: login failed" in written
    for secret in SECRETS:
        assert secret not in written, secret


def test_setup_logging_masks_secrets_in_the_log_file(tmp_path: Path) -> None:
    settings = _settings(tmp_path)
    log_file = tmp_path / "steerbot.log"
    setup_logging(settings, to_file=log_file)
    _log_everything(logging.getLogger("steerbot.test"))
    for handler in logging.getLogger().handlers:
        handler.flush()
    written = log_file.read_text()
    assert "Traceback" in written and "login failed for token ********" in written
    for secret in SECRETS:
        assert secret not in written, secret


def test_config_show_masks_secrets(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    for key, value in {
        "TELEGRAM_TOKEN": TOKEN,
        "MATRIX_PASSWORD": PASSWORD,
        "MATRIX_ACCESS_TOKEN": "syt_secret_access_token",
        "TELEGRAM_WEBHOOK_SECRET": "webhook-secret-123",
        "DATABASE_URL": DB_URL,
        "STEERBOT_RETAIN_EVENT_IDS_DAYS": "14",
    }.items():
        monkeypatch.setenv(key, value)
    assert main(["config", "show"]) == 0
    out = capsys.readouterr().out
    for secret in (*SECRETS, "syt_secret_access_token", "webhook-secret-123"):
        assert secret not in out, secret
    assert "TELEGRAM_TOKEN=********" in out and "MATRIX_PASSWORD=********" in out
    assert "DATABASE_URL=postgresql+asyncpg://steerbot:***@db.example:5432/steerbot" in out
    assert (
        "STEERBOT_RETAIN_EVENT_IDS_DAYS=14" in out and "STEERBOT_RETAIN_CLOSED_GROUP_YEARS=3" in out
    )


def test_bad_database_url_error_hides_the_password(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("DATABASE_URL", "mysql://steerbot:hunter2secret@db/steerbot")
    assert main(["config", "show"]) == 2
    captured = capsys.readouterr()
    assert "DATABASE_URL" in captured.err and "hunter2secret" not in captured.err + captured.out


async def test_crash_with_a_secret_in_it_reaches_neither_reply_nor_log(
    tmp_path: Path, clock: FakeClock
) -> None:
    settings = _settings(tmp_path, DATABASE_URL="sqlite+aiosqlite://", STEERBOT_LOG_LEVEL="DEBUG")
    log_file = tmp_path / "bot.log"
    setup_logging(settings, to_file=log_file)

    async def leak(ctx) -> None:  # type: ignore[no-untyped-def]
        raise RuntimeError(f"upstream said: bad token {TOKEN}, password {PASSWORD}")

    registry = build_registry()
    registry.add(Command(name="leak", handler=leak, summary="x", usage="x", needs_group=False))
    app = make_app(settings, clock)
    app.services.registry = registry
    adapter = MemoryAdapter()
    app.add_adapter(adapter)
    async with app:
        answer = await Bot(app, adapter, clock).ask("anna", "/leak", chat="dm")
    assert "incident" in answer.lower() or "Vorfall" in answer or "schiefgegangen" in answer
    written = log_file.read_text()
    assert "RuntimeError" in written
    for secret in (TOKEN, PASSWORD):
        assert secret not in answer and secret not in written


async def test_logs_carry_no_names_or_message_text(
    tmp_path: Path, clock: FakeClock, caplog: pytest.LogCaptureFixture
) -> None:
    settings = settings_for(
        tmp_path, DATABASE_URL="sqlite+aiosqlite://", STEERBOT_LOG_LEVEL="DEBUG"
    )
    log_file = tmp_path / "bot.log"
    setup_logging(settings, to_file=log_file)  # the production set-up, at DEBUG
    logging.getLogger().addHandler(caplog.handler)
    caplog.set_level(logging.DEBUG)
    for noisy in ("aiosqlite", "sqlalchemy.engine"):  # as setup_logging has them
        logging.getLogger(noisy).setLevel(logging.WARNING)
    app = make_app(settings, clock)
    adapter = MemoryAdapter()
    app.add_adapter(adapter)
    async with app:
        bot = Bot(app, adapter, clock)
        await bot.group_with(zephyrina="youth")
        await bot.ask("zephyrina", "/propose Geheimprojekt Wolkenschloss | am Quellbach")
        await bot.ask("zephyrina", "Wolkenschloss ist toll, sagt Zephyrina", chat="dm")
        await bot.ask("zephyrina", "/unknowncommand Wolkenschloss")
        await bot.ask("zephyrina", "/mydata", chat="dm")
        (asked,) = await bot.say("anna", "/remove Zephyrina forget")
        await bot.press("anna", asked.reply.choices[0].action)
    for handler in logging.getLogger().handlers:
        handler.flush()
    logged = caplog.text + log_file.read_text()
    assert "event memory:" in logged  # the dispatcher did log, by hashed event id
    for private in ("zephyrina", "wolkenschloss", "quellbach", "musterstadt"):
        assert private not in logged.lower(), private


def test_log_private_switch_warns_loudly(tmp_path: Path) -> None:
    log_file = tmp_path / "bot.log"
    setup_logging(settings_for(tmp_path, STEERBOT_LOG_PRIVATE="true"), to_file=log_file)
    for handler in logging.getLogger().handlers:
        handler.flush()
    assert (
        "WARNING" in log_file.read_text() and "STEERBOT_LOG_PRIVATE is on" in log_file.read_text()
    )
