"""A question lost between the commit and the reply is asked again, in every dialogue.

The dialogue step is committed before its question is sent (docs/ARCHITECTURE.md), so a crash
in between leaves the step saved and the question unsent. Here the crash is played in process:
the bot handles the step for real, the question is then taken out of the chat as if it had
never been sent (or an edit is undone as if it had never arrived), and the bot restarts on the
same database. The user then does what people do when the bot seems stuck: presses the
previous question's button, sends /start or /help, or types something — and gets the pending
question again, with nothing already answered or typed lost. A real `kill -9` of
`python -m bot run` for the check-in and the drill is in tests/faults/test_kill_mid_dialogue.py.
"""

from __future__ import annotations

import copy
from datetime import UTC, date, datetime

import pytest
from aiogram.fsm.state import StatesGroup
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.db.checkin_models import BurnoutSurvey, CheckIn, Plan
from bot.db.field_objection_models import CompanyObjection, FieldObjection
from bot.db.team_models import Team
from bot.devtools.emulator import BotAPIEmulator
from bot.devtools.emulator.models import BotMessage
from bot.devtools.emulator.users import EmulatedUser
from handlers import get_pending_questions, get_routers
from tests.e2e.conftest import ManualClock, RunningBot, StartBot
from tests.e2e.test_field_loop import COMPANY_CLIENT, GOOD_ANSWER
from tests.e2e.test_teams import make_team, onboard

T0 = datetime(2026, 11, 23, 7, 0, tzinfo=UTC)  # Monday, 10:00 in Moscow


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(T0)


@pytest.fixture
async def pending_bot(start_bot: StartBot, clock: ManualClock) -> RunningBot:
    return await start_bot(clock)


def lose(replies: list[BotMessage], part: str) -> BotMessage:
    """The question never reached the user: out of the chat, as if never sent."""
    lost = next(m for m in replies if part in m.text)
    lost.deleted = True
    return lost


def undo_edit(message: BotMessage, before: BotMessage) -> None:
    """The edit never arrived: the message shows what it showed before."""
    message.html, message.text = before.html, before.text
    message.entities, message.reply_markup = before.entities, before.reply_markup


async def press_old(user: EmulatedUser, screen: BotMessage, label: str) -> list[BotMessage]:
    """Press ``label`` on ``screen`` as it was when the copy was taken (an older screen)."""
    labels = [text for row in screen.buttons for text in row]
    return await user.press_button(screen, labels.index(label))


def asked(replies: list[BotMessage], part: str) -> list[BotMessage]:
    return [m for m in replies if part in m.text and not m.deleted]


def test_every_dialogue_step_can_be_asked_again() -> None:
    """A new dialogue state without an asker would leave its users stuck after a crash."""
    get_routers()  # imports every handler module

    def groups(base: type[StatesGroup]) -> list[type[StatesGroup]]:
        found = []
        for sub in base.__subclasses__():
            found += [sub, *groups(sub)]
        return found

    states = {
        str(state.state)
        for group in groups(StatesGroup)
        if group.__module__.startswith("handlers.")
        for state in group.__all_states__
    }
    not_questions = {"PlanInput:correction"}  # a number right after the plan corrects it
    assert states - not_questions == get_pending_questions().states


async def test_checkin_old_buttons_ask_the_step_the_checkin_waits_for(
    pending_bot: RunningBot,
    emulator: BotAPIEmulator,
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    user = emulator.user(7301, "Ася")
    await onboard(user)
    await user.send("/checkin")
    replies = await user.press("4 🙂")
    sales = copy.deepcopy(replies[-1])
    assert "Сколько продаж" in sales.text

    # Sales saved, the activity question lost: the sales question's «Пропустить» asks it.
    lose(await user.send("150к"), "Звонки и встречи")
    await pending_bot.restart()
    replies = await press_old(user, sales, "Пропустить")
    assert len(asked(replies, "Звонки и встречи")) == 1
    assert replies[-1].inline_keyboard
    assert user.callback_answers[-1].get("text") is None  # no "outdated button" toast
    # The same old button again at once (a double tap): the question is right there.
    replies = await press_old(user, sales, "Пропустить")
    assert asked(replies, "Звонки и встречи") == []
    activity = copy.deepcopy(user.last)

    # Activity saved, the note question lost: the activity question's «Пропустить» asks it.
    lose(await user.send("10 2"), "Заметка")
    await pending_bot.restart()
    replies = await press_old(user, activity, "Пропустить")
    assert len(asked(replies, "Заметка")) == 1
    await user.press("Пропустить")
    async with session_factory() as session:
        checkin = await session.scalar(select(CheckIn).where(CheckIn.user_id == 7301))
    assert checkin is not None
    assert (checkin.energy, checkin.calls, checkin.meetings) == (4, 10, 2)
    assert checkin.sales_to_date == 150_000
    assert checkin.completed_at is not None


async def test_an_amount_waiting_for_yes_is_offered_again(
    pending_bot: RunningBot,
    emulator: BotAPIEmulator,
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    """What was typed is kept: the unlikely amount's echo is lost, /start offers it again."""
    user = emulator.user(7302, "Борис")
    await onboard(user)
    await user.send("/checkin")
    await user.press("4 🙂")
    replies = await user.send("150.000")  # thousands with a dot: asked to confirm
    echo = replies[-1]
    assert echo.inline_keyboard  # "did you mean …?" with a yes button
    echo.deleted = True
    await pending_bot.restart()
    replies = await user.send("/start")
    assert "не закончили чек-ин" in replies[-2].text
    assert "Вы ввели 150 000" in replies[-1].text.replace("\u202f", " ").replace("\xa0", " ")
    await user.press_button(replies[-1], 0)  # yes, save it
    assert "Звонки и встречи" in user.last.text
    async with session_factory() as session:
        checkin = await session.scalar(select(CheckIn).where(CheckIn.user_id == 7302))
    assert checkin is not None
    assert checkin.sales_to_date == 150_000


async def test_help_and_start_ask_for_the_plan_again(
    pending_bot: RunningBot,
    emulator: BotAPIEmulator,
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    user = emulator.user(7303, "Вика")
    await onboard(user)
    await user.send("/plan")
    replies = await user.press("✏️ Задать план")
    lose(replies, "Напишите план")
    await pending_bot.restart()
    replies = await user.send("/help")
    assert "Команды" in replies[0].text
    assert "не закончили ввод плана" in replies[-2].text
    assert "Напишите план на ноябрь" in replies[-1].text
    replies = await user.send("/start")
    assert "Напишите план на ноябрь" in replies[-1].text  # asked for, so asked again
    replies = await user.send("150к")
    assert "✅ План на ноябрь: 150 000" in replies[-1].text.replace("\u202f", " ")
    async with session_factory() as session:
        plan = await session.get(Plan, (7303, date(2026, 11, 1)))
    assert plan is not None


async def test_start_asks_for_the_team_name_and_the_settings_question_again(
    pending_bot: RunningBot,
    emulator: BotAPIEmulator,
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    head = emulator.user(7304, "Глеб")
    await onboard(head, "Руководитель отдела продаж")
    replies = await head.send("/team")
    offer = copy.deepcopy(replies[-1])
    replies = await head.press("➕ Создать команду")
    undo_edit(replies[-1], offer)  # "what is the team called?" never replaced the offer
    await pending_bot.restart()
    replies = await head.send("/start")
    assert "не закончили создание команды" in replies[-2].text
    assert "Как называется ваша команда" in replies[-1].text
    await head.send("Север")
    async with session_factory() as session:
        team = await session.scalar(select(Team).where(Team.head_id == 7304))
    assert team is not None
    assert team.name == "Север"

    # /settings, one thing at a time: the language question lost, /start asks that one.
    await head.send("/settings")
    lose(await head.press("🌐 Язык"), "На каком языке")
    await pending_bot.restart()
    replies = await head.send("/start")
    assert "не закончили настройку" in replies[-2].text
    assert "На каком языке вам удобнее" in replies[-1].text  # the settings wording, no steps
    replies = await head.press("English")
    assert "Settings saved" in replies[-1].text or "saved" in replies[-1].text.lower()


async def test_objection_logging_is_asked_again_and_a_typed_line_kept(
    pending_bot: RunningBot,
    emulator: BotAPIEmulator,
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    user = emulator.user(7305, "Дина")
    await onboard(user)
    lose(await user.send("/objection"), "Напишите возражение")
    await pending_bot.restart()
    replies = await user.send("/start")
    assert "не закончили запись возражения" in replies[-2].text
    assert "Напишите возражение" in replies[-1].text
    assert replies[-1].inline_keyboard  # «Пропустить»
    await user.send("Дорого, у конкурентов дешевле")
    async with session_factory() as session:
        logged = await session.scalar(select(FieldObjection).where(FieldObjection.user_id == 7305))
    assert logged is not None
    assert logged.text == "Дорого, у конкурентов дешевле"


async def test_company_objection_steps_are_asked_again_with_the_draft_kept(
    pending_bot: RunningBot,
    emulator: BotAPIEmulator,
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    head = emulator.user(7306, "Ирина")
    await make_team(head, "Склад")
    await head.send("/company_objections")
    await head.press("➕ Добавить возражение")
    replies = await head.send(COMPANY_CLIENT)
    categories = copy.deepcopy(replies[-1])
    # Typed where a button is expected: not "I don't understand" alone, the question again.
    replies = await head.send("Цена")
    assert "Не понял" in replies[-2].text
    assert "К какой категории" in replies[-1].text
    assert replies[-1].buttons[0] == ["Цена"]  # still proposed from the client's words

    # The category chosen, the concern question lost: the old category button asks it.
    lose(await head.press("Цена"), "Что на самом деле беспокоит")
    await pending_bot.restart()
    replies = await press_old(head, categories, "Цена")
    assert len(asked(replies, "Что на самом деле беспокоит")) == 1
    await head.send("Не верит, что лицензия окупится на их объёмах")
    replies = await head.send(GOOD_ANSWER)
    assert "Добавил в тренировки команды" in replies[-1].text

    # Editing: the prompt with the current answer lost, /start shows it again.
    await head.send("/company_objections")
    lose(await head.press("✏️ 1"), "Сейчас образец такой")
    await pending_bot.restart()
    replies = await head.send("/start")
    assert "не закончили описание возражения компании" in replies[-2].text
    assert "Сейчас образец такой" in replies[-1].text
    assert "Давайте в четверг в 11:00" in replies[-1].text
    edited = GOOD_ANSWER.replace("двадцать минут", "полчаса")
    replies = await head.send(edited)
    async with session_factory() as session:
        stored = await session.scalar(select(CompanyObjection))
    assert stored is not None
    assert stored.client == COMPANY_CLIENT
    assert stored.concern == "Не верит, что лицензия окупится на их объёмах"
    assert stored.answer == edited


async def test_the_surveys_last_press_shows_the_lost_result(
    pending_bot: RunningBot,
    emulator: BotAPIEmulator,
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    user = emulator.user(7307, "Ева")
    await onboard(user)
    await user.send("/due survey")
    await user.press("Начать")
    for _ in range(6):
        await user.press_button(user.last, 0)
    last_question = copy.deepcopy(user.last)
    assert "Вопрос 7 из 7" in last_question.text
    replies = await user.press_button(user.last, 0)
    undo_edit(replies[-1], last_question)  # the result never replaced the question
    await pending_bot.restart()
    replies = await press_old(user, last_question, last_question.buttons[0][0])
    assert "Ваш результат" in replies[-1].text
    assert not replies[-1].inline_keyboard
    async with session_factory() as session:
        survey = await session.scalar(select(BurnoutSurvey).where(BurnoutSurvey.user_id == 7307))
    assert survey is not None
    assert survey.completed_at is not None
