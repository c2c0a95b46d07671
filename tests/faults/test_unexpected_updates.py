"""Updates from where the bot does not work, or that no handler can serve: groups and
supergroups (only /start and /help get a pointer to the private chat), channel posts
(ignored), edited messages (a polite note, nothing changes), messages without a sender or
from another bot, and update types newer than our aiogram (acknowledged, ignored)."""

from __future__ import annotations

import time
from typing import Any

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.db.models import User
from bot.devtools.emulator import BotAPIEmulator
from tests.e2e.conftest import RunningBot
from tests.faults.conftest import onboard
from tests.support.drill_answers import model_answer_for

GROUP = {"id": -100500, "type": "group", "title": "Отдел продаж"}
SUPERGROUP = {"id": -1001234567890, "type": "supergroup", "title": "Sales floor"}
CHANNEL = {"id": -1009876543210, "type": "channel", "title": "Новости"}


def person(user_id: int, language: str = "ru", *, is_bot: bool = False) -> dict[str, Any]:
    return {"id": user_id, "is_bot": is_bot, "first_name": "Ира", "language_code": language}


def text_message(chat: dict[str, Any], text: str, sender: dict[str, Any] | None) -> dict[str, Any]:
    body: dict[str, Any] = {
        "message_id": int(time.monotonic_ns() % 1_000_000_000),
        "chat": chat,
        "date": int(time.time()),
        "text": text,
    }
    if text.startswith("/"):
        length = len(text.split()[0])
        body["entities"] = [{"type": "bot_command", "offset": 0, "length": length}]
    if sender is not None:
        body["from"] = sender
    return body


async def push(emulator: BotAPIEmulator, update: dict[str, Any]) -> None:
    await emulator.wait_processed(emulator.push_update(update))


async def count_users(session_factory: async_sessionmaker[AsyncSession]) -> int:
    async with session_factory() as session:
        return int(await session.scalar(select(func.count()).select_from(User)) or 0)


@pytest.mark.parametrize(
    ("chat", "command", "language", "expected"),
    [
        (GROUP, "/start", "ru", "только в личном чате"),
        (SUPERGROUP, "/start@SalesCoachBot", "en", "private chat only"),
        (GROUP, "/help", "en", "private chat only"),
    ],
)
async def test_in_groups_start_points_to_the_private_chat(
    chat: dict[str, Any],
    command: str,
    language: str,
    expected: str,
    running_bot: RunningBot,
    emulator: BotAPIEmulator,
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    await push(emulator, {"message": text_message(chat, command, person(7, language))})
    replies = emulator.messages_in(chat["id"])
    assert len(replies) == 1
    assert expected in replies[0].text
    assert "@SalesCoachBot" in replies[0].text
    assert await count_users(session_factory) == 0  # group members are not our users


async def test_group_chatter_and_other_commands_get_no_answer(
    running_bot: RunningBot,
    emulator: BotAPIEmulator,
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    for text in ("Всем привет!", "/tip", "/checkin", "150 000"):
        await push(emulator, {"message": text_message(SUPERGROUP, text, person(8))})
    await push(emulator, {"message": text_message(SUPERGROUP, "/start", None)})  # anonymous
    assert len(emulator.messages_in(SUPERGROUP["id"])) == 1  # only the anonymous /start
    assert await count_users(session_factory) == 0


async def test_channel_posts_are_ignored(
    running_bot: RunningBot,
    emulator: BotAPIEmulator,
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    for kind in ("channel_post", "edited_channel_post"):
        await push(emulator, {kind: text_message(CHANNEL, "/start", None)})
    assert emulator.messages_in(CHANNEL["id"]) == []
    assert await count_users(session_factory) == 0


async def test_an_edited_message_changes_nothing_and_says_so(
    running_bot: RunningBot, emulator: BotAPIEmulator
) -> None:
    user = emulator.user(9, "Ира")
    await onboard(user)
    drill = await user.send("/drill")
    before = len(user.messages)
    edited = text_message(user.chat_json, "исправленный ответ", user.user_json)
    edited["edit_date"] = int(time.time())
    await push(emulator, {"edited_message": edited})
    replies = user.messages[before:]
    assert len(replies) == 1
    assert "новым сообщением" in replies[0].text
    # The drill is still waiting for a real answer.
    feedback = await user.send(model_answer_for(drill[-1].text))
    assert "📋" in feedback[-1].text


async def test_private_messages_without_a_sender_or_from_bots_are_ignored(
    running_bot: RunningBot,
    emulator: BotAPIEmulator,
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    chat = {"id": 31, "type": "private", "first_name": "X"}
    await push(emulator, {"message": text_message(chat, "/start", None)})
    bot_chat = {"id": 32, "type": "private", "first_name": "Robo"}
    await push(emulator, {"message": text_message(bot_chat, "/start", person(32, is_bot=True))})
    assert emulator.messages_in(31) == []
    assert emulator.messages_in(32) == []
    assert await count_users(session_factory) == 0


async def test_unknown_update_types_are_acknowledged_and_ignored(
    running_bot: RunningBot, emulator: BotAPIEmulator
) -> None:
    user = emulator.user(10, "Ира")
    # A type from a future Bot API, and an empty one: both are confirmed, nothing breaks.
    await push(emulator, {"future_update_kind": {"id": 1}})
    await push(emulator, {})
    replies = await user.send("/start")
    assert replies
