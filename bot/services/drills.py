"""Objection drills over the database: what to serve, recording an answer, grading it,
and the /progress figures. The rules live in drill_scoring and drill_schedule."""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta, tzinfo
from enum import StrEnum

from sqlalchemy.ext.asyncio import AsyncSession

from bot.content.schema import Content, DrillStep, FollowUpTrigger, ModelAnswer, Objection
from bot.db import drills as drills_db
from bot.db.drill_models import DrillAttempt
from bot.domain.languages import Language
from bot.domain.roles import Role
from bot.services import field_objections
from bot.services.drill_schedule import (
    CategoryMastery,
    Rating,
    mastery_per_category,
    max_rating,
    new_candidates,
    new_left_today,
    review,
    streak,
)
from bot.services.drill_scoring import (
    DrillResult,
    RefusalKind,
    choose_model_answer,
    combine,
    example_line,
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


async def open_drill(
    session: AsyncSession, content: Content, attempt_id: int, user_id: int
) -> ServedDrill | None:
    """The drill still waiting for this user's answer, to be put to them again (its message
    may have been lost); None once it is answered, or gone."""
    attempt = await drills_db.get_attempt(session, attempt_id)
    if attempt is None or attempt.user_id != user_id or attempt.answered_at is not None:
        return None
    content = await field_objections.team_content(session, content, user_id)
    objection = content.objections.get(attempt.objection_id)
    card = await drills_db.get_card(session, attempt.card_id)
    if objection is None or card is None:
        return None
    return ServedDrill(objection, attempt.id, is_new=card.last_review is None)


@dataclass(frozen=True, slots=True)
class Feedback:
    """The exchange is over and scored: what the rep sees, with a line per step."""

    objection: Objection
    result: DrillResult
    model: ModelAnswer
    examples: dict[DrillStep, str]


@dataclass(frozen=True, slots=True)
class Refused:
    """Not practice (word salad, rudeness, another language…): nothing is stored, the drill
    stays open, and the rep answers ``client`` again."""

    kind: RefusalKind
    client: str


@dataclass(frozen=True, slots=True)
class FirstTurn:
    """The rep's first answer while the client pushes back. Kept in the dialogue's FSM data,
    which lives in the database (or Redis), so the exchange survives a restart."""

    text: str
    result: DrillResult
    client: str  # the push-back the second answer replies to

    def to_data(self) -> dict[str, object]:
        return {"text": self.text, "result": self.result.to_dict(), "client": self.client}

    @classmethod
    def from_data(cls, data: object) -> FirstTurn | None:
        if not isinstance(data, dict):
            return None
        try:
            return cls(
                str(data["text"]), DrillResult.from_dict(data["result"]), str(data["client"])
            )
        except (KeyError, TypeError, ValueError):
            return None


# The client reacts to what was weakest in the first answer.
WEAK_STEP_TRIGGER = {
    DrillStep.ACKNOWLEDGE: FollowUpTrigger.NO_ACKNOWLEDGE,
    DrillStep.CLARIFY: FollowUpTrigger.NO_QUESTION,
    DrillStep.VALUE: FollowUpTrigger.NO_VALUE,
    DrillStep.NEXT_STEP: FollowUpTrigger.NO_NEXT_STEP,
}


def follow_up_line(objection: Objection, result: DrillResult, language: Language) -> str | None:
    """The client's in-character push-back to the first answer's weakest step, if any."""
    weakest = result.weakest()
    if weakest is None or not objection.follow_ups:
        return None
    found = objection.follow_up(WEAK_STEP_TRIGGER[weakest])
    return found.client.get(language) if found else None


async def answer_drill(
    session: AsyncSession,
    content: Content,
    attempt: DrillAttempt,
    text: str,
    language: Language,
    now: datetime,
    first: FirstTurn | None = None,
) -> Feedback | FirstTurn | Refused | None:
    """One answer of the exchange. The first one, when weak somewhere, gets the client's
    push-back (:class:`FirstTurn`, nothing stored yet); the second (or a first one with no
    weak step) closes the exchange: the whole of it is scored and stored. None when the
    attempt is already answered or its objection has left the content."""
    content = await field_objections.team_content(session, content, attempt.user_id)
    objection = content.objections.get(attempt.objection_id)
    if objection is None or attempt.answered_at is not None:
        return None
    rubric = content.rubric
    result = score_answer(text, objection, rubric, language)
    if result.refusal is not None:
        client = first.client if first else objection.client.get(language)
        return Refused(result.refusal, client)
    if first is None:
        push_back = follow_up_line(objection, result, language)
        if push_back is not None:
            return FirstTurn(text, result, push_back)
        answer, whole = text, result
    else:
        answer, whole = f"{first.text}\n\n{text}", combine(first.result, result)
    rotation = await drills_db.answered_count(session, attempt.card_id)
    model = choose_model_answer(objection, whole, rubric, rotation)
    recorded = await drills_db.record_answer(
        session,
        attempt.id,
        answer=answer,
        result=whole.to_dict(),
        score=whole.score,
        model_technique=model.technique.value,
        now=now,
    )
    if not recorded:
        return None
    examples = {step: example_line(objection, rubric, step, language) for step in DrillStep}
    return Feedback(objection, whole, model, examples)


async def unseen_feedback(
    session: AsyncSession, content: Content, attempt_id: int, user_id: int, language: Language
) -> Feedback | None:
    """The feedback of an exchange that is scored and stored but not graded yet, rebuilt from
    what was stored (the score, the model answer shown), to be sent again: its message may
    have been lost. None for anything else."""
    attempt = await drills_db.get_attempt(session, attempt_id)
    if (
        attempt is None
        or attempt.user_id != user_id
        or attempt.answered_at is None
        or attempt.graded_at is not None
    ):
        return None
    content = await field_objections.team_content(session, content, user_id)
    objection = content.objections.get(attempt.objection_id)
    result = stored_result(attempt)
    if objection is None or result is None:
        return None
    model = next(
        (a for a in objection.answers if a.technique.value == attempt.model_technique),
        objection.answers[0],
    )
    examples = {step: example_line(objection, content.rubric, step, language) for step in DrillStep}
    return Feedback(objection, result, model, examples)


class GradeStatus(StrEnum):
    GRADED = "graded"
    ALREADY = "already"
    STALE = "stale"


@dataclass(frozen=True, slots=True)
class GradeOutcome:
    status: GradeStatus
    next_due: datetime | None = None
    rating: Rating | None = None  # what FSRS got: the self-grade, capped by the score


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
    # The score sets the ceiling: a self-grade can be humbler than the answer, never prouder.
    rating = min(rating, max_rating(attempt.score or 0))
    if not await drills_db.grade_attempt(session, attempt_id, user_id, int(rating), now):
        return GradeOutcome(GradeStatus.ALREADY)
    reviewed = review(drills_db.card_state(card), rating, now)
    drills_db.store_review(card, reviewed)
    await drills_db.set_next_due(session, attempt_id, reviewed.due)
    return GradeOutcome(GradeStatus.GRADED, reviewed.due, rating)


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
