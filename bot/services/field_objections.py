"""From the field to practice: objections reps log, the team's weekly field report, the
practice a head assigns, and each member's skill per objection category.

Definitions (what a head reads):

- *This week* is Monday 00:00 to now in the head's zone; *last week* the seven days before.
  Only objections from people who are still in the team count; a rep's objections belong to
  the team they were in when they logged them.
- *Practice*: from the moment a head assigns a category until ``PRACTICE_DAYS`` days after
  the members' next check-in (``PRACTICE_DAYS + 1`` days after assigning), every objection of
  that category a member has not answered since the assignment comes first in their /drill
  (the team's own objections of that category before the library's). Each member is told
  through the outbox at their next check-in time, not at once.
- *Practised*: answered at least one drill of the category since the assignment.
- *Proficiency* in a category: the mean drill score (0–100) of the member's answers in it,
  recent answers weighing more (a score ``HALF_LIFE_DAYS`` old counts half). A level shows
  only after ``MIN_ATTEMPTS`` answers: strong ≥ 75, developing ≥ 50, else weak.
- *Weakest categories*: those with the lowest proficiency among the categories with enough
  answers (of the member, or of the whole team for a head).
- What a head sees of members' drills (levels, the team's weakest) counts only answers given
  since each member joined, as the consent screen promises; a member sees all of their own.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from enum import StrEnum
from zoneinfo import ZoneInfo

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from bot.content.schema import Content, Objection
from bot.db import drills as drills_db
from bot.db import field_objections as field_db
from bot.db import teams as teams_db
from bot.db.checkin_models import OutboxMessage, Reminder
from bot.db.drill_models import DrillAttempt, DrillCard
from bot.db.field_objection_models import FIELD_TEXT_MAX, FieldObjection, PracticeAssignment
from bot.db.models import User
from bot.db.team_models import TeamMember
from bot.domain.roles import Role
from bot.domain.schedule import local_date_of, next_occurrence
from bot.domain.timezones import InvalidTimezone, resolve_timezone
from bot.i18n import Translator
from bot.services import company_objections
from bot.services.objection_categories import OTHER, propose

PRACTICE_KIND = "practice"  # outbox kind of the "practise this week" message
PRACTICE_DAYS = 7
EXAMPLES_SHOWN = 3
MIN_ATTEMPTS = 3
HALF_LIFE_DAYS = 14.0
STRONG, DEVELOPING = 75.0, 50.0
WEAKEST_SHOWN = 3
SKILL_WINDOW_DAYS = 120
# Members without a check-in schedule hear about practice at this local time the next day.
FALLBACK_TIME = time(10, 0)


class Source(StrEnum):
    CHECKIN = "checkin"
    COMMAND = "command"


def _zone(name: str | None, default_zone: str) -> ZoneInfo:
    for candidate in (name, default_zone):
        if candidate:
            try:
                zone = resolve_timezone(candidate)
            except InvalidTimezone:
                continue
            if isinstance(zone, ZoneInfo):
                return zone
    return ZoneInfo("UTC")


def clean_field_text(text: str) -> str:
    """One line, spaces collapsed, cut to the stored length (with an ellipsis)."""
    flat = " ".join(company_objections.clean_text(text).split())
    if len(flat) > FIELD_TEXT_MAX:
        flat = flat[: FIELD_TEXT_MAX - 1].rstrip() + "…"
    return flat


# ---- logging -----------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Logged:
    objection: FieldObjection
    proposals: list[str]


async def log_objection(
    session: AsyncSession,
    content: Content,
    user: User,
    text: str,
    source: Source,
    now: datetime,
    default_zone: str,
) -> Logged:
    """Store what the rep typed with the likeliest category; the rep confirms or changes it."""
    cleaned = clean_field_text(text)
    proposals = propose(cleaned, content)
    member = await teams_db.membership(session, user.id)
    zone = user.timezone or default_zone
    row = await field_db.add_field_objection(
        session,
        user_id=user.id,
        team_id=member.team_id if member is not None else None,
        text=cleaned,
        category=proposals[0],
        source=source.value,
        local_date=local_date_of(now, zone),
        now=now,
    )
    return Logged(row, proposals)


OWN_SHOWN = 10


async def get_own(session: AsyncSession, objection_id: int, user_id: int) -> FieldObjection | None:
    row = await field_db.get_field_objection(session, objection_id)
    return row if row is not None and row.user_id == user_id else None


async def own_objections(session: AsyncSession, user_id: int) -> list[FieldObjection]:
    return await field_db.user_field_objections(session, user_id, OWN_SHOWN)


async def team_members(session: AsyncSession, team_id: int) -> list[int]:
    return await field_db.team_member_ids(session, team_id)


def category_name(t: Translator, content: Content, category: str) -> str:
    """The category's name in the reader's language; "Other" for an unknown one."""
    if category == OTHER or category not in content.objection_categories:
        return t("field-category-other")
    return content.objection_categories[category].name.get(t.language)


def valid_category(content: Content, category: str) -> bool:
    return category == OTHER or category in content.objection_categories


async def set_category(
    session: AsyncSession, content: Content, objection_id: int, user_id: int, category: str
) -> FieldObjection | None:
    """The rep's choice; None for someone else's objection or an unknown category."""
    row = await field_db.get_field_objection(session, objection_id)
    if row is None or row.user_id != user_id or not valid_category(content, category):
        return None
    row.category = category
    row.confirmed = True
    return row


# ---- the field report --------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class CategoryCount:
    category: str
    this_week: int
    last_week: int
    examples: tuple[tuple[int, str], ...]  # (field objection id, text)


@dataclass(frozen=True, slots=True)
class FieldReport:
    week_start: date
    categories: tuple[CategoryCount, ...]

    @property
    def total(self) -> int:
        return sum(c.this_week for c in self.categories)


def week_bounds(now: datetime, zone: ZoneInfo) -> tuple[datetime, datetime]:
    """Monday 00:00 of this week and of last week, local to ``zone``, in UTC."""
    today = now.astimezone(zone).date()
    monday = today - timedelta(days=today.weekday())
    start = datetime.combine(monday, time(0), tzinfo=zone).astimezone(UTC)
    previous = datetime.combine(monday - timedelta(days=7), time(0), tzinfo=zone).astimezone(UTC)
    return start, previous


async def field_report(
    session: AsyncSession, team_id: int, now: datetime, zone_name: str | None, default_zone: str
) -> FieldReport:
    zone = _zone(zone_name, default_zone)
    start, previous = week_bounds(now, zone)
    this_week = await field_db.team_field_objections(
        session, team_id, start, start + timedelta(days=7)
    )
    last_week = await field_db.team_field_objections(session, team_id, previous, start)
    counts: dict[str, int] = defaultdict(int)
    before: dict[str, int] = defaultdict(int)
    examples: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for row in this_week:
        counts[row.category] += 1
        shown = examples[row.category]
        if len(shown) < EXAMPLES_SHOWN and all(text != row.text for _, text in shown):
            shown.append((row.id, row.text))
    for row in last_week:
        before[row.category] += 1
    ordered = sorted(counts, key=lambda c: (-counts[c], c == OTHER, c))
    return FieldReport(
        start.astimezone(zone).date(),
        tuple(CategoryCount(c, counts[c], before[c], tuple(examples[c])) for c in ordered),
    )


WEEK_TOP = 3


async def last_week_top(
    session: AsyncSession, team_id: int, now: datetime, zone_name: str | None, default_zone: str
) -> list[tuple[str, int]]:
    """Last week's most frequent categories (for the Monday summary), most frequent first."""
    report = await field_report(session, team_id, now - timedelta(days=7), zone_name, default_zone)
    return [(c.category, c.this_week) for c in report.categories[:WEEK_TOP]]


# ---- practice ----------------------------------------------------------------------------


async def _next_checkin(
    session: AsyncSession, user: User, now: datetime, default_zone: str
) -> datetime:
    reminder = await session.get(Reminder, (user.id, "checkin"))
    if reminder is not None and reminder.next_due_at > now:
        return reminder.next_due_at
    zone = user.timezone or default_zone
    return next_occurrence(now, FALLBACK_TIME, zone, frozenset(range(1, 8)))


@dataclass(frozen=True, slots=True)
class Assigned:
    assignment: PracticeAssignment
    notified: int  # members who will get the message at their next check-in
    renewed: bool


async def assign_practice(
    session: AsyncSession,
    team_id: int,
    category: str,
    head_id: int,
    now: datetime,
    default_zone: str,
) -> Assigned:
    """Start (or restart) a week of practice of one category for the whole team."""
    ends_at = now + timedelta(days=PRACTICE_DAYS + 1)
    renewed = False
    existing = [
        a
        for a in await field_db.active_assignments(session, team_id, now)
        if a.category == category
    ]
    if existing:
        assignment = existing[0]
        assignment.ends_at = ends_at
        renewed = True
    else:
        assignment = await field_db.add_assignment(
            session, team_id=team_id, category=category, head_id=head_id, now=now, ends_at=ends_at
        )
    notified = 0
    for user_id in await field_db.team_member_ids(session, team_id):
        user = await session.get(User, user_id)
        if user is None or user.blocked_at is not None:
            continue
        due = await _next_checkin(session, user, now, default_zone)
        local = local_date_of(due, user.timezone or default_zone)
        exists = await session.scalar(
            select(OutboxMessage.id).where(
                OutboxMessage.user_id == user_id,
                OutboxMessage.kind == PRACTICE_KIND,
                OutboxMessage.local_date == local,
            )
        )
        if exists is None:
            session.add(
                OutboxMessage(
                    user_id=user_id,
                    kind=PRACTICE_KIND,
                    local_date=local,
                    status="pending",
                    attempts=0,
                    next_attempt_at=due,
                    created_at=now,
                )
            )
        notified += 1
    await session.flush()
    return Assigned(assignment, notified, renewed)


async def member_practice(
    session: AsyncSession, user_id: int, now: datetime
) -> list[PracticeAssignment]:
    """The practice in force for a member's team."""
    member = await teams_db.membership(session, user_id)
    if member is None:
        return []
    return await field_db.active_assignments(session, member.team_id, now)


async def attempt_categories(
    session: AsyncSession, attempts: Iterable[DrillAttempt]
) -> dict[int, str]:
    """The category of each attempt (by attempt id): from the id for the library, from the
    table for company objections."""
    attempts = list(attempts)
    team_ids = [
        number
        for a in attempts
        if (number := company_objections.parse_drill_id(a.objection_id)) is not None
    ]
    team_categories = await field_db.company_categories(session, team_ids)
    result = {}
    for attempt in attempts:
        number = company_objections.parse_drill_id(attempt.objection_id)
        if number is None:
            result[attempt.id] = attempt.objection_id.split(".", 1)[0]
        elif number in team_categories:
            result[attempt.id] = team_categories[number]
    return result


@dataclass(frozen=True, slots=True)
class PracticeProgress:
    category: str
    assigned_at: datetime
    ends_at: datetime
    answered: dict[int, int]  # member id → drills of the category answered since assigning


async def practice_progress(
    session: AsyncSession, team_id: int, now: datetime
) -> list[PracticeProgress]:
    assignments = await field_db.active_assignments(session, team_id, now)
    if not assignments:
        return []
    members = await field_db.team_member_ids(session, team_id)
    since = min(a.assigned_at for a in assignments)
    attempts = await field_db.answered_attempts(session, members, since)
    categories = await attempt_categories(session, attempts)
    result = []
    for assignment in assignments:
        answered = dict.fromkeys(members, 0)
        for attempt in attempts:
            if (
                categories.get(attempt.id) == assignment.category
                and attempt.answered_at is not None
                and attempt.answered_at >= assignment.assigned_at
            ):
                answered[attempt.user_id] += 1
        result.append(
            PracticeProgress(
                assignment.category, assignment.assigned_at, assignment.ends_at, answered
            )
        )
    return result


# ---- the hook into /drill ----------------------------------------------------------------


async def team_content(session: AsyncSession, content: Content, user_id: int) -> Content:
    """The library plus the objections of the user's own team (no other team's)."""
    team_id = await company_objections.team_of_user(session, user_id)
    if team_id is None:
        return content
    extra = await company_objections.team_objections(session, team_id)
    if not extra:
        return content
    objections: dict[str, Objection] = dict(content.objections)
    objections.update({o.id: o for o in extra})
    return content.model_copy(update={"objections": objections})


async def practice_cards(
    session: AsyncSession, content: Content, user_id: int, now: datetime, role: Role | None
) -> list[DrillCard]:
    """The card to serve before anything else: the next objection of an assigned category
    the user has not answered since it was assigned (created when new). Empty when none."""
    assignments = await member_practice(session, user_id, now)
    if not assignments:
        return []
    since = min(a.assigned_at for a in assignments)
    answered_ids = {
        a.objection_id for a in await field_db.answered_attempts(session, [user_id], since)
    }
    cards = {card.objection_id: card for card in await drills_db.all_cards(session, user_id)}
    for assignment in assignments:
        candidates = [
            o
            for o in content.objections.values()
            if o.category == assignment.category and o.id not in answered_ids
        ]
        # The team's own objections first, then the user's role's, then the rest.
        candidates.sort(
            key=lambda o: (
                not isinstance(o, company_objections.TeamObjection),
                role not in o.roles,
                o.id,
            )
        )
        if candidates:
            chosen = candidates[0]
            card = cards.get(chosen.id)
            if card is None:
                card = await drills_db.add_card(session, user_id, chosen.id, now)
            return [card]
    return []


# ---- skills ------------------------------------------------------------------------------


class Level(StrEnum):
    STRONG = "strong"
    DEVELOPING = "developing"
    WEAK = "weak"


@dataclass(frozen=True, slots=True)
class Skill:
    category: str
    attempts: int
    proficiency: float | None  # None below MIN_ATTEMPTS

    @property
    def level(self) -> Level | None:
        if self.proficiency is None:
            return None
        if self.proficiency >= STRONG:
            return Level.STRONG
        if self.proficiency >= DEVELOPING:
            return Level.DEVELOPING
        return Level.WEAK


def proficiency(scores: Sequence[tuple[datetime, int]], now: datetime) -> float | None:
    """Recency-weighted mean score; None with fewer than MIN_ATTEMPTS answers."""
    if len(scores) < MIN_ATTEMPTS:
        return None
    weights = [
        0.5 ** (max(0.0, (now - at).total_seconds()) / 86400 / HALF_LIFE_DAYS) for at, _ in scores
    ]
    total = sum(w * s for w, (_, s) in zip(weights, scores, strict=True))
    return float(total / sum(weights))


def _skills(scores: dict[str, list[tuple[datetime, int]]], now: datetime) -> list[Skill]:
    return [Skill(c, len(s), proficiency(s, now)) for c, s in sorted(scores.items())]


async def member_joins(session: AsyncSession, team_id: int) -> dict[int, datetime]:
    """When each member of the team joined: a head sees their drills from that moment on."""
    rows = await session.execute(
        select(TeamMember.user_id, TeamMember.joined_at).where(TeamMember.team_id == team_id)
    )
    return {int(user_id): joined_at for user_id, joined_at in rows}


async def skills_by_member(
    session: AsyncSession,
    user_ids: list[int],
    now: datetime,
    joined: dict[int, datetime] | None = None,
) -> tuple[dict[int, list[Skill]], list[Skill]]:
    """Each member's skills, and the team's (all members' answers pooled). With ``joined``
    (a head's view), only answers given since each member joined the team count."""
    attempts = await field_db.answered_attempts(
        session, user_ids, now - timedelta(days=SKILL_WINDOW_DAYS)
    )
    if joined is not None:
        attempts = [
            a
            for a in attempts
            if a.answered_at is not None
            and a.user_id in joined
            and a.answered_at >= joined[a.user_id]
        ]
    categories = await attempt_categories(session, attempts)
    per_member: dict[int, dict[str, list[tuple[datetime, int]]]] = defaultdict(
        lambda: defaultdict(list)
    )
    pooled: dict[str, list[tuple[datetime, int]]] = defaultdict(list)
    for attempt in attempts:
        category = categories.get(attempt.id)
        if category is None or attempt.score is None or attempt.answered_at is None:
            continue
        point = (attempt.answered_at, attempt.score)
        per_member[attempt.user_id][category].append(point)
        pooled[category].append(point)
    return (
        {member: _skills(per_member[member], now) for member in user_ids},
        _skills(pooled, now),
    )


def weakest(skills: Iterable[Skill], count: int = WEAKEST_SHOWN) -> list[Skill]:
    rated = [s for s in skills if s.proficiency is not None]
    return sorted(rated, key=lambda s: (s.proficiency, s.category))[:count]


async def weakest_categories(
    session: AsyncSession, user_id: int, now: datetime | None = None
) -> list[str]:
    """The categories this user answers worst (ids, weakest first), for the 1:1 preparation.

    For the head of a team: the team's weakest. Only categories with at least MIN_ATTEMPTS
    answers are rated; an empty list means not enough drills yet.
    """
    moment = now or datetime.now(UTC)
    team = await teams_db.team_of_head(session, user_id)
    if team is not None:
        members = await field_db.team_member_ids(session, team.id)
        joined = await member_joins(session, team.id)
        _, pooled = await skills_by_member(session, members, moment, joined)
        return [s.category for s in weakest(pooled)]
    per_member, _ = await skills_by_member(session, [user_id], moment)
    return [s.category for s in weakest(per_member[user_id])]
