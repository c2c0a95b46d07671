"""Amounts as salespeople type them, and back into messages."""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from bot.domain.amounts import (
    MAX_AMOUNT,
    AmountTooLarge,
    InvalidAmount,
    format_amount,
    parse_amount,
    parse_amount_detail,
)

NBSP = "\u00a0"
NNBSP = "\u202f"


@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("1,5 млн", "1500000"),
        ("1.5 млн", "1500000"),
        ("150 000", "150000"),
        (f"150{NBSP}000", "150000"),
        (f"150{NNBSP}000", "150000"),
        ("150к", "150000"),
        ("150 к", "150000"),
        ("150К", "150000"),
        ("150k", "150000"),
        ("150K", "150000"),
        ("2.5m", "2500000"),
        ("2,5M", "2500000"),
        ("1 200 000 ₽", "1200000"),
        ("1200000 руб", "1200000"),
        ("1 200 000 руб.", "1200000"),
        ("$12,000", "12000"),
        ("$ 12 000", "12000"),
        ("12,000.50", "12000.50"),
        ("12 000,50", "12000.50"),
        ("1.200.000,50", "1200000.50"),
        ("1,200,000", "1200000"),
        ("1.200.000", "1200000"),
        ("150 тыс", "150000"),
        ("150 тыс.", "150000"),
        ("150 тыс. руб.", "150000"),
        ("150 т.р.", "150000"),
        ("1.2 mln", "1200000"),
        ("3 млрд", "3000000000"),
        ("3bn", "3000000000"),
        ("1,5 ляма", "1500000"),
        ("0", "0"),
        ("5 шт", "5"),
        ("5 штук", "5"),
        ("  42  ", "42"),
        ("1,500", "1500"),  # ambiguous: exactly three digits after the comma → thousands
        ("1,5", "1.5"),
        ("1,50", "1.5"),
        ("0,500", "0.5"),  # a leading 0 can't start a thousands group
        ("1234,567", "1234.57"),  # a four-digit head isn't a thousands group → decimal, rounded
        ("1.500", "1500"),  # a dot before three digits groups thousands, as Russians write
        ("1.500 млн", "1500000"),  # but with a multiplier it is a decimal point
        ("0.500", "0.5"),
        ("0.005", "0.01"),  # half a cent rounds up
        ("10000000000000", "10000000000000"),  # 10^13 is the largest allowed
        ("10000 млрд", "10000000000000"),
    ],
)
def test_parses(typed: str, amount: str) -> None:
    assert parse_amount(typed) == Decimal(amount)


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "   ",
        "-5",
        "−5",
        "-1,5 млн",
        "сто тысяч",
        "много",
        "k",
        "млн",
        "100 и 200",
        "100 200 300 400 5",
        "150 20",
        "1 2",
        "100-200",
        "1,500,5",
        "1.2.3",
        "1,2.5",
        "1.5.000,00",
        ".5",
        "5,",
        "10000000000001",
        "10001 млрд",
        "150 кг",
        "150 km",
        "9" * 80,
        "٣",  # non-ASCII digits are not what the keyboard sends
        "1e5",
        "NaN",
        "Infinity",
    ],
)
def test_refuses(typed: str) -> None:
    with pytest.raises(InvalidAmount):
        parse_amount(typed)


def test_result_is_quantized_to_cents() -> None:
    assert parse_amount("150к").as_tuple().exponent == -2


@given(st.text(max_size=40))
@example("1,5 млн")
@example("٣٣")
@example("1" + NNBSP * 3 + "000")
def test_any_text_parses_or_raises_invalid_amount(text: str) -> None:
    try:
        value = parse_amount(text)
    except InvalidAmount:
        return
    assert value >= 0
    assert value <= MAX_AMOUNT


@given(
    st.text(alphabet="0123456789 ,.кkmмлнтысруб₽$", max_size=20),
)
def test_amount_like_text_parses_or_raises_invalid_amount(text: str) -> None:
    try:
        value = parse_amount(text)
    except InvalidAmount:
        return
    assert value >= 0


@pytest.mark.parametrize(
    ("value", "ru", "en"),
    [
        ("1250000", f"1{NNBSP}250{NNBSP}000", "1,250,000"),
        ("1250.5", f"1{NNBSP}251", "1,251"),  # no kopecks over 1 000
        ("999.5", "999,50", "999.50"),
        ("1250.00", f"1{NNBSP}250", "1,250"),
        ("0", "0", "0"),
        ("0.5", "0,50", "0.50"),
        ("999", "999", "999"),
        ("1000", f"1{NNBSP}000", "1,000"),
        ("994736.84", f"994{NNBSP}737", "994,737"),
        ("-1500", f"-1{NNBSP}500", "-1,500"),
    ],
)
def test_format_amount(value: str, ru: str, en: str) -> None:
    assert format_amount(Decimal(value), "ru") == ru
    assert format_amount(Decimal(value), "en") == en


cents = st.decimals(
    min_value=0, max_value=MAX_AMOUNT, places=2, allow_nan=False, allow_infinity=False
)


@given(cents, st.sampled_from(["ru", "en"]))
@example(Decimal("1500"), "en")  # "1,500" must read as thousands, not 1.5
@example(Decimal("0.50"), "ru")
@example(MAX_AMOUNT, "ru")
def test_formatted_amount_parses_back(value: Decimal, language: str) -> None:
    shown = value if value < 1000 else value.quantize(Decimal(1), rounding=ROUND_HALF_UP)
    assert parse_amount(format_amount(value, language)) == shown


@pytest.mark.parametrize(
    ("typed", "currency", "dot_thousands"),
    [
        ("1.500", None, True),
        ("1.5", None, False),
        ("$20k", "USD", False),
        ("£20k", "GBP", False),
        ("20 евро", "EUR", False),
        ("150 000 ₽", "RUB", False),
        ("150 тыс руб", "RUB", False),
        ("40 шт", None, False),
    ],
)
def test_currency_and_reading(typed: str, currency: str | None, dot_thousands: bool) -> None:
    parsed = parse_amount_detail(typed)
    assert (parsed.currency, parsed.dot_thousands) == (currency, dot_thousands)


def test_too_big_is_its_own_error() -> None:
    with pytest.raises(AmountTooLarge):
        parse_amount("999999999999999")
    with pytest.raises(InvalidAmount) as caught:
        parse_amount("много")
    assert not isinstance(caught.value, AmountTooLarge)
