"""Apply Alembic migrations from code, on the bot's own engine, at start-up.

Several instances may start at once. On PostgreSQL the migration runs inside one transaction
that first takes a transaction-level advisory lock: the first instance migrates, the others
wait for its commit and then find nothing left to do. (PostgreSQL DDL is transactional, so
a failed migration leaves nothing half-done.) SQLite serves a single instance; its one-writer
lock serialises the rest.

On SQLite, foreign keys are switched off for the migration run. Alembic's batch mode changes
a table by copying it into a new one and dropping the old; with foreign keys on, that drop
fires ``ON DELETE CASCADE`` on every child table, and one changed column of ``users`` would
wipe every user's check-ins, plans and drills. The pragma is a no-op inside a transaction, so
it is set on the connection before the migration's transaction begins, and before it is
switched back on ``PRAGMA foreign_key_check`` must find no dangling reference — otherwise the
migration is rolled back (SQLite's own recipe for schema changes, section 7 of "ALTER TABLE").
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

from sqlalchemy import Connection, text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS_DIR = Path(__file__).resolve().parents[2] / "migrations"
# Any 64-bit number, the same for every instance: "SalesCoach migrations".
MIGRATION_LOCK_ID = 0x5A1E5C0AC8_0001


class ForeignKeyViolation(RuntimeError):
    """A migration left rows pointing at rows that do not exist; it was rolled back."""


def alembic_config(connection: Connection | None = None) -> Config:
    # Alembic is imported only when migrating: `python -m bot run` migrates in a child
    # process (bot/cli.py), so none of it stays resident in the running bot.
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


def _command() -> ModuleType:
    from alembic import command

    return command


async def _lock_migrations(connection: AsyncConnection) -> None:
    """Wait for any other instance's migration; released when this transaction ends."""
    if connection.dialect.name == "postgresql":
        await connection.execute(
            text("SELECT pg_advisory_xact_lock(:id)"), {"id": MIGRATION_LOCK_ID}
        )


def _check_foreign_keys(connection: Connection) -> None:
    problems = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
    if problems:
        shown = ", ".join(f"{row[0]} row {row[1]} → {row[2]}" for row in problems[:5])
        raise ForeignKeyViolation(f"{len(problems)} dangling foreign keys: {shown}")


def _migrate(action: str, revision: str) -> Callable[[Connection], None]:
    def migrate(connection: Connection) -> None:
        config = alembic_config(connection)
        if action == "upgrade":
            _command().upgrade(config, revision)
        else:
            _command().downgrade(config, revision)
        if connection.dialect.name == "sqlite":
            _check_foreign_keys(connection)

    return migrate


async def _run_sqlite(engine: AsyncEngine, migrate: Callable[[Connection], None]) -> None:
    """The driver in autocommit mode and our own BEGIN … COMMIT: Python's sqlite3 would
    otherwise run DDL outside any transaction (it begins one only before DML), and a failed
    migration would leave tables dropped with the version unchanged."""
    async with engine.connect() as pooled:
        connection = await pooled.execution_options(isolation_level="AUTOCOMMIT")
        await connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
        if (await connection.exec_driver_sql("PRAGMA foreign_keys")).scalar() != 0:
            raise RuntimeError("SQLite kept foreign keys on; refusing to migrate")
        try:
            await connection.exec_driver_sql("BEGIN IMMEDIATE")
            try:
                await connection.run_sync(migrate)
            except BaseException:
                await connection.exec_driver_sql("ROLLBACK")
                raise
            await connection.exec_driver_sql("COMMIT")
        finally:
            await connection.exec_driver_sql("PRAGMA foreign_keys=ON")
            # Ends SQLAlchemy's own bookkeeping transaction; the pool then restores the
            # connection's isolation level when it is returned.
            await connection.commit()


async def _run(engine: AsyncEngine, action: str, revision: str) -> None:
    migrate = _migrate(action, revision)
    if engine.dialect.name == "sqlite":
        await _run_sqlite(engine, migrate)
        return
    async with engine.begin() as connection:
        await _lock_migrations(connection)
        await connection.run_sync(migrate)


async def upgrade(engine: AsyncEngine, revision: str = "head") -> None:
    await _run(engine, "upgrade", revision)


async def downgrade(engine: AsyncEngine, revision: str) -> None:
    await _run(engine, "downgrade", revision)
