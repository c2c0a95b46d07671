"""The webhook endpoint, stricter than aiogram's stock handler.

- The secret header is compared as bytes: aiogram compares ``str`` with
  ``secrets.compare_digest``, which raises TypeError for a non-ASCII header — a 500 and a
  traceback for anyone who sends one. Any header that is not our secret is a 401.
- The body must be a JSON object that is a valid Update, else 400 — before it is queued, so
  a malformed request is neither a 500 nor a traceback in the background task.
"""

from __future__ import annotations

import hmac
import json
import logging

from aiogram import Bot
from aiogram.types import Update
from aiogram.webhook.aiohttp_server import SimpleRequestHandler
from aiohttp import web
from pydantic import ValidationError

logger = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"  # noqa: S105 - a header name, not a secret


class GuardedRequestHandler(SimpleRequestHandler):
    def verify_secret(self, telegram_secret_token: str, bot: Bot) -> bool:
        if not self.secret_token:
            return True
        given = telegram_secret_token.encode("utf-8", "surrogateescape")
        return hmac.compare_digest(given, self.secret_token.encode())

    async def handle(self, request: web.Request) -> web.Response:
        bot = await self.resolve_bot(request)
        if not self.verify_secret(request.headers.get(SECRET_HEADER, ""), bot):
            return web.Response(body="Unauthorized", status=401)
        try:
            body = json.loads(await request.read())
            if not isinstance(body, dict):
                raise ValueError("not a JSON object")
            Update.model_validate(body, context={"bot": bot})
        except (ValueError, ValidationError, UnicodeDecodeError):
            # No body in the log: it is a stranger's or a broken request, not data we need.
            logger.warning("Webhook: refused a malformed body (%s bytes)", request.content_length)
            return web.Response(body="Bad Request", status=400)
        return await super().handle(request)
