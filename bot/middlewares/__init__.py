"""Outer middlewares, in order: db session → user loader → i18n."""

from bot.middlewares.db import DbSessionMiddleware
from bot.middlewares.i18n import I18nMiddleware
from bot.middlewares.user import UserMiddleware

__all__ = ["DbSessionMiddleware", "I18nMiddleware", "UserMiddleware"]
