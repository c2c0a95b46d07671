"""Several senders at once: the rate limits still hold, several sends really are in flight,
and a crash with several in flight loses nothing and doubles only what Telegram accepted.

The limiter is checked on virtual time (``VirtualTime`` wakes sleepers in deadline order
once everything runnable has run), so no test sleeps and "a second" is exact; the HTTP tests
check what does not depend on time at all.
"""

from __future__ import annotations

import asyncio
import contextlib
import heapq
import itertools
import random
from collections import Counter, deque
from collections.abc import Awaitable
from typing import TypeVar

from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.config import Settings
from bot.delivery import RateLimiter, SendQueue
from bot.devtools.emulator import ApiError, BotAPIEmulator
from bot.devtools.emulator.ratelimit import FloodControl
from tests.delivery.support import (
    FIRST_USER,
    MONDAY_0900,
    FakeMonotonic,
    WallClock,
    add_users,
    build_harness,
    outbox,
)

T = TypeVar("T")


class VirtualTime:
    """A clock and a sleep for many concurrent tasks: time jumps to the earliest sleeper's
    deadline only when every task is waiting, so concurrent sleeps overlap as real ones do."""

    def __init__(self) -> None:
        self.now = 0.0
        self._sleepers: list[tuple[float, int, asyncio.Future[None]]] = []
        self._order = itertools.count()

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        wake: asyncio.Future[None] = asyncio.get_running_loop().create_future()
        heapq.heappush(self._sleepers, (self.now + max(seconds, 0.0), next(self._order), wake))
        await wake

    async def run(self, main: Awaitable[T]) -> T:
        task = asyncio.ensure_future(main)
        while not task.done():
            for _ in range(50):  # let everything that can run, run
                await asyncio.sleep(0)
            if self._sleepers and not task.done():
                at, _, wake = heapq.heappop(self._sleepers)
                self.now = max(self.now, at)
                wake.set_result(None)
        return task.result()


def most_in_window(times: list[float], window: float) -> int:
    best = 0
    recent: deque[float] = deque()
    for at in sorted(times):
        recent.append(at)
        while recent[0] <= at - window:
            recent.popleft()
        best = max(best, len(recent))
    return best


async def test_eight_senders_keep_both_limits_and_reach_the_rate_over_a_varying_round_trip() -> (
    None
):
    clock = VirtualTime()
    limiter = RateLimiter(30, 1.0, clock=clock, sleep=clock.sleep)
    rng = random.Random(12)
    # 300 messages to 270 chats: thirty get two (a check-in and a survey, say), anywhere.
    chats = [FIRST_USER + n for n in range(270)] + [FIRST_USER + n for n in range(0, 270, 9)]
    rng.shuffle(chats)
    queue = SendQueue(list(enumerate(chats)), limiter)
    departures: list[float] = []
    arrivals: dict[int, list[float]] = {}

    async def send(chat: int) -> None:
        round_trip = rng.uniform(0.03, 0.3)  # a jittery network
        departures.append(clock())
        await clock.sleep(round_trip / 2)
        arrivals.setdefault(chat, []).append(clock())  # when Telegram counts it
        await clock.sleep(round_trip / 2)

    async def sender() -> None:
        while (row := queue.take()) is not None:
            async with limiter.turn(row[1]):
                await send(row[1])

    async def fan_out() -> None:
        async with asyncio.TaskGroup() as group:
            for _ in range(8):
                group.create_task(sender())

    await clock.run(fan_out())

    assert len(departures) == 300
    assert most_in_window(departures, 1.0) <= 30
    for chat, seen in arrivals.items():
        gaps = [later - earlier for earlier, later in itertools.pairwise(seen)]
        assert all(gap >= 1.0 for gap in gaps), (chat, gaps)
    achieved = (len(departures) - 1) / (max(departures) - min(departures))
    assert achieved >= 0.9 * 30


async def test_one_sender_alone_falls_behind_the_rate_on_the_same_network() -> None:
    """The reason for several senders: one at a time pays every round trip in turn."""
    clock = VirtualTime()
    limiter = RateLimiter(30, 1.0, clock=clock, sleep=clock.sleep)
    departures: list[float] = []

    async def fan_out() -> None:
        for chat in range(FIRST_USER, FIRST_USER + 60):
            async with limiter.turn(chat):
                departures.append(clock())
                await clock.sleep(0.1)

    await clock.run(fan_out())
    achieved = (len(departures) - 1) / (max(departures) - min(departures))
    assert achieved < 0.5 * 30


async def test_a_429_pauses_every_sender_not_only_the_one_refused() -> None:
    clock = VirtualTime()
    limiter = RateLimiter(30, 1.0, clock=clock, sleep=clock.sleep)
    queue = iter(range(FIRST_USER, FIRST_USER + 60))
    departures: list[tuple[float, int]] = []
    refused_at: list[float] = []

    async def sender() -> None:
        for chat in queue:
            while True:
                async with limiter.turn(chat):
                    departures.append((clock(), chat))
                    await clock.sleep(0.05)
                    if len(departures) == 20 and not refused_at:
                        refused_at.append(clock())
                        await limiter.pause(5)
                        continue
                    break

    async def fan_out() -> None:
        async with asyncio.TaskGroup() as group:
            for _ in range(8):
                group.create_task(sender())

    await clock.run(fan_out())
    pause_start = refused_at[0]
    during = [chat for at, chat in departures if pause_start < at < pause_start + 5]
    assert during == []
    assert len({chat for _, chat in departures}) == 60


# ---- over HTTP ------------------------------------------------------------------------------


async def test_several_sends_are_in_flight_at_once_and_each_user_gets_one(
    settings: Settings,
    session_factory: async_sessionmaker[AsyncSession],
    emulator: BotAPIEmulator,
    mono: FakeMonotonic,
) -> None:
    users = list(range(FIRST_USER, FIRST_USER + 30))
    await add_users(session_factory, emulator, users)
    emulator.flood = FloodControl(None, None, mono)  # fake time is not exact for several
    together = asyncio.Barrier(4)
    in_flight_at_once: list[int] = []

    async def until_four_are_on_the_wire(_seconds: float) -> None:
        # The first four requests wait for each other: one sender at a time would hang here.
        if not in_flight_at_once:
            await together.wait()
            in_flight_at_once.append(4)

    emulator.latency.sleep = until_four_are_on_the_wire
    emulator.latency.set(0.01, methods={"sendMessage"})
    harness = build_harness(
        settings, emulator, session_factory, WallClock(MONDAY_0900), mono, senders=4
    )
    try:
        async with asyncio.timeout(30):
            report = await harness.ticker.tick()
    finally:
        await harness.close()
    assert in_flight_at_once == [4, 4, 4, 4]
    assert (report.sent, report.failed, report.rate_limited) == (len(users), 0, 0)
    assert Counter(c.chat_id for c in emulator.sent_messages()) == Counter(users)
    assert (await outbox(session_factory)).statuses() == {"sent": len(users)}


async def test_a_crash_with_several_senders_loses_nothing_and_doubles_only_accepted_sends(
    settings: Settings,
    session_factory: async_sessionmaker[AsyncSession],
    emulator: BotAPIEmulator,
    mono: FakeMonotonic,
) -> None:
    """Like test_a_crash_mid_fan_out_resumes_with_nothing_lost, with four senders: the crash
    leaves up to four rows "sending"; after the lease they go out again, and a user gets a
    second message only where Telegram had accepted the first before the crash."""
    from datetime import timedelta

    from bot.db.engine import create_session_factory
    from tests.delivery.support import fast_engine

    users = list(range(FIRST_USER, FIRST_USER + 40))
    await add_users(session_factory, emulator, users)
    emulator.flood = FloodControl(None, None, mono)
    wall = WallClock(MONDAY_0900)
    first = build_harness(settings, emulator, session_factory, wall, mono, senders=4)
    fanout: asyncio.Task[object] | None = None
    sends = 0

    async def die_on_21st(method: str, chat_id: object) -> None:
        nonlocal sends
        if method != "sendMessage":
            return
        sends += 1
        if sends == 21:
            assert fanout is not None
            fanout.cancel()  # the process dies while this request is on the wire
            raise ApiError(500, "Internal Server Error")  # ... and it never got through

    emulator.before_call = die_on_21st
    fanout = asyncio.create_task(first.ticker.tick())
    with contextlib.suppress(asyncio.CancelledError):
        await fanout
    await first.close()
    emulator.before_call = None
    crashed = await outbox(session_factory)
    sending = [row[0] for row in crashed.rows if row[3] == "sending"]
    accepted = {c.chat_id for c in emulator.sent_messages()}
    assert 1 <= len(sending) <= 4
    assert crashed.statuses()["sent"] == len(accepted - set(sending))
    accepted_unmarked = sorted(set(sending) & accepted)

    async with fast_engine(settings) as engine2:
        factory2 = create_session_factory(engine2)
        second = build_harness(settings, emulator, factory2, wall, mono, senders=4)
        try:
            wall.advance(timedelta(seconds=30))
            await second.ticker.tick()
            assert (await outbox(factory2)).statuses() == {"sent": 40 - len(sending)} | {
                "sending": len(sending)
            }
            wall.advance(timedelta(minutes=3))  # past the two-minute lease
            expired = await second.ticker.tick()
            assert (expired.sent, expired.failed) == (len(sending), 0)
        finally:
            await second.close()
        final = await outbox(factory2)

    assert final.statuses() == {"sent": 40}
    per_chat = Counter(c.chat_id for c in emulator.sent_messages())
    assert set(per_chat) == set(users)  # nothing lost
    assert sorted(chat for chat, n in per_chat.items() if n > 1) == accepted_unmarked
    assert max(per_chat.values()) <= 2
