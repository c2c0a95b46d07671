"""Objection drills from the user's side: /drill → free-text answer → rubric feedback →
self-grade → next review in the user's time zone; bad input, a restart mid-drill, a double
press, forged buttons, /progress and the daily limit."""

from __future__ import annotations

from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.config import Settings
from bot.content.check import load_and_check
from bot.content.schema import Content, Technique
from bot.db.drill_models import DrillAttempt, DrillCard
from bot.devtools.emulator import BotAPIEmulator
from bot.devtools.emulator.models import BotMessage, CallbackQueryRecord
from bot.devtools.emulator.users import EmulatedUser
from tests.e2e.conftest import RunningBot

T0 = datetime(2026, 3, 2, 6, 0, tzinfo=UTC)  # Monday, 09:00 in Moscow
MOSCOW = ZoneInfo("Europe/Moscow")
GRADES = ["🔁 Снова", "😓 Трудно", "🙂 Хорошо", "😎 Легко"]


@dataclass
class ManualClock:
    now: datetime = T0

    def __call__(self) -> datetime:
        return self.now

    def advance(self, delta: timedelta) -> None:
        self.now += delta


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock()


@pytest.fixture(scope="module")
def content() -> Content:
    return load_and_check()


@pytest.fixture
async def drill_bot(
    settings: Settings, emulator: BotAPIEmulator, engine: AsyncEngine, clock: ManualClock
) -> AsyncIterator[RunningBot]:
    bot_settings = settings.model_copy(update={"telegram_api_url": emulator.base_url})
    running = RunningBot(bot_settings, emulator, clock)
    await running.start()
    yield running
    await running.stop()
    assert emulator.rejections == []


async def onboard(user: EmulatedUser) -> None:
    await user.send("/start")
    await user.press("Русский")
    await user.press("Менеджер по продажам")
    await user.press("Москва · UTC+3")
    await user.press("09:00")


async def open_attempt(
    session_factory: async_sessionmaker[AsyncSession], user_id: int
) -> DrillAttempt:
    async with session_factory() as session:
        attempt = await session.scalar(
            select(DrillAttempt)
            .where(DrillAttempt.user_id == user_id)
            .order_by(DrillAttempt.id.desc())
            .limit(1)
        )
    assert attempt is not None
    return attempt


def model_answer(content: Content, objection_id: str, technique: Technique) -> str | None:
    objection = content.objections[objection_id]
    found = [a.text.ru for a in objection.answers if a.technique == technique]
    return found[0] if found else None


async def press_with_data(
    emulator: BotAPIEmulator, user: EmulatedUser, message: BotMessage, data: str
) -> dict[str, object]:
    """Press a button carrying ``data`` on ``message``: a double tap, an old or forged button."""
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


async def test_full_drill_with_a_model_answer_and_a_double_grade_press(
    drill_bot: RunningBot,
    emulator: BotAPIEmulator,
    session_factory: async_sessionmaker[AsyncSession],
    content: Content,
) -> None:
    ann = emulator.user(4001, first_name="Анна")
    await onboard(ann)

    replies = await ann.send("/drill")
    prompt = replies[-1].text
    assert "Тренировка возражений" in prompt
    attempt = await open_attempt(session_factory, 4001)
    objection = content.objections[attempt.objection_id]
    assert objection.client.ru in prompt
    assert "sales_manager" in objection.roles  # the user's role first

    answer = model_answer(content, objection.id, Technique.ACVN) or objection.answers[0].text.ru
    replies = await ann.send(answer)
    feedback = replies[-1]
    assert "Ваш ответ:" in feedback.text
    assert "Образец" in feedback.text
    assert [button["text"] for button in feedback.inline_keyboard[0]] == GRADES
    grade_data = feedback.inline_keyboard[0][2]["callback_data"]

    replies = await ann.press("🙂 Хорошо")
    graded = replies[-1].text
    assert "Следующее повторение" in graded
    assert feedback.inline_keyboard == []  # the grade buttons are gone
    async with session_factory() as session:
        card = await session.scalar(select(DrillCard).where(DrillCard.user_id == 4001))
    assert card is not None
    assert card.reviews == 1
    # The next review: how far, and the day in the user's own calendar (Moscow), not UTC.
    due = card.due.astimezone(MOSCOW)
    assert f"через 2 дня, {due.day} марта" in graded  # graded on 2 March, due on the 4th

    # The same grade button again (a double tap, or an old message): graded once.
    answer_to_second = await press_with_data(emulator, ann, feedback, grade_data)
    assert "Уже оценено" in str(answer_to_second["text"])
    async with session_factory() as session:
        card = await session.scalar(select(DrillCard).where(DrillCard.user_id == 4001))
        attempts = list(
            await session.scalars(select(DrillAttempt).where(DrillAttempt.user_id == 4001))
        )
    assert card is not None
    assert card.reviews == 1
    assert [(a.rating, a.graded_at is not None) for a in attempts] == [(3, True)]

    replies = await ann.press("➡️ Следующее возражение")
    assert "Тренировка возражений" in replies[-1].text


async def test_bad_input_keeps_the_drill_open_and_a_restart_does_not_lose_it(
    drill_bot: RunningBot,
    emulator: BotAPIEmulator,
    session_factory: async_sessionmaker[AsyncSession],
    content: Content,
) -> None:
    ben = emulator.user(4002, first_name="Бен")
    await onboard(ben)
    await ben.send("/drill")

    for send in (ben.send_voice, ben.send_photo, ben.send_sticker):
        replies = await send()
        assert "ответьте текстом" in replies[-1].text
    replies = await ben.send("Понимаю. " * 250)  # 2,250 characters
    assert "2\xa0250 символов" in replies[-1].text  # Fluent groups digits as CLDR says
    assert "2\xa0000" in replies[-1].text

    await drill_bot.restart()

    replies = await ben.send("Понимаю вас, но <b>мы</b> & точка.")
    feedback = replies[-1]
    assert "Ваш ответ: 10 / 100" in feedback.text  # acknowledged, then "but"
    assert "«Но» сразу после согласия" in feedback.text
    assert "<b>мы</b>" not in feedback.html  # the answer is never echoed unescaped
    attempt = await open_attempt(session_factory, 4002)
    replies = await ben.press("🔁 Снова")
    assert "прямо сейчас" in replies[-1].text  # the same objection again, at once

    graded = await open_attempt(session_factory, 4002)
    assert graded.id != attempt.id  # a new attempt awaits the retry
    async with session_factory() as session:
        first = await session.get(DrillAttempt, attempt.id)
    assert first is not None
    assert first.answer is not None
    assert first.answer.startswith("Понимаю вас, но")
    assert first.rating == 1


async def test_reviews_come_back_when_due_and_progress_shows_them(
    drill_bot: RunningBot,
    emulator: BotAPIEmulator,
    session_factory: async_sessionmaker[AsyncSession],
    clock: ManualClock,
) -> None:
    cat = emulator.user(4003, first_name="Кат")
    await onboard(cat)

    replies = await cat.send("/progress")
    assert "Новых возражений в день: 10" in replies[-1].text
    replies = await cat.press("3")
    assert "Новых возражений в день: 3" in str(cat.callback_answers[-1]["text"])
    assert "3 ✓" in [b for row in cat.last.buttons for b in row]

    first_ids = []
    for rating in ("🔁 Снова", "😎 Легко", "😎 Легко"):
        await cat.send("/drill")
        first_ids.append((await open_attempt(session_factory, 4003)).objection_id)
        await cat.send("Понимаю. Что для вас важно? Давайте созвонимся завтра в 10:00?")
        await cat.press(rating)
    replies = await cat.send("/drill")
    assert "Пока тренировать нечего" in replies[-1].text  # the limit of 3 is reached
    assert "через 10 минут" in replies[-1].text  # the "again" card

    clock.advance(timedelta(minutes=11))
    replies = await cat.send("/drill")
    assert "повторение" in replies[-1].text
    assert (await open_attempt(session_factory, 4003)).objection_id == first_ids[0]

    replies = await cat.send("/progress")
    text = replies[-1].text
    assert "Серия: 1 день подряд" in text
    assert "К повторению сейчас: 1" in text
    assert "Возражений в вашей колоде: 3" in text
    assert "Освоено по категориям" in text


async def test_old_and_forged_drill_buttons_get_the_polite_answer(
    drill_bot: RunningBot, emulator: BotAPIEmulator
) -> None:
    dan = emulator.user(4004, first_name="Дан")
    await onboard(dan)
    replies = await dan.send("/progress")
    message = replies[-1]
    for data in ("dg:999999:3", "dg:1:9", "dl:7", "dl:x", "dn:extra"):
        answer = await press_with_data(emulator, dan, message, data)
        assert "устарела" in str(answer["text"]), data
    # An answer without an open drill is just unknown text.
    replies = await dan.send("Понимаю вас")
    assert "/help" in replies[-1].text


async def test_drill_needs_onboarding(drill_bot: RunningBot, emulator: BotAPIEmulator) -> None:
    replies = await emulator.user(4005, first_name="Eve").send("/drill")
    assert "/start" in replies[-1].text
