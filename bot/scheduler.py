"""The scheduler as an injected service: started with the dispatcher, stopped with it.

It holds no state a restart could lose: who is due lives in our tables, and each job is a
module-level coroutine that takes plain ids and opens its own session.
"""

from __future__ import annotations

from datetime import UTC

from apscheduler.schedulers.asyncio import AsyncIOScheduler


def create_scheduler() -> AsyncIOScheduler:
    return AsyncIOScheduler(timezone=UTC)
