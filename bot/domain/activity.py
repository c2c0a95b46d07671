"""Calls and meetings as people type them: "25 3", "25/3", "25, 3", "25"."""

from __future__ import annotations

import re

_NUMBERS = re.compile(r"\d+")
_ALLOWED = re.compile(r"^[\d\s,;/.\-–—a-zа-яё:]*$", re.IGNORECASE)
MAX_PER_DAY = 1000


class InvalidActivity(ValueError):
    pass


def parse_activity(text: str) -> tuple[int, int | None]:
    """(calls, meetings or None). Words around the numbers are allowed ("звонков 25, встреч 3")."""
    cleaned = text.strip()
    if not cleaned or not _ALLOWED.match(cleaned):
        raise InvalidActivity(text)
    numbers = [int(n) for n in _NUMBERS.findall(cleaned)]
    if not 1 <= len(numbers) <= 2 or any(n > MAX_PER_DAY for n in numbers):
        raise InvalidActivity(text)
    return numbers[0], numbers[1] if len(numbers) == 2 else None
