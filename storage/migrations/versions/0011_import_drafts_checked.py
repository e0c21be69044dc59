"""import drafts: what the check showed

Revision ID: 0011
Revises: 0010
Create Date: 2026-11-23 15:10:00

``import_drafts.checked`` holds a short digest of the file and of the changes its check showed
(an import now also changes existing measures): the confirmation applies only that, and shows
the check anew when the group changed in between. A draft from before has "" and is shown anew.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0011"
down_revision: str | None = "0010"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("import_drafts", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column("checked", sa.String(length=16), server_default="", nullable=False)
        )


def downgrade() -> None:
    with op.batch_alter_table("import_drafts", schema=None) as batch_op:
        batch_op.drop_column("checked")
