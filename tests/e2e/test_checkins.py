"""Check-ins from the user's side, through the real polling bot and the emulator: /plan with
amounts as people type them, a check-in made due with /due and answered step by step, the
weekly survey, /me with forecast and flag, /pause and /resume, a restart mid-dialogue."""

from __future__ import annotations

import copy
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.db.checkin_models import BurnoutSurvey, CheckIn, OutboxMessage, Plan, Reminder
from bot.db.models import User
from bot.devtools.emulator import BotAPIEmulator
from bot.devtools.emulator.models import BotMessage
from bot.devtools.emulator.users import EmulatedUser
from tests.e2e.conftest import ManualClock, RunningBot, StartBot

# Monday 23 November 2026, 10:00 in Moscow: after today's 09:00 check-in time, so nothing is
# due by the calendar until Tuesday 09:00 unless /due says so.
T0 = datetime(2026, 11, 23, 7, 0, tzinfo=UTC)
MONDAY = date(2026, 11, 23)
TUESDAY = date(2026, 11, 24)
ENERGY = ["1 😫", "2 😕", "3 😐", "4 🙂", "5 🤩"]


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(T0)


@pytest.fixture
async def checkin_bot(start_bot: StartBot, clock: ManualClock) -> RunningBot:
    return await start_bot(clock)


async def onboard(user: EmulatedUser) -> None:
    await user.send("/start")
    await user.press("Русский")
    await user.press("Менеджер по продажам")
    await user.press("Москва · UTC+3")
    await user.press("09:00")


def text(message: BotMessage) -> str:
    """What the user reads, with Babel's narrow no-break spaces in numbers made plain."""
    return message.text.replace("\u202f", " ").replace("\xa0", " ")


def prompts(user: EmulatedUser) -> list[BotMessage]:
    return [m for m in user.messages if m.text.startswith("☀️")]


async def checkins(
    session_factory: async_sessionmaker[AsyncSession], user_id: int
) -> list[CheckIn]:
    async with session_factory() as session:
        rows = await session.scalars(
            select(CheckIn).where(CheckIn.user_id == user_id).order_by(CheckIn.local_date)
        )
        return list(rows)


async def test_plan_then_a_due_checkin_answered_and_updated_the_same_day(
    checkin_bot: RunningBot,
    emulator: BotAPIEmulator,
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    anna = emulator.user(501, "Анна")
    await onboard(anna)

    # /plan: typed amounts; bad input gets a re-ask with examples and nothing is lost.
    replies = await anna.send("/plan")
    assert "План на ноябрь:" in text(replies[-1])
    assert "не задан" in text(replies[-1])
    # With no plan yet, /plan asks for the amount straight away; the button asks again.
    assert "Напишите план на ноябрь" in text(replies[-1])
    replies = await anna.press("✏️ Задать план")
    assert "Напишите план на ноябрь" in text(replies[-1])
    replies = await anna.send("полтора ляма")
    assert "Не понял план «полтора ляма»" in text(replies[-1])
    assert "1,5 млн · 150 000 · 150к" in text(replies[-1])
    replies = await anna.send_photo()
    assert text(replies[-1]) == "Пожалуйста, ответьте текстом или кнопкой 👇"
    replies = await anna.send("150к")
    assert "✅ План на ноябрь: 150 000" in text(replies[-1])
    # The plan can be changed; "1,5 млн" is read as 1 500 000. With a plan set, /plan alone
    # does not take typed text as a new plan.
    replies = await anna.send("/plan")
    assert "Напишите план" not in text(replies[-1])
    await anna.press("✏️ Задать план")
    replies = await anna.send("1,5 млн")
    assert "✅ План на ноябрь: 1 500 000" in text(replies[-1])
    async with session_factory() as session:
        plan = await session.get(Plan, (501, date(2026, 11, 1)))
    assert plan is not None
    assert (plan.target, plan.unit) == (Decimal(1_500_000), "money")

    # /due makes the check-in due at once; it arrives through the outbox.
    replies = await anna.send("/due checkin")
    assert text(replies[0]) == "Готово: чек-ин придёт через несколько секунд."
    assert len(prompts(anna)) == 1
    prompt = prompts(anna)[0]
    assert "Чек-ин · пн, 23 ноября" in prompt.text
    assert prompt.buttons == [ENERGY]
    async with session_factory() as session:
        sent = list(await session.scalars(select(OutboxMessage)))
    assert [(o.kind, o.local_date, o.status) for o in sent] == [("checkin", MONDAY, "sent")]

    replies = await anna.press("4 🙂")
    assert "✅ Энергия: 4/5" in prompt.text  # the prompt was edited, its buttons gone
    assert prompt.buttons == []
    assert "Сколько продаж" in text(replies[-1])
    replies = await anna.send("много")
    assert "Не понял сумму «много»" in text(replies[-1])
    replies = await anna.send_sticker()
    assert text(replies[-1]) == "Пожалуйста, ответьте текстом или кнопкой 👇"
    # A command mid-dialogue is answered as a command; the check-in waits for its answer.
    replies = await anna.send("/me")
    assert "Ваша сводка" in text(replies[-1])
    replies = await anna.send("300к")
    assert "Звонки и встречи сегодня" in text(replies[-1])
    replies = await anna.send("двадцать")
    assert "Не понял «двадцать»" in text(replies[-1])
    replies = await anna.send("25 3")
    assert "Заметка на память" in text(replies[-1])
    replies = await anna.send("Клиент <b>сорвался</b> & перенёс")
    summary = text(replies[-1])
    for line in (
        "✅ Чек-ин за пн, 23 ноября сохранён",
        "Энергия: 4/5",
        "Продажи с начала месяца: 300 000",
        "Звонки: 25 · Встречи: 3",
        "План на ноябрь: 1 500 000",
        "Сделано: 300 000 ₽ (20%)",
        # 15 of November's 20 working days are done (4 November is a public holiday):
        # 300 000 / 15 × 20 = 400 000.
        "Прогноз на конец месяца: 400 000",
        "Чтобы выполнить план: 240 000 ₽ в день, осталось 5 рабочих дней",
        "🟠 Темп ниже плана.",
    ):
        assert line in summary
    [saved] = await checkins(session_factory, 501)
    assert (saved.energy, saved.sales_to_date, saved.calls, saved.meetings) == (
        4,
        Decimal(300_000),
        25,
        3,
    )
    assert saved.note == "Клиент <b>сорвался</b> & перенёс"  # stored as typed, escaped on output

    # /me shows the same forecast, the energy so far and a flag.
    replies = await anna.send("/me")
    me = text(replies[-1])
    for line in (
        "Прогноз на конец месяца: 400 000",
        "Энергия за 14 дней: ▆ (средняя 4,0)",
        "Опрос о выгорании: ещё не проходили.",
        "Самочувствие: 🟢 в порядке",
    ):
        assert line in me

    # Answering again the same day asks first, then updates the one check-in; «Пропустить»
    # leaves an answer as it was, so the earlier figures stay (and the summary says so).
    replies = await anna.send("/checkin")
    assert "уже сохранён" in text(replies[-1])
    replies = await anna.press("✏️ Заполнить заново")
    assert "Чек-ин · пн, 23 ноября" in text(replies[-1])
    replies = await anna.press("2 😕")
    assert replies[-1].buttons == [["Ввести за сегодня"], ["Пропустить"]]
    replies = await anna.press("Пропустить")
    assert "Звонки и встречи" in text(replies[-1])
    await anna.press("Пропустить")
    replies = await anna.press("Пропустить")
    assert "Энергия: 2/5" in text(replies[-1])
    assert "Продажи с начала месяца: 300 000 (как было)" in text(replies[-1])
    assert "Звонки: 25 · Встречи: 3 (как было)" in text(replies[-1])
    assert "Заметка: прежняя" in text(replies[-1])
    [updated] = await checkins(session_factory, 501)
    assert updated.id == saved.id
    assert (updated.energy, updated.sales_to_date, updated.calls, updated.note) == (
        2,
        Decimal(300_000),
        25,
        "Клиент <b>сорвался</b> & перенёс",
    )


async def test_yesterdays_prompt_and_a_restart_in_the_middle_of_a_checkin(
    checkin_bot: RunningBot,
    emulator: BotAPIEmulator,
    session_factory: async_sessionmaker[AsyncSession],
    clock: ManualClock,
) -> None:
    boris = emulator.user(502, "Борис")
    await onboard(boris)
    await boris.send("/due checkin")
    [monday_prompt] = prompts(boris)
    # The user's other device still shows the prompt with its buttons after it is answered.
    stale_copy = copy.deepcopy(monday_prompt)

    # Tuesday 08:00 in Moscow, before Tuesday's check-in: Monday's can still be answered.
    clock.now = datetime(2026, 11, 24, 5, 0, tzinfo=UTC)
    replies = await boris.press_button(monday_prompt, 2)
    assert "Сколько продаж" in text(replies[-1])
    # The bot restarts in the middle of the dialogue; the next answer carries on from there.
    await checkin_bot.restart()
    replies = await boris.send("150 000")
    assert "Звонки и встречи сегодня" in text(replies[-1])
    await boris.press("Пропустить")
    replies = await boris.press("Пропустить")
    assert "Чек-ин за пн, 23 ноября сохранён" in text(replies[-1])
    [monday] = await checkins(session_factory, 502)
    assert (monday.local_date, monday.energy, monday.sales_to_date) == (MONDAY, 3, Decimal(150_000))

    # Tuesday's prompt arrives; from then on Monday's is closed.
    clock.now = datetime(2026, 11, 24, 6, 1, tzinfo=UTC)
    await boris.send("/due checkin")
    tuesday_prompts = [p for p in prompts(boris) if "вт, 24 ноября" in p.text]
    assert len(tuesday_prompts) == 1
    await boris.press_button(stale_copy, 0)
    assert boris.callback_answers[-1]["text"] == "Этот чек-ин уже закрыт — ответьте на последний."
    [monday] = await checkins(session_factory, 502)
    assert monday.energy == 3
    replies = await boris.press_button(tuesday_prompts[0], 4)
    assert "Сколько продаж" in text(replies[-1])
    assert [c.local_date for c in await checkins(session_factory, 502)] == [MONDAY, TUESDAY]


SEVERE = [
    "В очень большой степени",
    "В очень большой степени",
    "В очень большой степени",
    "Всегда",
    "Всегда",
    "Всегда",
    "Никогда или почти никогда",  # item 7 is reversed: never enough energy scores 100
]


async def test_weekly_survey_then_me_shows_score_trend_forecast_and_a_red_flag(
    checkin_bot: RunningBot,
    emulator: BotAPIEmulator,
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    vera = emulator.user(503, "Вера")
    await onboard(vera)
    async with session_factory() as session:  # last week's survey, for the trend
        session.add(
            BurnoutSurvey(
                user_id=503,
                week_start=date(2026, 11, 16),
                answers="2222222",
                score=50.0,
                completed_at=T0 - timedelta(days=7),
            )
        )
        await session.commit()

    replies = await vera.send("/due survey")
    assert "Еженедельный опрос о нагрузке" in text(replies[-1])
    replies = await vera.press("Начать")
    assert "Вопрос 1 из 7" in text(replies[-1])
    for number, answer in enumerate(SEVERE, start=1):
        assert f"Вопрос {number} из 7" in vera.last.text
        replies = await vera.press(answer)
    result = text(replies[-1])
    assert "Ваш результат: 100 из 100 — очень высокий уровень." in result
    assert "Неделей раньше: 50." in result
    assert result.count("не диагноз") == 1  # said once, not in two places of one message
    assert "Поговорите с кем-то, кому доверяете" in result
    assert "Русский перевод — наш" in result
    async with session_factory() as session:
        survey = await session.scalar(
            select(BurnoutSurvey).where(BurnoutSurvey.week_start == MONDAY)
        )
    assert survey is not None
    assert (survey.answers, survey.score) == ("0000004", 100.0)

    # A low-energy check-in; then /me puts it together.
    await vera.send("/checkin")
    await vera.press("1 😫")
    await vera.press("Пропустить")
    await vera.press("Пропустить")
    replies = await vera.press("Пропустить")
    assert "Самое время позаботиться о себе" in text(replies[-1])  # red: supportive steps
    replies = await vera.send("/me")
    me = text(replies[-1])
    for line in (
        "Ваша сводка",
        "Поставьте план на месяц — /plan",  # no plan: the forecast says how to get one
        "Энергия за 14 дней: ▁ (средняя 1,0)",
        "Опрос о выгорании: 100 — очень высокий уровень",
        "50 → 100",
        "Самочувствие: 🔴 нужна забота о себе",
        "Самое время позаботиться о себе",
    ):
        assert line in me
    for diagnosis in ("у вас выгорание", "депресс", "диагностир"):
        assert diagnosis not in me.lower()


async def test_pause_for_days_and_until_a_date_then_resume(
    checkin_bot: RunningBot,
    emulator: BotAPIEmulator,
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    gleb = emulator.user(504, "Глеб")
    await onboard(gleb)
    replies = await gleb.send("/pause неделю")
    assert "Не понял «неделю»" in text(replies[-1])
    replies = await gleb.send("/pause 5")
    assert "Пауза до пт, 27 ноября включительно" in text(replies[-1])
    replies = await gleb.send("/pause 31.12")
    assert "Пауза до чт, 31 декабря включительно" in text(replies[-1])
    replies = await gleb.send("/me")
    assert "Напоминания на паузе до чт, 31 декабря включительно" in text(replies[-1])

    # While paused, a due check-in is not sent.
    await gleb.send("/due checkin")
    assert prompts(gleb) == []

    replies = await gleb.send("/resume")
    assert "Напоминания снова включены. Следующий чек-ин:" in text(replies[-1])
    assert "24 ноября" in text(replies[-1])
    replies = await gleb.send("/resume")
    assert "Напоминания и так включены" in text(replies[-1])
    await gleb.send("/due checkin")
    assert len(prompts(gleb)) == 1
    async with session_factory() as session:
        rows = list(await session.scalars(select(OutboxMessage)))
    assert [(o.kind, o.local_date, o.status) for o in rows] == [("checkin", MONDAY, "sent")]


async def member_status(user: EmulatedUser, old: str, new: str) -> None:
    """The user blocks or unblocks the bot; Telegram tells the bot with my_chat_member."""
    if new == "kicked":
        user.emu.blocked.add(user.chat_id)
    else:
        user.emu.blocked.discard(user.chat_id)

    def member(status: str) -> dict[str, object]:
        body: dict[str, object] = {"status": status, "user": user.emu.bot_user}
        if status == "kicked":
            body["until_date"] = 0  # a banned member always carries it
        return body

    update_id = user.emu.push_update(
        {
            "my_chat_member": {
                "chat": user.chat_json,
                "from": user.user_json,
                "date": 1_795_000_000,
                "old_chat_member": member(old),
                "new_chat_member": member(new),
            }
        }
    )
    await user.emu.wait_processed(update_id)


async def reminder_kinds(
    session_factory: async_sessionmaker[AsyncSession], user_id: int
) -> set[str]:
    async with session_factory() as session:
        return set(await session.scalars(select(Reminder.kind).where(Reminder.user_id == user_id)))


async def test_blocking_the_bot_stops_the_schedule_and_unblocking_brings_it_back(
    checkin_bot: RunningBot,
    emulator: BotAPIEmulator,
    session_factory: async_sessionmaker[AsyncSession],
    clock: ManualClock,
) -> None:
    dina = emulator.user(505, "Дина")
    await onboard(dina)
    await dina.send("/plan")
    await dina.press("✏️ Задать план")
    await dina.send("40 шт")
    assert await reminder_kinds(session_factory, 505) == {"checkin", "survey"}

    await member_status(dina, "member", "kicked")
    async with session_factory() as session:
        user = await session.get(User, 505)
        assert user is not None
        assert user.blocked_at == T0
        assert await session.get(Plan, (505, date(2026, 11, 1))) is not None  # data kept
    assert await reminder_kinds(session_factory, 505) == set()

    clock.now = datetime(2026, 11, 24, 6, 0, tzinfo=UTC)  # Tuesday 09:00 in Moscow
    await member_status(dina, "kicked", "member")
    async with session_factory() as session:
        user = await session.get(User, 505)
        assert user is not None
        assert user.blocked_at is None
    assert await reminder_kinds(session_factory, 505) == {"checkin", "survey"}
    await dina.send("/due checkin")
    assert [p.text.splitlines()[0] for p in prompts(dina)] == ["☀️ Чек-ин · вт, 24 ноября"]
    assert emulator.rejections == []


async def test_in_english_with_units_and_todays_amounts(
    checkin_bot: RunningBot,
    emulator: BotAPIEmulator,
    session_factory: async_sessionmaker[AsyncSession],
    clock: ManualClock,
) -> None:
    eve = emulator.user(506, "Eve", language_code="en")
    await eve.send("/start")
    await eve.press("English")
    await eve.press("Sales manager")
    await eve.send("Europe/London")
    await eve.send("09:00")
    await eve.send("/plan")
    await eve.press("Set the plan")
    replies = await eve.send("40 pcs")
    assert "✅ Plan for November: 40 pcs" in text(replies[-1])
    # The check-in asks for today's amount instead of the month's total.
    replies = await eve.press("🔁 Ask for today's sales")
    assert "The check-in asks for: today's sales" in text(replies[-1])

    replies = await eve.send("/due checkin")
    assert text(replies[0]) == "Done: the check-in arrives in a few seconds."
    [prompt] = prompts(eve)
    assert "Check-in · Mon, 23 November" in text(prompt)
    replies = await eve.press("5 🤩")
    assert "How much did you sell today?" in text(replies[-1])
    replies = await eve.send("3")
    assert "Calls and meetings" in text(replies[-1])
    await eve.press("Skip")
    replies = await eve.press("Skip")
    summary = text(replies[-1])
    assert "Check-in for Mon, 23 November saved" in summary
    assert "Energy: 5/5" in summary
    assert "Sales this month: 3" in summary

    # Tuesday: today's 2 add up to 5 for the month.
    clock.now = datetime(2026, 11, 24, 9, 1, tzinfo=UTC)  # 09:01 in London
    await eve.send("/due checkin")
    await eve.press("4 🙂")
    await eve.send("2")
    await eve.press("Skip")
    replies = await eve.press("Skip")
    assert "Sales this month: 5" in text(replies[-1])
    assert [c.sales_to_date for c in await checkins(session_factory, 506)] == [
        Decimal(3),
        Decimal(5),
    ]
    replies = await eve.send("/me")
    me = text(replies[-1])
    assert "Your summary" in me
    assert "Wellbeing: 🟢 fine" in me
