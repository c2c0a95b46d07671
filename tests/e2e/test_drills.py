"""Objection drills from the user's side: /drill → free-text answer → per-step feedback →
self-grade → next review in the user's time zone; bad input, a restart mid-drill, a double
press, forged buttons, /progress and the daily limit. Issue #14: answers that are not practice
are refused and leave the card alone; the client pushes back and the whole exchange is scored,
also across a restart mid-exchange; feedback quotes the rep; the score caps the self-grade;
the issue's own examples (natural Russian openers, plain-word value, «Скидку не дадим», «зато»,
a template that ignores the client, a strong English answer) score as a trainer expects."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.content.check import load_and_check
from bot.content.schema import Content, DrillStep, Technique
from bot.db import drills as drills_db
from bot.db.drill_models import DrillAttempt, DrillCard
from bot.devtools.emulator import BotAPIEmulator
from bot.devtools.emulator.models import BotMessage, CallbackQueryRecord
from bot.devtools.emulator.users import EmulatedUser
from bot.domain.languages import Language
from bot.services.drill_schedule import max_rating
from bot.services.drill_scoring import example_line
from tests.e2e.conftest import ManualClock, RunningBot, StartBot

T0 = datetime(2026, 3, 2, 6, 0, tzinfo=UTC)  # Monday, 09:00 in Moscow
MOSCOW = ZoneInfo("Europe/Moscow")
GRADES = ["🔁 Снова", "😓 Трудно", "🙂 Хорошо", "😎 Легко"]


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(T0)


@pytest.fixture(scope="module")
def content() -> Content:
    return load_and_check()


@pytest.fixture
async def drill_bot(start_bot: StartBot, clock: ManualClock) -> RunningBot:
    return await start_bot(clock, dev_commands=False)


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

    attempt = await open_attempt(session_factory, 4002)
    objection = content.objections[attempt.objection_id]
    replies = await ben.send("Понимаю вас, но <b>мы</b> & лучше всех на рынке, давайте созвонимся.")
    assert objection.client.ru not in replies[-1].text  # the client pushes back instead
    pushed_back = replies[-1].text
    assert "Клиент:" in pushed_back
    replies = await ben.send("Хорошо, тогда давайте созвонимся завтра и всё обсудим подробно.")
    feedback = replies[-1]
    assert "Весь разговор:" in feedback.text
    assert "«Но» сразу после согласия" in feedback.text
    assert "<b>мы</b>" in feedback.text  # quoted as typed…
    assert "<b>мы</b>" not in feedback.html  # …and never echoed unescaped
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
    content: Content,
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
        attempt = await open_attempt(session_factory, 4003)
        first_ids.append(attempt.objection_id)
        # A model answer scores high enough for "easy"; one step alone only for "again".
        answer = (
            model_answer(content, attempt.objection_id, Technique.ACVN)
            or content.objections[attempt.objection_id].answers[0].text.ru
            if rating == "😎 Легко"
            else "Хорошо, давайте созвонимся завтра в 10:00."
        )
        replies = await cat.send(answer)
        if "Клиент:" in replies[-1].text:  # the client pushed back: answer once more
            await cat.send("Давайте тогда созвонимся завтра в 10:00 и всё спокойно обсудим.")
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


# --- issue #14: scoring by meaning, refusals, the client pushing back --------------------

NOT_PRACTICE = [
    # (answer, a phrase of the message the rep gets)
    ("Понимаю. Как? Выгода. Давайте завтра.", "набор ключевых слов"),
    ("понимаю понимаю? выгода выгода экономия, созвонимся в четверг, ывапролд", "ключевых слов"),
    ("asdf qwerty 🤡🤡🤡", "случайный набор букв"),
    ("Понятно, вы просто жадничаете… хватит ныть", "Клиент услышал бы здесь оскорбление"),
    ("Fair point. What is in their contract? Let's talk on Thursday at 11.", "не на русском"),
]


async def card_reviews(session_factory: async_sessionmaker[AsyncSession], user_id: int) -> int:
    async with session_factory() as session:
        card = await session.scalar(select(DrillCard).where(DrillCard.user_id == user_id))
    assert card is not None
    return card.reviews


async def test_answers_that_are_not_practice_are_refused_and_do_not_move_the_card(
    drill_bot: RunningBot,
    emulator: BotAPIEmulator,
    session_factory: async_sessionmaker[AsyncSession],
    content: Content,
) -> None:
    rep = emulator.user(4101, first_name="Ира")
    await onboard(rep)
    await rep.send("/drill")
    attempt = await open_attempt(session_factory, 4101)
    objection = content.objections[attempt.objection_id]

    cases = [*NOT_PRACTICE, (objection.client.ru, "слова самого клиента")]
    for answer, reason in cases:
        replies = await rep.send(answer)
        text = replies[-1].text
        assert reason in text, answer
        assert "не засчитываю" in text
        assert objection.client.ru in text  # asked again
        assert replies[-1].inline_keyboard == []  # nothing to grade
    attempt = await open_attempt(session_factory, 4101)
    assert attempt.answered_at is None
    assert attempt.score is None
    assert await card_reviews(session_factory, 4101) == 0

    # The drill is still open: a real answer is scored.
    answer = model_answer(content, objection.id, Technique.ACVN) or objection.answers[0].text.ru
    replies = await rep.send(answer)
    feedback = replies[-1].text
    assert "Ваш ответ:" in feedback
    attempt = await open_attempt(session_factory, 4101)
    assert attempt.score is not None
    assert attempt.score >= 85
    assert [b["text"] for b in replies[-1].inline_keyboard[0]] == GRADES


async def test_the_client_pushes_back_and_the_whole_exchange_survives_a_restart(
    drill_bot: RunningBot,
    emulator: BotAPIEmulator,
    session_factory: async_sessionmaker[AsyncSession],
    content: Content,
) -> None:
    rep = emulator.user(4102, first_name="Олег")
    await onboard(rep)
    await rep.send("/drill")
    attempt = await open_attempt(session_factory, 4102)
    objection = content.objections[attempt.objection_id]
    push_backs = [f.client.ru for f in objection.follow_ups or []]

    # Natural Russian: «Ок» acknowledges, «наберу в четверг в 11» is a next step; no question
    # and no argument, so the client pushes back in character.
    replies = await rep.send("Ок. Наберу вас в четверг в 11, обсудим.")
    assert any(line in replies[-1].text for line in push_backs), replies[-1].text
    assert "Клиент:" in replies[-1].text

    await drill_bot.restart()  # mid-exchange: the first turn is in the database

    # Word salad in the second turn is refused too, and the push-back is asked again.
    replies = await rep.send("выгода выгода выгода")
    assert "не засчитываю" in replies[-1].text
    assert any(line in replies[-1].text for line in push_backs)

    rubric = content.rubric
    repair = " ".join(
        example_line(objection, rubric, step, Language.RU)
        for step in (DrillStep.CLARIFY, DrillStep.VALUE)
    )
    replies = await rep.send(repair)
    feedback = replies[-1].text
    assert "Весь разговор:" in feedback
    assert "«Наберу вас в четверг в 11, обсудим.»" in feedback  # the rep's own words
    attempt = await open_attempt(session_factory, 4102)
    assert attempt.result is not None
    stored = json.loads(attempt.result)
    assert stored["turns"] == 2
    assert attempt.score is not None
    assert attempt.score >= 70  # the second turn repaired it
    assert attempt.answer is not None
    assert attempt.answer.startswith("Ок. Наберу")


@pytest.mark.parametrize("forged_rating", [4])
async def test_the_score_caps_the_self_grade(
    drill_bot: RunningBot,
    emulator: BotAPIEmulator,
    session_factory: async_sessionmaker[AsyncSession],
    forged_rating: int,
) -> None:
    rep = emulator.user(4103, first_name="Петя")
    await onboard(rep)
    await rep.send("/drill")
    replies = await rep.send("Понимаю вас. Давайте созвонимся как-нибудь потом и всё обсудим.")
    if "Клиент:" in replies[-1].text:
        replies = await rep.send("Ну хорошо, тогда давайте созвонимся позже и всё обсудим.")
    feedback = replies[-1]
    attempt = await open_attempt(session_factory, 4103)
    assert attempt.score is not None
    assert attempt.score < 40
    shown = [b["text"] for row in feedback.inline_keyboard for b in row]
    assert shown == GRADES[: int(max_rating(attempt.score))]
    assert "😎 Легко" not in shown

    # An old or forged "easy" button: FSRS gets what the score supports, and the rep is told.
    await press_with_data(emulator, rep, feedback, f"dg:{attempt.id}:{forged_rating}")
    assert "Оценка по баллам" in rep.last.text
    attempt = await open_attempt(session_factory, 4103)
    assert attempt.rating == int(max_rating(attempt.score or 0))
    assert await card_reviews(session_factory, 4103) == 1


# --- the examples of issue #14, through the bot ----------------------------------------------

PRICE = "price.competitor_cheaper"  # «Другой подрядчик берёт за обслуживание на 30% меньше…»


async def serve(
    session_factory: async_sessionmaker[AsyncSession], clock: ManualClock, user_id: int, oid: str
) -> None:
    """Put ``oid`` first in the rep's queue: a card due now, as a review would be."""
    async with session_factory() as session:
        await drills_db.add_card(session, user_id, oid, clock.now)
        await session.commit()


# (answer, its opening sentence, its argument): natural openers, the value in plain words,
# «Скидку не дадим» (a refusal, not a discount) and «зато» (not «agree, but»).
NATURAL_ANSWERS = [
    (
        "Да, 30% — заметная разница, и сравнивать правильно. Сколько раз за год у вас вставала"
        " отгрузка из-за сбоев сети? Час простоя склада стоит дороже месячной разницы в цене,"
        " поэтому мы и гарантируем реакцию за 15 минут. Скидку не дадим, зато в четверг в 11"
        " наберу вас и пройдём оба договора по пунктам.",
        "Да, 30% — заметная разница, и сравнивать правильно.",
        "Час простоя склада стоит дороже месячной разницы в цене",
    ),
    (
        "Конечно, платить больше за то же самое никто не хочет. А какое время реакции на заявку"
        " у другого подрядчика прописано в договоре? Час простоя склада обходится дороже"
        " месячной разницы в цене, а мы по договору отвечаем за реакцию за 15 минут. Наберу вас"
        " в четверг в 11, сравним по пунктам.",
        "Конечно, платить больше за то же самое никто не хочет.",
        "Час простоя склада обходится дороже месячной разницы в цене",
    ),
    (
        "Справедливо, разница в 30% заметная. Что именно входит в обслуживание у другого"
        " подрядчика? У вас склад: каждый час простоя — это сорванные отгрузки, и он стоит"
        " дороже месячной разницы. Пришлю сегодня таблицу сравнения, а в четверг в 11"
        " созвонимся на 20 минут.",
        "Справедливо, разница в 30% заметная.",
        "каждый час простоя — это сорванные отгрузки",
    ),
]


async def test_natural_russian_scores_high_and_is_quoted_back(
    drill_bot: RunningBot,
    emulator: BotAPIEmulator,
    session_factory: async_sessionmaker[AsyncSession],
    clock: ManualClock,
) -> None:
    for user_id, (answer, opening, argument) in enumerate(NATURAL_ANSWERS, start=4110):
        rep = emulator.user(user_id, first_name="Саша")
        await onboard(rep)
        await serve(session_factory, clock, user_id, PRICE)
        await rep.send("/drill")
        assert (await open_attempt(session_factory, user_id)).objection_id == PRICE

        replies = await rep.send(answer)
        feedback = replies[-1].text
        assert "Ваш ответ:" in feedback, feedback  # nothing weak: the client does not push back
        assert f"«{opening}»" in feedback  # acknowledged, in the rep's own words
        assert argument in feedback  # the argument is seen and quoted
        assert "Скидка с ходу" not in feedback
        assert "«Но» сразу после согласия" not in feedback
        attempt = await open_attempt(session_factory, user_id)
        assert attempt.score is not None
        assert attempt.score >= 85, (answer, attempt.score)
        assert "😎 Легко" in [b["text"] for row in replies[-1].inline_keyboard for b in row]


async def test_a_template_that_ignores_the_client_does_not_pass(
    drill_bot: RunningBot,
    emulator: BotAPIEmulator,
    session_factory: async_sessionmaker[AsyncSession],
    clock: ManualClock,
    content: Content,
) -> None:
    rep = emulator.user(4120, first_name="Дима")
    await onboard(rep)
    await serve(session_factory, clock, 4120, PRICE)
    await rep.send("/drill")
    push_backs = [f.client.ru for f in content.objections[PRICE].follow_ups]

    replies = await rep.send(
        "Понимаю ваши сомнения. Какие у вас задачи? Наша компания — лидер рынка, мы работаем"
        " с лучшими клиентами и даём отличный результат. Давайте созвонимся завтра."
    )
    assert any(line in replies[-1].text for line in push_backs), replies[-1].text
    replies = await rep.send(
        "Мы надёжная компания с большим опытом. Давайте созвонимся в понедельник."
    )
    feedback = replies[-1].text
    assert "Весь разговор:" in feedback
    assert "это можно сказать о любом товаре" in feedback  # the boast is named as one
    attempt = await open_attempt(session_factory, 4120)
    assert attempt.score is not None
    assert attempt.score < 70
    shown = [b["text"] for row in replies[-1].inline_keyboard for b in row]
    assert shown == GRADES[: int(max_rating(attempt.score))]
    assert "🙂 Хорошо" not in shown


async def test_a_strong_natural_english_answer_scores_high(
    drill_bot: RunningBot,
    emulator: BotAPIEmulator,
    session_factory: async_sessionmaker[AsyncSession],
    clock: ManualClock,
) -> None:
    rep = emulator.user(4121, first_name="Lee", language_code="en")
    await rep.send("/start")
    await rep.press("English")
    await rep.press("Sales manager")
    await rep.press("London · UTC+0")
    await rep.press("09:00")
    await serve(session_factory, clock, 4121, PRICE)
    await rep.send("/drill")

    replies = await rep.send(
        "Fair question — 30% is a real gap. What response time does the other provider commit"
        " to in their contract? With a warehouse and a dispatch desk, one hour of downtime costs"
        " you more than a month of the price difference, which is why we guarantee a 15-minute"
        " response. Could we go through a side-by-side comparison on Thursday at 11?"
    )
    feedback = replies[-1].text
    assert "Your answer:" in feedback, feedback
    assert "one hour of downtime costs you more" in feedback
    attempt = await open_attempt(session_factory, 4121)
    assert attempt.score is not None
    assert attempt.score >= 85
    assert "😎 Easy" in [b["text"] for row in replies[-1].inline_keyboard for b in row]
