"""Settings from the environment and ``.env`` (pydantic-settings), validated up front."""

from __future__ import annotations

from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, ValidationError, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError

from bot.i18n import LANGUAGES

SUPPORTED_DRIVERS = ("sqlite+aiosqlite", "postgresql+asyncpg")


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
            elif key == "DATABASE_URL":
                out[key] = make_url(str(value)).render_as_string(hide_password=True)
            else:
                out[key] = str(value)
        out["DATABASE_URL (effective)"] = make_url(self.effective_database_url).render_as_string(
            hide_password=True
        )
        return out


def load_settings(**overrides: object) -> Settings:
    """Build the settings; a bad value raises :class:`ConfigError` naming the setting."""
    try:
        return Settings(**overrides)  # type: ignore[arg-type]
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = err.get("loc") or ("?",)
        name = str(loc[0])
        field = Settings.model_fields.get(name)
        setting = (field.alias if field and field.alias else name).upper()
        msg = str(err.get("msg", "invalid value")).removeprefix("Value error, ")
        raise ConfigError(f"{setting}: {msg}") from None
