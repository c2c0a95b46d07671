"""SQL statements and commits on SQLite run on the event loop; only waiting goes to a thread.

aiosqlite runs every call on the connection's own thread, and SQLAlchemy's adapter makes four
such calls per statement (open a cursor, execute, fetch, close). Each trip hands work to the
thread and waits for the event loop to come back to it: 60–90 µs on a quiet loop, a whole pass
over every ready task on a busy one. A statement of ours takes a few microseconds in SQLite,
so a /tip spent more time travelling than in the database. Worse, a writer that went to the
thread to commit held SQLite's one write lock (and this process's writer turn,
bot/db/sqlite_writer.py) until the loop came back to it: under a morning burst every write
waited a pass of the loop for the one before it. So this cursor runs the statement, its fetch
and its close in one call on the loop, and the connection commits on the loop too: a write
transaction starts and ends without the loop running anything else in between.

What a thread is still for: **waiting.** Statements and commits on the loop run with SQLite's
busy timeout at 0, so they never sleep in SQLite's busy handler (which would stop every other
update). One that finds the database locked (by another process: a backup, a migration) is run
again on the connection's thread with the configured timeout, where waiting costs the loop
nothing. Writers of this process never meet that way: they take turns first, and in WAL mode
readers never wait for a writer.

The price: a commit's sync to disk (synchronous FULL: ~0.1 ms on the machine the bench ran on,
a few ms on a slow disk) and a statement that is slow for its own sake (a year of a big team's
check-ins for /team) hold the loop while they run. Both are short next to the round trip to
Telegram, and the bench measures them.

It relies on ``aiosqlite.Connection._conn`` (the sqlite3 connection) and ``_execute`` (queue
a function on the connection's thread), the private entry points SQLAlchemy's adapter itself
uses; aiosqlite is pinned in requirements.lock. The sqlite3 connection is opened with
``check_same_thread=False`` by SQLAlchemy's adapter, and SQLite is built thread-safe
(serialized), so the loop and the thread may both use it, never at once: the adapter's
per-connection mutex orders statements, and a connection's commit follows its statements.
"""

from __future__ import annotations

import collections
import functools
import sqlite3
from collections.abc import Callable, Sequence
from typing import Any

from sqlalchemy.dialects.sqlite.aiosqlite import (
    AsyncAdapt_aiosqlite_connection,
    AsyncAdapt_aiosqlite_cursor,
)
from sqlalchemy.util import await_only

Outcome = tuple[Any, list[Any], int, int | None]
Statement = Callable[[sqlite3.Connection, str, Any], Outcome]


def _execute(raw: sqlite3.Connection, operation: str, parameters: Any) -> Outcome:
    cursor = raw.cursor()
    try:
        if parameters is None:
            cursor.execute(operation)
        else:
            cursor.execute(operation, parameters)
        description = cursor.description
        rows = cursor.fetchall() if description else []
        return description, rows, cursor.rowcount, cursor.lastrowid
    finally:
        cursor.close()


def _execute_many(raw: sqlite3.Connection, operation: str, many: Sequence[Any]) -> Outcome:
    cursor = raw.cursor()
    try:
        cursor.executemany(operation, many)
        return cursor.description, [], cursor.rowcount, cursor.lastrowid
    finally:
        cursor.close()


def _is_busy(error: sqlite3.OperationalError) -> bool:
    code = getattr(error, "sqlite_errorcode", None)
    if code is None:  # pragma: no cover - Python < 3.11 has no error codes
        return "locked" in str(error)
    return code & 0xFF in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)


def _waiting(raw: sqlite3.Connection, busy_ms: int, call: Callable[[], Any]) -> Any:
    """Runs ``call`` on the connection's thread with SQLite allowed to wait ``busy_ms``."""
    raw.execute(f"PRAGMA busy_timeout={busy_ms}")
    try:
        return call()
    finally:
        raw.execute("PRAGMA busy_timeout=0")


class OnLoopCursor(AsyncAdapt_aiosqlite_cursor):
    __slots__ = ("_description", "_lastrowid", "_rowcount")

    def __init__(self, adapt_connection: Any) -> None:
        # No aiosqlite cursor (opening one is a trip to the thread): see _execute.
        self._adapt_connection = adapt_connection
        self._connection = adapt_connection._connection
        self._cursor = None  # type: ignore[assignment]
        self._soft_closed_memoized = {}  # type: ignore[assignment]
        self._rows = collections.deque()
        self._description: Any = None
        self._rowcount = -1
        self._lastrowid: int | None = None

    @property
    def description(self) -> Any:
        return self._description

    @property
    def rowcount(self) -> int:
        return self._rowcount

    @property
    def lastrowid(self) -> int:
        return self._lastrowid  # type: ignore[return-value]

    async def _async_soft_close(self) -> None:
        return None  # nothing is left open between statements

    def close(self) -> None:
        self._rows.clear()

    def execute(self, operation: Any, parameters: Any = None) -> Any:
        try:
            return await_only(self._run(_execute, operation, parameters))
        except Exception as error:
            self._adapt_connection._handle_exception(error)

    def executemany(self, operation: Any, seq_of_parameters: Any) -> Any:
        try:
            return await_only(self._run(_execute_many, operation, seq_of_parameters))
        except Exception as error:
            self._adapt_connection._handle_exception(error)

    async def _run(self, statement: Statement, operation: Any, parameters: Any) -> None:
        raw: sqlite3.Connection = self._connection._conn
        async with self._adapt_connection._execute_mutex:
            try:
                outcome = statement(raw, operation, parameters)
            except sqlite3.OperationalError as error:
                if not _is_busy(error):
                    raise
                outcome = await self._connection._execute(
                    _waiting,
                    raw,
                    getattr(self._adapt_connection, "busy_ms", 0),
                    functools.partial(statement, raw, operation, parameters),
                )
        self._description, rows, self._rowcount, self._lastrowid = outcome
        self._rows = collections.deque(rows)


class OnLoopConnection(AsyncAdapt_aiosqlite_connection):
    __slots__ = ()
    _cursor_cls = OnLoopCursor
    busy_ms = 0  # set per engine by use_on_loop_cursors

    def rollback(self) -> None:
        # The pool calls this on every connection it takes back, mostly with nothing to undo.
        if not self._connection._connection:
            return
        raw: sqlite3.Connection = self._connection._conn
        if raw.in_transaction:
            try:
                raw.rollback()
            except Exception as error:
                self._handle_exception(error)

    def commit(self) -> None:
        if not self._connection._connection:
            return
        raw: sqlite3.Connection = self._connection._conn
        try:
            try:
                raw.commit()
            except sqlite3.OperationalError as error:
                if not _is_busy(error):
                    raise
                await_only(self._connection._execute(_waiting, raw, self.busy_ms, raw.commit))
        except Exception as error:
            self._handle_exception(error)


@functools.cache
def _connection_class(busy_ms: int) -> type[OnLoopConnection]:
    return type("OnLoopConnection", (OnLoopConnection,), {"__slots__": (), "busy_ms": busy_ms})


def use_on_loop_cursors(adapted_connection: Any, busy_ms: int) -> None:
    """Called on each new connection (the engine's "connect" event): statements run on the
    loop without waiting; a locked database is waited for ``busy_ms`` on the thread."""
    if isinstance(adapted_connection, AsyncAdapt_aiosqlite_connection):
        adapted_connection.__class__ = _connection_class(busy_ms)
        adapted_connection._connection._conn.execute("PRAGMA busy_timeout=0")
