"""Engine and session factory.

SQLite gets WAL, a busy timeout and foreign keys on connect, and the process's writers take
turns in a first-come queue (bot/db/sqlite_writer.py); statements run on the event loop,
and only a wait for a lock held by another process, and the commit, go to aiosqlite's thread
(bot/db/sqlite_on_loop.py). PostgreSQL (asyncpg) gets a
pool whose connections are checked before use, so a database restart or a load balancer
closing idle connections costs a reconnect, not a failed update.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import event
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from bot.config import Settings
from bot.db.sqlite_on_loop import use_on_loop_cursors
from bot.db.sqlite_writer import queue_writers


def create_engine(settings: Settings) -> AsyncEngine:
    if settings.sqlite_path is not None:
        settings.sqlite_path.parent.mkdir(parents=True, exist_ok=True)
    connect_args: dict[str, Any] = {}
    options: dict[str, Any] = {}
    if settings.is_sqlite:
        connect_args["timeout"] = settings.sqlite_busy_timeout_ms / 1000
    if settings.is_postgresql:
        connect_args["server_settings"] = {"application_name": "salescoach"}
        options["pool_pre_ping"] = True
    # Statement values never appear in an error's text or SQLAlchemy's log: they are notes,
    # survey and drill answers.
    engine = create_async_engine(
        settings.database_url, connect_args=connect_args, hide_parameters=True, **options
    )
    if settings.is_sqlite:
        busy_ms = settings.sqlite_busy_timeout_ms

        @event.listens_for(engine.sync_engine, "connect")
        def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
            use_on_loop_cursors(dbapi_connection, int(busy_ms))
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA journal_mode=WAL")
            cursor.execute("PRAGMA foreign_keys=ON")
            cursor.close()

        queue_writers(engine, timeout=busy_ms / 1000)
    return engine


def create_session_factory(engine: AsyncEngine) -> async_sessionmaker[AsyncSession]:
    return async_sessionmaker(engine, expire_on_commit=False)
