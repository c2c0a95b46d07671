"""SQLite statements and commits run on the event loop (bot/db/sqlite_on_loop.py): no trip to
aiosqlite's thread, the cursor behaves as SQLAlchemy's (rows, row counts, inserted ids,
errors, many rows), and a database locked by another process is waited for on the thread
while the loop goes on."""

from __future__ import annotations

import asyncio
import sqlite3
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


async def test_statements_make_no_trip_and_behave_as_before(
    engine: AsyncEngine, trips: Counter[str]
) -> None:
    trips.clear()
    async with engine.begin() as conn:
        inserted = await conn.execute(text("INSERT INTO t (name) VALUES ('a')"))
        assert inserted.lastrowid == 1
        assert inserted.rowcount == 1
        await conn.execute(text("INSERT INTO t (name) VALUES (:n)"), [{"n": "b"}, {"n": "c"}])
        rows = (await conn.execute(text("SELECT id, name FROM t ORDER BY id"))).all()
        assert [tuple(r) for r in rows] == [(1, "a"), (2, "b"), (3, "c")]
        updated = await conn.execute(text("UPDATE t SET name = name || '!' WHERE id > 1"))
        assert updated.rowcount == 2
        first = (await conn.execute(text("SELECT name FROM t WHERE id = 1"))).scalar_one()
        assert first == "a"
    assert sum(trips.values()) == 0  # connecting aside, nothing went to the thread, commit included


async def test_a_lock_held_by_another_process_is_waited_for_off_the_loop(
    engine: AsyncEngine, tmp_path: Path, trips: Counter[str]
) -> None:
    async with engine.connect() as warm:  # the pooled connection exists before the lock
        await warm.execute(text("SELECT 1"))
    other = sqlite3.connect(tmp_path / "h.sqlite3", isolation_level=None)
    other.execute("BEGIN IMMEDIATE")  # another process's writer holds the lock
    other.execute("INSERT INTO t (name) VALUES ('theirs')")
    ticks = 0

    async def loop_goes_on() -> None:
        nonlocal ticks
        for _ in range(5):
            await asyncio.sleep(0)
            ticks += 1
        other.commit()  # the other writer finishes while ours waits

    async def ours() -> None:
        async with engine.begin() as conn:
            await conn.execute(text("INSERT INTO t (name) VALUES ('ours')"))

    trips.clear()
    await asyncio.gather(ours(), loop_goes_on())
    other.close()
    assert ticks == 5
    assert trips["_waiting"] >= 1  # the insert waited on the thread
    async with engine.connect() as conn:
        names = (await conn.execute(text("SELECT name FROM t ORDER BY id"))).scalars().all()
    assert names == ["theirs", "ours"]


async def test_statements_on_the_loop_never_wait_in_sqlite(engine: AsyncEngine) -> None:
    async with engine.connect() as conn:
        timeout = (await conn.execute(text("PRAGMA busy_timeout"))).scalar_one()
    assert timeout == 0


async def test_errors_are_sqlalchemys_and_the_connection_stays_usable(
    engine: AsyncEngine,
) -> None:
    async with engine.connect() as conn:
        await conn.execute(text("INSERT INTO t (name) VALUES ('a')"))
        with pytest.raises(IntegrityError):
            await conn.execute(text("INSERT INTO t (name) VALUES ('a')"))
        await conn.rollback()
        assert (await conn.execute(text("SELECT count(*) FROM t"))).scalar_one() == 0
