"""Migrations agree with the models, and every revision goes up, down and up again — on an
empty database and on one where every table is filled (tests/support/populate.py)."""

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
from bot.db.engine import create_engine, create_session_factory
from bot.db.migrate import ForeignKeyViolation, alembic_config, downgrade, upgrade
from tests.support.populate import empty_tables, model_tables, populate, row_counts


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


def _existing_tables(connection: Connection) -> set[str]:
    return set(inspect(connection).get_table_names()) - {"alembic_version"}


async def _counts(engine: AsyncEngine) -> dict[str, int]:
    async with engine.connect() as connection:
        present = await connection.run_sync(_existing_tables)
    async with create_session_factory(engine)() as session:
        return await row_counts(session, present)


async def test_populated_stairway_keeps_every_row(settings: Settings) -> None:
    """From head down to base, each revision goes down, up and down again on a database that
    real code filled; every table that exists at a step keeps all of its rows. (Rows of a
    table the step drops are gone by design; its re-created table starts empty.)"""
    engine = create_engine(settings)
    script = ScriptDirectory.from_config(alembic_config())
    try:
        await upgrade(engine)
        await populate(create_session_factory(engine))
        at_head = await _counts(engine)
        assert set(at_head) == model_tables()
        unfilled = empty_tables(at_head)
        assert not unfilled, (
            f"tables with no rows after populate(): {unfilled} — add a fill for each to FILLS "
            "in tests/support/populate.py, so the stairway test can see their rows survive"
        )
        for revision in script.walk_revisions():  # head first
            below: str = revision.down_revision or "base"  # type: ignore[assignment]
            await downgrade(engine, below)
            after_down = await _counts(engine)
            expected = {name: at_head[name] for name in after_down}
            assert after_down == expected, f"downgrade {revision.revision} → {below} lost rows"
            await upgrade(engine, revision.revision)
            after_up = await _counts(engine)
            kept = {name: after_up[name] for name in expected}
            assert kept == expected, f"upgrade {below} → {revision.revision} lost rows"
            await downgrade(engine, below)
        assert await _counts(engine) == {}
    finally:
        await engine.dispose()


@pytest.mark.sqlite_only
async def test_sqlite_migration_refuses_dangling_foreign_keys(engine: AsyncEngine) -> None:
    """With foreign keys off during a migration, a dangling reference is caught before they
    come back on, and the migration is rolled back."""
    async with engine.connect() as connection:
        await connection.exec_driver_sql("PRAGMA foreign_keys=OFF")
        await connection.commit()
        await connection.exec_driver_sql(
            "INSERT INTO saved_tips (user_id, tip_id, saved_at) "
            "VALUES (424242, 'x', '2026-01-01 00:00:00')"
        )
        await connection.commit()
        await connection.exec_driver_sql("PRAGMA foreign_keys=ON")
    script = ScriptDirectory.from_config(alembic_config())
    head = script.get_current_head()
    assert head is not None
    below = script.get_revision(head).down_revision
    with pytest.raises(ForeignKeyViolation, match="saved_tips"):
        await downgrade(engine, below or "base")  # type: ignore[arg-type]
    async with engine.connect() as connection:
        version_row = await connection.exec_driver_sql("SELECT version_num FROM alembic_version")
        version = version_row.scalar()
        foreign_keys = (await connection.exec_driver_sql("PRAGMA foreign_keys")).scalar()
        present = await connection.run_sync(_existing_tables)
    assert version == head
    assert foreign_keys == 1
    assert model_tables() <= present, "the failed migration dropped tables"


@pytest.mark.sqlite_only
async def test_sqlite_runs_in_wal_mode(engine: AsyncEngine) -> None:
    async with engine.connect() as connection:
        mode = (await connection.exec_driver_sql("PRAGMA journal_mode")).scalar()
    assert mode == "wal"
