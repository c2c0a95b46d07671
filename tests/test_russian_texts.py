"""Every Russian string reads as a Russian sales manager writes: no gendered "(а)" forms, no
English words dropped into a Russian line, no Russian in an English one.

Scans every Russian .ftl message and every ``ru`` value in content/ (and the English side the
other way round). Abbreviations in capitals (CRM, KPI, NPS…) are Russian business usage; the
few product names and a citation are listed below, each for a reason.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parent.parent
RU_LOCALES = ROOT / "bot" / "locales" / "ru"
EN_LOCALES = ROOT / "bot" / "locales" / "en"
CONTENT = ROOT / "content"

# «вступил(а)», «вышел(ла)», «готов(а)», «рад(а)», «измотан(ы)»: write around the gender instead.
GENDERED = re.compile(r"[а-яё]\((?:а|ла|ло|ая|ый|ой|ые|ы|на|но|ен|ёл)\)", re.IGNORECASE)
LATIN_WORD = re.compile(r"[A-Za-z][A-Za-z'’]*")
CYRILLIC = re.compile(r"[\u0400-\u04ff]")
ALLOWED_LATIN = frozenset(
    {
        # products and services a Russian sales team names as they are
        "Excel",
        "Google",
        "Analytics",
        "Ads",
        "Power",
        "Query",
        "Oracle",
        "Tableau",
        "Python",
        "pandas",
        "PostgreSQL",
        "Telegram",
        "SalesCoach",
        # the language picker names English in English
        "English",
        # the burnout survey's source, cited as published
        "Copenhagen",
        "Burnout",
        "Inventory",
        "Kristensen",
        "et",
        "al",
    }
)


def _ftl_values(folder: Path) -> Iterator[tuple[str, str]]:
    for path in sorted(folder.glob("*.ftl")):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            key = re.match(r"^[a-z][\w-]*\s*=", line)
            yield f"{path.name}:{number}", line[key.end() :] if key else line


def _content_values(language: str) -> Iterator[tuple[str, str]]:
    def walk(node: object, where: str) -> Iterator[tuple[str, str]]:
        if isinstance(node, dict):
            for key, value in node.items():
                if key == language and isinstance(value, str):
                    yield where, value
                else:
                    yield from walk(value, f"{where}.{key}")
        elif isinstance(node, list):
            for index, value in enumerate(node):
                yield from walk(value, f"{where}[{index}]")

    for path in sorted(CONTENT.rglob("*.yaml")):
        yield from walk(yaml.safe_load(path.read_text(encoding="utf-8")), path.name)


def _readable(text: str) -> str:
    """What a reader sees of the words: no placeables, selectors, tags, links, commands,
    zone names (Europe/Riga) or @usernames."""
    text = re.sub(r"\{[^{}]*\}", " ", text)
    text = re.sub(r"\{\s*\$[\w-]+\s*->", " ", text)  # a selector opening a multi-line message
    text = re.sub(r"[a-z_]+(?: \| [a-z_]+)+", " ", text)  # a command's arguments: a | b | c
    text = re.sub(r"\*?\[[\w-]+\]", " ", text)
    text = re.sub(r"<[^>]+>", " ", text)
    text = re.sub(r"https?://\S+", " ", text)
    text = re.sub(r"(?<!\w)[/@][A-Za-z_]\w*", " ", text)
    return re.sub(r"[A-Za-z]+/[A-Za-z_]+", " ", text)


def _russian_lines() -> list[tuple[str, str]]:
    return [*_ftl_values(RU_LOCALES), *_content_values("ru")]


def test_the_scan_reads_every_russian_file() -> None:
    lines = _russian_lines()
    files = {where.split(":")[0].split(".")[0] for where, _ in lines}
    assert {"core", "teams", "checkin", "taps"} <= files
    assert len(lines) > 1000


@pytest.mark.parametrize(
    ("line", "bad"),
    [("{ $name } вступил(а) в команду", True), ("Вы готов(ы)?", True), ("Участник вышел", False)],
)
def test_gendered_pattern(line: str, bad: bool) -> None:
    assert bool(GENDERED.search(line)) is bad


def test_no_gendered_forms_in_russian() -> None:
    found = [
        f"{where}: {text.strip()}" for where, text in _russian_lines() if GENDERED.search(text)
    ]
    assert found == []


def test_no_english_words_in_russian_lines() -> None:
    found = []
    for where, text in _russian_lines():
        for word in LATIN_WORD.findall(_readable(text)):
            if word.isupper() or word in ALLOWED_LATIN:  # CRM, KPI, NPS, SQL…
                continue
            found.append(f"{where}: {word!r} in {text.strip()[:80]!r}")
    assert found == []


def test_no_russian_in_english_lines() -> None:
    found = [
        f"{where}: {text.strip()[:80]}"
        for where, text in [*_ftl_values(EN_LOCALES), *_content_values("en")]
        # the language picker names Russian in Russian
        if CYRILLIC.search(text) and text.strip() != "Русский"
    ]
    assert found == []


def test_every_tip_opens_with_its_action_in_bold_in_both_languages() -> None:
    """One format across roles: a bold opening says what to do, the rest says how."""
    from bot.content.loader import load_content

    content = load_content()
    odd = [
        f"{tip.id} ({language})"
        for card in content.roles.values()
        for tip in card.tips
        for language in ("ru", "en")
        if not re.match(r"<b>[^<]+</b>[ ,]", getattr(tip.text, language))
    ]
    assert odd == []


def test_the_head_trainer_analyst_and_admin_have_the_seeds_topics() -> None:
    from bot.content.loader import load_content

    roles = load_content().roles
    texts = {role.value: " ".join(tip.text.ru for tip in card.tips) for role, card in roles.items()}
    assert "собеседован" in texts["head_of_sales"]
    assert "тренинг" in texts["head_of_sales"]
    assert "УТП" in texts["head_of_sales"]
    assert "принцип влияния" in texts["sales_trainer"]
    assert "коммерческая тайна" in texts["sales_analyst"]
    assert "мессенджер" in texts["sales_admin"]
    housekeeping = ("картридж", "канцеляр", "расходник", "15 минут на новые форматы и тренды")
    assert not any(word in text for text in texts.values() for word in housekeeping)
