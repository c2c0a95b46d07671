"""Scoring a free-text answer to a client's objection against the rubric (content/drills).

Pure: text in, result out. Russian words are reduced to dictionary forms with pymorphy3
("понимаю", "понимаем" → "понимать"), English words to Snowball stems ("meetings" → "meet"),
and markers from the rubric go through the same normalisation, so the rubric is written once
in plain words and matches every form of them.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

import pymorphy3
import snowballstemmer

from bot.content.schema import (
    DrillStep,
    ModelAnswer,
    Objection,
    PenaltyKind,
    Rubric,
    Technique,
    Words,
)
from bot.domain.languages import Language

STEP_POINTS = 25  # four steps make 100
PENALTY_POINTS = 15
# "Понимаю вас, но…": a contrast word this many words after an agreement (or fewer) undoes it;
# further away it is usually a new thought ("Понимаю ваши сомнения — многие думали так же, но…").
BUT_WINDOW = 3
# A value argument names a gain (a value marker) or speaks about the client's own situation;
# one keyword alone is usually just the objection repeated back, two show it is tailored.
VALUE_KEYWORDS = 2
# How far back a negation cancels a marker: "без скидки", "instead of a discount", "не понимаю".
NEGATION_WINDOW = 3

_SENTENCE = re.compile(r"(?:[^.!?…\n]|\.(?=\d))+[.!?…]*")
_WORD = re.compile(r"[^\W_]+(?:[-'][^\W_]+)*")
_TIME = re.compile(
    r"\b(?:[01]?\d|2[0-3])[:.][0-5]\d\b|\b\d{1,2}\s?(?:am|pm)\b|\bв\s\d{1,2}\b|\bat\s\d{1,2}\b",
    re.IGNORECASE,
)
_CYRILLIC = re.compile(r"[а-яё]", re.IGNORECASE)
_LATIN = re.compile(r"[a-z]", re.IGNORECASE)
_CONTRACTIONS = (
    (re.compile(r"\bcan't\b"), "can not"),
    (re.compile(r"\bwon't\b"), "will not"),
    (re.compile(r"\blet's\b"), "let us"),
    (re.compile(r"\b(it|that|what|there|here|this)'s\b"), r"\1 is"),
    (re.compile(r"n't\b"), " not"),
    (re.compile(r"'re\b"), " are"),
    (re.compile(r"'m\b"), " am"),
    (re.compile(r"'ll\b"), " will"),
    (re.compile(r"'ve\b"), " have"),
    (re.compile(r"'d\b"), " would"),
    (re.compile(r"'s\b"), ""),
)

Phrase = tuple[str, ...]


@functools.cache
def _morph() -> pymorphy3.MorphAnalyzer:
    """Built on first use (about 0.1 s), then shared: the dictionaries are read-only."""
    return pymorphy3.MorphAnalyzer()


@functools.cache
def _stemmer() -> Any:
    return snowballstemmer.stemmer("english")


@functools.lru_cache(maxsize=65536)
def _lemma(word: str) -> str:
    # Unknown words stay as typed: pymorphy's guesses for them ("демо" → "дть") would make
    # unrelated words collide.
    if not _CYRILLIC.search(word) or not _morph().word_is_known(word):
        return word
    parsed = _morph().parse(word)
    return str(parsed[0].normal_form).replace("ё", "е") if parsed else word


@functools.lru_cache(maxsize=65536)
def _stem(word: str) -> str:
    if not _LATIN.search(word):
        return word
    return str(_stemmer().stemWord(word))


def detect_language(text: str, fallback: Language) -> Language:
    """The language an answer is written in: by its letters, not by the user's settings."""
    cyrillic = len(_CYRILLIC.findall(text))
    latin = len(_LATIN.findall(text))
    if cyrillic == latin == 0:
        return fallback
    return Language.RU if cyrillic >= latin else Language.EN


@dataclass(frozen=True, slots=True)
class Sentence:
    words: Phrase  # normalised
    question: bool
    has_time: bool


def _prepare(text: str, language: Language) -> str:
    text = text.lower().replace("’", "'").replace("ё", "е")
    if language == Language.EN:
        for pattern, replacement in _CONTRACTIONS:
            text = pattern.sub(replacement, text)
    return text


def _normalise_words(text: str, language: Language) -> Phrase:
    normalise = _lemma if language == Language.RU else _stem
    return tuple(normalise(word) for word in _WORD.findall(text))


def split_sentences(text: str, language: Language) -> list[Sentence]:
    sentences = []
    for match in _SENTENCE.finditer(_prepare(text, language)):
        chunk = match.group()
        words = _normalise_words(chunk, language)
        if words:
            sentences.append(Sentence(words, "?" in chunk, bool(_TIME.search(chunk))))
    return sentences


@functools.lru_cache(maxsize=8192)
def _phrase(text: str, language: Language) -> Phrase:
    return _normalise_words(_prepare(text, language), language)


def _phrases(words: Words, language: Language) -> list[Phrase]:
    return [p for p in (_phrase(w, language) for w in words.get(language)) if p]


def _spans(words: Phrase, phrases: Iterable[Phrase]) -> list[tuple[int, int]]:
    """(start, end) of every occurrence of every phrase in the word sequence."""
    found = []
    for phrase in phrases:
        size = len(phrase)
        for start in range(len(words) - size + 1):
            if words[start : start + size] == phrase:
                found.append((start, start + size))
    return found


def _has(words: Phrase, phrases: Iterable[Phrase]) -> bool:
    return bool(_spans(words, phrases))


def _starts_with(words: Phrase, phrases: Iterable[Phrase]) -> bool:
    return any(words[: len(p)] == p for p in phrases)


@dataclass(frozen=True, slots=True)
class DrillResult:
    """What the answer did, in the order of the rubric's steps."""

    language: Language
    present: tuple[DrillStep, ...]
    missing: tuple[DrillStep, ...]
    penalties: tuple[PenaltyKind, ...]
    keywords_found: int
    score: int = field(default=0)

    def complete_for(self, requires: Sequence[DrillStep]) -> bool:
        return not self.penalties and all(step in self.present for step in requires)

    @property
    def complete(self) -> bool:
        return self.complete_for(list(DrillStep))

    def to_dict(self) -> dict[str, Any]:
        return {
            "language": self.language.value,
            "present": [s.value for s in self.present],
            "missing": [s.value for s in self.missing],
            "penalties": [p.value for p in self.penalties],
            "keywords_found": self.keywords_found,
            "score": self.score,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> DrillResult:
        return cls(
            language=Language(data["language"]),
            present=tuple(DrillStep(s) for s in data["present"]),
            missing=tuple(DrillStep(s) for s in data["missing"]),
            penalties=tuple(PenaltyKind(p) for p in data["penalties"]),
            keywords_found=int(data["keywords_found"]),
            score=int(data["score"]),
        )


def _unnegated(
    words: Phrase, phrases: Iterable[Phrase], rubric: Rubric, language: Language
) -> bool:
    """A marker not cancelled by a negation just before it."""
    negations = {p[0] for p in _phrases(rubric.negations, language)}
    for start, _ in _spans(words, phrases):
        if not negations.intersection(words[max(0, start - NEGATION_WINDOW) : start]):
            return True
    return False


def _is_next_step(sentence: Sentence, rubric: Rubric, language: Language) -> bool:
    rule = rubric.steps.next_step
    kinds = (
        _has(sentence.words, _phrases(rule.markers, language)),
        sentence.has_time or _has(sentence.words, _phrases(rule.when, language)),
        _has(sentence.words, _phrases(rule.proposal, language)),
    )
    return sum(kinds) >= 2


def _is_question(sentence: Sentence, rubric: Rubric, language: Language) -> bool:
    """A clarifying question: it asks, and it is not a proposal phrased as a question
    ("Давайте созвонимся в четверг?" is a next step)."""
    asks = sentence.question or _starts_with(
        sentence.words, _phrases(rubric.steps.clarify.markers, language)
    )
    return asks and not _is_next_step(sentence, rubric, language)


def _discounts(sentences: Sequence[Sentence], rubric: Rubric, language: Language) -> bool:
    markers = _phrases(rubric.penalties.instant_discount.markers, language)
    return any(_unnegated(s.words, markers, rubric, language) for s in sentences)


def _but_after_agreeing(sentences: Sequence[Sentence], rubric: Rubric, language: Language) -> bool:
    rule = rubric.penalties.but_after_agreeing
    # One flat sequence: "Понимаю. Но…" is the same move as "Понимаю, но…".
    words = tuple(word for sentence in sentences for word in sentence.words)
    contrasts = [start for start, _ in _spans(words, _phrases(rule.contrast, language))]
    agreements = [end for _, end in _spans(words, _phrases(rule.agreement, language))]
    return any(0 <= c - end <= BUT_WINDOW for c in contrasts for end in agreements)


def score_answer(
    text: str, objection: Objection, rubric: Rubric, fallback: Language = Language.RU
) -> DrillResult:
    language = detect_language(text, fallback)
    sentences = split_sentences(text, language)
    all_words = tuple(word for sentence in sentences for word in sentence.words)
    steps = rubric.steps

    keywords = {p for p in _phrases(objection.keywords, language) if _has(all_words, [p])}
    found = {
        DrillStep.ACKNOWLEDGE: any(
            _unnegated(s.words, _phrases(steps.acknowledge.markers, language), rubric, language)
            for s in sentences
        ),
        DrillStep.CLARIFY: any(_is_question(s, rubric, language) for s in sentences),
        DrillStep.VALUE: _has(all_words, _phrases(steps.value.markers, language))
        or len(keywords) >= VALUE_KEYWORDS,
        DrillStep.NEXT_STEP: any(_is_next_step(s, rubric, language) for s in sentences),
    }
    penalties = []
    if _has(all_words, _phrases(rubric.penalties.arguing.markers, language)):
        penalties.append(PenaltyKind.ARGUING)
    if _discounts(sentences, rubric, language):
        penalties.append(PenaltyKind.INSTANT_DISCOUNT)
    if _but_after_agreeing(sentences, rubric, language):
        penalties.append(PenaltyKind.BUT_AFTER_AGREEING)

    present = tuple(step for step in DrillStep if found[step])
    missing = tuple(step for step in DrillStep if not found[step])
    score = STEP_POINTS * len(present) - PENALTY_POINTS * len(penalties)
    return DrillResult(
        language=language,
        present=present,
        missing=missing,
        penalties=tuple(penalties),
        keywords_found=len(keywords),
        score=max(0, min(100, score)),
    )


@dataclass(frozen=True, slots=True)
class Improvement:
    """One line to work on: the first missing step, else the first penalty."""

    step: DrillStep | None
    penalty: PenaltyKind | None
    hint: str


def improvement(result: DrillResult, rubric: Rubric, language: Language) -> Improvement | None:
    if result.missing:
        step = result.missing[0]
        return Improvement(step, None, rubric.step(step).hint.get(language))
    if result.penalties:
        kind = result.penalties[0]
        return Improvement(None, kind, rubric.penalty_hint(kind).get(language))
    return None


def choose_model_answer(
    objection: Objection, result: DrillResult, rubric: Rubric, rotation: int = 0
) -> ModelAnswer:
    """A model answer that shows the step the user missed first; ``rotation`` (how many
    times the user has answered this objection) cycles through the fitting ones."""
    answers = list(objection.answers)
    if result.missing:
        first = result.missing[0]
        fitting = [a for a in answers if first in rubric.techniques[a.technique].requires]
        answers = fitting or answers
    return answers[rotation % len(answers)]


def model_answer_result(
    answer: ModelAnswer, objection: Objection, rubric: Rubric, language: Language
) -> tuple[DrillResult, Sequence[DrillStep]]:
    """How a model answer scores, and what its technique requires (for `content check`)."""
    result = score_answer(answer.text.get(language), objection, rubric, language)
    return result, rubric.techniques[answer.technique].requires


__all__ = [
    "DrillResult",
    "Improvement",
    "Technique",
    "choose_model_answer",
    "detect_language",
    "improvement",
    "model_answer_result",
    "score_answer",
    "split_sentences",
]
