"""The scheduler's one job: claim due reminders into the outbox, then deliver the outbox."""

from __future__ import annotations

import asyncio
import logging
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.clock import Clock
from bot.delivery import Delivery, DeliveryReport
from bot.services.reminders import claim_due
from bot.services.retention import PURGE_EVERY, purge_old_rows

logger = logging.getLogger(__name__)

TICK_SECONDS = 20


@dataclass
class Ticker:
    session_factory: async_sessionmaker[AsyncSession]
    delivery: Delivery
    clock: Clock
    default_zone: str
    # When the last tick finished (for /stats) and when old rows were last purged.
    last_tick_at: datetime | None = None
    last_purge_at: datetime | None = None

    async def purge_if_due(self) -> None:
        """Retention (bot/services/retention.py), at most once an hour."""
        now = self.clock()
        if self.last_purge_at is not None and now - self.last_purge_at < PURGE_EVERY:
            return
        async with self.session_factory() as session:
            purged = await purge_old_rows(session, now)
            await session.commit()
        self.last_purge_at = now
        if purged.outbox or purged.invites:
            logger.info("Purged %s sent outbox rows, %s old invites", purged.outbox, purged.invites)

    async def tick(self) -> DeliveryReport:
        while True:  # a big team can have more due rows than one claim batch
            async with self.session_factory() as session:
                result = await claim_due(session, self.clock(), self.default_zone)
                await session.commit()
            if result.claimed == 0:
                break
        report = await self.delivery.run_once()
        if report.sent or report.failed or report.blocked:
            logger.info("Tick: %s", report)
        await self.purge_if_due()
        self.last_tick_at = self.clock()
        return report


async def scheduled_tick(ticker: Ticker) -> None:
    """The APScheduler job. Errors are logged, never allowed to stop the schedule."""
    try:
        await ticker.tick()
    except asyncio.CancelledError:
        # Shutdown cut the tick short: rows it claimed stay leased and the next start sends
        # them (bot/delivery.py). Not an error; re-raised, APScheduler would log it as one.
        logger.info("A tick was stopped by shutdown; the next start resumes it")
    except Exception:
        logger.exception("Scheduled tick failed; the next one will retry")
