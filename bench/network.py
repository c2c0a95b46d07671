"""Over real HTTP to the Bot API emulator with an injected round trip: sequential updates at
0, 50 and 100 ms, 100 updates in flight at 50 ms, and the scheduled fan-out at 0, 50 and
100 ms with interactive updates arriving during it.

Updates are fed to the Dispatcher directly (``feed_raw_update``) and the handlers' Bot API
calls go over HTTP; every update comes from its own emulated user, so "lost" can be checked
per update: it raised, an error was logged for it, or its user got no answer at all.
"""

from __future__ import annotations

import asyncio
import functools
import random
import statistics
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from aiogram import Bot, Dispatcher
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ParseMode
from sqlalchemy import func, insert, select
from sqlalchemy.ext.asyncio import AsyncEngine

from bench.common import (
    DRILL_ANSWERS,
    TOKEN,
    ZONE,
    ErrorLog,
    Results,
    Update,
    Updates,
    energy_data,
    ms,
    percentile,
    say,
    user_name,
)
from bot.app import App
from bot.clock import system_clock
from bot.db.checkin_models import CheckIn, Reminder
from bot.delivery import Delivery, RateLimiter
from bot.devtools.emulator import BotAPIEmulator
from bot.devtools.emulator.ratelimit import FloodControl
from bot.domain.schedule import local_date_of
from bot.ticker import Ticker
from handlers.checkin_views import energy_keyboard
from handlers.outbox_messages import after_send, outbox_composer

KINDS = ("/tip", "drill answer", "check-in answer")


def http_bot(emulator: BotAPIEmulator) -> Bot:
    """A plain aiogram Bot over HTTP to the emulator: B1's, with nothing of ours on it."""
    return Bot(
        TOKEN,
        session=AiohttpSession(api=TelegramAPIServer.from_base(emulator.base_url)),
        default=DefaultBotProperties(parse_mode=ParseMode.HTML),
    )


@dataclass
class World:
    """The emulator and both bots, and the users each scenario takes from."""

    emulator: BotAPIEmulator
    app: App
    b1: Dispatcher
    b1_bot: Bot
    b1_engine: AsyncEngine
    users: list[int]
    updates: Updates = field(default_factory=Updates)

    def take(self, count: int) -> list[int]:
        taken, self.users = self.users[:count], self.users[count:]
        if len(taken) < count:
            raise RuntimeError("the bench ran out of seeded users; raise USERS")
        for user_id in taken:
            user = self.emulator.user(user_id, first_name=user_name(user_id), language_code="ru")
            self.emulator.remember_chat(user.chat_json)  # they have written to the bot before
        return taken

    async def prepare(self, kind: str, users: Sequence[int]) -> None:
        """What a user has done before the measured update: /drill asked a question; a
        check-in prompt with the energy buttons is in the chat. Not timed, no latency."""
        saved = self.emulator.latency.rtt
        self.emulator.latency.set(0)
        try:
            if kind == "drill answer":
                await _concurrently(
                    [self.feed_ours(self.text(u, "/drill")) for u in users], limit=20
                )
            elif kind == "check-in answer":
                day = local_date_of(system_clock(), ZONE)
                keyboard = energy_keyboard(day)
                await _concurrently(
                    [
                        self.app.bot.send_message(u, "☀️ Как энергия?", reply_markup=keyboard)
                        for u in users
                    ],
                    limit=20,
                )
        finally:
            self.emulator.latency.set(saved)

    def text(self, user_id: int, text: str) -> Update:
        return self.updates.numbered(self.emulator.user(user_id).text_update(text))

    def update_for(self, kind: str, user_id: int, rng: random.Random) -> Update:
        if kind == "/tip":
            return self.text(user_id, "/tip")
        if kind == "drill answer":
            return self.text(user_id, rng.choice(DRILL_ANSWERS))
        user = self.emulator.user(user_id)
        day = local_date_of(system_clock(), ZONE)
        wanted = energy_data(day, rng.randint(1, 5))
        prompt = next(m for m in reversed(user.messages) if m.inline_keyboard)
        label = next(
            str(button["text"])
            for row in prompt.inline_keyboard
            for button in row
            if button.get("callback_data") == wanted
        )
        return self.updates.numbered(user.press_update(label))

    async def feed_ours(self, update: Update) -> None:
        await self.app.dispatcher.feed_raw_update(self.app.bot, update)

    async def feed_b1(self, update: Update) -> None:
        await self.b1.feed_raw_update(self.b1_bot, update)


async def _concurrently(jobs: Sequence[Any], limit: int) -> list[Any]:
    gate = asyncio.Semaphore(limit)

    async def one(job: Any) -> Any:
        async with gate:
            return await job

    return list(await asyncio.gather(*(one(job) for job in jobs)))


@dataclass
class Outcome:
    latencies: list[float]
    seconds: float
    raised: int
    errors: int
    locked: int
    unanswered: int
    unsaved: int = 0

    @property
    def lost(self) -> int:
        return self.raised + self.errors + self.unanswered + self.unsaved

    @property
    def rate(self) -> float:
        return len(self.latencies) / self.seconds if self.seconds else 0.0


def _answers(emulator: BotAPIEmulator) -> Counter[int]:
    """Successful calls per chat so far: messages, edits, callback answers."""
    seen = Counter(call.chat_id for call in emulator.sent if call.chat_id is not None)
    for chat_id, answers in emulator.callback_answers.items():
        seen[chat_id] += len(answers)
    return seen


async def feed_all(
    world: World, side: str, jobs: list[tuple[int, Update]], in_flight: int
) -> Outcome:
    """Feed every update, at most ``in_flight`` at once; check each one was answered."""
    before = _answers(world.emulator)
    gate = asyncio.Semaphore(in_flight)
    latencies: list[float] = []
    raised = 0
    locked = 0

    async def one(update: Update) -> None:
        nonlocal raised, locked
        async with gate:
            start = time.perf_counter()
            try:
                await feed(update)
            except Exception as exc:
                raised += 1
                locked += "database is locked" in str(exc)
            latencies.append(time.perf_counter() - start)

    feed = world.feed_ours if side == "ours" else world.feed_b1
    engine = world.app.engine if side == "ours" else world.b1_engine
    with ErrorLog(engine) as log:
        started = time.perf_counter()
        await asyncio.gather(*(one(update) for _, update in jobs))
        seconds = time.perf_counter() - started
    after = _answers(world.emulator)
    unanswered = sum(1 for user_id, _ in jobs if after[user_id] <= before[user_id])
    return Outcome(latencies, seconds, raised, log.errors, log.locked + locked, unanswered)


async def _unsaved_checkins(world: World, users: Sequence[int]) -> int:
    day = local_date_of(system_clock(), ZONE)
    async with world.app.session_factory() as session:
        saved = await session.scalar(
            select(func.count())
            .select_from(CheckIn)
            .where(
                CheckIn.user_id.in_(list(users)),
                CheckIn.local_date == day,
                CheckIn.energy.is_not(None),
            )
        )
    return len(users) - int(saved or 0)


# ---- sequential over HTTP ------------------------------------------------------------------------


async def sequential_http(world: World, results: Results, per_case: int) -> None:
    results.section(
        f"Sequential over HTTP with the Bot API round trip injected: {per_case} updates per "
        "case and round trip, ours and B1 interleaved"
    )
    rng = random.Random(50)  # noqa: S311
    for rtt in (0.0, 0.05, 0.1):
        world.emulator.latency.set(rtt)
        cells = []
        for index, kind in enumerate(KINDS):
            ours_users, b1_users = world.take(per_case), world.take(per_case)
            await world.prepare(kind, ours_users)
            await world.prepare(kind, b1_users)
            ours_jobs = [(u, world.update_for(kind, u, rng)) for u in ours_users]
            b1_jobs = [(u, world.update_for(kind, u, rng)) for u in b1_users]
            order = ("ours", "b1") if index % 2 == 0 else ("b1", "ours")
            outcome: dict[str, Outcome] = {}
            for side in order:
                jobs = ours_jobs if side == "ours" else b1_jobs
                outcome[side] = await feed_all(world, side, jobs, 1)
            ours, b1 = outcome["ours"], outcome["b1"]
            cells.append(
                f"{kind} p50 {ms(percentile(ours.latencies, 0.5))} "
                f"(B1 {ms(percentile(b1.latencies, 0.5))}, ours ÷ B1 {ours.rate / b1.rate:.2f})"
            )
        results.add(f"sequential at {rtt * 1000:.0f} ms round trip", "; ".join(cells))
    world.emulator.latency.set(0)
    say()


# ---- 100 in flight ---------------------------------------------------------------------------


async def concurrent(world: World, results: Results, total: int, in_flight: int) -> None:
    rtt = 0.05
    results.section(
        f"Concurrent: {in_flight} updates in flight at {rtt * 1000:.0f} ms round trip, "
        f"{total} updates (a third each /tip, drill answer, check-in answer), each from its own "
        "user"
    )
    rng = random.Random(100)  # noqa: S311
    sides: dict[str, Outcome] = {}
    for side in ("b1", "ours"):
        jobs: list[tuple[int, Update]] = []
        checkin_users: list[int] = []
        for kind in KINDS:
            users = world.take(total // len(KINDS))
            await world.prepare(kind, users)
            if kind == "check-in answer":
                checkin_users = users
            jobs += [(u, world.update_for(kind, u, rng)) for u in users]
        rng.shuffle(jobs)
        world.emulator.latency.set(rtt)
        sides[side] = await feed_all(world, side, jobs, in_flight)
        world.emulator.latency.set(0)
        if side == "ours":
            sides[side].unsaved = await _unsaved_checkins(world, checkin_users)
    ours, b1 = sides["ours"], sides["b1"]
    p95 = percentile(ours.latencies, 0.95)
    results.add(
        "concurrent: throughput",
        f"ours {ours.rate:,.0f}/s (B1 {b1.rate:,.0f}/s)",
        "≥ 150/s",
        ours.rate >= 150,
    )
    results.add(
        "concurrent: latency p95",
        f"ours p50 {ms(percentile(ours.latencies, 0.5))}, p95 {ms(p95)} "
        f"(B1 p50 {ms(percentile(b1.latencies, 0.5))}, p95 {ms(percentile(b1.latencies, 0.95))})",
        "≤ 500 ms",
        p95 <= 0.5,
    )
    results.add(
        "concurrent: lost updates",
        f"ours {ours.lost} of {len(ours.latencies)} (raised {ours.raised}, errors logged "
        f"{ours.errors}, unanswered {ours.unanswered}, check-ins not saved {ours.unsaved}); "
        f"B1 {b1.lost}",
        "0",
        ours.lost == 0,
    )
    results.add(
        "concurrent: `database is locked` errors",
        f"ours {ours.locked}, B1 {b1.locked}",
        "0",
        ours.locked == 0,
    )
    say()


# ---- the fan-out ------------------------------------------------------------------------------


async def _trickle_jobs(
    world: World, seconds: float, per_second: float, seed: int
) -> list[tuple[int, Any]]:
    """Interactive updates for ``seconds`` at ``per_second``, their users prepared."""
    rng = random.Random(seed)  # noqa: S311
    count = int(seconds * per_second)
    kinds = [KINDS[i % len(KINDS)] for i in range(count)]
    users = world.take(count)
    by_kind: dict[str, list[int]] = {}
    for kind, user_id in zip(kinds, users, strict=True):
        by_kind.setdefault(kind, []).append(user_id)
    for kind, group in by_kind.items():
        await world.prepare(kind, group)
    # Built when fed, not now: a button press is answerable for 15 s only (as at Telegram).
    return [
        (u, functools.partial(world.update_for, k, u, random.Random(rng.random())))  # noqa: S311
        for k, u in zip(kinds, users, strict=True)
    ]


async def _trickle(world: World, jobs: list[tuple[int, Any]], per_second: float) -> Outcome:
    """Feed ``jobs`` as they would arrive on their own (open loop), ``per_second``."""
    latencies: list[float] = []
    before = _answers(world.emulator)

    async def one(update: Update) -> None:
        start = time.perf_counter()
        await world.feed_ours(update)
        latencies.append(time.perf_counter() - start)

    started = time.perf_counter()
    with ErrorLog(world.app.engine) as log:
        tasks = []
        for index, (_, make_update) in enumerate(jobs):
            delay = started + index / per_second - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            tasks.append(asyncio.create_task(one(make_update())))
        await asyncio.gather(*tasks)
    after = _answers(world.emulator)
    unanswered = sum(1 for user_id, _ in jobs if after[user_id] <= before[user_id])
    return Outcome(latencies, time.perf_counter() - started, 0, log.errors, log.locked, unanswered)


@dataclass
class FanoutRun:
    rtt: float
    sent: int
    achieved: float
    escaped: int
    lost: int
    doubled: int
    seconds: float
    claim_seconds: float


async def _fan_out(world: World, rtt: float, count: int, rate: float) -> FanoutRun:
    emulator = world.emulator
    app = world.app
    users = world.take(count)
    now = system_clock()
    async with app.engine.begin() as connection:
        await connection.execute(
            insert(Reminder),
            [
                {"user_id": u, "kind": "checkin", "next_due_at": now - timedelta(seconds=30)}
                for u in users
            ],
        )
    delivery = Delivery(
        app.bot,
        app.session_factory,
        outbox_composer(app.i18n),
        RateLimiter(rate),
        system_clock,
        after_send=after_send,
    )
    ticker = Ticker(app.session_factory, delivery, system_clock, ZONE)
    sent_before = len(emulator.sent)
    rejected_before = len(emulator.rejections)
    emulator.latency.set(rtt)
    started = time.perf_counter()
    claim_started = time.perf_counter()
    # The claim half of Ticker.tick, timed on its own; then the delivery.
    from bot.services.reminders import claim_due

    while True:
        async with app.session_factory() as session:
            claimed = await claim_due(session, system_clock(), ZONE)
            await session.commit()
        if claimed.claimed == 0:
            break
    claim_seconds = time.perf_counter() - claim_started
    report = await ticker.delivery.run_once()
    seconds = time.perf_counter() - started
    emulator.latency.set(0)
    wanted = set(users)
    sends = [
        call
        for call in emulator.sent[sent_before:]
        if call.method == "sendMessage" and call.chat_id in wanted
    ]
    received = Counter(call.chat_id for call in sends)
    lost = sum(1 for u in users if received[u] == 0)
    doubled = sum(n - 1 for n in received.values() if n > 1)
    # 429s to the fan-out's chats only: interactive replies during it are not its sends.
    escaped = sum(
        1 for r in emulator.rejections[rejected_before:] if r.code == 429 and r.chat_id in wanted
    )
    span = sends[-1].at - sends[0].at if len(sends) > 1 else 0.0
    achieved = (len(sends) - 1) / span if span > 0 else 0.0
    del report
    return FanoutRun(rtt, len(sends), achieved, escaped, lost, doubled, seconds, claim_seconds)


async def fanout(world: World, results: Results, count: int, rate: float, limit: float) -> None:
    results.section(
        f"Fan-out: {count} due check-ins per round trip through the real claim → outbox → "
        f"{'8'} concurrent senders, DELIVERY_RATE {rate:g}/s; the emulator enforces Telegram's "
        f"{limit:g}/s overall and 1/s per chat"
    )
    # At 100 ms, interactive updates keep coming during the fan-out: their latency is compared
    # with the same trickle just before, at the same round trip, without one. Their users are
    # prepared (prompts sent) before Telegram's limits are switched on.
    per_second = 2.0
    quiet_jobs = await _trickle_jobs(world, 8.0, per_second, seed=1)
    busy_jobs = await _trickle_jobs(world, 8.0, per_second, seed=2)
    world.emulator.flood = FloodControl(1.0, limit, time.monotonic)
    try:
        for rtt in (0.0, 0.05):
            run = await _fan_out(world, rtt, count, rate)
            _report_fanout(results, run, rate, target=False)
        world.emulator.latency.set(0.1)
        quiet = await _trickle(world, quiet_jobs, per_second)
        fan = asyncio.create_task(_fan_out(world, 0.1, count, rate))
        await asyncio.sleep(1.0)  # the fan-out is under way
        busy = await _trickle(world, busy_jobs, per_second)
        run = await fan
        _report_fanout(results, run, rate, target=True)
        quiet_p95 = percentile(quiet.latencies, 0.95)
        busy_p95 = percentile(busy.latencies, 0.95)
        results.add(
            "fan-out at 100 ms: interactive p95 during it vs without",
            f"{ms(busy_p95)} vs {ms(quiet_p95)} (p50 {ms(percentile(busy.latencies, 0.5))} "
            f"vs {ms(percentile(quiet.latencies, 0.5))}; lost {busy.lost} vs {quiet.lost})",
            "≤ 1.25 × without",
            busy_p95 <= 1.25 * quiet_p95 and busy.lost == 0,
        )
    finally:
        world.emulator.flood = FloodControl(None, None, time.monotonic)
        world.emulator.latency.set(0)
    say()


def _report_fanout(results: Results, run: FanoutRun, rate: float, *, target: bool) -> None:
    rtt = f"{run.rtt * 1000:.0f} ms"
    share = run.achieved / rate
    results.add(
        f"fan-out at {rtt}: achieved ÷ DELIVERY_RATE",
        f"{run.achieved:.1f}/s ÷ {rate:g}/s = {share:.3f} ({run.sent} sent in "
        f"{run.seconds:.1f} s, claim {ms(run.claim_seconds)})",
        "≥ 0.9" if target else "",
        share >= 0.9 if target else None,
    )
    results.add(
        f"fan-out at {rtt}: escaped 429s / lost / doubled",
        f"{run.escaped} / {run.lost} / {run.doubled}",
        "0 / 0 / 0" if target else "",
        (run.escaped, run.lost, run.doubled) == (0, 0, 0) if target else None,
    )


def median_or_nan(values: Sequence[float]) -> float:
    return statistics.median(values) if values else float("nan")
