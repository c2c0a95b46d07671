"""navec's vectors read in place (bot/nlp/navec_store.py) are navec's own vectors.

The drill scorer's pinned scores (tests/data/drill_scores.txt) depend on every word getting
exactly the vector navec gives it, and every word navec does not know getting none. Checked
against navec itself: over the whole vocabulary shipped in natasha's wheel, and over made-up
vocabularies written by navec's own writer (repeated words, long shared beginnings, words of
other alphabets), so the sort and the search are tested where the real vocabulary is thin.
"""

from __future__ import annotations

import gc
import gzip
import io
import logging
import tarfile
import tracemalloc
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.nlp.navec_store import NavecFormatError, NavecStore
from bot.nlp.vectors import load_vectors, navec_path

ABSENT = ("ывапролд", "", "Цена", "цена ", "a\nb", "\ud800", "ёж" * 40, "<UNK>", "\x00")


def _same(mine: Any, theirs: Any) -> bool:
    if mine is None or theirs is None:
        return mine is None and theirs is None
    return bool(
        mine.dtype == theirs.dtype and mine.shape == theirs.shape and np.array_equal(mine, theirs)
    )


@pytest.fixture(scope="module")
def wheel_navec() -> Any:
    from navec import Navec

    return Navec.load(str(navec_path()))


def test_every_word_of_the_wheel_gets_navecs_own_vector(wheel_navec: Any) -> None:
    store = NavecStore(navec_path())
    words = wheel_navec.vocab.words
    assert len(store) == len(words) == 250_002
    differ = [w for w in words if not _same(store.get(w), wheel_navec.get(w))]
    assert differ == []
    for word in ABSENT:
        assert wheel_navec.get(word) is None
        assert store.get(word) is None
    assert store.get("ывапролд", default=store.get("цена")) is not None  # navec's default


def test_the_store_keeps_no_python_object_per_word() -> None:
    """navec's own model held ~100 MB in Python objects; the store's arrays are ~6.5 MB."""
    NavecStore(navec_path())  # modules imported and warmed before measuring
    gc.collect()
    tracemalloc.start()
    try:
        store = NavecStore(navec_path())
        gc.collect()
        held, _ = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert store.get("цена") is not None
    assert held < 10 * 2**20, f"{held / 2**20:.1f} MB"


def _write_navec(path: Path, words: list[str], seed: int = 1) -> None:
    """A small navec model written by navec itself: 4 sub-spaces of 16 centroids, dim 8."""
    from navec import Navec
    from navec.meta import Meta
    from navec.pq import PQ
    from navec.vocab import Vocab

    rng = np.random.default_rng(seed)
    qdim, centroids, dim = 4, 16, 8
    indexes = rng.integers(0, centroids, (len(words), qdim), dtype=np.uint8)
    codes = rng.standard_normal((qdim, centroids, dim // qdim)).astype(np.float32)
    pq = PQ(len(words), dim, qdim, centroids, indexes, codes)
    Navec(Meta("test"), Vocab(words, [1] * len(words)), pq).dump(str(path))


# Words as navec's vocabularies hold them: no line breaks, no NUL; Cyrillic, Latin, digits,
# hyphens, and long shared beginnings (the sort compares 8 bytes at a time).
_LETTERS = st.sampled_from(list("абвгдеёжзийклмнопрстуфхцчшщъыьэюяabcxyz019-'’é中😀"))
_WORDS = st.one_of(
    st.text(_LETTERS, min_size=1, max_size=12),
    st.builds(lambda tail: "перерегистрация" + tail, st.text(_LETTERS, max_size=6)),
    st.builds(lambda tail: "aaaaaaaaaaaaaaaa" + tail, st.text(_LETTERS, max_size=3)),
)


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    words=st.lists(_WORDS, min_size=1, max_size=60),
    absent=st.lists(_WORDS, max_size=20),
)
def test_made_up_vocabularies_read_as_navec_reads_them(
    tmp_path: Path, words: list[str], absent: list[str]
) -> None:
    from navec import Navec

    path = tmp_path / "model.tar"
    _write_navec(path, words)
    theirs, mine = Navec.load(str(path)), NavecStore(path)
    try:
        for word in [*words, *absent, ""]:
            # A repeated word: navec's dict keeps its last id, and so does the store.
            assert _same(mine.get(word), theirs.get(word)), word
    finally:
        mine.close()


def test_a_word_navec_would_split_differently_is_refused(tmp_path: Path) -> None:
    """navec splits its vocabulary with str.splitlines(), which also breaks at U+2028 and
    others: such a vocabulary is refused rather than read with other ids."""
    path = tmp_path / "model.tar"
    _write_navec(path, ["один", "два\u2028три", "четыре"])
    with pytest.raises(NavecFormatError):
        NavecStore(path)


def test_a_file_the_store_refuses_is_loaded_by_navec_itself(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """Should natasha ship a navec file the store does not read, drills keep working on navec's
    own (heavier) model, and the log says why."""
    from navec import Navec

    plain, path = tmp_path / "model.tar", tmp_path / "model.tar.gz"
    _write_navec(plain, ["один", "два", "три"])
    path.write_bytes(gzip.compress(plain.read_bytes()))  # navec reads it; the store cannot
    with caplog.at_level(logging.WARNING, logger="bot.nlp.vectors"):
        vectors = load_vectors(path)
    assert isinstance(vectors, Navec)
    assert _same(vectors.get("три"), NavecStore(plain).get("три"))
    assert "not read in place" in caplog.text
    assert isinstance(load_vectors(navec_path()), NavecStore)


def test_a_compressed_or_cut_short_file_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "model.tar"
    _write_navec(path, ["один", "два", "три"])
    compressed = tmp_path / "model.tar.gz"
    compressed.write_bytes(gzip.compress(path.read_bytes()))
    with pytest.raises(tarfile.ReadError):
        NavecStore(compressed)  # the members' bytes are not at their offsets in the file

    short = tmp_path / "short.tar"
    with tarfile.open(path) as source, tarfile.open(short, "w") as target:
        for member in source.getmembers():
            data = source.extractfile(member).read()  # type: ignore[union-attr]
            if member.name == "pq.bin":
                data = data[:-4]
            member.size = len(data)
            target.addfile(member, io.BytesIO(data))
    with pytest.raises(NavecFormatError):
        NavecStore(short)
