"""Apply Alembic migrations from code, on the bot's own engine, at start-up.

Several instances may start at once. On PostgreSQL the migration runs inside one transaction
that first takes a transaction-level advisory lock: the first instance migrates, the others
wait for its commit and then find nothing left to do. (PostgreSQL DDL is transactional, so
a failed migration leaves nothing half-done.) SQLite serves a single instance; its one-writer
lock serialises the rest.
"""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, text
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine

MIGRATIONS_DIR = Path(__file__).resolve().parents[2] / "migrations"
# Any 64-bit number, the same for every instance: "SalesCoach migrations".
MIGRATION_LOCK_ID = 0x5A1E5C0AC8_0001


def alembic_config(connection: Connection | None = None) -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


async def _lock_migrations(connection: AsyncConnection) -> None:
    """Wait for any other instance's migration; released when this transaction ends."""
    if connection.dialect.name == "postgresql":
        await connection.execute(
            text("SELECT pg_advisory_xact_lock(:id)"), {"id": MIGRATION_LOCK_ID}
        )


async def upgrade(engine: AsyncEngine, revision: str = "head") -> None:
    async with engine.begin() as connection:
        await _lock_migrations(connection)
        await connection.run_sync(lambda conn: command.upgrade(alembic_config(conn), revision))


async def downgrade(engine: AsyncEngine, revision: str) -> None:
    async with engine.begin() as connection:
        await _lock_migrations(connection)
        await connection.run_sync(lambda conn: command.downgrade(alembic_config(conn), revision))
