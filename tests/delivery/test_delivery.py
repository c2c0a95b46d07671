"""Scheduled delivery when Telegram misbehaves: 429, 403, 5xx and dropped connections, a crash
mid-fan-out with a restart on the same database, and days of downtime.

Everything runs through the real Ticker and Delivery over real HTTP to the emulator (flood
limits on). Time never passes for real: the emulator and the RateLimiter share a fake
monotonic clock, and the ticker's UTC "now" is a clock the test moves by hand.
"""

from __future__ import annotations

import asyncio
import contextlib
import itertools
from collections import Counter
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.config import Settings
from bot.db.checkin_models import CheckIn, OutboxMessage, Plan, Reminder
from bot.db.engine import create_session_factory
from bot.db.models import User
from bot.devtools.emulator import BotAPIEmulator, Rejection
from bot.devtools.emulator.errors import ApiError, too_many_requests
from tests.delivery.support import (
    FIRST_USER,
    MONDAY,
    MONDAY_0859,
    MONDAY_0900,
    FakeMonotonic,
    WallClock,
    add_users,
    build_harness,
    checkin_prompts,
    fast_engine,
    outbox,
)

A, B, C = FIRST_USER, FIRST_USER + 1, FIRST_USER + 2


def _per_chat(emulator: BotAPIEmulator) -> Counter[int]:
    return Counter(call.chat_id for call in emulator.sent_messages() if call.chat_id is not None)


# ---- 429 ----------------------------------------------------------------------------------


async def test_a_429_waits_retry_after_and_the_message_arrives_once(
    settings: Settings,
    session_factory: async_sessionmaker[AsyncSession],
    emulator: BotAPIEmulator,
    mono: FakeMonotonic,
) -> None:
    await add_users(session_factory, emulator, (A, B, C))
    attempts: list[tuple[int, float]] = []

    async def too_many_once(method: str, chat_id: object) -> None:
        if method == "sendMessage":
            attempts.append((int(str(chat_id)), mono()))
            if len(attempts) == 1:
                raise too_many_requests(7)

    emulator.before_call = too_many_once
    harness = build_harness(settings, emulator, session_factory, WallClock(MONDAY_0900), mono)
    try:
        report = await harness.ticker.tick()
    finally:
        await harness.close()

    assert emulator.rejections == [
        Rejection("sendMessage", A, 429, "Too Many Requests: retry after 7")
    ]
    assert (report.rate_limited, report.sent, report.retried_later, report.failed) == (1, 3, 0, 0)
    # A's message was retried after the wait, and nobody (of the several senders) sent
    # anything during it.
    assert [chat for chat, _ in attempts[:2]] == [A, A]
    assert sorted(chat for chat, _ in attempts[2:]) == [B, C]
    assert all(at - attempts[0][1] >= 7 for _, at in attempts[1:])
    assert 7 in mono.slept
    assert _per_chat(emulator) == Counter({A: 1, B: 1, C: 1})
    assert len(checkin_prompts(emulator, A)) == 1
    assert (await outbox(session_factory)).statuses() == {"sent": 3}


async def test_endless_429s_give_up_for_now_and_retry_on_a_later_tick(
    settings: Settings,
    session_factory: async_sessionmaker[AsyncSession],
    emulator: BotAPIEmulator,
    mono: FakeMonotonic,
) -> None:
    await add_users(session_factory, emulator, (A,))
    refusals = 0

    async def always_too_many(method: str, chat_id: object) -> None:
        nonlocal refusals
        if method == "sendMessage" and refusals < 11:
            refusals += 1
            raise too_many_requests(1)

    emulator.before_call = always_too_many
    wall = WallClock(MONDAY_0900)
    harness = build_harness(settings, emulator, session_factory, wall, mono)
    try:
        first = await harness.ticker.tick()
        # Ten waits (the Delivery default) and an eleventh 429: put back, not spun on forever.
        assert (first.rate_limited, first.sent, first.retried_later) == (11, 0, 1)
        assert (await outbox(session_factory)).rows == [(A, "checkin", MONDAY, "pending", 1)]
        wall.advance(timedelta(seconds=10))  # the first backoff step
        second = await harness.ticker.tick()
    finally:
        await harness.close()
    assert (second.sent, second.rate_limited) == (1, 0)
    assert _per_chat(emulator) == Counter({A: 1})
    assert (await outbox(session_factory)).statuses() == {"sent": 1}


# ---- 403 ----------------------------------------------------------------------------------


async def test_a_user_who_blocked_the_bot_is_marked_and_unscheduled_but_keeps_data(
    settings: Settings,
    session_factory: async_sessionmaker[AsyncSession],
    emulator: BotAPIEmulator,
    mono: FakeMonotonic,
) -> None:
    await add_users(session_factory, emulator, (A, B, C))
    async with session_factory() as session:
        session.add(
            Plan(
                user_id=B, month=date(2026, 11, 1), target=Decimal(500_000), updated_at=MONDAY_0859
            )
        )
        session.add(
            CheckIn(
                user_id=B,
                local_date=date(2026, 11, 20),
                energy=2,
                sales_to_date=Decimal(120_000),
                note="тяжёлая неделя",
                updated_at=MONDAY_0859,
            )
        )
        await session.commit()
    emulator.user(B).block(notify=False)
    wall = WallClock(MONDAY_0900)
    harness = build_harness(settings, emulator, session_factory, wall, mono)
    try:
        report = await harness.ticker.tick()
        # Tuesday: B is not even claimed any more; A and C carry on.
        wall.now = datetime(2026, 11, 24, 6, 0, tzinfo=UTC)
        tuesday = await harness.ticker.tick()
    finally:
        await harness.close()

    assert (report.sent, report.blocked, report.failed) == (2, 1, 0)
    assert emulator.rejections == [
        Rejection("sendMessage", B, 403, "Forbidden: bot was blocked by the user")
    ]
    assert tuesday.sent == 2
    assert _per_chat(emulator) == Counter({A: 2, C: 2})
    view = await outbox(session_factory)
    assert view.of(B) == [(B, "checkin", MONDAY, "blocked", 0)]
    assert view.statuses() == {"sent": 4, "blocked": 1}
    async with session_factory() as session:
        user = await session.get(User, B)
        assert user is not None
        assert user.blocked_at == MONDAY_0900
        assert list(await session.scalars(select(Reminder).where(Reminder.user_id == B))) == []
        assert await session.get(Plan, (B, date(2026, 11, 1))) is not None
        kept = await session.scalar(select(CheckIn).where(CheckIn.user_id == B))
        assert kept is not None
        assert (kept.energy, kept.sales_to_date, kept.note) == (
            2,
            Decimal(120_000),
            "тяжёлая неделя",
        )
        others = await session.scalars(select(User.blocked_at).where(User.id.in_((A, C))))
        assert list(others) == [None, None]


# ---- 5xx and network errors ---------------------------------------------------------------


async def test_server_errors_retry_with_backoff_then_fail_a_bounded_number_of_times(
    settings: Settings,
    session_factory: async_sessionmaker[AsyncSession],
    emulator: BotAPIEmulator,
    mono: FakeMonotonic,
) -> None:
    await add_users(session_factory, emulator, (A, B))
    tries: list[datetime] = []
    wall = WallClock(MONDAY_0900)

    async def a_is_down(method: str, chat_id: object) -> None:
        if method == "sendMessage" and str(chat_id) == str(A):
            tries.append(wall())
            raise ApiError(502, "Bad Gateway")

    emulator.before_call = a_is_down
    harness = build_harness(settings, emulator, session_factory, wall, mono)
    try:
        for _ in range(60):  # ten minutes of ticks, every 20 seconds
            await harness.ticker.tick()
            wall.advance(timedelta(seconds=20))
    finally:
        await harness.close()

    # Five attempts in all, 10, 20, 40 and 80 seconds apart (rounded up to the next tick).
    assert len(tries) == 5
    gaps = [(later - earlier).total_seconds() for earlier, later in itertools.pairwise(tries)]
    assert gaps == [20, 20, 40, 80]
    assert [r.code for r in emulator.rejections] == [502] * 5
    view = await outbox(session_factory)
    assert view.of(A) == [(A, "checkin", MONDAY, "failed", 5)]
    assert view.of(B) == [(B, "checkin", MONDAY, "sent", 0)]
    assert _per_chat(emulator) == Counter({B: 1})


async def test_a_transient_fault_is_retried_and_the_message_arrives_once(
    settings: Settings,
    session_factory: async_sessionmaker[AsyncSession],
    emulator: BotAPIEmulator,
    mono: FakeMonotonic,
) -> None:
    await add_users(session_factory, emulator, (A,))
    failures = [ApiError(503, "Service Unavailable")]

    async def flaky(method: str, chat_id: object) -> None:
        if method == "sendMessage" and failures:
            raise failures.pop()

    emulator.before_call = flaky
    # Then a dropped connection (the call not performed): a network error on the bot's side.
    emulator.faults.drop(method="sendMessage", chat_id=A)
    wall = WallClock(MONDAY_0900)
    harness = build_harness(settings, emulator, session_factory, wall, mono)
    reports = []
    try:
        for _ in range(6):
            reports.append(await harness.ticker.tick())
            wall.advance(timedelta(seconds=20))
    finally:
        await harness.close()
    assert [(r.sent, r.retried_later) for r in reports] == [
        (0, 1),  # 09:00:00 the 503
        (0, 1),  # 09:00:20 the dropped connection
        (1, 0),  # 09:00:40 after the second backoff (20 s): sent
        (0, 0),
        (0, 0),
        (0, 0),
    ]
    assert emulator.faults.count("drop") == 1
    assert _per_chat(emulator) == Counter({A: 1})
    assert len(checkin_prompts(emulator, A)) == 1
    assert (await outbox(session_factory)).rows == [(A, "checkin", MONDAY, "sent", 2)]


# ---- a crash mid-fan-out ------------------------------------------------------------------


@pytest.mark.parametrize("accepted", [False, True], ids=["before-send", "after-accept"])
async def test_a_crash_mid_fan_out_resumes_with_nothing_lost(
    settings: Settings,
    engine: AsyncEngine,
    session_factory: async_sessionmaker[AsyncSession],
    emulator: BotAPIEmulator,
    mono: FakeMonotonic,
    accepted: bool,
) -> None:
    """The process dies during the 21st send of 40.

    ``before-send``: it dies before Telegram sees the 21st message. ``after-accept``: Telegram
    accepts it, but the process dies before it can mark the row "sent" — the one window where
    a message can arrive twice (Telegram has no idempotency key). The row is left "sending"
    with a lease; a restarted process re-sends it only after the lease expires. So after the
    restart every user has exactly one check-in, except that in ``after-accept`` the single
    message in flight (the Delivery sends one at a time) arrives twice.
    """
    users = list(range(FIRST_USER, FIRST_USER + 40))
    await add_users(session_factory, emulator, users)
    wall = WallClock(MONDAY_0900)
    first = build_harness(settings, emulator, session_factory, wall, mono)
    fanout: asyncio.Task[object] | None = None
    sends = 0
    in_flight: list[int] = []

    async def die_on_21st(method: str, chat_id: object) -> None:
        nonlocal sends
        if method != "sendMessage":
            return
        sends += 1
        if sends == 21:
            assert fanout is not None
            in_flight.append(int(str(chat_id)))
            fanout.cancel()  # the process dies while this request is on the wire
            if not accepted:
                raise ApiError(500, "Internal Server Error")  # ... and it never got through

    emulator.before_call = die_on_21st
    fanout = asyncio.create_task(first.ticker.tick())
    with contextlib.suppress(asyncio.CancelledError):
        await fanout
    assert fanout.cancelled()
    await first.close()
    emulator.before_call = None
    assert len(emulator.sent_messages()) == 20 + accepted
    crashed = await outbox(session_factory)
    assert crashed.statuses() == {"sent": 20, "sending": 1, "pending": 19}
    assert [row[0] for row in crashed.rows if row[3] == "sending"] == in_flight

    # A new process on the same database file, half a minute later: the rest goes out, the
    # leased row waits for its lease to expire.
    async with fast_engine(settings) as engine2:
        factory2 = create_session_factory(engine2)
        mono.now += 30
        wall.advance(timedelta(seconds=30))
        second = build_harness(settings, emulator, factory2, wall, mono)
        try:
            resumed = await second.ticker.tick()
            assert (resumed.sent, resumed.failed) == (19, 0)
            assert (await outbox(factory2)).statuses() == {"sent": 39, "sending": 1}
            wall.advance(timedelta(minutes=3))  # past the two-minute lease
            mono.now += 180
            expired = await second.ticker.tick()
            assert (expired.sent, expired.failed) == (1, 0)
            wall.advance(timedelta(seconds=20))
            assert (await second.ticker.tick()).sent == 0
        finally:
            await second.close()
        final = await outbox(factory2)

    assert final.statuses() == {"sent": 40}
    assert sorted(row[0] for row in final.rows) == users
    per_chat = _per_chat(emulator)
    assert set(per_chat) == set(users)  # nothing lost
    doubled = sorted(chat for chat, n in per_chat.items() if n > 1)
    # The bound: only the message in flight at the crash can double, and only if Telegram
    # had already accepted it.
    assert doubled == (in_flight if accepted else [])
    assert max(per_chat.values()) == (2 if accepted else 1)
    expected_rejections = [] if accepted else [(in_flight[0], 500)]
    assert [(r.chat_id, r.code) for r in emulator.rejections] == expected_rejections
    del engine  # the first process's engine: closed by its fixture


# ---- downtime -----------------------------------------------------------------------------


async def test_after_days_of_downtime_a_missed_checkin_is_sent_once(
    settings: Settings,
    session_factory: async_sessionmaker[AsyncSession],
    emulator: BotAPIEmulator,
    mono: FakeMonotonic,
) -> None:
    users = (A, B, C)
    await add_users(session_factory, emulator, users)
    wall = WallClock(MONDAY_0900)
    harness = build_harness(settings, emulator, session_factory, wall, mono)
    try:
        assert (await harness.ticker.tick()).sent == 3  # Monday's check-ins
        # The bot is down from Monday 09:00 until Thursday 12:00 Moscow time; then the ticks
        # resume every 20 seconds for ten minutes.
        wall.now = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)
        mono.now += 3 * 86_400
        sent_after = 0
        for _ in range(30):
            sent_after += (await harness.ticker.tick()).sent
            wall.advance(timedelta(seconds=20))
    finally:
        await harness.close()

    # One check-in per user for Thursday — not one per missed tick, not one per missed day,
    # and no stale nudge for Monday's unanswered check-in.
    assert sent_after == 3
    assert _per_chat(emulator) == Counter({A: 2, B: 2, C: 2})
    for user in users:
        prompts = checkin_prompts(emulator, user)
        assert len(prompts) == 2
        assert "пн, 23 ноября" in prompts[0]
        assert "чт, 26 ноября" in prompts[1]
    view = await outbox(session_factory)
    assert sorted((row[0], row[1], row[2]) for row in view.rows) == sorted(
        (user, "checkin", day) for user in users for day in (MONDAY, date(2026, 11, 26))
    )
    assert view.statuses() == {"sent": 6}
    async with session_factory() as session:
        nudges = await session.scalars(
            select(Reminder.next_due_at).where(Reminder.kind == "nudge").distinct()
        )
        # Thursday's check-in scheduled Thursday's nudge, three hours after it went out.
        assert list(nudges) == [datetime(2026, 11, 26, 12, 0, tzinfo=UTC)]
        rows = await session.scalars(select(OutboxMessage.sent_at).distinct())
        assert set(rows) == {MONDAY_0900, datetime(2026, 11, 26, 9, 0, tzinfo=UTC)}
