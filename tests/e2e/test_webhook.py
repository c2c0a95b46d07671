"""Webhook mode: the secret header is required and checked; a good request is handled."""

from __future__ import annotations

import json
import logging

import pytest
from aiohttp.test_utils import TestClient, TestServer
from pydantic import SecretStr

from bot.app import WEBHOOK_PATH, build_app, create_webhook_app
from bot.config import Settings
from bot.devtools.emulator import BotAPIEmulator

SECRET = "s3cret-Token_for-tests-0123456789abcdef"


async def test_webhook_checks_the_secret_and_handles_updates(
    settings: Settings, emulator: BotAPIEmulator, caplog: pytest.LogCaptureFixture
) -> None:
    webhook_settings = settings.model_copy(
        update={
            "telegram_api_url": emulator.base_url,
            "webhook_url": "https://bot.example.com",
            "webhook_secret": SecretStr(SECRET),
        }
    )
    app = await build_app(webhook_settings)
    ann = emulator.user(3001, first_name="Ann", language_code="en")
    emulator.remember_chat(ann.chat_json)
    update = {
        "update_id": 1,
        "message": {
            "message_id": 1,
            "date": 0,
            "chat": ann.chat_json,
            "from": ann.user_json,
            "text": "/start",
            "entities": [{"type": "bot_command", "offset": 0, "length": 6}],
        },
    }
    client = TestClient(TestServer(create_webhook_app(app, handle_in_background=False)))
    await client.start_server()
    try:
        no_secret = await client.post(WEBHOOK_PATH, json=update)
        assert no_secret.status == 401
        wrong = await client.post(
            WEBHOOK_PATH, json=update, headers={"X-Telegram-Bot-Api-Secret-Token": "nope"}
        )
        assert wrong.status == 401
        assert ann.messages == []

        # Any malformed header is a 401, never a 500 (non-ASCII, too long, empty).
        for header in ("пароль", "ü" * 40, SECRET + "x", SECRET[:-1], "\u00a0"):
            odd = await client.post(
                WEBHOOK_PATH,
                data=json.dumps(update),
                headers={
                    "X-Telegram-Bot-Api-Secret-Token": header,
                    "Content-Type": "application/json",
                },
            )
            assert odd.status == 401, header
        # The right secret with a body that is no Update is a 400, never a 500.
        for body in (b"not json", b"[1, 2]", b'{"update_id": "x"}', b"\xff\xfe", b"", b"null"):
            bad = await client.post(
                WEBHOOK_PATH, data=body, headers={"X-Telegram-Bot-Api-Secret-Token": SECRET}
            )
            assert bad.status == 400, body
        assert ann.messages == []
        assert not [r for r in caplog.records if r.levelno >= logging.ERROR]

        good = await client.post(
            WEBHOOK_PATH, json=update, headers={"X-Telegram-Bot-Api-Secret-Token": SECRET}
        )
        assert good.status == 200
        assert "Hi Ann" in ann.messages[0].text
        assert emulator.rejections == []
    finally:
        await client.close()
        await app.close()
