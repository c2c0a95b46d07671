"""kill -9 right after the bot sent a question, then a restart: the question still works.

The update's changes are committed before any Bot API call (bot/db/unit_of_work.py), so once a
question has reached the user, the dialogue step that expects its answer is saved. Before that
rule the bot sent the question and committed afterwards; killed in between it came back a step
behind and refused what the user saw: the time-zone button was "outdated", the drill's grade
button was "outdated", a typed sales figure got «Я не понял сообщение».

A second case: the step was saved but the question never left (killed before the send). The
chat then still shows the previous question's buttons; pressing one asks the pending question
again instead of calling the button outdated.

Each test runs the real ``python -m bot run`` twice on one database; the emulator kills the
first process from inside the ``sendMessage`` call that carries the question.

On PostgreSQL + Redis the killed process also leaves its per-person Redis lock behind. With
aiogram's 60-second lock the restarted bot answered the next press only after Telegram had
expired it, and the refused answer aborted the step: the user saw nothing. The lock is now a
short renewed lease (bot/redis_lease_lock.py) and a late press still acts
(bot/middlewares/callback_answers.py).
"""

from __future__ import annotations

import copy
import signal
from collections.abc import Callable
from datetime import UTC, datetime
from functools import partial
from itertools import pairwise
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bench.seed import seed_users
from bot.config import Settings
from bot.db.checkin_models import CheckIn
from bot.db.models import User
from bot.devtools.emulator import BotAPIEmulator
from bot.devtools.emulator.errors import ApiError
from bot.devtools.emulator.users import EmulatedUser
from tests.faults.test_kill_restart import BotProcess, processes, wait_until
from tests.support.drill_answers import model_answer_for

__all__ = ["processes"]  # the fixture, shared with the fan-out kill test

STARTUP = 120.0  # seconds for a cold `python -m bot run` and its migrating child, on a busy box


class Crashes:
    """Starts the bot as a process and kills it inside a chosen ``sendMessage``."""

    def __init__(
        self,
        settings: Settings,
        emulator: BotAPIEmulator,
        processes: list[BotProcess],
        log: Path,
    ) -> None:
        self.settings = settings
        self.emulator = emulator
        self.processes = processes
        self.log = log

    async def start(self) -> BotProcess:
        process = BotProcess(self.settings, self.emulator, self.log)
        self.processes.append(process)
        self.emulator.updates.polling.clear()
        process.start()
        await self.emulator.wait_polling(timeout=STARTUP)
        return process

    async def kill_at_next_send(
        self,
        process: BotProcess,
        user: EmulatedUser,
        act: Callable[[], Any],
        *,
        delivered: bool,
    ) -> None:
        """Do ``act`` and kill the bot inside its next sendMessage to ``user``; the message
        reaches the user if ``delivered``, else the emulator refuses it as the bot dies."""

        async def kill(method: str, chat_id: Any) -> None:
            if method == "sendMessage" and str(chat_id) == str(user.chat_id):
                process.kill()
                if not delivered:
                    raise ApiError(500, "Internal Server Error")

        self.emulator.before_call = kill
        act()
        proc = process.proc
        assert proc is not None
        await wait_until(lambda: proc.poll() is not None, STARTUP, f"the kill; see {self.log}")
        assert proc.returncode == -signal.SIGKILL
        self.emulator.before_call = None


async def crashes(
    settings: Settings,
    emulator: BotAPIEmulator,
    processes: list[BotProcess],
    tmp_path: Path,
) -> Crashes:
    for user in emulator.users.values():
        emulator.remember_chat(user.chat_json)
    return Crashes(settings, emulator, processes, tmp_path / "bot.log")


def texts(replies: list[Any]) -> list[str]:
    return [reply.text for reply in replies]


def has_button(user: EmulatedUser, label: str) -> bool:
    return any(
        label in str(button.get("text"))
        for message in user.messages
        if not message.deleted
        for row in message.inline_keyboard
        for button in row
    )


async def then(user: EmulatedUser, act: Callable[[], Any], shows: Callable[[], bool]) -> None:
    """The process handles updates as tasks, so an acknowledged update may not be answered
    yet: do ``act`` and wait for the chat to show what it should."""
    act()
    await wait_until(shows, STARTUP, "the bot's answer")


def newest(user: EmulatedUser, part: str) -> bool:
    return any(part in message.text for message in user.messages[-3:])


async def test_time_zone_button_works_after_a_kill_right_after_the_question(
    settings: Settings,
    emulator: BotAPIEmulator,
    engine: AsyncEngine,
    processes: list[BotProcess],
    tmp_path: Path,
) -> None:
    run = await crashes(settings, emulator, processes, tmp_path)
    user = emulator.user(7101, "Ира")
    first = await run.start()
    await then(user, lambda: user.send_nowait("/start"), lambda: has_button(user, "Русский"))
    await then(
        user,
        lambda: user.press_nowait("Русский"),
        lambda: has_button(user, "Менеджер по продажам"),
    )
    await run.kill_at_next_send(
        first, user, lambda: user.press_nowait("Менеджер по продажам"), delivered=True
    )
    assert has_button(user, "Москва · UTC+3")

    await run.start()
    await then(user, lambda: user.press_nowait("Москва · UTC+3"), lambda: has_button(user, "09:00"))
    assert all("устарела" not in str(a.get("text")) for a in user.callback_answers)


async def test_the_previous_button_asks_the_pending_question_when_it_never_arrived(
    settings: Settings,
    emulator: BotAPIEmulator,
    engine: AsyncEngine,
    session_factory: async_sessionmaker[AsyncSession],
    processes: list[BotProcess],
    tmp_path: Path,
) -> None:
    run = await crashes(settings, emulator, processes, tmp_path)
    user = emulator.user(7102, "Олег")
    first = await run.start()
    await then(user, lambda: user.send_nowait("/start"), lambda: has_button(user, "Русский"))
    await then(
        user,
        lambda: user.press_nowait("Русский"),
        lambda: has_button(user, "Менеджер по продажам"),
    )
    await then(
        user,
        lambda: user.press_nowait("Менеджер по продажам"),
        lambda: has_button(user, "Москва · UTC+3"),
    )
    zone_question = user.last
    zone_button = zone_question.inline_keyboard[0][0]  # as the user's screen still shows it
    await run.kill_at_next_send(
        first, user, lambda: user.press_nowait("Москва · UTC+3"), delivered=False
    )
    async with session_factory() as session:
        saved = await session.get(User, 7102)
    assert saved is not None
    assert saved.timezone == "Europe/Moscow"  # saved before the question was sent

    await run.start()
    # A client that missed the edit still shows the zone buttons; one is pressed again.
    update = user._callback_update(zone_question, zone_button)
    await then(user, lambda: emulator.push_update(update), lambda: has_button(user, "09:00"))
    assert all("устарела" not in str(a.get("text")) for a in user.callback_answers)
    await then(user, lambda: user.press_nowait("09:00"), lambda: newest(user, "✅ Готово"))
    async with session_factory() as session:
        saved = await session.get(User, 7102)
    assert saved is not None
    assert saved.onboarded_at is not None


async def test_drill_grade_button_works_after_a_kill_right_after_the_feedback(
    settings: Settings,
    emulator: BotAPIEmulator,
    engine: AsyncEngine,
    processes: list[BotProcess],
    tmp_path: Path,
) -> None:
    await seed_users(engine, [7103], datetime.now(UTC))
    run = await crashes(settings, emulator, processes, tmp_path)
    user = emulator.user(7103, "Вера")
    first = await run.start()
    await then(user, lambda: user.send_nowait("/drill"), lambda: newest(user, "Тренировка"))
    answer = model_answer_for(user.last.text)
    await run.kill_at_next_send(first, user, lambda: user.send_nowait(answer), delivered=True)
    assert [button["text"] for button in user.last.inline_keyboard[0]][2] == "🙂 Хорошо"

    await run.start()
    await then(
        user,
        lambda: user.press_nowait("🙂 Хорошо"),
        lambda: newest(user, "Следующее повторение"),
    )
    assert all("устарела" not in str(a.get("text")) for a in user.callback_answers)


async def test_typed_sales_figure_is_accepted_after_a_kill_right_after_the_question(
    settings: Settings,
    emulator: BotAPIEmulator,
    engine: AsyncEngine,
    session_factory: async_sessionmaker[AsyncSession],
    processes: list[BotProcess],
    tmp_path: Path,
) -> None:
    await seed_users(engine, [7104], datetime.now(UTC))
    run = await crashes(settings, emulator, processes, tmp_path)
    user = emulator.user(7104, "Пётр")
    first = await run.start()
    await then(user, lambda: user.send_nowait("/checkin"), lambda: has_button(user, "4 🙂"))
    await run.kill_at_next_send(first, user, lambda: user.press_nowait("4 🙂"), delivered=True)
    assert "Сколько" in user.last.text

    await run.start()
    await then(user, lambda: user.send_nowait("150к"), lambda: newest(user, "Звонки и встречи"))
    assert not newest(user, "Я не понял")
    async with session_factory() as session:
        checkin = await session.scalar(select(CheckIn).where(CheckIn.user_id == 7104))
    assert checkin is not None
    assert checkin.energy == 4
    assert checkin.sales_to_date == 150_000


# --- the question lost with the crash, in dialogues after onboarding ----------------------


async def test_checkin_energy_button_asks_the_lost_sales_question_again(
    settings: Settings,
    emulator: BotAPIEmulator,
    engine: AsyncEngine,
    session_factory: async_sessionmaker[AsyncSession],
    processes: list[BotProcess],
    tmp_path: Path,
) -> None:
    """Energy saved and the step moved to sales, then killed inside the sales question's
    send: the chat shows the energy buttons still (a client that missed the edit), and one
    of them is pressed again."""
    await seed_users(engine, [7105], datetime.now(UTC))
    run = await crashes(settings, emulator, processes, tmp_path)
    user = emulator.user(7105, "Лена")
    first = await run.start()
    await then(user, lambda: user.send_nowait("/checkin"), lambda: has_button(user, "4 🙂"))
    prompt = copy.deepcopy(user.last)  # the energy prompt as the phone still shows it
    await run.kill_at_next_send(first, user, lambda: user.press_nowait("4 🙂"), delivered=False)
    assert not any("Сколько" in message.text for message in user.messages)

    await run.start()
    energy = next(b for row in prompt.inline_keyboard for b in row if b["text"] == "4 🙂")
    update = user._callback_update(prompt, energy)
    await then(user, lambda: emulator.push_update(update), lambda: newest(user, "Сколько"))
    assert user.last.inline_keyboard  # the sales question with its buttons
    assert "Энергию уже записал" in str(user.callback_answers[-1].get("text"))
    await then(user, lambda: user.send_nowait("150к"), lambda: newest(user, "Звонки и встречи"))
    async with session_factory() as session:
        checkin = await session.scalar(select(CheckIn).where(CheckIn.user_id == 7105))
    assert checkin is not None
    assert checkin.energy == 4
    assert checkin.sales_to_date == 150_000


async def test_start_asks_the_drills_lost_push_back_again(
    settings: Settings,
    emulator: BotAPIEmulator,
    engine: AsyncEngine,
    processes: list[BotProcess],
    tmp_path: Path,
) -> None:
    """The first answer is in and the client's push-back is saved as the step, then killed
    inside the push-back's send. /start says the drill is open and asks the push-back again;
    the first answer is not lost: the feedback quotes the whole exchange."""
    await seed_users(engine, [7106], datetime.now(UTC))
    run = await crashes(settings, emulator, processes, tmp_path)
    user = emulator.user(7106, "Савва")
    first = await run.start()
    await then(user, lambda: user.send_nowait("/drill"), lambda: newest(user, "Тренировка"))
    drill = user.last.text
    opening = "Ок. Наберу вас в четверг в 11, обсудим."  # no question, no argument: pushed back
    await run.kill_at_next_send(first, user, lambda: user.send_nowait(opening), delivered=False)
    assert user.last.text == drill  # the push-back never arrived

    await run.start()
    await then(user, lambda: user.send_nowait("/start"), lambda: newest(user, "ещё раз"))
    assert any("не закончили тренировку" in m.text for m in user.messages[-3:])
    push_back = user.last.text
    assert "Клиент:" in push_back
    assert push_back != drill

    # The same first answer sent again (it seemed lost too) gets the push-back, not a score.
    count = len(user.messages)
    await then(user, lambda: user.send_nowait(opening), lambda: len(user.messages) > count)
    assert user.last.text == push_back

    answer = model_answer_for(drill)
    await then(user, lambda: user.send_nowait(answer), lambda: newest(user, "Весь разговор"))
    assert "Наберу вас в четверг в 11" in user.last.text  # the first turn kept


async def test_the_last_onboarding_button_finishes_again_when_done_was_lost(
    settings: Settings,
    emulator: BotAPIEmulator,
    engine: AsyncEngine,
    session_factory: async_sessionmaker[AsyncSession],
    processes: list[BotProcess],
    tmp_path: Path,
) -> None:
    """Onboarding saved as finished, then killed inside the «✅ Готово» message: the dialogue
    is closed only after it, so the time button still shown finishes again."""
    run = await crashes(settings, emulator, processes, tmp_path)
    user = emulator.user(7107, "Рита")
    first = await run.start()
    await then(user, lambda: user.send_nowait("/start"), lambda: has_button(user, "Русский"))
    steps = ["Русский", "Менеджер по продажам", "Москва · UTC+3", "09:00"]
    for label, shown in pairwise(steps):
        await then(user, partial(user.press_nowait, label), partial(has_button, user, shown))
    time_question = copy.deepcopy(user.last)
    await run.kill_at_next_send(first, user, lambda: user.press_nowait("09:00"), delivered=False)
    assert not newest(user, "✅ Готово")

    await run.start()
    button = next(b for row in time_question.inline_keyboard for b in row if b["text"] == "09:00")
    update = user._callback_update(time_question, button)
    await then(user, lambda: emulator.push_update(update), lambda: newest(user, "✅ Готово"))
    assert all("устарела" not in str(a.get("text")) for a in user.callback_answers)
    async with session_factory() as session:
        saved = await session.get(User, 7107)
    assert saved is not None
    assert saved.onboarded_at is not None


async def test_start_brings_back_the_drills_lost_feedback_and_its_grades(
    settings: Settings,
    emulator: BotAPIEmulator,
    engine: AsyncEngine,
    processes: list[BotProcess],
    tmp_path: Path,
) -> None:
    """The answer is scored and stored, then killed inside the feedback's send: the drill is
    closed only after the feedback, so /start shows it again with its grade buttons."""
    await seed_users(engine, [7108], datetime.now(UTC))
    run = await crashes(settings, emulator, processes, tmp_path)
    user = emulator.user(7108, "Тимур")
    first = await run.start()
    await then(user, lambda: user.send_nowait("/drill"), lambda: newest(user, "Тренировка"))
    answer = model_answer_for(user.last.text)
    await run.kill_at_next_send(first, user, lambda: user.send_nowait(answer), delivered=False)
    assert not newest(user, "Ваш ответ")

    await run.start()
    await then(user, lambda: user.send_nowait("/start"), lambda: newest(user, "Ваш ответ"))
    assert any("не закончили тренировку" in m.text for m in user.messages[-3:])
    assert has_button(user, "🙂 Хорошо")
    await then(
        user,
        lambda: user.press_nowait("🙂 Хорошо"),
        lambda: newest(user, "Следующее повторение"),
    )
    assert all("устарела" not in str(a.get("text")) for a in user.callback_answers)
