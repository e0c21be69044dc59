"""Schema migrations through Alembic, driven from our async engine."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine

MIGRATIONS_DIR = Path(__file__).parent / "migrations"


def alembic_config() -> Config:
    """An Alembic config pointing at our migration scripts (no alembic.ini needed)."""
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS_DIR))
    return cfg


class SchemaTooNew(Exception):
    """The database was upgraded by a newer steerbot: this one does not know its schema."""

    def __init__(self, found: str, newest: str | None) -> None:
        super().__init__(
            f"the database's schema is at revision {found}, newer than this steerbot knows "
            f"(up to {newest}): run the steerbot that upgraded it, or restore the backup "
            "made before that upgrade"
        )
        self.found = found


async def upgrade(engine: AsyncEngine, revision: str = "head") -> None:
    """Bring the database to ``revision`` (default: the newest); raises
    :class:`SchemaTooNew` for a database a newer steerbot upgraded."""

    def _run(connection: Connection) -> None:
        cfg = alembic_config()
        cfg.attributes["connection"] = connection
        found = MigrationContext.configure(connection).get_current_revision()
        script = ScriptDirectory.from_config(cfg)
        if found is not None and found not in {r.revision for r in script.walk_revisions()}:
            raise SchemaTooNew(found, script.get_current_head())
        command.upgrade(cfg, revision)

    async with engine.begin() as conn:
        await conn.run_sync(_run)


async def downgrade(engine: AsyncEngine, revision: str) -> None:
    """Take the database back to ``revision`` (each migration's ``downgrade``, newest first)."""

    def _run(connection: Connection) -> None:
        cfg = alembic_config()
        cfg.attributes["connection"] = connection
        command.downgrade(cfg, revision)

    async with engine.begin() as conn:
        await conn.run_sync(_run)


async def current_revision(engine: AsyncEngine) -> str | None:
    """The revision the database is at (None when empty)."""

    def _get(connection: Connection) -> str | None:
        return MigrationContext.configure(connection).get_current_revision()

    async with engine.connect() as conn:
        return await conn.run_sync(_get)


@dataclass(frozen=True)
class SchemaState:
    """Where the database's schema is against the scripts (``steerbot db status``)."""

    current: str | None  # None: an empty database
    head: str | None
    pending: int  # migrations an upgrade would run
    too_new: bool  # a newer steerbot upgraded it: this one does not know ``current``

    @property
    def up_to_date(self) -> bool:
        return self.current == self.head


def state_of(found: str | None) -> SchemaState:
    """Where a database at revision ``found`` (None: empty) is against the scripts."""
    script = ScriptDirectory.from_config(alembic_config())
    head = script.get_current_head()
    if found is not None and found not in {r.revision for r in script.walk_revisions()}:
        return SchemaState(found, head, 0, too_new=True)
    pending = len(list(script.iterate_revisions(head, found))) if head else 0
    return SchemaState(found, head, pending, too_new=False)


async def schema_state(engine: AsyncEngine) -> SchemaState:
    """Compare the database's revision with the newest script's; changes nothing."""
    return state_of(await current_revision(engine))


def head_revision() -> str | None:
    """The newest revision among the scripts."""
    return ScriptDirectory.from_config(alembic_config()).get_current_head()
