"""kill -9 in the middle of a fan-out, then a restart on the same SQLite file.

The bot runs as its own process, ``python -m bot run``, against the emulator in this process.

bot/delivery.py claims each outbox row ("sending", committed) before the send and marks it
"sent" after; up to ``SENDERS`` sends are in flight at once, each sender holding one claimed
row. So a crash leaves at most that many rows "sending", and each one's message may or may
not have reached Telegram. After the lease, the restarted bot sends them again (here the
lease is made to have expired by moving the claims back in the database, instead of
sleeping two minutes): nothing is lost, and only the messages Telegram had accepted for
rows still "sending" arrive twice. Here the kill lands at the worst moment — the emulator
has accepted a sendMessage the bot will never hear back about — so that user gets their
check-in twice (with any other accepted-but-unmarked one), and everyone else exactly once.
"""

from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
from collections import Counter
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bench.seed import seed_due_checkins, seed_users
from bot.config import Settings
from bot.db.checkin_models import OutboxMessage
from bot.delivery import SENDERS
from bot.devtools.emulator import BotAPIEmulator
from bot.domain.schedule import local_date_of
from tests.conftest import TEST_TOKEN

ROOT = Path(__file__).resolve().parents[2]
USERS = list(range(5000, 5090))
KILL_AT = 30  # the 30th check-in is in flight when the bot dies
LEASE_SECONDS = 120  # Delivery's default lease


class BotProcess:
    def __init__(self, settings: Settings, emulator: BotAPIEmulator, log: Path) -> None:
        self.log = log
        self.env = {
            **os.environ,
            "BOT_TOKEN": TEST_TOKEN,
            "DATABASE_URL": settings.database_url,
            "TELEGRAM_API_URL": emulator.base_url,
            "DELIVERY_RATE": "30",
        }
        if settings.redis_url:  # the PostgreSQL + Redis pass of `make test`
            self.env["REDIS_URL"] = settings.redis_url
        self.proc: subprocess.Popen[bytes] | None = None

    def start(self) -> subprocess.Popen[bytes]:
        with self.log.open("ab") as log:
            self.proc = subprocess.Popen(
                [sys.executable, "-m", "bot", "run"],
                cwd=ROOT,
                env=self.env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        return self.proc

    def kill(self) -> None:
        if self.proc is not None and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)


@pytest.fixture
async def processes() -> AsyncIterator[list[BotProcess]]:
    started: list[BotProcess] = []
    yield started
    for process in started:
        process.kill()
        if process.proc is not None:
            process.proc.wait(timeout=10)


async def wait_until(predicate: Any, timeout: float, what: str) -> None:  # noqa: ASYNC109
    try:
        async with asyncio.timeout(timeout):
            while not predicate():  # noqa: ASYNC110 - a child process, not an event
                await asyncio.sleep(0.05)
    except TimeoutError:
        raise AssertionError(f"waited {timeout:g}s for {what}") from None


async def test_kill_9_mid_fan_out_loses_nothing_and_doubles_only_the_messages_in_flight(
    settings: Settings,
    emulator: BotAPIEmulator,
    engine: AsyncEngine,
    session_factory: async_sessionmaker[AsyncSession],
    processes: list[BotProcess],
    tmp_path: Path,
) -> None:
    now = datetime.now(UTC)
    await seed_users(engine, USERS, now)
    await seed_due_checkins(engine, USERS, now, local_date_of(now, "Europe/Moscow"))
    for user_id in USERS:
        emulator.remember_chat(emulator.user(user_id).chat_json)

    log = tmp_path / "bot.log"
    first = BotProcess(settings, emulator, log)
    processes.append(first)
    in_flight: list[int] = []

    async def kill_mid_send(method: str, chat_id: Any) -> None:
        if method == "sendMessage" and len(emulator.sent_messages()) == KILL_AT - 1:
            in_flight.append(int(chat_id))
            first.kill()  # dies now; the emulator still performs this send

    emulator.before_call = kill_mid_send
    proc = first.start()
    await wait_until(lambda: proc.poll() is not None, 60, f"the kill; see {log}")
    assert proc.returncode == -signal.SIGKILL
    emulator.before_call = None

    await asyncio.sleep(0.2)  # requests already on the wire when it died are answered
    async with session_factory() as session:
        rows = (await session.execute(select(OutboxMessage.user_id, OutboxMessage.status))).all()
    left = Counter(status for _, status in rows)
    sending = {user_id for user_id, status in rows if status == "sending"}
    accepted = Counter(call.chat_id for call in emulator.sent_messages())
    # The one in flight at the kill is among the claimed-but-unmarked rows, and so are at
    # most SENDERS in all; every row marked "sent" was accepted exactly once.
    assert in_flight[0] in sending
    assert 1 <= left["sending"] <= SENDERS
    assert left["sent"] == len(set(accepted) - sending) >= KILL_AT - SENDERS
    assert max(accepted.values()) == 1
    accepted_unmarked = sending & set(accepted)

    # Two minutes later the lease has expired.
    async with session_factory() as session:
        await session.execute(
            update(OutboxMessage)
            .where(OutboxMessage.status == "sending")
            .values(claimed_at=now - timedelta(seconds=LEASE_SECONDS + 1))
        )
        await session.commit()
    second = BotProcess(settings, emulator, log)
    processes.append(second)
    second.start()
    await wait_until(
        lambda: len(emulator.sent_messages()) >= len(USERS) + len(accepted_unmarked),
        60,
        f"the rest; see {log}",
    )
    await asyncio.sleep(0.5)  # anything extra would show up now

    received = Counter(call.chat_id for call in emulator.sent_messages())
    expected = Counter(dict.fromkeys(USERS, 1))
    for user_id in accepted_unmarked:
        expected[user_id] = 2
    assert in_flight[0] in accepted_unmarked
    assert received == expected
    async with session_factory() as session:
        statuses = Counter(await session.scalars(select(OutboxMessage.status)))
    assert statuses == Counter(sent=len(USERS))
    assert emulator.rejections == []
