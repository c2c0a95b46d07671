"""End-to-end: the real bot, its real polling loop, real HTTP to the Bot API emulator."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator, Awaitable
from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Any, Protocol

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.app import run_polling
from bot.clock import Clock, system_clock
from bot.config import Settings
from bot.devtools.emulator import BotAPIEmulator
from tests.conftest import TEST_TOKEN


@dataclass
class RunningBot:
    """The bot process, in-process: start, stop, and restart on the same database."""

    settings: Settings
    emulator: BotAPIEmulator
    clock: Clock = system_clock  # tests that move time pass their own
    _task: asyncio.Task[None] | None = field(default=None, init=False)

    async def start(self) -> None:
        self._task = asyncio.create_task(
            run_polling(self.settings, handle_as_tasks=False, clock=self.clock)
        )
        polling = asyncio.create_task(self.emulator.wait_polling())
        await asyncio.wait({self._task, polling}, return_when=asyncio.FIRST_COMPLETED)
        if self._task.done():  # the bot died while starting: show why
            polling.cancel()
            self._task.result()
        await polling

    async def stop(self) -> None:
        if self._task is None:
            return
        self._task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await self._task
        self._task = None

    async def restart(self) -> None:
        await self.stop()
        await self.start()


@dataclass
class ManualClock:
    """The bot's "now", moved by the test: time is never slept through."""

    now: datetime

    def __call__(self) -> datetime:
        return self.now

    def advance(self, delta: timedelta) -> None:
        self.now += delta


class StartBot(Protocol):
    def __call__(self, clock: Clock = ..., **settings: Any) -> Awaitable[RunningBot]: ...


@pytest.fixture
async def start_bot(
    settings: Settings, emulator: BotAPIEmulator, engine: AsyncEngine
) -> AsyncIterator[StartBot]:
    """Starts the bot on the emulator with dev commands on (and any other settings given);
    stops every bot it started, and then no call the bot made may have been refused."""
    started: list[RunningBot] = []

    async def start(clock: Clock = system_clock, **overrides: Any) -> RunningBot:
        bot_settings = settings.model_copy(
            update={"telegram_api_url": emulator.base_url, "dev_commands": True, **overrides}
        )
        running = RunningBot(bot_settings, emulator, clock)
        await running.start()
        started.append(running)
        return running

    yield start
    for running in started:
        await running.stop()
    # Whatever a test did, the bot never sent Telegram something it would refuse.
    assert emulator.rejections == []


@pytest.fixture
async def emulator() -> AsyncIterator[BotAPIEmulator]:
    emulator = BotAPIEmulator(token=TEST_TOKEN)
    await emulator.start()
    yield emulator
    await emulator.stop()


@pytest.fixture
async def running_bot(start_bot: StartBot) -> RunningBot:
    return await start_bot()
