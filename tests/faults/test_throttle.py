"""Per-user throttling through the real Dispatcher, with the clock in the test's hands.

A flood from one user gets its burst answered, one "slow down", then silence; dialogue
answers and check-in buttons are never dropped; another user is untouched; after a pause
the flooder is answered again.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from bot.app import build_app
from bot.config import Settings
from bot.db.checkin_models import CheckIn
from bot.devtools.emulator import BotAPIEmulator
from handlers.states import Checkin
from tests.faults.conftest import Fed

BURST = 5
SLOW_DOWN = "Слишком много сообщений подряд"


@dataclass
class FrozenClock:
    now: datetime

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
def clock() -> FrozenClock:
    return FrozenClock(datetime.now(UTC).replace(microsecond=0))


@pytest.fixture
async def throttled(
    settings: Settings, emulator: BotAPIEmulator, clock: FrozenClock
) -> AsyncIterator[Fed]:
    limited = settings.model_copy(
        update={
            "telegram_api_url": emulator.base_url,
            "throttle_rate": 1.0,
            "throttle_burst": BURST,
        }
    )
    app = await build_app(limited, clock=clock)
    yield Fed(app, emulator)
    await app.close()
    assert emulator.rejections == []


async def test_a_flood_gets_its_burst_one_slow_down_then_silence(
    throttled: Fed, clock: FrozenClock
) -> None:
    fed = throttled
    flooder = await fed.known_user()
    other = await fed.known_user()
    replies = []
    for _ in range(40):
        replies.extend(await fed.send(flooder, "/tip"))
    texts = [m.text for m in replies]
    assert sum(SLOW_DOWN in t for t in texts) == 1
    assert len([t for t in texts if SLOW_DOWN not in t]) <= BURST * 2  # a tip may be 2 messages
    assert await fed.send(other, "/help"), "another user is not throttled"
    clock.now += timedelta(seconds=3)  # three tokens back
    after_pause = await fed.send(flooder, "/help")
    assert after_pause
    assert SLOW_DOWN not in after_pause[-1].text


async def test_dialogue_answers_and_checkin_buttons_are_never_dropped(
    throttled: Fed, clock: FrozenClock
) -> None:
    fed = throttled
    user = await fed.known_user()
    await fed.send(user, "/checkin")
    flood = []
    for _ in range(BURST * 3):  # spend every token and more: commands are throttled
        flood.extend(await fed.send(user, "/help"))
    assert sum(SLOW_DOWN in m.text for m in flood) == 1
    await fed.press(user, "3 😐")  # a check-in button in the flood
    assert await fed.state(user).get_state() == Checkin.sales.state
    await fed.send(user, "120 000")  # a dialogue answer in the flood
    await fed.press(user, "Пропустить")
    await fed.send(user, "Заметка в спешке")
    async with fed.app.session_factory() as session:
        checkin = await session.scalar(select(CheckIn).where(CheckIn.user_id == user.id))
    assert checkin is not None
    assert checkin.energy == 3
    assert checkin.note == "Заметка в спешке"
