"""Build the Telegram adapter from the app's settings (called by ``bot.app.configured_adapters``).

This module is wiring: it hands the adapter what the core owns (the key-value store, the
published commands, the translations) and moves a chat's group binding when Telegram upgrades a
group to a supergroup.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from adapters.telegram.adapter import TelegramAdapter
from adapters.telegram.config import TelegramConfig
from adapters.telegram.migration import OnMigrate
from bot.events import ChatRef

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


def migration_handler(app: App) -> OnMigrate:
    """``on_migrate``: point the group binding of the old chat id at the new one."""
    from storage.repo import groups

    async def on_migrate(old: ChatRef, new: ChatRef) -> None:
        async with app.sessions() as session, session.begin():
            chat = await groups.chat_binding(session, old.platform, old.chat_id)
            taken = await groups.chat_binding(session, new.platform, new.chat_id)
            if chat is not None and taken is None:
                chat.chat_id = new.chat_id

    return on_migrate


def telegram_adapter(app: App, **overrides: Any) -> TelegramAdapter:
    """The Telegram adapter for ``app``; ``overrides`` go to :class:`TelegramAdapter` (tests
    pass a limiter, clock and sleep)."""
    services = app.services
    commands = services.registry.published(lambda lang, msg: services.i18n(lang).t(msg))
    kwargs: dict[str, Any] = {
        "state": app.state,
        "commands": commands,
        "on_migrate": migration_handler(app),
        "i18n": services.i18n,
    }
    kwargs.update(overrides)
    return TelegramAdapter(config_from_settings(app), **kwargs)
