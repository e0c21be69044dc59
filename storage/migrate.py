"""Schema migrations through Alembic, driven from our async engine."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

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


class UnknownRevision(Exception):
    """A downgrade's target is no revision below the database's (``steerbot db downgrade``)."""


class ForeignKeysBroken(Exception):
    """A migration on SQLite left rows that refer to rows that are gone (rolled back)."""


@asynccontextmanager
async def _migrating(engine: AsyncEngine) -> AsyncIterator[AsyncConnection]:
    """A connection in a transaction for migrations. On SQLite its foreign keys are off
    meanwhile, as Alembic's batch mode needs: a table rebuilt to drop a column is dropped and
    made anew, and dropping it with foreign keys on deletes the rows referring to it (a round's
    ballots). They are checked before the commit and switched on again afterwards."""
    async with engine.connect() as conn:
        sqlite = conn.dialect.name == "sqlite"
        if sqlite:  # only outside a transaction does SQLite take this
            await conn.exec_driver_sql("PRAGMA foreign_keys=OFF")
            await conn.commit()
        try:
            async with conn.begin():
                yield conn
                if sqlite:
                    broken = (await conn.exec_driver_sql("PRAGMA foreign_key_check")).all()
                    if broken:
                        tables = sorted({row[0] for row in broken})
                        raise ForeignKeysBroken(
                            f"the migration left {len(broken)} rows referring to rows that "
                            f"are gone (in {', '.join(tables)}); nothing was changed"
                        )
        finally:
            if sqlite:
                await conn.exec_driver_sql("PRAGMA foreign_keys=ON")
                await conn.commit()


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

    async with _migrating(engine) as conn:
        await conn.run_sync(_run)


async def downgrade(engine: AsyncEngine, revision: str) -> None:
    """Take the database back to ``revision`` (each migration's ``downgrade``, newest first)."""

    def _run(connection: Connection) -> None:
        cfg = alembic_config()
        cfg.attributes["connection"] = connection
        command.downgrade(cfg, revision)

    async with _migrating(engine) as conn:
        await conn.run_sync(_run)


@dataclass(frozen=True)
class Step:
    """One migration a downgrade undoes."""

    revision: str
    title: str  # the first line of its description


def downgrade_steps(found: str | None, target: str) -> tuple[str | None, list[Step]]:
    """Where a downgrade of a database at ``found`` to ``target`` ends (None: an empty
    schema) and the migrations it undoes, newest first. ``target`` is a revision below
    ``found``, ``-N`` (N migrations back) or ``base`` (all of them); raises
    :class:`UnknownRevision` with one line for anything else, :class:`SchemaTooNew` for a
    database a newer steerbot upgraded."""
    script = ScriptDirectory.from_config(alembic_config())
    known = [r.revision for r in script.walk_revisions()]  # newest first
    if found is not None and found not in known:
        raise SchemaTooNew(found, script.get_current_head())
    below = list(script.iterate_revisions(found, "base")) if found else []
    chain = [r.revision for r in below]
    if re.fullmatch(r"-\d+", target):
        n = int(target[1:])
        if not 1 <= n <= len(chain):
            raise UnknownRevision(
                f"cannot go back {n} migration{'s' if n != 1 else ''}: revision {found} is "
                f"{len(chain)} above an empty one"
            )
        end = chain[n] if n < len(chain) else None
    elif target == "base":
        end = None
    elif target in chain:
        end = target
    elif target in known:
        raise UnknownRevision(
            f"revision {target} is not below the database's revision {found or '(none)'}: "
            "steerbot db upgrade goes up"
        )
    else:
        raise UnknownRevision(
            f"unknown revision {target!r}: this steerbot knows {known[-1]} to {known[0]}, "
            "-N (N migrations back) and base (an empty database)"
        )
    steps = chain[: chain.index(end)] if end is not None else chain
    return end, [Step(r.revision, (r.doc or "").strip()) for r in below if r.revision in steps]


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
