"""Build the Telegram adapter from the app's settings (called by ``bot.app.configured_adapters``).

This module is wiring: it hands the adapter what the core owns (the key-value store, the
published commands, the translations) and the core's ``move_chat`` for when Telegram upgrades a group to a
supergroup.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from adapters.telegram.adapter import TelegramAdapter
from adapters.telegram.config import TelegramConfig

if TYPE_CHECKING:
    from bot.app import App


def config_from_settings(app: App) -> TelegramConfig:
    """The adapter's settings from ``TELEGRAM_*`` in :class:`bot.config.Settings`."""
    s = app.settings
    if s.telegram_token is None:
        raise ValueError("TELEGRAM_TOKEN is not set")
    secret = s.telegram_webhook_secret
    return TelegramConfig(
        token=s.telegram_token.get_secret_value(),
        base_url=s.telegram_base_url,
        webhook_url=s.telegram_webhook_url,
        webhook_listen=s.telegram_webhook_listen,
        webhook_secret=secret.get_secret_value() if secret is not None else None,
        default_language=s.lang,
    )


def telegram_adapter(app: App, **overrides: Any) -> TelegramAdapter:
    """The Telegram adapter for ``app``; ``overrides`` go to :class:`TelegramAdapter` (tests
    pass a limiter, clock and sleep)."""
    services = app.services
    commands = services.registry.published(lambda lang, msg: services.i18n(lang).t(msg))
    kwargs: dict[str, Any] = {
        "state": app.state,
        "commands": commands,
        "on_migrate": app.move_chat,
        "i18n": services.i18n,
        "on_failure": app.fail,
    }
    kwargs.update(overrides)
    return TelegramAdapter(config_from_settings(app), **kwargs)
