"""Bounded field types for callback data.

A button's data comes back from the client, so it is input like any other: every field of
every ``CallbackData`` class has a range or an allowed set. A value outside it fails
validation when aiogram unpacks the data, the class's filter does not match, and the press
falls through to the catch-all that answers "this button is out of date" — before any
handler or database sees, say, an id of 2**70 (which SQLite cannot bind: OverflowError).
tests/faults/test_forged_callbacks.py forges data for every subclass in the project.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable
from datetime import date
from typing import Annotated, TypeVar

from pydantic import AfterValidator, Field

SQL_INT_MAX = 2**31 - 1  # an Integer primary key (PostgreSQL int4)
TELEGRAM_ID_MAX = 2**52 - 1  # Telegram: user ids have at most 52 significant bits
PAGE_MAX = 10_000

RowId = Annotated[int, Field(ge=1, le=SQL_INT_MAX)]
"""The id of a row in one of our tables (an ``Integer`` primary key)."""

TelegramId = Annotated[int, Field(ge=1, le=TELEGRAM_ID_MAX)]
"""A Telegram user id."""

Page = Annotated[int, Field(ge=0, le=PAGE_MAX)]
"""A page number of a listing."""

DayOrdinal = Annotated[int, Field(ge=1, le=date.max.toordinal())]
"""A ``date.toordinal()``; whether the day is current is the handler's call."""

ContentKey = Annotated[str, Field(max_length=40, pattern=r"^[a-z0-9_]*$")]
"""An id from our content files (a style, a scenario); empty allowed where it means "none"."""

Value = TypeVar("Value", bound=Hashable)


def one_of(allowed: Iterable[Value]) -> AfterValidator:
    """Only these values; for fields whose allowed set is not an enum."""
    frozen = frozenset(allowed)

    def check(value: Value) -> Value:
        if value not in frozen:
            raise ValueError(f"not one of {sorted(map(str, frozen))}")
        return value

    checker: Callable[[Value], Value] = check
    return AfterValidator(checker)
