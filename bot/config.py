"""Settings from the environment and ``.env`` (pydantic-settings), validated up front."""

from __future__ import annotations

import difflib
import os
import re
from pathlib import Path
from typing import Self
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from bot.i18n import LANGUAGES

SUPPORTED_DRIVERS = ("sqlite+aiosqlite", "postgresql+asyncpg")
# A bot token from @BotFather: the bot's number, a colon, a key (letters, digits, _ and -).
TELEGRAM_TOKEN_RE = re.compile(r"[0-9]+:[A-Za-z0-9_-]+")
MATRIX_USER_ID_RE = re.compile(r"@[^:\s]+:\S+")
WEBHOOK_SECRET_RE = re.compile(r"[A-Za-z0-9_-]{1,256}")
# Names that are ours: one with these starts that is no setting is a typo or a leftover.
OUR_PREFIXES = ("STEERBOT_", "TELEGRAM_", "MATRIX_")
SETTING_CLOSENESS = 0.8  # difflib's ratio from which a name is taken for a typo of a setting


class ConfigError(Exception):
    """A setting has a bad value; the message names the setting."""


class Settings(BaseSettings):
    """Every setting of steerbot; see ``.env.example`` for a line on each."""

    model_config = SettingsConfigDict(env_file=".env", env_file_encoding="utf-8", extra="ignore")

    database_url: str | None = Field(default=None, alias="DATABASE_URL")
    data_dir: Path = Field(default=Path("data"), alias="STEERBOT_DATA_DIR")
    lang: str = Field(default="de", alias="STEERBOT_LANG")
    tz: str = Field(default="Europe/Berlin", alias="STEERBOT_TZ")
    log_level: str = Field(default="INFO", alias="STEERBOT_LOG_LEVEL")
    log_private: bool = Field(default=False, alias="STEERBOT_LOG_PRIVATE")
    telegram_token: SecretStr | None = Field(default=None, alias="TELEGRAM_TOKEN")
    telegram_base_url: str | None = Field(default=None, alias="TELEGRAM_BASE_URL")
    telegram_webhook_url: str | None = Field(default=None, alias="TELEGRAM_WEBHOOK_URL")
    telegram_webhook_listen: str | None = Field(default=None, alias="TELEGRAM_WEBHOOK_LISTEN")
    telegram_webhook_secret: SecretStr | None = Field(default=None, alias="TELEGRAM_WEBHOOK_SECRET")
    matrix_homeserver: str | None = Field(default=None, alias="MATRIX_HOMESERVER")
    matrix_user_id: str | None = Field(default=None, alias="MATRIX_USER_ID")
    matrix_password: SecretStr | None = Field(default=None, alias="MATRIX_PASSWORD")
    matrix_access_token: SecretStr | None = Field(default=None, alias="MATRIX_ACCESS_TOKEN")
    matrix_device_id: str | None = Field(default=None, alias="MATRIX_DEVICE_ID")
    matrix_allowed_users: str = Field(default="", alias="MATRIX_ALLOWED_USERS")
    matrix_allowed_servers: str = Field(default="", alias="MATRIX_ALLOWED_SERVERS")
    matrix_encryption: bool = Field(default=True, alias="MATRIX_ENCRYPTION")
    privacy_url: str | None = Field(default=None, alias="STEERBOT_PRIVACY_URL")
    retain_event_ids_days: int = Field(default=30, ge=1, alias="STEERBOT_RETAIN_EVENT_IDS_DAYS")
    retain_sent_reminders_days: int = Field(
        default=365, ge=1, alias="STEERBOT_RETAIN_SENT_REMINDERS_DAYS"
    )
    retain_closed_group_years: int = Field(
        default=3, ge=1, alias="STEERBOT_RETAIN_CLOSED_GROUP_YEARS"
    )

    @field_validator("database_url")
    @classmethod
    def _check_url(cls, value: str | None) -> str | None:
        if value is None or value == "":
            return None
        try:
            url = make_url(value)
        except ArgumentError:
            raise ValueError(
                "not a database URL (e.g. sqlite+aiosqlite:///data/steerbot.db)"
            ) from None
        if url.drivername not in SUPPORTED_DRIVERS:
            raise ValueError(
                f"unsupported driver {url.drivername!r}; use one of {', '.join(SUPPORTED_DRIVERS)}"
            )
        return value

    @field_validator("privacy_url")
    @classmethod
    def _check_privacy_url(cls, value: str | None) -> str | None:
        if not value:
            return None
        if not value.startswith(("https://", "http://")) or " " in value:
            raise ValueError("not a web address (e.g. https://www.musterstadt.de/datenschutz)")
        return value

    @field_validator("lang")
    @classmethod
    def _check_lang(cls, value: str) -> str:
        if value not in LANGUAGES:
            raise ValueError(f"unknown language {value!r}; use one of {', '.join(LANGUAGES)}")
        return value

    @field_validator("tz")
    @classmethod
    def _check_tz(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError):
            raise ValueError(f"unknown time zone {value!r} (e.g. Europe/Berlin)") from None
        return value

    @field_validator("log_level")
    @classmethod
    def _check_level(cls, value: str) -> str:
        if value.upper() not in ("DEBUG", "INFO", "WARNING", "ERROR"):
            raise ValueError("use DEBUG, INFO, WARNING or ERROR")
        return value.upper()

    @model_validator(mode="after")
    def _check_platforms(self) -> Self:
        """Telegram and Matrix settings that cannot work, or are half filled in: a platform
        that is switched on (``TELEGRAM_TOKEN``, ``MATRIX_HOMESERVER``) but could not
        start, or would be left out silently, is refused with the setting to fix."""
        _check_telegram(self)
        _check_matrix(self)
        return self

    @property
    def effective_database_url(self) -> str:
        """``DATABASE_URL`` or the SQLite file in the data directory."""
        return self.database_url or f"sqlite+aiosqlite:///{self.data_dir / 'steerbot.db'}"

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.tz)

    @property
    def telegram_enabled(self) -> bool:
        return self.telegram_token is not None and bool(self.telegram_token.get_secret_value())

    @property
    def matrix_enabled(self) -> bool:
        return bool(self.matrix_homeserver and self.matrix_user_id)

    def masked(self) -> dict[str, str]:
        """The effective settings with secrets masked (for ``steerbot config show``)."""
        out: dict[str, str] = {}
        for name, field in type(self).model_fields.items():
            value = getattr(self, name)
            key = field.alias or name
            if isinstance(value, SecretStr):
                out[key] = "********" if value.get_secret_value() else ""
            elif value is None:
                out[key] = ""
            elif isinstance(value, bool):  # as .env.example writes it, not Python's True
                out[key] = "true" if value else "false"
            elif key == "DATABASE_URL":
                out[key] = make_url(str(value)).render_as_string(hide_password=True)
            else:
                out[key] = str(value)
        out["DATABASE_URL (effective)"] = make_url(self.effective_database_url).render_as_string(
            hide_password=True
        )
        return out


def _secret(value: SecretStr | None) -> str:
    return value.get_secret_value() if value is not None else ""


def _check_telegram(s: Settings) -> None:
    token = _secret(s.telegram_token)
    if token and not TELEGRAM_TOKEN_RE.fullmatch(token):
        # The message never repeats the value: it is a secret, and may be almost right.
        raise SettingError(
            "TELEGRAM_TOKEN", "not a bot token (from @BotFather, like 123456789:AAH…)"
        )
    if not token:  # Telegram is off; its other settings wait for a token
        return
    url = s.telegram_webhook_url
    if url and (not url.startswith("https://") or " " in url):
        raise SettingError("TELEGRAM_WEBHOOK_URL", "Telegram sends only to https:// addresses")
    listen = s.telegram_webhook_listen
    if listen:
        _host, sep, port = listen.rpartition(":")
        if not sep or not port.isdecimal() or int(port) > 65535:
            raise SettingError("TELEGRAM_WEBHOOK_LISTEN", "use host:port, e.g. 127.0.0.1:8443")
    secret = _secret(s.telegram_webhook_secret)
    if secret and not WEBHOOK_SECRET_RE.fullmatch(secret):
        raise SettingError("TELEGRAM_WEBHOOK_SECRET", "use up to 256 of A–Z, a–z, 0–9, _ and -")
    base = s.telegram_base_url
    if base and not base.startswith(("https://", "http://")):
        raise SettingError("TELEGRAM_BASE_URL", "not a web address (e.g. http://127.0.0.1:8081)")


def _check_matrix(s: Settings) -> None:
    server, user = s.matrix_homeserver, s.matrix_user_id
    if server and not user:
        raise SettingError(
            "MATRIX_USER_ID",
            "needed with MATRIX_HOMESERVER: the bot's Matrix user id (e.g. @steerbot:stadt.example)",
        )
    if not server:  # Matrix is off; its other settings wait for a homeserver
        return
    if not server.startswith(("https://", "http://")) or " " in server:
        raise SettingError(
            "MATRIX_HOMESERVER", "not a web address (e.g. https://matrix.stadt.example)"
        )
    if not MATRIX_USER_ID_RE.fullmatch(user or ""):
        raise SettingError("MATRIX_USER_ID", "not a Matrix user id (e.g. @steerbot:stadt.example)")


class SettingError(ValueError):
    """A check across settings failed; ``setting`` is the one to fix."""

    def __init__(self, setting: str, message: str) -> None:
        super().__init__(message)
        self.setting = setting


def load_settings(**overrides: object) -> Settings:
    """Build the settings; a bad value raises :class:`ConfigError` naming the setting, and
    so does a name in ``.env`` or the environment that looks like a setting but is none."""
    env_file = overrides.get("_env_file", Settings.model_config.get("env_file"))
    check_names(Path(str(env_file)) if env_file else None)
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        err = exc.errors()[0]
        error = (err.get("ctx") or {}).get("error")
        if isinstance(error, SettingError):  # a check across settings names its own
            raise ConfigError(f"{error.setting}: {error}") from None
        loc = err.get("loc") or ("?",)
        name = str(loc[0])
        field = Settings.model_fields.get(name)
        setting = (field.alias if field and field.alias else name).upper()
        msg = str(err.get("msg", "invalid value")).removeprefix("Value error, ")
        raise ConfigError(f"{setting}: {msg}") from None


def check_names(env_file: Path | None) -> None:
    """Refuse a name that is not a setting, so that a typo (``TELEGRAM_TOKN``) is not
    ignored and a platform left out silently: every ``STEERBOT_``/``TELEGRAM_``/``MATRIX_``
    name in the environment or ``env_file``, and a name in ``env_file`` close to a setting's
    (``DATABSE_URL``). Other names in ``env_file`` are left alone: it may serve others too."""
    from dotenv import dotenv_values

    known = {(field.alias or name).upper() for name, field in Settings.model_fields.items()}
    found = [(name, "the environment") for name in os.environ]
    if env_file is not None and env_file.is_file():
        found += [(name, str(env_file)) for name in dotenv_values(env_file)]
    for name, where in found:
        upper = name.upper()
        if upper in known:
            continue
        close = closest_setting(upper, known)
        if upper.startswith(OUR_PREFIXES) or (close and where != "the environment"):
            hint = f"; did you mean {close}?" if close else "; .env.example lists them all"
            raise ConfigError(f"{name} (in {where}): not a setting of steerbot{hint}")


def closest_setting(name: str, known: set[str]) -> str | None:
    """The setting ``name`` (upper case) was likely meant for: the closest by spelling, also
    with a prefix of ours put before another's (``STEERBOT_TELEGRAM_TOKN``: TELEGRAM_TOKEN,
    ``STEERBOT_DATABASE_URL``: DATABASE_URL); None when none is close."""
    forms = [name, *(name.removeprefix(p) for p in OUR_PREFIXES if name.startswith(p))]
    best, score = None, 0.0
    for form in forms:
        for setting in sorted(known):
            ratio = difflib.SequenceMatcher(None, form, setting).ratio()
            if ratio >= SETTING_CLOSENESS and ratio > score and _rest_alike(form, setting):
                best, score = setting, ratio
    return best


def _rest_alike(name: str, setting: str) -> bool:
    """Whether what follows a prefix both share is alike too: STEERBOT_TOKEN shares its
    start with STEERBOT_TZ, not its meaning."""
    prefix = next((p for p in OUR_PREFIXES if name.startswith(p) and setting.startswith(p)), "")
    rest = difflib.SequenceMatcher(None, name.removeprefix(prefix), setting.removeprefix(prefix))
    return rest.ratio() >= 0.5
