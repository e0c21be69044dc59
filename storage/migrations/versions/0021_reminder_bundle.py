"""reminders: the one message a coordinator's note went out in

Revision ID: 0021
Revises: 0020
Create Date: 2026-11-27 10:00:00

``reminders.bundle`` is the key of the one message a coordinator's note (about a measure
overdue for a week or more, or one no member is responsible for) was sent in, written before
the send. Two workers that each sent a part of the notes due at one time and died before
settling them leave their parts marked: the retry sends each part again under its key (so
Matrix drops the repeat) instead of all of them under a new one. Existing rows keep NULL:
they are bundled as before.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0021"
down_revision: str | None = "0020"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("reminders", schema=None) as batch_op:
        batch_op.add_column(sa.Column("bundle", sa.String(length=255), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("reminders", schema=None) as batch_op:
        batch_op.drop_column("bundle")
