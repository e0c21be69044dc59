"""milestones: the day a milestone was reached

Revision ID: 0013
Revises: 0012
Create Date: 2026-11-24 00:00:00

``reached_on``: set by ``/milestone <n> reached <m>``. A reached milestone gets no more nudges
and is never overdue. Existing rows keep NULL (not reached), so nothing changes for them.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0013"
down_revision: str | None = "0012"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("milestones", schema=None) as batch_op:
        batch_op.add_column(sa.Column("reached_on", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("milestones", schema=None) as batch_op:
        batch_op.drop_column("reached_on")
