"""Sequential updates: our handlers against B1, in process and over HTTP with a round trip.

In process, the Bot's session is :class:`NullSession` (every call answered at once), so the
figure is our code and the database, not the network; ours keeps its request middlewares
(the commit before each Bot API call among them). Over HTTP, both bots talk to the
emulator with an injected round trip, so each Bot API call a handler makes costs what it
costs from Russia. Runs are interleaved (ours, B1, ours, B1, …, alternating which goes
first) and repeated; the table gives the median and the spread.
"""

from __future__ import annotations

import random
import statistics
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from aiogram import Bot, Dispatcher
from aiogram.client.default import DefaultBotProperties
from aiogram.enums import ParseMode

from bench.common import (
    DRILL_ANSWERS,
    TOKEN,
    ZONE,
    Results,
    Update,
    Updates,
    energy_data,
    ms,
    percentile,
    say,
    spread,
)
from bench.null_session import NullSession
from bot.app import create_bot
from bot.clock import system_clock
from bot.config import Settings
from bot.domain.schedule import local_date_of

# A case builds, for a list of users, the warm-up updates (not timed) and the timed ones.
Build = Callable[[Updates, Sequence[int], random.Random], tuple[list[Update], list[Update]]]


@dataclass(frozen=True)
class Case:
    name: str
    build: Build


def _tip(updates: Updates, users: Sequence[int], rng: random.Random) -> tuple[list[Update], ...]:
    return [], [updates.text(u, "/tip") for u in users]


def _drill(updates: Updates, users: Sequence[int], rng: random.Random) -> tuple[list[Update], ...]:
    warm = [updates.text(u, "/drill") for u in users]
    return warm, [updates.text(u, rng.choice(DRILL_ANSWERS)) for u in users]


def _checkin(
    updates: Updates, users: Sequence[int], rng: random.Random
) -> tuple[list[Update], ...]:
    today = local_date_of(system_clock(), ZONE)
    return [], [updates.press(u, energy_data(today, rng.randint(1, 5))) for u in users]


CASES = (
    Case("/tip", _tip),  # type: ignore[arg-type]
    Case("drill answer", _drill),  # type: ignore[arg-type]
    Case("check-in answer", _checkin),  # type: ignore[arg-type]
)


async def timed_feed(dispatcher: Dispatcher, bot: Bot, updates: Sequence[Update]) -> list[float]:
    """Feeds updates one at a time; each one's handling time in seconds."""
    latencies = []
    for update in updates:
        start = time.perf_counter()
        await dispatcher.feed_raw_update(bot, update)
        latencies.append(time.perf_counter() - start)
    return latencies


@dataclass
class Runs:
    ours_rate: list[float]
    b1_rate: list[float]
    ours_latencies: list[float]

    @property
    def ratios(self) -> list[float]:
        return [o / b for o, b in zip(self.ours_rate, self.b1_rate, strict=True)]


async def interleaved(
    ours: Dispatcher,
    b1: Dispatcher,
    bot: Bot,
    b1_bot: Bot,
    case: Case,
    users: list[int],
    runs: int,
    per_run: int,
    seed: int,
) -> Runs:
    rng = random.Random(seed)  # noqa: S311 - a fixed sample, not a secret
    updates = Updates()
    result = Runs([], [], [])
    for run in range(runs):
        chunk = users[run * per_run : (run + 1) * per_run]
        order = (True, False) if run % 2 == 0 else (False, True)
        for is_ours in order:
            warm, timed = case.build(updates, chunk, rng)
            dispatcher, client = (ours, bot) if is_ours else (b1, b1_bot)
            if is_ours:
                await timed_feed(dispatcher, client, warm)
            latencies = await timed_feed(dispatcher, client, timed)
            rate = len(latencies) / sum(latencies)
            if is_ours:
                result.ours_rate.append(rate)
                result.ours_latencies += latencies
            else:
                result.b1_rate.append(rate)
    return result


async def in_process(
    settings: Settings,
    ours: Dispatcher,
    b1: Dispatcher,
    users: list[int],
    results: Results,
    runs: int,
    per_run: int,
) -> None:
    results.section(
        f"Sequential, in process (no network): {runs} interleaved runs × {per_run} updates "
        "per case, ours vs B1"
    )
    session = NullSession()
    b1_session = NullSession()
    # Ours with the request middlewares it runs with in production (commit before each call,
    # retries, pacing, callback answers); B1 with none.
    bot = create_bot(settings, session=session)
    b1_bot = Bot(TOKEN, session=b1_session, default=DefaultBotProperties(parse_mode=ParseMode.HTML))
    # Warm both (imports, caches, first queries) on users the runs don't use.
    spare = users[-30:]
    warm_updates = Updates()
    await timed_feed(ours, bot, [warm_updates.text(u, "/tip") for u in spare])
    await timed_feed(b1, b1_bot, [warm_updates.text(u, "/tip") for u in spare])
    for index, case in enumerate(CASES):
        pool = users[index * runs * per_run : (index + 1) * runs * per_run]
        measured = await interleaved(ours, b1, bot, b1_bot, case, pool, runs, per_run, seed=index)
        ratio = statistics.median(measured.ratios)
        p50 = percentile(measured.ours_latencies, 0.5)
        p95 = percentile(measured.ours_latencies, 0.95)
        results.add(
            f"{case.name}: ours ÷ B1 (in process)",
            f"{ratio:.3f} (runs {min(measured.ratios):.3f}–{max(measured.ratios):.3f}); "
            f"ours {spread(measured.ours_rate, '/s')}, B1 {spread(measured.b1_rate, '/s')}",
            "≥ 0.5",
            ratio >= 0.5,
        )
        results.add(
            f"{case.name}: p95 in process",
            f"p50 {ms(p50)}, p95 {ms(p95)}",
            "≤ 4 ms",
            p95 <= 0.004,
        )
    results.notes.append(
        f"In process: the no-network sessions answered {sum(session.calls.values()):,} "
        f"Bot API calls of ours and {sum(b1_session.calls.values()):,} of B1's."
    )
    await bot.session.close()
    await b1_bot.session.close()
    say()
