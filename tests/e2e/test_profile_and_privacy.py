"""/settings, /privacy, /delete_me, deep links, old buttons, errors — from the user's side."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.db.models import FsmRecord, User
from bot.devtools.emulator import BotAPIEmulator
from bot.devtools.emulator.models import BotMessage, CallbackQueryRecord
from bot.devtools.emulator.users import EmulatedUser
from tests.e2e.conftest import RunningBot


async def onboard(user: EmulatedUser, *, role: str = "Менеджер по продажам") -> None:
    await user.send("/start")
    await user.press("Русский")
    await user.press(role)
    await user.press("Москва · UTC+3")
    await user.press("09:00")


async def test_settings_change_role_and_language(
    running_bot: RunningBot,
    emulator: BotAPIEmulator,
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    ann = emulator.user(2001, first_name="Анна")
    await onboard(ann)

    replies = await ann.send("/settings")
    assert "Роль: Менеджер по продажам" in replies[0].text
    replies = await ann.press("👤 Роль")
    assert ["Менеджер по продажам ✓"] in replies[-1].buttons
    replies = await ann.press("Тренер по продажам")
    assert "Сохранено" in replies[-1].text
    assert "Роль: Тренер по продажам" in replies[-1].text

    await ann.press("🌐 Язык")
    replies = await ann.press("English")
    assert "Role: Sales trainer" in replies[-1].text
    replies = await ann.press("✔️ Done")
    assert "Settings saved" in replies[-1].text

    async with session_factory() as session:
        user = await session.get(User, 2001)
    assert user is not None
    assert (user.role, user.language) == ("sales_trainer", "en")


async def test_settings_before_onboarding_points_to_start(
    running_bot: RunningBot, emulator: BotAPIEmulator
) -> None:
    replies = await emulator.user(2002, first_name="Nik").send("/settings")
    assert "/start" in replies[0].text


async def test_privacy_and_delete_me(
    running_bot: RunningBot,
    emulator: BotAPIEmulator,
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    ann = emulator.user(2003, first_name="Анна")
    await onboard(ann)

    replies = await ann.send("/privacy")
    assert "Что я храню" in replies[0].text

    replies = await ann.send("/delete_me")
    assert "нельзя отменить" in replies[0].text
    replies = await ann.press("Отмена")
    assert "ничего не удалено" in replies[-1].text

    await ann.send("/delete_me")
    replies = await ann.press("🗑 Да, удалить всё")
    assert "данные удалены" in replies[-1].text

    async with session_factory() as session:
        assert await session.get(User, 2003) is None
        fsm_rows = await session.scalar(
            select(func.count()).select_from(FsmRecord).where(FsmRecord.user_id == 2003)
        )
    assert fsm_rows == 0

    replies = await ann.send("/start")  # a fresh start afterwards
    assert "Шаг 1 из 4" in replies[-1].text


async def _press_with_data(
    emulator: BotAPIEmulator, user: EmulatedUser, message: BotMessage, data: str
) -> dict[str, object]:
    """Press a button carrying ``data`` on ``message``: an old or forged button."""
    query_id = f"forged-{emulator.next_id()}"
    emulator.callback_queries[query_id] = CallbackQueryRecord(
        query_id=query_id, chat_id=user.chat_id, created_at=emulator.clock()
    )
    update_id = emulator.push_update(
        {
            "callback_query": {
                "id": query_id,
                "from": user.user_json,
                "message": emulator.message_json(message),
                "chat_instance": str(user.chat_id),
                "data": data,
            }
        }
    )
    await emulator.wait_processed(update_id)
    return user.callback_answers[-1]


async def test_old_buttons_get_a_polite_answer(
    running_bot: RunningBot,
    emulator: BotAPIEmulator,
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    ann = emulator.user(2004, first_name="Анна")
    await onboard(ann, role="Аналитик отдела продаж")

    await ann.send("/settings")
    await ann.press("👤 Роль")
    role_picker = ann.last
    await ann.send("/settings")  # a new menu: the open role picker is now out of date

    await ann.press("Тренер по продажам")
    assert "устарела" in str(ann.callback_answers[-1]["text"])

    # A button from an older release whose value no longer exists, and pure garbage.
    for data in ("rl:chief_happiness_officer", "zz:1:2:3", "tm:99999"):
        answer = await _press_with_data(emulator, ann, role_picker, data)
        assert "устарела" in str(answer["text"])

    async with session_factory() as session:
        user = await session.get(User, 2004)
    assert user is not None
    assert user.role == "sales_analyst"


async def test_unknown_text_and_non_text(running_bot: RunningBot, emulator: BotAPIEmulator) -> None:
    newcomer = emulator.user(2005, first_name="Lee", language_code="en")
    replies = await newcomer.send("hello?")
    assert "/start" in replies[0].text
    await newcomer.send("/start")
    await newcomer.press("English")
    await newcomer.press("Sales admin")
    await newcomer.press("London · UTC+0")
    await newcomer.press("08:30")
    replies = await newcomer.send("what now")
    assert "/help" in replies[0].text
    replies = await newcomer.send_voice()
    assert "text and buttons" in replies[0].text


async def test_join_deep_link_is_kept_through_onboarding(
    running_bot: RunningBot, emulator: BotAPIEmulator
) -> None:
    ann = emulator.user(2006, first_name="Анна")
    await ann.send("/start join_AbCdEf012345")
    await ann.press("Русский")
    await ann.press("Менеджер по продажам")
    await ann.press("Москва · UTC+3")
    replies = await ann.press("09:00")
    assert "Готово" in replies[-2].text
    assert "приглашение" in replies[-1].text.lower()


async def test_an_unexpected_error_reaches_the_user_as_an_apology(
    running_bot: RunningBot,
    emulator: BotAPIEmulator,
    monkeypatch: pytest.MonkeyPatch,
    caplog: pytest.LogCaptureFixture,
) -> None:
    ann = emulator.user(2007, first_name="Ann", language_code="en")
    await ann.send("/start")
    await ann.press("English")

    def broken(*_: object) -> str:
        raise RuntimeError("boom in help")

    monkeypatch.setattr("handlers.info.help_text", broken)
    replies = await ann.send("/help")
    assert len(replies) == 1
    assert "Something went wrong on our side" in replies[0].text
    assert "Traceback" not in replies[0].text
    assert "boom in help" not in replies[0].text
    assert "boom in help" in caplog.text


async def test_group_chats_and_channel_posts_are_ignored(
    running_bot: RunningBot, emulator: BotAPIEmulator
) -> None:
    emulator.user(2008, first_name="Ann")
    update_id = emulator.push_update(
        {
            "message": {
                "message_id": 1,
                "date": 0,
                "chat": {"id": -100500, "type": "supergroup", "title": "Sales"},
                "from": {"id": 2008, "is_bot": False, "first_name": "Ann"},
                "text": "/start",
                "entities": [{"type": "bot_command", "offset": 0, "length": 6}],
            }
        }
    )
    await emulator.wait_processed(update_id)
    # /start in a group gets one pointer to the private chat (handlers/unexpected.py), no more.
    group = [call for call in emulator.sent if call.chat_id == -100500]
    assert [call.method for call in group] == ["sendMessage"]
    assert "личном чате" in emulator.messages_in(-100500)[0].text
