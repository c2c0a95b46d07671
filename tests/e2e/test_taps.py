"""Double taps, old buttons and presses that arrive together, from the user's side.

Each test presses a button twice on the same message (the second press carries the message as
it was before the first one changed it, exactly as Telegram delivers a double tap), or presses
an older copy of a button, and checks that the action happens once, that the user is told
what happened, and that nothing reaches the error log.
"""

from __future__ import annotations

import asyncio
import copy
import logging
import re
from collections.abc import AsyncIterator, Callable
from datetime import UTC, datetime

import pytest
from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from bot.app import run_polling
from bot.config import Settings
from bot.db.checkin_models import CheckIn
from bot.db.models import TipView, User
from bot.db.team_models import TeamMember
from bot.devtools.emulator import BotAPIEmulator
from bot.devtools.emulator.models import BotMessage
from bot.devtools.emulator.users import EmulatedUser
from tests.e2e.conftest import ManualClock, RunningBot
from tests.support.drill_answers import model_answer_for

T0 = datetime(2026, 11, 23, 7, 0, tzinfo=UTC)  # Monday, 10:00 in Moscow
LINK_RE = re.compile(r"https://t\.me/\w+\?start=join_(?P<code>[A-Za-z0-9_-]+)")
NOT_MODIFIED = "message is not modified"


class ConcurrentBot(RunningBot):
    """Polling as in production: each update is its own task, so two presses overlap."""

    async def start(self) -> None:
        self._task = asyncio.create_task(
            run_polling(self.settings, handle_as_tasks=True, clock=self.clock)
        )
        await self.emulator.wait_polling()


async def until(condition: Callable[[], bool]) -> None:
    """Wait for the concurrently running handlers (not for the clock): the emulator offers
    no event for "this press was handled" when updates run as tasks."""
    async with asyncio.timeout(30):  # generous: a shared CI machine can be slow
        while not condition():  # noqa: ASYNC110 - nothing to await but the other tasks
            await asyncio.sleep(0.01)


def _refused(emulator: BotAPIEmulator) -> list[str]:
    """What Telegram refused, except an edit to identical content: a double tap asks for that
    on real Telegram too, and the bot must shrug it off (the tests check that it does)."""
    return [
        f"{r.method}: {r.description}"
        for r in emulator.rejections
        if NOT_MODIFIED not in r.description
    ]


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(T0)


@pytest.fixture
async def taps_bot(
    settings: Settings,
    emulator: BotAPIEmulator,
    engine: AsyncEngine,
    clock: ManualClock,
    caplog: pytest.LogCaptureFixture,
) -> AsyncIterator[RunningBot]:
    caplog.set_level(logging.WARNING)
    bot_settings = settings.model_copy(
        update={"telegram_api_url": emulator.base_url, "dev_commands": True}
    )
    running = RunningBot(bot_settings, emulator, clock)
    await running.start()
    yield running
    await running.stop()
    assert _refused(emulator) == []
    errors = [r for r in caplog.records if r.levelno >= logging.ERROR]
    assert errors == [], [r.getMessage() for r in errors]


async def onboard(user: EmulatedUser, role: str = "Менеджер по продажам") -> None:
    await user.send("/start")
    await user.press("Русский")
    await user.press(role)
    await user.press("Москва · UTC+3")
    await user.press("09:00")


async def double_tap(emulator: BotAPIEmulator, user: EmulatedUser, label: str) -> list[BotMessage]:
    """Two presses of one button on one message, the second sent before the first is handled."""
    before = len(user.messages)
    first = user.press_update(label)
    second = user.press_update(label)
    for update in (first, second):
        await emulator.wait_processed(emulator.push_update(update))
    return user.messages[before:]


async def press_on(
    emulator: BotAPIEmulator, user: EmulatedUser, message: BotMessage, label: str
) -> list[BotMessage]:
    """Press ``label`` on ``message`` as it was when that copy was taken (an older screen)."""
    before = len(user.messages)
    index = [b for row in message.buttons for b in row].index(label)
    await user.press_button(message, index)
    return user.messages[before:]


async def test_no_after_join_on_the_same_consent_says_you_are_in_the_team(
    taps_bot: RunningBot,
    emulator: BotAPIEmulator,
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    head = emulator.user(7001, "Ирина")
    await onboard(head, "Руководитель отдела продаж")
    await head.send("/team")
    await head.press("➕ Создать команду")
    replies = await head.send("Север")
    found = LINK_RE.search(replies[-1].text)
    assert found is not None
    anna = emulator.user(7002, "Анна")
    await onboard(anna)
    replies = await anna.send(f"/start join_{found['code']}")
    consent = copy.deepcopy(replies[-1])  # the screen as the phone still shows it
    await press_on(emulator, anna, consent, "✅ Вступить")
    await press_on(emulator, anna, consent, "✖ Нет, спасибо")
    shown = anna.messages[-1].text
    assert "вы не вступили" not in shown
    assert "Вы уже в команде «Север»" in shown
    assert "/leave" in shown
    async with session_factory() as session:
        assert await session.scalar(select(func.count()).select_from(TeamMember)) == 1


async def test_delete_me_after_cancel_on_the_same_message_still_deletes(
    taps_bot: RunningBot,
    emulator: BotAPIEmulator,
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    user = emulator.user(7010, "Олег")
    await onboard(user)
    replies = await user.send("/delete_me")
    confirm = copy.deepcopy(replies[-1])  # the screen as the phone still shows it
    await press_on(emulator, user, confirm, "Отмена")
    assert "ничего не удалено" in user.messages[-1].text
    await press_on(emulator, user, confirm, "🗑 Да, удалить всё")  # the same, older copy
    assert "данные удалены" in user.messages[-1].text
    async with session_factory() as session:
        assert await session.get(User, 7010) is None
    # Afterwards every command points straight to /start, not to /settings.
    replies = await user.send("/tip")
    assert "/start" in replies[-1].text
    assert "/settings" not in replies[-1].text


async def test_settings_done_and_language_pressed_twice(
    taps_bot: RunningBot, emulator: BotAPIEmulator
) -> None:
    user = emulator.user(7020, "Вера")
    await onboard(user)
    await user.send("/settings")
    menu = user.last
    assert "Совет в чек-ине" in menu.text
    assert "после ежедневного чек-ина" in menu.text
    await double_tap(emulator, user, "🌐 Язык")
    question = user.last
    assert "На каком языке" in question.text
    assert "Шаг" not in question.text  # one thing changes: no "step 1 of 4"
    await user.press("Русский")
    replies = await double_tap(emulator, user, "✔️ Готово")
    closed = user.last
    assert "Настройки сохранены" in closed.text
    assert "Что поменять?" not in closed.text  # no question left without its buttons
    assert not closed.inline_keyboard
    assert not any("Что-то пошло не так" in m.text for m in replies)


async def test_energy_double_tap_asks_the_sales_question_once(
    taps_bot: RunningBot,
    emulator: BotAPIEmulator,
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    user = emulator.user(7030, "Глеб")
    await onboard(user)
    await user.send("/checkin")
    replies = await double_tap(emulator, user, "4 🙂")
    asked = [m for m in replies if "продаж" in m.text.lower() and m.inline_keyboard]
    assert len(asked) == 1
    assert user.callback_answers[-1].get("text", "").startswith("Энергию уже записал")


async def test_two_energy_presses_at_once_make_one_checkin(
    settings: Settings,
    emulator: BotAPIEmulator,
    engine: AsyncEngine,
    clock: ManualClock,
    session_factory: async_sessionmaker[AsyncSession],
    caplog: pytest.LogCaptureFixture,
) -> None:
    caplog.set_level(logging.WARNING)
    bot_settings = settings.model_copy(
        update={"telegram_api_url": emulator.base_url, "dev_commands": True}
    )
    # Onboarding one step at a time, then the bot restarts polling as production does.
    sequential = RunningBot(bot_settings, emulator, clock)
    await sequential.start()
    user = emulator.user(7040, "Дарья")
    user.timeout = 30.0  # two bots start and stop here; a loaded machine needs the margin
    await onboard(user)
    await user.send("/checkin")
    await sequential.stop()
    running = ConcurrentBot(bot_settings, emulator, clock)
    await running.start()
    try:
        presses = [user.press_update(label) for label in ("3 😐", "5 🤩")]
        ids = [str(p["callback_query"]["id"]) for p in presses]
        for press in presses:
            emulator.push_update(press)
        await until(lambda: all(emulator.callback_queries[i].answered for i in ids))
        await until(lambda: any(m.inline_keyboard and "продаж" in m.text for m in user.messages))
    finally:
        await running.stop()
    async with session_factory() as session:
        rows = (await session.scalars(select(CheckIn).where(CheckIn.user_id == 7040))).all()
    assert len(rows) == 1
    # Whichever press is handled first counts (on PostgreSQL + Redis the two race for the
    # person's lock, so either may be first); the other is told it changed nothing.
    told = {str(a["callback_query_id"]): str(a.get("text", "")) for a in user.callback_answers}
    already = [i for i in ids if told.get(i, "").startswith("Энергию уже записал")]
    assert len(already) == 1
    counted = next(
        label for label, i in zip(("3 😐", "5 🤩"), ids, strict=True) if i not in already
    )
    assert rows[0].energy == int(counted[0])
    assert not any("пошло не так" in m.text for m in user.messages)
    assert [r for r in caplog.records if r.levelno >= logging.ERROR] == []
    assert _refused(emulator) == []


async def test_next_tip_double_tap_sends_one_tip(
    taps_bot: RunningBot,
    emulator: BotAPIEmulator,
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    user = emulator.user(7050, "Инна")
    await onboard(user)
    await user.send("/tip")
    replies = await double_tap(emulator, user, "➡️ Ещё совет")
    assert len([m for m in replies if m.inline_keyboard]) == 1
    async with session_factory() as session:
        views = await session.scalar(
            select(func.count()).select_from(TipView).where(TipView.user_id == 7050)
        )
    assert views == 2


async def test_apology_is_sent_when_the_press_was_already_answered(
    taps_bot: RunningBot, emulator: BotAPIEmulator, caplog: pytest.LogCaptureFixture
) -> None:
    user = emulator.user(7060, "Лев")
    await onboard(user)
    await user.send("/checkin")
    # The handler answers the press, then its next message is refused for minutes.
    emulator.faults.rate_limit(120, method="sendMessage")
    replies = await user.press("4 🙂")
    assert any("Что-то пошло не так" in m.text for m in replies)
    assert _refused(emulator) == []  # no second answer to the same press
    caplog.clear()  # the failure itself is logged, as it should be


# ---- dialogues: /cancel, /start mid-way, re-doing a check-in, corrections ----------------


async def checkin_of(factory: async_sessionmaker[AsyncSession], user_id: int) -> CheckIn:
    async with factory() as session:
        row = await session.scalar(select(CheckIn).where(CheckIn.user_id == user_id))
    assert row is not None
    return row


async def test_cancel_closes_the_checkin_and_keeps_what_was_answered(
    taps_bot: RunningBot,
    emulator: BotAPIEmulator,
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    user = emulator.user(7100, "Марк")
    await onboard(user)
    replies = await user.send("/cancel")
    assert "Отменять нечего" in replies[-1].text
    await user.send("/checkin")
    await user.press("4 🙂")
    replies = await user.send("/cancel")
    assert "остановил чек-ин" in replies[-1].text
    assert "не понял" not in replies[-1].text.lower()
    replies = await user.send("150 000")  # no longer an answer to anything
    assert "Сколько" not in replies[-1].text
    assert (await checkin_of(session_factory, 7100)).energy == 4


async def test_start_in_the_middle_of_a_checkin_keeps_it_open(
    taps_bot: RunningBot,
    emulator: BotAPIEmulator,
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    user = emulator.user(7110, "Нина")
    await onboard(user)
    await user.send("/checkin")
    await user.press("3 😐")
    replies = await user.send("/start")
    assert "не закончили чек-ин" in replies[-2].text
    assert "Сколько продаж" in replies[-1].text  # the pending question again, with buttons
    assert replies[-1].inline_keyboard
    await user.send("200 000")  # still the answer to the sales question
    await user.send("10 2")
    await user.press("Пропустить")
    row = await checkin_of(session_factory, 7110)
    assert row.sales_to_date == 200000
    assert (row.calls, row.meetings) == (10, 2)
    assert row.completed_at is not None


async def test_redoing_todays_checkin_asks_first_and_skip_keeps_the_earlier_answer(
    taps_bot: RunningBot,
    emulator: BotAPIEmulator,
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    user = emulator.user(7120, "Олег")
    await onboard(user)
    replies = await user.send("/checkin")
    first_prompt = copy.deepcopy(replies[-1])
    await user.press("4 🙂")
    await user.send("100 000")
    await user.send("20 3")
    await user.press("Пропустить")
    # An older copy of today's prompt: nothing is overwritten, nothing restarts.
    replies = await press_on(emulator, user, first_prompt, "1 😫")
    assert replies == []
    assert "уже сохранён" in str(user.callback_answers[-1].get("text"))
    assert (await checkin_of(session_factory, 7120)).energy == 4
    # /checkin again: asked before anything is replaced.
    replies = await user.send("/checkin")
    assert "уже сохранён" in replies[-1].text
    assert "Энергия: 4/5" in replies[-1].text
    replies = await user.press("Оставить как есть")
    assert (await checkin_of(session_factory, 7120)).energy == 4
    replies = await user.send("/checkin")
    assert "«Пропустить» оставит прежний ответ" in replies[-1].text
    await user.press("✏️ Заполнить заново")
    await user.press("2 😕")
    await user.send("120 000")
    # Calls and meetings: «Пропустить» keeps the earlier 20 and 3, and says so at once.
    replies = await user.press("Пропустить")
    question = user.messages[-2]
    assert "Звонки и встречи" in question.text
    assert "↩️ Оставил как было: звонки — 20, встречи — 3" in question.text
    assert question.buttons == []
    assert "Заметка на память" in replies[-1].text
    replies = await user.press("Пропустить")  # no note before, none now: nothing to keep
    summary = replies[-1].text
    assert "Энергия: 2/5" in summary
    assert "Продажи с начала месяца: 120 000" in summary.replace("\u202f", " ").replace("\xa0", " ")
    assert "(как было)" not in summary.split("Звонки")[0]  # the new figures are not marked
    assert "Звонки: 20 · Встречи: 3 (как было)" in summary
    assert "Заметка" not in summary
    row = await checkin_of(session_factory, 7120)
    assert row.energy == 2
    assert row.sales_to_date == 120000
    assert (row.calls, row.meetings) == (20, 3)


async def test_skip_on_a_redo_keeps_sales_and_note_and_the_summary_says_so(
    taps_bot: RunningBot,
    emulator: BotAPIEmulator,
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    user = emulator.user(7121, "Дина")
    await onboard(user)
    await user.send("/checkin")
    await user.press("3 😐")
    await user.send("250 000")
    await user.send("10")
    await user.send("Клиент <b>просил</b> скидку")
    await user.send("/checkin")
    await user.press("✏️ Заполнить заново")
    await user.press("5 🤩")
    replies = await user.press("Пропустить")  # sales
    sales_question = user.messages[-2]
    assert "↩️ Оставил как было: 250" in sales_question.text
    assert "Звонки и встречи" in replies[-1].text
    await user.send("12 2")  # a new answer replaces the old one
    replies = await user.press("Пропустить")  # the note
    note_question = user.messages[-2]
    assert "↩️ Заметку оставил прежней." in note_question.text
    summary = replies[-1].text.replace("\u202f", " ").replace("\xa0", " ")
    assert "Энергия: 5/5" in summary
    assert "Продажи с начала месяца: 250 000 (как было)" in summary
    assert "Звонки: 12 · Встречи: 2" in summary
    assert "Встречи: 2 (как было)" not in summary
    assert "Заметка: прежняя" in summary
    row = await checkin_of(session_factory, 7121)
    assert (row.energy, row.sales_to_date, row.calls, row.meetings) == (5, 250000, 12, 2)
    assert row.note == "Клиент <b>просил</b> скидку"


async def test_again_after_a_drill_asks_the_same_objection_now(
    taps_bot: RunningBot, emulator: BotAPIEmulator
) -> None:
    user = emulator.user(7130, "Пётр")
    await onboard(user)
    replies = await user.send("/drill")
    objection = replies[-1].text
    replies = await user.send("Понимаю, давайте посчитаем, во что обходится текущее решение")
    if "Клиент:" in replies[-1].text:  # the client pushed back (#14): answer once more
        await user.send("Давайте я завтра в 11 пришлю расчёт, и созвонимся на 15 минут.")
    replies = await user.press("🔁 Снова")
    assert "прямо сейчас" in replies[-1].text
    assert "через 10 минут" not in replies[-1].text
    replies = await user.send("Понимаю вас. Давайте сравним, что вы получаете за эти деньги")
    assert "не понял" not in replies[-1].text.lower()
    if "Клиент:" in replies[-1].text:  # the client pushed back (#14): answer once more
        replies = await user.send("Давайте я завтра в 11 пришлю расчёт, и созвонимся на 15 минут.")
    assert replies[-1].inline_keyboard  # the feedback with the grade buttons again
    assert objection  # the same objection was shown again above
    # The score caps the self-grade (#14): press the best grade the buttons offer.
    replies = await user.press_button(replies[-1], len(replies[-1].buttons[0]) - 1)
    assert "Следующее повторение" in replies[-1].text or "повтор" in replies[-1].text.lower()


async def test_a_corrected_plan_amount_right_after_saving_replaces_it(
    taps_bot: RunningBot, emulator: BotAPIEmulator
) -> None:
    user = emulator.user(7140, "Роза")
    await onboard(user)
    await user.send("/plan")
    await user.press("✏️ Задать план")
    replies = await user.send("100 000")
    assert "План на" in replies[-1].text
    replies = await user.send("1 000 000")
    assert "Поправил план" in replies[-1].text
    assert "1 000 000" in replies[-1].text.replace("\xa0", " ").replace("\u202f", " ")
    replies = await user.send("привет")
    assert "Поправил" not in replies[-1].text


# ---- menus and /help per role --------------------------------------------------------------


def personal_menu(emulator: BotAPIEmulator, chat_id: int) -> list[str] | None:
    found = emulator.commands.get((f"chat:{chat_id}", ""))
    return None if found is None else [c["command"] for c in found]


async def test_menus_and_help_follow_the_role(
    taps_bot: RunningBot, emulator: BotAPIEmulator
) -> None:
    general = [c["command"] for c in emulator.commands[("all_private_chats", "ru")]]
    assert "style" not in general
    assert "export" not in general

    manager = emulator.user(7200, "Фёдор")
    await onboard(manager)
    menu = personal_menu(emulator, 7200)
    assert menu is not None
    assert "style" not in menu
    assert "export" not in menu
    assert {"checkin", "drill", "leave", "team"} <= set(menu)
    replies = await manager.send("/help")
    assert "/style" not in replies[-1].text
    assert "/export" not in replies[-1].text
    assert "/cancel" in replies[-1].text
    assert all(f"/{name}" in replies[-1].text for name in menu if name != "start")

    head = emulator.user(7201, "Ирина")
    await onboard(head, "Руководитель отдела продаж")
    menu = personal_menu(emulator, 7201)
    assert menu is not None
    assert {"style", "export", "team"} <= set(menu)
    assert "leave" not in menu
    replies = await head.send("/help")
    assert "/export" in replies[-1].text
    assert "/leave" not in replies[-1].text

    trainer = emulator.user(7202, "Тамара")
    await onboard(trainer, "Тренер по продажам")
    menu = personal_menu(emulator, 7202)
    assert menu is not None
    assert "style" in menu
    assert "export" not in menu

    # A new role in /settings brings its menu; /delete_me goes back to the general one.
    await manager.send("/settings")
    await manager.press("👤 Роль")
    await manager.press("Руководитель отдела продаж")
    assert "export" in (personal_menu(emulator, 7200) or [])
    await manager.send("/delete_me")
    await manager.press("🗑 Да, удалить всё")
    assert personal_menu(emulator, 7200) is None


# ---- texts: names, dates, team names, style feedback ---------------------------------------


async def test_team_names_need_a_letter_and_equal_names_are_told_apart(
    taps_bot: RunningBot, emulator: BotAPIEmulator, clock: ManualClock
) -> None:
    head = emulator.user(7300, "Ирина")
    await onboard(head, "Руководитель отдела продаж")
    await head.send("/team")
    await head.press("➕ Создать команду")
    replies = await head.send("   .   ")
    assert "хотя бы одна буква или цифра" in replies[-1].text
    replies = await head.send("Север")
    found = LINK_RE.search(replies[-1].text)
    assert found is not None
    # 01:30 in Moscow on the 26th is still the 25th in UTC: the head reads their own date.
    clock.now = datetime(2026, 11, 25, 22, 30, tzinfo=UTC)
    for user_id, username in ((7301, "kostya_a"), (7302, "kostya_b")):
        member = emulator.user(user_id, "Констанция", username=username)
        await onboard(member)
        await member.send(f"/start join_{found['code']}")
        await member.press("✅ Вступить")
    await head.send("/team")
    # The ticker may send the head the day's late check-in meanwhile (the clock moved on):
    # read the screen the press changed, not whatever arrived last.
    replies = await head.press("👥 Участники")
    members = next(m for m in replies if "— с " in m.text)
    assert "Констанция (@kostya_a) — с 26.11.2026" in members.text
    assert "Констанция (@kostya_b) — с 26.11.2026" in members.text
    assert ["✖ Констанция (@kostya_a)"] in members.buttons
    labels = [label for row in members.buttons for label in row]
    replies = await head.press_button(members, labels.index("✖ Констанция (@kostya_b)"))
    confirm = next(m for m in replies if "Исключить из команды" in m.text)
    assert "Констанция (@kostya_b)" in confirm.text


async def test_next_review_is_a_day_and_month_in_the_readers_calendar(
    taps_bot: RunningBot, emulator: BotAPIEmulator
) -> None:
    user = emulator.user(7310, "Вера")
    await onboard(user)
    drill = await user.send("/drill")
    await user.send(model_answer_for(drill[-1].text))  # scores high enough for "easy"
    replies = await user.press("😎 Легко")
    graded = replies[-1].text
    assert re.search(r"Следующее повторение через \d+ (день|дня|дней), \d{1,2} [а-я]+\.", graded)
    assert not re.search(r"\d\d\.\d\d\.\d{4}", graded)
