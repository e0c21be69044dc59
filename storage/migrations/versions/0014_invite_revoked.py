"""invites: withdrawn codes

Revision ID: 0014
Revises: 0013
Create Date: 2026-11-23 23:00:00

``invites.revoked_at``: when a coordinator withdrew the code (``/invite revoke <code>|all``);
NULL for every code that was not. A withdrawn code joins nobody, and whoever types it hears
that it was withdrawn.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from storage.models.base import UTCDateTime

revision: str = "0014"
down_revision: str | None = "0013"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("invites", schema=None) as batch_op:
        batch_op.add_column(sa.Column("revoked_at", UTCDateTime(timezone=True), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("invites", schema=None) as batch_op:
        batch_op.drop_column("revoked_at")
