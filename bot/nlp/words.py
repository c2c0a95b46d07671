"""Words and their dictionary forms: tokenising, Russian lemmas (pymorphy3), English stems."""

from __future__ import annotations

import functools
import re
from typing import Any

from bot.nlp.loading import load_once

_WORD = re.compile(r"[0-9A-Za-zА-Яа-яЁё]+(?:[-'’][0-9A-Za-zА-Яа-яЁё]+)*")
_CYRILLIC = re.compile(r"[А-Яа-яЁё]")


def tokens(text: str) -> list[str]:
    """Lower-cased words in order; punctuation, emoji and symbols are dropped."""
    return [match.group(0).lower().replace("ё", "е") for match in _WORD.finditer(text)]


@load_once
def morph() -> Any:
    """The process-wide pymorphy3 analyser (about 18 MB; loaded on first use)."""
    import pymorphy3

    from bot.memory import return_free_heap

    analyzer = pymorphy3.MorphAnalyzer()
    # Reading its JSON tables and growing its arrays left ~4 MB of freed heap behind.
    return_free_heap()
    return analyzer


# Bounded per-word caches: ~170 B an entry, at most ~3 MB each.
@functools.lru_cache(maxsize=16384)
def lemma_ru(word: str) -> str:
    """Dictionary form of a Russian word; unknown or non-Cyrillic words stay as typed."""
    if not _CYRILLIC.search(word) or not morph().word_is_known(word):
        return word
    return str(morph().parse(word)[0].normal_form).replace("ё", "е")


@functools.lru_cache(maxsize=16384)
def is_known_ru(word: str) -> bool:
    """True when pymorphy3's dictionary has the word (not a guess)."""
    return bool(morph().word_is_known(word))


@load_once
def english_stemmer() -> Any:
    """The process-wide Snowball English stemmer (loaded on first use).

    snowballstemmer's ``__init__`` imports all of its 30 languages (2.9 MB) to hand out one.
    Its English module is imported here alone, under the package's own name with the
    ``__init__`` skipped, so the stemmer is the very class ``stemmer("english")`` returns;
    a later ``import snowballstemmer`` still runs the real package. When PyStemmer is installed
    (the package would hand out its C stemmer) or the package is already imported, the
    package's own choice is used."""
    import importlib
    import importlib.util
    import sys
    import types

    package = "snowballstemmer"
    spec = importlib.util.find_spec(package)
    if package in sys.modules or importlib.util.find_spec("Stemmer") is not None or not spec:
        import snowballstemmer

        return snowballstemmer.stemmer("english")
    stand_in = types.ModuleType(package)
    stand_in.__path__ = list(spec.submodule_search_locations or [])
    sys.modules[package] = stand_in
    try:
        english = importlib.import_module(f"{package}.english_stemmer")
    finally:
        del sys.modules[package]  # the submodules stay; the real package can load later
    return english.EnglishStemmer()


@functools.lru_cache(maxsize=16384)
def stem_en(word: str) -> str:
    return str(english_stemmer().stemWord(word))
