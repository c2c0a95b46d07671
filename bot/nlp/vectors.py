"""Russian word vectors: navec (news, 250k words, 300 dimensions, quantised), shipped inside
natasha's PyPI wheel, so nothing is downloaded at run time. Loaded once, on first use (about
0.2 s), and read in place by :class:`bot.nlp.navec_store.NavecStore`: about 7 MB resident
instead of navec's own 105 MB; tests and the bot share the one instance.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Protocol

from bot.nlp.loading import load_once
from bot.nlp.words import lemma_ru

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    Vector = npt.NDArray[np.float32]

log = logging.getLogger(__name__)


class WordVectors(Protocol):
    def get(self, word: str) -> Vector | None: ...


_NAVEC_FILE = "navec_news_v1_1B_250K_300d_100q.tar"


def navec_path() -> Path:
    """The vectors inside natasha's wheel (natasha/data/emb/), found without importing
    natasha: importing it loads pymorphy2, slovnet and yargy (3.5 MB) for a file name."""
    import importlib.util

    spec = importlib.util.find_spec("natasha")
    if spec is None or spec.origin is None:
        raise ModuleNotFoundError("natasha (its wheel carries the navec vectors)")
    return Path(spec.origin).resolve().parent / "data" / "emb" / _NAVEC_FILE


@load_once
def navec() -> WordVectors:
    """The process-wide navec vectors; `navec().get(word)` is a vector or None."""
    from bot.memory import return_free_heap

    vectors = load_vectors(navec_path())
    # Sorting the vocabulary used ~40 MB of scratch arrays, freed by now; glibc would keep
    # many of those pages for the process's lifetime.
    return_free_heap()
    return vectors


def load_vectors(path: Path) -> WordVectors:
    """The file read in place; should a future navec file not be in the format the store
    reads (then it refuses it rather than guess), navec's own loader, which gives the same
    vectors for ~100 MB more."""
    import tarfile

    from bot.nlp.navec_store import NavecFormatError, NavecStore

    try:
        return NavecStore(path)
    except (NavecFormatError, tarfile.ReadError) as error:
        log.warning("navec's file not read in place (%s): loading navec's model (~105 MB)", error)
        from navec import Navec

        model: WordVectors = Navec.load(str(path))
        return model


# A vector is 1.2 KB (1.5 KB with its entry): at most ~6 MB; one evicted is read again in
# ~10 µs.
@functools.lru_cache(maxsize=4096)
def word_vector(word: str) -> Vector | None:
    """Vector of a Russian word, tried as typed and then as its dictionary form."""
    return find_vector(word)


def find_vector(word: str) -> Vector | None:
    """:func:`word_vector` without its cache, for a caller that keeps its own (the drill
    scorer keeps unit vectors): the same 1.2 KB vector is not held twice."""
    model = navec()
    vector = model.get(word)
    if vector is None:
        lemma = lemma_ru(word)
        if lemma != word:
            vector = model.get(lemma)
    return vector


def mean_vector(words: Iterable[str]) -> Vector | None:
    """Average of the known words' vectors, unit length; None when no word is known."""
    import numpy as np

    found = [vector for word in words if (vector := word_vector(word)) is not None]
    if not found:
        return None
    mean = np.mean(np.stack(found), axis=0)
    norm = float(np.linalg.norm(mean))
    return None if norm == 0.0 else (mean / norm).astype(np.float32)


def cosine(first: Vector, second: Vector) -> float:
    import numpy as np

    denominator = float(np.linalg.norm(first) * np.linalg.norm(second))
    return 0.0 if denominator == 0.0 else float(np.dot(first, second) / denominator)
