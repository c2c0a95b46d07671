"""Who is due, decided from the database: claims, downtime, pauses, blocked users, nudges."""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.db.checkin_models import CheckIn, OutboxMessage, Reminder
from bot.db.models import User
from bot.services.reminders import (
    ReminderKind,
    claim_due,
    schedule_nudge,
    sync_user_reminders,
)

ZONE = "Europe/Moscow"
MONDAY_0559 = datetime(2026, 11, 23, 5, 59, tzinfo=UTC)  # 08:59 in Moscow


async def _add_user(
    factory: async_sessionmaker[AsyncSession], user_id: int, **fields: object
) -> None:
    async with factory() as session:
        user = User(
            id=user_id,
            first_name=f"U{user_id}",
            language="ru",
            onboarded_at=MONDAY_0559,
            **({"timezone": ZONE, "checkin_time": time(9, 0)} | fields),
        )
        session.add(user)
        await session.flush()
        await sync_user_reminders(session, user, MONDAY_0559, ZONE)
        await session.commit()


async def _outbox(factory: async_sessionmaker[AsyncSession]) -> list[tuple[int, str, date]]:
    async with factory() as session:
        rows = await session.execute(
            select(OutboxMessage.user_id, OutboxMessage.kind, OutboxMessage.local_date).order_by(
                OutboxMessage.id
            )
        )
        return [(row[0], row[1], row[2]) for row in rows]


def _sent_prompt(user_id: int, day: date, sent_at: datetime) -> OutboxMessage:
    """The check-in prompt a nudge follows up, as delivery leaves it."""
    return OutboxMessage(
        user_id=user_id,
        kind="checkin",
        local_date=day,
        status="sent",
        next_attempt_at=sent_at,
        created_at=sent_at,
        sent_at=sent_at,
    )


async def _tick(factory: async_sessionmaker[AsyncSession], now: datetime) -> int:
    async with factory() as session:
        result = await claim_due(session, now, ZONE)
        await session.commit()
        return result.enqueued


async def test_due_at_local_time_once(session_factory: async_sessionmaker[AsyncSession]) -> None:
    await _add_user(session_factory, 1)
    assert await _tick(session_factory, MONDAY_0559) == 0
    nine = MONDAY_0559 + timedelta(minutes=1)
    assert await _tick(session_factory, nine) == 1
    assert await _tick(session_factory, nine) == 0  # a second tick claims nothing
    assert await _tick(session_factory, nine + timedelta(minutes=5)) == 0
    assert await _outbox(session_factory) == [(1, "checkin", date(2026, 11, 23))]
    async with session_factory() as session:
        reminder = await session.get(Reminder, (1, "checkin"))
    assert reminder is not None
    assert reminder.next_due_at == datetime(2026, 11, 24, 6, 0, tzinfo=UTC)


async def test_after_downtime_a_missed_checkin_is_sent_once(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    await _add_user(session_factory, 2)
    # The bot was down from Monday morning to Thursday noon: one check-in, for Thursday.
    thursday_noon = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)
    assert await _tick(session_factory, thursday_noon) == 1
    assert await _tick(session_factory, thursday_noon + timedelta(seconds=20)) == 0
    assert await _outbox(session_factory) == [(2, "checkin", date(2026, 11, 26))]


async def test_weekends_paused_and_blocked_users_get_nothing(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    await _add_user(session_factory, 3, paused_until=date(2026, 11, 24))
    await _add_user(session_factory, 4, blocked_at=MONDAY_0559)
    await _add_user(session_factory, 5, working_days="12345")
    saturday = datetime(2026, 11, 28, 7, 0, tzinfo=UTC)
    # Monday to Wednesday: user 3 is paused until Tuesday; user 4 blocked the bot.
    for day in (23, 24, 25):
        await _tick(session_factory, datetime(2026, 11, day, 6, 1, tzinfo=UTC))
    await _tick(session_factory, saturday)
    sent = await _outbox(session_factory)
    assert (3, "checkin", date(2026, 11, 23)) not in sent
    assert (3, "checkin", date(2026, 11, 24)) not in sent
    assert all(user_id != 4 for user_id, _, _ in sent)
    # Thursday and Friday the ticks did not run: one check-in, Friday's, comes on Saturday;
    # Saturday itself is not a working day.
    assert [d for u, k, d in sent if u == 5 and k == "checkin"] == [
        date(2026, 11, 23),
        date(2026, 11, 24),
        date(2026, 11, 25),
        date(2026, 11, 27),
    ]
    assert (3, "checkin", date(2026, 11, 25)) in sent  # the pause is over on Wednesday


async def test_the_weekly_survey_comes_on_the_last_working_day(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    await _add_user(session_factory, 6)
    friday_1601 = datetime(2026, 11, 27, 13, 1, tzinfo=UTC)  # 16:01 in Moscow
    await _tick(session_factory, friday_1601)
    assert (6, "survey", date(2026, 11, 27)) in await _outbox(session_factory)


async def test_one_nudge_only_if_unanswered(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    await _add_user(session_factory, 7)
    await _add_user(session_factory, 8)
    sent_at = datetime(2026, 11, 23, 6, 0, tzinfo=UTC)
    async with session_factory() as session:
        for user_id in (7, 8):
            session.add(_sent_prompt(user_id, date(2026, 11, 23), sent_at))
            await schedule_nudge(session, user_id, sent_at)
        session.add(CheckIn(user_id=8, local_date=date(2026, 11, 23), energy=4, updated_at=sent_at))
        await session.commit()
    later = sent_at + timedelta(hours=3, minutes=1)
    await _tick(session_factory, later)
    await _tick(session_factory, later + timedelta(hours=1))
    nudges = [(u, d) for u, k, d in await _outbox(session_factory) if k == "nudge"]
    assert nudges == [(7, date(2026, 11, 23))]
    async with session_factory() as session:
        left = await session.scalar(
            select(func.count()).select_from(Reminder).where(Reminder.kind == ReminderKind.NUDGE)
        )
    assert left == 0


async def test_a_batch_of_many_different_schedules_is_claimed_once_each(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    """Forty users on forty different check-in times, all overdue after downtime: more
    groups than the claim writes one statement each for, so it takes its general path."""
    for offset in range(40):
        await _add_user(session_factory, 500 + offset, checkin_time=time(7, offset))
    tuesday_noon = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)
    assert await _tick(session_factory, tuesday_noon) == 40
    assert await _tick(session_factory, tuesday_noon) == 0
    rows = await _outbox(session_factory)
    assert sorted(rows) == [(500 + n, "checkin", date(2026, 11, 24)) for n in range(40)]
    async with session_factory() as session:
        due = await session.scalars(
            select(Reminder.next_due_at)
            .where(Reminder.kind == "checkin")
            .order_by(Reminder.user_id)
        )
        assert list(due) == [datetime(2026, 11, 25, 4, offset, tzinfo=UTC) for offset in range(40)]


async def test_a_nudge_is_about_the_readers_today_or_not_sent(
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    """A check-in at 22:30 in Vladivostok: three hours later the reader's day is Tuesday, and
    Monday's nudge is not sent. A user with no prompt today gets no nudge either."""
    await _add_user(session_factory, 9, timezone="Asia/Vladivostok", checkin_time=time(22, 30))
    await _add_user(session_factory, 10)
    sent_at = datetime(2026, 11, 23, 12, 30, tzinfo=UTC)  # Monday 22:30 in Vladivostok
    async with session_factory() as session:
        session.add(_sent_prompt(9, date(2026, 11, 23), sent_at))
        await schedule_nudge(session, 9, sent_at)
        await schedule_nudge(session, 10, sent_at)  # no prompt went out for user 10
        await session.commit()
    await _tick(session_factory, sent_at + timedelta(hours=3, minutes=1))
    assert [row for row in await _outbox(session_factory) if row[1] == "nudge"] == []
    async with session_factory() as session:
        assert await session.get(Reminder, (9, "nudge")) is None
        assert await session.get(Reminder, (10, "nudge")) is None
