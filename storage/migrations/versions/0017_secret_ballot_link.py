"""participations: the key of a secret ballot while its round is open

Revision ID: 0017
Revises: 0016
Create Date: 2026-11-23 23:55:00

``ballot_token`` on ``participations``: in a secret round still open, the key of the voter's
ballot, so that it stops counting when the voter leaves, is made a guest or is forgotten.
Wiped when the round closes. Existing rows keep NULL (their ballots stay as they were).
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0017"
down_revision: str | None = "0016"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("participations", schema=None) as batch_op:
        batch_op.add_column(sa.Column("ballot_token", sa.String(length=32), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("participations", schema=None) as batch_op:
        batch_op.drop_column("ballot_token")
