"""group events: the audit trail of a group's people (role changes)

Revision ID: 0015
Revises: 0014
Create Date: 2026-11-24 00:10:00

``group_events``: who changed whose role in a group, when, from what to what (``/role``), as
``measure_events`` is the audit trail of measures. Values are role keys, never names: the
people are linked by ``actor_id`` and ``subject_id`` (unlinked on erasure). Nothing about
who-is-who changes, so no context epoch trigger.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

import storage.models.base

revision: str = "0015"
down_revision: str | None = "0014"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "group_events",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("actor_id", sa.Integer(), nullable=True),
        sa.Column("subject_id", sa.Integer(), nullable=True),
        sa.Column("at", storage.models.base.UTCDateTime(timezone=True), nullable=False),
        sa.Column("field", sa.String(length=40), nullable=False),
        sa.Column("old", sa.Text(), nullable=False),
        sa.Column("new", sa.Text(), nullable=False),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(
            ["actor_id"],
            ["persons.id"],
            name=op.f("fk_group_events_actor_id_persons"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["groups.id"],
            name=op.f("fk_group_events_group_id_groups"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["subject_id"],
            ["persons.id"],
            name=op.f("fk_group_events_subject_id_persons"),
            ondelete="SET NULL",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_group_events")),
    )
    with op.batch_alter_table("group_events", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_group_events_group_id"), ["group_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("group_events", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_group_events_group_id"))
    op.drop_table("group_events")
