"""The in-memory LRU of compiled programs: ``mlpy.run(same_source)`` compiles once per process.

Lifetime: the process. The key is everything the compiled code depends on (source, filename,
step counting, the module paths and program directory the import check saw); a hit skips parsing,
checking and the disk cache alike. ``PROGRAMS.clear()`` empties it (tests, a host that changed
module files under the same paths); ``PROGRAMS.resize(n)`` changes the capacity (0 turns it off).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from typing import Any

DEFAULT_CAPACITY = 256
"""Programs kept; a compiled 10-line program costs a few kilobytes."""


class ProgramCache:
    """A thread-safe LRU mapping of compile keys to ``CompiledProgram`` objects."""

    def __init__(self, capacity: int = DEFAULT_CAPACITY) -> None:
        self._capacity = capacity
        self._items: OrderedDict[tuple[Any, ...], Any] = OrderedDict()
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get(self, key: tuple[Any, ...]) -> Any | None:
        """The cached program for ``key`` (now the most recently used), or ``None``."""
        with self._lock:
            program = self._items.get(key)
            if program is None:
                self.misses += 1
                return None
            self._items.move_to_end(key)
            self.hits += 1
            return program

    def put(self, key: tuple[Any, ...], program: Any) -> None:
        """Keep ``program``; the least recently used one goes when the cache is full."""
        if self._capacity <= 0:
            return
        with self._lock:
            self._items[key] = program
            self._items.move_to_end(key)
            while len(self._items) > self._capacity:
                self._items.popitem(last=False)

    def clear(self) -> None:
        """Forget every program."""
        with self._lock:
            self._items.clear()

    def resize(self, capacity: int) -> None:
        """Keep at most ``capacity`` programs from now on."""
        with self._lock:
            self._capacity = capacity
            while len(self._items) > max(capacity, 0):
                self._items.popitem(last=False)

    def __len__(self) -> int:
        return len(self._items)


PROGRAMS = ProgramCache()
"""The process's cache, used by the pipeline unless a run says ``cache=False``."""


__all__ = ["DEFAULT_CAPACITY", "PROGRAMS", "ProgramCache"]
