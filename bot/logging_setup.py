"""Logging to stderr; the level comes from LOG_LEVEL. No personal data in the log:

- exception messages are left out of every traceback (``RedactingFormatter``): a database
  error carries the statement's values, an openpyxl error the cell's text, a parser error the
  text it choked on. The frames (file, line, code) and the exception's type stay, which is
  what finding the bug needs;
- the engine hides statement parameters (``hide_parameters=True`` in bot/db/engine.py);
- aiosqlite logs every call with its arguments at DEBUG, so it never logs below INFO;
- aiogram logs every handled update at INFO; that is noise for an operator.
"""

from __future__ import annotations

import logging
import traceback
from types import TracebackType

FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"
HIDDEN = "<message hidden: it may carry user data>"

ExcInfo = tuple[type[BaseException], BaseException, TracebackType | None]


def _safe_message(exc: BaseException) -> str:
    """The message only for kinds that never quote user data: a database's operational
    failure (locked, gone, out of space — the driver's own text, not the statement) and
    Telegram's error description. Everything else is hidden."""
    from aiogram.exceptions import TelegramAPIError
    from sqlalchemy.exc import OperationalError

    if isinstance(exc, OperationalError):
        return f"{type(exc.orig).__name__}: {exc.orig}"
    if isinstance(exc, TelegramAPIError):
        return exc.message
    return HIDDEN


def redacted_traceback(exc: BaseException) -> str:
    """The traceback of ``exc`` and the exceptions it came from, each without its message."""
    chain: list[BaseException] = []
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        chain.append(current)
        current = current.__cause__ or current.__context__
    parts: list[str] = []
    for number, link in enumerate(reversed(chain)):
        if number:
            parts.append(
                "\nDuring handling of the above exception, another exception occurred:\n\n"
            )
        parts.append("Traceback (most recent call last):\n")
        parts.extend(traceback.format_tb(link.__traceback__))
        kind = type(link)
        parts.append(f"{kind.__module__}.{kind.__qualname__}: {_safe_message(link)}\n")
    return "".join(parts).rstrip("\n")


class RedactingFormatter(logging.Formatter):
    def formatException(self, ei: ExcInfo | tuple[None, None, None]) -> str:  # noqa: N802
        exc = ei[1]
        return redacted_traceback(exc) if exc is not None else ""


def quiet_loggers(level: str) -> None:
    numeric = logging.getLevelName(level)
    logging.getLogger("aiogram.event").setLevel(max(numeric, logging.WARNING))
    logging.getLogger("aiosqlite").setLevel(max(numeric, logging.INFO))


def setup_logging(level: str) -> None:
    handler = logging.StreamHandler()
    handler.setFormatter(RedactingFormatter(FORMAT))
    logging.basicConfig(level=level, handlers=[handler])
    quiet_loggers(level)
