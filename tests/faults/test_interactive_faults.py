"""The emulator fails calls the way Telegram sometimes does while a person uses the bot:
429 with retry_after, 5xx, a request held past the client's timeout, a dropped connection.
The user still gets the answer, what they typed is kept, and nothing the bot sent was refused
for its own sake (``running_bot`` checks ``emulator.rejections`` on the way out)."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.db.checkin_models import CheckIn
from bot.db.drill_models import DrillAttempt
from bot.devtools.emulator import BotAPIEmulator, FaultPlan
from tests.e2e.conftest import RunningBot
from tests.faults.conftest import CLIENT_TIMEOUT, onboard
from tests.support.drill_answers import model_answer_for

Inject = Callable[[FaultPlan, str], object]

FAULTS: dict[str, Inject] = {
    "429": lambda faults, method: faults.rate_limit(1, method=method),
    "502": lambda faults, method: faults.server_error(502, method=method),
    "503": lambda faults, method: faults.server_error(503, method=method),
    "timeout": lambda faults, method: faults.timeout(CLIENT_TIMEOUT + 0.5, method=method),
    "dropped": lambda faults, method: faults.drop(method=method),
}


@pytest.mark.parametrize("kind", sorted(FAULTS))
async def test_tip_arrives_despite_a_failed_send(
    kind: str, running_bot: RunningBot, emulator: BotAPIEmulator
) -> None:
    user = emulator.user(101, "Анна")
    await onboard(user)
    FAULTS[kind](emulator.faults, "sendMessage")
    replies = await user.send("/tip")
    assert len(emulator.faults.fired) == 1
    assert [m.text.startswith("💡") for m in replies] == [True]  # the tip, once, no apology


async def test_drill_answer_is_kept_through_5xx_and_a_dropped_connection(
    running_bot: RunningBot,
    emulator: BotAPIEmulator,
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    user = emulator.user(102, "Борис")
    await onboard(user)
    drill = await user.send("/drill")
    answer = model_answer_for(drill[-1].text)
    emulator.faults.server_error(502, method="sendMessage", times=2)
    emulator.faults.drop(method="sendMessage")
    replies = await user.send(answer)
    assert emulator.faults.count() == 3
    assert "📋" in replies[-1].text  # the scored feedback
    async with session_factory() as session:
        attempt = await session.scalar(select(DrillAttempt).where(DrillAttempt.user_id == 102))
    assert attempt is not None
    assert attempt.answer is not None
    assert attempt.answer == answer


async def test_checkin_survives_a_steady_trickle_of_faults(
    running_bot: RunningBot,
    emulator: BotAPIEmulator,
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    user = emulator.user(103, "Вера")
    await onboard(user)
    await user.send("/checkin")
    # A steady trickle of 429s and 5xx for the whole dialogue.
    emulator.faults.rate_limit(1, times=None, every=4)
    emulator.faults.server_error(500, times=None, every=3)
    await user.press("4 🙂")
    await user.send("150 000")
    await user.send("12 3")
    replies = await user.send("Хороший день")
    emulator.faults.clear()
    assert emulator.faults.count("rate_limit") >= 1
    assert emulator.faults.count("server_error") >= 1
    assert "✅" in replies[-1].text
    async with session_factory() as session:
        checkin = await session.scalar(select(CheckIn).where(CheckIn.user_id == 103))
    assert checkin is not None
    assert (checkin.energy, checkin.calls, checkin.meetings) == (4, 12, 3)
    assert checkin.note == "Хороший день"
    assert checkin.completed_at is not None


async def test_a_reply_performed_but_unanswered_may_repeat_never_vanish(
    running_bot: RunningBot, emulator: BotAPIEmulator
) -> None:
    """Telegram did send it, the answer got lost: the retry sends it again (at least once)."""
    user = emulator.user(104, "Глеб")
    await onboard(user)
    emulator.faults.drop(method="sendMessage", performed=True)
    replies = await user.send("/tip")
    tips = [m for m in replies if m.text.startswith("💡")]
    assert len(tips) == 2
    assert tips[0].text == tips[1].text


async def test_a_long_retry_after_is_not_waited_out_and_the_user_is_told(
    running_bot: RunningBot, emulator: BotAPIEmulator
) -> None:
    """A 429 asking for minutes is not slept through inside a handler: the apology goes out."""
    user = emulator.user(105, "Дина")
    await onboard(user)
    emulator.faults.rate_limit(120, method="sendMessage")
    replies = await user.send("/tip")
    assert len(replies) == 1
    assert not replies[0].text.startswith("💡")
    assert emulator.faults.pending == []  # consumed
