"""round results posted: a round the scheduler closed keeps its result until it reached the chats

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-22 12:00:00

``rounds.result_posted_at`` is set once the result of a round closed by the scheduler has been
posted (``/close`` sets it at once: its answer is the result); until then the minute sweep posts
it again, claimed through ``rounds.result_claimed_at``. Rounds closed before this revision count
as posted: their result went out (or was missed) when they closed, and an upgrade must not post
old results again.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from storage.models.base import UTCDateTime

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

UNPOSTED = "closed_at IS NOT NULL AND result_posted_at IS NULL"


def upgrade() -> None:
    op.add_column("rounds", sa.Column("result_posted_at", UTCDateTime(timezone=True)))
    op.add_column("rounds", sa.Column("result_claimed_at", UTCDateTime(timezone=True)))
    op.execute("UPDATE rounds SET result_posted_at = closed_at WHERE closed_at IS NOT NULL")
    op.create_index(
        "ix_rounds_result_unposted",
        "rounds",
        ["closed_at"],
        postgresql_where=sa.text(UNPOSTED),
        sqlite_where=sa.text(UNPOSTED),
    )


def downgrade() -> None:
    op.drop_index("ix_rounds_result_unposted", table_name="rounds")
    with op.batch_alter_table("rounds") as batch:
        batch.drop_column("result_claimed_at")
        batch.drop_column("result_posted_at")
