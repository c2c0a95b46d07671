"""Tables of plans, check-ins, surveys, reminders and the outbox."""

from __future__ import annotations

from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import (
    BigInteger,
    Date,
    Float,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.base import Base, Money, UTCDateTime
from bot.db.models import user_fk


class Plan(Base):
    """The month's target. ``month`` is the first day of the month in the user's zone."""

    __tablename__ = "plans"

    user_id: Mapped[int] = mapped_column(BigInteger, user_fk(), primary_key=True)
    month: Mapped[date] = mapped_column(Date(), primary_key=True)
    target: Mapped[Decimal] = mapped_column(Money())
    unit: Mapped[str] = mapped_column(String(8), default="money")  # "money" or "units"
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())


class CheckIn(Base):
    """One per user and local day; answering again updates the same row."""

    __tablename__ = "checkins"
    __table_args__ = (UniqueConstraint("user_id", "local_date"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(BigInteger, user_fk())
    local_date: Mapped[date] = mapped_column(Date())
    energy: Mapped[int | None] = mapped_column(Integer)
    # The month's sales up to and including this day, however the user typed it.
    sales_to_date: Mapped[Decimal | None] = mapped_column(Money())
    calls: Mapped[int | None] = mapped_column(Integer)
    meetings: Mapped[int | None] = mapped_column(Integer)
    note: Mapped[str | None] = mapped_column(Text)
    # The head of a team sees a note only if its author chose to share it.
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime())
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class BurnoutSurvey(Base):
    """The weekly CBI work-related survey; answers fill in one by one."""

    __tablename__ = "burnout_surveys"
    __table_args__ = (UniqueConstraint("user_id", "week_start"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(BigInteger, user_fk())
    week_start: Mapped[date] = mapped_column(Date())
    # One character per item: "0".."4" answered, "-" not yet.
    answers: Mapped[str] = mapped_column(String(16), default="-------")
    score: Mapped[float | None] = mapped_column(Float)
    completed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())


class Reminder(Base):
    """When a user's next reminder of a kind is due (UTC). The scheduler only reads this:
    a restart loses nothing, and a claim moves ``next_due_at`` atomically."""

    __tablename__ = "reminders"
    __table_args__ = (Index("ix_reminders_due", "next_due_at"),)

    user_id: Mapped[int] = mapped_column(BigInteger, user_fk(), primary_key=True)
    kind: Mapped[str] = mapped_column(String(16), primary_key=True)
    next_due_at: Mapped[datetime] = mapped_column(UTCDateTime())


class OutboxMessage(Base):
    """A scheduled message, recorded before it is sent and marked after.

    Unique per user, kind and local day, so however often a due reminder is claimed,
    one message exists for it.
    """

    __tablename__ = "outbox"
    __table_args__ = (
        UniqueConstraint("user_id", "kind", "local_date"),
        Index("ix_outbox_status_next", "status", "next_attempt_at"),
    )

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(BigInteger, user_fk())
    kind: Mapped[str] = mapped_column(String(16))
    local_date: Mapped[date] = mapped_column(Date())
    status: Mapped[str] = mapped_column(String(12), default="pending")
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    next_attempt_at: Mapped[datetime] = mapped_column(UTCDateTime())
    claimed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    created_at: Mapped[datetime] = mapped_column(UTCDateTime())
    sent_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    telegram_message_id: Mapped[int | None] = mapped_column(BigInteger)
    error: Mapped[str | None] = mapped_column(String(255))
