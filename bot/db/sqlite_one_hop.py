"""Each SQL statement on SQLite in one trip to aiosqlite's thread instead of four.

aiosqlite runs every call on the connection's own thread, and SQLAlchemy's adapter makes four
such calls per statement: open a cursor, execute, fetch the rows, close the cursor. Each trip
hands work to the thread and waits for the event loop to be woken (60–90 µs here), so a /tip
of 8 statements spent 33 trips, more time than its SQL. This cursor does all four in one
function on that thread, then serves the rows it brought back, as SQLAlchemy's own cursor does
after its fetch. Transactions, errors and the thread are aiosqlite's, unchanged.

It relies on ``aiosqlite.Connection._execute`` (queue a function on the connection's thread),
the same private entry point SQLAlchemy's adapter uses to set the isolation level; aiosqlite is
pinned in requirements.lock.
"""

from __future__ import annotations

import collections
import sqlite3
from collections.abc import Sequence
from typing import Any

from sqlalchemy.dialects.sqlite.aiosqlite import (
    AsyncAdapt_aiosqlite_connection,
    AsyncAdapt_aiosqlite_cursor,
)
from sqlalchemy.util import await_only

Outcome = tuple[Any, list[Any], int, int | None]


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


class OneHopCursor(AsyncAdapt_aiosqlite_cursor):
    __slots__ = ("_description", "_lastrowid", "_rowcount")

    def __init__(self, adapt_connection: Any) -> None:
        # No aiosqlite cursor (opening one is a trip of its own): see _execute.
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
        return None  # nothing is open on the thread between statements

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

    async def _run(self, function: Any, operation: Any, parameters: Any) -> None:
        async with self._adapt_connection._execute_mutex:
            outcome: Outcome = await self._connection._execute(
                function, self._connection._conn, operation, parameters
            )
        self._description, rows, self._rowcount, self._lastrowid = outcome
        self._rows = collections.deque(rows)


class OneHopConnection(AsyncAdapt_aiosqlite_connection):
    __slots__ = ()
    _cursor_cls = OneHopCursor


def use_one_hop_cursors(adapted_connection: Any) -> None:
    """Called on each new connection (the engine's "connect" event)."""
    if isinstance(adapted_connection, AsyncAdapt_aiosqlite_connection):
        adapted_connection.__class__ = OneHopConnection
