"""Each statement on SQLite is one trip to aiosqlite's thread (bot/db/sqlite_one_hop.py), and
the cursor behaves as SQLAlchemy's: rows, row counts, inserted ids, errors, many rows."""

from __future__ import annotations

from collections import Counter
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import aiosqlite
import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.config import load_settings
from bot.db.engine import create_engine
from tests.conftest import TEST_TOKEN

pytestmark = pytest.mark.sqlite_only


@pytest.fixture
async def engine(tmp_path: Path) -> AsyncIterator[AsyncEngine]:
    settings = load_settings(
        bot_token=TEST_TOKEN,
        database_url=f"sqlite+aiosqlite:///{tmp_path / 'h.sqlite3'}",
        _env_file=None,
    )
    made = create_engine(settings)
    async with made.begin() as conn:
        await conn.execute(text("CREATE TABLE t (id INTEGER PRIMARY KEY, name TEXT UNIQUE)"))
    yield made
    await made.dispose()


@pytest.fixture
def trips(monkeypatch: pytest.MonkeyPatch) -> Counter[str]:
    counted: Counter[str] = Counter()
    original = aiosqlite.Connection._execute

    async def counting(self: aiosqlite.Connection, fn: Any, *args: Any, **kwargs: Any) -> Any:
        counted[getattr(fn, "__name__", "other")] += 1
        return await original(self, fn, *args, **kwargs)

    monkeypatch.setattr(aiosqlite.Connection, "_execute", counting)
    return counted


async def test_a_statement_is_one_trip_and_behaves_as_before(
    engine: AsyncEngine, trips: Counter[str]
) -> None:
    async with engine.begin() as conn:
        inserted = await conn.execute(text("INSERT INTO t (name) VALUES ('a')"))
        assert inserted.lastrowid == 1
        assert inserted.rowcount == 1
        await conn.execute(text("INSERT INTO t (name) VALUES (:n)"), [{"n": "b"}, {"n": "c"}])
        trips.clear()
        rows = (await conn.execute(text("SELECT id, name FROM t ORDER BY id"))).all()
        assert trips == Counter({"_execute": 1})
        assert [tuple(r) for r in rows] == [(1, "a"), (2, "b"), (3, "c")]
        updated = await conn.execute(text("UPDATE t SET name = name || '!' WHERE id > 1"))
        assert updated.rowcount == 2
        first = (await conn.execute(text("SELECT name FROM t WHERE id = 1"))).scalar_one()
        assert first == "a"


async def test_errors_are_sqlalchemys_and_the_connection_stays_usable(
    engine: AsyncEngine,
) -> None:
    async with engine.connect() as conn:
        await conn.execute(text("INSERT INTO t (name) VALUES ('a')"))
        with pytest.raises(IntegrityError):
            await conn.execute(text("INSERT INTO t (name) VALUES ('a')"))
        await conn.rollback()
        assert (await conn.execute(text("SELECT count(*) FROM t"))).scalar_one() == 0
