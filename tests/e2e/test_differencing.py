"""Differencing attacks on the team's privacy (#13, deliverable 5), through the emulator: each
attack the issue measured is tried by a head of sales who reads /team and /export, and yields
nothing.

* Survey answers arriving one by one in the current week: /team does not move at all — no
  current-week figure, no ⚪ turning into a colour (who answered stays unknown). The finished
  week is published once, from everyone who answered, and a late answer changes nothing.
* A member removed after the week: the published week keeps its figure.
* A newcomer with surveys and check-ins from before joining: the week published before they
  joined keeps its figure; the week they joined in is computed without them even though it is
  frozen after they joined; their flag, survey date and check-ins from before the moment of
  joining (the same day included) are absent from /team and /export, and so is a note written
  before joining with "join and share notes", and her drill levels from before joining.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.db.checkin_models import BurnoutSurvey
from bot.db.team_models import TeamWellbeingWeek
from bot.devtools.emulator import BotAPIEmulator
from bot.devtools.emulator.users import EmulatedUser
from bot.domain.burnout import cbi_score
from handlers.checkin_views import DEGREE_ITEMS
from tests.e2e.conftest import RunningBot
from tests.e2e.test_one_on_one import add_drills
from tests.e2e.test_teams import LINK_RE, ManualClock, clock, make_team, onboard, team_bot

__all__ = ["clock", "team_bot"]  # the fixtures this module uses from the teams tests

DEGREES = [
    "В очень большой степени",
    "В большой степени",
    "Отчасти",
    "В малой степени",
    "В очень малой степени",
]
FREQUENCIES = ["Всегда", "Часто", "Иногда", "Редко", "Никогда или почти никогда"]
MOSCOW = timedelta(hours=3)


def moscow(day: date, hour: int, minute: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC) - MOSCOW


async def answer_survey(user: EmulatedUser, answers: list[int]) -> float:
    """The weekly survey through the dialogue; the score the bot computes for it."""
    replies = await user.send("/due survey")  # the tick may bring a due check-in along
    assert any("опрос о нагрузке" in reply.text for reply in replies)
    await user.press("Начать")
    for item, answer in enumerate(answers):
        scale = DEGREES if item in DEGREE_ITEMS else FREQUENCIES
        replies = await user.press(scale[answer])
    assert "Ваш результат" in replies[-1].text
    return cbi_score(answers)


async def summary(head: EmulatedUser) -> str:
    replies = await head.send("/team")
    return replies[-1].text


def member_line(text: str, name: str) -> str:
    """The member's line of the members' section (it opens with the flag)."""
    return next(
        line
        for line in text.splitlines()
        if f" {name} — " in line and line[:1] in ("⚪", "🟢", "🟡", "🔴")
    )


async def join(member: EmulatedUser, code: str, button: str = "✅ Вступить") -> None:
    await member.send(f"/start join_{code}")
    replies = await member.press(button)
    assert "Вы в команде" in replies[-1].text


async def add_surveys(
    factory: async_sessionmaker[AsyncSession], week: date, scores: dict[int, float]
) -> None:
    async with factory() as session:
        for user_id, score in scores.items():
            session.add(
                BurnoutSurvey(
                    user_id=user_id,
                    week_start=week,
                    answers="2222222",
                    score=score,
                    completed_at=moscow(week + timedelta(days=4), 12),
                )
            )
        await session.commit()


def published(text: str, score: float) -> bool:
    return f"среднее по команде): {round(score)} из 100" in text


async def test_answers_arriving_one_by_one_show_nothing(
    team_bot: RunningBot,
    emulator: BotAPIEmulator,
    session_factory: async_sessionmaker[AsyncSession],
    clock: ManualClock,
) -> None:
    head = emulator.user(9101, first_name="Ирина")
    code = await make_team(head, "Север")
    names = ["Анна", "Борис", "Вера", "Глеб", "Дина"]
    members = [emulator.user(9102 + i, first_name=name) for i, name in enumerate(names)]
    for member in members:
        await onboard(member)
        await join(member, code)

    # Friday 13 March: everyone has been in the team all week. Four answer, one by one.
    clock.now = moscow(date(2026, 3, 13), 11)
    before = await summary(head)
    assert "мало ответов" in before
    answers = [[1, 1, 1, 1, 1, 1, 3], [4, 4, 4, 4, 4, 4, 0], [2, 2, 2, 2, 2, 2, 2], [0] * 7]
    scores = []
    for member, given in zip(members, answers, strict=False):
        scores.append(await answer_survey(member, given))
        after = await summary(head)
        assert after == before  # no figure moves, no ⚪ turns into a colour
        for name in names:
            assert member_line(after, name).startswith("⚪")
    assert len(set(scores)) == 4  # the answers differ, so any leak would show

    # Monday 16 March: the week is over and published once, from the four answers.
    clock.now = moscow(date(2026, 3, 16), 10)
    text = await summary(head)
    week_mean = sum(scores) / len(scores)
    assert published(text, week_mean)

    # A late answer for that week (Дина's) changes nothing: the figure is frozen.
    await add_surveys(session_factory, date(2026, 3, 9), {9106: 100.0})
    clock.advance(timedelta(hours=1))
    text = await summary(head)
    assert published(text, week_mean)
    async with session_factory() as session:
        frozen = await session.scalar(
            select(TeamWellbeingWeek.average).where(
                TeamWellbeingWeek.week_start == date(2026, 3, 9)
            )
        )
    assert frozen == round(week_mean, 1)


async def test_removing_a_member_changes_no_published_week(
    team_bot: RunningBot,
    emulator: BotAPIEmulator,
    session_factory: async_sessionmaker[AsyncSession],
    clock: ManualClock,
) -> None:
    head = emulator.user(9201, first_name="Ирина")
    code = await make_team(head, "Север")
    names = ["Анна", "Борис", "Вера", "Глеб"]
    members = [emulator.user(9202 + i, first_name=name) for i, name in enumerate(names)]
    for member in members:
        await onboard(member)
        await join(member, code)
    scores = {9202: 20.0, 9203: 40.0, 9204: 60.0, 9205: 90.0}
    await add_surveys(session_factory, date(2026, 3, 9), scores)

    clock.now = moscow(date(2026, 3, 16), 10)
    text = await summary(head)
    assert published(text, sum(scores.values()) / 4)  # 52.5 → 52

    # The head removes Глеб, whose 90 the published mean contains.
    await head.press("👥 Участники")
    await head.press("✖ Глеб")
    await head.press("Да, исключить")
    clock.advance(timedelta(minutes=5))
    text = await summary(head)
    assert "Глеб" not in text
    assert published(text, sum(scores.values()) / 4)  # not 40, the mean without him


async def test_a_newcomer_brings_no_history(
    team_bot: RunningBot,
    emulator: BotAPIEmulator,
    session_factory: async_sessionmaker[AsyncSession],
    clock: ManualClock,
) -> None:
    head = emulator.user(9301, first_name="Ирина")
    await make_team(head, "Север")
    replies = await head.press("🔗 Бессрочно")  # Нина joins after a week
    link = LINK_RE.search(replies[-1].text)
    assert link is not None
    code = link["code"]
    team = [emulator.user(9302 + i, first_name=name) for i, name in enumerate(["А", "Б", "В"])]
    for member in team:
        await onboard(member)
        await join(member, code)
    nina = emulator.user(9310, first_name="Нина")
    await onboard(nina)

    # The week of 9 March: the team answers (mean 40); Нина, not yet a member, answers 100
    # and checks in with a note.
    await add_surveys(session_factory, date(2026, 3, 9), {9302: 20.0, 9303: 40.0, 9304: 60.0})
    clock.now = moscow(date(2026, 3, 13), 11)
    assert await answer_survey(nina, [0, 0, 0, 0, 0, 0, 4]) == 100.0
    await checkin(nina, "1 😫", "пятничная заметка")
    await add_drills(session_factory, 9310, "price.too_expensive", [20, 25, 30], clock.now)

    # Monday 16 March, 08:00: the head reads /team before Нина joins — 40 is published.
    clock.now = moscow(date(2026, 3, 16), 8)
    assert published(await summary(head), 40.0)

    # 09:30 Нина answers this week's survey (100) and checks in at 09:40 (energy 1, a note),
    # then at 10:00 joins, sharing notes from now on.
    await add_surveys(session_factory, date(2026, 3, 16), {9302: 30.0, 9303: 50.0, 9304: 70.0})
    clock.now = moscow(date(2026, 3, 16), 9, 30)
    assert await answer_survey(nina, [0, 0, 0, 0, 0, 0, 4]) == 100.0
    clock.now = moscow(date(2026, 3, 16), 9, 40)
    await checkin(nina, "1 😫", "утренняя заметка")
    clock.now = moscow(date(2026, 3, 16), 10)
    await join(nina, code, "✅ Вступить и показывать заметки")

    # The published week is unchanged, and nothing of Нина's from before 10:00 shows.
    clock.now = moscow(date(2026, 3, 16), 10, 5)
    text = await summary(head)
    assert published(text, 40.0)
    line = member_line(text, "Нина")
    assert line.startswith("⚪")  # not 🔴 from her surveys or her energy of 1
    assert "опрос" not in line
    replies = await head.send("/export")
    csv = next(m for m in replies if (m.filename or "").endswith(".csv"))
    exported = (csv.file_bytes or b"").decode("utf-8-sig")
    assert "Нина;9310" not in exported
    assert "заметка" not in exported
    # Her drill levels from before joining are hers too: the skills page leaves them out.
    replies = await head.press("🗣 Возражения и навыки")
    assert "Навыки по категориям" in replies[-1].text
    assert "Нина:" not in replies[-1].text

    # Tuesday she checks in as a member: that is the head's, note included.
    clock.now = moscow(date(2026, 3, 17), 18)
    await checkin(nina, "4 🙂", "вторничная заметка")
    replies = await head.send("/export")
    csv = next(m for m in replies if (m.filename or "").endswith(".csv"))
    exported = (csv.file_bytes or b"").decode("utf-8-sig")
    assert "Нина;9310;2026-03-17;4;" in exported
    assert "вторничная заметка" in exported
    assert "утренняя заметка" not in exported
    assert "пятничная заметка" not in exported
    assert "Нина;9310;2026-03-16" not in exported
    assert "Нина;9310;2026-03-13" not in exported

    # Monday 23 March: the week she joined in is frozen now, after she joined — still only
    # those who were members all week: 50, not (30 + 50 + 70 + 100) / 4 = 62.5.
    clock.now = moscow(date(2026, 3, 23), 10)
    text = await summary(head)
    assert published(text, 50.0)
    assert not member_line(text, "Нина").startswith("🔴")  # her pre-join survey drives nothing


async def checkin(member: EmulatedUser, energy: str, note: str) -> None:
    await member.send("/checkin")
    await member.press(energy)
    await member.send("100 000")
    await member.press("Пропустить")  # calls and meetings
    await member.send(note)
    await member.press("Пропустить")  # the objection of the day
