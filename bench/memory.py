"""Resident memory of a bot, each in a fresh interpreter: ``python -m bench.memory ours|bare``.

``bare`` is a bare aiogram 3 bot: a Dispatcher with one handler that replies. ``ours`` is
SalesCoach as ``python -m bot run`` builds it: content checked, the database migrated in a
child process, freed start-up heap returned to the OS. Each is
measured idle, then after 1,000 varied updates (/tip, /drill and its answer, check-in
answers, /start, /help, free text) through the real Dispatcher with a no-network session;
``ours`` then renders the /team chart and builds the /export workbook, measured separately.
The drill scorer's language models (numpy, pymorphy3's dictionaries and the navec vectors,
#14), which the first drill loads once, are loaded before the updates, as a bot that drills
has them, and are part of "after_updates"; what their loading alone adds is "scorer_models".
Prints one JSON line: RSS in MB at each point (VmRSS, and VmHWM for the peak).
"""

from __future__ import annotations

import asyncio
import gc
import json
import os
import random
import sys
import tempfile
from datetime import timedelta
from pathlib import Path
from typing import Any

from bench.common import DRILL_ANSWERS, TOKEN, ZONE, Updates, energy_data, status_kb

UPDATES = 1_000
USERS = 200


def _mb(key: str) -> float:
    gc.collect()
    return round(status_kb(key) / 1024, 1)


def _varied(updates: Updates, rng: random.Random, today: Any) -> list[dict[str, Any]]:
    batch = []
    for index in range(UPDATES):
        user_id = 1 + index % USERS
        pick = index % 7
        if pick == 0:
            batch.append(updates.text(user_id, "/tip"))
        elif pick == 1:
            batch.append(updates.text(user_id, "/drill"))
        elif pick == 2:
            batch.append(updates.text(user_id, rng.choice(DRILL_ANSWERS)))
        elif pick == 3:
            batch.append(updates.press(user_id, energy_data(today, rng.randint(1, 5))))
        elif pick == 4:
            batch.append(updates.text(user_id, "/help"))
        elif pick == 5:
            batch.append(updates.text(user_id, "/start"))
        else:
            batch.append(updates.text(user_id, rng.choice(("привет", "как дела?", "12500"))))
    return batch


async def bare() -> dict[str, float]:
    from aiogram import Bot, Dispatcher, Router
    from aiogram.types import CallbackQuery, Message

    from bench.null_session import NullSession

    router = Router()

    @router.message()
    async def on_message(message: Message) -> None:
        await message.answer("ok")

    @router.callback_query()
    async def on_callback(callback: CallbackQuery) -> None:
        await callback.answer("ok")

    dispatcher = Dispatcher()
    dispatcher.include_router(router)
    bot = Bot(TOKEN, session=NullSession())
    figures = {"idle": _mb("VmRSS")}
    from datetime import date

    for update in _varied(Updates(), random.Random(1), date.today()):  # noqa: DTZ011, S311
        await dispatcher.feed_raw_update(bot, update)
    figures["after_updates"] = _mb("VmRSS")
    figures["peak"] = _mb("VmHWM")
    return figures


async def ours() -> dict[str, float]:
    from aiogram import Bot
    from aiogram.client.default import DefaultBotProperties
    from aiogram.enums import ParseMode

    from bench.null_session import NullSession
    from bench.seed import seed_users
    from bot.app import build_app
    from bot.clock import system_clock
    from bot.config import load_settings
    from bot.domain.schedule import local_date_of
    from bot.memory import release_freed_memory

    with tempfile.TemporaryDirectory(prefix="salescoach-rss-") as folder:
        url = f"sqlite+aiosqlite:///{Path(folder) / 'rss.sqlite3'}"
        settings = load_settings(bot_token=TOKEN, database_url=url, _env_file=None)
        # The migrating child reads its settings from the environment, as in production.
        os.environ.update(BOT_TOKEN=TOKEN, DATABASE_URL=url)
        app = await build_app(settings, migrate_in_child=True)
        release_freed_memory()
        now = system_clock()
        await seed_users(app.engine, range(1, USERS + 1), now)
        figures = {"idle": _mb("VmRSS")}
        # What the first /drill loads (bot/services/drill_scoring.py prepare), on its own.
        from bot.services.drill_scoring import prepare

        prepare()
        figures["scorer_models"] = round(_mb("VmRSS") - figures["idle"], 1)
        bot = Bot(
            TOKEN, session=NullSession(), default=DefaultBotProperties(parse_mode=ParseMode.HTML)
        )
        today = local_date_of(now, ZONE)
        for update in _varied(Updates(), random.Random(1), today):  # noqa: S311
            await app.dispatcher.feed_raw_update(bot, update)
        figures["after_updates"] = _mb("VmRSS")
        figures["peak_updates"] = _mb("VmHWM")
        await _chart_and_export(app, now)
        figures["after_chart_export"] = _mb("VmRSS")
        figures["peak"] = _mb("VmHWM")
        await app.close()
    return figures


async def _chart_and_export(app: Any, now: Any) -> None:
    from sqlalchemy import insert

    from bench.seed import seed_users
    from bot.db.checkin_models import CheckIn
    from bot.db.team_models import Team, TeamMember
    from bot.services.team_chart import chart_labels, render_team_chart
    from bot.services.team_export import export_headers, export_rows, to_xlsx
    from bot.services.team_report import build_team_report

    head = USERS + 1
    await seed_users(app.engine, [head], now, role="head_of_sales")
    async with app.engine.begin() as connection:
        created = await connection.execute(
            insert(Team).values(head_id=head, name="RSS", created_at=now)
        )
        team_id = int(created.inserted_primary_key[0])
        await connection.execute(
            insert(TeamMember),
            [{"team_id": team_id, "user_id": u, "joined_at": now} for u in range(1, 31)],
        )
        await connection.execute(
            insert(CheckIn),
            [
                {
                    "user_id": u,
                    "local_date": (now - timedelta(days=d)).date(),
                    "energy": 3,
                    "calls": 10,
                    "meetings": 1,
                    "updated_at": now,
                    "completed_at": now,
                }
                for u in range(1, 31)
                for d in range(1, 31)
            ],
        )
    t = app.i18n.translator("ru")
    async with app.session_factory() as session:
        report = await build_team_report(session, team_id, now, ZONE)
        render_team_chart(report, chart_labels(t, report, "RSS", now.date()), t)
        data = await export_rows(session, team_id, now, ZONE)
        to_xlsx(data, export_headers(t))


def main() -> int:
    which = sys.argv[1] if len(sys.argv) > 1 else "ours"
    figures = asyncio.run(bare() if which == "bare" else ours())
    print(json.dumps(figures))  # noqa: T201
    return 0


if __name__ == "__main__":
    sys.exit(main())
