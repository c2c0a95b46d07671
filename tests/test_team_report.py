"""The /team figures on seeded data at a fixed moment: attainment, forecast, trend, response
rate, drills, flags, the small-team privacy rule, and who needs attention in which style."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, date, datetime, time, timedelta
from decimal import Decimal

import pytest
from sqlalchemy import update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.content.loader import load_content
from bot.db.checkin_models import BurnoutSurvey, CheckIn, OutboxMessage, Plan
from bot.db.drill_models import DrillAttempt, DrillCard
from bot.db.models import User
from bot.db.team_models import Team, TeamMember
from bot.domain.burnout import WellbeingFlag
from bot.domain.languages import Language
from bot.i18n import I18n
from bot.services.reminders import claim_due, sync_user_reminders
from bot.services.team_report import (
    REASON_STYLE,
    AttentionReason,
    MemberFigures,
    StyleId,
    TeamReport,
    attention_line_key,
    attention_reason_key,
    build_team_report,
)

ZONE = "Europe/Moscow"
# Thursday 19 November 2026, 18:00 in Moscow. November has 21 working days (Mon–Fri); 13 of
# them are over before today (2–6, 9–13, 16–18), so an unreported today is still to come.
NOW = datetime(2026, 11, 19, 15, 0, tzinfo=UTC)
TODAY = date(2026, 11, 19)
NOVEMBER = date(2026, 11, 1)
HEAD = 1
MILLION = Decimal(1_000_000)
JOINED = datetime(2026, 9, 1, tzinfo=UTC)  # members since September unless a test says

Factory = async_sessionmaker[AsyncSession]


async def _seed(factory: Factory, *rows: object) -> None:
    async with factory() as session:
        session.add_all(list(rows))
        await session.commit()


def _user(user_id: int, name: str = "", **fields: object) -> User:
    values: dict[str, object] = {
        "first_name": name,
        "language": "ru",
        "timezone": ZONE,
        "checkin_time": time(9, 0),
        "onboarded_at": datetime(2026, 9, 1, tzinfo=UTC),
        # The hand-worked figures below count weekdays only; the Russian calendar (4 November
        # off) has its own test.
        "work_calendar": "none",
    }
    values.update(fields)
    return User(id=user_id, **values)


async def _team(factory: Factory, members: Iterable[User], share: Iterable[int] = ()) -> int:
    shared = set(share)
    people = list(members)
    async with factory() as session:
        session.add(_user(HEAD, "Head"))
        session.add_all(people)
        await session.flush()
        team = Team(head_id=HEAD, name="Отдел продаж")
        session.add(team)
        await session.flush()
        session.add_all(
            TeamMember(
                team_id=team.id,
                user_id=user.id,
                share_notes=user.id in shared,
                joined_at=JOINED,
            )
            for user in people
        )
        await session.commit()
        return team.id


def _checkin(user_id: int, day: date, **fields: object) -> CheckIn:
    stamp = datetime.combine(day, time(15), tzinfo=UTC)
    values: dict[str, object] = {"updated_at": stamp, "completed_at": stamp}
    values.update(fields)
    return CheckIn(user_id=user_id, local_date=day, **values)


def _plan(user_id: int, target: Decimal, month: date = NOVEMBER, unit: str = "money") -> Plan:
    return Plan(user_id=user_id, month=month, target=target, unit=unit, updated_at=NOW)


def _survey(user_id: int, week: date, score: float | None) -> BurnoutSurvey:
    return BurnoutSurvey(
        user_id=user_id,
        week_start=week,
        answers="1111111" if score is not None else "11-----",
        score=score,
        completed_at=NOW if score is not None else None,
    )


def _prompt(user_id: int, day: date) -> OutboxMessage:
    sent = datetime.combine(day, time(6), tzinfo=UTC)
    return OutboxMessage(
        user_id=user_id,
        kind="checkin",
        local_date=day,
        status="sent",
        next_attempt_at=sent,
        created_at=sent,
        sent_at=sent,
    )


async def _report(factory: Factory, team_id: int, now: datetime = NOW) -> TeamReport:
    async with factory() as session:
        report = await build_team_report(session, team_id, now, ZONE)
        await session.commit()  # as the handlers do: finished weeks stay frozen
        return report


def _member(report: TeamReport, user_id: int) -> MemberFigures:
    found = report.figures_of(user_id)
    assert found is not None
    return found


def _working_days(start: date, end: date) -> list[date]:
    days = (start + timedelta(days=n) for n in range((end - start).days + 1))
    return [day for day in days if day.isoweekday() <= 5]


# -- plan figures ----------------------------------------------------------------------------


async def test_attainment_forecast_and_trend(session_factory: Factory) -> None:
    team = await _team(
        session_factory,
        [_user(10, "Анна"), _user(11, "Борис"), _user(12, "Вера", timezone="Asia/Vladivostok")],
    )
    await _seed(
        session_factory,
        _plan(10, MILLION),
        _checkin(10, date(2026, 11, 12), energy=4, sales_to_date=Decimal(400_000)),
        _checkin(10, date(2026, 11, 18), energy=4, sales_to_date=Decimal(600_000)),
        # Борис has check-ins but no plan.
        _checkin(11, date(2026, 11, 18), energy=3, sales_to_date=Decimal(50_000)),
        # In Vladivostok it is already 01:00 on Friday the 20th, and Friday is reported.
        _plan(12, MILLION),
        _checkin(12, date(2026, 11, 20), energy=5, sales_to_date=Decimal(700_000)),
    )
    report = await _report(session_factory, team)

    assert [m.name for m in report.members] == ["Анна", "Борис", "Вера"]
    anna = _member(report, 10)
    assert anna.has_plan
    assert anna.attainment_pct == 60.0
    # 600 000 over 13 elapsed working days, projected over 21: 969 230.77.
    assert anna.forecast_pct == 96.9
    assert anna.trend_pts == 20.0  # 40 % on Thursday last week, 60 % now
    assert anna.sales_to_date == Decimal("600000.00")

    boris = _member(report, 11)
    assert not boris.has_plan
    assert boris.attainment_pct is None
    assert boris.forecast_pct is None
    assert boris.trend_pts is None

    vera = _member(report, 12)
    # Her Friday is done: 15 of 21 working days elapsed → 700 000 × 21 / 15 = 980 000.
    assert vera.attainment_pct == 70.0
    assert vera.forecast_pct == 98.0
    # Nothing reported by her Friday last week: no baseline, so no trend (not ▲70 against
    # nothing), and one check-in this month is not enough for a plan verdict.
    assert vera.trend_pts is None
    assert not vera.enough_data


async def test_trend_in_the_first_week_counts_from_the_month_start(
    session_factory: Factory,
) -> None:
    team = await _team(session_factory, [_user(10, "Анна")])
    december = date(2026, 12, 1)
    await _seed(
        session_factory,
        _plan(10, MILLION),
        _plan(10, MILLION, month=december),
        _checkin(10, date(2026, 11, 26), sales_to_date=Decimal(900_000)),
        _checkin(10, date(2026, 12, 2), sales_to_date=Decimal(100_000)),
    )
    report = await _report(session_factory, team, datetime(2026, 12, 3, 15, 0, tzinfo=UTC))
    anna = _member(report, 10)
    assert anna.attainment_pct == 10.0
    # Last Thursday was in November: no fake drop from 90 %, the baseline is the month start.
    assert anna.trend_pts == 10.0


async def test_a_member_with_no_data_at_all(session_factory: Factory) -> None:
    team = await _team(session_factory, [_user(10, "", username="new_guy")])
    report = await _report(session_factory, team)
    member = _member(report, 10)
    assert member.name == "@new_guy"
    assert member == MemberFigures(
        user_id=10,
        name="@new_guy",
        attainment_pct=None,
        forecast_pct=None,
        trend_pts=None,
        response_rate_14d=None,
        drills_this_week=0,
        flag=None,
        energy_avg_7d=None,
        has_plan=False,
        forecast_status=member.forecast_status,
        enough_data=False,
    )
    assert report.attention == ()
    assert report.total_plan is None
    assert report.team_attainment_pct is None


async def test_names_are_raw_and_members_sorted_by_name(session_factory: Factory) -> None:
    team = await _team(
        session_factory,
        [_user(10, "<b>Ann & Co</b>"), _user(11, "алла"), _user(12, "Zed"), _user(13, "")],
    )
    report = await _report(session_factory, team)
    # Without a name or username: a short id (bot/services/people.py).
    assert [m.name for m in report.members] == ["<b>Ann & Co</b>", "id …13", "Zed", "алла"]


# -- response rate ---------------------------------------------------------------------------


async def test_response_rate_counts_due_check_ins_not_days_off_or_pauses(
    session_factory: Factory,
) -> None:
    """The real reminder path decides what was due: ticks every morning for two weeks."""
    paused_until = date(2026, 11, 14)
    team = await _team(
        session_factory,
        [
            _user(10, "Weekdays"),
            _user(11, "Paused", paused_until=paused_until),
            _user(12, "Six days", working_days="123456"),
        ],
    )
    start = datetime(2026, 11, 5, 12, 0, tzinfo=UTC)
    async with session_factory() as session:
        for user_id in (10, 11, 12):
            user = await session.get(User, user_id)
            assert user is not None
            await sync_user_reminders(session, user, start, ZONE)
        await session.commit()
    day = date(2026, 11, 6)
    while day <= TODAY:  # 09:01 in Moscow every day, the check-in time
        async with session_factory() as session:
            await claim_due(session, datetime.combine(day, time(6, 1), tzinfo=UTC), ZONE)
            await session.commit()
        day += timedelta(days=1)
    async with session_factory() as session:
        await session.execute(update(OutboxMessage).values(status="sent"))
        await session.commit()

    window = _working_days(date(2026, 11, 6), date(2026, 11, 18))  # 9 days, today excluded
    assert len(window) == 9
    answered_weekdays = window[:7]
    await _seed(
        session_factory,
        *(_checkin(10, d, energy=4) for d in answered_weekdays),
        _checkin(10, date(2026, 11, 14), energy=5),  # a Saturday: not due, not counted
        # Paused up to Saturday the 14th: only 16–18 were asked (and today, still open).
        _checkin(11, date(2026, 11, 16), energy=3),
        _checkin(11, date(2026, 11, 18), energy=3),
        # A six-day week: Saturdays 7 and 14 were asked too; answered Saturday and today.
        _checkin(12, date(2026, 11, 14), energy=4),
        _checkin(12, TODAY, energy=4),
        # Older than 14 days: outside the window.
        _checkin(10, date(2026, 11, 5), energy=4),
    )
    report = await _report(session_factory, team)
    assert _member(report, 10).response_rate_14d == pytest.approx(7 / 9)
    assert _member(report, 11).response_rate_14d == pytest.approx(2 / 3)
    # Due: 9 weekdays + 2 Saturdays + today (answered) = 12; answered 2.
    assert _member(report, 12).response_rate_14d == pytest.approx(2 / 12)


async def test_response_rate_without_prompts(session_factory: Factory) -> None:
    """Answering from /checkin with no prompt: the working days answered were due."""
    team = await _team(session_factory, [_user(10, "A"), _user(11, "B")])
    await _seed(
        session_factory,
        _checkin(10, date(2026, 11, 17), energy=4),
        _checkin(10, date(2026, 11, 15), energy=4),  # Sunday
        # An unanswered row (energy not chosen, not completed) is not an answer.
        _checkin(10, date(2026, 11, 18), completed_at=None),
        _checkin(11, date(2026, 11, 15), energy=4),  # only a day off
    )
    report = await _report(session_factory, team)
    assert _member(report, 10).response_rate_14d == 1.0
    assert _member(report, 11).response_rate_14d is None


# -- drills, flags ---------------------------------------------------------------------------


async def test_drills_since_the_members_local_monday(session_factory: Factory) -> None:
    team = await _team(
        session_factory, [_user(10, "Moscow"), _user(11, "NY", timezone="America/New_York")]
    )
    async with session_factory() as session:
        cards = {}
        for user_id in (10, 11):
            card = DrillCard(
                user_id=user_id,
                objection_id="price-too-high",
                introduced_at=NOW - timedelta(days=30),
                state=2,
                due=NOW,
            )
            session.add(card)
            await session.flush()
            cards[user_id] = card.id

        def attempt(user_id: int, graded: datetime | None) -> DrillAttempt:
            return DrillAttempt(
                user_id=user_id,
                card_id=cards[user_id],
                objection_id="price-too-high",
                shown_at=(graded or NOW) - timedelta(minutes=5),
                graded_at=graded,
                rating=3 if graded else None,
            )

        session.add_all(
            [
                # Monday 16 Nov 00:30 in Moscow is Sunday 21:30 UTC: this week.
                attempt(10, datetime(2026, 11, 15, 21, 30, tzinfo=UTC)),
                # Sunday 23:30 in Moscow: last week.
                attempt(10, datetime(2026, 11, 15, 20, 30, tzinfo=UTC)),
                attempt(10, datetime(2026, 11, 18, 9, 0, tzinfo=UTC)),
                attempt(10, None),  # shown, never graded
                # 03:00 UTC Monday is still Sunday evening in New York.
                attempt(11, datetime(2026, 11, 16, 3, 0, tzinfo=UTC)),
                attempt(11, datetime(2026, 11, 16, 6, 0, tzinfo=UTC)),
            ]
        )
        await session.commit()
    report = await _report(session_factory, team)
    assert _member(report, 10).drills_this_week == 2
    assert _member(report, 11).drills_this_week == 1


async def test_flag_and_energy(session_factory: Factory) -> None:
    team = await _team(
        session_factory,
        [_user(10, "Burnt"), _user(11, "Fine"), _user(12, "Nothing"), _user(13, "Recovered")],
    )
    week = date(2026, 11, 9)  # last week: this week's surveys show nowhere yet
    await _seed(
        session_factory,
        _survey(10, week - timedelta(weeks=1), 20.0),
        _survey(10, week, 80.0),
        _survey(12, week + timedelta(weeks=1), 90.0),  # this week's: not on /team yet
        *(_checkin(11, TODAY - timedelta(days=n), energy=4 + n % 2) for n in range(10)),
        # The latest completed survey counts, not an unfinished newer one.
        _survey(13, week - timedelta(weeks=1), 30.0),
        _survey(13, week, None),
    )
    report = await _report(session_factory, team)
    assert _member(report, 10).flag == WellbeingFlag.RED
    assert _member(report, 10).energy_avg_7d is None
    fine = _member(report, 11)
    assert fine.flag == WellbeingFlag.GREEN
    # The last 7 days: 4, 5, 4, 5, 4, 5, 4.
    assert fine.energy_avg_7d == pytest.approx(31 / 7, abs=0.01)
    assert _member(report, 12).flag is None
    assert _member(report, 13).flag == WellbeingFlag.GREEN


# -- team wellbeing: at least 3 answers ------------------------------------------------------


async def test_team_wellbeing_needs_three_answers(session_factory: Factory) -> None:
    team = await _team(session_factory, [_user(n, f"M{n}") for n in range(10, 15)])
    this_week = date(2026, 11, 16)
    last_week = this_week - timedelta(weeks=1)
    two_ago = this_week - timedelta(weeks=2)
    await _seed(
        session_factory,
        # Two weeks ago: only two answers → no average that week.
        _survey(10, two_ago, 40.0),
        _survey(11, two_ago, 60.0),
        # Last week: three answers.
        _survey(10, last_week, 30.0),
        _survey(11, last_week, 40.0),
        _survey(12, last_week, 50.0),
        # This week: never shown, however many answer.
        _survey(10, this_week, 70.0),
        _survey(11, this_week, 80.0),
        _survey(12, this_week, 90.0),
    )
    report = await _report(session_factory, team)
    assert report.responders_this_week == 0  # never published
    assert report.wellbeing_average == 40.0
    assert report.wellbeing_week == last_week
    assert len(report.wellbeing_trend) == 8
    assert report.wellbeing_trend[-1] == (last_week, 40.0)
    assert report.wellbeing_trend[-2] == (two_ago, None)
    assert report.wellbeing_trend[0][0] == this_week - timedelta(weeks=8)
    assert all(week < this_week for week, _ in report.wellbeing_trend)


async def test_no_team_average_for_a_small_team(session_factory: Factory) -> None:
    team = await _team(session_factory, [_user(10, "A"), _user(11, "B")])
    this_week = date(2026, 11, 16)
    await _seed(
        session_factory,
        *(_survey(u, this_week - timedelta(weeks=w), 50.0) for u in (10, 11) for w in range(9)),
    )
    report = await _report(session_factory, team)
    assert report.wellbeing_average is None
    assert report.wellbeing_week is None
    assert all(value is None for _, value in report.wellbeing_trend)


# -- differencing attacks (#13): each yields nothing -----------------------------------------


async def test_answers_arriving_this_week_move_nothing(session_factory: Factory) -> None:
    """After C the average was 68, after D 54, so D ≈ 12 — not any more: the current week is
    never shown, and the finished week is frozen before late answers could move it."""
    team = await _team(session_factory, [_user(n, f"M{n}") for n in range(10, 14)])
    this_week = date(2026, 11, 16)
    await _seed(
        session_factory,
        *(_survey(u, this_week - timedelta(weeks=1), 50.0) for u in (10, 11, 12)),
        *(_survey(u, this_week, score) for u, score in ((10, 68.0), (11, 68.0), (12, 68.0))),
    )
    before = await _report(session_factory, team)
    await _seed(session_factory, _survey(13, this_week, 12.0))  # D answers
    after = await _report(session_factory, team)
    assert before.wellbeing_average == after.wellbeing_average == 50.0
    assert before.wellbeing_trend == after.wellbeing_trend
    assert before.responders_this_week == after.responders_this_week == 0
    # A late answer for last week, after it was published, changes nothing either.
    await _seed(session_factory, _survey(13, this_week - timedelta(weeks=1), 12.0))
    late = await _report(session_factory, team)
    assert late.wellbeing_trend == before.wellbeing_trend


async def test_removing_a_member_does_not_recompute_past_weeks(session_factory: Factory) -> None:
    team = await _team(session_factory, [_user(n, f"M{n}") for n in range(10, 14)])
    last_week = date(2026, 11, 9)
    await _seed(
        session_factory,
        *(_survey(u, last_week, s) for u, s in ((10, 40.0), (11, 50.0), (12, 60.0), (13, 10.0))),
    )
    before = await _report(session_factory, team)
    async with session_factory() as session:
        member = await session.get(TeamMember, (team, 13))
        assert member is not None
        await session.delete(member)
        await session.commit()
    after = await _report(session_factory, team)
    assert before.wellbeing_average == after.wellbeing_average == 40.0
    assert before.wellbeing_trend == after.wellbeing_trend


async def test_a_newcomers_old_scores_never_land_in_past_weeks(session_factory: Factory) -> None:
    team = await _team(session_factory, [_user(n, f"M{n}") for n in range(10, 13)])
    last_week = date(2026, 11, 9)
    await _seed(
        session_factory,
        *(_survey(u, last_week, 50.0) for u in (10, 11, 12)),
        _user(13, "New", work_calendar="none"),
    )
    await _seed(
        session_factory,
        _survey(13, last_week, 10.0),  # answered before joining
        _survey(13, date(2026, 11, 2), 10.0),
    )
    async with session_factory() as session:  # joins this Wednesday
        session.add(TeamMember(team_id=team, user_id=13, joined_at=NOW - timedelta(days=1)))
        await session.commit()
    report = await _report(session_factory, team)
    assert report.wellbeing_average == 50.0
    assert dict(report.wellbeing_trend)[date(2026, 11, 2)] is None
    # Their pre-join survey doesn't colour their flag either.
    assert _member(report, 13).flag is None


async def test_outsiders_do_not_count(session_factory: Factory) -> None:
    team = await _team(session_factory, [_user(10, "A"), _user(11, "B")])
    this_week = date(2026, 11, 16)
    await _seed(session_factory, _user(50, "Outsider"))
    await _seed(
        session_factory,
        _survey(10, this_week, 50.0),
        _survey(11, this_week, 50.0),
        _survey(50, this_week, 50.0),
        _survey(HEAD, this_week, 50.0),  # the head is not a member of their own team
        _plan(50, MILLION),
    )
    report = await _report(session_factory, team)
    assert {m.user_id for m in report.members} == {10, 11}
    assert report.wellbeing_average is None
    assert report.total_plan is None


# -- totals ----------------------------------------------------------------------------------


async def test_team_totals_add_money_plans_only(session_factory: Factory) -> None:
    team = await _team(session_factory, [_user(n, f"M{n}") for n in (10, 11, 12, 13)])
    await _seed(
        session_factory,
        _plan(10, MILLION),
        _checkin(10, date(2026, 11, 18), sales_to_date=Decimal(600_000)),
        _plan(11, Decimal(500_000)),
        _checkin(11, date(2026, 11, 18), sales_to_date=Decimal(300_000)),
        _plan(12, Decimal(40), unit="units"),  # pieces don't add to money
        _checkin(12, date(2026, 11, 18), sales_to_date=Decimal(30)),
    )
    report = await _report(session_factory, team)
    assert report.total_unit == "money"
    assert report.total_plan == Decimal(1_500_000)
    assert report.total_sales == Decimal(900_000)
    assert report.team_attainment_pct == 60.0
    # 900 000 over 13 of 21 working days → 1 453 846.15 projected.
    assert report.team_forecast_pct == 96.9


async def test_empty_team(session_factory: Factory) -> None:
    team = await _team(session_factory, [])
    report = await _report(session_factory, team)
    assert report.members == ()
    assert report.attention == ()
    assert report.wellbeing_average is None
    assert len(report.wellbeing_trend) == 8
    assert report.generated_at == NOW


# -- who needs attention ---------------------------------------------------------------------


def _weekday_checkins(user_id: int, start: date, end: date, **fields: object) -> list[CheckIn]:
    return [_checkin(user_id, day, **fields) for day in _working_days(start, end)]


async def test_attention_reasons_styles_and_order(session_factory: Factory) -> None:
    red, star, close, behind, tired, silent, fine = 10, 11, 12, 13, 14, 15, 16
    team = await _team(
        session_factory,
        [
            _user(red, "Red"),
            _user(star, "Star"),
            _user(close, "Close"),
            _user(behind, "Behind"),
            _user(tired, "Tired"),
            _user(silent, "Silent"),
            _user(fine, "Fine"),
        ],
    )
    last_week = date(2026, 11, 9)  # surveys of finished weeks drive the flags
    rows: list[object] = [
        # A red flag: burnout score 80.
        _survey(red, last_week, 80.0),
        _plan(red, MILLION),
        _checkin(red, date(2026, 11, 18), energy=3, sales_to_date=Decimal(650_000)),
        # A strong performer who stalls: 55 % by last Thursday (a steady pace was 43 %),
        # one point since (a steady week is 19 points).
        _plan(star, MILLION),
        _checkin(star, date(2026, 11, 12), energy=4, sales_to_date=Decimal(550_000)),
        _checkin(star, date(2026, 11, 16), energy=4, sales_to_date=Decimal(555_000)),
        _checkin(star, date(2026, 11, 18), energy=4, sales_to_date=Decimal(560_000)),
        # Close to plan (85 %) with calls down from 30 a day to 5.
        _plan(close, MILLION),
        *_weekday_checkins(close, date(2026, 10, 23), date(2026, 11, 11), energy=4, calls=30),
        *_weekday_checkins(close, date(2026, 11, 13), date(2026, 11, 17), energy=4, calls=5),
        _checkin(close, date(2026, 11, 12), energy=4, calls=30, sales_to_date=Decimal(600_000)),
        _checkin(close, date(2026, 11, 18), energy=4, calls=5, sales_to_date=Decimal(850_000)),
        # Far behind: a 32 % forecast, feeling fine.
        _plan(behind, MILLION),
        _checkin(behind, date(2026, 11, 16), energy=4, sales_to_date=Decimal(100_000)),
        _checkin(behind, date(2026, 11, 17), energy=4, sales_to_date=Decimal(150_000)),
        _checkin(behind, date(2026, 11, 18), energy=4, sales_to_date=Decimal(200_000)),
        # Far behind and tired (an amber flag): support before pressure.
        _plan(tired, MILLION),
        _survey(tired, last_week, 60.0),
        _checkin(tired, date(2026, 11, 16), energy=3, sales_to_date=Decimal(100_000)),
        _checkin(tired, date(2026, 11, 17), energy=3, sales_to_date=Decimal(150_000)),
        _checkin(tired, date(2026, 11, 18), energy=3, sales_to_date=Decimal(200_000)),
        # Silent: asked 9 times, answered twice.
        *(_prompt(silent, day) for day in _working_days(date(2026, 11, 6), date(2026, 11, 18))),
        _checkin(silent, date(2026, 11, 9), energy=4),
        _checkin(silent, date(2026, 11, 10), energy=4),
        # Fine: on track, answering, green.
        _plan(fine, MILLION),
        _checkin(fine, date(2026, 11, 12), energy=4, sales_to_date=Decimal(450_000)),
        _checkin(fine, date(2026, 11, 18), energy=4, sales_to_date=Decimal(700_000)),
    ]
    await _seed(session_factory, *rows)
    report = await _report(session_factory, team)

    got = [(item.name, item.reason, item.style) for item in report.attention]
    assert got == [
        ("Red", "red_flag", "supportive"),
        ("Tired", "amber_flag", "supportive"),
        ("Behind", "behind_plan", "authoritarian"),
        ("Silent", "silent", "supportive"),
        ("Close", "low_activity_close_to_plan", "transactional"),
        ("Star", "stalling_star", "coaching"),
    ]
    risks = [item.risk for item in report.attention]
    assert risks == sorted(risks, reverse=True)
    assert len(set(risks)) == len(risks)
    assert _member(report, close).attainment_pct == 85.0
    assert _member(report, star).trend_pts == 1.0


async def test_a_star_who_keeps_going_is_not_flagged(session_factory: Factory) -> None:
    team = await _team(session_factory, [_user(10, "Star")])
    await _seed(
        session_factory,
        _plan(10, MILLION),
        _checkin(10, date(2026, 11, 12), energy=4, sales_to_date=Decimal(550_000)),
        _checkin(10, date(2026, 11, 18), energy=4, sales_to_date=Decimal(700_000)),
    )
    assert (await _report(session_factory, team)).attention == ()


async def test_plan_met_is_not_close_or_behind(session_factory: Factory) -> None:
    team = await _team(session_factory, [_user(10, "Done")])
    await _seed(
        session_factory,
        _plan(10, MILLION),
        *_weekday_checkins(10, date(2026, 10, 23), date(2026, 11, 12), energy=4, calls=30),
        _checkin(10, date(2026, 11, 18), energy=4, calls=0, sales_to_date=Decimal(1_100_000)),
    )
    report = await _report(session_factory, team)
    assert _member(report, 10).attainment_pct == 110.0
    assert report.attention == ()


# -- texts and styles exist ------------------------------------------------------------------


def test_every_reason_has_texts_and_a_known_style() -> None:
    i18n = I18n()
    styles = load_content().styles
    assert set(REASON_STYLE) == set(AttentionReason)
    assert {style.value for style in StyleId} == set(styles)
    for reason, style in REASON_STYLE.items():
        assert style.value in styles
        for language in Language:
            t = i18n.translator(language)
            assert t.has(attention_line_key(reason)), (language, reason)
            assert t.has(attention_reason_key(reason)), (language, reason)
            line = t(attention_line_key(reason), name="<Ann>")
            assert "&lt;Ann&gt;" in line


async def test_the_russian_calendar_takes_4_november_out(session_factory: Factory) -> None:
    team = await _team(session_factory, [_user(10, "Анна", work_calendar="RU")])
    await _seed(
        session_factory,
        _plan(10, MILLION),
        _checkin(10, date(2026, 11, 18), energy=4, sales_to_date=Decimal(600_000)),
    )
    report = await _report(session_factory, team)
    # 20 working days, 12 of them over before today: 600 000 × 20 / 12 = 1 000 000.
    assert _member(report, 10).forecast_pct == 100.0


# -- minimum data and freshness (#13) ---------------------------------------------------------


async def test_a_newcomer_with_one_checkin_gets_no_verdict(session_factory: Factory) -> None:
    team = await _team(session_factory, [_user(10, "Новичок")])
    async with session_factory() as session:
        member = await session.get(TeamMember, (team, 10))
        assert member is not None
        member.joined_at = NOW - timedelta(hours=3)  # joined today
        await session.commit()
    await _seed(
        session_factory,
        _plan(10, MILLION),
        _checkin(10, TODAY, energy=5, sales_to_date=Decimal(120_000)),
    )
    report = await _report(session_factory, team)
    figures = _member(report, 10)
    assert not figures.enough_data
    assert figures.trend_pts is None  # no baseline: the month started before they joined
    assert report.attention == ()  # not "far behind plan", not the authoritarian style


async def test_three_checkins_but_joined_yesterday_is_still_too_little(
    session_factory: Factory,
) -> None:
    team = await _team(session_factory, [_user(10, "Вчерашний")])
    async with session_factory() as session:
        member = await session.get(TeamMember, (team, 10))
        assert member is not None
        member.joined_at = NOW - timedelta(days=1)  # Wednesday and Thursday: 2 working days
        await session.commit()
    await _seed(
        session_factory,
        _plan(10, MILLION),
        *_weekday_checkins(10, date(2026, 11, 16), TODAY, energy=4, sales_to_date=Decimal(1)),
    )
    report = await _report(session_factory, team)
    assert not _member(report, 10).enough_data
    assert report.attention == ()


async def test_survey_68_with_full_energy_is_not_energy_falling(session_factory: Factory) -> None:
    team = await _team(session_factory, [_user(10, "Опрос"), _user(11, "Один день")])
    await _seed(
        session_factory,
        _survey(10, date(2026, 11, 9), 68.0),
        *_weekday_checkins(10, date(2026, 11, 9), TODAY, energy=5),
        # Energy 4 every day, then one low day: amber in /me, but no reason for the head.
        *_weekday_checkins(11, date(2026, 11, 9), date(2026, 11, 18), energy=4),
        _checkin(11, TODAY, energy=2),
    )
    report = await _report(session_factory, team)
    reasons = {item.user_id: item.reason for item in report.attention}
    assert reasons == {10: "amber_flag"}  # labelled as the survey, not as falling energy


async def test_energy_falling_needs_a_measurable_drop(session_factory: Factory) -> None:
    team = await _team(session_factory, [_user(10, "Устал")])
    await _seed(
        session_factory,
        *_weekday_checkins(10, date(2026, 11, 9), date(2026, 11, 16), energy=5),
        *_weekday_checkins(10, date(2026, 11, 17), TODAY, energy=3),
    )
    report = await _report(session_factory, team)
    assert [(a.reason, a.style) for a in report.attention] == [("energy_falling", "supportive")]


async def test_an_old_red_survey_no_longer_drives_the_flag(session_factory: Factory) -> None:
    team = await _team(session_factory, [_user(10, "Давно")])
    await _seed(session_factory, _survey(10, date(2026, 10, 19), 90.0))  # 4 weeks ago
    report = await _report(session_factory, team)
    figures = _member(report, 10)
    assert figures.flag is None
    assert figures.last_survey_week == date(2026, 10, 19)
    assert not figures.survey_fresh
    assert report.attention == ()
