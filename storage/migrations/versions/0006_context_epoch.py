"""context epoch: a counter bumped whenever people, identities, chats, groups or memberships change

Revision ID: 0006
Revises: 0004
Create Date: 2026-11-22 09:00:00

On SQLite, triggers bump the counter inside every writing transaction (any process), so the
dispatcher may keep the context of a chat in memory while the counter stands still. Only the
measure counter of a group (``groups.measure_seq``, taken by every /propose) is left out: it is
never read from the cached group. PostgreSQL gets the table but no triggers: several bot
processes may share it, and there the dispatcher reads the context for every event.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0006"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

# Every column of the tables a dispatcher context is made of (a contract test keeps this list
# equal to the models, so a new column cannot be forgotten).
WATCHED: dict[str, tuple[str, ...]] = {
    "identities": ("id", "person_id", "platform", "user_id", "display_name", "direct_chat_id"),
    "persons": (
        "id",
        "display_name",
        "lang",
        "is_minor",
        "show_name",
        "created_at",
        "forgotten_at",
    ),
    "chats": ("id", "platform", "chat_id", "group_id", "kind"),
    "groups": (
        "id",
        "name",
        "programme",
        "phase",
        "lang",
        "tz",
        "state",
        "signed_on",
        "plan_due_on",
        "seal_until",
        "interim_report_on",
        "created_at",
        "closed_at",
        "sensitive",
    ),
    "memberships": ("id", "person_id", "group_id", "role", "joined_at"),
}
BUMP = "UPDATE context_epoch SET value = value + 1 WHERE id = 1;"


def upgrade() -> None:
    op.create_table(
        "context_epoch",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("value", sa.BigInteger(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_context_epoch")),
    )
    op.execute("INSERT INTO context_epoch (id, value) VALUES (1, 0)")
    if op.get_bind().dialect.name != "sqlite":
        return
    for table, columns in WATCHED.items():
        op.execute(
            f"CREATE TRIGGER context_epoch_{table}_insert AFTER INSERT ON {table} BEGIN {BUMP} END"
        )
        op.execute(
            f"CREATE TRIGGER context_epoch_{table}_update AFTER UPDATE OF "
            f"{', '.join(columns)} ON {table} BEGIN {BUMP} END"
        )
        op.execute(
            f"CREATE TRIGGER context_epoch_{table}_delete AFTER DELETE ON {table} BEGIN {BUMP} END"
        )


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        for table in WATCHED:
            for what in ("insert", "update", "delete"):
                op.execute(f"DROP TRIGGER IF EXISTS context_epoch_{table}_{what}")
    op.drop_table("context_epoch")
