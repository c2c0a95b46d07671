"""Another connection holds SQLite's write lock. Shorter than the busy timeout: the bot's
write waits and succeeds. Longer: the user is told politely to try again, nothing is
half-saved (no "saved" reply, the dialogue still waits at the same step), and sending the
same answer again once the lock is gone is kept."""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from sqlalchemy import select

from bot.app import build_app
from bot.config import Settings
from bot.db.checkin_models import Plan
from bot.devtools.emulator import BotAPIEmulator
from handlers.states import PlanInput
from tests.faults.conftest import Fed

pytestmark = pytest.mark.sqlite_only  # PostgreSQL has row locks and no busy timeout

BUSY_TIMEOUT_MS = 400


@pytest.fixture
async def busy_fed(settings: Settings, emulator: BotAPIEmulator) -> AsyncIterator[Fed]:
    app = await build_app(
        settings.model_copy(
            update={
                "telegram_api_url": emulator.base_url,
                "sqlite_busy_timeout_ms": BUSY_TIMEOUT_MS,
            }
        )
    )
    yield Fed(app, emulator)
    await app.close()
    assert emulator.rejections == []


def lock(path: Path) -> sqlite3.Connection:
    """A second writer that took the write lock and sits on it."""
    connection = sqlite3.connect(path, timeout=0.1, isolation_level=None)
    connection.execute("BEGIN IMMEDIATE")
    return connection


def unlock(connection: sqlite3.Connection) -> None:
    connection.execute("ROLLBACK")
    connection.close()


async def plan_of(fed: Fed, user_id: int) -> Plan | None:
    async with fed.app.session_factory() as session:
        return await session.scalar(select(Plan).where(Plan.user_id == user_id))


async def ask_for_plan(fed: Fed) -> int:
    user = await fed.known_user()
    await fed.send(user, "/plan")
    await fed.press(user, "✏️ Задать план")
    return user.id


async def test_a_short_lock_is_waited_out(busy_fed: Fed, settings: Settings) -> None:
    assert settings.sqlite_path is not None
    user = busy_fed.emu.user(await ask_for_plan(busy_fed))
    holder = lock(settings.sqlite_path)
    answering = asyncio.create_task(busy_fed.send(user, "150к"))
    await asyncio.sleep(BUSY_TIMEOUT_MS / 4000)  # a quarter of the busy timeout
    unlock(holder)
    replies = await answering
    assert replies[-1].text.startswith("✅")
    plan = await plan_of(busy_fed, user.id)
    assert plan is not None
    assert plan.target == 150_000


async def test_a_long_lock_gets_a_polite_try_again_and_loses_nothing(
    busy_fed: Fed, settings: Settings, caplog: pytest.LogCaptureFixture
) -> None:
    assert settings.sqlite_path is not None
    user = busy_fed.emu.user(await ask_for_plan(busy_fed))
    holder = lock(settings.sqlite_path)
    try:
        replies = await busy_fed.send(user, "150к")
    finally:
        unlock(holder)
    assert [r.text for r in replies] == [
        "😔 Не получилось сохранить — ничего не изменилось. Отправьте ещё раз через минуту."
    ]
    assert await plan_of(busy_fed, user.id) is None
    assert await busy_fed.state(user).get_state() == PlanInput.amount.state
    assert "database is locked" in caplog.text  # logged for the admin, not shown to the user
    # The lock is gone: the same answer again is kept.
    replies = await busy_fed.send(user, "150к")
    assert replies[-1].text.startswith("✅")
    plan = await plan_of(busy_fed, user.id)
    assert plan is not None
    assert plan.target == 150_000


async def test_a_commit_refused_by_the_lock_is_never_acknowledged_as_saved(
    busy_fed: Fed, settings: Settings
) -> None:
    """The zone button only changes the user row; the change is flushed by the commit that
    runs before the first reply. Refused there, the reply is not sent: the user reads
    "not saved", not the answer recorded in the question."""
    assert settings.sqlite_path is not None
    user = busy_fed.emu.user(880_001, "Лена")
    await busy_fed.send(user, "/start")
    await busy_fed.press(user, "Русский")
    await busy_fed.press(user, "Менеджер по продажам")
    question = user.last
    holder = lock(settings.sqlite_path)
    try:
        replies = await busy_fed.press(user, "Москва · UTC+3")
    finally:
        unlock(holder)
    assert [r.text for r in replies] == [
        "😔 Не получилось сохранить — ничего не изменилось. Отправьте ещё раз через минуту."
    ]
    assert question.inline_keyboard  # the question was not turned into a record of the answer
    # The press may have been answered (spinner stopped) before the change; never as saved.
    assert all("✅" not in str(answer.get("text")) for answer in user.callback_answers)
    assert (await busy_fed.db_user(user.id)).timezone is None
    assert await busy_fed.state(user).get_state() == "Setup:timezone"
    # The lock is gone: the same press again is kept.
    replies = await busy_fed.press(user, "Москва · UTC+3")
    assert (await busy_fed.db_user(user.id)).timezone == "Europe/Moscow"
    assert await busy_fed.state(user).get_state() == "Setup:checkin_time"
