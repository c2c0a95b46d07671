"""The session of the update being handled, visible to code aiogram calls for us.

The FSM storage runs inside the handler but is built once for the whole app. If it opened
its own connection, SQLite (one writer at a time) would deadlock against the update's
session; and state and data would commit separately. Sharing the update's session makes
one update one transaction: the answer and the dialogue step are saved together or not at all.
"""

from __future__ import annotations

from contextvars import ContextVar

from sqlalchemy.ext.asyncio import AsyncSession

current_session: ContextVar[AsyncSession | None] = ContextVar("current_session", default=None)
