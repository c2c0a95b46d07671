"""1:1 preparation (#13, deliverable 7), through the emulator: the head opens "Prepare a 1:1"
from an entry of /team's attention list and gets the facts behind the reason, three questions
and two opening lines of the suggested style from content/styles.yaml; "Done — we talked"
takes the person off the list for 7 days, a double tap stores nothing new, the person comes
back early when the reason gets worse and after the week anyway; a press about someone who
left gets a polite answer, and only the team's head may press at all."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.content.loader import load_content
from bot.db.checkin_models import BurnoutSurvey
from bot.db.drill_models import DrillAttempt, DrillCard
from bot.db.one_on_one_models import OneOnOneTalk
from bot.devtools.emulator import BotAPIEmulator
from bot.devtools.emulator.models import BotMessage
from bot.devtools.emulator.users import EmulatedUser
from handlers.one_on_one import OneOnOneDoneCb, OneOnOnePrepCb
from tests.e2e.conftest import RunningBot
from tests.e2e.test_teams import (
    ManualClock,
    clock,
    make_team,
    onboard,
    press_with_data,
    team_bot,
    team_id_of,
)

__all__ = ["clock", "team_bot"]  # the fixtures this module uses from the teams tests

DAY = timedelta(days=1)
ATTENTION = "Требуют внимания"


async def checkin(member: EmulatedUser, energy: str, sales: str, activity: str) -> None:
    await member.send("/checkin")
    await member.press(energy)
    await member.send(sales)
    await member.send(activity)
    await member.press("Пропустить")  # the note
    await member.press("Пропустить")  # the objection of the day


def attention_section(summary: str) -> str:
    """The attention list of a /team page: from its title to the members' section."""
    start = summary.index(ATTENTION)
    return summary[start : summary.index("Участники", start)]


async def team_summary(head: EmulatedUser) -> BotMessage:
    replies = await head.send("/team")
    return next(m for m in reversed(replies) if "📊" in m.text and m.inline_keyboard)


def button_labels(message: BotMessage) -> list[str]:
    return [label for row in message.buttons for label in row]


async def add_drills(
    factory: async_sessionmaker[AsyncSession],
    user_id: int,
    objection_id: str,
    scores: list[int],
    at: datetime,
) -> None:
    async with factory() as session:
        card = DrillCard(
            user_id=user_id, objection_id=objection_id, introduced_at=at, state=2, due=at
        )
        session.add(card)
        await session.flush()
        for number, score in enumerate(scores):
            moment = at + timedelta(minutes=number)
            session.add(
                DrillAttempt(
                    user_id=user_id,
                    card_id=card.id,
                    objection_id=objection_id,
                    shown_at=moment,
                    answer="…",
                    score=score,
                    answered_at=moment,
                    rating=3,
                    graded_at=moment,
                )
            )
        await session.commit()


async def add_survey(
    factory: async_sessionmaker[AsyncSession], user_id: int, week: date, score: float
) -> None:
    async with factory() as session:
        session.add(
            BurnoutSurvey(
                user_id=user_id,
                week_start=week,
                answers="2222222",
                score=score,
                completed_at=datetime.combine(week + timedelta(days=4), datetime.min.time(), UTC),
            )
        )
        await session.commit()


async def talks_stored(factory: async_sessionmaker[AsyncSession]) -> int:
    async with factory() as session:
        return int(await session.scalar(select(func.count()).select_from(OneOnOneTalk)) or 0)


async def test_prepare_a_one_on_one_and_mark_it_done(
    team_bot: RunningBot,
    emulator: BotAPIEmulator,
    session_factory: async_sessionmaker[AsyncSession],
    clock: ManualClock,
) -> None:
    supportive = load_content().styles["supportive"]
    head = emulator.user(8101, first_name="Ирина")
    code = await make_team(head, "Север")
    anna = emulator.user(8102, first_name="Анна <Ко>")
    pavel = emulator.user(8103, first_name="Павел")
    # Анна practised price objections badly before joining: that is not the head's to see.
    await onboard(anna)
    await onboard(pavel)
    await add_drills(
        session_factory, 8102, "no_time.cold_call_rushing", [10, 15, 20], clock.now - DAY
    )
    for member in (anna, pavel):
        await member.send(f"/start join_{code}")
        await member.press("✅ Вступить")

    # Wednesday 4 March: Анна sets a plan and checks in for a week; a survey of 60 this week.
    await anna.send("/plan")
    await anna.send("1,5 млн")
    for energy, sales, step in (
        ("4 🙂", "100 000", DAY),
        ("4 🙂", "200 000", DAY),
        ("4 🙂", "300 000", 4 * DAY),  # Friday; then the weekend and 9 March, a holiday
        ("3 😐", "400 000", DAY),
        ("3 😐", "500 000", timedelta(0)),
    ):
        await checkin(anna, energy, sales, "20 2")
        clock.advance(step)
    assert clock.now.date() == date(2026, 3, 11)
    await add_survey(session_factory, 8102, date(2026, 3, 2), 60.0)
    await add_drills(session_factory, 8102, "price.too_expensive", [40, 50, 45], clock.now - DAY)

    # Wednesday 11 March: Анна needs attention (the survey); a 1:1 button for her alone.
    summary = await team_summary(head)
    assert "Опрос: нагрузка выше нормы" in attention_section(summary.text)
    # Team totals carry the plan's currency, without kopecks.
    totals = summary.text.replace("\u202f", " ")
    assert "(500 000 ₽ из 1 500 000 ₽)" in totals
    labels = button_labels(summary)
    assert "🗣 1:1 · Анна <Ко>" in labels
    assert not any("Павел" in label for label in labels)

    replies = await head.press("🗣 1:1 · Анна <Ко>")
    prep = replies[-1]
    text = prep.text
    assert "Подготовка к встрече 1:1: Анна <Ко>" in text
    assert "Анна &lt;Ко&gt;" in prep.html  # the name is escaped, never markup
    assert "Причина: 🟠 Опрос: нагрузка выше нормы" in text
    assert "Стиль: Поддерживающий" in text
    plain = text.replace("\u202f", " ")  # amounts group digits with narrow no-break spaces
    assert "План на месяц: 1 500 000 ₽, сделано 500 000 ₽ (33%)" in plain
    # 500k in 7 of March's 21 working days (9 March is a holiday): on pace for the plan.
    assert "Прогноз на конец месяца: 100% (1 500 000 ₽)" in plain
    assert "Чек-ины за 14 дней: 5 из 5" in text
    # 4 check-ins of 20 calls and 2 meetings in the last 7 days; no usual level after a week.
    assert "Звонки и встречи за 7 дней: 88 (обычный уровень виден после 4 недель" in text
    assert "Энергия: последние 3 оценки в среднем 3,3, до этого 4,0 (5 оценок за 14 дней)" in text
    assert "Самочувствие: 🟡, опрос недели с 02.03" in text
    assert "60 из 100" not in text  # the survey's score is never shown
    assert "Слабее всего в тренировках: Цена — 45 из 100" in text
    assert "Нет времени" not in text  # drills before joining are not the head's
    for question in supportive.one_on_one.questions[:3]:
        assert question.ru in text
    for opener in supportive.one_on_one.openers[:2]:
        assert opener.ru.replace("{name}", "Анна <Ко>") in text
    assert len(text) <= 4096
    assert button_labels(prep) == ["✅ Поговорили", "📊 Сводка"]

    # "Done — we talked": off the list until 18.03; the button goes; a double tap stores nothing.
    replies = await head.press("✅ Поговорили")
    assert "Разговор отмечен" in replies[-1].text
    assert "до 18.03" in replies[-1].text
    assert button_labels(prep) == ["📊 Сводка"]
    team_id = await team_id_of(session_factory, 8101)
    done_data = OneOnOneDoneCb(team=team_id, user=8102).pack()
    answer, _ = await press_with_data(emulator, head, prep, done_data)
    assert "уже отмечен 11.03" in str(answer.get("text"))
    assert await talks_stored(session_factory) == 1

    summary = await team_summary(head)
    section = attention_section(summary.text)
    assert "Опрос: нагрузка выше нормы" not in section
    assert "Недавно поговорили: Анна <Ко>" in section
    assert not any("1:1" in label for label in button_labels(summary))

    # Two days later nothing got worse: still off the list.
    clock.advance(2 * DAY)
    summary = await team_summary(head)
    assert "Опрос: нагрузка выше нормы" not in attention_section(summary.text)

    # The week of 9 March ends with a survey of 80: red is worse than amber — she is back
    # on Monday 16 March, before the quiet week is over.
    await add_survey(session_factory, 8102, date(2026, 3, 9), 80.0)
    clock.advance(3 * DAY)
    summary = await team_summary(head)
    section = attention_section(summary.text)
    assert "🔴 Признаки выгорания" in section
    assert "Недавно поговорили" not in section
    replies = await head.press("🗣 1:1 · Анна <Ко>")
    assert "Причина: 🔴 Признаки выгорания" in replies[-1].text
    replies = await head.press("✅ Поговорили")
    assert "до 23.03" in replies[-1].text

    # The quiet week is over on 23 March: still red, so back on the list.
    clock.advance(6 * DAY)
    summary = await team_summary(head)
    assert "Признаки выгорания" not in attention_section(summary.text)
    clock.advance(DAY)
    summary = await team_summary(head)
    assert "🔴 Признаки выгорания" in attention_section(summary.text)

    # Only the head may press: a member's forged button is refused.
    prep_data = OneOnOnePrepCb(team=team_id, user=8102).pack()
    answer, sent = await press_with_data(emulator, pavel, pavel.messages[-1], prep_data)
    assert answer.get("show_alert") is True
    assert sent == []

    # Анна leaves: the old button gets a polite answer, and her talks are gone with her.
    await anna.send("/leave")
    await anna.press("Да, выйти")
    answer, sent = await press_with_data(emulator, head, summary, prep_data)
    assert "уже нет в команде" in str(answer.get("text"))
    assert sent == []
    answer, sent = await press_with_data(emulator, head, summary, done_data)
    assert "уже нет в команде" in str(answer.get("text"))
    assert await talks_stored(session_factory) == 0
