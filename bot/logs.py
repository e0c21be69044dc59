"""Logging set-up: no message text or names by default, secrets never."""

from __future__ import annotations

import logging
import re
import sys
from pathlib import Path
from urllib.parse import quote, quote_plus

from bot.config import Settings

_URL_PASSWORD = re.compile(r"(://[^:/@\s]+:)([^@\s/]+)(@)")


def mask_url_passwords(text: str) -> str:
    """Passwords in any URL (``user:password@host``), configured or not, as ``********``."""
    return _URL_PASSWORD.sub(r"\1********\3", text)


class SecretFilter(logging.Filter):
    """Replaces every configured secret in a log record with ``********``."""

    def __init__(self, secrets: list[str]) -> None:
        super().__init__()
        self.secrets = [s for s in secrets if s and len(s) >= 4]

    def clean(self, text: str) -> str:
        """``text`` with every secret and URL password masked."""
        for secret in self.secrets:
            text = text.replace(secret, "********")
        return mask_url_passwords(text)

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        text = self.clean(message)
        if record.exc_info and record.exc_info[1] is not None:
            formatted = logging.Formatter().formatException(record.exc_info)
            cleaned = self.clean(formatted)
            if cleaned != formatted:
                record.exc_text = cleaned
                record.exc_info = None
                text = f"{text}\n{cleaned}"
        elif record.exc_text:  # formatted already, by a handler that came first
            record.exc_text = self.clean(record.exc_text)
        if record.stack_info:
            record.stack_info = self.clean(record.stack_info)
        if text != message:
            record.msg, record.args = text, ()
        return True


def secrets_of(settings: Settings) -> list[str]:
    """Every secret value in the settings (tokens, passwords, the database password)."""
    from sqlalchemy.engine import make_url

    values = [
        s.get_secret_value()
        for s in (
            settings.telegram_token,
            settings.telegram_webhook_secret,
            settings.matrix_password,
            settings.matrix_access_token,
        )
        if s is not None
    ]
    password = make_url(settings.effective_database_url).password
    if password:
        values.append(str(password))
        # A URL written out in a log holds the password percent-encoded.
        values += [quote(str(password), safe=""), quote_plus(str(password))]
    return list(dict.fromkeys(values))


# Libraries that log request details (and SQL parameters) at INFO/DEBUG: kept at WARNING.
NOISY_LOGGERS = ("httpx", "aiosqlite", "apscheduler", "nio", "telegram", "sqlalchemy.engine")


def setup_logging(settings: Settings, *, to_file: Path | None = None) -> None:
    """Log to stderr (or a file, for the console) with secrets filtered out."""
    handler: logging.Handler
    if to_file is not None:
        to_file.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.FileHandler(to_file, encoding="utf-8")
    else:
        handler = logging.StreamHandler(sys.stderr)
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(SecretFilter(secrets_of(settings)))
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(settings.log_level)
    for noisy in NOISY_LOGGERS:
        logging.getLogger(noisy).setLevel(max(logging.WARNING, logging.getLogger().level))
    if settings.log_private:
        logging.getLogger(__name__).warning(
            "STEERBOT_LOG_PRIVATE is on: logs may contain message text and names. "
            "Switch it off for normal operation."
        )
