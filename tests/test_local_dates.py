"""Dates in the reader's own calendar (#16): how far away the next drill review is."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest

from bot.domain.languages import Language
from bot.i18n import I18n
from handlers.drills import when_text

VLADIVOSTOK = ZoneInfo("Asia/Vladivostok")
MOSCOW = ZoneInfo("Europe/Moscow")


@pytest.mark.parametrize(
    ("now", "due", "zone", "expected"),
    [
        # 23:00 on 1 December to 01:00 on 3 December in Vladivostok: 26 hours, two days.
        (
            datetime(2026, 12, 1, 13, 0, tzinfo=UTC),
            datetime(2026, 12, 2, 15, 0, tzinfo=UTC),
            VLADIVOSTOK,
            ("3 декабря", "через 2 дня"),
        ),
        # 01:00 on 1 December to 23:00 on 2 December in Moscow: 46 hours, one day.
        (
            datetime(2026, 11, 30, 22, 0, tzinfo=UTC),
            datetime(2026, 12, 2, 20, 0, tzinfo=UTC),
            MOSCOW,
            ("2 декабря", "через 1 день"),
        ),
        # Nine days ahead, 5 December in the reader's calendar while UTC says the 4th.
        (
            datetime(2026, 11, 26, 1, 0, tzinfo=UTC),
            datetime(2026, 12, 4, 15, 30, tzinfo=UTC),
            VLADIVOSTOK,
            ("5 декабря", "через 9 дней"),
        ),
        # Later the same local day: the time, in the reader's zone.
        (
            datetime(2026, 11, 26, 1, 0, tzinfo=UTC),
            datetime(2026, 11, 26, 5, 0, tzinfo=UTC),
            VLADIVOSTOK,
            ("15:00", "через 4 часа"),
        ),
    ],
)
def test_next_review_counts_the_readers_calendar_days(
    now: datetime, due: datetime, zone: ZoneInfo, expected: tuple[str, str]
) -> None:
    t = I18n().translator(Language.RU)
    assert when_text(t, due, now, zone) == expected
