"""The field loop's rules on a real database: the week's report and its trend, skills with a
minimum number of answers, the weakest categories, practice first in /drill, company
objections kept inside their team, and the checks on a company objection's model answer."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.content.check import load_and_check
from bot.content.schema import Content, DrillStep
from bot.db import drills as drills_db
from bot.db.drill_models import DrillAttempt
from bot.db.field_objection_models import FIELD_TEXT_MAX
from bot.db.models import User
from bot.db.team_models import TeamMember
from bot.domain.languages import Language
from bot.domain.roles import Role
from bot.services import company_objections as company
from bot.services import field_objections as field
from bot.services import teams as teams_service
from bot.services.drills import ServedDrill, serve_next

NOW = datetime(2026, 3, 4, 9, 0, tzinfo=UTC)  # Wednesday
MOSCOW = ZoneInfo("Europe/Moscow")
CLIENT = "Ваш складской модуль стоит как половина нашего бюджета на автоматизацию, дорого."
GOOD = (
    "Понимаю, сумма заметная, и сравнивать правильно. Скажите, сколько часов в неделю "
    "кладовщики тратят на ручную сверку? С модулем сверка идёт сама, вы экономите до двадцати "
    "часов в неделю. Давайте в четверг в 11:00 созвонимся, и я покажу расчёт."
)


@pytest.fixture(scope="module")
def content() -> Content:
    return load_and_check()


async def _team(session: AsyncSession, head_id: int, *member_ids: int) -> int:
    for user_id in (head_id, *member_ids):
        session.add(
            User(
                id=user_id,
                first_name=f"U{user_id}",
                role="head_of_sales" if user_id == head_id else "sales_manager",
                timezone="Europe/Moscow",
                checkin_time=time(9, 0),
                onboarded_at=NOW,
            )
        )
    await session.flush()
    head = await session.get(User, head_id)
    assert head is not None
    team = await teams_service.create_team(session, head, f"T{head_id}", NOW)
    assert not isinstance(team, teams_service.CreateRefusal)
    invite = await teams_service.issue_invite(
        session, team.id, teams_service.InviteExpiry.NEVER, NOW
    )
    for user_id in member_ids:
        await teams_service.join_team(session, invite.code, user_id, NOW, share_notes=False)
    return team.id


async def _answer(
    session: AsyncSession, user_id: int, objection_id: str, score: int, at: datetime
) -> None:
    card = await drills_db.add_card(session, user_id, f"{objection_id}", at)
    session.add(
        DrillAttempt(
            user_id=user_id,
            card_id=card.id,
            objection_id=objection_id,
            shown_at=at,
            answered_at=at,
            score=score,
            answer="…",
        )
    )
    await session.flush()


def test_proficiency_needs_three_answers_and_weighs_recent_ones_more() -> None:
    assert field.proficiency([(NOW, 100), (NOW, 100)], NOW) is None
    old = NOW - timedelta(days=28)  # two half-lives: a quarter of the weight
    value = field.proficiency([(old, 0), (NOW, 100), (NOW, 100)], NOW)
    assert value == pytest.approx(100 * 2 / 2.25)
    assert field.Skill("price", 3, 80.0).level == field.Level.STRONG
    assert field.Skill("price", 3, 50.0).level == field.Level.DEVELOPING
    assert field.Skill("price", 3, 49.9).level == field.Level.WEAK
    assert field.Skill("price", 2, None).level is None


def test_field_text_is_flattened_and_capped() -> None:
    assert field.clean_field_text("  Дорого\n\n  очень\x00 ") == "Дорого очень"
    long = field.clean_field_text("слово " * 200)
    assert len(long) == FIELD_TEXT_MAX
    assert long.endswith("…")


async def test_report_counts_trend_examples_and_only_current_members(
    session_factory: async_sessionmaker[AsyncSession], content: Content
) -> None:
    async with session_factory() as session:
        team_id = await _team(session, 1, 2, 3)
        rep, other = await session.get(User, 2), await session.get(User, 3)
        assert rep is not None
        assert other is not None
        last_week = NOW - timedelta(days=7)
        await field.log_objection(
            session, content, rep, "Дорого", field.Source.COMMAND, last_week, "Europe/Moscow"
        )
        for text in ("Слишком дорого для нас", "Цена конская", "Дорого", "Дорого"):
            await field.log_objection(
                session, content, rep, text, field.Source.CHECKIN, NOW, "Europe/Moscow"
            )
        await field.log_objection(
            session, content, other, "Пришлите на почту", field.Source.COMMAND, NOW, "Europe/Moscow"
        )
        report = await field.field_report(session, team_id, NOW, "Europe/Moscow", "UTC")
        price = report.categories[0]
        assert (price.category, price.this_week, price.last_week) == ("price", 4, 1)
        assert [text for _, text in price.examples] == [
            "Дорого",
            "Цена конская",
            "Слишком дорого для нас",
        ]
        assert report.total == 5
        # Someone who leaves takes their objections out of the report.
        await teams_service.leave_team(session, 3)
        report = await field.field_report(session, team_id, NOW, "Europe/Moscow", "UTC")
        assert report.total == 4


async def test_skills_and_weakest_categories(
    session_factory: async_sessionmaker[AsyncSession], content: Content
) -> None:
    price = [o.id for o in content.objections.values() if o.category == "price"]
    email = [o.id for o in content.objections.values() if o.category == "send_email"]
    async with session_factory() as session:
        team_id = await _team(session, 1, 2)
        member = await session.get(TeamMember, (team_id, 2))
        assert member is not None
        member.joined_at = NOW - timedelta(days=1)
        for index, score in enumerate((100, 75, 100)):
            await _answer(session, 2, price[index], score, NOW - timedelta(hours=index + 1))
        for index, score in enumerate((25, 50, 25)):
            await _answer(session, 2, email[index], score, NOW - timedelta(hours=index + 1))
        await _answer(session, 2, "no_time." + "x", 0, NOW)  # one answer: not rated
        assert await field.weakest_categories(session, 2, NOW) == ["send_email", "price"]
        assert await field.weakest_categories(session, 1, NOW) == [
            "send_email",
            "price",
        ]  # the head: the team's
        per_member, _ = await field.skills_by_member(session, [2], NOW)
        levels = {s.category: s.level for s in per_member[2]}
        assert levels == {
            "price": field.Level.STRONG,
            "send_email": field.Level.WEAK,
            "no_time": None,
        }
        # Answers from before joining stay the member's own: the head's view leaves them out.
        member.joined_at = NOW - timedelta(minutes=30)
        assert await field.weakest_categories(session, 1, NOW) == []
        assert await field.weakest_categories(session, 2, NOW) == ["send_email", "price"]


async def test_practice_first_and_company_objections_stay_in_their_team(
    session_factory: async_sessionmaker[AsyncSession], content: Content
) -> None:
    async with session_factory() as session:
        team_a = await _team(session, 1, 2)
        team_b = await _team(session, 3, 4)
        draft = company.Draft(team_a, "price", CLIENT, "Не верит в окупаемость", GOOD, Language.RU)
        assert company.check_answer(draft, content).passed
        row = await company.save_new(session, draft, 1, NOW)
        assert row is not None
        await field.assign_practice(session, team_a, "price", 1, NOW, "Europe/Moscow")
        await field.assign_practice(session, team_b, "price", 3, NOW, "Europe/Moscow")
        served = await serve_next(session, content, 2, Role.SALES_MANAGER, NOW, MOSCOW)
        assert isinstance(served, ServedDrill)
        assert served.objection.id == f"team:{row.id}"
        for _ in range(12):
            other = await serve_next(session, content, 4, Role.SALES_MANAGER, NOW, MOSCOW)
            if not isinstance(other, ServedDrill):
                break
            objection = other.objection
            assert not objection.id.startswith("team:")
            assert objection.category == "price"
            attempt = await drills_db.get_attempt(session, other.attempt_id)
            assert attempt is not None
            attempt.answered_at, attempt.score = NOW, 50
            await session.flush()
        b_content = await field.team_content(session, content, 4)
        assert f"team:{row.id}" not in b_content.objections
        a_content = await field.team_content(session, content, 2)
        assert f"team:{row.id}" in a_content.objections


def test_a_weak_model_answer_is_refused_with_its_missing_steps(content: Content) -> None:
    weak = company.Draft(
        1, "price", CLIENT, "Не верит в окупаемость", "Цена нормальная, берите.", Language.RU
    )
    check = company.check_answer(weak, content)
    assert not check.passed
    assert DrillStep.CLARIFY in check.missing
    assert DrillStep.NEXT_STEP in check.missing
    discount = company.Draft(
        1, "price", CLIENT, "Не верит", GOOD + " И дам скидку 10%.", Language.RU
    )
    assert company.PenaltyKind.INSTANT_DISCOUNT in company.check_answer(discount, content).penalties
    assert company.check_text(company.DraftField.CLIENT, "Дорого") == company.TextProblem.TOO_SHORT
    assert company.check_text(company.DraftField.ANSWER, "a" * 2000) == company.TextProblem.TOO_LONG
    assert company.clean_text("  <b>Дорого</b>\x07  ") == "<b>Дорого</b>"  # escaped when shown
    assert company.parse_drill_id("team:12") == 12
    assert company.parse_drill_id("price.x") is None
