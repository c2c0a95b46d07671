"""A press that Telegram has already expired still does what was pressed.

Telegram refuses ``answerCallbackQuery`` once a press is older than its answer window. A press
reaches the bot that late after a restart, or behind a stalled database. The answer only stops
the button's spinner, so the refusal must not abort the handler: before, the step was lost
and the user saw nothing happen (the restarted bot of tests/faults/test_kill_mid_dialogue.py
on PostgreSQL + Redis).
"""

from __future__ import annotations

import logging

import pytest

from bot.devtools.emulator import BotAPIEmulator
from tests.e2e.conftest import RunningBot


async def test_an_expired_press_still_moves_the_dialogue_on(
    running_bot: RunningBot, emulator: BotAPIEmulator, caplog: pytest.LogCaptureFixture
) -> None:
    user = emulator.user(7301, "Ника")
    await user.send("/start")
    await user.press("Русский")
    emulator.callback_answer_timeout = -1.0  # every answer now comes too late

    replies = await user.press("Менеджер по продажам")

    assert any(
        "Москва · UTC+3" in str(b.get("text"))
        for m in replies
        for r in m.inline_keyboard
        for b in r
    )
    errors = [r.getMessage() for r in caplog.records if r.levelno >= logging.ERROR]
    assert errors == []
    emulator.rejections.clear()  # the refused answer is Telegram's doing, on purpose here
