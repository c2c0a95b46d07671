"""Russian word vectors: navec (news, 250k words, 300 dimensions, quantised), shipped inside
natasha's PyPI wheel, so nothing is downloaded at run time. Loaded once, on first use
(about 0.5 s and ~50 MB); tests and the bot share the one instance.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from bot.nlp.words import lemma_ru

if TYPE_CHECKING:
    import numpy as np
    import numpy.typing as npt

    Vector = npt.NDArray[np.float32]

_NAVEC_FILE = "navec_news_v1_1B_250K_300d_100q.tar"


def navec_path() -> Path:
    import natasha  # the wheel carries the vectors under natasha/data/emb/

    return Path(natasha.__file__).resolve().parent / "data" / "emb" / _NAVEC_FILE


@functools.cache
def navec() -> Any:
    """The process-wide navec model; `navec().get(word)` is a vector or None."""
    from navec import Navec

    return Navec.load(str(navec_path()))


@functools.lru_cache(maxsize=65536)
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
    return vector  # type: ignore[no-any-return]


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
