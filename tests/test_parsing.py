"""What people type: time zones, times of day, deep-link payloads."""

from __future__ import annotations

from datetime import UTC, datetime, time, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.domain.clock_time import InvalidTime, parse_time_of_day
from bot.domain.deeplinks import DeepLinkKind, parse_start_payload
from bot.domain.languages import Language, guess_language
from bot.domain.timezones import (
    InvalidTimezone,
    parse_timezone,
    resolve_timezone,
    utc_offset_label,
)


@pytest.mark.parametrize(
    ("typed", "zone"),
    [
        ("Europe/Moscow", "Europe/Moscow"),
        ("europe/moscow", "Europe/Moscow"),
        ("  America/New_York ", "America/New_York"),
        ("america/new york", "America/New_York"),
        ("Москва", "Europe/Moscow"),
        ("МСК", "Europe/Moscow"),
        ("Новосибирск", "Asia/Novosibirsk"),
        ("Asia/Kathmandu", "Asia/Kathmandu"),
        ("UTC+3", "UTC+03:00"),
        ("+5:30", "UTC+05:30"),
        ("GMT-04:00", "UTC-04:00"),
        ("utc −5", "UTC-05:00"),
        ("+0545", "UTC+05:45"),
        ("UTC", "UTC"),
    ],
)
def test_typed_time_zones(typed: str, zone: str) -> None:
    assert parse_timezone(typed) == zone
    resolve_timezone(zone)


@pytest.mark.parametrize("typed", ["", "Mars/Olympus", "+15", "UTC+3:75", "tomorrow", "x" * 70])
def test_bad_time_zones(typed: str) -> None:
    with pytest.raises(InvalidTimezone):
        parse_timezone(typed)


def test_fixed_offset_resolves() -> None:
    tz = resolve_timezone("UTC+05:30")
    assert datetime(2026, 1, 1, tzinfo=UTC).astimezone(tz).utcoffset() == timedelta(
        hours=5, minutes=30
    )


def test_offset_label_follows_daylight_saving() -> None:
    winter = datetime(2026, 1, 15, 12, tzinfo=UTC)
    summer = datetime(2026, 7, 15, 12, tzinfo=UTC)
    assert utc_offset_label("America/New_York", winter) == "UTC−5"
    assert utc_offset_label("America/New_York", summer) == "UTC−4"
    assert utc_offset_label("Asia/Kathmandu", winter) == "UTC+5:45"
    assert utc_offset_label("Europe/Moscow", summer) == "UTC+3"


@given(st.text(max_size=80))
def test_any_text_either_parses_to_a_usable_zone_or_is_refused(text: str) -> None:
    try:
        zone = parse_timezone(text)
    except InvalidTimezone:
        return
    resolve_timezone(zone)


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("9", time(9, 0)),
        ("9:30", time(9, 30)),
        ("09.30", time(9, 30)),
        ("18 00", time(18, 0)),
        ("7:05 pm", time(19, 5)),
        ("12 am", time(0, 0)),
        ("0:00", time(0, 0)),
        ("23:59", time(23, 59)),
    ],
)
def test_typed_times(typed: str, expected: time) -> None:
    assert parse_time_of_day(typed) == expected


@pytest.mark.parametrize("typed", ["24:00", "9:60", "утром", "", "13 pm", "9:3", "99"])
def test_bad_times(typed: str) -> None:
    with pytest.raises(InvalidTime):
        parse_time_of_day(typed)


@given(st.text(max_size=40))
def test_any_text_is_a_time_or_refused(text: str) -> None:
    try:
        parsed = parse_time_of_day(text)
    except InvalidTime:
        return
    assert 0 <= parsed.hour <= 23


def test_deep_links() -> None:
    assert parse_start_payload(None) is None
    assert parse_start_payload("") is None
    join = parse_start_payload("join_AbCdEf012345")
    assert join is not None
    assert join.kind == DeepLinkKind.JOIN_TEAM
    assert join.value == "AbCdEf012345"
    unknown = parse_start_payload("promo_2026")
    assert unknown is not None
    assert unknown.kind == DeepLinkKind.UNKNOWN
    bad = parse_start_payload("<script>")
    assert bad is not None
    assert bad.kind == DeepLinkKind.UNKNOWN


@pytest.mark.parametrize(
    ("code", "language"),
    [
        ("ru", Language.RU),
        ("uk", Language.RU),
        ("en-US", Language.EN),
        ("de", Language.EN),
        (None, Language.RU),
    ],
)
def test_language_guess(code: str | None, language: Language) -> None:
    assert guess_language(code) == language
