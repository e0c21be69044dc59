"""A small key-value store the core hands to adapters (sync tokens, short callback keys)."""

from __future__ import annotations

from typing import Protocol


class KeyValueStore(Protocol):
    """Durable string values by key; the app passes a database-backed one to adapters."""

    async def get(self, key: str) -> str | None:
        """The stored value or None."""

    async def set(self, key: str, value: str) -> None:
        """Store ``value`` under ``key`` (committed when this returns)."""


class MemoryKeyValueStore:
    """An in-memory :class:`KeyValueStore` for tests."""

    def __init__(self) -> None:
        self.values: dict[str, str] = {}

    async def get(self, key: str) -> str | None:
        return self.values.get(key)

    async def set(self, key: str, value: str) -> None:
        self.values[key] = value
