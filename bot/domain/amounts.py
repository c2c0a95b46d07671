"""Money and quantities as people type them: "1,5 млн", "150к", "$12,000", "1 200 000 ₽".

Salespeople report numbers in chat the way they say them, so the parser accepts
thousands separators (space, NBSP, narrow NBSP, comma, dot), shorthand multipliers
(к/k, тыс, млн/m, млрд/bn) and a currency or unit word, but nothing else: a reply
that mentions two numbers or adds words is refused rather than guessed at.

Separator rules, in order:

* both "." and "," present — the last one is the decimal separator ("12,000.50",
  "1.200.000,50"), the other one groups thousands;
* only commas — a comma groups thousands when every group after it has exactly
  3 digits and the first group has 1–3 digits not starting with 0 ("1,500" = 1500,
  "1,200,000"); otherwise a single comma is the decimal separator ("1,5", "0,500");
  after space-grouped digits a single comma is always decimal ("12 000,50");
* only dots — a single dot followed by exactly three digits groups thousands when the first
  group has 1–3 digits not starting with 0 and no multiplier follows ("1.500" = 1 500, as
  Russians write it; the check-in echoes such a reading back for confirmation); any other
  single dot is decimal ("1.5", "0.500", "1.50", "1.500 млн"); several dots group thousands
  ("1.200.000");
* spaces always group thousands, so "150 000" is one number but "150 20" is refused.

A number above :data:`MAX_AMOUNT` raises :class:`AmountTooLarge` (a kind of InvalidAmount), so
the reply can say "too big" rather than "didn't understand". The currency written with the
amount, if any, is reported (:func:`parse_amount_detail`): plans and check-ins are in roubles
(see the README), so a handler refuses "$20k" or "20 евро" instead of adding them to roubles.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
MAX_AMOUNT = Decimal(10) ** 13
_MAX_INPUT_LENGTH = 64  # longer replies are prose, not an amount

_THOUSAND = Decimal(1_000)
_MILLION = Decimal(1_000_000)
_BILLION = Decimal(1_000_000_000)

# Lower-case spellings of the multipliers; longest alternatives first in the regex.
_MULTIPLIERS: dict[str, Decimal] = {
    "к": _THOUSAND,
    "k": _THOUSAND,
    "тыс": _THOUSAND,
    "тысяч": _THOUSAND,
    "тысячи": _THOUSAND,
    "тысяча": _THOUSAND,
    "thousand": _THOUSAND,
    "тр": _THOUSAND,  # "150 т.р." — тысяч рублей
    "млн": _MILLION,
    "миллион": _MILLION,
    "миллиона": _MILLION,
    "миллионов": _MILLION,
    "лям": _MILLION,  # sales slang: "полтора ляма" is out, "1,5 ляма" is in
    "ляма": _MILLION,
    "лямов": _MILLION,
    "m": _MILLION,
    "mn": _MILLION,
    "mln": _MILLION,
    "million": _MILLION,
    "млрд": _BILLION,
    "миллиард": _BILLION,
    "миллиарда": _BILLION,
    "миллиардов": _BILLION,
    "b": _BILLION,
    "bn": _BILLION,
    "billion": _BILLION,
}

_CURRENCY_SYMBOL = r"[₽$€£]"
# Currency and unit words after the number; they don't change the value.
_SUFFIXES = (
    r"₽|\$|€|£|руб(?:лей|ля|ль)?|р|rub|rur|usd|eur|евро|долл(?:аров|ара|ар)?|dollars?"
    r"|шт(?:ук[аи]?)?|pcs|pc|units?"
)


def _alternation(words: Iterable[str]) -> str:
    """A regex alternation trying longer words first, so "млн" never stops at "m"."""
    return "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))


# "т.р." / "т. р." / "тр" is written with dots and spaces; the rest are plain words.
_MULTIPLIER_RE = r"т\.?\s?р|" + _alternation(word for word in _MULTIPLIERS if word != "тр")
_AMOUNT_RE = re.compile(
    rf"^(?:{_CURRENCY_SYMBOL}\s?)?"
    r"(?P<number>[0-9](?:[0-9 .,]*[0-9])?)"
    rf"(?:\s?(?P<multiplier>{_MULTIPLIER_RE})\.?)?"
    rf"(?:\s?(?P<suffix>{_SUFFIXES})\.?)?$"
)
RUB = "RUB"
# The currency each sign or word stands for; unit words ("шт") stand for none.
_CURRENCIES: tuple[tuple[str, str], ...] = (
    (r"₽|руб(?:лей|ля|ль)?|р|rub|rur", RUB),
    (r"\$|usd|долл(?:аров|ара|ар)?|dollars?", "USD"),
    (r"€|eur|евро", "EUR"),
    (r"£", "GBP"),
)
_SEPARATORS_RE = re.compile(r"[ .,]")


class InvalidAmount(ValueError):
    """The typed text is not a single non-negative amount."""


class AmountTooLarge(InvalidAmount):
    """A well-formed number above MAX_AMOUNT."""


@dataclass(frozen=True, slots=True)
class ParsedAmount:
    value: Decimal
    currency: str | None  # "RUB", "USD", "EUR", "GBP" when written with the amount
    dot_thousands: bool  # "1.500" read as 1 500: worth echoing back


def _currency_of(*marks: str | None) -> str | None:
    for mark in marks:
        if not mark:
            continue
        for pattern, code in _CURRENCIES:
            if re.fullmatch(pattern, mark.strip().rstrip(".")):
                return code
    return None


def _is_grouped(integer: str) -> bool:
    """True if separators in ``integer`` split it into proper thousands groups."""
    groups = _SEPARATORS_RE.split(integer)
    if len(groups) == 1:
        return groups[0].isdigit()
    head, *tail = groups
    return (
        1 <= len(head) <= 3
        and not head.startswith("0")
        and all(len(group) == 3 for group in tail)
        and all(group.isdigit() for group in groups)
    )


def _split_number(raw: str, dot_groups: bool) -> tuple[str, str]:
    """Split the digits into (integer part with group separators, fraction digits)."""
    dots, commas = raw.count("."), raw.count(",")
    if dots and commas:
        decimal_at = max(raw.rfind("."), raw.rfind(","))
        if raw.count(raw[decimal_at]) != 1:
            raise InvalidAmount(raw)
        return raw[:decimal_at], raw[decimal_at + 1 :]
    if commas:
        if " " not in raw and _is_grouped(raw):
            return raw, ""
        if commas == 1:
            integer, fraction = raw.split(",")
            return integer, fraction
        raise InvalidAmount(raw)
    if dots == 1:
        if dot_groups and " " not in raw and _is_grouped(raw):  # "1.500", as Russians write
            return raw, ""
        integer, fraction = raw.split(".")
        return integer, fraction
    return raw, ""


def _number_value(raw: str, dot_groups: bool) -> Decimal:
    integer, fraction = _split_number(raw, dot_groups)
    if not _is_grouped(integer) or (fraction and not fraction.isdigit()):
        raise InvalidAmount(raw)
    digits = _SEPARATORS_RE.sub("", integer)
    return Decimal(f"{digits}.{fraction}" if fraction else digits)


def parse_amount(text: str) -> Decimal:
    """The amount in ``text`` rounded to cents, or raise InvalidAmount."""
    return parse_amount_detail(text).value


def parse_amount_detail(text: str) -> ParsedAmount:
    """The amount in ``text`` with its currency and how it was read, or raise InvalidAmount
    (AmountTooLarge for a number above MAX_AMOUNT)."""
    # str.split() also splits on NBSP, narrow NBSP and thin spaces used as separators.
    cleaned = " ".join(text.split()).lower()
    if not cleaned or len(cleaned) > _MAX_INPUT_LENGTH:
        raise InvalidAmount(text)
    match = _AMOUNT_RE.match(cleaned)
    if not match:
        raise InvalidAmount(text)
    # "1.500 млн" is 1.5 million: with a multiplier a single dot is a decimal point.
    dot_groups = not match["multiplier"]
    value = _number_value(match["number"], dot_groups)
    if match["multiplier"]:
        word = re.sub(r"[.\s]", "", match["multiplier"])
        value *= _MULTIPLIERS[word]
    if value > MAX_AMOUNT:
        raise AmountTooLarge(text)
    raw = match["number"]
    dot_thousands = (
        dot_groups and raw.count(".") == 1 and not {",", " "} & set(raw) and _is_grouped(raw)
    )
    prefix = cleaned[0] if cleaned[0] in "₽$€£" else None
    return ParsedAmount(
        value.quantize(CENT, rounding=ROUND_HALF_UP),
        _currency_of(prefix, match["suffix"]),
        dot_thousands,
    )


def format_amount(value: Decimal, language: str) -> str:
    """The amount for a message: "1 250 000" / "1 250,50" in Russian, "1,250.50" in English.

    Cents are shown only when non-zero and only below 1 000: above that a forecast of
    «994 736,84» says nothing kopecks add, so money is rounded to whole units.
    Russian groups use a narrow no-break space so a number never wraps across lines.
    """
    cents = value.quantize(CENT, rounding=ROUND_HALF_UP)
    if abs(cents) >= _THOUSAND:
        cents = cents.quantize(Decimal(1), rounding=ROUND_HALF_UP)
    sign = "-" if cents < 0 else ""
    whole, fraction = f"{abs(cents):,.2f}".split(".")
    if language == "ru":
        whole = whole.replace(",", "\u202f")
        decimal_mark = ","
    else:
        decimal_mark = "."
    return sign + whole + (decimal_mark + fraction if fraction != "00" else "")
