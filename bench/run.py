"""`make bench` (``python -m bench.run``): SalesCoach's figures, measured in one run.

What is measured, and how:

(a) Interactions — ``/tip``, a drill answer, a check-in answer (the energy button) — fed one
    by one through the real Dispatcher (``feed_raw_update``: parsing, middlewares, handlers,
    FSM, SQLite WAL with 10,000 onboarded users). The Bot's session is :class:`NullSession`:
    no network, every call answered at once, so the figure is our code and the database, not
    HTTP. The baseline is a bare aiogram ``Dispatcher`` with a no-op handler, fed the same
    kind of updates through the same session in the same run; the ratio is ours ÷ bare. A
    second baseline's handler commits one row to the same SQLite file and answers once: the
    floor for any bot that remembers what it is told.
(b) A scheduled fan-out: 5,000 due check-in reminders, claimed and delivered by the real
    Ticker → Delivery path over HTTP to the Bot API emulator, whose flood control is set to
    ``--fanout-rate`` messages/s overall (and 1/s per chat). Real clock. Achieved rate is
    measured between the first and the last accepted send; 429s that escaped are the
    emulator's refusals; lost/doubled compare what each chat received with one each.
(c) ``/team`` for a team of 200 members with 365 days of check-ins each: report build time
    and chart render time, if the team modules are present.
(d) Peak RSS of this process: idle (app built, users seeded) and after all the load.

Writes the table to ``bench/results.md`` and prints it.
"""

from __future__ import annotations

import argparse
import asyncio
import itertools
import logging
import os
import platform
import random
import resource
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

from aiogram import Bot, Dispatcher, Router
from aiogram.client.default import DefaultBotProperties
from aiogram.enums import ParseMode
from aiogram.types import CallbackQuery, Message
from sqlalchemy import insert, text
from sqlalchemy.ext.asyncio import AsyncEngine

from bench.null_session import NullSession
from bench.seed import seed_users
from bot.app import App, build_app, create_bot
from bot.clock import system_clock
from bot.config import Settings, load_settings
from bot.db.checkin_models import CheckIn, Reminder
from bot.delivery import Delivery, RateLimiter
from bot.devtools.emulator import BotAPIEmulator
from bot.domain.schedule import local_date_of
from bot.ticker import Ticker
from handlers.checkin_views import CheckinEnergyCb
from handlers.outbox_messages import after_send, outbox_composer

TOKEN = "123456:BENCH-TOKEN-abcdefghijklmnop"  # noqa: S105 - a fake token, no network
ZONE = "Europe/Moscow"
USERS = 10_000
FANOUT = 5_000
TEAM_MEMBERS = 200
TEAM_DAYS = 365
RESULTS = Path(__file__).with_name("results.md")
DRILL_ANSWER = "Понимаю вас. Давайте посчитаем, за сколько месяцев окупится внедрение?"

Update = dict[str, Any]


@dataclass
class Row:
    measure: str
    value: str
    goal: str = ""
    ok: bool | None = None

    def cells(self) -> list[str]:
        mark = "" if self.ok is None else ("✅" if self.ok else "❌")
        return [self.measure, self.value, self.goal, mark]


@dataclass
class Results:
    rows: list[Row] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def add(self, measure: str, value: str, goal: str = "", ok: bool | None = None) -> None:
        self.rows.append(Row(measure, value, goal, ok))
        say(f"  {measure}: {value}")


# ---- helpers ---------------------------------------------------------------------------------


def say(text: str = "") -> None:
    """Progress and the table go to stdout: this is a command-line tool."""
    print(text, flush=True)  # noqa: T201


def rss_mb() -> float:
    return _status_kb("VmRSS") / 1024


def peak_rss_mb() -> float:
    peak = _status_kb("VmHWM")
    if peak:
        return peak / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def _status_kb(key: str) -> int:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def bare_aiogram_mb() -> float:
    """Peak RSS of a fresh interpreter that only imports aiogram: the floor for any bot."""
    # VmHWM, not ru_maxrss: a child's ru_maxrss starts from its parent's at fork.
    probe = (
        "import aiogram, aiogram.types, pathlib;"
        "print(next(l.split()[1] for l in pathlib.Path('/proc/self/status').read_text()"
        ".splitlines() if l.startswith('VmHWM:')))"
    )
    done = subprocess.run(  # noqa: S603 - our own interpreter
        [sys.executable, "-c", probe], capture_output=True, text=True, check=True
    )
    return int(done.stdout.strip()) / 1024


def percentile(samples: Sequence[float], fraction: float) -> float:
    ordered = sorted(samples)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return (
        f"{cpu}, {cores} cores available; {platform.system()} {platform.release()}; "
        f"Python {platform.python_version()}; SQLite {sqlite3.sqlite_version}"
    )


class Updates:
    """Raw updates as Telegram would send them, for feed_raw_update."""

    def __init__(self) -> None:
        self._ids = itertools.count(1)
        self._message_ids = itertools.count(1_000)

    def _user(self, user_id: int) -> dict[str, Any]:
        return {"id": user_id, "is_bot": False, "first_name": "Bench", "language_code": "ru"}

    def text(self, user_id: int, text: str) -> Update:
        message: dict[str, Any] = {
            "message_id": next(self._message_ids),
            "from": self._user(user_id),
            "chat": {"id": user_id, "type": "private", "first_name": "Bench"},
            "date": int(time.time()),
            "text": text,
        }
        if text.startswith("/"):
            length = len(text.split()[0])
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": length}]
        return {"update_id": next(self._ids), "message": message}

    def press(self, user_id: int, data: str) -> Update:
        return {
            "update_id": next(self._ids),
            "callback_query": {
                "id": str(next(self._ids)),
                "from": self._user(user_id),
                "chat_instance": str(user_id),
                "data": data,
                "message": {
                    "message_id": next(self._message_ids),
                    "from": {"id": 123456, "is_bot": True, "first_name": "SalesCoach"},
                    "chat": {"id": user_id, "type": "private", "first_name": "Bench"},
                    "date": int(time.time()),
                    "text": "☀️",
                },
            },
        }


async def timed_feed(dispatcher: Dispatcher, bot: Bot, updates: Sequence[Update]) -> list[float]:
    """Feeds updates one at a time; each one's handling time in seconds."""
    latencies = []
    for update in updates:
        start = time.perf_counter()
        await dispatcher.feed_raw_update(bot, update)
        latencies.append(time.perf_counter() - start)
    return latencies


def bare_dispatcher() -> Dispatcher:
    async def noop_message(message: Message) -> None:
        return None

    async def noop_callback(callback: CallbackQuery) -> None:
        return None

    router = Router()
    router.message.register(noop_message)
    router.callback_query.register(noop_callback)
    dispatcher = Dispatcher()
    dispatcher.include_router(router)
    return dispatcher


def bare_writer_dispatcher(engine: AsyncEngine) -> Dispatcher:
    """A second baseline: a bare Dispatcher whose handler commits one row to the same SQLite
    file and sends one message — the least a bot that remembers anything must do."""

    async def write(user_id: int) -> None:
        async with engine.begin() as connection:
            await connection.execute(
                text("INSERT INTO bench_echo (user_id, at) VALUES (:user_id, :at)"),
                {"user_id": user_id, "at": time.time()},
            )

    async def on_message(message: Message) -> None:
        await write(message.chat.id)
        await message.answer("ok")

    async def on_callback(callback: CallbackQuery) -> None:
        await write(callback.from_user.id)
        await callback.answer()

    router = Router()
    router.message.register(on_message)
    router.callback_query.register(on_callback)
    dispatcher = Dispatcher()
    dispatcher.include_router(router)
    return dispatcher


# ---- (a) interactions --------------------------------------------------------------------------


async def bench_interactions(app: App, results: Results, samples: int) -> None:
    say("(a) interactions through the real Dispatcher, 10,000 users in SQLite")
    session = NullSession()
    bot = Bot(TOKEN, session=session, default=DefaultBotProperties(parse_mode=ParseMode.HTML))
    updates = Updates()
    bare = bare_dispatcher()
    ours = app.dispatcher
    rng = random.Random(8)  # noqa: S311 - a fixed sample, not a secret
    people = rng.sample(range(1, USERS + 1), samples * 3)
    tip_users = people[:samples]
    drill_users = people[samples : 2 * samples]
    checkin_users = people[2 * samples :]
    today = local_date_of(system_clock(), ZONE)
    energy = CheckinEnergyCb(day=today.toordinal(), energy=4).pack()

    # Warm up both (imports, caches, first queries), then measure.
    await timed_feed(ours, bot, [updates.text(u, "/tip") for u in people[-20:]])
    await timed_feed(bare, bot, [updates.text(u, "/tip") for u in people[-20:]])
    await timed_feed(ours, bot, [updates.text(u, "/drill") for u in drill_users])

    cases: list[tuple[str, Callable[[], list[Update]], Callable[[], list[Update]]]] = [
        (
            "/tip",
            lambda: [updates.text(u, "/tip") for u in tip_users],
            lambda: [updates.text(u, "/tip") for u in tip_users],
        ),
        (
            "drill answer",
            lambda: [updates.text(u, DRILL_ANSWER) for u in drill_users],
            lambda: [updates.text(u, DRILL_ANSWER) for u in drill_users],
        ),
        (
            "check-in answer (energy button)",
            lambda: [updates.press(u, energy) for u in checkin_users],
            lambda: [updates.press(u, energy) for u in checkin_users],
        ),
    ]
    async with app.engine.begin() as connection:
        await connection.execute(
            text("CREATE TABLE bench_echo (id INTEGER PRIMARY KEY, user_id INTEGER, at REAL)")
        )
    writer = bare_writer_dispatcher(app.engine)
    await timed_feed(writer, bot, [updates.text(u, "/tip") for u in people[-20:]])
    for name, make_ours, make_bare in cases:
        our_latencies = await timed_feed(ours, bot, make_ours())
        bare_latencies = await timed_feed(bare, bot, make_bare())
        writer_latencies = await timed_feed(writer, bot, make_bare())
        writer_rate = len(writer_latencies) / sum(writer_latencies)
        our_rate = len(our_latencies) / sum(our_latencies)
        bare_rate = len(bare_latencies) / sum(bare_latencies)
        ratio = our_rate / bare_rate
        results.add(
            f"{name}: throughput (ours / bare aiogram)",
            f"{our_rate:,.0f}/s / {bare_rate:,.0f}/s = {ratio:.3f}",
            "≥ 0.5",
            ratio >= 0.5,
        )
        results.add(
            f"{name}: throughput (ours / bare aiogram + 1 SQLite write)",
            f"{our_rate:,.0f}/s / {writer_rate:,.0f}/s = {our_rate / writer_rate:.3f}",
        )
        results.add(
            f"{name}: latency p50 / p95",
            f"{percentile(our_latencies, 0.5) * 1000:.1f} ms / "
            f"{percentile(our_latencies, 0.95) * 1000:.1f} ms "
            f"(bare {percentile(bare_latencies, 0.5) * 1e6:.0f} µs / "
            f"{percentile(bare_latencies, 0.95) * 1e6:.0f} µs)",
        )
    results.notes.append(
        f"(a) {samples} updates per interaction, fed one at a time; the no-network session "
        f"answered {sum(session.calls.values()):,} Bot API calls in all (ours and the baselines')."
    )
    await bot.session.close()


# ---- (b) fan-out -------------------------------------------------------------------------------


async def bench_fanout(app: App, settings: Settings, results: Results, rate: float) -> None:
    say(f"(b) fan-out of {FANOUT:,} due check-ins, emulator limit {rate:g}/s")
    emulator = BotAPIEmulator(token=TOKEN, per_chat_rate=1.0, global_rate=rate)
    await emulator.start()
    bot = create_bot(settings.model_copy(update={"telegram_api_url": emulator.base_url}))
    try:
        now = system_clock()
        ids = list(range(USERS - FANOUT + 1, USERS + 1))
        for user_id in ids:
            emulator.remember_chat({"id": user_id, "type": "private", "first_name": "Bench"})
        async with app.engine.begin() as connection:
            await connection.execute(
                insert(Reminder),
                [
                    {"user_id": u, "kind": "checkin", "next_due_at": now - timedelta(minutes=1)}
                    for u in ids
                ],
            )
        delivery = Delivery(
            bot,
            app.session_factory,
            outbox_composer(app.i18n),
            RateLimiter(rate),
            system_clock,
            after_send=after_send,
        )
        ticker = Ticker(app.session_factory, delivery, system_clock, ZONE)
        start = time.perf_counter()
        report = await ticker.tick()
        elapsed = time.perf_counter() - start
        sends = emulator.sent_messages()
        received = Counter(call.chat_id for call in sends)
        lost = sum(1 for u in ids if received[u] == 0)
        doubled = sum(count - 1 for count in received.values() if count > 1)
        escaped = sum(1 for r in emulator.rejections if r.code == 429)
        span = sends[-1].at - sends[0].at if len(sends) > 1 else 0.0
        achieved = (len(sends) - 1) / span if span > 0 else 0.0
        results.add(
            "fan-out: achieved rate ÷ limit",
            f"{achieved:,.1f}/s ÷ {rate:g}/s = {achieved / rate:.3f}",
            "≥ 0.9",
            achieved / rate >= 0.9,
        )
        results.add(
            "fan-out: 429s that escaped", str(escaped), "0", escaped == 0 and not report.failed
        )
        results.add(
            "fan-out: lost / doubled messages",
            f"{lost} / {doubled}",
            "0 / 0",
            not lost and not doubled,
        )
        results.add(
            "fan-out: whole tick (claim + deliver)", f"{elapsed:.1f} s for {len(sends):,} messages"
        )
    finally:
        await bot.session.close()
        await emulator.stop()


# ---- (c) /team ---------------------------------------------------------------------------------


async def bench_team(app: App, results: Results) -> None:
    say(f"(c) /team: {TEAM_MEMBERS} members × {TEAM_DAYS} days of check-ins")
    try:
        from bot.db.team_models import Team, TeamMember
        from bot.services.team_chart import chart_labels, render_team_chart
        from bot.services.team_report import build_team_report
    except ImportError as exc:
        results.add("/team build", "not available", "≤ 100 ms")
        results.add("/team chart render", "not available", "≤ 1 s")
        results.notes.append(f"(c) team modules missing: {exc}")
        return
    now = system_clock()
    today = local_date_of(now, ZONE)
    head_id = USERS + 1
    members = list(range(1, TEAM_MEMBERS + 1))
    await seed_users(app.engine, [head_id], now, role="head_of_sales")
    rng = random.Random(365)  # noqa: S311 - made-up data
    async with app.engine.begin() as connection:
        created = await connection.execute(
            insert(Team).values(head_id=head_id, name="Bench team", created_at=now)
        )
        team_id = int(created.inserted_primary_key[0])  # type: ignore[index]
        await connection.execute(
            insert(TeamMember),
            [{"team_id": team_id, "user_id": u, "joined_at": now} for u in members],
        )
        for user_id in members:
            rows = []
            sales = Decimal(0)
            for back in range(TEAM_DAYS, 0, -1):
                day = today - timedelta(days=back)
                sales = Decimal(0) if day.day == 1 else sales + rng.randint(0, 50_000)
                rows.append(
                    {
                        "user_id": user_id,
                        "local_date": day,
                        "energy": rng.randint(1, 5),
                        "sales_to_date": sales,
                        "calls": rng.randint(0, 40),
                        "meetings": rng.randint(0, 5),
                        "updated_at": now,
                        "completed_at": now,
                    }
                )
            await connection.execute(insert(CheckIn), rows)

    async def build() -> Any:
        async with app.session_factory() as session:
            return await build_team_report(session, int(team_id), now, ZONE)

    builds = []
    report = await build()  # the first one also warms SQLite's page cache
    for _ in range(5):
        start = time.perf_counter()
        report = await build()
        builds.append(time.perf_counter() - start)
    median = statistics.median(builds)
    results.add(
        "/team build (median of 5)",
        f"{median * 1000:.0f} ms (slowest {max(builds) * 1000:.0f} ms)",
        "≤ 100 ms",
        median <= 0.1,
    )
    translator = app.i18n.translator("ru")
    labels = chart_labels(translator, report, "Bench", now.date())
    renders = []
    for _ in range(3):
        start = time.perf_counter()
        png = render_team_chart(report, labels, translator)[0]
        renders.append(time.perf_counter() - start)
    results.add(
        "/team chart render (median of 3)",
        f"{statistics.median(renders) * 1000:.0f} ms (first {renders[0] * 1000:.0f} ms, "
        f"{len(png) / 1024:.0f} KiB PNG)",
        "≤ 1 s",
        statistics.median(renders) <= 1.0,
    )


# ---- main --------------------------------------------------------------------------------------


def write_table(results: Results, started: datetime, seconds: float) -> str:
    header = ["measure", "value", "goal", ""]
    lines = [
        f"Measured {started:%Y-%m-%d %H:%M} UTC in {seconds:.0f} s on: {machine()}",
        "",
        "| " + " | ".join(header) + " |",
        "|" + "|".join("---" for _ in header) + "|",
    ]
    lines += ["| " + " | ".join(row.cells()) + " |" for row in results.rows]
    if results.notes:
        lines += [""] + [f"- {note}" for note in results.notes]
    return "\n".join(lines) + "\n"


async def run(args: argparse.Namespace) -> str:
    started = datetime.now(UTC)
    clock_start = time.perf_counter()
    results = Results()
    with tempfile.TemporaryDirectory(prefix="salescoach-bench-") as folder:
        settings = load_settings(
            bot_token=TOKEN,
            database_url=f"sqlite+aiosqlite:///{Path(folder) / 'bench.sqlite3'}",
            _env_file=None,
        )
        app = await build_app(settings)
        try:
            say(f"seeding {USERS:,} users")
            seed_start = time.perf_counter()
            await seed_users(app.engine, range(1, USERS + 1), system_clock())
            seeded = time.perf_counter() - seed_start
            results.notes.append(f"{USERS:,} users seeded in {seeded:.2f} s (bulk INSERT).")
            idle = rss_mb()
            await bench_interactions(app, results, args.samples)
            await bench_fanout(app, settings, results, args.fanout_rate)
            await bench_team(app, results)
            peak = peak_rss_mb()
            results.add(
                "RSS idle (app built, users seeded)", f"{idle:.0f} MB", "≤ 150 MB", idle <= 150
            )
            results.add("peak RSS under load", f"{peak:.0f} MB", "≤ 150 MB", peak <= 150)
            results.add(
                "for scale: peak RSS of `import aiogram` alone", f"{bare_aiogram_mb():.0f} MB"
            )
        finally:
            await app.close()
    return write_table(results, started, time.perf_counter() - clock_start)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m bench.run", description=__doc__.splitlines()[0]
    )
    parser.add_argument("--samples", type=int, default=300, help="updates per interaction")
    parser.add_argument(
        "--fanout-rate",
        type=float,
        default=50.0,
        help="the emulator's overall limit in messages/s (Telegram's own is about 30; "
        "a little above it keeps the run short)",
    )
    parser.add_argument("--output", type=Path, default=RESULTS)
    args = parser.parse_args(argv)
    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    table = asyncio.run(run(args))
    args.output.write_text("# SalesCoach benchmark\n\n" + table, encoding="utf-8")
    say()
    say(table)
    say(f"written to {args.output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
