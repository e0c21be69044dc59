"""Telegram: python-telegram-bot behind the :class:`bot.adapter.Adapter` seam."""

from adapters.telegram.adapter import TelegramAdapter
from adapters.telegram.config import TelegramConfig

__all__ = ["TelegramAdapter", "TelegramConfig"]
