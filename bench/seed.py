"""Fast seeding for benchmarks and fault tests: bulk INSERTs, no ORM objects per row."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, time
from typing import Any

from sqlalchemy import insert
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.db.checkin_models import OutboxMessage
from bot.db.models import User

CHUNK = 2_000


async def seed_users(
    engine: AsyncEngine,
    ids: Sequence[int],
    now: datetime,
    *,
    role: str = "sales_manager",
    language: str = "ru",
    zone: str = "Europe/Moscow",
    first_name: str = "User",
) -> None:
    """Onboarded users (role, zone, 09:00 check-in), inserted in a few big statements."""
    rows: list[dict[str, Any]] = [
        {
            "id": user_id,
            "first_name": f"{first_name} {user_id}",
            "language": language,
            "role": role,
            "timezone": zone,
            "checkin_time": time(9, 0),
            "onboarded_at": now,
            "created_at": now,
            "updated_at": now,
        }
        for user_id in ids
    ]
    await _insert_chunks(engine, User, rows)


async def seed_due_checkins(
    engine: AsyncEngine, ids: Sequence[int], now: datetime, local_day: date
) -> None:
    """One pending check-in per user in the outbox, due now: a fan-out waiting to go out."""
    rows: list[dict[str, Any]] = [
        {
            "user_id": user_id,
            "kind": "checkin",
            "local_date": local_day,
            "status": "pending",
            "attempts": 0,
            "next_attempt_at": now,
            "created_at": now,
        }
        for user_id in ids
    ]
    await _insert_chunks(engine, OutboxMessage, rows)


async def _insert_chunks(engine: AsyncEngine, model: Any, rows: list[dict[str, Any]]) -> None:
    async with engine.begin() as connection:
        for start in range(0, len(rows), CHUNK):
            await connection.execute(insert(model), rows[start : start + CHUNK])
