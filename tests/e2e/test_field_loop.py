"""From the field to practice, through the emulator: a rep logs an objection at the end of a
check-in, the head sees it on /team and assigns its category, the rep gets the practice
message at the next check-in time and those drills first, and the head sees the attempts;
a head adds a company objection (a weak model answer is refused with the missing steps), a
member drills it, another team never sees it; /delete_me removes logged objections."""

from __future__ import annotations

import copy
import io
from datetime import UTC, datetime, timedelta

import openpyxl  # type: ignore[import-untyped]
import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.content.check import load_and_check
from bot.content.schema import Content
from bot.db.checkin_models import OutboxMessage
from bot.db.drill_models import DrillAttempt, DrillCard
from bot.db.field_objection_models import CompanyObjection, FieldObjection
from bot.devtools.emulator import BotAPIEmulator
from bot.devtools.emulator.users import EmulatedUser
from tests.e2e.conftest import ManualClock, RunningBot, StartBot
from tests.e2e.test_teams import make_team

T0 = datetime(2026, 3, 4, 7, 0, tzinfo=UTC)  # Wednesday, 10:00 in Moscow
THURSDAY_CHECKIN = datetime(2026, 3, 5, 6, 0, tzinfo=UTC)  # 09:00 in Moscow

GOOD_ANSWER = (
    "Понимаю, тридцать тысяч за лицензию — заметная сумма, и сравнивать правильно. "
    "Скажите, сколько часов в неделю ваши кладовщики сейчас тратят на ручную сверку остатков? "
    "С нашей системой сверка идёт автоматически, и вы экономите до двадцати часов в неделю, "
    "то есть лицензия окупается за пару месяцев. "
    "Давайте в четверг в 11:00 созвонимся на двадцать минут, и я покажу расчёт на ваших цифрах."
)
WEAK_ANSWER = (
    "Цена у нас нормальная, рынок такой, все так продают, и качество у нас лучше, чем у других, "
    "так что платить придётся."
)
COMPANY_CLIENT = "Тридцать тысяч за одну лицензию вашего складского модуля? Это грабёж."


@pytest.fixture
def clock() -> ManualClock:
    return ManualClock(T0)


@pytest.fixture(scope="module")
def content() -> Content:
    return load_and_check()


@pytest.fixture
async def loop_bot(start_bot: StartBot, clock: ManualClock) -> RunningBot:
    return await start_bot(clock)


async def join(member: EmulatedUser, code: str, first_time: bool = True) -> str:
    """Onboard through the invite link; the consent screen's text."""
    await member.send(f"/start join_{code}")
    await member.press("Русский")
    await member.press("Менеджер по продажам")
    await member.press("Москва · UTC+3")
    replies = await member.press("09:00")
    preview = replies[-1].text
    replies = await member.press("✅ Вступить")
    assert "Вы в команде" in replies[-1].text
    return preview


async def last_attempt(factory: async_sessionmaker[AsyncSession], user_id: int) -> DrillAttempt:
    async with factory() as session:
        attempt = await session.scalar(
            select(DrillAttempt)
            .where(DrillAttempt.user_id == user_id)
            .order_by(DrillAttempt.id.desc())
            .limit(1)
        )
    assert attempt is not None
    return attempt


async def test_a_field_objection_becomes_the_teams_practice(
    loop_bot: RunningBot,
    emulator: BotAPIEmulator,
    clock: ManualClock,
    content: Content,
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    head = emulator.user(7001, first_name="Ирина")
    code = await make_team(head, "Север")
    rep = emulator.user(7002, first_name="Пётр")
    preview = await join(rep, code)
    assert "тексты возражений" in preview  # the consent screen says what is shared
    assert "без вашего имени" in preview

    # The check-in ends with the optional question; the rep types what the client said.
    await rep.send("/checkin")
    await rep.press("4 🙂")
    await rep.send("0")
    await rep.send("20 3")
    replies = await rep.press("Пропустить")
    assert "самым трудным" in replies[-1].text
    assert replies[-1].buttons == [["Пропустить"]]
    replies = await rep.send("Дорого <очень>, у конкурентов на треть дешевле & быстрее")
    proposal = replies[-1]
    assert "без вашего имени" in proposal.text
    assert "&lt;очень&gt;" in proposal.html  # escaped, shown as typed
    assert proposal.buttons[0] == ["Цена"]  # the likeliest category first
    assert ["Другое"] in proposal.buttons
    replies = await rep.press("Цена")
    assert "✅ Записал" in proposal.text
    assert proposal.buttons == []
    async with session_factory() as session:
        logged = list(await session.scalars(select(FieldObjection)))
    assert [(f.category, f.confirmed, f.source) for f in logged] == [("price", True, "checkin")]

    # The head's /team has the field report: category, count, the example — no name.
    replies = await head.send("/team")
    assert ["🗣 Возражения и навыки"] in replies[-1].buttons
    replies = await head.press("🗣 Возражения и навыки")
    page = replies[-1].text
    assert "Возражения этой недели: 1" in page
    assert "Цена — 1" in page
    assert "у конкурентов на треть дешевле" in page
    assert "Пётр" not in page

    # /export carries the same field report on its own sheet, still without names.
    replies = await head.send("/export")
    workbook = openpyxl.load_workbook(io.BytesIO(replies[-2].file_bytes or b""))
    objections = list(workbook["Возражения"].iter_rows(values_only=True))
    assert objections[1][:3] == ("Цена", 1, 0)
    assert "у конкурентов на треть дешевле" in str(objections[1][4])
    assert not any("Пётр" in str(value) for row in objections for value in row)

    # "Practise this week": nothing is sent at once; the message waits for the check-in time.
    before = len(rep.messages)
    replies = await head.press("🎯 Тренировать на неделе: Цена")
    assert "1 участник получит сообщение" in replies[-1].text
    assert len(rep.messages) == before
    async with session_factory() as session:
        queued = await session.scalar(select(OutboxMessage).where(OutboxMessage.kind == "practice"))
    assert queued is not None
    assert queued.status == "pending"
    assert queued.next_attempt_at == THURSDAY_CHECKIN

    # The next morning the check-in and the practice message arrive through the outbox.
    clock.now = THURSDAY_CHECKIN + timedelta(seconds=30)
    await rep.send("/due checkin")
    practice = next(m for m in rep.messages if "Тренировка недели" in m.text)
    assert "Цена" in practice.text
    replies = await rep.press("🥊 Начать тренировку")
    assert "Цена" in replies[-1].text
    attempt = await last_attempt(session_factory, 7002)
    assert attempt.objection_id.startswith("price.")
    objection = content.objections[attempt.objection_id]
    await rep.send(objection.answers[0].text.ru)
    await rep.press("🙂 Хорошо")
    # The next /drill is the category's next objection, still ahead of everything else.
    await rep.send("/drill")
    second = await last_attempt(session_factory, 7002)
    assert second.objection_id.startswith("price.")
    assert second.objection_id != attempt.objection_id

    # The head sees who practised.
    replies = await head.press("🗣 Возражения и навыки")
    page = replies[-1].text
    assert "потренировались 1 из 1" in page
    assert "Пётр — 1 ответ" in page
    assert "1 ответ, мало для оценки" in page  # below the minimum no level shows

    # One tap turns the field objection into a company objection draft, words filled in.
    replies = await head.press("➕ 1")
    assert "Делаем из возражения с полей тренировку" in replies[-2].text
    assert "у конкурентов на треть дешевле" in replies[-2].text
    assert "Что на самом деле беспокоит клиента" in replies[-1].text

    # The member sees what the head sees.
    replies = await rep.send("/my_objections")
    assert "Что видит Ирина" in replies[-1].text
    assert "у конкурентов на треть дешевле" in replies[-1].text

    # The head's Monday summary ends with last week's objections.
    clock.now = datetime(2026, 3, 9, 6, 0, 30, tzinfo=UTC)  # Monday, 09:00 in Moscow
    await head.send("/due team_weekly")
    monday = next(m for m in head.messages if "Возражения прошлой недели" in m.text)
    assert "Цена — 1" in monday.text

    # /delete_me removes the member's logged objections.
    await rep.send("/delete_me")
    await rep.press("🗑 Да, удалить всё")
    async with session_factory() as session:
        assert list(await session.scalars(select(FieldObjection))) == []


async def test_a_company_objection_is_drilled_by_its_team_only(
    loop_bot: RunningBot,
    emulator: BotAPIEmulator,
    clock: ManualClock,
    session_factory: async_sessionmaker[AsyncSession],
) -> None:
    head_a = emulator.user(7101, first_name="Анна")
    code_a = await make_team(head_a, "Склад")
    member_a = emulator.user(7102, first_name="Борис")
    await join(member_a, code_a)
    head_b = emulator.user(7201, first_name="Вера")
    code_b = await make_team(head_b, "Розница")
    member_b = emulator.user(7202, first_name="Глеб")
    await join(member_b, code_b)

    # A member can't add one; the head can.
    replies = await member_a.send("/company_objections")
    assert "может руководитель команды" in replies[-1].text
    replies = await head_a.send("/company_objections")
    assert "Пока ни одного" in replies[-1].text
    replies = await head_a.press("➕ Добавить возражение")
    assert "Что говорит клиент" in replies[-1].text
    replies = await head_a.send("Дорого")
    assert "Слишком коротко" in replies[-1].text
    replies = await head_a.send(COMPANY_CLIENT)
    assert "К какой категории" in replies[-1].text
    assert replies[-1].buttons[0] == ["Цена"]  # proposed by meaning
    await head_a.press("Цена")
    replies = await head_a.send("Не верит, что лицензия окупится на их объёмах")
    assert "образцовый ответ" in replies[-1].text
    replies = await head_a.send(WEAK_ANSWER)
    refusal = replies[-1].text
    assert "Нет шага" in refusal
    assert "Уточняющий вопрос" in refusal
    assert "Конкретный следующий шаг" in refusal
    replies = await head_a.send(GOOD_ANSWER)
    assert "Добавил в тренировки команды" in replies[-1].text
    async with session_factory() as session:
        stored = list(await session.scalars(select(CompanyObjection)))
    assert [(c.category, c.client) for c in stored] == [("price", COMPANY_CLIENT)]
    company_id = f"team:{stored[0].id}"

    # Team A practises price: its own objection comes first.
    await head_a.send("/team")
    await head_a.press("🗣 Возражения и навыки")
    await head_a.press("🎯 Выбрать категорию для тренировки")
    replies = await head_a.press("Цена")
    assert "1 участник" in replies[-1].text
    replies = await member_a.send("/drill")
    assert "Тридцать тысяч за одну лицензию" in replies[-1].text
    assert (await last_attempt(session_factory, 7102)).objection_id == company_id
    replies = await member_a.send(GOOD_ANSWER)
    scored = replies[-1].text.split("Ваш ответ: ", 1)[1].split(" / 100", 1)[0]
    assert int(scored) >= 70  # a good answer, scored by meaning (#14)
    await member_a.press("🙂 Хорошо")
    async with session_factory() as session:
        card = await session.scalar(
            select(DrillCard).where(DrillCard.user_id == 7102, DrillCard.objection_id == company_id)
        )
    assert card is not None
    assert card.reviews == 1  # FSRS like the library

    # Team B practises price too, and never gets team A's objection.
    await head_b.send("/team")
    await head_b.press("🗣 Возражения и навыки")
    await head_b.press("🎯 Выбрать категорию для тренировки")
    await head_b.press("Цена")
    for _ in range(4):
        replies = await member_b.send("/drill")
        assert "Тридцать тысяч" not in replies[-1].text
        replies = await member_b.send("Понимаю вас. Давайте созвонимся завтра в 11 и обсудим.")
        if "Клиент:" in replies[-1].text:  # the client pushed back (#14): answer once more
            await member_b.send("Хорошо, тогда давайте созвонимся завтра в 11 и всё обсудим.")
        await member_b.press("🔁 Снова")  # a weak answer: the score allows only "again"
    async with session_factory() as session:
        foreign = list(
            await session.scalars(
                select(DrillCard).where(
                    DrillCard.user_id == 7202, DrillCard.objection_id.like("team:%")
                )
            )
        )
    assert foreign == []

    # Only the author edits or removes it.
    replies = await head_a.send("/company_objections")
    assert "Тридцать тысяч" in replies[-1].text
    replies = await head_a.press("🗑 1")
    confirm = copy.deepcopy(replies[-1])  # the phone still shows the button after the tap
    replies = await head_a.press("🗑 Да, удалить")
    assert "Удалил" in replies[-1].text
    # A second tap on the same confirmation: told it is gone, not "only the author may".
    await head_a.press_button(confirm, 0)
    assert head_a.callback_answers[-1]["text"] == "Этого возражения уже нет — его удалили."
    async with session_factory() as session:
        assert list(await session.scalars(select(CompanyObjection))) == []
