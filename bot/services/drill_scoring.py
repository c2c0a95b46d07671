"""Scoring a rep's free-text answer to a client's objection, the way a sales trainer reads it.

Pure: text in, result out; no database, no aiogram.

First the answer must be practice at all (:func:`refusal`): real words, in the drill's
language, not the objection pasted back, not a string of rubric keywords, not rude, about this
client. A refused answer gets a message and no score, and does not move the FSRS card.

Then each of the four steps earns up to 25 points from the sentences that do it:

- **acknowledge** — the answer opens by hearing the client (a natural opener: «Да, …»,
  «Конечно», «Справедливо», «Ок», «Понимаю», or empathy with the client's words). Later in
  the answer it is worth less; «Понимаю, но…» cancels it.
- **clarify** — a real question: it asks something (a question mark or a question word) about
  this client's situation. «Какие у вас задачи?» fits any client and earns little; a
  proposal phrased as a question is a next step.
- **value** — a sentence that addresses the objection's ``concern`` in the client's terms
  (its words are near the concern's and the client's in meaning: navec vectors over pymorphy3
  lemmas for Russian, Snowball stems for English) and has substance (a number, a comparison,
  a cause). What the objection's model answers argue with (the things they name) supports an
  argument as the client's situation does, so the same argument in other words counts; a
  model answer scored itself is compared with the other ones only. A sentence made mostly of
  boasts that fit any product earns little, whatever comparative or marker it carries,
  unless it has figures or two of the concern's own terms.
- **next step** — a concrete action (call, send, meet, show…) with a concrete time («наберу
  вас в четверг в 11»); an action without a time, or a vague one («на днях»), earns less.

Penalties: an unnegated discount (the clause «скидку не дадим» is not one), arguing, and
«но» straight after agreeing.
"""

from __future__ import annotations

import functools
import itertools
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from enum import StrEnum
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

from bot.content.schema import (
    DrillStep,
    ModelAnswer,
    Objection,
    PenaltyKind,
    Rubric,
    Technique,
)
from bot.domain.languages import Language
from bot.nlp.words import english_stemmer, is_known_ru, morph, stem_en
from bot.services import drill_cues as cues

if TYPE_CHECKING:
    from bot.nlp.vectors import Vector

STEP_POINTS = 25  # four steps make 100
PENALTY_POINTS = {
    PenaltyKind.ARGUING: 15,
    PenaltyKind.INSTANT_DISCOUNT: 15,
    PenaltyKind.BUT_AFTER_AGREEING: 10,
}
# A step with at least this many points is "done"; fewer is "weak"; none is "missing".
DONE_POINTS = 18
# The most an answer without a value argument can score (see _result).
NO_VALUE_CEILING = 60
# What the score lets the self-grade reach (see drill_schedule.max_rating).
HIGH_SCORE = 70
# Two content words mean the same thing for the value step at this cosine of their navec
# vectors (lemmas): «простой»~«сбой», «окупаемость»~«вложение».
SIMILAR = 0.5
# The first clause of the answer, in words, where an opener acknowledges.
OPENER_WINDOW = 4
# «Понимаю, но…»: a contrast this many words after the agreement or fewer cancels it.
BUT_WINDOW = 3
# Below this many words an answer is not a reply in a conversation.
MIN_WORDS = 3
# Keyword salad: this share of the words (or more) sit in fragments that are not sentences.
FRAGMENT_SHARE = 0.45
# Words unknown to the dictionary (and to the vectors): at this share the answer is not text.
UNKNOWN_SHARE = 0.3
# The objection copied back: this share of the answer's content words come from it.
COPIED_SHARE = 0.7
# Off-topic: fewer than this share of content words relate to the drill in meaning.
TOPIC_SHARE = 0.2
TOPIC_WORDS = 3

_SENTENCE = re.compile(r"(?:[^.!?…\n]|\.(?=\d))+[.!?…]*")
_CLAUSE = re.compile(r"[,;:—–()«»\"]|\s-\s")
_WORD = re.compile(r"[0-9A-Za-zА-Яа-яЁё]+(?:[-'’][0-9A-Za-zА-Яа-яЁё]+)*")
_CYRILLIC = re.compile(r"[а-яё]", re.IGNORECASE)
_LATIN = re.compile(r"[a-z]", re.IGNORECASE)
_FIGURE = re.compile(r"\d+(?:[.,]\d+)?")
_VOWEL_EN = re.compile(r"[aeiouy]")
_CONSONANT_RUN_EN = re.compile(r"[bcdfghjklmnpqrstvwxz]{5,}")
_CLOCK = re.compile(
    r"\b(?:[01]?\d|2[0-3])[:.][0-5]\d\b|\b\d{1,2}\s?(?:am|pm)\b|"
    r"\b(?:в|к|до|после|at|by)\s(?:[01]?\d|2[0-3])(?:[:.][0-5]\d)?\b|\b\d{1,2}-?(?:го|th|st|nd|rd)\b|"
    r"\b(?:через|за|in)\s\d+\s(?:минут|час|minute|hour)|прямо сейчас|right now|right away",
    re.IGNORECASE,
)
_CONTRACTIONS = (
    (re.compile(r"\bcan't\b"), "can not"),
    (re.compile(r"\bwon't\b"), "will not"),
    (re.compile(r"\blet's\b"), "let us"),
    (re.compile(r"\b(it|that|what|there|here|this|he|she)'s\b"), r"\1 is"),
    (re.compile(r"n't\b"), " not"),
    (re.compile(r"'re\b"), " are"),
    (re.compile(r"'m\b"), " am"),
    (re.compile(r"'ll\b"), " will"),
    (re.compile(r"'ve\b"), " have"),
    (re.compile(r"'d\b"), " would"),
    (re.compile(r"'s\b"), ""),
)
# Parts of speech that carry meaning (pymorphy3 tags).
_CONTENT_POS = frozenset(
    {"NOUN", "VERB", "INFN", "ADJF", "ADJS", "COMP", "PRTF", "PRTS", "GRND", "ADVB", "PRED"}
)
# Parts of speech that make a string of words a sentence rather than a list.
_VERB_POS = frozenset({"VERB", "INFN", "PRTS", "GRND", "PRED", "ADJS"})
_GLUE_POS = frozenset({"PREP", "CONJ", "PRCL", "NPRO"})
_MODIFIER_POS = frozenset({"ADJF", "NUMR", "ADVB", "PRTF", "COMP"})
# What an argument is about: things and their qualities (and numbers, Latin-letter terms).
_NAMING_POS = frozenset({"NOUN", "ADJF", "ADJS", "PRTF", "PRTS", "LATN", "NUMB"})


class RefusalKind(StrEnum):
    """Why an answer is not scored as practice."""

    EMPTY = "empty"  # no words at all: emoji, symbols
    TOO_SHORT = "too_short"
    NONSENSE = "nonsense"  # non-words: «asdf qwerty», «ывапролд»
    WRONG_LANGUAGE = "wrong_language"
    COPIED = "copied"  # the objection pasted back
    RUDE = "rude"
    SALAD = "salad"  # keywords strung together, or the same words repeated
    OFF_TOPIC = "off_topic"


class StepNote(StrEnum):
    """What a step's verdict rests on; the feedback turns it into a trainer's line."""

    DONE = "done"
    LATE = "late"  # acknowledged, but not at the start
    CANCELLED = "cancelled"  # «Понимаю, но…»
    GENERIC = "generic"  # a question or argument that fits any client
    THIN = "thin"  # on topic, but without substance
    VAGUE = "vague"  # next step without a concrete time or action
    MISSING = "missing"


@dataclass(frozen=True, slots=True)
class StepVerdict:
    step: DrillStep
    points: int
    note: StepNote
    quote: str | None = None  # the rep's own words that did it (or tried to)

    @property
    def done(self) -> bool:
        return self.points >= DONE_POINTS

    def to_dict(self) -> dict[str, Any]:
        return {
            "step": self.step.value,
            "points": self.points,
            "note": self.note.value,
            "quote": self.quote,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> StepVerdict:
        return cls(
            DrillStep(data["step"]), int(data["points"]), StepNote(data["note"]), data["quote"]
        )


@dataclass(frozen=True, slots=True)
class DrillResult:
    """The verdict on an answer (or on a whole two-turn exchange): per step, penalties, score.
    ``refusal`` set means it was not scored at all."""

    language: Language
    steps: tuple[StepVerdict, ...] = ()
    penalties: tuple[PenaltyKind, ...] = ()
    score: int = 0
    refusal: RefusalKind | None = None
    turns: int = 1
    penalty_quotes: tuple[str, ...] = field(default=())

    def verdict(self, step: DrillStep) -> StepVerdict:
        found = next((v for v in self.steps if v.step == step), None)
        return found or StepVerdict(step, 0, StepNote.MISSING)

    @property
    def present(self) -> tuple[DrillStep, ...]:
        return tuple(v.step for v in self.steps if v.done)

    @property
    def missing(self) -> tuple[DrillStep, ...]:
        return tuple(step for step in DrillStep if not self.verdict(step).done)

    def complete_for(self, requires: Sequence[DrillStep]) -> bool:
        return not self.penalties and all(self.verdict(step).done for step in requires)

    @property
    def complete(self) -> bool:
        return self.complete_for(list(DrillStep))

    def weakest(self) -> DrillStep | None:
        """The step the client reacts to in the second turn: fewest points, earlier in the
        rubric's order on a tie; None when every step is done."""
        weak = [v for v in (self.verdict(s) for s in DrillStep) if not v.done]
        return min(weak, key=lambda v: v.points).step if weak else None

    def to_dict(self) -> dict[str, Any]:
        return {
            "language": self.language.value,
            "score": self.score,
            "refusal": self.refusal.value if self.refusal else None,
            "turns": self.turns,
            "steps": [v.to_dict() for v in self.steps],
            "penalties": [p.value for p in self.penalties],
            "penalty_quotes": list(self.penalty_quotes),
            # Kept for readers of the old format (/team reports, exports).
            "present": [s.value for s in self.present],
            "missing": [s.value for s in self.missing],
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> DrillResult:
        language = Language(data["language"])
        penalties = tuple(PenaltyKind(p) for p in data.get("penalties", ()))
        if "steps" in data:
            steps = tuple(StepVerdict.from_dict(v) for v in data["steps"])
        else:  # stored by the keyword rubric before #14: a step was in or out
            present = {DrillStep(s) for s in data.get("present", ())}
            steps = tuple(
                StepVerdict(s, STEP_POINTS, StepNote.DONE)
                if s in present
                else StepVerdict(s, 0, StepNote.MISSING)
                for s in DrillStep
            )
        refusal = data.get("refusal")
        return cls(
            language=language,
            steps=steps,
            penalties=penalties,
            score=int(data.get("score", 0)),
            refusal=RefusalKind(refusal) if refusal else None,
            turns=int(data.get("turns", 1)),
            penalty_quotes=tuple(data.get("penalty_quotes", ())),
        )


# --- reading the text -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Word:
    text: str  # lower case, «е» for «ё»
    lemma: str  # Russian dictionary form, or English Snowball stem
    pos: str | None  # pymorphy3 part of speech (Russian only)
    known: bool
    content: bool  # carries meaning (not a pronoun, preposition, filler)
    grammemes: frozenset[str] = frozenset()  # pymorphy3 tags: tense, person, mood


@dataclass(frozen=True, slots=True)
class Sentence:
    index: int
    text: str  # as typed
    words: tuple[Word, ...]
    clauses: tuple[tuple[Word, ...], ...]
    question: bool
    # The words' lemmas, read by every step: built once with the sentence.
    lemmas: tuple[str, ...] = field(init=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "lemmas", tuple(w.lemma for w in self.words))


# Per-word caches are bounded by what they may hold, not by a day's words (a team uses a few
# thousand): a Russian word is ~0.6 KB here (its grammemes shared per tag, see _grammemes),
# so at most ~5 MB; an English one less.
@functools.lru_cache(maxsize=8192)
def _ru_word(text: str) -> Word:
    if not _CYRILLIC.search(text):
        # A brand or an English term in a Russian answer (CRM, Excel): meaningful, known.
        return Word(text, text, "LATN" if _LATIN.search(text) else "NUMB", True, True)
    parsed = morph().parse(text)[0]
    lemma = str(parsed.normal_form).replace("ё", "е")
    pos = parsed.tag.POS
    known = bool(parsed.is_known)
    pronominal = "Apro" in parsed.tag or "Anum" in parsed.tag
    content = (
        pos in _CONTENT_POS
        and not pronominal
        and lemma not in cues.STOP_RU
        and (known or len(text) > 3)
    )
    return Word(text, lemma, str(pos) if pos else None, known, content, _grammemes(parsed.tag))


@functools.lru_cache(maxsize=8192)
def _grammemes(tag: Any) -> frozenset[str]:
    """A pymorphy3 tag's grammemes, one frozenset per tag (its dictionary has ~5,500 tags)
    rather than one per word: a frozenset is ~0.5 KB, half of a cached word."""
    return frozenset(str(g) for g in tag.grammemes)


@functools.lru_cache(maxsize=8192)
def _en_word(text: str) -> Word:
    stem = stem_en(text) if _LATIN.search(text) else text
    known = not _CYRILLIC.search(text) and not _gibberish_en(text)
    content = stem not in cues.STOP_EN and text not in cues.STOP_EN and not text.isdigit()
    return Word(text, stem, None, known, content)


def _gibberish_en(text: str) -> bool:
    if text.isdigit():
        return False
    if any(run in text for run in cues.KEYBOARD_RUNS):
        return True
    if len(text) >= 4 and not _VOWEL_EN.search(text):
        return True
    return bool(_CONSONANT_RUN_EN.search(text))


def _prepare(text: str, language: Language) -> str:
    text = text.lower().replace("’", "'").replace("ё", "е")
    if language == Language.EN:
        for pattern, replacement in _CONTRACTIONS:
            text = pattern.sub(replacement, text)
    return text


def _words(text: str, language: Language) -> tuple[Word, ...]:
    make = _ru_word if language == Language.RU else _en_word
    return tuple(make(match.group()) for match in _WORD.finditer(text))


def detect_language(text: str, fallback: Language) -> Language:
    """The language an answer is written in: by its words' letters, not the user's settings.
    A brand in Latin letters inside a Russian answer does not make it English."""
    words = _WORD.findall(text)
    cyrillic = sum(1 for w in words if _CYRILLIC.search(w))
    latin = sum(1 for w in words if _LATIN.search(w) and not _CYRILLIC.search(w))
    if cyrillic == latin == 0:
        return fallback
    return Language.RU if cyrillic >= latin else Language.EN


def split_sentences(text: str, language: Language) -> list[Sentence]:
    sentences: list[Sentence] = []
    for match in _SENTENCE.finditer(text):
        chunk = match.group().strip()
        prepared = _prepare(chunk, language)
        words = _words(prepared, language)
        if not words:
            continue
        clauses = tuple(c for c in (_words(p, language) for p in _CLAUSE.split(prepared)) if c)
        sentences.append(Sentence(len(sentences), chunk, words, clauses, "?" in chunk))
    return sentences


@functools.lru_cache(maxsize=4096)
def _phrase(text: str, language: Language) -> tuple[str, ...]:
    return tuple(w.lemma for w in _words(_prepare(text, language), language))


def _phrases(values: Iterable[str], language: Language) -> tuple[tuple[str, ...], ...]:
    """The lemmas of each cue phrase; the same list (a rubric's, a cue module's) is read for
    every answer, so the result is kept per list."""
    return _phrases_of(tuple(values), language)


@functools.lru_cache(maxsize=512)
def _phrases_of(values: tuple[str, ...], language: Language) -> tuple[tuple[str, ...], ...]:
    return tuple(p for p in (_phrase(v, language) for v in values) if p)


def _find(lemmas: Sequence[str], phrases: tuple[tuple[str, ...], ...]) -> list[tuple[int, int]]:
    """(start, end) of every occurrence of every phrase, in order."""
    index = _by_first_word(phrases)
    found = []
    for start, lemma in enumerate(lemmas):
        for phrase in index.get(lemma, ()):
            end = start + len(phrase)
            if tuple(lemmas[start:end]) == phrase:
                found.append((start, end))
    return found


@functools.lru_cache(maxsize=256)
def _by_first_word(phrases: tuple[tuple[str, ...], ...]) -> dict[str, list[tuple[str, ...]]]:
    index: dict[str, list[tuple[str, ...]]] = {}
    for phrase in phrases:
        index.setdefault(phrase[0], []).append(phrase)
    return index


def _negated(clause: Sequence[Word], start: int, negations: frozenset[str]) -> bool:
    """A negation anywhere in the marker's clause governs it: «не дадим скидку», «скидку
    не дадим», «без скидки» — but «скидку дадим, не сомневайтесь» has it in another clause."""
    return any(w.lemma in negations or w.text in negations for w in clause)


# --- what the drill is about ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Topic:
    """The words an answer to this objection should relate to: its concern and the client's
    words (for the value step), and its context and keywords (for relevance at all)."""

    concern: frozenset[str]  # lemmas of concern + client's words
    wide: frozenset[str]  # plus the context and keywords
    client: frozenset[str]  # the client's words alone (copy detection)
    concern_vectors: Any  # matrix of unit vectors (Russian), or None
    wide_vectors: Any
    client_figures: frozenset[str] = frozenset()  # numbers the client said: «30%», «3 месяца»
    # The situation and what the objection's model answers argue with (see _arguments).
    support: frozenset[str] = frozenset()
    support_vectors: tuple[Any, ...] = ()


def _content_lemmas(text: str, language: Language) -> list[str]:
    return [w.lemma for w in _words(_prepare(text, language), language) if w.content]


@functools.lru_cache(maxsize=1024)
def _topic(
    concern: str,
    client: str,
    context: str,
    keywords: str,
    answers: tuple[str, ...],
    language: Language,
) -> Topic:
    base = _situation(concern, client, context, keywords, language)
    arguments = [_arguments(answer, language) for answer in answers]
    # The matrices are shared, not stacked: the same objection without one of its model
    # answers (see _without_itself) costs a tuple, not another copy of its vectors.
    return replace(
        base,
        support=base.wide.union(*(lemmas for lemmas, _ in arguments)),
        support_vectors=(
            base.wide_vectors,
            *(vectors for _, vectors in arguments if vectors is not None),
        ),
    )


@functools.lru_cache(maxsize=1024)
def _situation(concern: str, client: str, context: str, keywords: str, language: Language) -> Topic:
    concern_lemmas = _content_lemmas(f"{concern} {client}", language)
    wide_lemmas = concern_lemmas + _content_lemmas(f"{context} {keywords}", language)
    russian = language == Language.RU
    return Topic(
        concern=frozenset(concern_lemmas),
        wide=frozenset(wide_lemmas),
        client=frozenset(_content_lemmas(client, language)),
        client_figures=frozenset(_FIGURE.findall(client)),
        concern_vectors=_matrix(concern_lemmas) if russian else None,
        wide_vectors=_matrix(wide_lemmas) if russian else None,
    )


@functools.lru_cache(maxsize=4096)
def _arguments(answer: str, language: Language) -> tuple[frozenset[str], Any]:
    """The content words of a model answer's arguments (and their vectors in Russian): a
    trainer's answers show what addressing this concern looks like in words a rep may use
    too («штраф за срыв сроков» for «если опоздаем — платим вам»). The opening (it
    acknowledges) and boasts are left out, and so are actions: they are not the argument. In
    Russian only the things named (nouns, adjectives, participles) are kept: the verbs of an
    explanation («видеть», «стоить», «входить») fit any answer."""
    puffery = cues.PUFFERY_RU if language == Language.RU else cues.PUFFERY_EN
    actions = _action_lemmas(language)
    lemmas = [
        w.lemma
        for sentence in split_sentences(answer, language)[1:]
        for w in sentence.words
        if w.content
        and w.lemma not in puffery
        and w.lemma not in actions
        and (language == Language.EN or w.pos in _NAMING_POS)
    ]
    vectors = _matrix(lemmas) if language == Language.RU else None
    return frozenset(lemmas), vectors


TopicKey = tuple[str, str, str, str, tuple[str, ...], Language]
_LANGUAGE_INDEX = {language: index for index, language in enumerate(Language)}


def _topic_key(objection: Objection, language: Language) -> TopicKey:
    """What an objection's topic is built from: its concern, the client's words, the context,
    the keywords and the model answers, in one language."""
    concern = objection.concern.get(language) if objection.concern else ""
    return (
        concern,
        objection.client.get(language),
        objection.context.get(language),
        " ".join(objection.keywords.get(language)),
        tuple(answer.text.get(language) for answer in objection.answers),
        language,
    )


def topic_for(objection: Objection, language: Language) -> Topic:
    return _topic(*_topic_key(objection, language))


# A unit vector is 1.2 KB (1.4 KB with its entry): the cache holds at most ~11 MB, more lemmas
# than a team's answers use in a day; one evicted is read again in ~10 µs.
@functools.lru_cache(maxsize=8192)
def _lemma_vector(lemma: str) -> Vector | None:
    import numpy as np

    from bot.nlp.vectors import find_vector

    vector = find_vector(lemma)
    if vector is None:
        return None
    norm = float(np.linalg.norm(vector))
    return None if norm == 0.0 else (vector / norm).astype(np.float32)


def _matrix(lemmas: Iterable[str]) -> Any:
    import numpy as np

    vectors = [
        v for v in (_lemma_vector(lemma) for lemma in dict.fromkeys(lemmas)) if v is not None
    ]
    return np.stack(vectors) if vectors else None


def _related(words: Sequence[Word], lemmas: frozenset[str], vectors: Any) -> list[Word]:
    """The content words that mean something close to the topic's: the same lemma, or (for
    Russian) a navec vector within :data:`SIMILAR` of a row of ``vectors`` (a matrix, or a
    tuple of matrices read as one)."""
    content = [w for w in words if w.content]
    related = [w for w in content if w.lemma in lemmas]
    # Days and hours are near each other in any text: they relate only as the same word.
    rest = [w for w in content if w.lemma not in lemmas and w.lemma not in cues.TIME_WORDS]
    if rest and vectors is not None:
        import numpy as np

        found = [(w, v) for w in rest if (v := _lemma_vector(w.lemma)) is not None]
        matrices = [
            m for m in (vectors if isinstance(vectors, tuple) else (vectors,)) if m is not None
        ]
        if found and matrices:
            words_matrix = np.stack([v for _, v in found])
            best = np.max([(words_matrix @ m.T).max(axis=1) for m in matrices], axis=0)
            related.extend(w for (w, _), score in zip(found, best, strict=True) if score >= SIMILAR)
    return related


# --- refusals ----------------------------------------------------------------------------------


def refusal(
    text: str,
    sentences: Sequence[Sentence],
    language: Language,
    drill_language: Language,
    topic: Topic,
) -> RefusalKind | None:
    words = [w for s in sentences for w in s.words]
    if not words:
        return RefusalKind.EMPTY
    lettered = [w for w in words if not w.text.isdigit()]
    unknown = [w for w in lettered if not w.known and _unknown(w, language)]
    if lettered and len(unknown) / len(lettered) >= UNKNOWN_SHARE:
        return RefusalKind.NONSENSE
    if language != drill_language:
        return RefusalKind.WRONG_LANGUAGE
    if _rude(sentences, language):
        return RefusalKind.RUDE
    content = [w.lemma for w in words if w.content]
    if content and topic.client:
        copied = sum(1 for lemma in content if lemma in topic.client)
        if copied / len(content) >= COPIED_SHARE and copied >= min(3, len(topic.client)):
            return RefusalKind.COPIED
    if len(lettered) < MIN_WORDS:
        return RefusalKind.TOO_SHORT
    fragments = _fragment_share(sentences, language)
    if (
        _repeats(words)
        or fragments >= FRAGMENT_SHARE
        or (unknown and fragments >= FRAGMENT_SHARE / 2)
    ):
        return RefusalKind.SALAD
    if content and not _about_the_drill(words, topic, language):
        return RefusalKind.OFF_TOPIC
    return None


def _unknown(word: Word, language: Language) -> bool:
    if language == Language.EN:
        return True
    if word.pos == "LATN":
        return _gibberish_en(word.text)
    # Unknown to pymorphy3 and to navec: a typo of a long word still has a vector more often
    # than not; «ывапролд» has none. «Онлайн-курс»: each part is a word.
    if any(r in word.text for r in cues.KEYBOARD_RUNS):
        return True
    parts = word.text.split("-")
    return all(_lemma_vector(part) is None and not is_known_ru(part) for part in parts)


def _rude(sentences: Sequence[Sentence], language: Language) -> bool:
    lexicon = cues.RUDE_RU if language == Language.RU else cues.RUDE_EN
    phrases = _phrases(
        cues.RUDE_PHRASES_RU if language == Language.RU else cues.RUDE_PHRASES_EN, language
    )
    for sentence in sentences:
        if any(w.lemma in lexicon or w.text in lexicon for w in sentence.words):
            return True
        # Russian word order is free («руки у вас кривые»); English phrases are fixed.
        gap = 2 if language == Language.RU else 0
        if any(_loose(sentence.lemmas, phrase, gap) for phrase in phrases):
            return True
    return False


def _loose(lemmas: Sequence[str], phrase: tuple[str, ...], gap: int = 2) -> bool:
    """The phrase's words in order with at most ``gap`` words between neighbours: «руки у вас
    кривые» matches «рука кривой»."""
    for start, lemma in enumerate(lemmas):
        if lemma != phrase[0]:
            continue
        at, ok = start, True
        for part in phrase[1:]:
            window = lemmas[at + 1 : at + 2 + gap]
            if part not in window:
                ok = False
                break
            at = at + 1 + list(window).index(part)
        if ok:
            return True
    return False


def _repeats(words: Sequence[Word]) -> bool:
    """The same content word twice in a row, or three times in a short answer: «выгода
    выгода», «понимаю, понимаю, понимаю»."""
    if any(
        a.lemma == b.lemma and (a.content or a.pos in _VERB_POS)
        for a, b in itertools.pairwise(words)
    ):
        return True
    lemmas = [w.lemma for w in words if w.content or w.pos in _VERB_POS]
    if len(words) <= 25:
        counts: dict[str, int] = {}
        for lemma in lemmas:
            counts[lemma] = counts.get(lemma, 0) + 1
        return any(n >= 3 for n in counts.values())
    return False


def _is_fragment(sentence: Sentence, language: Language) -> bool:
    """Not a sentence: one or two words, or a list of nouns with nothing to tie them."""
    words = sentence.words
    if len(words) <= 2:
        return True
    if language == Language.EN:
        return not any(w.text in cues.FUNCTION_EN or w.lemma in cues.FUNCTION_EN for w in words)
    kinds = {w.pos for w in words}
    if kinds & _VERB_POS or kinds & _GLUE_POS:
        return False
    return not (kinds & _MODIFIER_POS)


def _fragment_share(sentences: Sequence[Sentence], language: Language) -> float:
    total = sum(len(s.words) for s in sentences)
    fragments = sum(len(s.words) for s in sentences if _is_fragment(s, language))
    return fragments / total if total else 1.0


def _about_the_drill(words: Sequence[Word], topic: Topic, language: Language) -> bool:
    content = [w for w in words if w.content]
    if any(w.lemma in _action_lemmas(language) and not _past(w) for w in content):
        return True  # proposing a call or a meeting is about the deal
    related = _related(content, topic.wide, topic.wide_vectors)
    return len(related) >= TOPIC_WORDS or len(related) / len(content) >= TOPIC_SHARE


# --- the four steps ------------------------------------------------------------------------


@functools.cache
def _action_lemmas(language: Language) -> frozenset[str]:
    if language == Language.RU:
        return cues.ACTIONS_RU
    return frozenset(p[0] for p in _phrases(cues.ACTIONS_EN, language) if len(p) == 1)


def _acknowledge(
    sentences: Sequence[Sentence], rubric: Rubric, language: Language, topic: Topic
) -> tuple[StepVerdict, bool]:
    """The verdict, and whether a «но» right after the agreement cancelled it."""
    openers = _phrases(
        [*(cues.ACK_OPENERS_RU if language == Language.RU else cues.ACK_OPENERS_EN)], language
    )
    markers = _phrases(rubric.steps.acknowledge.markers.get(language), language)
    negations = _negations(rubric, language)
    contrast = set(cues.CONTRAST_RU if language == Language.RU else cues.CONTRAST_EN)
    flat = [w for s in sentences for w in s.words]
    lemmas = [w.lemma for w in flat]
    first = sentences[0]
    # The opening: the first clause, a few words into it.
    window = min(len(first.clauses[0]) + 2, OPENER_WINDOW + 2) if first.clauses else OPENER_WINDOW
    for start, end in _find(lemmas, (*openers, *markers)):
        if start >= window:
            break
        if any(w.lemma in negations for w in flat[max(0, start - 2) : start]):
            continue
        if any(w.lemma in contrast for w in flat[end : end + BUT_WINDOW]):
            return StepVerdict(DrillStep.ACKNOWLEDGE, 8, StepNote.CANCELLED, first.text), True
        return StepVerdict(DrillStep.ACKNOWLEDGE, STEP_POINTS, StepNote.DONE, first.text), False
    # Empathy in the client's own words: the first sentence echoes what they said.
    if not first.question and len(_related(first.words, topic.concern, topic.concern_vectors)) >= 2:
        return StepVerdict(DrillStep.ACKNOWLEDGE, 20, StepNote.DONE, first.text), False
    for sentence in sentences[1:]:
        for start, _ in _find(sentence.lemmas, markers):
            if not any(w.lemma in negations for w in sentence.words[max(0, start - 2) : start]):
                return StepVerdict(DrillStep.ACKNOWLEDGE, 10, StepNote.LATE, sentence.text), False
    return StepVerdict(DrillStep.ACKNOWLEDGE, 0, StepNote.MISSING), False


def _negations(rubric: Rubric, language: Language) -> frozenset[str]:
    return frozenset(p[0] for p in _phrases(rubric.negations.get(language), language))


def _is_question(sentence: Sentence, language: Language) -> bool:
    if sentence.question:
        return True
    starts = _phrases(
        cues.QUESTION_STARTS_RU if language == Language.RU else cues.QUESTION_STARTS_EN, language
    )
    lemmas = sentence.lemmas
    return any(lemmas[: len(p)] == p for p in starts if p != ("а",)) and (
        language == Language.EN or "ли" in lemmas or len(lemmas) <= 12
    )


def _starts_asking(sentence: Sentence, language: Language) -> bool:
    starts = _phrases(
        cues.QUESTION_STARTS_RU if language == Language.RU else cues.QUESTION_STARTS_EN, language
    )
    lemmas = sentence.lemmas
    extra = ("можно", "may") if language == Language.RU else ("may",)
    return any(lemmas[: len(p)] == p for p in starts) or bool(lemmas and lemmas[0] in extra)


def _time(sentence: Sentence, language: Language) -> str | None:
    """'concrete', 'vague' or None: does the sentence name when?"""
    days = cues.WEEKDAYS_RU if language == Language.RU else cues.WEEKDAYS_EN
    vague = cues.VAGUE_TIME_RU if language == Language.RU else cues.VAGUE_TIME_EN
    if _CLOCK.search(sentence.text) or any(
        w.lemma in days or w.text in days for w in sentence.words
    ):
        return "concrete"
    if any(w.lemma in vague or w.text in vague for w in sentence.words):
        return "vague"
    return None


# English words after which an action is a promise: «I'll send», «let us meet», «can we talk».
_EN_PROMISERS = frozenset({"i", "we", "us", "will", "can", "could", "shall", "to", "me"})


_ASKING = frozenset({"подсказать", "сказать", "рассказать", "уточнить", "поделиться"})


def _promise(clause: Sequence[Word], index: int, language: Language) -> bool:
    """Is the word at ``index`` something the rep commits to? «Наберу», «давайте созвонимся»,
    «встреча» — not «набрали» (a report) or «приезжает» (a description)."""
    word = clause[index]
    if language == Language.EN:
        before = {w.text for w in clause[:index]}
        return word.lemma in cues.ACTION_NOUNS_EN or bool(before & _EN_PROMISERS)
    if word.pos in ("NOUN", "INFN"):
        return True
    if word.pos == "VERB":
        if word.lemma in _ASKING:
            return False  # «подскажите» asks the client, it promises nothing
        grammemes = word.grammemes
        return ("1per" in grammemes and "past" not in grammemes) or "impr" in grammemes
    return False


def _action(sentence: Sentence, rubric: Rubric, language: Language) -> bool:
    actions = _action_lemmas(language)
    phrases = _phrases(
        [
            *(cues.ACTIONS_EN if language == Language.EN else ()),
            *rubric.steps.next_step.markers.get(language),
        ],
        language,
    )
    negations = _negations(rubric, language)
    for clause in sentence.clauses:
        lemmas = [w.lemma for w in clause]
        starts = {i for i, w in enumerate(clause) if w.lemma in actions}
        starts.update(start for start, _ in _find(lemmas, phrases))
        hit = any(_promise(clause, i, language) for i in starts)
        if hit and not _negated(clause, 0, negations):
            return True
    return False


def _commits(sentence: Sentence, language: Language) -> bool:
    """Any verb the rep commits to in the first person: «в понедельник соберём цифры»."""
    for clause in sentence.clauses:
        for index, word in enumerate(clause):
            if language == Language.RU and word.pos == "VERB" and _promise(clause, index, language):
                return True
            if language == Language.EN and word.content and _promise(clause, index, language):
                return True
    return False


def _past(word: Word) -> bool:
    """«Набрали две корзины» reports; «наберу вас» promises."""
    return word.pos == "VERB" and "past" in word.grammemes


def _next_step(
    sentences: Sequence[Sentence], rubric: Rubric, language: Language
) -> tuple[StepVerdict, set[int]]:
    """The best next step, and the sentences that propose one (they are not questions)."""
    proposal = _phrases(rubric.steps.next_step.proposal.get(language), language)
    best = StepVerdict(DrillStep.NEXT_STEP, 0, StepNote.MISSING)
    proposing: set[int] = set()
    for sentence in sentences:
        when = _time(sentence, language)
        acts = _action(sentence, rubric, language)
        proposes = bool(_find(sentence.lemmas, proposal))
        if when == "concrete" and (acts or (proposes and _commits(sentence, language))):
            points, note = STEP_POINTS, StepNote.DONE
        elif acts and (when == "vague" or proposes):
            points, note = 12, StepNote.VAGUE
        elif acts:
            points, note = 10, StepNote.VAGUE
        elif when == "concrete" and (proposes or _commits(sentence, language)):
            points, note = 12, StepNote.VAGUE
        else:
            continue
        # «Подскажите, что поможет: показать договор юристу или приехать вечером?» asks;
        # «Давайте созвонимся в четверг?» proposes.
        if sentence.question:
            asks = _starts_asking(sentence, language)
            if when == "concrete" and (proposes or (acts and not asks)):
                proposing.add(sentence.index)
        elif acts and when:
            proposing.add(sentence.index)
        if points > best.points:
            best = StepVerdict(DrillStep.NEXT_STEP, points, note, sentence.text)
    return best, proposing


def _clarify(
    sentences: Sequence[Sentence], language: Language, topic: Topic, proposing: set[int]
) -> StepVerdict:
    generic = cues.GENERIC_QUESTION_RU if language == Language.RU else cues.GENERIC_QUESTION_EN
    best = StepVerdict(DrillStep.CLARIFY, 0, StepNote.MISSING)
    for sentence in sentences:
        if sentence.index in proposing or not _is_question(sentence, language):
            continue
        content = [w for w in sentence.words if w.content]
        specific = [w for w in content if w.lemma not in generic and w.text not in generic]
        if len(sentence.words) < 3 or not content:
            points, note = 0, StepNote.MISSING
        elif not specific:
            points, note = 8, StepNote.GENERIC
        elif _related(specific, topic.wide, topic.wide_vectors) or len(specific) >= 3:
            points, note = STEP_POINTS, StepNote.DONE
        else:
            points, note = 12, StepNote.GENERIC
        if points > best.points:
            best = StepVerdict(DrillStep.CLARIFY, points, note, sentence.text)
    return best


def _own_figures(sentence: Sentence, topic: Topic) -> bool:
    """Figures the rep brings: «30%» said back to a client who said «на 30% меньше» is
    hearing them, not an argument."""
    return bool(set(_FIGURE.findall(sentence.text)) - topic.client_figures)


def _substance(sentence: Sentence, rubric: Rubric, language: Language, topic: Topic) -> bool:
    causal = _phrases(cues.CAUSAL_RU if language == Language.RU else cues.CAUSAL_EN, language)
    value = _phrases(rubric.steps.value.markers.get(language), language)
    if _own_figures(sentence, topic) or _find(sentence.lemmas, causal):
        return True
    if language == Language.RU and any(
        w.pos == "COMP" or w.lemma in cues.COMPARATIVE_RU or w.pos == "NUMR" for w in sentence.words
    ):
        return True
    if language == Language.EN and any(w.text.endswith("er") and w.content for w in sentence.words):
        return True
    return bool(_find(sentence.lemmas, value))


def _value(
    sentences: Sequence[Sentence],
    rubric: Rubric,
    language: Language,
    topic: Topic,
    skip: set[int],
    proposing: set[int],
) -> StepVerdict:
    puffery = cues.PUFFERY_RU if language == Language.RU else cues.PUFFERY_EN
    best = StepVerdict(DrillStep.VALUE, 0, StepNote.MISSING)
    strong = 0
    for sentence in sentences:
        if sentence.index in skip or len(sentence.words) < 4:
            continue
        content = [w for w in sentence.words if w.content]
        if not content:
            continue
        # The concern and the client's words first; the client's situation (the context),
        # and what the model answers argue with, support an argument but do not replace
        # answering the worry.
        related = _related(content, topic.concern, topic.concern_vectors)
        situation = _related(content, topic.support, topic.support_vectors)
        if sentence.index in proposing and len(related) + len(situation) < 2:
            continue  # «Наберу вас в четверг в 11» is a next step; its «11» is no argument
        boasts = sum(1 for w in content if w.lemma in puffery)
        substance = _substance(sentence, rubric, language, topic)
        # Mostly boasts is a boast, whatever comparative or marker word it carries («Мы
        # надёжная компания с большим опытом»): only figures or the concern's own terms lift
        # it.
        if boasts * 2 >= len(content) and len(related) < 2 and not _own_figures(sentence, topic):
            points, note = 5, StepNote.GENERIC
        elif substance and (len(related) >= 2 or (related and len(situation) >= 3)):
            points, note = STEP_POINTS, StepNote.DONE
        elif substance and (related or len(situation) >= 2):
            points, note = 18, StepNote.DONE
        elif len(related) >= 2 or len(situation) >= 3:
            points, note = 14, StepNote.THIN
        elif substance:
            points, note = 8, StepNote.GENERIC
        else:
            continue
        if points >= 14:
            strong += 1
        if points > best.points:
            best = StepVerdict(DrillStep.VALUE, points, note, sentence.text)
    if strong >= 2 and best.points < STEP_POINTS:
        best = StepVerdict(DrillStep.VALUE, STEP_POINTS, StepNote.DONE, best.quote)
    return best


def _penalties(
    sentences: Sequence[Sentence], rubric: Rubric, language: Language
) -> list[tuple[PenaltyKind, str]]:
    negations = _negations(rubric, language)
    found: list[tuple[PenaltyKind, str]] = []
    arguing = _phrases(rubric.penalties.arguing.markers.get(language), language)
    discount = _phrases(rubric.penalties.instant_discount.markers.get(language), language)
    for sentence in sentences:
        if _find(sentence.lemmas, arguing):
            found.append((PenaltyKind.ARGUING, sentence.text))
            break
    for sentence in sentences:
        if any(
            _find([w.lemma for w in clause], discount) and not _negated(clause, 0, negations)
            for clause in sentence.clauses
        ):
            found.append((PenaltyKind.INSTANT_DISCOUNT, sentence.text))
            break
    return found


# --- the whole answer ----------------------------------------------------------------------


def score_answer(
    text: str,
    objection: Objection,
    rubric: Rubric,
    drill_language: Language = Language.RU,
) -> DrillResult:
    """One answer on its own: refused, or scored per step."""
    return _score_answer(text, _topic_keys(objection), rubric, drill_language)


def _topic_keys(objection: Objection) -> tuple[TopicKey, ...]:
    """The objection's topic key in every language, in :class:`Language` order: an answer is
    read with the topic of the language it is written in."""
    return tuple(_topic_key(objection, language) for language in Language)


def _without_itself(key: TopicKey, text: str) -> TopicKey:
    """A model answer is not its own reference: scored itself (`content check`, a team's
    draft, a trainer trying one with `drill score`), its arguments are compared with the
    concern and the other model answers only, or the check would pass by construction."""
    concern, client, context, keywords, answers, language = key
    typed = text.strip()
    if not any(answer.strip() == typed for answer in answers):
        return key
    others = tuple(answer for answer in answers if answer.strip() != typed)
    return (concern, client, context, keywords, others, language)


def _score_answer(
    text: str, topic_keys: tuple[TopicKey, ...], rubric: Rubric, drill_language: Language
) -> DrillResult:
    language = detect_language(text, drill_language)
    sentences = split_sentences(text, language)
    topic = _topic(*_without_itself(topic_keys[_LANGUAGE_INDEX[language]], text))
    refused = refusal(text, sentences, language, drill_language, topic)
    if refused is not None:
        return DrillResult(language, refusal=refused)
    return _scored(sentences, rubric, language, topic)


def _scored(
    sentences: Sequence[Sentence], rubric: Rubric, language: Language, topic: Topic
) -> DrillResult:
    acknowledge, cancelled = _acknowledge(sentences, rubric, language, topic)
    next_step, proposing = _next_step(sentences, rubric, language)
    clarify = _clarify(sentences, language, topic, proposing)
    # Questions ask rather than argue, except a need-payoff question («А если бы сбой
    # решался за 15 минут, что бы это дало?»): SPIN lets the client voice the value.
    payoff = _phrases(("если", "бы") if language == Language.RU else ("if", "would"), language)
    skip = {s.index for s in sentences if _is_question(s, language) and not _find(s.lemmas, payoff)}
    # A short opening sentence is the acknowledgement, not the argument.
    opening_acknowledges = acknowledge.points and acknowledge.note != StepNote.LATE
    if opening_acknowledges and len(sentences) > 1:
        skip.add(0)
    value = _value(sentences, rubric, language, topic, skip, proposing)
    if not value.done and 0 in skip:
        # The argument may be in the opening itself: «Да, час простоя дороже разницы».
        value = max(
            value,
            _value(sentences, rubric, language, topic, skip - {0}, proposing),
            key=lambda v: v.points,
        )
    penalties = _penalties(sentences, rubric, language)
    if cancelled:
        penalties.append((PenaltyKind.BUT_AFTER_AGREEING, sentences[0].text))
    steps = (acknowledge, clarify, value, next_step)
    return _result(language, steps, penalties, turns=1)


def _result(
    language: Language,
    steps: Sequence[StepVerdict],
    penalties: Sequence[tuple[PenaltyKind, str]],
    turns: int,
) -> DrillResult:
    kinds = tuple(dict.fromkeys(kind for kind, _ in penalties))
    quotes = tuple(quote for _, quote in penalties)
    score = sum(v.points for v in steps) - sum(PENALTY_POINTS[k] for k in kinds)
    if not any(v.step == DrillStep.VALUE and v.done for v in steps):
        # Without an argument about what worries this client the objection is still standing,
        # however polite the rest: not a good answer.
        score = min(score, NO_VALUE_CEILING)
    return DrillResult(
        language=language,
        steps=tuple(steps),
        penalties=kinds,
        score=max(0, min(100, score)),
        turns=turns,
        penalty_quotes=quotes,
    )


def combine(first: DrillResult, second: DrillResult) -> DrillResult:
    """The whole exchange: per step the better of the two turns, so a second answer that
    repairs what the first missed counts; penalties of either turn stay."""
    steps = []
    for step in DrillStep:
        a, b = first.verdict(step), second.verdict(step)
        # Acknowledging belongs to the opening; the second turn cannot move it there.
        if step == DrillStep.ACKNOWLEDGE:
            steps.append(a)
            continue
        steps.append(b if b.points > a.points else a)
    penalties = [
        *zip(first.penalties, first.penalty_quotes or [""] * len(first.penalties), strict=False),
        *zip(second.penalties, second.penalty_quotes or [""] * len(second.penalties), strict=False),
    ]
    return _result(first.language, steps, penalties, turns=2)


def prepare(
    objection: Objection | None = None,
    language: Language = Language.RU,
    rubric: Rubric | None = None,
) -> None:
    """Load what scoring an answer to ``objection`` needs: the dictionaries and vectors on the
    first drill of the process (about a second and ~130 MB, once), this objection's topic and,
    given the rubric, the feedback's example lines from its model answers. Called in a worker
    thread when the drill is served, so the rep's answer does not wait for it and the event
    loop never blocks on it."""
    from bot.nlp.vectors import navec

    navec()
    morph()
    english_stemmer()
    if objection is not None:
        topic_for(objection, language)
        if rubric is not None:
            _example_lines(objection, rubric, language)


def needs_follow_up(result: DrillResult) -> bool:
    """The client pushes back when any step was weak."""
    return result.refusal is None and result.weakest() is not None


# --- feedback helpers ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Improvement:
    """The first step to work on, with a line for this objection (from its model answers) or
    the rubric's general hint."""

    step: DrillStep | None
    penalty: PenaltyKind | None
    hint: str


def example_line(objection: Objection, rubric: Rubric, step: DrillStep, language: Language) -> str:
    """A line from this objection's model answers that does ``step``; the rubric's hint when
    none of them does it well."""
    return _example_lines(objection, rubric, language).get(step) or rubric.step(step).hint.get(
        language
    )


class _Same:
    """A rubric as a cache key by identity (a pydantic model with lists is not hashable).
    The cache entry holds the rubric, so its id cannot be reused while the entry lives."""

    __slots__ = ("rubric",)

    def __init__(self, rubric: Rubric) -> None:
        self.rubric = rubric

    def __hash__(self) -> int:
        return id(self.rubric)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, _Same) and other.rubric is self.rubric


def _example_lines(
    objection: Objection, rubric: Rubric, language: Language
) -> Mapping[DrillStep, str]:
    """Per step, the best line among the objection's model answers. Scoring them is most of
    the work of the feedback, and they are the same on every answer to this objection: kept
    per answer texts, topic and rubric (the same objection read from a team's own content
    with other words is another entry)."""
    texts = tuple(answer.text.get(language) for answer in objection.answers)
    return _example_lines_of(texts, _topic_keys(objection), _Same(rubric), language)


@functools.lru_cache(maxsize=1024)
def _example_lines_of(
    texts: tuple[str, ...], topic_keys: tuple[TopicKey, ...], rubric: _Same, language: Language
) -> Mapping[DrillStep, str]:
    lines: dict[DrillStep, str] = {}
    points: dict[DrillStep, int] = {}
    for text in texts:
        result = _score_answer(text, topic_keys, rubric.rubric, language)
        for verdict in result.steps:
            if verdict.quote and verdict.points > points.get(verdict.step, 0):
                points[verdict.step] = verdict.points
                lines[verdict.step] = verdict.quote
    return MappingProxyType(
        {step: line for step, line in lines.items() if points[step] >= DONE_POINTS}
    )


def improvement(
    result: DrillResult, rubric: Rubric, language: Language, objection: Objection | None = None
) -> Improvement | None:
    weakest = result.weakest()
    if weakest is not None:
        hint = (
            example_line(objection, rubric, weakest, language)
            if objection is not None
            else rubric.step(weakest).hint.get(language)
        )
        return Improvement(weakest, None, hint)
    if result.penalties:
        kind = result.penalties[0]
        return Improvement(None, kind, rubric.penalty_hint(kind).get(language))
    return None


def choose_model_answer(
    objection: Objection, result: DrillResult, rubric: Rubric, rotation: int = 0
) -> ModelAnswer:
    """A model answer that shows the step the user was weakest at; ``rotation`` (how many
    times the user has answered this objection) cycles through the fitting ones."""
    answers = list(objection.answers)
    weakest = result.weakest()
    if weakest is not None:
        fitting = [a for a in answers if weakest in rubric.techniques[a.technique].requires]
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
    "RefusalKind",
    "StepNote",
    "StepVerdict",
    "Technique",
    "choose_model_answer",
    "combine",
    "detect_language",
    "example_line",
    "improvement",
    "model_answer_result",
    "needs_follow_up",
    "prepare",
    "score_answer",
    "split_sentences",
]
