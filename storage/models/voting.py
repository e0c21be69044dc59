"""Voting rounds, their ballots and who took part (kept apart for secret rounds).

A secret round's ballot row has no link to its voter: no person id, no timestamp and a random
token as its key (so neither a sequence nor a time can be matched with ``participations``).
``participations`` says who has voted (to refuse double votes and remind non-voters). While a
secret round is open, the voter's participation alone holds the key of their ballot, so that the
ballot goes when they may no longer vote (they leave, are made a guest or are forgotten), as in
an open round; nothing shown to anyone reads it. When a secret round closes, that key is wiped
and its ballots are written anew with new keys in random order, so that not even the physical
row order (PostgreSQL's heap) matches the order of ``participations``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, String, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, UTCDateTime


class Round(Base):
    """A voting round of a group, numbered per group.

    ``candidates`` holds measure ids in round order; ``result`` is the snapshot taken at close
    (eligible voters and the tally), so later membership changes do not alter a closed result.
    """

    __tablename__ = "rounds"
    __table_args__ = (
        UniqueConstraint("group_id", "number"),
        Index(
            "ix_rounds_result_unposted",
            "closed_at",
            postgresql_where=text("closed_at IS NOT NULL AND result_posted_at IS NULL"),
            sqlite_where=text("closed_at IS NOT NULL AND result_posted_at IS NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer)
    method: Mapped[str] = mapped_column(String(20))
    title: Mapped[str] = mapped_column(String(200), default="")
    candidates: Mapped[list[int]] = mapped_column(JSON)
    points: Mapped[int | None] = mapped_column(Integer, default=None)
    max_per_candidate: Mapped[int | None] = mapped_column(Integer, default=None)
    secret: Mapped[bool] = mapped_column(Boolean, default=False)
    live: Mapped[bool] = mapped_column(Boolean, default=False)
    quorum: Mapped[int | None] = mapped_column(Integer, default=None)
    closes_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None, index=True)
    opened_by: Mapped[int | None] = mapped_column(
        ForeignKey("persons.id", ondelete="SET NULL"), default=None
    )
    opened_at: Mapped[datetime] = mapped_column(UTCDateTime)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    result: Mapped[dict[str, Any] | None] = mapped_column(JSON, default=None)
    #: When the result of a round the scheduler closed reached the group's chats; None until
    #: then (a failed or interrupted post is tried again). Set at once by ``/close``, whose
    #: answer is the result.
    result_posted_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)
    #: A sweep posting the result claims it first; another process takes over when the
    #: claim is older than the lease (the claimer died).
    result_claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)


class Ballot(Base):
    """One ballot. Open rounds: keyed by round and ``voter_id`` (one per person, replaced on
    change). Secret rounds: ``voter_id`` and ``updated_at`` stay empty; only the random
    ``token`` identifies the row. ``tag`` is ``"youth"`` for a youth representative's ballot
    (the Jugendvotum), which is a group, not a person."""

    __tablename__ = "ballots"
    # SQLite: no hidden rowid, so rows sit in token (random) order, not in order of arrival.
    __table_args__ = (UniqueConstraint("round_id", "voter_id"), {"sqlite_with_rowid": False})

    token: Mapped[str] = mapped_column(String(32), primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id", ondelete="CASCADE"), index=True)
    voter_id: Mapped[int | None] = mapped_column(
        ForeignKey("persons.id", ondelete="CASCADE"), default=None
    )
    tag: Mapped[str | None] = mapped_column(String(20), default=None)
    content: Mapped[dict[str, Any]] = mapped_column(JSON)
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime, default=None)


class Participation(Base):
    """That a person has voted in a round (never what). ``ballot_token``: in a secret round
    still open, the key of the person's ballot (to take it out when they may no longer vote);
    wiped at the close, and never set in other rounds (their ballot names its voter)."""

    __tablename__ = "participations"
    __table_args__ = (UniqueConstraint("round_id", "person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    round_id: Mapped[int] = mapped_column(ForeignKey("rounds.id", ondelete="CASCADE"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("persons.id", ondelete="CASCADE"))
    voted_at: Mapped[datetime] = mapped_column(UTCDateTime)
    ballot_token: Mapped[str | None] = mapped_column(String(32), default=None)
