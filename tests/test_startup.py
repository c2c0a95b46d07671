"""Start-up work is safe when several instances start at once. (Their migrations racing on
PostgreSQL: tests/pg/test_two_instances.py.)"""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.app import build_app
from bot.config import Settings
from bot.devtools.emulator import BotAPIEmulator
from bot.devtools.emulator.errors import too_many_requests
from tests.conftest import TEST_TOKEN


@pytest.fixture
async def emulator() -> AsyncIterator[BotAPIEmulator]:
    emulator = BotAPIEmulator(token=TEST_TOKEN)
    await emulator.start()
    yield emulator
    await emulator.stop()


async def test_a_refused_command_menu_does_not_stop_start_up(
    settings: Settings, emulator: BotAPIEmulator, caplog: pytest.LogCaptureFixture
) -> None:
    """Many replicas starting together may get a 429 for setMyCommands: log it, go on."""

    async def busy(method: str, chat_id: object) -> None:
        if method == "setMyCommands":
            raise too_many_requests(5)

    emulator.before_call = busy
    app = await build_app(settings.model_copy(update={"telegram_api_url": emulator.base_url}))
    try:
        await app.dispatcher.emit_startup(bot=app.bot)
        assert app.scheduler.running  # the rest of start-up went on
        assert "Command menus not updated" in caplog.text
    finally:
        await app.dispatcher.emit_shutdown()
        await app.close()
