"""A fan-out of several hundred check-ins through the real Ticker and Delivery, real HTTP to
the Bot API emulator with Telegram's flood limits on (25/s overall, 1/s per chat).

One fake monotonic clock drives both the emulator's flood control and our RateLimiter, whose
``sleep`` advances it: the test sees every pacing decision and sleeps through none of them.
"""

from __future__ import annotations

from collections import Counter, deque
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.config import Settings
from bot.db.checkin_models import OutboxMessage, Reminder
from bot.devtools.emulator import BotAPIEmulator
from bot.services.reminders import ReminderKind
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
    outbox,
)

USERS = 300
GLOBAL_RATE = 25
IDS = range(FIRST_USER, FIRST_USER + USERS)


def _max_in_window(times: list[float], window: float) -> int:
    """The most events any half-open window ``[t, t + window)`` holds."""
    best = 0
    recent: deque[float] = deque()
    for at in sorted(times):
        recent.append(at)
        while recent[0] <= at - window:
            recent.popleft()
        best = max(best, len(recent))
    return best


async def test_fan_out_of_hundreds_keeps_to_the_limits_and_sends_each_once(
    settings: Settings,
    session_factory: async_sessionmaker[AsyncSession],
    emulator: BotAPIEmulator,
    mono: FakeMonotonic,
) -> None:
    wall = WallClock(MONDAY_0859)
    await add_users(session_factory, emulator, IDS)
    harness = build_harness(settings, emulator, session_factory, wall, mono, rate=GLOBAL_RATE)
    try:
        assert (await harness.ticker.tick()).sent == 0  # 08:59: nobody is due yet
        assert emulator.sent_messages() == []
        wall.now = MONDAY_0900
        started = mono()
        report = await harness.ticker.tick()
        # Ticks keep coming every 20 seconds: nothing more goes out today.
        for _ in range(3):
            wall.advance(timedelta(seconds=20))
            again = await harness.ticker.tick()
            assert (again.sent, again.failed, again.retried_later) == (0, 0, 0)
    finally:
        await harness.close()

    # No 429 (or anything else) was refused: the limiter kept under the emulator's limits.
    assert emulator.rejections == []
    assert report.rate_limited == 0
    assert (report.sent, report.failed, report.blocked, report.skipped) == (USERS, 0, 0, 0)

    # Every user got exactly one check-in prompt, for Monday, and nobody else got anything.
    sent = emulator.sent_messages()
    assert Counter(call.chat_id for call in sent) == Counter(IDS)
    for user_id in (IDS[0], IDS[len(IDS) // 2], IDS[-1]):
        prompts = checkin_prompts(emulator, user_id)
        assert len(prompts) == 1
        assert "Чек-ин · пн, 23 ноября" in prompts[0]

    # The outbox agrees: one row per user, all sent on the first attempt.
    view = await outbox(session_factory)
    assert view.statuses() == {"sent": USERS}
    assert sorted(row[0] for row in view.rows) == list(IDS)
    assert {(row[1], row[2], row[4]) for row in view.rows} == {("checkin", MONDAY, 0)}
    async with session_factory() as session:
        ids = await session.scalars(select(OutboxMessage.telegram_message_id))
        assert None not in set(ids)
        # Each sent check-in scheduled its one nudge.
        nudges = await session.scalars(
            select(Reminder.user_id).where(Reminder.kind == ReminderKind.NUDGE.value)
        )
        assert sorted(nudges) == list(IDS)

    # The achieved rate, per the emulator's own log, never exceeded the limits ...
    times = [call.at for call in sent]
    assert _max_in_window(times, 1.0) <= GLOBAL_RATE
    # ... and the limiter did not dawdle either: about 1/25 s apart, no long stalls.
    elapsed = max(times) - started
    assert (USERS - 1) / GLOBAL_RATE - 0.01 <= elapsed <= (USERS - 1) / GLOBAL_RATE + 1.0


async def test_a_too_fast_sender_is_slowed_by_429s_and_loses_nothing(
    settings: Settings,
    session_factory: async_sessionmaker[AsyncSession],
    emulator: BotAPIEmulator,
    mono: FakeMonotonic,
) -> None:
    """Configured above Telegram's limit, the bot meets real 429s: it waits retry_after and
    retries, so every user still gets exactly one message."""
    users = range(FIRST_USER, FIRST_USER + 60)
    wall = WallClock(MONDAY_0900)
    await add_users(session_factory, emulator, users, MONDAY_0859)
    harness = build_harness(settings, emulator, session_factory, wall, mono, rate=100)
    try:
        report = await harness.ticker.tick()
    finally:
        await harness.close()
    refused = [r for r in emulator.rejections if r.code == 429]
    assert refused, "the emulator should have rate-limited a 100/s sender"
    assert len(refused) == len(emulator.rejections) == report.rate_limited
    assert all(r.description.startswith("Too Many Requests: retry after ") for r in refused)
    assert (report.sent, report.failed) == (60, 0)
    assert Counter(call.chat_id for call in emulator.sent_messages()) == Counter(users)
    assert (await outbox(session_factory)).statuses() == {"sent": 60}
    assert _max_in_window([c.at for c in emulator.sent_messages()], 1.0) <= GLOBAL_RATE
