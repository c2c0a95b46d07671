"""Retention: sent outbox rows older than 90 days and invites dead for 30 days are purged."""

from __future__ import annotations

from datetime import timedelta

from sqlalchemy import delete, func, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.config import Settings
from bot.db.checkin_models import OutboxMessage, Reminder
from bot.db.team_models import TeamInvite
from bot.devtools.emulator import BotAPIEmulator
from bot.services.retention import purge_old_rows
from tests.conftest import TEST_TOKEN
from tests.delivery.support import FakeMonotonic, WallClock, build_harness
from tests.support.populate import MEMBER_IDS, NOW, populate


async def _count(session: AsyncSession, model: type[OutboxMessage] | type[TeamInvite]) -> int:
    return int(await session.scalar(select(func.count()).select_from(model)) or 0)


async def test_old_sent_outbox_rows_and_dead_invites_go(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    await populate(session_factory)  # one outbox row; a revoked invite and a 30-day one
    async with session_factory() as session:
        outbox = await _count(session, OutboxMessage)
        assert outbox >= 1
        assert await _count(session, TeamInvite) == 2
        await session.execute(
            update(OutboxMessage).values(status="sent", sent_at=NOW - timedelta(days=1))
        )
        await session.commit()

    async def purge(days_later: int) -> tuple[int, int]:
        async with session_factory() as session:
            report = await purge_old_rows(session, NOW + timedelta(days=days_later))
            await session.commit()
            assert (report.outbox, report.invites) == (0, 0) or report.outbox + report.invites
            return await _count(session, OutboxMessage), await _count(session, TeamInvite)

    assert await purge(29) == (outbox, 2)  # nothing is old enough yet
    assert await purge(31) == (outbox, 1)  # the invite revoked at NOW is 31 days dead
    assert await purge(60) == (outbox, 1)  # the 30-day invite expired 30 days ago: kept
    assert await purge(62) == (outbox, 0)
    assert await purge(89) == (outbox, 0)  # sent 90 days ago: kept
    assert await purge(91) == (0, 0)


async def test_unsent_outbox_rows_stay_whatever_their_age(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    await populate(session_factory)
    async with session_factory() as session:
        pending = await _count(session, OutboxMessage)
        await purge_old_rows(session, NOW + timedelta(days=400))
        await session.commit()
        assert await _count(session, OutboxMessage) == pending


async def test_the_ticker_purges_at_most_once_an_hour(
    settings: Settings, session_factory: async_sessionmaker[AsyncSession]
) -> None:
    """The scheduler's tick runs the purge: the real Ticker and Delivery (nothing is due, so
    no message goes out), a wall clock moved by hand."""
    await populate(session_factory)
    async with session_factory() as session:
        await session.execute(delete(Reminder))  # nothing to claim: this is about the purge
        await session.execute(
            update(OutboxMessage).values(status="sent", sent_at=NOW - timedelta(days=1))
        )
        await session.commit()
        outbox = await _count(session, OutboxMessage)
    emulator = BotAPIEmulator(token=TEST_TOKEN)
    await emulator.start()
    wall = WallClock(NOW + timedelta(days=91))
    harness = build_harness(settings, emulator, session_factory, wall, FakeMonotonic())
    try:
        await harness.ticker.tick()
        async with session_factory() as session:
            assert await _count(session, OutboxMessage) == 0
            assert await _count(session, TeamInvite) == 0
            session.add(
                OutboxMessage(
                    user_id=MEMBER_IDS[0],
                    kind="checkin",
                    local_date=(NOW - timedelta(days=5)).date(),
                    status="sent",
                    attempts=1,
                    next_attempt_at=NOW - timedelta(days=5),
                    created_at=NOW - timedelta(days=5),
                    sent_at=NOW - timedelta(days=5),
                )
            )
            await session.commit()
        wall.advance(timedelta(minutes=30))
        await harness.ticker.tick()  # within the hour: no second purge
        async with session_factory() as session:
            assert await _count(session, OutboxMessage) == 1
        wall.advance(timedelta(minutes=31))
        await harness.ticker.tick()
        async with session_factory() as session:
            assert await _count(session, OutboxMessage) == 0
        assert emulator.sent == []
        assert outbox >= 1
    finally:
        await harness.close()
        await emulator.stop()
