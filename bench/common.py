"""What every bench section shares: the results table, the targets, updates as Telegram sends
them (varied, with the names the database holds), the B1 baseline, and small statistics."""

from __future__ import annotations

import itertools
import logging
import os
import platform
import resource
import sqlite3
import statistics
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from aiogram import Dispatcher, Router
from aiogram.types import CallbackQuery, Message
from sqlalchemy import event, text
from sqlalchemy.ext.asyncio import AsyncEngine, create_async_engine

TOKEN = "123456:BENCH-TOKEN-abcdefghijklmnop"  # noqa: S105 - a fake token, no network
ZONE = "Europe/Moscow"

Update = dict[str, Any]

# Different drill answers: strong, weak, a question back, a refusal, short and long, so the
# scorer does real work instead of meeting the same string 300 times.
DRILL_ANSWERS = (
    "Понимаю вас. Давайте посчитаем, за сколько месяцев окупится внедрение?",
    "Дорого по сравнению с чем? Что вы сейчас тратите на ручную обработку заявок?",
    "Согласен, бюджет важен. Можем начать с пилота на одном отделе на месяц.",
    "Ну это наша цена, скидок нет.",
    "Хорошо.",
    "Не знаю, что ответить.",
    "А какие сроки у вас на решение и кто ещё участвует в выборе?",
    "Давайте я покажу кейс клиента из вашей отрасли: они вернули вложения за четыре месяца.",
    "Если цена станет ниже, вы готовы подписать договор до конца месяца?",
    "Какие задачи для вас сейчас самые срочные? От этого зависит, что войдёт в первый этап.",
    "Мы дешевле конкурентов и лучше.",
    "Понимаю. А что именно вас смущает: сумма целиком или платёж сразу?",
    "Можно разбить оплату на три части, первая после запуска.",
    "Я перезвоню позже.",
    "Сколько стоит вам один потерянный клиент? Сравним это с ценой подписки.",
    "Давайте обсудим, какой результат для вас будет успехом через три месяца.",
)

# ---- results ---------------------------------------------------------------------------------


@dataclass
class Row:
    measure: str
    value: str
    goal: str = ""
    ok: bool | None = None
    tracked: bool = True  # one of issue #12's targets, listed again in the summary

    def cells(self) -> list[str]:
        mark = "" if self.ok is None else ("✅" if self.ok else "❌")
        return [self.measure, self.value, self.goal, mark]


@dataclass
class Results:
    """Rows grouped by section; a row with a goal is a target and is listed again at the end."""

    sections: list[tuple[str, list[Row]]] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    def section(self, title: str) -> None:
        self.sections.append((title, []))
        say(title)

    def add(
        self,
        measure: str,
        value: str,
        goal: str = "",
        ok: bool | None = None,
        *,
        tracked: bool = True,
    ) -> None:
        if not self.sections:
            self.section("")
        self.sections[-1][1].append(Row(measure, value, goal, ok, tracked))
        mark = "" if ok is None else (" [met]" if ok else " [NOT met]")
        say(f"  {measure}: {value}{f' (target {goal})' if goal else ''}{mark}")

    @property
    def targets(self) -> list[Row]:
        return [
            row for _, rows in self.sections for row in rows if row.ok is not None and row.tracked
        ]


def say(text: str = "") -> None:
    """Progress and the table go to stdout: this is a command-line tool."""
    print(text, flush=True)  # noqa: T201


# ---- statistics and the machine ----------------------------------------------------------------


def percentile(samples: Sequence[float], fraction: float) -> float:
    if not samples:
        return float("nan")
    ordered = sorted(samples)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.1f} ms"


def spread(values: Sequence[float], unit: str = "", digits: int = 0) -> str:
    """ "median (min–max)" of repeated runs."""
    fmt = f"{{:,.{digits}f}}"
    return (
        f"{fmt.format(statistics.median(values))}{unit} "
        f"(min {fmt.format(min(values))}, max {fmt.format(max(values))})"
    )


def rss_mb() -> float:
    return status_kb("VmRSS") / 1024


def peak_rss_mb() -> float:
    peak = status_kb("VmHWM")
    if peak:
        return peak / 1024
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def status_kb(key: str) -> int:
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith(key + ":"):
                return int(line.split()[1])
    except OSError:
        pass
    return 0


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    load = os.getloadavg()[0] if hasattr(os, "getloadavg") else float("nan")
    return (
        f"{cpu}, {cores} cores available (load average {load:.1f} at the start); "
        f"{platform.system()} {platform.release()}; Python {platform.python_version()}; "
        f"SQLite {sqlite3.sqlite_version}"
    )


class ErrorLog(logging.Handler):
    """Counts what went wrong while updates were handled: errors logged by aiogram or our
    errors router, and SQLite's "database is locked" — seen by the engine itself when given
    (logs carry no exception messages), else in what was logged."""

    def __init__(self, engine: AsyncEngine | None = None) -> None:
        super().__init__(logging.WARNING)
        self.errors = 0
        self.locked = 0
        self._engine = engine
        self._from_engine = 0

    def _on_db_error(self, context: Any) -> None:
        if "database is locked" in str(context.original_exception):
            self._from_engine += 1

    def emit(self, record: logging.LogRecord) -> None:
        text_seen = record.getMessage()
        if record.exc_info and record.exc_info[1] is not None:
            text_seen += f" {record.exc_info[1]!r}"
        if record.levelno >= logging.ERROR:
            self.errors += 1
        if self._engine is None and "database is locked" in text_seen:
            self.locked += 1

    def __enter__(self) -> ErrorLog:
        logging.getLogger().addHandler(self)
        if self._engine is not None:
            event.listen(self._engine.sync_engine, "handle_error", self._on_db_error)
        return self

    def __exit__(self, *_exc: object) -> None:
        logging.getLogger().removeHandler(self)
        if self._engine is not None:
            event.remove(self._engine.sync_engine, "handle_error", self._on_db_error)
            self.locked += self._from_engine


# ---- updates -----------------------------------------------------------------------------------


def user_name(user_id: int) -> str:
    """The first name bench/seed.py stores: updates carry the same, as a real user's would."""
    return f"User {user_id}"


class Updates:
    """Raw updates as Telegram would send them, for ``feed_raw_update``."""

    def __init__(self) -> None:
        self._ids = itertools.count(1)
        self._message_ids = itertools.count(1_000)

    def _user(self, user_id: int) -> dict[str, Any]:
        return {
            "id": user_id,
            "is_bot": False,
            "first_name": user_name(user_id),
            "language_code": "ru",
        }

    def text(self, user_id: int, text: str) -> Update:
        message: dict[str, Any] = {
            "message_id": next(self._message_ids),
            "from": self._user(user_id),
            "chat": {"id": user_id, "type": "private", "first_name": user_name(user_id)},
            "date": int(time.time()),
            "text": text,
        }
        if text.startswith("/"):
            length = len(text.split()[0])
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": length}]
        return {"update_id": next(self._ids), "message": message}

    def press(self, user_id: int, data: str, message_id: int | None = None) -> Update:
        return {
            "update_id": next(self._ids),
            "callback_query": {
                "id": str(next(self._ids)),
                "from": self._user(user_id),
                "chat_instance": str(user_id),
                "data": data,
                "message": {
                    "message_id": message_id or next(self._message_ids),
                    "from": {"id": 123456, "is_bot": True, "first_name": "SalesCoach"},
                    "chat": {"id": user_id, "type": "private", "first_name": user_name(user_id)},
                    "date": int(time.time()),
                    "text": "☀️",
                },
            },
        }

    def numbered(self, update: Update) -> Update:
        return {"update_id": next(self._ids), **update}


def energy_data(day: date, energy: int) -> str:
    from handlers.checkin_views import CheckinEnergyCb

    return CheckinEnergyCb(day=day.toordinal(), energy=energy).pack()


# ---- B1: the baseline ----------------------------------------------------------------------


async def b1_engine(path: Path) -> AsyncEngine:
    """B1's own SQLite file: WAL, synchronous FULL (every commit reaches the disk), the same
    busy timeout as ours."""
    engine = create_async_engine(f"sqlite+aiosqlite:///{path}", connect_args={"timeout": 5})

    @event.listens_for(engine.sync_engine, "connect")
    def _pragmas(dbapi_connection: Any, _record: Any) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA busy_timeout=5000")
        cursor.close()

    async with engine.begin() as connection:
        await connection.execute(
            text("CREATE TABLE IF NOT EXISTS b1 (id INTEGER PRIMARY KEY, user_id INTEGER, at REAL)")
        )
    return engine


def b1_dispatcher(engine: AsyncEngine) -> Dispatcher:
    """B1: a bare aiogram Dispatcher whose handler commits one row, then replies once — the
    least a bot that remembers what it is told must do."""

    async def remember(user_id: int) -> None:
        async with engine.begin() as connection:
            await connection.execute(
                text("INSERT INTO b1 (user_id, at) VALUES (:user_id, :at)"),
                {"user_id": user_id, "at": time.time()},
            )

    async def on_message(message: Message) -> None:
        await remember(message.chat.id)
        await message.answer("ok")

    async def on_callback(callback: CallbackQuery) -> None:
        await remember(callback.from_user.id)
        await callback.answer("ok")

    router = Router()
    router.message.register(on_message)
    router.callback_query.register(on_callback)
    dispatcher = Dispatcher()
    dispatcher.include_router(router)
    return dispatcher
