"""Delivery tests share one fake monotonic clock between the emulator's flood control and
the RateLimiter, and an engine without per-commit fsync (their crashes are in-process)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest
from sqlalchemy.ext.asyncio import AsyncEngine

from bot.config import Settings
from bot.devtools.emulator import BotAPIEmulator
from tests.conftest import TEST_TOKEN
from tests.delivery.support import FakeMonotonic, fast_engine, make_emulator


@pytest.fixture
async def engine(settings: Settings) -> AsyncIterator[AsyncEngine]:
    async with fast_engine(settings) as engine:
        yield engine


@pytest.fixture
def mono() -> FakeMonotonic:
    return FakeMonotonic()


@pytest.fixture
async def emulator(mono: FakeMonotonic) -> AsyncIterator[BotAPIEmulator]:
    emulator = make_emulator(TEST_TOKEN, mono)
    await emulator.start()
    yield emulator
    await emulator.stop()
