"""navec's word vectors read in place, without navec's in-memory model.

``navec.Navec.load`` keeps the whole model in Python objects: a dict and a list of 250,000
words, a list of their counts, the 25 MB matrix of quantisation indexes and two tables
precomputed for similarities the bot never asks for (26 MB) — about 105 MB of RSS, which was
most of what the bot's memory grew by after the first drill (issue #12).

:class:`NavecStore` answers ``get(word)`` with exactly navec's vector (the same float32 values,
the same shape) and keeps about 6.5 MB resident:

- the vocabulary as navec ships it (one UTF-8 text, a word per line) with two ``array('I')``:
  where each word starts, and the word ids in byte order, so a word is found by binary search
  over the text instead of a dict of 250,000 strings;
- the quantisation codes (300 KB);
- the index matrix (vectors × 100 bytes) stays in the tar file inside natasha's wheel (an
  uncompressed tar, so the member's bytes sit at a fixed offset): a word's 100 bytes are read
  with ``os.pread`` when it is looked up. Nothing is written anywhere, so a read-only
  installation (the Docker image) works as is; the kernel's page cache, not the process,
  holds the file's pages. Callers keep the vectors they use in their own bounded caches.
"""

from __future__ import annotations

import array
import bisect
import gzip
import json
import os
import re
import tarfile
import weakref
from pathlib import Path
from typing import IO, TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    import numpy.typing as npt

    Vector = npt.NDArray[np.float32]

PROTOCOL = 1  # navec's format version (navec.meta.Meta.PROTOCOL)
_PQ_HEADER = 16  # vectors, dim, qdim, centroids: four uint32
# str.splitlines() (which navec uses) also breaks at these; the vocabulary is split at "\n"
# here, which is the same only while no word holds one of them (checked on load).
_OTHER_LINE_BREAKS = re.compile(rb"[\r\x0b\x0c\x1c\x1d\x1e]|\xc2\x85|\xe2\x80[\xa8\xa9]")
_CHUNK = 8  # bytes of a word per sort key (a big-endian uint64)


class NavecFormatError(ValueError):
    """The tar is not the navec format this reader knows."""


class NavecStore:
    """``get(word)``: navec's vector of ``word`` (a new float32 array) or ``default``."""

    def __init__(self, path: Path | str) -> None:
        self.path = Path(path)
        with tarfile.open(self.path, "r:") as tar:  # "r:": only an uncompressed tar
            meta = json.loads(_member(tar, "meta.json").read())
            if meta.get("protocol") != PROTOCOL:
                raise NavecFormatError(f"navec protocol {meta.get('protocol')!r}")
            vocab = gzip.decompress(_member(tar, "vocab.bin").read())
            pq = tar.getmember("pq.bin")
        self._fd = os.open(self.path, os.O_RDONLY)
        # Closed with the store (or by close()), without a ResourceWarning.
        self._close = weakref.finalize(self, os.close, self._fd)
        header = os.pread(self._fd, _PQ_HEADER, pq.offset_data)
        vectors, dim, qdim, centroids = (int(v) for v in np.frombuffer(header, np.uint32))
        self.vectors, self.dim, self.qdim = vectors, dim, qdim
        self._rows_at = pq.offset_data + _PQ_HEADER
        codes_size = pq.size - _PQ_HEADER - vectors * qdim
        codes = os.pread(self._fd, codes_size, self._rows_at + vectors * qdim)
        if len(codes) != codes_size or codes_size != qdim * centroids * (dim // qdim) * 4:
            raise NavecFormatError("pq.bin is shorter than its header says")
        self._codes = np.frombuffer(codes, np.float32).reshape(qdim, centroids, -1)
        self._qdims = np.arange(qdim)
        text, starts, order = _vocabulary(vocab, vectors)
        self._order, self._ranks = order, range(len(order))

        def word_at(rank: int) -> bytes:
            """The word of sort rank ``rank`` (UTF-8); a closure: the search's hot call."""
            word_id = order[rank]
            return text[starts[word_id] : starts[word_id + 1] - 1]

        self._word_at = word_at

    def __len__(self) -> int:
        return len(self._order)

    def word_id(self, word: str) -> int | None:
        """navec's id of ``word``: its line in the vocabulary."""
        try:
            key = word.encode("utf-8")
        except UnicodeEncodeError:  # a lone surrogate: never in a vocabulary decoded as UTF-8
            return None
        # The last of equal words, as navec's dict keeps the last id of a repeated word.
        rank = bisect.bisect_right(self._ranks, key, key=self._word_at) - 1
        if rank >= 0 and self._word_at(rank) == key:
            return self._order[rank]
        return None

    def get(self, word: str, default: Vector | None = None) -> Vector | None:
        word_id = self.word_id(word)
        if word_id is None:
            return default
        row = os.pread(self._fd, self.qdim, self._rows_at + word_id * self.qdim)
        indexes = np.frombuffer(row, np.uint8)
        # navec.pq.PQ.__getitem__: the centroid of each sub-space, concatenated.
        return self._codes[self._qdims, indexes].reshape(self.dim)

    def close(self) -> None:
        self._close()


def _member(tar: tarfile.TarFile, name: str) -> IO[bytes]:
    file = tar.extractfile(name)
    if file is None:
        raise NavecFormatError(f"{name} is not a file")
    return file


def _vocabulary(vocab: bytes, vectors: int) -> tuple[bytes, array.array[int], array.array[int]]:
    """navec's vocab.bin (a word count, the counts, then the words a line each) as the text of
    the words, where each starts (one more: the end) and the ids in byte order.

    Sorted with numpy on 8-byte big-endian chunks of each word, zero-padded: for words without
    a NUL byte that is exactly bytes order (which is str order too), and no Python object is
    made per word, so nothing of the sort stays behind in the heap."""
    (size,) = np.frombuffer(vocab[:4], np.uint32)
    text = vocab[4 + 4 * int(size) :] + b"\n"
    if b"\0" in text or _OTHER_LINE_BREAKS.search(text):
        raise NavecFormatError("a word holds a NUL or a line break other than \\n")
    raw = np.frombuffer(text, np.uint8)
    ends = np.flatnonzero(raw == ord("\n"))
    if len(ends) != size or size != vectors:
        raise NavecFormatError(f"{len(ends)} words, {size} counts, {vectors} vectors")
    starts = np.empty(len(ends) + 1, np.int64)
    starts[0], starts[1:] = 0, ends + 1
    lengths = ends - starts[:-1]
    keys = []
    for chunk_at in range(0, int(lengths.max()), _CHUNK):
        key = np.zeros(len(ends), np.uint64)
        for byte in range(chunk_at, chunk_at + _CHUNK):
            inside = lengths > byte
            value = np.zeros(len(ends), np.uint64)
            value[inside] = raw[starts[:-1][inside] + byte]
            key = (key << np.uint64(8)) | value
        keys.append(key)
    order = np.lexsort(keys[::-1])  # lexsort: the last key is the primary one
    return (
        text,
        array.array("I", starts.astype(np.uint32).tobytes()),
        array.array("I", order.astype(np.uint32).tobytes()),
    )
