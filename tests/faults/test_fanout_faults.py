"""A scheduled fan-out through the one outbound path while the emulator misbehaves: every
due check-in reaches its user exactly once, except where Telegram performed a send whose
answer was lost — then at most once more (the at-least-once window in bot/delivery.py)."""

from __future__ import annotations

from collections import Counter
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from bench.seed import seed_due_checkins, seed_users
from bot.app import App, build_app
from bot.config import Settings
from bot.db.checkin_models import OutboxMessage
from bot.delivery import Delivery, RateLimiter
from bot.devtools.emulator import BotAPIEmulator
from handlers.outbox_messages import after_send, outbox_composer
from tests.faults.conftest import CLIENT_TIMEOUT

T0 = datetime(2026, 11, 23, 6, 0, tzinfo=UTC)  # Monday 09:00 in Moscow
USERS = list(range(1000, 1080))


@dataclass
class ManualClock:
    now: datetime = T0

    def __call__(self) -> datetime:
        return self.now


@pytest.fixture
async def app(
    settings: Settings, emulator: BotAPIEmulator, short_timeouts: None
) -> AsyncIterator[App]:
    app = await build_app(settings.model_copy(update={"telegram_api_url": emulator.base_url}))
    await seed_users(app.engine, USERS, T0)
    await seed_due_checkins(app.engine, USERS, T0, date(2026, 11, 23))
    for user_id in USERS:  # they have all talked to the bot before
        emulator.remember_chat(emulator.user(user_id).chat_json)
    yield app
    await app.close()


async def deliver_all(app: App, clock: ManualClock) -> None:
    delivery = Delivery(
        app.bot,
        app.session_factory,
        outbox_composer(app.i18n),
        RateLimiter(500, per_chat_interval=0.0),
        clock,
        after_send=after_send,
    )
    for _ in range(10):
        await delivery.run_once()
        async with app.session_factory() as session:
            waiting = await session.scalar(
                select(func.count())
                .select_from(OutboxMessage)
                .where(OutboxMessage.status.in_(("pending", "sending")))
            )
        if not waiting:
            return
        clock.now += timedelta(minutes=15)  # past any retry backoff
    raise AssertionError("the outbox never drained")


async def statuses(app: App) -> Counter[str]:
    async with app.session_factory() as session:
        rows = await session.scalars(select(OutboxMessage.status))
        return Counter(rows)


async def test_every_kind_of_fault_during_fan_out_loses_and_doubles_nothing(
    app: App, emulator: BotAPIEmulator
) -> None:
    emulator.faults.rate_limit(1, method="sendMessage", times=2, every=17)
    emulator.faults.server_error(502, method="sendMessage", times=None, every=7)
    emulator.faults.server_error(500, method="sendMessage", times=3, every=5)
    emulator.faults.timeout(CLIENT_TIMEOUT + 0.3, method="sendMessage", times=2, every=13)
    emulator.faults.drop(method="sendMessage", times=None, every=11)
    await deliver_all(app, ManualClock())
    fired = Counter(f.kind for f in emulator.faults.fired)
    assert set(fired) == {"rate_limit", "server_error", "timeout", "drop"}
    received = Counter(call.chat_id for call in emulator.sent_messages())
    assert received == Counter(dict.fromkeys(USERS, 1))
    assert await statuses(app) == Counter(sent=len(USERS))
    assert emulator.rejections == []


async def test_a_lost_answer_to_a_performed_send_doubles_only_that_message(
    app: App, emulator: BotAPIEmulator
) -> None:
    emulator.faults.drop(method="sendMessage", performed=True, chat_id=USERS[10])
    emulator.faults.timeout(
        CLIENT_TIMEOUT + 0.3, method="sendMessage", performed=True, chat_id=USERS[20]
    )
    await deliver_all(app, ManualClock())
    received = Counter(call.chat_id for call in emulator.sent_messages())
    expected = Counter(dict.fromkeys(USERS, 1))
    expected[USERS[10]] = expected[USERS[20]] = 2
    assert received == expected
    assert await statuses(app) == Counter(sent=len(USERS))
