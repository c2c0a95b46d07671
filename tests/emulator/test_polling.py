"""getUpdates: long polling, confirmation by offset, allowed_updates, and shutdown."""

from __future__ import annotations

import asyncio
import time

import pytest
from aiogram import Bot

from bot.devtools.emulator import BotAPIEmulator
from tests.emulator.conftest import make_bot


async def test_long_poll_returns_as_soon_as_an_update_arrives(
    emu: BotAPIEmulator, bot: Bot
) -> None:
    poll = asyncio.create_task(bot.get_updates(timeout=30))
    await emu.wait_polling()
    started = time.monotonic()
    update_id = emu.user(1001, first_name="Ann").send_nowait("hello")
    updates = await asyncio.wait_for(poll, 5)
    assert time.monotonic() - started < 2
    assert [u.update_id for u in updates] == [update_id]
    assert updates[0].message is not None
    assert updates[0].message.text == "hello"


async def test_long_poll_times_out_empty(bot: Bot) -> None:
    started = time.monotonic()
    assert await bot.get_updates(timeout=1) == []
    assert 0.9 <= time.monotonic() - started < 5


async def test_offset_confirms_earlier_updates(emu: BotAPIEmulator, bot: Bot) -> None:
    ann = emu.user(1001)
    first = ann.send_nowait("one")
    second = ann.send_nowait("two")
    assert [u.update_id for u in await bot.get_updates()] == [first, second]
    assert [u.update_id for u in await bot.get_updates()] == [first, second]  # not confirmed
    assert not emu.updates.is_processed(first)
    assert [u.update_id for u in await bot.get_updates(offset=second)] == [second]
    assert emu.updates.is_processed(first)
    await emu.wait_processed(first, timeout=1)
    assert await bot.get_updates(offset=second + 1) == []
    assert await bot.get_updates(limit=1, offset=second + 1) == []


async def test_limit(emu: BotAPIEmulator, bot: Bot) -> None:
    ann = emu.user(1001)
    ids = [ann.send_nowait(str(i)) for i in range(3)]
    assert [u.update_id for u in await bot.get_updates(limit=2)] == ids[:2]


async def test_allowed_updates_filters_and_counts_as_handled(emu: BotAPIEmulator, bot: Bot) -> None:
    ann = emu.user(1001)
    message = ann.send_nowait("text")
    edited = emu.push_update(
        {
            "edited_message": {
                "message_id": 1,
                "date": 0,
                "edit_date": 1,
                "chat": ann.chat_json,
                "from": ann.user_json,
                "text": "text!",
            }
        }
    )
    updates = await bot.get_updates(allowed_updates=["message"])
    assert [u.update_id for u in updates] == [message]
    await emu.wait_processed(edited, timeout=1)  # never delivered, so nothing to wait for


async def test_wait_processed_times_out_with_a_clear_message(emu: BotAPIEmulator) -> None:
    update_id = emu.user(1001).send_nowait("anyone?")
    with pytest.raises(TimeoutError, match=f"did not confirm update {update_id} within 0.2s"):
        await emu.wait_processed(update_id, timeout=0.2)


async def test_stop_releases_pending_long_polls(emu: BotAPIEmulator) -> None:
    bot = make_bot(emu)
    try:
        poll = asyncio.create_task(bot.get_updates(timeout=60))
        await emu.wait_polling()
        await asyncio.sleep(0)  # let the request reach the server
        await asyncio.wait_for(emu.stop(), 10)
        assert await asyncio.wait_for(poll, 5) == []
    finally:
        await bot.session.close()


async def test_drop_pending_updates(emu: BotAPIEmulator, bot: Bot) -> None:
    update_id = emu.user(1001).send_nowait("old")
    await bot.delete_webhook(drop_pending_updates=True)
    assert await bot.get_updates() == []
    await emu.wait_processed(update_id, timeout=1)
    info = await bot.get_webhook_info()
    assert (info.url, info.pending_update_count) == ("", 0)
