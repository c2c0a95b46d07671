"""A good answer to whatever objection the bot just served, for tests whose subject is not the
scoring itself (faults, restarts, edited messages): a library model answer scores high, so
the drill moves on instead of refusing an off-topic line."""

from __future__ import annotations

from functools import cache

from bot.content.check import load_and_check
from bot.content.schema import Content


@cache
def _content() -> Content:
    return load_and_check()


def model_answer_for(drill_text: str, language: str = "ru") -> str:
    """The first model answer of the objection whose client line is in ``drill_text``."""
    for objection in _content().objections.values():
        client = objection.client.get(language)  # type: ignore[arg-type]
        if client and client in drill_text:
            return str(objection.answers[0].text.get(language))  # type: ignore[arg-type]
    raise AssertionError(f"no objection's client line in: {drill_text[:200]}")
