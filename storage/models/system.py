"""Bookkeeping: platform events already handled and durable adapter state (sync tokens)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String, Text
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

    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
