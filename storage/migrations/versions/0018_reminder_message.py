"""reminders: the message a nudge with buttons went out as

Revision ID: 0018
Revises: 0017
Create Date: 2026-11-25 10:00:00

``reminders.message`` keeps where a due-date nudge with buttons was sent (platform, chat,
message id) with its text, so that the buttons can be taken off once the nudge is answered,
by a press or by a typed command. Existing rows keep NULL: their nudges stay as they are, and
a press on them is checked against the measure as it is now.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0018"
down_revision: str | None = "0017"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("reminders", schema=None) as batch_op:
        batch_op.add_column(sa.Column("message", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("reminders", schema=None) as batch_op:
        batch_op.drop_column("message")
