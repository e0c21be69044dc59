"""Settings of the Telegram adapter."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class TelegramConfig:
    """How to reach the Bot API and how to receive updates.

    ``base_url`` is the root of a Bot API server (``http://127.0.0.1:8081`` for a self-hosted
    server or a test fake); None means api.telegram.org. With ``webhook_url`` set the adapter
    registers a webhook and listens on ``webhook_listen`` (``host:port``) instead of polling;
    ``webhook_secret`` is the ``secret_token`` Telegram must echo (generated when None).
    ``stop_grace`` is how long :meth:`stop` lets an update that is being handled finish.
    ``default_language`` is used for the command list shown to users whose client language is
    neither German nor English.
    """

    token: str
    base_url: str | None = None
    webhook_url: str | None = None
    webhook_listen: str | None = None
    webhook_secret: str | None = None
    poll_timeout: int = 30
    default_language: str = "de"
    max_handling_attempts: int = 5
    stop_grace: float = 10.0

    @classmethod
    def from_env(cls, env: Mapping[str, str]) -> TelegramConfig:
        """Read ``TELEGRAM_TOKEN``, ``TELEGRAM_BASE_URL`` and ``TELEGRAM_WEBHOOK_*``."""
        return cls(
            token=env["TELEGRAM_TOKEN"],
            base_url=env.get("TELEGRAM_BASE_URL") or None,
            webhook_url=env.get("TELEGRAM_WEBHOOK_URL") or None,
            webhook_listen=env.get("TELEGRAM_WEBHOOK_LISTEN") or None,
            webhook_secret=env.get("TELEGRAM_WEBHOOK_SECRET") or None,
        )

    def api_urls(self) -> tuple[str, str] | None:
        """``(base_url, base_file_url)`` in the form python-telegram-bot expects, or None."""
        if not self.base_url:
            return None
        root = self.base_url.rstrip("/")
        if root.endswith("/bot"):
            root = root[: -len("/bot")]
        return f"{root}/bot", f"{root}/file/bot"

    def __repr__(self) -> str:  # never print the token or the secret into logs
        return (
            f"TelegramConfig(base_url={self.base_url!r}, webhook_url={self.webhook_url!r}, "
            f"webhook_listen={self.webhook_listen!r})"
        )
