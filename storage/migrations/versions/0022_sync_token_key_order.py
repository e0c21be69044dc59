"""sync_tokens: keys in byte order on PostgreSQL

Revision ID: 0022
Revises: 0021
Create Date: 2026-11-28 10:00:00

The bot reads the entries of the key-value store whose keys start with a prefix (marks of groups
to recount, references of a round's notices) as a range of keys, which the primary key's index
serves. On PostgreSQL the key gets the "C" collation, so that the range holds exactly the keys
starting with the prefix whatever the database's locale: in a linguistic one ("de_DE.UTF-8")
"round-recount:5" sorts after "round-recount;", punctuation counting only when all else is
equal. The primary key's index is rebuilt with it. SQLite compares keys bytewise already.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0022"
down_revision: str | None = "0021"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.alter_column(
            "sync_tokens",
            "key",
            type_=sa.String(length=255, collation="C"),
            existing_type=sa.String(length=255),
            existing_nullable=False,
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "postgresql":
        op.alter_column(
            "sync_tokens",
            "key",
            type_=sa.String(length=255),
            existing_type=sa.String(length=255, collation="C"),
            existing_nullable=False,
        )
