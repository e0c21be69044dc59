"""Look for strings everywhere in a database: every text column of every table, and the raw
bytes of a SQLite file."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import inspect, text
from sqlalchemy.engine import Connection
from sqlalchemy.ext.asyncio import AsyncEngine


async def scan_tables(engine: AsyncEngine, needles: list[str]) -> list[tuple[str, str, str]]:
    """(table, column, value) of every cell whose text contains a needle (case-insensitive);
    every table the database has, not only the ones the models know."""

    def _scan(conn: Connection) -> list[tuple[str, str, str]]:
        hits = []
        for table in inspect(conn).get_table_names():
            result = conn.execute(text(f'SELECT * FROM "{table}"'))
            columns = list(result.keys())
            for row in result:
                for column, value in zip(columns, row, strict=True):
                    if value is None:
                        continue
                    cell = str(value).lower()
                    if any(n.lower() in cell for n in needles):
                        hits.append((table, column, str(value)))
        return hits

    async with engine.connect() as conn:
        return await conn.run_sync(_scan)


async def checkpoint(engine: AsyncEngine, *, vacuum: bool = False) -> None:
    """Move the SQLite write-ahead log into the main file and empty it (optionally VACUUM)."""
    async with engine.connect() as conn:
        conn = await conn.execution_options(isolation_level="AUTOCOMMIT")
        if vacuum:
            await conn.exec_driver_sql("VACUUM")
        await conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")


def scan_file(database: Path, needles: list[str]) -> list[str]:
    """Needles found in the raw bytes of the SQLite file and its -wal/-journal files."""
    found = []
    for path in (database, Path(f"{database}-wal"), Path(f"{database}-journal")):
        if not path.exists():
            continue
        data = path.read_bytes().lower()
        found += [f"{path.name}: {n}" for n in needles if n.lower().encode() in data]
    return found


async def person_links(engine: AsyncEngine, person_id: int) -> list[tuple[str, str]]:
    """(table, column) of every row outside ``persons`` whose foreign key to ``persons``
    still points at ``person_id`` (the tombstone must not be linked from anywhere)."""

    def _scan(conn: Connection) -> list[tuple[str, str]]:
        hits = []
        inspector = inspect(conn)
        for table in inspector.get_table_names():
            for fk in inspector.get_foreign_keys(table):
                if fk["referred_table"] != "persons" or table == "persons":
                    continue
                for column in fk["constrained_columns"]:
                    found = conn.execute(
                        text(f'SELECT count(*) FROM "{table}" WHERE "{column}" = :id'),
                        {"id": person_id},
                    ).scalar()
                    if found:
                        hits.append((table, column))
        return hits

    async with engine.connect() as conn:
        return await conn.run_sync(_scan)
