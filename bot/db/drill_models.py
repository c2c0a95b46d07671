"""Tables of objection drills: a spaced-repetition card per user and objection, every
attempt at it, and the user's daily number of new cards."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import (
    BigInteger,
    Float,
    ForeignKey,
    Index,
    Integer,
    SmallInteger,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.base import Base, UTCDateTime

DEFAULT_NEW_PER_DAY = 10


def _user_fk() -> ForeignKey:
    """Drill rows vanish with the user (/delete_me)."""
    return ForeignKey("users.id", ondelete="CASCADE")


class DrillCard(Base):
    """One objection in one user's deck, with its FSRS state (the columns of ``fsrs.Card``).

    ``introduced_at`` is when the objection was first served: the daily limit of new cards
    counts these. A card that was served but never graded has ``last_review`` empty and is due
    from the moment it was served, so an unanswered drill comes back first.
    """

    __tablename__ = "drill_cards"
    __table_args__ = (
        UniqueConstraint("user_id", "objection_id", name="uq_drill_cards_user_objection"),
        Index("ix_drill_cards_user_due", "user_id", "due"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(BigInteger, _user_fk())
    objection_id: Mapped[str] = mapped_column(String(96))
    introduced_at: Mapped[datetime] = mapped_column(UTCDateTime())
    state: Mapped[int] = mapped_column(
        SmallInteger
    )  # fsrs.State: 1 learning, 2 review, 3 relearning
    step: Mapped[int | None] = mapped_column(SmallInteger)
    stability: Mapped[float | None] = mapped_column(Float)
    difficulty: Mapped[float | None] = mapped_column(Float)
    due: Mapped[datetime] = mapped_column(UTCDateTime())
    last_review: Mapped[datetime | None] = mapped_column(UTCDateTime())
    reviews: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class DrillAttempt(Base):
    """One serving of a card: shown → answered (text and rubric result) → graded once.

    Its id travels in the grade buttons; grading is an UPDATE guarded by ``graded_at IS NULL``,
    so a second press, even a concurrent one, finds it graded.
    """

    __tablename__ = "drill_attempts"
    __table_args__ = (Index("ix_drill_attempts_user_graded", "user_id", "graded_at"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(BigInteger, _user_fk())
    card_id: Mapped[int] = mapped_column(
        Integer, ForeignKey("drill_cards.id", ondelete="CASCADE"), index=True
    )
    objection_id: Mapped[str] = mapped_column(String(96))
    shown_at: Mapped[datetime] = mapped_column(UTCDateTime())
    answer: Mapped[str | None] = mapped_column(Text)
    # DrillResult.to_dict() as JSON: steps present and missing, penalties, score.
    result: Mapped[str | None] = mapped_column(Text)
    score: Mapped[int | None] = mapped_column(SmallInteger)
    model_technique: Mapped[str | None] = mapped_column(String(32))
    answered_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    rating: Mapped[int | None] = mapped_column(SmallInteger)  # fsrs.Rating 1..4
    graded_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    next_due: Mapped[datetime | None] = mapped_column(UTCDateTime())


class DrillSettings(Base):
    """Per-user drill preferences; no row means the defaults."""

    __tablename__ = "drill_settings"

    user_id: Mapped[int] = mapped_column(BigInteger, _user_fk(), primary_key=True)
    new_per_day: Mapped[int] = mapped_column(
        SmallInteger, default=DEFAULT_NEW_PER_DAY, server_default=str(DEFAULT_NEW_PER_DAY)
    )
