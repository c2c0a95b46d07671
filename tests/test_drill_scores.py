"""The drill scorer's outcomes, pinned: every calibration answer, every model answer and the
feedback's example lines (tests/data/drill_scores.txt). Speed work on the scorer (caches,
vectorised cosines) must not move a single score; a change meant to score differently
rewrites the file with ``python -m bench.drill_calibration --write-scores`` and the diff
shows which answers moved.

The scorer caches words, lemmas, vectors, topics and example lines per process, so the second
test scores everything again with every cache emptied and the answers in reverse order: a
cache that leaked one answer's state into another's verdict would show up here."""

from __future__ import annotations

import difflib
from collections.abc import Callable
from types import ModuleType

import pytest

import bot.nlp.vectors
import bot.nlp.words
import bot.services.drill_scoring
from bench.drill_calibration import SCORES_FILE, score_lines
from bot.content.loader import load_content
from bot.content.schema import Content


@pytest.fixture(scope="module")
def content() -> Content:
    return load_content()


def _pinned() -> list[str]:
    return SCORES_FILE.read_text(encoding="utf-8").splitlines()


def _differences(expected: list[str], actual: list[str]) -> str:
    diff = "\n".join(difflib.unified_diff(expected, actual, "pinned", "now", lineterm="", n=0))
    return (
        f"{diff}\n\nScores moved. If the scorer or the content changed them on purpose, rewrite"
        " the pinned file with `python -m bench.drill_calibration --write-scores` and review"
        " the diff; if the change was meant to be only faster, it is not."
    )


def test_scores_match_the_pinned_outcomes(content: Content) -> None:
    expected, actual = _pinned(), score_lines(content)
    assert actual == expected, _differences(expected, actual)


def _clear_caches(*modules: ModuleType) -> int:
    """Empty every functools cache of the modules' functions, except the loaded models
    (pymorphy3, navec): those hold no per-answer state and take a second to load."""
    kept = {"morph", "navec", "english_stemmer"}
    cleared = 0
    for module in modules:
        for name, value in vars(module).items():
            clear: Callable[[], None] | None = getattr(value, "cache_clear", None)
            if clear is not None and name not in kept:
                clear()
                cleared += 1
    return cleared


def test_cold_caches_and_another_order_give_the_same_outcomes(content: Content) -> None:
    score_lines(content)  # every cache warm
    assert _clear_caches(bot.services.drill_scoring, bot.nlp.words, bot.nlp.vectors) >= 5
    expected = _pinned()
    actual = score_lines(content, reverse=True)
    assert actual == expected, _differences(expected, actual)
