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
* only dots — a single dot is decimal ("1.5", "1.500" = 1.5, as in English);
  several dots group thousands ("1.200.000");
* spaces always group thousands, so "150 000" is one number but "150 20" is refused.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
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
    rf"(?:\s?(?:{_SUFFIXES})\.?)?$"
)
_SEPARATORS_RE = re.compile(r"[ .,]")


class InvalidAmount(ValueError):
    """The typed text is not a single non-negative amount."""


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


def _split_number(raw: str) -> tuple[str, str]:
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
        integer, fraction = raw.split(".")
        return integer, fraction
    return raw, ""


def _number_value(raw: str) -> Decimal:
    integer, fraction = _split_number(raw)
    if not _is_grouped(integer) or (fraction and not fraction.isdigit()):
        raise InvalidAmount(raw)
    digits = _SEPARATORS_RE.sub("", integer)
    return Decimal(f"{digits}.{fraction}" if fraction else digits)


def parse_amount(text: str) -> Decimal:
    """The amount in ``text`` rounded to cents, or raise InvalidAmount."""
    # str.split() also splits on NBSP, narrow NBSP and thin spaces used as separators.
    cleaned = " ".join(text.split()).lower()
    if not cleaned or len(cleaned) > _MAX_INPUT_LENGTH:
        raise InvalidAmount(text)
    match = _AMOUNT_RE.match(cleaned)
    if not match:
        raise InvalidAmount(text)
    value = _number_value(match["number"])
    if match["multiplier"]:
        word = re.sub(r"[.\s]", "", match["multiplier"])
        value *= _MULTIPLIERS[word]
    if value > MAX_AMOUNT:
        raise InvalidAmount(text)
    return value.quantize(CENT, rounding=ROUND_HALF_UP)


def format_amount(value: Decimal, language: str) -> str:
    """The amount for a message: "1 250 000" / "1 250,50" in Russian, "1,250.50" in English.

    Cents are shown only when non-zero, so whole amounts read as people write them.
    Russian groups use a narrow no-break space so a number never wraps across lines.
    """
    cents = value.quantize(CENT, rounding=ROUND_HALF_UP)
    sign = "-" if cents < 0 else ""
    whole, fraction = f"{abs(cents):,.2f}".split(".")
    if language == "ru":
        whole = whole.replace(",", "\u202f")
        decimal_mark = ","
    else:
        decimal_mark = "."
    return sign + whole + (decimal_mark + fraction if fraction != "00" else "")
