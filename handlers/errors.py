"""The last line of defence: log the traceback, give the user a short apology.

A failure to save (the update's commit, or a write inside the handler, refused because the
database is locked, full or gone) gets its own message: nothing of the answer was kept, so the
user knows to send it again. The commit happens before any reply (bot/db/unit_of_work.py), so
the user never reads "saved" for something that was not.
"""

from __future__ import annotations

import logging

from aiogram import Bot, Router
from aiogram.exceptions import TelegramAPIError, TelegramRetryAfter
from aiogram.filters import ExceptionTypeFilter
from aiogram.types import ErrorEvent
from sqlalchemy.exc import OperationalError

from bot.db.unit_of_work import NotSavedError
from bot.domain.languages import guess_language
from bot.i18n import I18n, Translator
from bot.logging_setup import redacted_traceback
from bot.middlewares.callback_answers import was_answered

logger = logging.getLogger(__name__)


async def on_error(event: ErrorEvent, bot: Bot, i18n: I18n, t: Translator | None = None) -> None:
    update = event.update
    reason = _storage_reason(event.exception)
    # The traceback without the exception's message: it may quote what the user typed. The
    # database's own reason ("database is locked", "database or disk is full") quotes nothing.
    if isinstance(event.exception, TelegramRetryAfter):
        # Telegram's flood control, not a bug: one line, no traceback (a flood used to log
        # one per dropped reply).
        logger.warning(
            "Update %s: Telegram asked to wait %ss (429); the reply was not sent",
            update.update_id,
            event.exception.retry_after,
        )
    else:
        logger.error(
            "Update %s failed%s\n%s",
            update.update_id,
            f" (not saved: {reason})" if reason else "",
            redacted_traceback(event.exception),
        )
    message = update.message or (update.callback_query.message if update.callback_query else None)
    sender = (
        update.message.from_user
        if update.message
        else (update.callback_query.from_user if update.callback_query else None)
    )
    if sender is None or message is None or message.chat.type != "private":
        return
    if t is None:  # the failure came before the user's language was known
        t = i18n.translator(guess_language(sender.language_code))
    not_saved = reason is not None
    query = update.callback_query
    # The handler may have answered the press before it failed; Telegram takes one answer
    # per press, and the apology below must go out either way.
    if query is not None and not was_answered(query.id):
        try:
            await bot.answer_callback_query(
                query.id, t("error-not-saved-callback" if not_saved else "error-callback")
            )
        except TelegramAPIError:
            logger.warning("Could not answer the press of update %s", update.update_id)
    try:
        await bot.send_message(
            message.chat.id, t("error-not-saved" if not_saved else "error-generic")
        )
    except TelegramAPIError:
        logger.warning("Could not deliver the apology for update %s", update.update_id)


def _storage_reason(exc: BaseException) -> str | None:
    """SQLite's or PostgreSQL's reason when the update could not be saved, else None."""
    cause = exc.__cause__ if isinstance(exc, NotSavedError) else exc
    if isinstance(cause, OperationalError):
        return str(cause.orig).splitlines()[0] if cause.orig is not None else "database error"
    if isinstance(exc, NotSavedError):
        return "commit failed"
    return None


def create_router() -> Router:
    router = Router(name=__name__)
    router.errors.register(on_error, ExceptionTypeFilter(Exception))
    return router
