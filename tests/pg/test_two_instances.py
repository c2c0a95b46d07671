"""Several bot instances on one PostgreSQL: each due reminder reaches its user exactly once.

An instance here is what ``build_app`` makes for the scheduled path: its own engine (its own
connection pool), its own Bot (its own HTTP session to the emulator), and the production
Ticker and Delivery with the real composer. Both start at once on an empty database, so their
migrations race too. Only the rate limiter is fast: throughput is not what these tests
measure (tests/delivery/test_fanout.py checks the pacing), and the dispatcher is left out, as
updates play no part in sending reminders (tests/e2e/test_webhook.py runs the webhook app).
"""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

import pytest
from aiogram import Bot
from sqlalchemy import func, select, text
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.app import create_bot
from bot.config import Settings
from bot.db.checkin_models import OutboxMessage, Reminder
from bot.db.engine import create_engine, create_session_factory
from bot.db.migrate import upgrade
from bot.db.models import User
from bot.delivery import Delivery, RateLimiter
from bot.devtools.emulator import BotAPIEmulator
from bot.i18n import I18n
from bot.services.reminders import claim_due, sync_user_reminders
from bot.ticker import Ticker
from handlers.outbox_messages import after_send, outbox_composer
from tests.conftest import TEST_TOKEN

pytestmark = pytest.mark.pg

ZONE = "Europe/Moscow"
MONDAY_0859 = datetime(2026, 11, 23, 5, 59, tzinfo=UTC)  # a minute before 09:00 in Moscow
MONDAY_0900 = MONDAY_0859 + timedelta(minutes=1)
TUESDAY_0900 = MONDAY_0900 + timedelta(days=1)
MONDAY = date(2026, 11, 23)
USERS = 300
FIRST_USER = 500_000
IDS = range(FIRST_USER, FIRST_USER + USERS)


@dataclass
class WallClock:
    now: datetime

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
async def emulator() -> AsyncIterator[BotAPIEmulator]:
    emulator = BotAPIEmulator(token=TEST_TOKEN)
    await emulator.start()
    yield emulator
    await emulator.stop()


@dataclass
class Instance:
    engine: AsyncEngine
    session_factory: async_sessionmaker[AsyncSession]
    bot: Bot
    ticker: Ticker

    async def close(self) -> None:
        await self.bot.session.close()
        await self.engine.dispose()


async def start_instance(settings: Settings, clock: WallClock) -> Instance:
    """What build_app does for the scheduled path, migrations first."""
    engine = create_engine(settings)
    await upgrade(engine)
    session_factory = create_session_factory(engine)
    bot = create_bot(settings)
    delivery = Delivery(
        bot,
        session_factory,
        outbox_composer(I18n()),
        RateLimiter(10_000.0, 0.0),
        clock,
        after_send=after_send,
    )
    return Instance(engine, session_factory, bot, Ticker(session_factory, delivery, clock, ZONE))


async def add_users(
    session_factory: async_sessionmaker[AsyncSession], emulator: BotAPIEmulator, ids: range
) -> None:
    """Onboarded users with a 09:00 Moscow check-in; the emulator knows their chats."""
    async with session_factory() as session:
        for user_id in ids:
            user = User(
                id=user_id,
                first_name=f"U{user_id}",
                language="ru" if user_id % 2 else "en",
                timezone=ZONE,
                checkin_time=time(9, 0),
                onboarded_at=MONDAY_0859,
            )
            session.add(user)
            await session.flush()
            await sync_user_reminders(session, user, MONDAY_0859, ZONE)
            emulator.remember_chat(emulator.user(user_id, f"U{user_id}").chat_json)
        await session.commit()


async def claim(instance: Instance) -> int:
    """One claim pass of the ticker, as one instance runs it."""
    async with instance.session_factory() as session:
        claimed = (await claim_due(session, MONDAY_0900, ZONE)).claimed
        await session.commit()
    return claimed


async def outbox_statuses(session_factory: async_sessionmaker[AsyncSession]) -> Counter[str]:
    async with session_factory() as session:
        rows = await session.execute(
            select(OutboxMessage.status, func.count()).group_by(OutboxMessage.status)
        )
        return Counter(dict(rows.all()))


async def test_two_instances_send_every_due_reminder_exactly_once(
    settings: Settings, emulator: BotAPIEmulator
) -> None:
    assert not settings.is_sqlite  # the pg marker keeps this test off SQLite
    clock = WallClock(MONDAY_0859)
    bot_settings = settings.model_copy(update={"telegram_api_url": emulator.base_url})
    # Both start at once on an empty database: one migrates, the other waits for it.
    instances = await asyncio.gather(
        start_instance(bot_settings, clock), start_instance(bot_settings, clock)
    )
    tickers = [instance.ticker for instance in instances]
    try:
        await add_users(instances[0].session_factory, emulator, IDS)
        early = await asyncio.gather(*(ticker.tick() for ticker in tickers))
        assert [report.sent for report in early] == [0, 0]  # 08:59: nobody is due yet

        clock.now = MONDAY_0900
        # The claims race: two claimers per instance at once, each taking what is not locked.
        claims = await asyncio.gather(
            *(claim(instance) for instance in instances for _ in range(2))
        )
        assert sum(claims) == USERS
        assert await outbox_statuses(instances[0].session_factory) == {"pending": USERS}
        # The deliveries race over the same outbox rows.
        reports = await asyncio.gather(*(ticker.delivery.run_once() for ticker in tickers))
        assert all(report.sent > 0 for report in reports), "both instances deliver"
        # Full ticks on both find nothing left to claim or send.
        reports += await asyncio.gather(*(ticker.tick() for ticker in tickers))
        assert [report.sent for report in reports[2:]] == [0, 0]

        per_chat = Counter(call.chat_id for call in emulator.sent_messages())
        assert len(per_chat) == USERS
        assert set(per_chat.values()) == {1}, [c for c, n in per_chat.items() if n != 1]
        assert sum(report.sent for report in reports) == USERS
        assert all(report.failed == report.blocked == 0 for report in reports)
        assert await outbox_statuses(instances[0].session_factory) == {"sent": USERS}
        assert emulator.rejections == []

        async with instances[1].session_factory() as session:
            next_checkins = set(
                await session.scalars(
                    select(Reminder.next_due_at).where(Reminder.kind == "checkin")
                )
            )
        assert next_checkins == {TUESDAY_0900}
    finally:
        for instance in instances:
            await instance.close()


async def test_rows_locked_by_one_instance_are_skipped_by_another_not_waited_for(
    settings: Settings,
    session_factory: async_sessionmaker[AsyncSession],
    emulator: BotAPIEmulator,
) -> None:
    await add_users(session_factory, emulator, range(FIRST_USER, FIRST_USER + 10))

    # Instance A has claimed the due reminders and not committed yet (its locks are held).
    async with session_factory() as first, session_factory() as second:
        assert (await claim_due(first, MONDAY_0900, ZONE)).claimed == 10
        # Instance B does not wait for A's locks: it finds nothing it may take.
        async with asyncio.timeout(5):
            assert (await claim_due(second, MONDAY_0900, ZONE)).claimed == 0
        await second.commit()
        await first.commit()

    # Delivery: a row locked elsewhere is skipped; everything else goes out meanwhile.
    bot = create_bot(settings.model_copy(update={"telegram_api_url": emulator.base_url}))
    delivery = Delivery(
        bot,
        session_factory,
        outbox_composer(I18n()),
        RateLimiter(10_000.0, 0.0),
        WallClock(MONDAY_0900),
        after_send=after_send,
    )
    try:
        async with session_factory() as holder:
            locked_id = await holder.scalar(select(func.min(OutboxMessage.id)))
            await holder.execute(
                text("SELECT id FROM outbox WHERE id = :id FOR UPDATE"), {"id": locked_id}
            )
            async with asyncio.timeout(10):
                report = await delivery.run_once()
            assert report.sent == 9
            await holder.rollback()
        report = await delivery.run_once()
        assert report.sent == 1
        assert await outbox_statuses(session_factory) == {"sent": 10}
        assert len(emulator.sent_messages()) == 10
    finally:
        await bot.session.close()
