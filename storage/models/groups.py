"""Steering groups, their fields of action, chats, people, identities, memberships, invites."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, UTCDateTime


class Group(Base):
    """A steering group (Steuerungsgruppe) of one town in one programme."""

    __tablename__ = "groups"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    programme: Mapped[str] = mapped_column(String(20), default="kfk")
    phase: Mapped[str] = mapped_column(String(40), default="stocktaking")
    lang: Mapped[str] = mapped_column(String(5), default="de")
    tz: Mapped[str] = mapped_column(String(64), default="Europe/Berlin")
    state: Mapped[str | None] = mapped_column(String(5), default=None)
    signed_on: Mapped[date | None] = mapped_column(Date, default=None)
    plan_due_on: Mapped[date | None] = mapped_column(Date, default=None)
    seal_until: Mapped[date | None] = mapped_column(Date, default=None)
    interim_report_on: Mapped[date | None] = mapped_column(Date, default=None)
    measure_seq: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    # Sensitive: nothing personal about minors is ever posted into the group's Telegram chats.
    sensitive: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class FieldOfAction(Base):
    """A field of action (Handlungsfeld) of a group, from the programme template or custom."""

    __tablename__ = "fields"
    __table_args__ = (UniqueConstraint("group_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    name: Mapped[str] = mapped_column(String(120))
    optional: Mapped[bool] = mapped_column(Boolean, default=False)


class Chat(Base):
    """A platform chat bound to a group: the steering chat, the youth chat, …"""

    __tablename__ = "chats"
    __table_args__ = (UniqueConstraint("platform", "chat_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    platform: Mapped[str] = mapped_column(String(20))
    chat_id: Mapped[str] = mapped_column(String(255))
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20), default="steering")
    # The language set with /lang in a youth chat; None: the group's language.
    lang: Mapped[str | None] = mapped_column(String(5), default=None)


class Person(Base):
    """A human, possibly with identities on several platforms."""

    __tablename__ = "persons"

    id: Mapped[int] = mapped_column(primary_key=True)
    display_name: Mapped[str] = mapped_column(String(200), default="")
    lang: Mapped[str | None] = mapped_column(String(5), default=None)
    is_minor: Mapped[bool] = mapped_column(Boolean, default=False)
    show_name: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    forgotten_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    # The group that commands in a direct chat apply to, chosen with /group by someone in
    # several groups; None (or a group they have left): the group they joined last.
    direct_group_id: Mapped[int | None] = mapped_column(Integer, default=None)
    # When the under-16 question was settled: answered by the person, or decided by a
    # coordinator with /minor; None while a youth representative is only presumed under 16.
    age_answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)


class Identity(Base):
    """One platform account of a person."""

    __tablename__ = "identities"
    __table_args__ = (UniqueConstraint("platform", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id", ondelete="CASCADE"), index=True)
    platform: Mapped[str] = mapped_column(String(20))
    user_id: Mapped[str] = mapped_column(String(255))
    display_name: Mapped[str] = mapped_column(String(200), default="")
    direct_chat_id: Mapped[str | None] = mapped_column(String(255), default=None)


class Membership(Base):
    """A person's role in a group: coordinator, member, youth or observer."""

    __tablename__ = "memberships"
    __table_args__ = (UniqueConstraint("person_id", "group_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id", ondelete="CASCADE"), index=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(20))
    joined_at: Mapped[datetime] = mapped_column(UTCDateTime)


class Invite(Base):
    """A one-time code that lets one person join a group in a role."""

    __tablename__ = "invites"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(20))
    created_by: Mapped[int | None] = mapped_column(
        ForeignKey("persons.id", ondelete="SET NULL"), default=None
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    used_by: Mapped[int | None] = mapped_column(
        ForeignKey("persons.id", ondelete="SET NULL"), default=None
    )
    used_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    # Withdrawn by a coordinator (a code that went astray) before anyone used it.
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)


class GroupEvent(Base):
    """One change of the group's people: who changed whose what (a role), when, old → new.
    Values are keys ("member"), never names: names are read from the persons when shown, so an
    erased person is a former member there and nowhere named."""

    __tablename__ = "group_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id", ondelete="CASCADE"), index=True)
    actor_id: Mapped[int | None] = mapped_column(
        ForeignKey("persons.id", ondelete="SET NULL"), default=None
    )
    subject_id: Mapped[int | None] = mapped_column(
        ForeignKey("persons.id", ondelete="SET NULL"), default=None
    )
    at: Mapped[datetime] = mapped_column(UTCDateTime)
    field: Mapped[str] = mapped_column(String(40))
    old: Mapped[str] = mapped_column(Text, default="")
    new: Mapped[str] = mapped_column(Text, default="")
    note: Mapped[str] = mapped_column(Text, default="")
