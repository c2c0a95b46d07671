"""A 429 from Telegram is flood control, not a bug: one WARNING line, never a traceback."""

from __future__ import annotations

import logging

import pytest

from bot.devtools.emulator import BotAPIEmulator
from tests.e2e.conftest import RunningBot
from tests.faults.conftest import onboard


async def test_a_429_is_logged_as_one_line_without_a_traceback(
    running_bot: RunningBot, emulator: BotAPIEmulator, caplog: pytest.LogCaptureFixture
) -> None:
    user = emulator.user(106, "Ева")
    await onboard(user)
    caplog.clear()
    emulator.faults.rate_limit(120, method="sendMessage")  # longer than a handler waits
    await user.send("/tip")
    assert emulator.faults.pending == []
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert "Traceback" not in caplog.text
    assert any("429" in r.getMessage() for r in caplog.records if r.levelno == logging.WARNING)
