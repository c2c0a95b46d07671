"""The head of sales' team summary: figures per member, who needs attention, team totals.

Every member's figures are read in the member's own time zone ("today" is their local date).
The definitions, as a head of sales reads them on /team:

* **attainment** — the month's sales so far (the latest check-in's "sales to date" this month)
  ÷ this month's plan × 100. No plan → None. No sales reported yet → 0.
* **forecast** — the run-rate month-end projection of :mod:`bot.domain.forecast` ÷ plan × 100;
  None before the first working day of the month has passed (no run rate yet).
* **trend** — points of plan gained in the last seven days: attainment now minus attainment as
  of the same local weekday last week, both against this month's plan. Minimum data: a
  baseline — a sales report this month on or before last week's day; or, when last week's day
  falls in the previous month, the month's start (0 %) if the member was in the team before
  the month began (so in the first week the trend is everything gained this month and a new
  month never shows a fake drop). Without a baseline: None, never "▲40 against nothing".
* **response rate (14 days)** — answered check-ins ÷ check-ins due, over the last 14 local days
  (today and the 13 before). A check-in was due on a day the bot sent the member a check-in
  prompt (an outbox row of kind "checkin" with status "sent") or the member answered on one of
  their working days. Days off, paused days and days before onboarding get no prompt, so they
  count neither way; we don't store when a pause began, and the outbox is the record of what
  was asked. Today counts only once answered: an evening check-in is not missed at 10 a.m.
  A check-in is answered once it has an energy rating (the first step) or was completed.
  Nothing due → None.
* **drills this week** — drill attempts graded since the member's local Monday 00:00.
* **flag** — :func:`bot.domain.burnout.wellbeing_flag` from the latest completed weekly
  survey and the daily energy of the last 14 days, exactly as the member sees it in /me;
  None when there is neither. Freshness: a survey whose week began more than
  ``SURVEY_FRESH_DAYS`` (21) days ago no longer counts (one red survey does not keep anyone
  red); ``last_survey_week`` and ``survey_fresh`` let /team and /me say when it was.
* **enough data** — the minimum for any plan verdict (behind plan, close to plan with low
  activity, stalling star): check-ins on at least ``MIN_CHECKIN_DAYS`` (3) working days this
  month and at least ``MIN_MEMBER_DAYS`` (3) working days as a member (joining day included).
  Below it /team shows "not enough data yet" for the person and gives no plan reason or style.
* **energy (7 days)** — the mean daily energy (1–5) of the last 7 local days.

Team figures:

* totals add up the plans and sales of members whose plan is in money; when nobody plans in
  money, of those who plan in units (the two are never mixed). ``total_unit`` says which.
  The team forecast adds each member's projection (their sales so far when their month has
  no run rate yet); None while no member has a projection.
* **wellbeing** — the frozen figure of the last finished week (the head's zone): the mean CBI
  score of those who were members for the whole week, when at least 3 of them answered;
  computed once and never recomputed, never for the current week
  (bot/services/team_privacy.py). It is frozen lazily, by the first report built after the
  week ends, so "members for the whole week" is decided then: joined by the week's Monday
  00:00 and still in the team (whoever left took their answers along). The 8-week trend
  holds the 8 finished weeks before this one, None for weeks with fewer than 3 such answers.
  ``responders_this_week`` is always 0: the count of this week's answers is not published.
* **since joining** — every member figure uses only check-ins, sales reports, surveys and
  drills from the day the member joined (their local date) on, and of the joining day only
  check-ins last written after the moment they joined (``written_since_joining``).

Needs attention: each member appears at most once, with their most urgent reason. Reasons,
the style each calls for (content/styles.yaml) and the risk band (higher = more urgent):

* ``red_flag`` → supportive, 100–110: burnout risk comes before any number (a fresh survey
  ≥ 75, or ≥ 50 with energy falling, or three days in a row at energy ≤ 2);
* ``amber_flag`` → supportive, 35–45, or 80–90 when the member is also far behind plan
  (pressure hits people close to burnout hardest, so not the authoritarian style): a fresh
  survey score of 50 or more; labelled as the survey, not as energy;
* ``energy_falling`` → supportive, same risk as amber: the mean energy of the last 3 days is
  at least 1.0 below the mean of the days before them, with at least 5 days rated in the
  last 14 (:func:`bot.domain.burnout.energy_falling`). One low day turns the flag amber in
  /me but is not a reason on its own;
* ``behind_plan`` → authoritarian, 70–80: forecast under 70 % after at least 3 working days,
  with enough data (above);
* ``silent`` → supportive, 60–70: under half of at least 4 due check-ins answered;
* ``low_activity_close_to_plan`` → transactional, 50–60 (more urgent as the month ends): the
  plan is close (attainment ≥ 80 %, or a forecast of 85–100 %) and calls + meetings in the
  last 7 days are under 60 % of the member's weekly average over the 3 weeks before. Minimum
  data: calls or meetings reported in those 3 weeks, and all 4 weeks in the team;
* ``stalling_star`` → coaching, 40–50: on pace a week ago (attainment ≥ 90 % of where a
  steady pace would be, from the second week of the month) but gained under 35 % of a steady
  week's share since.

After a 1:1 ("Done — we talked" in the preparation, bot/services/one_on_one.py) the member is
off the list for 7 days unless their risk rose by 5 or more (bot/services/one_on_one_talks.py);
``TeamReport.talked`` holds them meanwhile.

Speed: a fixed number of queries whatever the team's size (members, plans, the last two
weeks' check-ins, prompts, surveys, drills; and per group of members sharing a local date —
one per time-zone band — the latest sales now and a week ago and the activity sums, grouped in
SQL), all on the (user, date) indexes and run as Core rows; the two weeks of daily rows come
packed one string per member. The rest is one pass in Python. History older than five weeks is
never read, so a year of check-ins costs what a month does.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from decimal import Decimal
from enum import StrEnum
from functools import lru_cache
from typing import TypeVarTuple

from sqlalchemy import (
    ColumnElement,
    Result,
    Select,
    String,
    and_,
    case,
    cast,
    func,
    literal,
    or_,
    select,
    union_all,
)
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.checkin_models import BurnoutSurvey, CheckIn, OutboxMessage, Plan
from bot.db.drill_models import DrillAttempt
from bot.db.models import User
from bot.db.team_models import Team, TeamMember
from bot.domain.burnout import WellbeingFlag, energy_falling, wellbeing_flag
from bot.domain.forecast import (
    DEFAULT_WORKING_DAYS,
    Forecast,
    ForecastStatus,
    forecast,
    working_days_in_month,
)
from bot.domain.schedule import calendar_country, is_working_day, monday_of
from bot.domain.timezones import InvalidTimezone, resolve_timezone
from bot.services.one_on_one_talks import latest_talks, split_attention

# Names live in bot/services/people.py; re-exported for the modules that import them from here.
from bot.services.people import display_name as display_name
from bot.services.people import distinct_names as distinct_names
from bot.services.team_privacy import frozen_wellbeing, weeks_back

_Ts = TypeVarTuple("_Ts")

MIN_ANSWERS = 3  # a team wellbeing average needs at least this many members' answers
TREND_WEEKS = 8
RESPONSE_DAYS = 14
ENERGY_FLAG_DAYS = 14
ENERGY_AVG_DAYS = 7
ACTIVITY_BASELINE_WEEKS = 3

# Minimum data (see the module docstring): a plan verdict needs this many working days with a
# check-in this month and this many working days as a member; a survey older than this many
# days no longer drives a flag.
AMBER_CBI = 50.0  # the CBI's "moderate" band starts here
MIN_CHECKIN_DAYS = 3
MIN_MEMBER_DAYS = 3
SURVEY_FRESH_DAYS = 21

# Thresholds of the attention rules (see the module docstring).
BEHIND_FORECAST_PCT = 70.0
MIN_ELAPSED_DAYS = 3
SILENT_RATE = 0.5
SILENT_MIN_DUE = 4
CLOSE_ATTAINMENT_PCT = 80.0
CLOSE_FORECAST_PCT = 85.0
LOW_ACTIVITY_SHARE = 0.6
STAR_PACE_SHARE = 0.9
STALL_GAIN_SHARE = 0.35

CHECKIN_KIND = "checkin"
SENT = "sent"
MONEY = "money"
UNITS = "units"


class AttentionReason(StrEnum):
    RED_FLAG = "red_flag"
    AMBER_FLAG = "amber_flag"
    ENERGY_FALLING = "energy_falling"
    BEHIND_PLAN = "behind_plan"
    SILENT = "silent"
    LOW_ACTIVITY_CLOSE_TO_PLAN = "low_activity_close_to_plan"
    STALLING_STAR = "stalling_star"


class StyleId(StrEnum):
    """The five management styles of content/styles.yaml."""

    COACHING = "coaching"
    DEMOCRATIC = "democratic"
    AUTHORITARIAN = "authoritarian"
    TRANSACTIONAL = "transactional"
    SUPPORTIVE = "supportive"


REASON_STYLE: dict[AttentionReason, StyleId] = {
    AttentionReason.RED_FLAG: StyleId.SUPPORTIVE,
    AttentionReason.AMBER_FLAG: StyleId.SUPPORTIVE,
    AttentionReason.ENERGY_FALLING: StyleId.SUPPORTIVE,
    AttentionReason.BEHIND_PLAN: StyleId.AUTHORITARIAN,
    AttentionReason.SILENT: StyleId.SUPPORTIVE,
    AttentionReason.LOW_ACTIVITY_CLOSE_TO_PLAN: StyleId.TRANSACTIONAL,
    AttentionReason.STALLING_STAR: StyleId.COACHING,
}


def attention_line_key(reason: str) -> str:
    """The locale key of the opening line a head could say for ``reason``."""
    return f"team-attention-line-{reason}"


def attention_reason_key(reason: str) -> str:
    """The locale key of the short label of ``reason``."""
    return f"team-attention-reason-{reason}"


@dataclass(frozen=True)
class MemberFigures:
    user_id: int
    name: str  # raw, unescaped
    attainment_pct: float | None
    forecast_pct: float | None
    trend_pts: float | None
    response_rate_14d: float | None
    drills_this_week: int
    flag: WellbeingFlag | None
    energy_avg_7d: float | None
    has_plan: bool
    # Beyond the agreed interface, for texts and the export:
    plan: Decimal | None = None
    sales_to_date: Decimal | None = None  # this month, None without a plan or a report
    unit: str | None = None  # "money" or "units" when there is a plan
    forecast_status: ForecastStatus | None = None
    # Whether the plan verdicts have their minimum data (see the module docstring).
    enough_data: bool = True
    last_survey_week: date | None = None  # the week of the latest completed survey
    survey_fresh: bool = False  # that survey is recent enough to drive the flag
    # The facts behind the reasons, for the 1:1 preparation (bot/services/one_on_one.py):
    energies_14d: tuple[int, ...] = ()  # daily energy of the last 14 days, oldest first
    answered_14d: int = 0  # the response rate's numerator and denominator
    due_14d: int = 0
    # Calls + meetings in the last 7 days (once they are all days in the team), and the weekly
    # mean over the 3 weeks before (once those are too, and something was reported in them).
    activity_7d: int | None = None
    activity_weekly_baseline: float | None = None


@dataclass(frozen=True)
class Attention:
    user_id: int
    name: str
    reason: str
    style: str
    risk: float


@dataclass(frozen=True)
class TeamReport:
    team_id: int
    generated_at: datetime
    members: tuple[MemberFigures, ...]
    attention: tuple[Attention, ...]
    total_plan: Decimal | None
    total_sales: Decimal | None
    team_attainment_pct: float | None
    team_forecast_pct: float | None
    wellbeing_average: float | None
    wellbeing_trend: tuple[tuple[date, float | None], ...]
    responders_this_week: int
    # Beyond the agreed interface:
    total_unit: str | None = None
    wellbeing_week: date | None = None  # the week ``wellbeing_average`` is about
    # Members kept off ``attention`` by a recent 1:1 talk (bot/services/one_on_one_talks.py):
    # the entry they would have, and when the head talked to them.
    talked: tuple[tuple[Attention, datetime], ...] = ()

    def figures_of(self, user_id: int) -> MemberFigures | None:
        return next((m for m in self.members if m.user_id == user_id), None)


# -- reading ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class MemberContext:
    """A member as the report reads them: name, zone, local today, working days."""

    user_id: int
    name: str
    zone: tzinfo
    today: date
    days: frozenset[int]
    country: str | None = None  # the official work calendar on top of ``days``
    joined: date | None = None  # the local date the member joined the team


@dataclass(frozen=True, slots=True)
class _Row:
    day: date
    energy: int | None
    answered: bool


def parse_working_days(text: str | None) -> frozenset[int]:
    """ISO weekdays from the users.working_days digits ("12345")."""
    if text is None:
        return DEFAULT_WORKING_DAYS
    return frozenset(int(ch) for ch in text if ch.isdigit() and 1 <= int(ch) <= 7)


def zone_of(zone: str | None, default_zone: str) -> tzinfo:
    for name in (zone, default_zone):
        if name:
            try:
                return resolve_timezone(name)
            except InvalidTimezone:
                continue
    return UTC


def local_midnight_utc(day: date, zone: tzinfo) -> datetime:
    return datetime.combine(day, time(0), tzinfo=zone).astimezone(UTC)


async def _execute(session: AsyncSession, statement: Select[*_Ts]) -> Result[*_Ts]:
    """Run a read on the session's connection as Core: column rows need none of the ORM's
    per-statement and per-row work, which is most of the time for a 200-member team."""
    connection = await session.connection()
    return await connection.execute(statement)


def written_since_joining() -> ColumnElement[bool]:
    """A check-in the head may read: last written at or after the member joined (with
    ``TeamMember`` joined in). A check-in answered before joining — even on the joining day —
    stays the member's; one answered again after joining is theirs to share."""
    return CheckIn.updated_at >= TeamMember.joined_at


def _members_of(team_id: int) -> Select[int]:
    """The user ids of the team's members, as a subquery."""
    return select(TeamMember.user_id).where(TeamMember.team_id == team_id)


async def load_members(
    session: AsyncSession, team_id: int, now: datetime, default_zone: str
) -> list[MemberContext]:
    rows = await _execute(
        session,
        select(
            User.id,
            User.first_name,
            User.username,
            User.timezone,
            User.working_days,
            User.work_calendar,
            TeamMember.joined_at,
            User.last_name,
        )
        .join(TeamMember, TeamMember.user_id == User.id)
        .where(TeamMember.team_id == team_id),
    )
    members = []
    people = list(rows)
    names = distinct_names([(row[0], row[1], row[2], row[7]) for row in people])
    for user_id, _first, _username, zone_name, working_days, work_calendar, joined, _ in people:
        zone = zone_of(zone_name, default_zone)
        members.append(
            MemberContext(
                user_id=user_id,
                name=names[user_id],
                zone=zone,
                today=now.astimezone(zone).date(),
                days=parse_working_days(working_days),
                country=calendar_country(work_calendar),
                joined=joined.astimezone(zone).date() if joined is not None else None,
            )
        )
    return members


async def head_zone(session: AsyncSession, team_id: int, default_zone: str) -> tzinfo:
    zone = (
        await _execute(
            session,
            select(User.timezone).join(Team, Team.head_id == User.id).where(Team.id == team_id),
        )
    ).scalar()
    return zone_of(zone, default_zone)


async def _checkins(
    session: AsyncSession, team_id: int, since: date, until: date
) -> dict[int, list[_Row]]:
    """Energy and answers of the last two weeks, oldest first."""
    # One row per member with their days packed into a string ("2026-11-18|4|1,…";
    # group_concat on SQLite, string_agg on PostgreSQL): thousands of day rows would cost
    # far more in per-row driver and SQLAlchemy work than splitting a few strings does.
    answered = case(
        (or_(CheckIn.energy.is_not(None), CheckIn.completed_at.is_not(None)), "1"), else_="0"
    )
    packed = func.aggregate_strings(
        cast(CheckIn.local_date, String)
        + "|"
        + cast(func.coalesce(CheckIn.energy, 0), String)
        + "|"
        + answered,
        ",",
    )
    result = await _execute(
        session,
        select(CheckIn.user_id, packed)
        .join(TeamMember, TeamMember.user_id == CheckIn.user_id)
        .where(
            TeamMember.team_id == team_id,
            written_since_joining(),
            CheckIn.local_date >= since,
            CheckIn.local_date <= until,
        )
        .group_by(CheckIn.user_id),
    )
    by_user: dict[int, list[_Row]] = {}
    for user_id, days in result:
        rows = []
        for item in (days or "").split(","):
            if not item:
                continue
            day, energy, done = item.split("|")
            value = int(energy)
            rows.append(_Row(date.fromisoformat(day), value or None, done == "1"))
        rows.sort(key=lambda row: row.day)  # string_agg keeps no order without ORDER BY
        by_user[user_id] = rows
    return by_user


async def _latest_sales(
    session: AsyncSession, user_ids: Sequence[int], first: date, bounds: Sequence[date]
) -> list[dict[int, tuple[date, Decimal]]]:
    """For each bound, each member's latest reported sales to date between ``first`` and the
    bound — in one query (a UNION of one grouped pick per bound)."""
    picks = [
        select(
            CheckIn.user_id,
            func.max(CheckIn.local_date).label("day"),
            literal(index).label("bound"),
        )
        .join(TeamMember, TeamMember.user_id == CheckIn.user_id)
        .where(
            written_since_joining(),
            CheckIn.user_id.in_(user_ids),
            CheckIn.local_date >= first,
            CheckIn.local_date <= last,
            CheckIn.sales_to_date.is_not(None),
        )
        .group_by(CheckIn.user_id)
        for index, last in enumerate(bounds)
        if last >= first
    ]
    found: list[dict[int, tuple[date, Decimal]]] = [{} for _ in bounds]
    if not picks:
        return found
    latest = union_all(*picks).subquery()
    result = await _execute(
        session,
        select(latest.c.bound, CheckIn.user_id, CheckIn.local_date, CheckIn.sales_to_date).join(
            latest,
            and_(CheckIn.user_id == latest.c.user_id, CheckIn.local_date == latest.c.day),
        ),
    )
    for index, uid, day, sales in result:
        if sales is not None:
            found[index][uid] = (day, sales)
    return found


@dataclass(frozen=True, slots=True)
class _Activity:
    recent: int  # calls + meetings in the last 7 days
    base: int  # calls + meetings in the 3 weeks before
    base_reported: bool  # any calls or meetings reported in those 3 weeks


async def _activity(
    session: AsyncSession,
    user_ids: Sequence[int],
    base_start: date,
    recent_start: date,
    today: date,
) -> dict[int, _Activity]:
    amount = func.coalesce(CheckIn.calls, 0) + func.coalesce(CheckIn.meetings, 0)
    in_base = CheckIn.local_date < recent_start
    reported = or_(CheckIn.calls.is_not(None), CheckIn.meetings.is_not(None))
    result = await _execute(
        session,
        select(
            CheckIn.user_id,
            func.sum(case((in_base, 0), else_=amount)),
            func.sum(case((in_base, amount), else_=0)),
            func.count(case((and_(in_base, reported), 1))),
        )
        .join(TeamMember, TeamMember.user_id == CheckIn.user_id)
        .where(
            written_since_joining(),
            CheckIn.user_id.in_(user_ids),
            CheckIn.local_date >= base_start,
            CheckIn.local_date <= today,
        )
        .group_by(CheckIn.user_id),
    )
    return {
        uid: _Activity(int(recent or 0), int(base or 0), bool(count))
        for uid, recent, base, count in result
    }


@dataclass(frozen=True, slots=True)
class _GroupData:
    """What is read per group of members sharing a local date (one per time-zone band)."""

    sales_now: dict[int, tuple[date, Decimal]]
    sales_week_ago: dict[int, tuple[date, Decimal]]
    activity: dict[int, _Activity]


async def _group_data(session: AsyncSession, today: date, user_ids: Sequence[int]) -> _GroupData:
    first = today.replace(day=1)
    recent_start = today - timedelta(days=6)
    base_start = today - timedelta(days=7 * (ACTIVITY_BASELINE_WEEKS + 1) - 1)
    sales_now, sales_week_ago = await _latest_sales(
        session, user_ids, first, (today, today - timedelta(days=7))
    )
    return _GroupData(
        sales_now=sales_now,
        sales_week_ago=sales_week_ago,
        activity=await _activity(session, user_ids, base_start, recent_start, today),
    )


async def _plans(
    session: AsyncSession, team_id: int, months: Iterable[date]
) -> dict[tuple[int, date], tuple[Decimal, str]]:
    result = await _execute(
        session,
        select(Plan.user_id, Plan.month, Plan.target, Plan.unit).where(
            Plan.user_id.in_(_members_of(team_id)), Plan.month.in_(sorted(set(months)))
        ),
    )
    return {(user_id, month): (target, unit) for user_id, month, target, unit in result}


async def _latest_scores(
    session: AsyncSession, team_id: int, before_week: date
) -> dict[int, tuple[date, float]]:
    """Each member's latest survey of a finished week, completed since they joined: this
    week's answer shows nowhere, so the head cannot tell who has answered
    (bot/services/team_privacy.py)."""
    latest = (
        select(BurnoutSurvey.user_id, func.max(BurnoutSurvey.week_start).label("week"))
        .join(TeamMember, TeamMember.user_id == BurnoutSurvey.user_id)
        .where(
            TeamMember.team_id == team_id,
            # A survey finished before joining stays the member's, even of the joining week.
            BurnoutSurvey.completed_at >= TeamMember.joined_at,
            BurnoutSurvey.score.is_not(None),
            BurnoutSurvey.week_start < before_week,
        )
        .group_by(BurnoutSurvey.user_id)
        .subquery()
    )
    result = await _execute(
        session,
        select(BurnoutSurvey.user_id, BurnoutSurvey.week_start, BurnoutSurvey.score).join(
            latest,
            and_(
                BurnoutSurvey.user_id == latest.c.user_id,
                BurnoutSurvey.week_start == latest.c.week,
            ),
        ),
    )
    return {user_id: (week, score) for user_id, week, score in result if score is not None}


async def _prompt_days(
    session: AsyncSession, team_id: int, since: date, until: date
) -> dict[int, set[date]]:
    sent_day = case((OutboxMessage.status == SENT, cast(OutboxMessage.local_date, String)))
    result = await _execute(
        session,
        # The status is checked in the aggregate, not the WHERE clause: there SQLite would pick
        # the status index and scan every message ever sent instead of the team's few rows.
        select(OutboxMessage.user_id, func.aggregate_strings(sent_day, ","))
        .where(
            OutboxMessage.user_id.in_(_members_of(team_id)),
            OutboxMessage.kind == CHECKIN_KIND,
            OutboxMessage.local_date >= since,
            OutboxMessage.local_date <= until,
        )
        .group_by(OutboxMessage.user_id),
    )
    return {
        user_id: {date.fromisoformat(day) for day in (days or "").split(",") if day}
        for user_id, days in result
    }


async def _graded_times(
    session: AsyncSession, team_id: int, since: datetime, until: datetime
) -> dict[int, list[datetime]]:
    result = await _execute(
        session,
        select(DrillAttempt.user_id, DrillAttempt.graded_at).where(
            DrillAttempt.user_id.in_(_members_of(team_id)),
            DrillAttempt.graded_at >= since,
            DrillAttempt.graded_at <= until,
        ),
    )
    times: dict[int, list[datetime]] = defaultdict(list)
    for user_id, graded_at in result:
        if graded_at is not None:
            times[user_id].append(graded_at)
    return times


# -- arithmetic ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Signals:
    """What the attention rules look at beyond the shown figures."""

    forecast: Forecast | None
    latest_cbi: float | None  # only a fresh survey's
    energy_falling: bool
    due: int
    attainment_week_ago: float | None
    expected_then_pct: float | None  # where a steady pace would have been a week ago
    expected_gain_pts: float | None  # a steady pace's gain over the last 7 days
    elapsed_then: int
    activity_7d: int | None
    activity_baseline: float | None  # weekly mean over the 3 weeks before


@lru_cache(maxsize=256)
def _month_days(
    year: int, month: int, days: frozenset[int], country: str | None
) -> tuple[date, ...]:
    return tuple(working_days_in_month(year, month, days, country))


def _mean(values: Sequence[float]) -> float | None:
    return sum(values) / len(values) if values else None


def _pct(part: Decimal, whole: Decimal) -> float:
    return round(float(part / whole * 100), 1)


def _member_figures(
    member: MemberContext,
    rows: Sequence[_Row],
    group: _GroupData,
    plan_row: tuple[Decimal, str] | None,
    latest_survey: tuple[date, float] | None,
    prompts: set[date],
    graded: Sequence[datetime],
) -> tuple[MemberFigures, _Signals]:
    today = member.today
    joined = member.joined or today
    # Only data from the day the member joined (bot/services/team_privacy.py).
    rows = [row for row in rows if row.day >= joined]
    graded = [moment for moment in graded if moment >= local_midnight_utc(joined, member.zone)]
    if latest_survey is not None and latest_survey[0] < monday_of(joined):
        latest_survey = None
    survey_week = latest_survey[0] if latest_survey is not None else None
    fresh = survey_week is not None and survey_week >= today - timedelta(days=SURVEY_FRESH_DAYS)
    latest_cbi = latest_survey[1] if latest_survey is not None and fresh else None
    plan, unit = (plan_row[0], plan_row[1]) if plan_row is not None else (None, None)
    has_plan = plan is not None and plan > 0

    reported = group.sales_now.get(member.user_id)
    if reported is not None and reported[0] < joined:
        reported = None
    sales = reported[1] if reported is not None else None
    to_date = sales if sales is not None else Decimal(0)
    result = forecast(
        plan if has_plan else None,
        to_date,
        today,
        member.days,
        day_done=reported is not None and reported[0] == today,
        country=member.country,
    )
    attainment = float(result.attainment_pct) if result.attainment_pct is not None else None
    forecast_pct = float(result.projected_pct) if result.projected_pct is not None else None

    trend = attainment_then = expected_then = expected_gain = None
    elapsed_then = 0
    week_ago = today - timedelta(days=7)
    if has_plan and plan is not None:
        then = group.sales_week_ago.get(member.user_id)
        if then is not None and then[0] < joined:
            then = None
        attainment_then = _pct(then[1] if then is not None else Decimal(0), plan)
        # A trend needs a baseline: a report on or before last week's day this month, or the
        # month's start (0) when last week's day is in the previous month and the member was
        # already in the team when this month began.
        month_start = today.replace(day=1)
        has_baseline = then is not None or (
            week_ago < month_start and member.joined is not None and member.joined < month_start
        )
        trend = round(_pct(to_date, plan) - attainment_then, 1) if has_baseline else None
        month_days = _month_days(today.year, today.month, member.days, member.country)
        if month_days:
            elapsed_then = sum(1 for day in month_days if day <= week_ago)
            expected_then = elapsed_then / len(month_days) * 100
            expected_gain = (result.elapsed_working_days - elapsed_then) / len(month_days) * 100

    # One pass over the last two weeks' rows (oldest first) for energy and answers.
    flag_start = today - timedelta(days=ENERGY_FLAG_DAYS - 1)
    avg_start = today - timedelta(days=ENERGY_AVG_DAYS - 1)
    window_start = today - timedelta(days=RESPONSE_DAYS - 1)
    flag_energies: list[int] = []
    week_energies: list[float] = []
    answered: set[date] = set()
    month_start = today.replace(day=1)
    checkin_days = 0  # working days this month with a check-in
    for row in rows:
        day = row.day
        if day > today:
            continue
        if row.answered and day >= month_start and is_working_day(day, member.days, member.country):
            checkin_days += 1
        if row.energy is not None and day >= flag_start:
            flag_energies.append(row.energy)
            if day >= avg_start:
                week_energies.append(float(row.energy))
        if row.answered and day >= window_start:
            answered.add(day)
    flag = (
        wellbeing_flag(latest_cbi, flag_energies)
        if latest_cbi is not None or flag_energies
        else None
    )
    energy_avg = _mean(week_energies)
    member_days = sum(
        1
        for offset in range((today - joined).days + 1)
        if is_working_day(joined + timedelta(days=offset), member.days, member.country)
    )
    enough = checkin_days >= MIN_CHECKIN_DAYS and member_days >= MIN_MEMBER_DAYS
    due = {day for day in prompts if window_start <= day < today}
    due |= {
        day
        for day in answered
        if day in prompts or is_working_day(day, member.days, member.country)
    }
    rate = len(answered & due) / len(due) if due else None
    activity = group.activity.get(member.user_id)
    # Calls and meetings are summed in SQL over the last 4 weeks, before the join filter: a
    # window that starts before the member joined would count days that are not the head's,
    # so the last 7 days need 7 days in the team and the baseline all 4 weeks.
    recent_as_member = joined <= today - timedelta(days=6)
    base_as_member = joined <= today - timedelta(days=7 * (ACTIVITY_BASELINE_WEEKS + 1) - 1)
    reported_activity = activity is not None and activity.base_reported and base_as_member
    activity_7d = activity.recent if activity is not None and reported_activity else None
    baseline = (
        activity.base / ACTIVITY_BASELINE_WEEKS
        if activity is not None and reported_activity
        else None
    )

    monday = local_midnight_utc(monday_of(today), member.zone)
    drills = sum(1 for moment in graded if moment >= monday)

    figures = MemberFigures(
        user_id=member.user_id,
        name=member.name,
        attainment_pct=attainment,
        forecast_pct=forecast_pct,
        trend_pts=trend,
        response_rate_14d=rate,
        drills_this_week=drills,
        flag=flag,
        energy_avg_7d=round(energy_avg, 2) if energy_avg is not None else None,
        has_plan=has_plan,
        plan=plan if has_plan else None,
        sales_to_date=to_date if has_plan else sales,
        unit=unit if has_plan else None,
        forecast_status=result.status,
        enough_data=enough,
        last_survey_week=survey_week,
        survey_fresh=fresh,
        energies_14d=tuple(flag_energies),
        answered_14d=len(answered & due),
        due_14d=len(due),
        activity_7d=activity.recent if activity is not None and recent_as_member else None,
        activity_weekly_baseline=baseline,
    )
    signals = _Signals(
        forecast=result,
        latest_cbi=latest_cbi,
        energy_falling=energy_falling(flag_energies),
        due=len(due),
        attainment_week_ago=attainment_then,
        expected_then_pct=expected_then,
        expected_gain_pts=expected_gain,
        elapsed_then=elapsed_then,
        activity_7d=activity_7d,
        activity_baseline=baseline,
    )
    return figures, signals


def attention_for(figures: MemberFigures, signals: _Signals) -> Attention | None:
    """The member's most urgent reason for the head's attention, or None."""
    candidates: list[tuple[float, AttentionReason]] = []
    fc = signals.forecast
    # Plan verdicts only with their minimum data; wellbeing and silence have their own.
    running = (
        figures.enough_data
        and fc is not None
        and fc.status not in (ForecastStatus.PLAN_MET, ForecastStatus.NO_PLAN)
    )
    elapsed = fc.elapsed_working_days if fc is not None else 0
    forecast_pct = figures.forecast_pct
    behind = (
        running
        and forecast_pct is not None
        and forecast_pct < BEHIND_FORECAST_PCT
        and elapsed >= MIN_ELAPSED_DAYS
    )
    gap_bonus = min(10.0, (BEHIND_FORECAST_PCT - (forecast_pct or 0.0)) / 7) if behind else 0.0

    cbi = signals.latest_cbi
    if figures.flag == WellbeingFlag.RED:
        candidates.append((100 + (cbi or 50.0) / 10, AttentionReason.RED_FLAG))
    elif figures.flag == WellbeingFlag.AMBER and (
        (cbi is not None and cbi >= AMBER_CBI) or signals.energy_falling
    ):
        # The label says which: a fresh survey at 50+ or energy measurably falling. One low
        # day makes the flag amber (as in /me) but is no reason on its own.
        base = 80.0 + gap_bonus if behind else 35.0 + (cbi or 50.0) / 10
        reason = (
            AttentionReason.AMBER_FLAG
            if cbi is not None and cbi >= AMBER_CBI
            else AttentionReason.ENERGY_FALLING
        )
        candidates.append((base, reason))
    if behind:
        candidates.append((70 + gap_bonus, AttentionReason.BEHIND_PLAN))

    rate = figures.response_rate_14d
    if rate is not None and rate < SILENT_RATE and signals.due >= SILENT_MIN_DUE:
        candidates.append((60 + (1 - rate) * 10, AttentionReason.SILENT))

    attainment = figures.attainment_pct
    close = running and (
        (attainment is not None and attainment >= CLOSE_ATTAINMENT_PCT)
        or (forecast_pct is not None and CLOSE_FORECAST_PCT <= forecast_pct < 100)
    )
    low_activity = (
        signals.activity_baseline is not None
        and signals.activity_7d is not None
        and signals.activity_baseline > 0
        and signals.activity_7d < LOW_ACTIVITY_SHARE * signals.activity_baseline
    )
    if close and low_activity and fc is not None and fc.total_working_days:
        month_done = 1 - fc.remaining_working_days / fc.total_working_days
        candidates.append((50 + 10 * month_done, AttentionReason.LOW_ACTIVITY_CLOSE_TO_PLAN))

    gain = signals.expected_gain_pts
    if (
        running
        and signals.elapsed_then >= MIN_ELAPSED_DAYS
        and signals.attainment_week_ago is not None
        and signals.expected_then_pct is not None
        and signals.attainment_week_ago >= STAR_PACE_SHARE * signals.expected_then_pct
        and gain is not None
        and gain > 0
        and figures.trend_pts is not None
        and figures.trend_pts < STALL_GAIN_SHARE * gain
    ):
        shortfall = min(1.0, max(0.0, (gain - figures.trend_pts) / gain))
        candidates.append((40 + 10 * shortfall, AttentionReason.STALLING_STAR))

    if not candidates:
        return None
    risk, reason = max(candidates, key=lambda item: item[0])
    return Attention(
        user_id=figures.user_id,
        name=figures.name,
        reason=reason.value,
        style=REASON_STYLE[reason].value,
        risk=round(risk, 2),
    )


def _team_totals(
    members: Sequence[MemberFigures], forecasts: dict[int, Forecast]
) -> tuple[str | None, Decimal | None, Decimal | None, float | None, float | None]:
    units = {m.unit for m in members if m.has_plan}
    unit = MONEY if MONEY in units else UNITS if UNITS in units else None
    if unit is None:
        return None, None, None, None, None
    counted = [m for m in members if m.has_plan and m.unit == unit and m.plan is not None]
    total_plan = sum((m.plan for m in counted if m.plan is not None), Decimal(0))
    total_sales = sum((m.sales_to_date or Decimal(0) for m in counted), Decimal(0))
    if not total_plan:
        return unit, total_plan, total_sales, None, None
    projected = Decimal(0)
    any_projection = False
    for m in counted:
        fc = forecasts[m.user_id]
        if fc.projected is not None:
            any_projection = True
            projected += fc.projected
        else:
            projected += fc.to_date
    team_forecast = _pct(projected, total_plan) if any_projection else None
    return unit, total_plan, total_sales, _pct(total_sales, total_plan), team_forecast


async def build_team_report(
    session: AsyncSession, team_id: int, now: datetime, default_zone: str
) -> TeamReport:
    """The /team summary as of ``now``; see the module docstring for every definition."""
    await session.flush()  # the reads below go to the connection, past the ORM's autoflush
    members = await load_members(session, team_id, now, default_zone)
    head_tz = await head_zone(session, team_id, default_zone)
    current_week = monday_of(now.astimezone(head_tz).date())
    if members:
        until = max(m.today for m in members)
        # Two weeks back, and at least to the month's start (check-in days this month).
        since = min(
            min(m.today for m in members) - timedelta(days=RESPONSE_DAYS),
            min(m.today.replace(day=1) for m in members),
        )
        checkins = await _checkins(session, team_id, since, until)
        by_today: dict[date, list[int]] = defaultdict(list)
        for m in members:
            by_today[m.today].append(m.user_id)
        groups = {
            today: await _group_data(session, today, user_ids)
            for today, user_ids in by_today.items()
        }
        plans = await _plans(session, team_id, (m.today.replace(day=1) for m in members))
        latest = await _latest_scores(session, team_id, current_week)
        prompts = await _prompt_days(
            session, team_id, until - timedelta(days=RESPONSE_DAYS + 1), until
        )
        first_monday = min(local_midnight_utc(monday_of(m.today), m.zone) for m in members)
        graded = await _graded_times(session, team_id, first_monday, now)
    else:
        checkins, plans, latest, prompts, graded, groups = {}, {}, {}, {}, {}, {}
    frozen = await frozen_wellbeing(
        session, team_id, weeks_back(current_week, TREND_WEEKS), current_week, head_tz
    )

    figures: list[MemberFigures] = []
    attention: list[Attention] = []
    forecasts: dict[int, Forecast] = {}
    for member in members:
        member_figures, signals = _member_figures(
            member,
            checkins.get(member.user_id, []),
            groups[member.today],
            plans.get((member.user_id, member.today.replace(day=1))),
            latest.get(member.user_id),
            prompts.get(member.user_id, set()),
            graded.get(member.user_id, []),
        )
        figures.append(member_figures)
        if signals.forecast is not None:
            forecasts[member.user_id] = signals.forecast
        item = attention_for(member_figures, signals)
        if item is not None:
            attention.append(item)

    figures.sort(key=lambda m: (m.name.casefold(), m.user_id))
    attention.sort(key=lambda a: (-a.risk, a.name.casefold(), a.user_id))
    # A recent 1:1 takes a member off the list for a week unless their reason got worse.
    attention, quiet = split_attention(attention, await latest_talks(session, team_id, now))
    unit, total_plan, total_sales, team_attainment, team_forecast = _team_totals(figures, forecasts)
    trend = tuple((week, frozen.get(week)) for week in weeks_back(current_week, TREND_WEEKS))
    last_week = current_week - timedelta(weeks=1)
    average = frozen.get(last_week)
    average_week = last_week if average is not None else None
    return TeamReport(
        team_id=team_id,
        generated_at=now,
        members=tuple(figures),
        attention=tuple(attention),
        total_plan=total_plan,
        total_sales=total_sales,
        team_attainment_pct=team_attainment,
        team_forecast_pct=team_forecast,
        wellbeing_average=average,
        wellbeing_trend=trend,
        responders_this_week=0,  # never published: it would tell who has answered
        total_unit=unit,
        wellbeing_week=average_week,
        talked=tuple((item, talk.talked_at) for item, talk in quiet),
    )
