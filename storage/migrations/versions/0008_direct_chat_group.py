"""direct chat group: the group a person in several groups chose for their direct chat

Revision ID: 0008
Revises: 0007
Create Date: 2026-11-22 15:00:00

``persons.direct_group_id`` holds the group that commands in the person's direct chat apply to,
chosen with /group; NULL (the default) keeps the group they joined last. No foreign key: a group
they have left (or one that is gone) simply falls back to the latest, and adding a column with a
constraint would make SQLite rebuild the table and lose its triggers. On SQLite the context
epoch's update trigger on ``persons`` (migration 0006) is rebuilt to watch the new column, so a
cached direct-chat context does not outlive the choice.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BUMP = "UPDATE context_epoch SET value = value + 1 WHERE id = 1;"
PERSONS = ("id", "display_name", "lang", "is_minor", "show_name", "created_at", "forgotten_at")


def _watch(columns: tuple[str, ...]) -> None:
    op.execute("DROP TRIGGER IF EXISTS context_epoch_persons_update")
    op.execute(
        f"CREATE TRIGGER context_epoch_persons_update AFTER UPDATE OF {', '.join(columns)} "
        f"ON persons BEGIN {BUMP} END"
    )


def upgrade() -> None:
    op.add_column("persons", sa.Column("direct_group_id", sa.Integer(), nullable=True))
    if op.get_bind().dialect.name == "sqlite":
        _watch((*PERSONS, "direct_group_id"))


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _watch(PERSONS)  # a trigger naming the column would stop it from being dropped
        # SQLite ≥ 3.35 drops a column in place; a batch rebuild would lose the triggers.
        op.execute("ALTER TABLE persons DROP COLUMN direct_group_id")
    else:
        op.drop_column("persons", "direct_group_id")
