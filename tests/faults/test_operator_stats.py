"""/stats: the figures for an id in ADMIN_IDS, the unknown-command answer for anyone else."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.app import build_app
from bot.config import Settings
from bot.devtools.emulator import BotAPIEmulator
from tests.faults.conftest import Fed

ADMIN = 770_001


@pytest.fixture
async def operated(settings: Settings, emulator: BotAPIEmulator) -> AsyncIterator[Fed]:
    app = await build_app(
        settings.model_copy(update={"telegram_api_url": emulator.base_url, "admin_ids": [ADMIN]})
    )
    yield Fed(app, emulator)
    await app.close()
    assert emulator.rejections == []


async def test_stats_for_the_operator_only(operated: Fed) -> None:
    fed = operated
    member = await fed.known_user()
    await fed.send(member, "/checkin")
    await fed.press(member, "4 🙂")  # active this week
    await fed.app.ticker.tick()
    admin = fed.emu.user(ADMIN, "Оператор")
    replies = await fed.send(admin, "/stats")
    text = replies[-1].text
    assert "Пользователей: 2" in text  # the member and the operator
    assert "Активны за 7 дней: 1" in text
    assert "Команд: 0" in text
    assert "Очередь рассылки: 0" in text
    assert "UTC" in text  # the tick just ran

    replies = await fed.send(member, "/stats")
    assert "Пользователей" not in replies[-1].text
