"""A harness for the scheduled-delivery tests: the real Ticker and Delivery, real HTTP to the
Bot API emulator, and two fake clocks so no test sleeps through time.

* ``FakeMonotonic`` is shared by the emulator's flood control and our ``RateLimiter``; the
  limiter's ``sleep`` advances it (and yields to the loop), so "waiting" costs nothing.
* ``WallClock`` is the UTC "now" the ticker and the delivery see; tests move it by hand.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from aiogram import Bot
from sqlalchemy import event, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.app import create_bot
from bot.config import Settings
from bot.db.checkin_models import OutboxMessage
from bot.db.engine import create_engine
from bot.db.migrate import upgrade
from bot.db.models import User
from bot.delivery import Delivery, RateLimiter
from bot.devtools.emulator import BotAPIEmulator
from bot.i18n import I18n
from bot.services.reminders import sync_user_reminders
from bot.ticker import Ticker
from handlers.outbox_messages import after_send, outbox_composer

ZONE = "Europe/Moscow"
# Monday 23 November 2026, 08:59 in Moscow: a minute before everyone's 09:00 check-in.
MONDAY_0859 = datetime(2026, 11, 23, 5, 59, tzinfo=UTC)
MONDAY_0900 = MONDAY_0859 + timedelta(minutes=1)
MONDAY = date(2026, 11, 23)
FIRST_USER = 100_000


@contextlib.asynccontextmanager
async def fast_engine(settings: Settings) -> AsyncIterator[AsyncEngine]:
    """The production engine on a migrated file, minus fsync: these tests "crash" in process,
    never the OS, so durability on disk is not what they check, and fsync would make a
    fan-out of hundreds take tens of seconds on a busy disk."""
    engine = create_engine(settings)

    if engine.dialect.name == "sqlite":

        @event.listens_for(engine.sync_engine, "connect")
        def _no_fsync(dbapi_connection: Any, _record: Any) -> None:
            cursor = dbapi_connection.cursor()
            cursor.execute("PRAGMA synchronous=OFF")
            cursor.close()

    await upgrade(engine)
    try:
        yield engine
    finally:
        await engine.dispose()


class FakeMonotonic:
    """A monotonic clock that only moves when someone sleeps on it."""

    def __init__(self) -> None:
        self.now = 1000.0
        self.slept: list[float] = []

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.slept.append(seconds)
        if seconds > 0:
            self.now += seconds
        await asyncio.sleep(0)


@dataclass
class WallClock:
    now: datetime

    def __call__(self) -> datetime:
        return self.now

    def advance(self, delta: timedelta) -> None:
        self.now += delta


@dataclass
class Harness:
    """One "process": a bot, a delivery and a ticker on a database."""

    bot: Bot
    delivery: Delivery
    ticker: Ticker
    limiter: RateLimiter

    async def close(self) -> None:
        await self.bot.session.close()


def build_harness(
    settings: Settings,
    emulator: BotAPIEmulator,
    session_factory: async_sessionmaker[AsyncSession],
    wall: WallClock,
    mono: FakeMonotonic,
    *,
    rate: float = 25.0,
    max_attempts: int = 5,
    senders: int = 1,
) -> Harness:
    """One sender by default: ``FakeMonotonic`` moves by each sleep in turn, which is exact
    for one sender but not for several sleeping at once (their sleeps would add up). Tests
    of concurrent senders pass ``senders`` and check what does not depend on fake time."""
    bot = create_bot(settings.model_copy(update={"telegram_api_url": emulator.base_url}))
    limiter = RateLimiter(rate, 1.0, clock=mono, sleep=mono.sleep)
    delivery = Delivery(
        bot,
        session_factory,
        outbox_composer(I18n()),
        limiter,
        wall,
        after_send=after_send,
        max_attempts=max_attempts,
        senders=senders,
    )
    ticker = Ticker(session_factory, delivery, wall, ZONE)
    return Harness(bot, delivery, ticker, limiter)


def make_emulator(token: str, mono: FakeMonotonic, *, limits: bool = True) -> BotAPIEmulator:
    if limits:
        return BotAPIEmulator(token=token, per_chat_rate=1.0, global_rate=25.0, clock=mono)
    return BotAPIEmulator(token=token, clock=mono)


async def add_users(
    session_factory: async_sessionmaker[AsyncSession],
    emulator: BotAPIEmulator,
    ids: Iterable[int],
    now: datetime = MONDAY_0859,
    *,
    language: str = "ru",
) -> None:
    """Onboarded users with a 09:00 Moscow check-in; the emulator knows their chats."""
    async with session_factory() as session:
        for user_id in ids:
            user = User(
                id=user_id,
                first_name=f"U{user_id}",
                language=language,
                timezone=ZONE,
                checkin_time=time(9, 0),
                onboarded_at=now,
            )
            session.add(user)
            await session.flush()
            await sync_user_reminders(session, user, now, ZONE)
            emulator.remember_chat(emulator.user(user_id, f"U{user_id}").chat_json)
        await session.commit()


@dataclass
class OutboxView:
    rows: list[tuple[int, str, date, str, int]] = field(default_factory=list)

    def statuses(self) -> dict[str, int]:
        counts: dict[str, int] = {}
        for *_, status, _attempts in self.rows:
            counts[status] = counts.get(status, 0) + 1
        return counts

    def of(self, user_id: int) -> list[tuple[int, str, date, str, int]]:
        return [row for row in self.rows if row[0] == user_id]


async def outbox(session_factory: async_sessionmaker[AsyncSession]) -> OutboxView:
    async with session_factory() as session:
        result = await session.execute(
            select(
                OutboxMessage.user_id,
                OutboxMessage.kind,
                OutboxMessage.local_date,
                OutboxMessage.status,
                OutboxMessage.attempts,
            ).order_by(OutboxMessage.id)
        )
        return OutboxView([(r[0], r[1], r[2], r[3], r[4]) for r in result])


def checkin_prompts(emulator: BotAPIEmulator, chat_id: int) -> list[str]:
    """The check-in prompts a chat received (both languages' first line mark them)."""
    return [
        m.text
        for m in emulator.messages_in(chat_id)
        if m.text.startswith("☀️") and m.inline_keyboard
    ]
