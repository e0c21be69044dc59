"""Measures (Maßnahmen) of the action plan and their audit trail."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Boolean, Date, ForeignKey, Integer, Numeric, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, UTCDateTime

STATUSES = ("proposed", "shortlisted", "adopted", "in_progress", "done", "postponed", "dropped")
ORIGINS = ("steering", "youth", "survey", "workshop")


class Measure(Base):
    """One measure, numbered per group."""

    __tablename__ = "measures"
    __table_args__ = (UniqueConstraint("group_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    field_id: Mapped[int | None] = mapped_column(
        ForeignKey("fields.id", ondelete="SET NULL"), default=None
    )
    origin: Mapped[str] = mapped_column(String(20), default="steering")
    proposer_id: Mapped[int | None] = mapped_column(
        ForeignKey("persons.id", ondelete="SET NULL"), default=None
    )
    proposer_anonymous: Mapped[bool] = mapped_column(Boolean, default=False)
    responsible_id: Mapped[int | None] = mapped_column(
        ForeignKey("persons.id", ondelete="SET NULL"), default=None
    )
    goal: Mapped[str] = mapped_column(Text, default="")
    lead_office: Mapped[str] = mapped_column(String(200), default="")
    contact: Mapped[str] = mapped_column(String(200), default="")
    partners: Mapped[str] = mapped_column(Text, default="")
    start_on: Mapped[date | None] = mapped_column(Date, default=None)
    end_on: Mapped[date | None] = mapped_column(Date, default=None)
    due_on: Mapped[date | None] = mapped_column(Date, default=None)
    cost_estimate: Mapped[Decimal | None] = mapped_column(Numeric(14, 2), default=None)
    funding_source: Mapped[str] = mapped_column(String(200), default="")
    funding_secured: Mapped[bool | None] = mapped_column(Boolean, default=None)
    indicators: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[str] = mapped_column(String(20), default="proposed", index=True)
    resolution_body: Mapped[str] = mapped_column(String(200), default="")
    resolution_date: Mapped[date | None] = mapped_column(Date, default=None)
    resolution_doc: Mapped[str] = mapped_column(String(100), default="")
    progress_note: Mapped[str] = mapped_column(Text, default="")
    cycle: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class MeasureEvent(Base):
    """One change of a measure: who, when, which field, old → new."""

    __tablename__ = "measure_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    measure_id: Mapped[int] = mapped_column(
        ForeignKey("measures.id", ondelete="CASCADE"), index=True
    )
    actor_id: Mapped[int | None] = mapped_column(
        ForeignKey("persons.id", ondelete="SET NULL"), default=None
    )
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    field: Mapped[str] = mapped_column(String(40))
    old: Mapped[str] = mapped_column(Text, default="")
    new: Mapped[str] = mapped_column(Text, default="")
    note: Mapped[str] = mapped_column(Text, default="")
    # The persons ``old`` and ``new`` name where they name one (the one responsible): a name
    # may be two people's. NULL in entries written before migration 0019.
    old_person_id: Mapped[int | None] = mapped_column(
        ForeignKey("persons.id", ondelete="SET NULL"), default=None
    )
    new_person_id: Mapped[int | None] = mapped_column(
        ForeignKey("persons.id", ondelete="SET NULL"), default=None
    )
