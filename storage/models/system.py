"""Bookkeeping: platform events already handled and durable adapter state (sync tokens)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import BigInteger, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, UTCDateTime


class ProcessedEvent(Base):
    """A platform event id that has been handled; a second delivery is ignored."""

    __tablename__ = "processed_events"

    platform: Mapped[str] = mapped_column(String(20), primary_key=True)
    event_id: Mapped[str] = mapped_column(String(255), primary_key=True)
    processed_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)


class SyncToken(Base):
    """A durable key-value pair for adapters (Matrix ``next_batch``, Telegram offset, …)."""

    __tablename__ = "sync_tokens"

    # In byte order on PostgreSQL too (migration 0022): the keys starting with a prefix are a
    # range of the primary key's index (``storage.repo.system.values_starting``).
    key: Mapped[str] = mapped_column(
        String(255).with_variant(String(255, collation="C"), "postgresql"), primary_key=True
    )
    value: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class ContextEpoch(Base):
    """One counter that grows whenever who-is-who changes (people, identities, chats, groups,
    memberships). On SQLite, triggers bump it in the writing transaction, whichever process
    writes; the dispatcher's cache of event contexts is valid while the counter stands still
    (see storage.repo.context_cache)."""

    __tablename__ = "context_epoch"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger)
