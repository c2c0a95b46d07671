"""The scheduler's one job: claim due reminders into the outbox, then deliver the outbox."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.clock import Clock
from bot.delivery import Delivery, DeliveryReport
from bot.services.reminders import claim_due

logger = logging.getLogger(__name__)

TICK_SECONDS = 20


@dataclass
class Ticker:
    session_factory: async_sessionmaker[AsyncSession]
    delivery: Delivery
    clock: Clock
    default_zone: str

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
        return report


async def scheduled_tick(ticker: Ticker) -> None:
    """The APScheduler job. Errors are logged, never allowed to stop the schedule."""
    try:
        await ticker.tick()
    except Exception:
        logger.exception("Scheduled tick failed; the next one will retry")
