"""The session of the update being handled, and how its work is committed.

The FSM storage and the bot's request middleware run inside the handler but are built once for
the whole app; they find the update's session here. If the storage opened its own connection,
SQLite (one writer at a time) would deadlock against the update's session, and state and data
would commit separately. Sharing the update's session makes the update one transaction: the
answer and the dialogue step are saved together or not at all.

The transaction never stays open across a Bot API call: the request middleware
(``bot/middlewares/unit_of_work.py``) calls :func:`commit_update` before every call Telegram
is asked to make during the update, and ``DbSessionMiddleware`` once more at the end. A reply
therefore only ever describes what is already saved, and no writer waits on another update's
network round trip.
"""

from __future__ import annotations

from contextvars import ContextVar

from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncSession

current_session: ContextVar[AsyncSession | None] = ContextVar("current_session", default=None)


class NotSavedError(Exception):
    """The update's changes could not be committed (locked, disk full, …); none were kept."""


def has_work(session: AsyncSession) -> bool:
    """Whether a commit would do anything: an open transaction or objects added to it."""
    return session.in_transaction() or bool(session.new) or bool(session.deleted)


async def commit_update(session: AsyncSession) -> None:
    """Commit what the update did so far; on failure roll back and raise NotSavedError."""
    if not has_work(session):
        return
    try:
        await session.commit()
    except SQLAlchemyError as exc:
        await session.rollback()
        raise NotSavedError(str(exc.orig) if hasattr(exc, "orig") else str(exc)) from exc
