"""Replies to one chat are paced to Telegram's per-chat limit instead of retried into 429s.

The end-to-end test floods one person's chat through the real Dispatcher and real HTTP to the
emulator, which enforces Telegram's limits (3 messages in any 3 s in a private chat, 20 a
minute in a group) and answers 429 with Telegram's exact text. The pacer and the emulator
share a fake monotonic clock whose sleep moves it, so nothing waits through real time and
nothing asserts a duration: the assertions are on counts and order.
"""

from __future__ import annotations

import asyncio
import functools
import itertools
import logging
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, datetime
from typing import Any

import pytest
from aiogram import Bot
from aiogram.exceptions import TelegramRetryAfter
from aiogram.methods import (
    AnswerCallbackQuery,
    EditMessageText,
    SendChatAction,
    SendMessage,
    TelegramMethod,
)
from aiogram.types import Update

from bench.seed import seed_users
from bot.app import App, build_app
from bot.config import Settings
from bot.devtools.emulator import BotAPIEmulator
from bot.middlewares.pacing import ChatPacer, ChatWindow, chat_pacer, paced_chat
from bot.middlewares.resilience import InteractiveScope
from tests.conftest import TEST_TOKEN
from tests.delivery.support import FakeMonotonic

NOW = datetime(2026, 11, 24, 9, 0, tzinfo=UTC)  # frozen: the throttle's buckets are exact
FLOODER, NEIGHBOUR = 710_001, 710_002


# ---- end to end ----------------------------------------------------------------------------


@pytest.fixture
def mono() -> FakeMonotonic:
    return FakeMonotonic()


@pytest.fixture
async def limited_emulator(mono: FakeMonotonic) -> AsyncIterator[BotAPIEmulator]:
    emulator = BotAPIEmulator(
        token=TEST_TOKEN,
        clock=mono,
        per_chat_rate=1.0,
        per_chat_burst=3,
        group_rate=20 / 60,
        group_burst=20,
    )
    await emulator.start()
    yield emulator
    await emulator.stop()


@pytest.fixture
async def paced_app(
    settings: Settings, limited_emulator: BotAPIEmulator, mono: FakeMonotonic
) -> AsyncIterator[App]:
    app = await build_app(
        settings.model_copy(
            update={
                "telegram_api_url": limited_emulator.base_url,
                "reply_pacing": True,
                # Real fair-use limits: the flood is throttled as it would be in production.
                "throttle_rate": 2.0,
                "throttle_burst": 10,
            }
        ),
        clock=lambda: NOW,
    )
    pacer = chat_pacer(app.bot)
    assert pacer is not None
    pacer.clock, pacer.sleep = mono, mono.sleep
    await seed_users(app.engine, [FLOODER, NEIGHBOUR], NOW)
    yield app
    await app.close()


async def test_a_flood_to_one_chat_gets_no_429_and_does_not_hold_up_another_chat(
    paced_app: App,
    limited_emulator: BotAPIEmulator,
    mono: FakeMonotonic,
    caplog: pytest.LogCaptureFixture,
) -> None:
    emu = limited_emulator
    flooder = emu.user(FLOODER, "Флуд")
    neighbour = emu.user(NEIGHBOUR, "Соседка")
    ids = itertools.count(1)

    def feed(update: dict[str, Any]) -> Awaitable[Any]:
        return paced_app.dispatcher.feed_raw_update(
            paced_app.bot, {"update_id": next(ids), **update}
        )

    flood = [feed(flooder.text_update("/tip")) for _ in range(30)]
    await asyncio.gather(*flood, feed(neighbour.text_update("/tip")))

    assert [r for r in emu.rejections if r.code == 429] == []
    assert emu.rejections == []
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert errors == [], [r.getMessage() for r in errors]
    assert "Traceback" not in caplog.text

    to_flooder = emu.sent_messages(FLOODER)
    to_neighbour = emu.sent_messages(NEIGHBOUR)
    # The throttle passes the burst of 10 and says "slow down" once; every one of those 11
    # replies arrived (paced, not refused), the other 19 updates were dropped silently.
    assert len(to_flooder) == 11
    assert len(to_neighbour) == 1
    pacer = chat_pacer(paced_app.bot)
    assert pacer is not None
    # Past the first three, each three replies to the flooder waited for the window ...
    assert pacer.waits[FLOODER] >= (len(to_flooder) - 1) // 3
    # ... while the neighbour's reply never waited and went out before the flood was through.
    assert NEIGHBOUR not in pacer.waits
    order = [call.chat_id for call in emu.sent_messages()]
    assert order.index(NEIGHBOUR) < len(order) - 1
    assert order[-1] == FLOODER
    # In Telegram's eyes no three-second window of the flooder's chat held more than three.
    times = [call.at for call in to_flooder]
    assert all(later - earlier >= 3.0 for earlier, later in itertools.pairwise(times[::3]))
    assert mono.slept  # the pacer really did wait (on the fake clock)


# ---- the pacer alone -----------------------------------------------------------------------


class Calls:
    """A stand-in for the HTTP session: records calls, answers or refuses them."""

    def __init__(self, mono: FakeMonotonic) -> None:
        self.mono = mono
        self.made: list[tuple[int | None, float]] = []
        self.refuse_with: int | None = None

    async def __call__(self, bot: Bot, method: TelegramMethod[Any]) -> Any:
        self.made.append((getattr(method, "chat_id", None), self.mono()))
        if self.refuse_with is not None:
            seconds, self.refuse_with = self.refuse_with, None
            text = f"Too Many Requests: retry after {seconds}"
            raise TelegramRetryAfter(method=method, message=text, retry_after=seconds)
        return True


async def interactive(call: Callable[[], Awaitable[Any]]) -> Any:
    """Run ``call`` as if an update were being handled (the pacer holds only replies)."""

    async def handler(event: Any, data: dict[str, Any]) -> Any:
        return await call()

    return await InteractiveScope()(handler, Update(update_id=1), {})


def send(chat_id: int) -> SendMessage:
    return SendMessage(chat_id=chat_id, text="hi")


@pytest.fixture
def pacer(mono: FakeMonotonic) -> ChatPacer:
    return ChatPacer(clock=mono, sleep=mono.sleep)


async def test_a_429_closes_only_that_chat_for_retry_after(
    pacer: ChatPacer, mono: FakeMonotonic
) -> None:
    calls = Calls(mono)
    bot: Any = None
    calls.refuse_with = 5
    with pytest.raises(TelegramRetryAfter):
        await interactive(lambda: pacer(calls, bot, send(1)))
    refused_at = mono()
    await interactive(lambda: pacer(calls, bot, send(2)))  # another chat: at once
    await interactive(lambda: pacer(calls, bot, send(1)))
    assert [chat for chat, _ in calls.made] == [1, 2, 1]
    assert calls.made[1][1] == refused_at
    assert calls.made[2][1] >= refused_at + 5
    assert pacer.waits == {1: 1}


async def test_a_chat_closed_for_longer_than_max_wait_is_refused_without_a_call(
    pacer: ChatPacer, mono: FakeMonotonic
) -> None:
    calls = Calls(mono)
    bot: Any = None
    calls.refuse_with = 120
    with pytest.raises(TelegramRetryAfter):
        await interactive(lambda: pacer(calls, bot, send(1)))
    with pytest.raises(TelegramRetryAfter) as caught:
        await interactive(lambda: pacer(calls, bot, send(1)))
    assert caught.value.retry_after >= 119
    assert len(calls.made) == 1  # the second reply never reached Telegram


async def test_scheduled_sends_are_recorded_not_held(pacer: ChatPacer, mono: FakeMonotonic) -> None:
    calls = Calls(mono)
    bot: Any = None
    for _ in range(5):  # outside an update: delivery's own limiter decides
        await pacer(calls, bot, send(1))
    assert len(calls.made) == 5
    assert mono.slept == []
    # An interactive reply right after counts them and waits for a free place in the window.
    await interactive(lambda: pacer(calls, bot, send(1)))
    assert mono.slept
    assert pacer.waits == {1: 1}


async def test_groups_get_twenty_a_minute(mono: FakeMonotonic) -> None:
    pacer = ChatPacer(clock=mono, sleep=mono.sleep, group=ChatWindow(20, 60.0))
    calls = Calls(mono)
    bot: Any = None
    for _ in range(21):
        await interactive(lambda: pacer(calls, bot, send(-100500)))
    times = [at for _, at in calls.made]
    assert times[19] == times[0]  # twenty at once
    assert times[20] >= times[0] + 60.0


def test_only_calls_that_put_a_message_into_a_chat_are_paced() -> None:
    assert paced_chat(send(7)) == 7
    assert paced_chat(EditMessageText(chat_id=-5, message_id=1, text="x")) == -5
    assert paced_chat(SendChatAction(chat_id=7, action="typing")) is None
    assert paced_chat(AnswerCallbackQuery(callback_query_id="q")) is None
    assert paced_chat(SendMessage(chat_id="@channel", text="x")) is None


async def test_quiet_chats_are_forgotten(pacer: ChatPacer, mono: FakeMonotonic) -> None:
    calls = Calls(mono)
    bot: Any = None
    for chat_id in range(1, 50):
        await interactive(functools.partial(pacer, calls, bot, send(chat_id)))
    assert pacer.chats_tracked == 49
    await mono.sleep(3600)
    await interactive(lambda: pacer(calls, bot, send(99)))
    assert pacer.chats_tracked == 1
