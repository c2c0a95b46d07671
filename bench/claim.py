"""The claim of a morning's due reminders, measured: cost per due user and how long each batch
holds SQLite's write lock.

The production engine (WAL, synchronous FULL) on its own file, the real ``claim_due`` in the
Ticker's loop (one batch per transaction, committed). The write lock is taken by a batch's
first INSERT/UPDATE/DELETE and released by its COMMIT; both moments are stamped from the
engine's events, so "lock held" is exactly that span as this process saw it.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import event, func, insert, select
from sqlalchemy.ext.asyncio import AsyncEngine

from bench.seed import seed_users
from bot.config import load_settings
from bot.db.checkin_models import OutboxMessage, Reminder
from bot.db.engine import create_engine, create_session_factory
from bot.db.migrate import upgrade
from bot.services.reminders import claim_due

_WRITES = ("INSERT", "UPDATE", "DELETE", "WITH")


@dataclass
class LockWatch:
    """Stamps the first write of each transaction and its commit."""

    first_write: float | None = None
    holds: list[float] = field(default_factory=list)

    def attach(self, engine: AsyncEngine) -> None:
        @event.listens_for(engine.sync_engine, "before_cursor_execute")
        def _before(*args: Any) -> None:
            statement = str(args[2]).lstrip().upper()
            if self.first_write is None and statement.startswith(_WRITES):
                self.first_write = time.perf_counter()

    def done(self) -> None:
        """The transaction has committed (called right after the commit returns)."""
        if self.first_write is not None:
            self.holds.append(time.perf_counter() - self.first_write)
        self.first_write = None


@dataclass
class ClaimFigures:
    due: int
    seconds: float
    cpu_seconds: float  # this process's CPU (the loop and SQLite's thread): cost without waits
    batches: int
    enqueued: int
    lock_holds: list[float]

    @property
    def per_user_us(self) -> float:
        return self.seconds / self.due * 1e6 if self.due else 0.0

    @property
    def cpu_per_user_us(self) -> float:
        return self.cpu_seconds / self.due * 1e6 if self.due else 0.0


async def measure_claim(folder: Path, due: int, now: datetime, zone: str) -> ClaimFigures:
    """Seed ``due`` users whose check-in is due, claim them all, and time it."""
    settings = load_settings(
        bot_token="123456:BENCH-TOKEN-abcdefghijklmnop",  # noqa: S106 - fake
        database_url=f"sqlite+aiosqlite:///{folder / 'claim.sqlite3'}",
        _env_file=None,
    )
    engine = create_engine(settings)
    try:
        await upgrade(engine)
        ids = range(1, due + 1)
        await seed_users(engine, ids, now - timedelta(days=1), zone=zone)
        async with engine.begin() as connection:
            rows = [
                {"user_id": u, "kind": "checkin", "next_due_at": now - timedelta(seconds=30)}
                for u in ids
            ]
            for start in range(0, len(rows), 5_000):
                await connection.execute(insert(Reminder), rows[start : start + 5_000])
        factory = create_session_factory(engine)
        watch = LockWatch()
        watch.attach(engine)
        batches = 0
        started = time.perf_counter()
        cpu_started = time.process_time()
        while True:  # exactly the Ticker's loop
            async with factory() as session:
                result = await claim_due(session, now, zone)
                await session.commit()
                watch.done()
            batches += 1
            if result.claimed == 0:
                break
        seconds = time.perf_counter() - started
        cpu_seconds = time.process_time() - cpu_started
        async with factory() as session:
            enqueued = int(
                await session.scalar(select(func.count()).select_from(OutboxMessage)) or 0
            )
        return ClaimFigures(due, seconds, cpu_seconds, batches - 1, enqueued, watch.holds)
    finally:
        await engine.dispose()
