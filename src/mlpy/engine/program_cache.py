"""The in-memory LRU of compiled programs: ``mlpy.run(same_source)`` compiles once per process.

Lifetime: the process. The key is everything the compiled code depends on (source, filename,
step counting, the module paths and program directory the import check saw); a hit skips parsing,
checking and the disk cache alike. ``PROGRAMS.clear()`` empties it (tests, a host that changed
module files under the same paths); ``PROGRAMS.resize(n, max_bytes=None)`` changes the capacity
(0 turns it off) and, given, the byte bound; ``PROGRAMS.bytes`` is what the kept programs count.

Two bounds, whichever is reached first: ``DEFAULT_CAPACITY`` programs, and an approximate
``DEFAULT_MAX_BYTES`` of memory (``MLPY_PROGRAM_CACHE_MAX_BYTES`` in the host's environment, read
once as mlpy's settings are; ``0`` keeps nothing). An entry is counted as its source text plus an
estimate of its code (``entry_bytes``): a host running a few huge generated scripts keeps a few of
them, not 256. A program larger than the whole bound is run but not kept.
"""

from __future__ import annotations

import sys
import threading
from collections import OrderedDict
from typing import Any

from mlpy import settings

DEFAULT_CAPACITY = 256
"""Programs kept; a compiled 10-line program costs a few kilobytes."""

DEFAULT_MAX_BYTES = 32 * 1024 * 1024
"""The approximate memory the kept programs may hold (``MLPY_PROGRAM_CACHE_MAX_BYTES``)."""

MAX_BYTES_SETTING = "MLPY_PROGRAM_CACHE_MAX_BYTES"

CODE_BYTES_PER_CHAR = 8
"""The estimated size of compiled code per character of source. Measured over the test corpus,
all code objects and constants of a program take 3-10 bytes per source character (median about 5);
walking them to measure each entry would cost more than a cache hit saves on a small program."""


def max_bytes() -> int:
    """The byte bound from ``MLPY_PROGRAM_CACHE_MAX_BYTES`` (a bad value: the default)."""
    try:
        return max(int(settings.get(MAX_BYTES_SETTING) or ""), 0)
    except ValueError:
        return DEFAULT_MAX_BYTES


def entry_bytes(key: tuple[Any, ...], program: Any) -> int:
    """The approximate memory an entry holds: its source (the key's first item) and code."""
    return _STR_BYTES + (CODE_BYTES_PER_CHAR + 1) * len(key[0]) + sys.getsizeof(program.code)


_STR_BYTES = sys.getsizeof("")
"""A string's size besides its characters (counted as one byte each: close for ASCII source)."""


class ProgramCache:
    """A thread-safe LRU mapping of compile keys (source first) to ``CompiledProgram`` objects.

    ``max_bytes=None`` takes the bound from mlpy's settings, again after ``settings.reload()``."""

    def __init__(self, capacity: int = DEFAULT_CAPACITY, max_bytes: int | None = None) -> None:
        self._capacity = capacity
        self._fixed_max_bytes = max_bytes
        self._max_bytes = -1
        self._generation = -1  # the settings generation ``_max_bytes`` was read at
        self._items: OrderedDict[tuple[Any, ...], tuple[Any, int]] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get(self, key: tuple[Any, ...]) -> Any | None:
        """The cached program for ``key`` (now the most recently used), or ``None``."""
        with self._lock:
            entry = self._items.get(key)
            if entry is None:
                self.misses += 1
                return None
            self._items.move_to_end(key)
            self.hits += 1
            return entry[0]

    def put(self, key: tuple[Any, ...], program: Any) -> None:
        """Keep ``program``; the least recently used ones go when a bound is passed."""
        capacity = self._capacity
        if capacity <= 0:
            return
        size = entry_bytes(key, program)
        entry = (program, size)
        with self._lock:
            limit = self._byte_limit()
            if size > limit:
                return
            items = self._items
            kept = items.setdefault(key, entry)  # one lookup when the key is new (nearly always)
            if kept is not entry:  # another thread compiled the same program meanwhile
                self._bytes -= kept[1]
                items[key] = entry
                items.move_to_end(key)
            total = self._bytes + size
            while len(items) > capacity or total > limit:
                total -= items.popitem(last=False)[1][1]
            self._bytes = total

    def _byte_limit(self) -> int:
        """The byte bound in force (call under the lock)."""
        fixed = self._fixed_max_bytes
        if fixed is not None:
            return fixed
        generation = settings.generation()
        if generation != self._generation:  # the settings were re-read: so is the bound
            self._max_bytes = max_bytes()
            self._generation = generation
        return self._max_bytes

    def _shrink(self, capacity: int, limit: int) -> None:
        """Drop the least recently used programs until both bounds hold (call under the lock)."""
        items = self._items
        while items and (len(items) > capacity or self._bytes > limit):
            _key, (_program, size) = items.popitem(last=False)
            self._bytes -= size

    def clear(self) -> None:
        """Forget every program."""
        with self._lock:
            self._items.clear()
            self._bytes = 0

    def resize(self, capacity: int, max_bytes: int | None = None) -> None:
        """Keep at most ``capacity`` programs from now on (and, given ``max_bytes``, about that
        many bytes of them)."""
        with self._lock:
            self._capacity = capacity
            if max_bytes is not None:
                self._fixed_max_bytes = max(max_bytes, 0)
            self._shrink(max(capacity, 0), self._byte_limit())

    @property
    def bytes(self) -> int:
        """The approximate memory the kept programs hold (``entry_bytes`` summed)."""
        return self._bytes

    def __len__(self) -> int:
        return len(self._items)


PROGRAMS = ProgramCache()
"""The process's cache, used by the pipeline unless a run says ``cache=False``."""


__all__ = ["DEFAULT_CAPACITY", "DEFAULT_MAX_BYTES", "PROGRAMS", "ProgramCache", "entry_bytes", "max_bytes"]
