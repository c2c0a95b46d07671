"""A morning burst: 100 updates in flight at once, every Bot API call a 50 ms round trip.

The real polling loop handles updates as tasks (as in production), so all of them run
concurrently against one SQLite file. Before the update's transaction was committed ahead of
its replies, each writer held SQLite's write lock across its Telegram round trips and 4-6 % of
such a burst died with ``database is locked``. Here every step of onboarding (a new user row,
the language, the role) is sent by 100 users at once, and nothing may be lost or fail.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.app import run_polling
from bot.config import Settings
from bot.db.models import User
from bot.devtools.emulator import BotAPIEmulator
from bot.devtools.emulator.users import EmulatedUser
from tests.faults.test_kill_restart import wait_until

IN_FLIGHT = 100
ROUND_TRIP = 0.05  # seconds: a bot in Russia talking to Telegram
USER_IDS = range(810_000, 810_000 + IN_FLIGHT)


@pytest.fixture
async def polling_bot(
    settings: Settings, emulator: BotAPIEmulator, engine: AsyncEngine
) -> AsyncIterator[None]:
    emulator.latency.set(ROUND_TRIP)
    polling = asyncio.create_task(
        run_polling(
            settings.model_copy(update={"telegram_api_url": emulator.base_url}),
            handle_as_tasks=True,
        )
    )
    await emulator.wait_polling(timeout=30)
    yield
    polling.cancel()
    with contextlib.suppress(asyncio.CancelledError):
        await polling
    assert emulator.rejections == []


def shows(user: EmulatedUser, label: str) -> bool:
    return any(
        label in str(button.get("text"))
        for message in user.messages
        for row in message.inline_keyboard
        for button in row
    )


async def burst(users: list[EmulatedUser], act: str, then_shows: str, *, press: bool) -> None:
    for user in users:
        if press:
            user.press_nowait(act)
        else:
            user.send_nowait(act)
    await wait_until(
        lambda: all(shows(user, then_shows) for user in users),
        120,
        f"{len(users)} answers to {act!r}",
    )


async def test_100_updates_in_flight_over_a_slow_network_lose_nothing_and_never_lock(
    polling_bot: None,
    emulator: BotAPIEmulator,
    session_factory: async_sessionmaker[AsyncSession],
    caplog: pytest.LogCaptureFixture,
) -> None:
    users = [emulator.user(user_id, f"Имя {user_id}") for user_id in USER_IDS]
    await burst(users, "/start", "Русский", press=False)
    await burst(users, "Русский", "Менеджер по продажам", press=True)
    await burst(users, "Менеджер по продажам", "Москва", press=True)

    async with session_factory() as session:
        roles = dict(
            (await session.execute(select(User.id, User.role).where(User.id.in_(USER_IDS)))).all()
        )
    assert roles == dict.fromkeys(USER_IDS, "sales_manager")
    assert "database is locked" not in caplog.text
    failures = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert failures == []
    # Every user got exactly the three questions, each once.
    for user in users:
        assert len(emulator.sent_messages(user.chat_id)) == 4, user.id  # welcome + 3 questions
