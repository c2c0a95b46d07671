"""The one outbound path for scheduled messages.

Each outbox row is claimed (status "sending", with a lease) and committed before the send,
and marked "sent" right after. A crash between the two leaves the row "sending"; once the
lease expires another pass sends it again. So nothing is lost, and nothing is doubled except
in one residual at-least-once window: the process dies after Telegram accepted a message but
before "sent" was committed. Then that message arrives twice (Telegram has no idempotency
key to prevent it). Rows are sent one at a time, so at most one message per process is in
that window; a crash *before* the request reached Telegram doubles nothing.
tests/delivery/test_delivery.py (test_a_crash_mid_fan_out_resumes_with_nothing_lost) asserts both.

Rates: at most ``per_second`` messages overall and one per ``per_chat_interval`` per chat;
a 429 waits ``retry_after`` and retries the same message; a 403 marks the user as having
blocked the bot and stops their reminders (their data stays); network and server errors
retry later with exponential backoff, a bounded number of times.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from datetime import datetime, timedelta

from aiogram import Bot
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramForbiddenError,
    TelegramNetworkError,
    TelegramRetryAfter,
    TelegramServerError,
)
from aiogram.types import InlineKeyboardMarkup
from sqlalchemy import ColumnElement, and_, or_, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.clock import Clock
from bot.db.checkin_models import OutboxMessage
from bot.db.models import User
from bot.services.reminders import stop_user_reminders

logger = logging.getLogger(__name__)

MonotonicClock = Callable[[], float]
Sleep = Callable[[float], Awaitable[None]]


# Slack added to every gap. Telegram counts messages in a sliding window; sending exactly on
# its edge (the 26th message 1.000 s after the 1st at 25/s) is refused as soon as float
# rounding or clock granularity lands us a hair early, so each gap is a millisecond longer.
SLACK = 0.001


class RateLimiter:
    """Spaces sends: ``1/per_second`` apart overall, ``per_chat_interval`` apart per chat
    (each plus :data:`SLACK`), so no window of Telegram's flood control overflows."""

    def __init__(
        self,
        per_second: float,
        per_chat_interval: float = 1.0,
        *,
        clock: MonotonicClock = time.monotonic,
        sleep: Sleep = asyncio.sleep,
    ) -> None:
        self._gap = 1.0 / per_second + SLACK
        self._chat_gap = per_chat_interval + SLACK
        self._clock = clock
        self.sleep = sleep
        self._next_global = 0.0
        self._next_chat: dict[int, float] = {}
        self._lock = asyncio.Lock()

    async def acquire(self, chat_id: int) -> None:
        async with self._lock:
            now = self._clock()
            slot = max(now, self._next_global, self._next_chat.get(chat_id, 0.0))
            self._next_global = slot + self._gap
            self._next_chat[chat_id] = slot + self._chat_gap
            if len(self._next_chat) > 10_000:  # forget chats whose slot has long passed
                self._next_chat = {c: t for c, t in self._next_chat.items() if t > now}
        wait = slot - now
        if wait > 0:
            await self.sleep(wait)

    async def pause(self, seconds: float) -> None:
        """Telegram asked us to slow down: nobody sends until the wait is over."""
        async with self._lock:
            resume = self._clock() + seconds
            self._next_global = max(self._next_global, resume)
        await self.sleep(seconds)


@dataclass(frozen=True, slots=True)
class Composed:
    text: str
    markup: InlineKeyboardMarkup | None = None


Composer = Callable[[AsyncSession, OutboxMessage, User], Awaitable[Composed | None]]
AfterSend = Callable[[AsyncSession, OutboxMessage, User, datetime], Awaitable[None]]


@dataclass
class DeliveryReport:
    sent: int = 0
    skipped: int = 0
    retried_later: int = 0
    rate_limited: int = 0
    blocked: int = 0
    failed: int = 0
    errors: list[str] = field(default_factory=list)


class Delivery:
    def __init__(
        self,
        bot: Bot,
        session_factory: async_sessionmaker[AsyncSession],
        composer: Composer,
        limiter: RateLimiter,
        clock: Clock,
        *,
        after_send: AfterSend | None = None,
        max_attempts: int = 5,
        max_rate_limit_waits: int = 10,
        lease: timedelta = timedelta(minutes=2),
        batch: int = 200,
    ) -> None:
        self._bot = bot
        self._sessions = session_factory
        self._compose = composer
        self._limiter = limiter
        self._clock = clock
        self._after_send = after_send
        self._max_attempts = max_attempts
        self._max_waits = max_rate_limit_waits
        self._lease = lease
        self._batch = batch
        self._running = asyncio.Lock()

    async def run_once(self) -> DeliveryReport:
        """Send everything that is due now. One pass at a time per process."""
        report = DeliveryReport()
        async with self._running:
            while True:
                ids = await self._due_ids()
                if not ids:
                    return report
                progressed = False
                for outbox_id in ids:
                    if await self._claim(outbox_id):
                        progressed = True
                        await self._deliver(outbox_id, report)
                if not progressed:
                    return report

    def _claimable(self, now: datetime) -> ColumnElement[bool]:
        stale = now - self._lease
        return or_(
            and_(OutboxMessage.status == "pending", OutboxMessage.next_attempt_at <= now),
            and_(OutboxMessage.status == "sending", OutboxMessage.claimed_at < stale),
        )

    async def _due_ids(self) -> list[int]:
        async with self._sessions() as session:
            rows = await session.scalars(
                select(OutboxMessage.id)
                .where(self._claimable(self._clock()))
                .order_by(OutboxMessage.id)
                .limit(self._batch)
            )
            return list(rows)

    async def _claim(self, outbox_id: int) -> bool:
        now = self._clock()
        # On PostgreSQL a row another instance is claiming this moment is skipped rather than
        # waited for (FOR UPDATE SKIP LOCKED); the guarded UPDATE alone is enough on SQLite.
        free = (
            select(OutboxMessage.id)
            .where(OutboxMessage.id == outbox_id, self._claimable(now))
            .with_for_update(skip_locked=True)
            .scalar_subquery()
        )
        async with self._sessions() as session:
            result = await session.execute(
                update(OutboxMessage)
                .where(OutboxMessage.id == free, self._claimable(now))
                .values(status="sending", claimed_at=now)
                .execution_options(synchronize_session=False)
            )
            await session.commit()
            return bool(getattr(result, "rowcount", 0) == 1)

    async def _deliver(self, outbox_id: int, report: DeliveryReport) -> None:
        async with self._sessions() as session:
            row = await session.get(OutboxMessage, outbox_id)
            user = await session.get(User, row.user_id) if row is not None else None
            if row is None or user is None:
                return
            composed = await self._compose(session, row, user) if user.blocked_at is None else None
            if composed is None:
                row.status = "skipped"
                report.skipped += 1
                await session.commit()
                return
            outcome = await self._send(user.id, composed, report)
            now = self._clock()
            if isinstance(outcome, int):
                row.status = "sent"
                row.sent_at = now
                row.telegram_message_id = outcome
                report.sent += 1
                if self._after_send is not None:
                    await self._after_send(session, row, user, now)
            elif outcome == "blocked":
                row.status = "blocked"
                user.blocked_at = now
                await stop_user_reminders(session, user.id)
                report.blocked += 1
            elif outcome == "retry":
                row.attempts += 1
                if row.attempts >= self._max_attempts:
                    row.status = "failed"
                    report.failed += 1
                else:
                    row.status = "pending"
                    row.next_attempt_at = now + timedelta(seconds=min(2**row.attempts * 5, 600))
                    report.retried_later += 1
            else:
                row.status = "failed"
                row.error = outcome[:255]
                report.failed += 1
            await session.commit()

    async def _send(self, chat_id: int, composed: Composed, report: DeliveryReport) -> int | str:
        """The sent message id, or "blocked", "retry", or an error text."""
        for _ in range(self._max_waits + 1):
            await self._limiter.acquire(chat_id)
            try:
                message = await self._bot.send_message(
                    chat_id, composed.text, reply_markup=composed.markup
                )
            except TelegramRetryAfter as exc:
                report.rate_limited += 1
                await self._limiter.pause(float(exc.retry_after))
                continue
            except TelegramForbiddenError:
                return "blocked"
            except (TimeoutError, TelegramNetworkError, TelegramServerError) as exc:
                logger.warning("Delivery to %s failed, will retry: %s", chat_id, exc)
                return "retry"
            except TelegramBadRequest as exc:
                logger.error("Delivery to %s refused: %s", chat_id, exc.message)
                report.errors.append(exc.message)
                return exc.message
            return message.message_id
        return "retry"
