"""chat language: a youth chat may speak another language than its group

Revision ID: 0016
Revises: 0015
Create Date: 2026-11-24 12:00:00

``chats.lang`` holds the language set with /lang in that chat (so far only in a youth chat);
NULL (the default, and every existing row) speaks the group's language, as before. On SQLite the
context epoch's update trigger on ``chats`` (migration 0006) is rebuilt to watch the new column,
so a cached context does not keep the old language.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0016"
down_revision: str | None = "0015"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BUMP = "UPDATE context_epoch SET value = value + 1 WHERE id = 1;"
CHATS = ("id", "platform", "chat_id", "group_id", "kind")


def _watch(columns: tuple[str, ...]) -> None:
    op.execute("DROP TRIGGER IF EXISTS context_epoch_chats_update")
    op.execute(
        f"CREATE TRIGGER context_epoch_chats_update AFTER UPDATE OF {', '.join(columns)} "
        f"ON chats BEGIN {BUMP} END"
    )


def upgrade() -> None:
    # Not a batch operation: on SQLite a rebuilt table would lose its triggers.
    op.add_column("chats", sa.Column("lang", sa.String(length=5), nullable=True))
    if op.get_bind().dialect.name == "sqlite":
        _watch((*CHATS, "lang"))


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _watch(CHATS)  # a trigger naming the column would stop it from being dropped
        # SQLite ≥ 3.35 drops a column in place; a batch rebuild would lose the triggers.
        op.execute("ALTER TABLE chats DROP COLUMN lang")
    else:
        op.drop_column("chats", "lang")
