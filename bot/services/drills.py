"""Objection drills over the database: what to serve, recording an answer, grading it,
and the /progress figures. The rules live in drill_scoring and drill_schedule."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from enum import StrEnum

from sqlalchemy.ext.asyncio import AsyncSession

from bot.content.schema import Content, ModelAnswer, Objection
from bot.db import drills as drills_db
from bot.db.drill_models import DrillAttempt
from bot.domain.languages import Language
from bot.domain.roles import Role
from bot.services import field_objections
from bot.services.drill_schedule import (
    CategoryMastery,
    Rating,
    mastery_per_category,
    new_candidates,
    new_left_today,
    review,
    streak,
)
from bot.services.drill_scoring import (
    DrillResult,
    Improvement,
    choose_model_answer,
    improvement,
    score_answer,
)

MAX_ANSWER_CHARS = 2000
# Streaks longer than this are shown as they are counted from this window.
STREAK_WINDOW_DAYS = 400


def local_midnight(now: datetime, zone: tzinfo) -> datetime:
    """The start of the user's local day, in UTC."""
    local = now.astimezone(zone)
    return datetime.combine(local.date(), time(0), tzinfo=zone).astimezone(UTC)


@dataclass(frozen=True, slots=True)
class ServedDrill:
    objection: Objection
    attempt_id: int
    is_new: bool


@dataclass(frozen=True, slots=True)
class NothingDue:
    next_due: datetime | None
    limit: int


async def serve_next(
    session: AsyncSession,
    content: Content,
    user_id: int,
    role: Role | None,
    now: datetime,
    zone: tzinfo,
) -> ServedDrill | NothingDue:
    """Practice the head assigned first; then due cards (most overdue first); then a new
    objection, within today's limit. The user's team's own objections join the library."""
    content = await field_objections.team_content(session, content, user_id)
    practice = await field_objections.practice_cards(session, content, user_id, now, role)
    for card in [*practice, *await drills_db.due_cards(session, user_id, now)]:
        objection = content.objections.get(card.objection_id)
        if objection is None:  # removed from the content since: skip it
            continue
        attempt = await drills_db.start_attempt(session, card, now)
        return ServedDrill(objection, attempt.id, is_new=card.last_review is None)
    limit = await drills_db.new_per_day(session, user_id)
    introduced = await drills_db.introduced_since(session, user_id, local_midnight(now, zone))
    if new_left_today(limit, introduced) > 0:
        started = {card.objection_id for card in await drills_db.all_cards(session, user_id)}
        candidates = new_candidates(content.objections.values(), role, started, user_id)
        if candidates:
            objection = candidates[0]
            card = await drills_db.add_card(session, user_id, objection.id, now)
            attempt = await drills_db.start_attempt(session, card, now)
            return ServedDrill(objection, attempt.id, is_new=True)
    return NothingDue(await drills_db.next_due(session, user_id), limit)


@dataclass(frozen=True, slots=True)
class Feedback:
    objection: Objection
    result: DrillResult
    improvement: Improvement | None
    model: ModelAnswer


async def answer_drill(
    session: AsyncSession,
    content: Content,
    attempt: DrillAttempt,
    text: str,
    language: Language,
    now: datetime,
) -> Feedback | None:
    """Score and store the answer. None when the attempt is already answered or its
    objection has left the content."""
    content = await field_objections.team_content(session, content, attempt.user_id)
    objection = content.objections.get(attempt.objection_id)
    if objection is None or attempt.answered_at is not None:
        return None
    rubric = content.rubric
    result = score_answer(text, objection, rubric, language)
    rotation = await drills_db.answered_count(session, attempt.card_id)
    model = choose_model_answer(objection, result, rubric, rotation)
    recorded = await drills_db.record_answer(
        session,
        attempt.id,
        answer=text,
        result=result.to_dict(),
        score=result.score,
        model_technique=model.technique.value,
        now=now,
    )
    if not recorded:
        return None
    return Feedback(objection, result, improvement(result, rubric, language), model)


class GradeStatus(StrEnum):
    GRADED = "graded"
    ALREADY = "already"
    STALE = "stale"


@dataclass(frozen=True, slots=True)
class GradeOutcome:
    status: GradeStatus
    next_due: datetime | None = None


async def grade_drill(
    session: AsyncSession, attempt_id: int, user_id: int, rating: Rating, now: datetime
) -> GradeOutcome:
    attempt = await drills_db.get_attempt(session, attempt_id)
    if attempt is None or attempt.user_id != user_id or attempt.answered_at is None:
        return GradeOutcome(GradeStatus.STALE)
    if attempt.graded_at is not None:
        return GradeOutcome(GradeStatus.ALREADY)
    card = await drills_db.get_card(session, attempt.card_id)
    if card is None:
        return GradeOutcome(GradeStatus.STALE)
    if card.last_review is not None and card.last_review >= attempt.shown_at:
        # The card was graded through a later attempt: this older one would review it twice.
        return GradeOutcome(GradeStatus.STALE)
    if not await drills_db.grade_attempt(session, attempt_id, user_id, int(rating), now):
        return GradeOutcome(GradeStatus.ALREADY)
    reviewed = review(drills_db.card_state(card), rating, now)
    drills_db.store_review(card, reviewed)
    await drills_db.set_next_due(session, attempt_id, reviewed.due)
    return GradeOutcome(GradeStatus.GRADED, reviewed.due)


@dataclass(frozen=True, slots=True)
class Progress:
    streak: int
    due_now: int
    total_cards: int
    mastery: list[CategoryMastery]
    new_per_day: int


async def progress(
    session: AsyncSession,
    content: Content,
    user_id: int,
    role: Role | None,
    now: datetime,
    zone: tzinfo,
) -> Progress:
    since = now - timedelta(days=STREAK_WINDOW_DAYS)
    days: set[date] = {
        moment.astimezone(zone).date()
        for moment in await drills_db.graded_times(session, user_id, since)
    }
    cards = [
        c
        for c in await drills_db.all_cards(session, user_id)
        if c.objection_id in content.objections
    ]
    states = {card.objection_id: drills_db.card_state(card) for card in cards}
    return Progress(
        streak=streak(days, now.astimezone(zone).date()),
        due_now=sum(1 for card in cards if card.due <= now),
        total_cards=len(cards),
        mastery=mastery_per_category(
            list(content.objections.values()), role, states, list(content.objection_categories)
        ),
        new_per_day=await drills_db.new_per_day(session, user_id),
    )


def stored_result(attempt: DrillAttempt) -> DrillResult | None:
    return DrillResult.from_dict(json.loads(attempt.result)) if attempt.result else None


async def retry_now(
    session: AsyncSession, content: Content, attempt_id: int, user_id: int, now: datetime
) -> ServedDrill | None:
    """After «Снова»: the same objection again at once, as a new attempt on the same card.

    The card keeps its FSRS schedule (the review just graded stands); this only lets the person
    try the answer again while the feedback is fresh. The new attempt counts as shown a moment
    after that review, so grading it is a new review rather than a stale press."""
    attempt = await drills_db.get_attempt(session, attempt_id)
    if attempt is None or attempt.user_id != user_id:
        return None
    card = await drills_db.get_card(session, attempt.card_id)
    objection = content.objections.get(attempt.objection_id)
    if card is None or objection is None:
        return None
    shown = max(now, card.last_review or now) + timedelta(microseconds=1)
    retry = await drills_db.start_attempt(session, card, shown)
    return ServedDrill(objection, retry.id, is_new=False)
