"""Spaced repetition of objection drills with FSRS, and the figures /progress shows.

Pure: no database, no aiogram. A card's FSRS state travels as :class:`CardState`, which
mirrors the columns of ``drill_cards``; times are aware UTC datetimes.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta

from fsrs import Card, Rating, Scheduler, State

from bot.content.schema import Objection
from bot.domain.roles import Role

__all__ = ["Rating", "State"]

# A drill is a written answer, not a flashcard: one short relearning pause after a miss is
# enough in a session, and a first "Good" moves the card straight to daily intervals.
LEARNING_STEPS = (timedelta(minutes=10),)
RELEARNING_STEPS = (timedelta(minutes=10),)
# "Mastered": in Review with stability of three weeks or more — FSRS expects the user to still
# handle the objection with 90% probability 21 days after the last review. It is the "mature
# card" line of Anki, which most spaced-repetition users know.
MASTERY_STABILITY_DAYS = 21.0
NEW_PER_DAY_CHOICES = (3, 5, 10, 15, 20)


@functools.cache
def scheduler() -> Scheduler:
    # Fuzzing spreads cards learned together over neighbouring days, so reviews do not pile up.
    return Scheduler(
        learning_steps=LEARNING_STEPS, relearning_steps=RELEARNING_STEPS, enable_fuzzing=True
    )


@dataclass(frozen=True, slots=True)
class CardState:
    state: State
    step: int | None
    stability: float | None
    difficulty: float | None
    due: datetime
    last_review: datetime | None

    @classmethod
    def new(cls, now: datetime) -> CardState:
        """A card never reviewed: FSRS puts it in Learning at step 0, due at once."""
        return cls(State.Learning, 0, None, None, now, None)

    def to_fsrs(self) -> Card:
        # card_id is FSRS's own bookkeeping; ours is the row id. Passing it also avoids the
        # 1 ms sleep Card() takes to make its default id unique.
        return Card(
            card_id=0,
            state=self.state,
            step=self.step,
            stability=self.stability,
            difficulty=self.difficulty,
            due=self.due.astimezone(UTC),
            last_review=self.last_review.astimezone(UTC) if self.last_review else None,
        )

    @classmethod
    def from_fsrs(cls, card: Card) -> CardState:
        return cls(
            State(card.state),
            card.step,
            card.stability,
            card.difficulty,
            card.due,
            card.last_review,
        )

    @property
    def mastered(self) -> bool:
        return (
            self.state == State.Review
            and self.stability is not None
            and self.stability >= MASTERY_STABILITY_DAYS
        )


# The best self-grade each score supports (from the top): a rep who scored 40 cannot tell
# FSRS the objection was easy. The self-grade can still be lower than this.
RATING_CEILINGS = ((85, Rating.Easy), (70, Rating.Good), (40, Rating.Hard))


def max_rating(score: int) -> Rating:
    return next((rating for floor, rating in RATING_CEILINGS if score >= floor), Rating.Again)


def min_score_for(rating: Rating) -> int:
    """The score an answer needs for this self-grade to count as given."""
    return next((floor for floor, r in RATING_CEILINGS if r == rating), 0)


def review(card: CardState, rating: Rating, now: datetime) -> CardState:
    reviewed, _ = scheduler().review_card(card.to_fsrs(), rating, now.astimezone(UTC))
    return CardState.from_fsrs(reviewed)


def _user_order(user_id: int, objection_id: str) -> bytes:
    """A stable shuffle per user: colleagues do not all get the same objection first."""
    return hashlib.blake2b(f"{user_id}:{objection_id}".encode(), digest_size=8).digest()


def new_candidates(
    objections: Iterable[Objection], role: Role | None, started: set[str], user_id: int
) -> list[Objection]:
    """Objections not yet in the user's deck: their role's first, then the rest (people in
    roles no objection names still drill, and everyone gets the whole bank in the end)."""
    fresh = [o for o in objections if o.id not in started]
    return sorted(fresh, key=lambda o: (role not in o.roles, _user_order(user_id, o.id)))


def new_left_today(limit: int, introduced_today: int) -> int:
    return max(0, limit - introduced_today)


def streak(days: Iterable[date], today: date) -> int:
    """Days in a row with a graded drill, ending today — or yesterday, so the streak does not
    read 0 in the morning before today's drill."""
    done = set(days)
    day = today if today in done else today - timedelta(days=1)
    count = 0
    while day in done:
        count += 1
        day -= timedelta(days=1)
    return count


@dataclass(frozen=True, slots=True)
class CategoryMastery:
    category: str
    mastered: int
    total: int

    @property
    def percent(self) -> int:
        return round(100 * self.mastered / self.total) if self.total else 0


def mastery_per_category(
    objections: Sequence[Objection],
    role: Role | None,
    cards: dict[str, CardState],
    categories: Sequence[str],
) -> list[CategoryMastery]:
    """Per category: mastered cards out of the objections that concern the user (their role's,
    plus any others they have drilled; the whole bank for a role no objection names).
    Categories with nothing for the user are left out."""
    if not any(role in o.roles for o in objections):
        role = None
    result = []
    for category in categories:
        relevant = [
            o
            for o in objections
            if o.category == category and (role in o.roles or role is None or o.id in cards)
        ]
        if not relevant:
            continue
        mastered = sum(1 for o in relevant if o.id in cards and cards[o.id].mastered)
        result.append(CategoryMastery(category, mastered, len(relevant)))
    return result
