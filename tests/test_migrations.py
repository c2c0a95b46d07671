"""Migrations agree with the models, and every revision goes up, down and up again."""

from __future__ import annotations

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, inspect
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.config import Settings
from bot.db import all_models  # noqa: F401  (every table on Base.metadata)
from bot.db.base import Base
from bot.db.engine import create_engine
from bot.db.migrate import alembic_config, downgrade, upgrade


async def test_models_and_migrations_agree(engine: AsyncEngine) -> None:
    def diff(connection: Connection) -> list[object]:
        context = MigrationContext.configure(
            connection, opts={"compare_type": True, "render_as_batch": True}
        )
        return list(compare_metadata(context, Base.metadata))

    async with engine.connect() as connection:
        assert await connection.run_sync(diff) == []


async def test_stairway(settings: Settings) -> None:
    engine = create_engine(settings)
    script = ScriptDirectory.from_config(alembic_config())
    revisions = list(reversed(list(script.walk_revisions())))
    assert revisions, "no migrations found"
    try:
        for revision in revisions:
            await upgrade(engine, revision.revision)
            await downgrade(engine, revision.down_revision or "base")  # type: ignore[arg-type]
            await upgrade(engine, revision.revision)

        def tables(connection: Connection) -> set[str]:
            return set(inspect(connection).get_table_names())

        async with engine.connect() as connection:
            assert set(Base.metadata.tables) <= await connection.run_sync(tables)
    finally:
        await engine.dispose()


@pytest.mark.sqlite_only
async def test_sqlite_runs_in_wal_mode(engine: AsyncEngine) -> None:
    async with engine.connect() as connection:
        mode = (await connection.exec_driver_sql("PRAGMA journal_mode")).scalar()
    assert mode == "wal"
