"""SQLite writers of this process take turns in a first-come queue, not SQLite's busy loop.

SQLite admits one writer at a time. A connection that finds the write lock taken waits in
SQLite's busy handler, which sleeps and retries (1, 2, 5 … then every 100 ms) on its own
thread: with a hundred updates in flight nobody is first in line, a waiter can wake after the
lock was taken again many times over, and some wait past the busy timeout and are lost
("database is locked"). Here a connection about to write first takes an asyncio lock held
until its transaction ends (the connection goes back to the pool, as a session does at every
commit). Writers inside the process are then served in order of arrival and the lock is handed
over at once; SQLite's own busy timeout still guards against other processes (a migration,
`python -m bot backup`).

Reads are not queued: WAL lets them run beside the writer. The rule "commit before every Bot
API call" (bot/db/unit_of_work.py) keeps each turn to the update's database work.
"""

from __future__ import annotations

import asyncio
import sqlite3
from typing import Any

from sqlalchemy import event
from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.asyncio import AsyncEngine
from sqlalchemy.util import await_only

_HOLDS = "salescoach_holds_writer_turn"
_WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")


def _is_write(statement: str) -> bool:
    return statement.lstrip()[:7].upper().startswith(_WRITES)


def queue_writers(engine: AsyncEngine, timeout: float) -> None:
    """Install the queue on ``engine``; a writer waiting longer than ``timeout`` seconds gets
    the same "database is locked" error SQLite would give, so callers handle one failure."""
    turn = asyncio.Lock()

    async def take_turn() -> None:
        # asyncio.timeout, not wait_for: wait_for runs the acquire as a task of its own, so even
        # a free turn was taken only after a full pass of the event loop, held all that while.
        async with asyncio.timeout(timeout):
            await turn.acquire()

    @event.listens_for(engine.sync_engine, "before_cursor_execute")
    def _before_write(
        conn: Any, _cursor: Any, statement: str, parameters: Any, _context: Any, _many: bool
    ) -> None:
        if conn.info.get(_HOLDS) or not _is_write(statement):
            return
        try:
            await_only(take_turn())
        except TimeoutError:
            raise OperationalError(
                statement, parameters, sqlite3.OperationalError("database is locked")
            ) from None
        conn.info[_HOLDS] = True

    @event.listens_for(engine.sync_engine, "checkin")
    def _end_turn(_dbapi_connection: Any, record: Any) -> None:
        if record is not None and record.info.pop(_HOLDS, False):
            turn.release()

    @event.listens_for(engine.sync_engine, "invalidate")
    def _end_turn_of_broken(_dbapi_connection: Any, record: Any, _exception: Any) -> None:
        if record is not None and record.info.pop(_HOLDS, False):
            turn.release()
