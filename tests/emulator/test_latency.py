"""Injected Bot API latency: every call costs its round trip, and calls in flight overlap.

The delays are observed through a replaced ``sleep``, never waited through, so the tests
take no wall-clock time and assert no durations.
"""

from __future__ import annotations

import asyncio

import pytest
from aiogram import Bot

from bot.devtools.emulator import BotAPIEmulator, EmulatedUser, Latency


class RecordingSleep:
    """Records each leg's delay; the legs listed in ``hold`` wait until ``release()``."""

    def __init__(self, hold: set[int] | None = None) -> None:
        self.calls: list[float] = []
        self.hold = hold or set()
        self.waiting = asyncio.Event()
        self._gate = asyncio.Event()

    async def __call__(self, seconds: float) -> None:
        index = len(self.calls)
        self.calls.append(seconds)
        if index in self.hold:
            self.waiting.set()
            await self._gate.wait()

    def release(self) -> None:
        self._gate.set()


async def test_each_call_costs_half_the_round_trip_each_way(
    emu: BotAPIEmulator, bot: Bot, ann: EmulatedUser
) -> None:
    sleep = RecordingSleep()
    emu.latency.sleep = sleep
    emu.latency.set(0.1)

    await bot.send_message(ann.id, "Привет")
    await bot.get_me()

    assert sleep.calls == [0.05, 0.05, 0.05, 0.05]
    assert [call.method for call in emu.sent_messages()] == ["sendMessage"]


async def test_zero_latency_adds_no_wait(emu: BotAPIEmulator, bot: Bot, ann: EmulatedUser) -> None:
    sleep = RecordingSleep()
    emu.latency.sleep = sleep

    await bot.send_message(ann.id, "Привет")

    assert sleep.calls == []


async def test_latency_can_be_limited_to_some_methods(
    emu: BotAPIEmulator, bot: Bot, ann: EmulatedUser
) -> None:
    sleep = RecordingSleep()
    emu.latency.sleep = sleep
    emu.latency.set(0.05, methods={"sendMessage"})

    await bot.get_me()
    assert sleep.calls == []
    await bot.send_message(ann.id, "Привет")
    assert sleep.calls == [0.025, 0.025]


async def test_a_slow_call_does_not_hold_up_other_calls(
    emu: BotAPIEmulator, bot: Bot, ann: EmulatedUser
) -> None:
    bob = emu.user(1002, first_name="Bob")
    bob.send_nowait("/start")
    sleep = RecordingSleep(hold={0})  # Ann's request stays on its way to Telegram
    emu.latency.sleep = sleep
    emu.latency.set(0.1)

    to_ann = asyncio.create_task(bot.send_message(ann.id, "Первое"))
    await sleep.waiting.wait()
    await bot.send_message(bob.id, "Второе")  # served while Ann's call is in flight

    assert not to_ann.done()
    assert [call.chat_id for call in emu.sent_messages()] == [bob.id]
    sleep.release()
    await to_ann
    assert [call.chat_id for call in emu.sent_messages()] == [bob.id, ann.id]


async def test_a_refused_call_also_pays_the_round_trip(emu: BotAPIEmulator, bot: Bot) -> None:
    sleep = RecordingSleep()
    emu.latency.sleep = sleep
    emu.latency.set(0.05)

    with pytest.raises(Exception, match="chat not found"):
        await bot.send_message(424242, "Никому")

    assert sleep.calls == [0.025, 0.025]
    assert emu.rejections[-1].method == "sendMessage"


def test_jitter_stays_within_bounds_and_is_reproducible() -> None:
    first = Latency(0.1, jitter=0.02, seed=7)
    second = Latency(0.1, jitter=0.02, seed=7)

    trips = [first.round_trip("sendMessage") for _ in range(200)]

    assert all(0.08 <= trip <= 0.12 for trip in trips)
    assert len(set(trips)) > 100
    assert trips == [second.round_trip("sendMessage") for _ in range(200)]


def test_constructor_sets_the_round_trip_for_every_method() -> None:
    emulator = BotAPIEmulator(latency=0.05)

    assert emulator.latency.round_trip("getUpdates") == 0.05
    assert emulator.latency.round_trip("sendMessage") == 0.05


@pytest.mark.parametrize(("rtt", "jitter"), [(-0.01, 0.0), (0.05, -0.01), (0.05, 0.06)])
def test_impossible_latencies_are_refused(rtt: float, jitter: float) -> None:
    with pytest.raises(ValueError, match="must not"):
        Latency(rtt, jitter=jitter)
