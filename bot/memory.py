"""Give memory freed during start-up back to the operating system.

Start-up parses the content YAML and the locale files and validates them: several megabytes
of short-lived objects. Python frees them, but glibc keeps the freed heap pages mapped, so the
process's resident size would stay at its start-up peak for months. ``malloc_trim(0)`` returns
those pages (about 7 MB here); elsewhere (musl, macOS) it is simply skipped.
"""

from __future__ import annotations

import ctypes
import gc


def release_freed_memory() -> None:
    gc.collect()
    return_free_heap()


def return_free_heap() -> None:
    """``malloc_trim(0)`` alone, without a garbage collection first: for freed memory whose
    objects are already gone (a loader's scratch arrays), from a worker thread while the bot
    runs. It takes well under a millisecond and releases the GIL; a full ``gc.collect()`` of
    a running bot's heap holds the GIL for ~0.2 s."""
    try:
        trim = ctypes.CDLL(None).malloc_trim  # the C library the interpreter already uses
    except (OSError, AttributeError):  # not glibc
        return
    trim.argtypes = [ctypes.c_size_t]
    trim(0)
