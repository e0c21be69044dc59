"""reminder settings: days between overdue nudges

Revision ID: 0012
Revises: 0011
Create Date: 2026-11-23 15:00:00

``overdue_days`` in the group's and in a person's reminder settings: the days between nudges
about an overdue measure (0: none; NULL: the built-in cadence, weekly and after four weeks
every four weeks). Existing rows keep NULL, so nothing changes for them.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0012"
down_revision: str | None = "0011"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

TABLES = ("group_reminder_settings", "person_reminder_settings")


def upgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.add_column(sa.Column("overdue_days", sa.Integer(), nullable=True))


def downgrade() -> None:
    for table in TABLES:
        with op.batch_alter_table(table, schema=None) as batch_op:
            batch_op.drop_column("overdue_days")
