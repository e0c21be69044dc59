"""The reminder outbox and the reminder settings of people and groups."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, UTCDateTime


class Reminder(Base):
    """One planned nudge: the outbox row the sweep claims, sends and settles.

    ``dedupe_key`` names the nudge (group, subject, recipient, which nudge) and is unique, so
    planning twice or in two processes never makes two rows. ``due_at`` is when it should go
    out (UTC); ``next_try_at`` when it may be tried next (``due_at`` at first, later pushed out
    by the retry backoff). ``sent_at`` is set when the row is settled — in the same transaction
    that releases the claim — and ``outcome`` says how: sent, late, summarised, skipped (the
    measure was done or dropped meanwhile, the plan changed) or failed (gave up retrying).
    Pending rows are those with ``sent_at`` NULL; a partial index keeps the due-claim query
    proportional to what is pending, not to the whole history.
    """

    __tablename__ = "reminders"
    __table_args__ = (
        Index(
            "ix_reminders_pending",
            "next_try_at",
            postgresql_where=text("sent_at IS NULL"),
            sqlite_where=text("sent_at IS NULL"),
        ),
        Index("ix_reminders_group_subject", "group_id", "subject", "subject_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    dedupe_key: Mapped[str] = mapped_column(String(255), unique=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(30))
    #: The person to nudge (direct chat, else a mention in ``chat_id``), or None for a post.
    person_id: Mapped[int | None] = mapped_column(
        ForeignKey("persons.id", ondelete="CASCADE"), default=None, index=True
    )
    #: The group chat to post in (or the fallback for a personal nudge).
    platform: Mapped[str | None] = mapped_column(String(20), default=None)
    chat_id: Mapped[str | None] = mapped_column(String(255), default=None)
    #: What the nudge is about: 'measure', 'round', 'group', 'meeting', 'digest'.
    subject: Mapped[str] = mapped_column(String(20))
    subject_id: Mapped[int | None] = mapped_column(Integer, default=None)
    #: JSON: what the planner knew (due date, offset, escalation, meeting time, rule …).
    payload: Mapped[str] = mapped_column(Text, default="{}")
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    planned_at: Mapped[datetime] = mapped_column(UTCDateTime)
    next_try_at: Mapped[datetime] = mapped_column(UTCDateTime)
    claimed_by: Mapped[str | None] = mapped_column(String(64), default=None)
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    outcome: Mapped[str | None] = mapped_column(String(20), default=None)
    late: Mapped[bool] = mapped_column(Boolean, default=False)
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    last_error: Mapped[str] = mapped_column(Text, default="")
    #: JSON: the message a nudge with buttons went out as (``bot.scheduling.nudge_message``),
    #: set when it is settled as sent; cleared once the nudge is answered and its buttons go.
    message: Mapped[str | None] = mapped_column(Text, default=None)
    #: The key of the one message a coordinator's note goes out in (``bot.scheduling.engine``),
    #: set before it is sent: a retry after a crash sends the same rows under the same key, even
    #: when two workers each sent a part of the notes due at one time.
    bundle: Mapped[str | None] = mapped_column(String(255), default=None)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)


class GroupReminderSettings(Base):
    """A group's nudge rules; None means the built-in default.

    The state for holidays is ``groups.state`` and the zone ``groups.tz``.
    """

    __tablename__ = "group_reminder_settings"

    group_id: Mapped[int] = mapped_column(
        ForeignKey("groups.id", ondelete="CASCADE"), primary_key=True
    )
    #: Days before a due date, e.g. "14,3,0".
    offsets: Mapped[str | None] = mapped_column(String(100), default=None)
    #: Days between nudges about an overdue measure (0: none; None: weekly, later monthly).
    overdue_days: Mapped[int | None] = mapped_column(Integer, default=None)
    quiet_start: Mapped[str | None] = mapped_column(String(5), default=None)
    quiet_end: Mapped[str | None] = mapped_column(String(5), default=None)
    skip_weekends: Mapped[bool | None] = mapped_column(Boolean, default=None)
    paused_until: Mapped[date | None] = mapped_column(Date, default=None)
    #: Canonical meeting rule (``MeetingRule.spec()``), e.g. "every 2nd tuesday 17:00".
    meeting_rule: Mapped[str | None] = mapped_column(String(200), default=None)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)


class PersonReminderSettings(Base):
    """A person's own nudge rules (for every group they are in); None: the group's rule."""

    __tablename__ = "person_reminder_settings"

    person_id: Mapped[int] = mapped_column(
        ForeignKey("persons.id", ondelete="CASCADE"), primary_key=True
    )
    offsets: Mapped[str | None] = mapped_column(String(100), default=None)
    overdue_days: Mapped[int | None] = mapped_column(Integer, default=None)
    #: 'direct' (own chat with the bot) or 'group' (a mention in the group chat).
    channel: Mapped[str | None] = mapped_column(String(10), default=None)
    quiet_start: Mapped[str | None] = mapped_column(String(5), default=None)
    quiet_end: Mapped[str | None] = mapped_column(String(5), default=None)
    skip_weekends: Mapped[bool | None] = mapped_column(Boolean, default=None)
    paused_until: Mapped[date | None] = mapped_column(Date, default=None)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime)
