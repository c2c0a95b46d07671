"""FSRS scheduling of drills with controlled time: due cards first (most overdue first), then
new ones for the user's role within the daily limit counted in the user's local day; grading
once; streak and mastery figures."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.content import loader
from bot.content.schema import Content
from bot.db import drills as drills_db
from bot.db.users import get_or_create_user
from bot.domain.languages import Language
from bot.domain.roles import Role
from bot.services.drill_schedule import (
    MASTERY_STABILITY_DAYS,
    CardState,
    Rating,
    State,
    mastery_per_category,
    new_candidates,
    review,
    streak,
)
from bot.services.drills import (
    Feedback,
    FirstTurn,
    GradeStatus,
    NothingDue,
    ServedDrill,
    answer_drill,
    grade_drill,
    local_midnight,
    progress,
    serve_next,
)

FIXTURES = Path(__file__).parent / "fixtures" / "objections"
T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
MOSCOW = ZoneInfo("Europe/Moscow")
USER = 777


@pytest.fixture(scope="module")
def content() -> Content:
    """The real content with the small test objection bank in place of the real one."""
    patch = pytest.MonkeyPatch()
    patch.setattr(loader, "MIN_OBJECTIONS", 0)
    patch.setattr(loader, "MIN_OBJECTION_CATEGORIES", 0)
    try:
        real = loader.load_content()
    finally:
        patch.undo()
    categories, objections = loader.load_objections(FIXTURES)
    return real.model_copy(update={"objection_categories": categories, "objections": objections})


@pytest.fixture
async def session(
    session_factory: async_sessionmaker[AsyncSession],
) -> AsyncSession:
    async with session_factory() as session:
        await get_or_create_user(
            session, USER, first_name="Ann", username=None, language=Language.RU
        )
        await session.commit()
        return session


async def _drill(
    session: AsyncSession, content: Content, now: datetime, rating: Rating | None = None
) -> ServedDrill | NothingDue:
    served = await serve_next(session, content, USER, Role.SALES_MANAGER, now, MOSCOW)
    if rating is not None:
        assert isinstance(served, ServedDrill)
        attempt = await drills_db.get_attempt(session, served.attempt_id)
        assert attempt is not None
        # Scheduling, not scoring, is under test here: a full-score answer lets any
        # self-grade through (the score caps the grade; test_drill_scoring covers that).
        assert await drills_db.record_answer(
            session,
            attempt.id,
            answer="…",
            result={},
            score=100,
            model_technique="acvn",
            now=now,
        )
        outcome = await grade_drill(session, served.attempt_id, USER, rating, now)
        assert outcome.status == GradeStatus.GRADED
    await session.commit()
    return served


def _id(served: ServedDrill | NothingDue) -> str:
    assert isinstance(served, ServedDrill)
    return served.objection.id


async def test_due_cards_come_first_then_new_ones_for_the_role(
    session: AsyncSession, content: Content
) -> None:
    first = _id(await _drill(session, content, T0, Rating.Again))  # back in 10 minutes
    second = _id(await _drill(session, content, T0 + timedelta(minutes=1), Rating.Easy))
    # The user's role (sales manager) first: both price objections before the other role's.
    assert {first, second} == {"price.competitor_cheaper", "price.too_expensive"}
    third = _id(await _drill(session, content, T0 + timedelta(minutes=2), Rating.Good))
    assert third == "no_time.call_back_later"  # others' objections still come, after the role's

    nothing = await _drill(session, content, T0 + timedelta(minutes=3))
    assert isinstance(nothing, NothingDue)
    assert nothing.next_due == T0 + timedelta(minutes=10)

    # Ten minutes on, the "Again" card is due and served before anything else.
    again = await _drill(session, content, T0 + timedelta(minutes=11))
    assert _id(again) == first
    assert isinstance(again, ServedDrill)
    assert not again.is_new

    # Months later everything is due: the most overdue first. Never answered, the served
    # "again" card kept its due time and comes first; "Good" precedes "Easy".
    later = T0 + timedelta(days=400)
    due = await drills_db.due_cards(session, USER, later)
    assert [card.objection_id for card in due] == [first, third, second]


async def test_unanswered_drill_comes_back_and_counts_once_against_the_limit(
    session: AsyncSession, content: Content
) -> None:
    await drills_db.set_new_per_day(session, USER, 1)
    served = await _drill(session, content, T0)
    again = await _drill(session, content, T0 + timedelta(minutes=5))
    assert _id(again) == _id(served)
    assert isinstance(again, ServedDrill)
    assert again.is_new


async def test_daily_limit_counts_the_users_local_day(
    session: AsyncSession, content: Content
) -> None:
    await drills_db.set_new_per_day(session, USER, 1)
    evening = datetime(2026, 3, 2, 20, 50, tzinfo=UTC)  # 23:50 in Moscow
    await _drill(session, content, evening, Rating.Easy)
    limited = await _drill(session, content, evening + timedelta(minutes=5))
    assert isinstance(limited, NothingDue)
    assert limited.limit == 1
    # 00:05 in Moscow, still 21:05 UTC: a new local day, a new card.
    next_day = await _drill(session, content, evening + timedelta(minutes=15))
    assert isinstance(next_day, ServedDrill)
    assert next_day.is_new


async def test_a_grade_counts_once(session: AsyncSession, content: Content) -> None:
    served = await _drill(session, content, T0)
    assert isinstance(served, ServedDrill)
    attempt = await drills_db.get_attempt(session, served.attempt_id)
    assert attempt is not None
    assert await grade_drill(session, attempt.id, USER, Rating.Good, T0) == (
        await grade_drill(session, attempt.id, USER, Rating.Good, T0)
    )  # not answered yet: stale both times
    answer = "Понимаю вас, это важный вопрос. Давайте созвонимся завтра в 11 и всё обсудим."
    turn = await answer_drill(session, content, attempt, answer, Language.RU, T0)
    if isinstance(turn, FirstTurn):  # the client pushed back: answer the second turn
        turn = await answer_drill(session, content, attempt, answer, Language.RU, T0, turn)
    assert isinstance(turn, Feedback)
    assert (await grade_drill(session, attempt.id, USER + 1, Rating.Good, T0)).status == (
        GradeStatus.STALE
    )
    first = await grade_drill(session, attempt.id, USER, Rating.Good, T0)
    second = await grade_drill(session, attempt.id, USER, Rating.Easy, T0)
    assert (first.status, second.status) == (GradeStatus.GRADED, GradeStatus.ALREADY)
    cards = await drills_db.all_cards(session, USER)
    assert [card.reviews for card in cards] == [1]


async def test_progress_figures(session: AsyncSession, content: Content) -> None:
    for day in range(3):
        now = T0 + timedelta(days=day)
        await _drill(session, content, now, Rating.Easy)  # nothing comes back within days
    figures = await progress(
        session, content, USER, Role.SALES_MANAGER, T0 + timedelta(days=2, hours=1), MOSCOW
    )
    assert figures.streak == 3
    assert figures.total_cards == 3
    assert figures.new_per_day == 10
    assert [(m.category, m.mastered, m.total) for m in figures.mastery] == [
        ("no_time", 0, 1),
        ("price", 0, 2),
    ]


def test_fsrs_intervals_grow_with_the_grade() -> None:
    new = CardState.new(T0)
    dues = [review(new, rating, T0).due for rating in Rating]
    assert dues == sorted(dues)
    assert dues[0] == T0 + timedelta(minutes=10)  # Again: relearn within the session
    assert review(new, Rating.Good, T0).state == State.Review  # one step, then daily intervals


def test_mastery_needs_review_state_and_three_weeks_of_stability(content: Content) -> None:
    stable = CardState(State.Review, None, MASTERY_STABILITY_DAYS, 5.0, T0, T0)
    shaky = CardState(State.Review, None, MASTERY_STABILITY_DAYS - 1, 5.0, T0, T0)
    relearning = CardState(State.Relearning, 0, 40.0, 5.0, T0, T0)
    assert stable.mastered
    assert not shaky.mastered
    assert not relearning.mastered
    objections = list(content.objections.values())
    cards = {"price.competitor_cheaper": stable, "no_time.call_back_later": stable}
    figures = mastery_per_category(objections, Role.SALES_MANAGER, cards, ["price", "no_time"])
    # The other role's objection counts once the user has drilled it.
    assert [(m.category, m.mastered, m.total, m.percent) for m in figures] == [
        ("price", 1, 2, 50),
        ("no_time", 1, 1, 100),
    ]
    # A role no objection names sees the whole bank.
    figures = mastery_per_category(objections, Role.SALES_ADMIN, {}, ["price", "no_time"])
    assert [(m.category, m.total) for m in figures] == [("price", 2), ("no_time", 1)]


def test_new_candidates_put_the_role_first(content: Content) -> None:
    objections = list(content.objections.values())
    order = new_candidates(objections, Role.SALES_DEVELOPMENT_MANAGER, set(), 1)
    assert order[0].id == "no_time.call_back_later"
    assert len(new_candidates(objections, None, {"price.too_expensive"}, 1)) == 2


@pytest.mark.parametrize(
    ("days", "today", "expected"),
    [
        ([], date(2026, 3, 5), 0),
        ([date(2026, 3, 5)], date(2026, 3, 5), 1),
        ([date(2026, 3, 3), date(2026, 3, 4)], date(2026, 3, 5), 2),  # today not done yet
        ([date(2026, 3, 2), date(2026, 3, 3)], date(2026, 3, 5), 0),  # yesterday missed
        ([date(2026, 3, d) for d in (1, 2, 4, 5)], date(2026, 3, 5), 2),
    ],
)
def test_streak(days: list[date], today: date, expected: int) -> None:
    assert streak(days, today) == expected


def test_local_midnight() -> None:
    assert local_midnight(datetime(2026, 3, 2, 22, 0, tzinfo=UTC), MOSCOW) == datetime(
        2026, 3, 2, 21, 0, tzinfo=UTC
    )
