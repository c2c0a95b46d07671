"""Typed SQLAlchemy models. Every table that must survive a restart is declared here."""

from __future__ import annotations

from datetime import datetime, time

from sqlalchemy import BigInteger, String, Text, Time
from sqlalchemy.orm import Mapped, mapped_column

from bot.db.base import Base, TimestampMixin, UTCDateTime


class User(TimestampMixin, Base):
    """A person who talked to the bot. The primary key is the Telegram user id."""

    __tablename__ = "users"

    id: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    first_name: Mapped[str] = mapped_column(String(256), default="")
    username: Mapped[str | None] = mapped_column(String(64))
    language: Mapped[str] = mapped_column(String(8), default="ru")
    role: Mapped[str | None] = mapped_column(String(32))
    timezone: Mapped[str | None] = mapped_column(String(64))
    checkin_time: Mapped[time | None] = mapped_column(Time())
    onboarded_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    # Set when Telegram answers 403: we stop scheduling, but keep the data.
    blocked_at: Mapped[datetime | None] = mapped_column(UTCDateTime())

    @property
    def is_onboarded(self) -> bool:
        return self.onboarded_at is not None


class FsmRecord(Base):
    """aiogram FSM state and data for one storage key, so dialogues survive restarts."""

    __tablename__ = "fsm_records"

    key: Mapped[str] = mapped_column(String(255), primary_key=True)
    state: Mapped[str | None] = mapped_column(String(255))
    data: Mapped[str] = mapped_column(Text, default="{}")
    # A cheap marker that the row belongs to a user, used when erasing their data.
    user_id: Mapped[int | None] = mapped_column(BigInteger, index=True)
