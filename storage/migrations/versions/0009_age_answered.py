"""age answered: when the under-16 question was settled for a person

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-22 18:00:00

``persons.age_answered_at`` holds when a person answered the age question themselves, or when a
coordinator decided it with /minor; NULL while a youth representative is only presumed under 16.
The bot no longer asks again someone who answered, and /members tells coordinators how many have
not answered yet. On SQLite the context epoch's update trigger on ``persons`` is rebuilt to watch
the new column (as in 0008), so a cached context sees the answer.
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

from storage.models.base import UTCDateTime

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

BUMP = "UPDATE context_epoch SET value = value + 1 WHERE id = 1;"
PERSONS = (
    "id",
    "display_name",
    "lang",
    "is_minor",
    "show_name",
    "created_at",
    "forgotten_at",
    "direct_group_id",
)


def _watch(columns: tuple[str, ...]) -> None:
    op.execute("DROP TRIGGER IF EXISTS context_epoch_persons_update")
    op.execute(
        f"CREATE TRIGGER context_epoch_persons_update AFTER UPDATE OF {', '.join(columns)} "
        f"ON persons BEGIN {BUMP} END"
    )


def upgrade() -> None:
    op.add_column("persons", sa.Column("age_answered_at", UTCDateTime(timezone=True)))
    if op.get_bind().dialect.name == "sqlite":
        _watch((*PERSONS, "age_answered_at"))


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        _watch(PERSONS)  # a trigger naming the column would stop it from being dropped
        op.execute("ALTER TABLE persons DROP COLUMN age_answered_at")
    else:
        op.drop_column("persons", "age_answered_at")
