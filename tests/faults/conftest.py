"""Fault-suite fixtures: the real bot polling the emulator, with a short client timeout so an
injected timeout is felt in a second, not in aiogram's default minute."""

from __future__ import annotations

import itertools
import logging
from collections.abc import AsyncIterator
from datetime import UTC, datetime

import pytest
from aiogram import Bot
from aiogram.fsm.context import FSMContext
from sqlalchemy.ext.asyncio import AsyncEngine

import bot.app
from bench.seed import seed_users
from bot.app import App, build_app
from bot.config import Settings
from bot.db.models import User
from bot.devtools.emulator import BotAPIEmulator, BotMessage
from bot.devtools.emulator.users import EmulatedUser
from tests.conftest import TEST_TOKEN
from tests.e2e.conftest import RunningBot

CLIENT_TIMEOUT = 1.0  # seconds; injected timeouts hold a request longer than this


@pytest.fixture
async def emulator() -> AsyncIterator[BotAPIEmulator]:
    emulator = BotAPIEmulator(token=TEST_TOKEN)
    await emulator.start()
    yield emulator
    await emulator.stop()


@pytest.fixture
def short_timeouts(monkeypatch: pytest.MonkeyPatch) -> None:
    create_bot = bot.app.create_bot

    def create_bot_with_short_timeout(settings: Settings) -> Bot:
        made = create_bot(settings)
        made.session.timeout = CLIENT_TIMEOUT
        return made

    monkeypatch.setattr(bot.app, "create_bot", create_bot_with_short_timeout)


@pytest.fixture
async def running_bot(
    settings: Settings, emulator: BotAPIEmulator, engine: AsyncEngine, short_timeouts: None
) -> AsyncIterator[RunningBot]:
    bot_settings = settings.model_copy(update={"telegram_api_url": emulator.base_url})
    running = RunningBot(bot_settings, emulator)
    await running.start()
    yield running
    await running.stop()
    # Injected faults are not the bot's fault; anything else refused would be.
    assert emulator.rejections == []


class Fed:
    """Feeds updates straight into the Dispatcher and reads the emulator's chat back."""

    def __init__(self, app: App, emulator: BotAPIEmulator) -> None:
        self.app = app
        self.emu = emulator
        self._update_ids = itertools.count(1)
        self._user_ids = itertools.count(900_000)

    async def _feed(self, user: EmulatedUser, update: dict[str, object]) -> list[BotMessage]:
        mark = len(self.emu.log)
        await self.app.dispatcher.feed_raw_update(
            self.app.bot, {"update_id": next(self._update_ids), **update}
        )
        ids = dict.fromkeys(
            e.message_id
            for e in self.emu.log[mark:]
            if e.chat_id == user.chat_id and e.action in ("sent", "edited")
        )
        chat = self.emu.bot_messages.get(user.chat_id, {})
        return [chat[i] for i in ids if i in chat]

    async def send(self, user: EmulatedUser, text: str) -> list[BotMessage]:
        return await self._feed(user, user.text_update(text))

    async def press(self, user: EmulatedUser, label: str) -> list[BotMessage]:
        return await self._feed(user, user.press_update(label))

    def state(self, user: EmulatedUser) -> FSMContext:
        return self.app.dispatcher.fsm.get_context(self.app.bot, user.chat_id, user.id)

    async def db_user(self, user_id: int) -> User:
        async with self.app.session_factory() as session:
            row = await session.get(User, user_id)
        assert row is not None
        return row

    async def known_user(self, *, role: str = "sales_manager") -> EmulatedUser:
        """An onboarded user, seeded straight into the database."""
        user_id = next(self._user_ids)
        await seed_users(self.app.engine, [user_id], datetime.now(UTC), role=role)
        return self.emu.user(user_id, "Тест")


@pytest.fixture
async def fed(
    settings: Settings, emulator: BotAPIEmulator, caplog: pytest.LogCaptureFixture
) -> AsyncIterator[Fed]:
    """The bot's Dispatcher fed directly; no error may be logged, no call refused."""
    app = await build_app(settings.model_copy(update={"telegram_api_url": emulator.base_url}))
    yield Fed(app, emulator)
    await app.close()
    assert emulator.rejections == []
    failures = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert failures == [], [r.getMessage() for r in failures]


async def onboard(user: EmulatedUser) -> None:
    await user.send("/start")
    await user.press("Русский")
    await user.press("Менеджер по продажам")
    await user.press("Москва · UTC+3")
    await user.press("09:00")
