"""A list of measures on its way in from the chat: asked for with /import, then checked and
waiting for the coordinator's confirmation."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from storage.models.base import Base, UTCDateTime


class ImportDraft(Base):
    """One per person: the chat the file is expected in (``data`` empty), or the file as sent,
    checked and shown, until it is imported, cancelled or expires (then it is deleted)."""

    __tablename__ = "import_drafts"

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(
        ForeignKey("persons.id", ondelete="CASCADE"), unique=True
    )
    group_id: Mapped[int] = mapped_column(ForeignKey("groups.id", ondelete="CASCADE"), index=True)
    platform: Mapped[str] = mapped_column(String(20))
    chat_id: Mapped[str] = mapped_column(String(255))
    file_name: Mapped[str] = mapped_column(String(255), default="")
    data: Mapped[bytes | None] = mapped_column(LargeBinary, default=None)
    # What the check showed, in eight letters (file and planned changes): the confirmation
    # applies only that; the buttons under the check carry it.
    checked: Mapped[str] = mapped_column(String(16), default="", server_default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
