"""Heavy libraries load only when their feature is used, never at start-up.

matplotlib and numpy (the /team chart), openpyxl (/export), navec (drill scoring by meaning),
Redis and asyncpg (only when configured) and Alembic (`python -m bot run` migrates in a child
process) cost tens of megabytes each in a process that lives for months. A fresh interpreter
imports the app, builds it on SQLite and handles a few ordinary updates; none of them may
appear in ``sys.modules``.
"""

from __future__ import annotations

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from bot.config import Settings
from tests.conftest import TEST_TOKEN

pytestmark = pytest.mark.sqlite_only  # the default single-instance set-up is the point

ROOT = Path(__file__).resolve().parents[1]
HEAVY = ("matplotlib", "numpy", "openpyxl", "alembic", "mako", "redis", "asyncpg", "navec")

SCRIPT = textwrap.dedent(
    """
    import asyncio, json, sys

    from bot.app import build_app
    from bot.config import load_settings
    from bot.devtools.emulator import BotAPIEmulator

    HEAVY = {heavy!r}

    async def main() -> None:
        emulator = BotAPIEmulator(token={token!r})
        await emulator.start()
        settings = load_settings(
            bot_token={token!r},
            database_url={url!r},
            telegram_api_url=emulator.base_url,
            _env_file=None,
        )
        app = await build_app(settings, migrate_in_child=True)
        user = emulator.user(42, "Ann")
        update_id = 0

        async def feed(update: dict) -> None:
            nonlocal update_id
            update_id += 1
            await app.dispatcher.feed_raw_update(app.bot, {{"update_id": update_id, **update}})

        await feed(user.text_update("/start"))
        await feed(user.press_update("Русский"))
        await feed(user.press_update("Менеджер по продажам"))
        await feed(user.press_update("Москва · UTC+3"))
        await feed(user.press_update("09:00"))
        for command in ("/tip", "/help", "/me", "/plan", "/checkin", "/settings", "/role"):
            await feed(user.text_update(command))
        await app.close()
        await emulator.stop()
        replies = len(emulator.sent_messages(42))
        print(json.dumps({{"loaded": [m for m in HEAVY if m in sys.modules], "replies": replies}}))

    asyncio.run(main())
    """
)


def test_the_app_and_ordinary_updates_load_no_heavy_library(settings: Settings) -> None:
    url = settings.database_url
    env = {"PATH": "/usr/bin:/bin", "DATABASE_URL": url, "BOT_TOKEN": TEST_TOKEN}
    script = SCRIPT.format(heavy=HEAVY, token=TEST_TOKEN, url=url)
    done = subprocess.run(  # noqa: S603 - our own script, built above
        [sys.executable, "-c", script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    outcome = json.loads(done.stdout.strip().splitlines()[-1])
    assert outcome["replies"] >= 12  # the updates were really handled
    assert outcome["loaded"] == []
