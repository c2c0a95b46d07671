"""1:1 preparation: the facts behind a member's "needs attention" reason, and "Done — we talked".

The head opens it from an entry of /team's attention list. Every fact comes from the same
report /team shows (bot/services/team_report.py), so the preparation never disagrees with the
list: the plan and sales so far, the forecast, the check-in rate over 14 days, calls and
meetings over 7 days against the 3 weeks before, the energy trend (the mean of the last 3
ratings against the ratings before them within 14 days — the definition of "energy falling"),
the wellbeing flag and the week of the last survey (never the score), drills this week, and
the weakest drill categories — rated as on the "Objections and skills" page
(bot/services/field_objections.py: at least 3 answers in a category), but only from answers
given since the member joined, as the consent screen promises. The questions and opening lines
come from the style the reason calls for (``one_on_one`` in content/styles.yaml).

"Done — we talked" stores the reason and its risk as they are at the press; the quiet week and
what "worse" means are in bot/services/one_on_one_talks.py.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta
from enum import StrEnum

from sqlalchemy.ext.asyncio import AsyncSession

from bot.db import field_objections as field_db
from bot.db import teams as teams_db
from bot.services import field_objections as field
from bot.services.one_on_one_talks import QUIET_DAYS, Talk, add_talk
from bot.services.team_report import Attention, MemberFigures, TeamReport, build_team_report

ENERGY_RECENT = 3  # the "recent" part of the energy trend, as in bot.domain.burnout
ENERGY_MIN_VALUES = 5  # fewer ratings than this are not a trend


class Refusal(StrEnum):
    """Why there is nothing to prepare or mark."""

    NOT_MEMBER = "not_member"  # left or was removed: an old button
    NO_REASON = "no_reason"  # no longer needs attention


@dataclass(frozen=True, slots=True)
class EnergyTrend:
    ratings: int  # ratings in the last 14 days
    recent: float | None  # mean of the last 3, with at least 5 ratings
    earlier: float | None  # mean of the ones before them


@dataclass(frozen=True, slots=True)
class Prep:
    member: MemberFigures
    attention: Attention
    talked_at: datetime | None  # the member is in a quiet week after this talk
    energy: EnergyTrend
    weakest: list[field.Skill]  # weakest first; empty: too few drills since joining

    @property
    def quiet_until(self) -> datetime | None:
        return self.talked_at + timedelta(days=QUIET_DAYS) if self.talked_at else None


def energy_trend(energies: tuple[int, ...]) -> EnergyTrend:
    if len(energies) < ENERGY_MIN_VALUES:
        return EnergyTrend(len(energies), None, None)
    earlier, recent = energies[:-ENERGY_RECENT], energies[-ENERGY_RECENT:]
    return EnergyTrend(len(energies), sum(recent) / len(recent), sum(earlier) / len(earlier))


def _entry(report: TeamReport, member_id: int) -> tuple[Attention, datetime | None] | None:
    for item in report.attention:
        if item.user_id == member_id:
            return item, None
    for item, talked_at in report.talked:
        if item.user_id == member_id:
            return item, talked_at
    return None


async def weakest_since(
    session: AsyncSession, member_id: int, joined_at: datetime, now: datetime
) -> list[field.Skill]:
    """The member's weakest rated drill categories from answers given since joining."""
    since = max(joined_at, now - timedelta(days=field.SKILL_WINDOW_DAYS))
    attempts = await field_db.answered_attempts(session, [member_id], since)
    categories = await field.attempt_categories(session, attempts)
    scores: dict[str, list[tuple[datetime, int]]] = defaultdict(list)
    for attempt in attempts:
        category = categories.get(attempt.id)
        if category is None or attempt.score is None or attempt.answered_at is None:
            continue
        scores[category].append((attempt.answered_at, attempt.score))
    skills = [
        field.Skill(category, len(points), field.proficiency(points, now))
        for category, points in sorted(scores.items())
    ]
    return field.weakest(skills)


async def prepare(
    session: AsyncSession, team_id: int, member_id: int, now: datetime, default_zone: str
) -> Prep | Refusal:
    """The preparation for a 1:1 with ``member_id``; the caller has checked the head."""
    membership = await teams_db.get_member(session, team_id, member_id)
    if membership is None:
        return Refusal.NOT_MEMBER
    report = await build_team_report(session, team_id, now, default_zone)
    entry = _entry(report, member_id)
    figures = report.figures_of(member_id)
    if entry is None or figures is None:
        return Refusal.NO_REASON
    item, talked_at = entry
    return Prep(
        member=figures,
        attention=item,
        talked_at=talked_at,
        energy=energy_trend(figures.energies_14d),
        weakest=await weakest_since(session, member_id, membership.joined_at, now),
    )


@dataclass(frozen=True, slots=True)
class Marked:
    talk: Talk
    name: str
    new: bool  # False: a talk was already marked and the quiet week is running (a double tap)


async def mark_talked(
    session: AsyncSession,
    team_id: int,
    head_id: int,
    member_id: int,
    now: datetime,
    default_zone: str,
) -> Marked | Refusal:
    """ "Done — we talked": store the member's reason and risk as they are now."""
    if await teams_db.get_member(session, team_id, member_id) is None:
        return Refusal.NOT_MEMBER
    report = await build_team_report(session, team_id, now, default_zone)
    entry = _entry(report, member_id)
    if entry is None:
        return Refusal.NO_REASON
    item, talked_at = entry
    if talked_at is not None:
        return Marked(Talk(member_id, talked_at, item.reason, item.risk), item.name, new=False)
    talk = await add_talk(
        session,
        team_id=team_id,
        head_id=head_id,
        member_id=member_id,
        reason=item.reason,
        risk=item.risk,
        now=now,
    )
    return Marked(talk, item.name, new=True)
