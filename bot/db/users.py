"""Queries on users. Session first; no commits here: the per-update middleware commits."""

from __future__ import annotations

from datetime import datetime, time

from sqlalchemy import delete
from sqlalchemy.ext.asyncio import AsyncSession

from bot.db.models import User
from bot.domain.languages import Language


async def get_user(session: AsyncSession, user_id: int) -> User | None:
    return await session.get(User, user_id)


async def get_or_create_user(
    session: AsyncSession,
    user_id: int,
    *,
    first_name: str,
    username: str | None,
    language: Language,
    last_name: str | None = None,
) -> tuple[User, bool]:
    """The user row, created on first contact. Returns (user, created)."""
    user = await session.get(User, user_id)
    if user is not None:
        # Telegram profile fields change; keep ours current.
        if user.first_name != first_name:
            user.first_name = first_name
        if user.last_name != last_name:
            user.last_name = last_name
        if user.username != username:
            user.username = username
        return user, False
    user = User(
        id=user_id,
        first_name=first_name,
        last_name=last_name,
        username=username,
        language=language.value,
    )
    session.add(user)
    await session.flush()
    return user, True


def set_language(user: User, language: Language) -> None:
    user.language = language.value


def set_role(user: User, role: str) -> None:
    user.role = role


def set_timezone(user: User, zone: str) -> None:
    user.timezone = zone


def set_checkin_time(user: User, value: time) -> None:
    user.checkin_time = value


def mark_onboarded(user: User, now: datetime) -> None:
    if user.onboarded_at is None:
        user.onboarded_at = now


async def delete_user(session: AsyncSession, user_id: int) -> None:
    """Erase the user row; tables that belong to a user cascade on its id."""
    await session.execute(delete(User).where(User.id == user_id))
