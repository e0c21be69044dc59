"""measure_events: the persons an entry's values name

Revision ID: 0019
Revises: 0018
Create Date: 2026-11-26 10:00:00

``old_person_id`` and ``new_person_id`` on ``measure_events``: who the old and the new value
name where they name a person (the one responsible). Two members may have the same name:
hiding a minor's name in the history goes by these, not by the name written. Existing rows
keep NULL; for them the name written is all there is, and it is matched as before.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0019"
down_revision: str | None = "0018"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("measure_events", schema=None) as batch_op:
        batch_op.add_column(sa.Column("old_person_id", sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column("new_person_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_measure_events_old_person_id_persons"),
            "persons",
            ["old_person_id"],
            ["id"],
            ondelete="SET NULL",
        )
        batch_op.create_foreign_key(
            batch_op.f("fk_measure_events_new_person_id_persons"),
            "persons",
            ["new_person_id"],
            ["id"],
            ondelete="SET NULL",
        )


def downgrade() -> None:
    with op.batch_alter_table("measure_events", schema=None) as batch_op:
        batch_op.drop_constraint(
            batch_op.f("fk_measure_events_new_person_id_persons"), type_="foreignkey"
        )
        batch_op.drop_constraint(
            batch_op.f("fk_measure_events_old_person_id_persons"), type_="foreignkey"
        )
        batch_op.drop_column("new_person_id")
        batch_op.drop_column("old_person_id")
