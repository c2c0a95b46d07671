"""The process's SQLite writers take turns in arrival order (bot/db/sqlite_writer.py).

Without the queue, writers that meet the write lock wait in SQLite's busy loop; here SQLite's
own busy timeout is 0, so any writer finding the lock taken fails at once and the test shows
that none had to.
"""

from __future__ import annotations

import asyncio
import contextlib
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

from bot.db.sqlite_writer import queue_writers

pytestmark = pytest.mark.sqlite_only

WRITERS = 12


async def engine_at(path: Path, *, queued: bool, queue_wait: float = 30.0) -> AsyncEngine:
    engine = create_async_engine(
        f"sqlite+aiosqlite:///{path}", connect_args={"timeout": 0}, pool_size=WRITERS
    )
    async with engine.begin() as conn:
        await conn.exec_driver_sql("PRAGMA journal_mode=WAL")
        await conn.exec_driver_sql("CREATE TABLE IF NOT EXISTS t (writer INTEGER, step INTEGER)")
    # Every connection opened before the contest: opening one beside a writer can meet a
    # passing lock of its own, which a busy timeout of 0 would turn into a failure.
    async with contextlib.AsyncExitStack() as stack:
        for _ in range(WRITERS):
            conn = await stack.enter_async_context(engine.connect())
            await conn.exec_driver_sql("SELECT 1 FROM t")
    if queued:
        queue_writers(engine, timeout=queue_wait)
    return engine


async def write_in_steps(engine: AsyncEngine, writer: int) -> None:
    async with engine.connect() as conn:
        for step in range(3):
            await conn.execute(text("INSERT INTO t VALUES (:w, :s)"), {"w": writer, "s": step})
            await asyncio.sleep(0)  # others run meanwhile, as other updates do
        await conn.commit()


async def outcomes(engine: AsyncEngine, writers: int) -> list[BaseException | None]:
    return await asyncio.gather(
        *(write_in_steps(engine, w) for w in range(writers)), return_exceptions=True
    )


async def test_writers_take_turns_and_none_meets_a_locked_database(tmp_path: Path) -> None:
    engine = await engine_at(tmp_path / "q.sqlite3", queued=True)
    try:
        assert await outcomes(engine, WRITERS) == [None] * WRITERS
        async with engine.connect() as conn:
            rows = (await conn.execute(text("SELECT writer, step FROM t"))).all()
        assert sorted(rows) == [(w, s) for w in range(WRITERS) for s in range(3)]
    finally:
        await engine.dispose()


async def test_without_the_queue_the_same_writers_meet_a_locked_database(
    tmp_path: Path,
) -> None:
    """The control: the scenario above really contends for SQLite's write lock."""
    engine = await engine_at(tmp_path / "plain.sqlite3", queued=False)
    try:
        failures = [o for o in await outcomes(engine, WRITERS) if o is not None]
        assert failures
        assert all("database is locked" in str(f) for f in failures)
    finally:
        await engine.dispose()


async def test_a_writer_that_waits_too_long_gets_the_usual_locked_error(tmp_path: Path) -> None:
    engine = await engine_at(tmp_path / "t.sqlite3", queued=True, queue_wait=0.01)
    try:
        async with engine.connect() as holder:
            await holder.execute(text("INSERT INTO t VALUES (1, 0)"))
            with pytest.raises(OperationalError, match="database is locked"):
                await write_in_steps(engine, 2)
            await holder.commit()
        await write_in_steps(engine, 3)  # the turn was handed back
    finally:
        await engine.dispose()
