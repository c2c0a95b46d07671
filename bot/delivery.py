"""The one outbound path for scheduled messages.

Each outbox row is claimed (status "sending", with a lease) and committed before the send,
and marked "sent" right after. A crash between the two leaves the row "sending"; once the
lease expires another pass sends it again. So nothing is lost, and nothing is doubled except
in one residual at-least-once window: the process dies after Telegram accepted a message but
before "sent" was committed. Then that message arrives twice (Telegram has no idempotency
key to prevent it). A crash *before* the request reached Telegram doubles nothing.

Up to :data:`SENDERS` rows are in flight at once — over a real network one send waits a
round trip, and one at a time reaches only a third of Telegram's 30/s at 100 ms. Each sender
claims the row it is about to send, so a crash leaves at most ``senders`` rows "sending" (the
rest of the batch is still "pending" and goes out at once after a restart), and only those
whose request had reached Telegram can arrive twice.
tests/delivery/test_delivery.py (test_a_crash_mid_fan_out_resumes_with_nothing_lost) asserts
both, for one sender and for several.

Rates, whatever the number of senders (see :class:`RateLimiter`): at most ``per_second``
messages overall and one per ``per_chat_interval`` per chat; a 429 waits ``retry_after``
(every sender) and retries the same message; a 403 marks the user as having blocked the bot
and stops their reminders (their data stays); network and server errors retry later with
exponential backoff, a bounded number of times. No database transaction stays open across a
send.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time
from collections import deque
from collections.abc import AsyncIterator, Awaitable, Callable
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
# Sends in flight at once. At Telegram's 30/s and a 100 ms round trip plus two commits per
# message, about four keep the rate; eight leave room for a slower network. Each holds at
# most one claimed row, so a crash leaves at most this many rows "sending" (see above).
SENDERS = 8


class RateLimiter:
    """Spaces sends for any number of concurrent senders: ``1/per_second`` apart overall and
    ``per_chat_interval`` apart per chat (each plus :data:`SLACK`), so no window of Telegram's
    flood control overflows.

    The overall spacing is by departure: each sender is handed the next free slot and waits
    for it, so N senders in flight still leave at the overall rate. A chat has one message in
    flight at a time (:meth:`turn`), and its next one leaves a full interval after the
    previous one was *answered*: a round trip that varies cannot bring two of a chat's
    messages closer at Telegram than the interval.
    """

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
        self._in_flight: dict[int, asyncio.Event] = {}
        self._pauses = 0  # bumped by every pause(): a slot handed out before it is void
        self._lock = asyncio.Lock()

    async def acquire(self, chat_id: int) -> None:
        """Wait for the next slot this chat may send in."""
        while True:
            async with self._lock:
                now = self._clock()
                slot = max(now, self._next_global, self._next_chat.get(chat_id, 0.0))
                self._next_global = slot + self._gap
                self._next_chat[chat_id] = slot + self._chat_gap
                if len(self._next_chat) > 10_000:  # forget chats whose slot has long passed
                    self._next_chat = {c: t for c, t in self._next_chat.items() if t > now}
                pauses = self._pauses
            wait = slot - now
            if wait > 0:
                await self.sleep(wait)
            if pauses == self._pauses:
                return
            # Telegram asked us to slow down while we waited: take a slot after the pause.

    @contextlib.asynccontextmanager
    async def turn(self, chat_id: int) -> AsyncIterator[None]:
        """Hold ``chat_id`` for one send: wait for its previous send to be answered and for a
        slot, let the caller send, then start the chat's interval from the answer."""
        while (previous := self._in_flight.get(chat_id)) is not None:
            await previous.wait()
        answered = self._in_flight[chat_id] = asyncio.Event()
        try:
            await self.acquire(chat_id)
            yield
        finally:
            after = self._clock() + self._chat_gap
            self._next_chat[chat_id] = max(self._next_chat.get(chat_id, 0.0), after)
            del self._in_flight[chat_id]
            answered.set()

    def is_free(self, chat_id: int) -> bool:
        """Whether a message to ``chat_id`` could go in the next overall slot: the chat has
        nothing in flight and its interval is over by then."""
        if chat_id in self._in_flight:
            return False
        return self._next_chat.get(chat_id, 0.0) <= max(self._clock(), self._next_global)

    async def pause(self, seconds: float) -> None:
        """Telegram asked us to slow down: nobody sends until the wait is over."""
        async with self._lock:
            resume = self._clock() + seconds
            self._next_global = max(self._next_global, resume)
            self._pauses += 1
        await self.sleep(seconds)


class SendQueue:
    """The rows of one pass, handed to senders in order, except that a row whose chat is busy
    (a message to it in flight or within its interval) is put back for later: a sender then
    sends to someone else instead of idling for a second behind that chat."""

    def __init__(self, rows: list[tuple[int, int]], limiter: RateLimiter) -> None:
        self._rows = deque(rows)  # (outbox id, chat id)
        self._limiter = limiter

    def take(self) -> tuple[int, int] | None:
        for _ in range(len(self._rows)):
            row = self._rows.popleft()
            if self._limiter.is_free(row[1]):
                return row
            self._rows.append(row)
        # Every chat left is busy: take the first anyway; its sender waits for the chat.
        return self._rows.popleft() if self._rows else None


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
        batch: int = 1000,
        senders: int = SENDERS,
    ) -> None:
        if senders < 1:
            raise ValueError("senders must be at least 1")
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
        self._senders = senders
        self._running = asyncio.Lock()

    async def run_once(self) -> DeliveryReport:
        """Send everything that is due now. One pass at a time per process."""
        report = DeliveryReport()
        async with self._running:
            while True:
                rows = await self._due_rows()
                if not rows or not await self._deliver_batch(rows, report):
                    return report

    async def _deliver_batch(self, rows: list[tuple[int, int]], report: DeliveryReport) -> bool:
        """Up to ``senders`` rows in flight at once, each claimed by the sender that sends it;
        whether any row was claimed (none: another instance took them all)."""
        queue = SendQueue(rows, self._limiter)  # shared: each row is taken by one sender
        claimed = 0

        async def sender() -> None:
            nonlocal claimed
            while (row := queue.take()) is not None:
                if await self._claim(row[0]):
                    claimed += 1
                    await self._deliver(row[0], report)

        # A TaskGroup, not gather: if one sender fails or the pass is cancelled (shutdown),
        # the others stop too instead of sending on unattended.
        async with asyncio.TaskGroup() as senders:
            for _ in range(min(self._senders, len(rows))):
                senders.create_task(sender())
        return claimed > 0

    def _claimable(self, now: datetime) -> ColumnElement[bool]:
        stale = now - self._lease
        return or_(
            and_(OutboxMessage.status == "pending", OutboxMessage.next_attempt_at <= now),
            and_(OutboxMessage.status == "sending", OutboxMessage.claimed_at < stale),
        )

    async def _due_rows(self) -> list[tuple[int, int]]:
        """Up to ``batch`` claimable rows as (outbox id, chat id), oldest first."""
        async with self._sessions() as session:
            rows = await session.execute(
                select(OutboxMessage.id, OutboxMessage.user_id)
                .where(self._claimable(self._clock()))
                .order_by(OutboxMessage.id)
                .limit(self._batch)
            )
            return [(outbox_id, chat_id) for outbox_id, chat_id in rows]

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
            # End the transaction before the network call (it gives its connection back to
            # the pool); row and user stay loaded, and what changes below is a new one.
            await session.commit()
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
            async with self._limiter.turn(chat_id):
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
