"""Fixtures for the emulator's own tests: an emulator on a free port, a real aiogram Bot
talking HTTP to it, a controllable clock, and a way to run a small Dispatcher against it."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Awaitable, Callable

import pytest
from aiogram import Bot, Dispatcher
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.enums import ParseMode

from bot.devtools.emulator import BotAPIEmulator, EmulatedUser

StartBot = Callable[[Dispatcher], Awaitable[None]]


class FakeClock:
    """The emulator's clock for rate windows and callback timeouts; tests move it by hand."""

    def __init__(self, start: float = 1000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
async def emu(clock: FakeClock) -> AsyncIterator[BotAPIEmulator]:
    emulator = BotAPIEmulator(clock=clock)
    await emulator.start()
    yield emulator
    await emulator.stop()


def make_bot(emu: BotAPIEmulator, token: str | None = None) -> Bot:
    session = AiohttpSession(api=TelegramAPIServer.from_base(emu.base_url))
    return Bot(
        token or emu.token,
        session=session,
        default=DefaultBotProperties(parse_mode=ParseMode.HTML),
    )


@pytest.fixture
async def bot(emu: BotAPIEmulator) -> AsyncIterator[Bot]:
    client = make_bot(emu)
    yield client
    await client.session.close()


@pytest.fixture
def ann(emu: BotAPIEmulator) -> EmulatedUser:
    """A user whose chat the bot knows (she has written to it), with no bot running."""
    user = emu.user(1001, first_name="Ann")
    user.send_nowait("/start")
    return user


@pytest.fixture
async def start_bot(emu: BotAPIEmulator, bot: Bot) -> AsyncIterator[StartBot]:
    """Run a Dispatcher's real polling loop against the emulator for the test's duration."""
    running: list[tuple[Dispatcher, asyncio.Task[None]]] = []

    async def start(dispatcher: Dispatcher) -> None:
        task = asyncio.create_task(
            dispatcher.start_polling(
                bot, handle_as_tasks=False, handle_signals=False, close_bot_session=False
            )
        )
        running.append((dispatcher, task))
        await emu.wait_polling()

    yield start
    for dispatcher, task in running:
        await dispatcher.stop_polling()
        await task
