"""`content check` holds model answers to a trainer's rules: openers vary (none opens more than
a quarter of a language's answers) and a turn asks one question. Each rule has a broken copy
of the real content that fails with one line naming the file, the item and the field."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import yaml

from bot.content.check import (
    MAX_OPENER_SHARE,
    answer_opener,
    answer_style_problems,
    load_and_check,
    question_count,
)
from bot.content.loader import CONTENT_DIR, ContentError, load_content
from bot.domain.languages import Language


def _edit(path: Path, change: Callable[[Any], None]) -> None:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")


def _stack_questions(data: Any) -> None:
    answer = data["objections"][0]["answers"][0]["text"]
    answer["en"] = (
        "Fair point. What do they offer? How long is the contract? Who signs it? Let's talk."
    )


def _same_opener_everywhere(root: Path) -> None:
    def change(data: Any) -> None:
        for objection in data["objections"]:
            for answer in objection["answers"]:
                answer["text"]["ru"] = "Понимаем вас. " + answer["text"]["ru"]

    for path in (root / "objections").glob("*.yaml"):
        _edit(path, change)


@pytest.fixture
def content_copy(tmp_path: Path) -> Path:
    root = tmp_path / "content"
    shutil.copytree(CONTENT_DIR, root)
    return root


def test_an_answer_stacking_questions_fails_naming_it(content_copy: Path) -> None:
    _edit(content_copy / "objections" / "price.yaml", _stack_questions)
    with pytest.raises(ContentError) as caught:
        load_and_check(content_copy)
    message = str(caught.value)
    assert "\n" not in message
    for fragment in ("objections/price.yaml", "price.", "answers.0.text.en", "3 questions"):
        assert fragment in message, message


def test_one_opener_in_most_answers_fails(content_copy: Path) -> None:
    _same_opener_everywhere(content_copy)
    with pytest.raises(ContentError) as caught:
        load_and_check(content_copy)
    message = str(caught.value)
    # «Понимаем» and «Понимаю» are one opener: the rule compares dictionary forms.
    for fragment in ("content/objections", "ru model answers", "«понимать»", "25%"):
        assert fragment in message, message


def test_real_content_keeps_both_rules_with_room_to_spare() -> None:
    content = load_content()
    assert answer_style_problems(content) == []
    for language in Language:
        texts = [a.text.get(language) for o in content.objections.values() for a in o.answers]
        openers = [answer_opener(text, language) for text in texts]
        top = max(openers.count(opener) for opener in set(openers))
        assert top <= MAX_OPENER_SHARE * len(texts)
        assert all(question_count(text) <= 1 for text in texts)


@pytest.mark.parametrize(
    ("text", "language", "opener"),
    [
        ("Понимаю, разница заметная.", Language.RU, "понимать"),
        ("Понимаем вас.", Language.RU, "понимать"),
        ("Вы правы: сумма серьёзная.", Language.RU, "вы правый"),
        ("I understand — that's a lot.", Language.EN, "i understand"),
        ("I hear you, and…", Language.EN, "i hear"),
        ("That’s fair — it is.", Language.EN, "that's fair"),
        ("Fair point.", Language.EN, "fair"),
    ],
)
def test_the_opener_is_the_first_word_or_a_pronoun_and_its_verb(
    text: str, language: Language, opener: str
) -> None:
    assert answer_opener(text, language) == opener


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("Скажите, с чем сравниваете? Давайте созвонимся в четверг.", 1),
        ("Как? Зачем?! Когда?", 3),
        ("Он спросил «зачем?» и ушёл. Давайте в четверг?", 2),
        ("No question here.", 0),
    ],
)
def test_questions_are_counted_per_sentence(text: str, count: int) -> None:
    assert question_count(text) == count
