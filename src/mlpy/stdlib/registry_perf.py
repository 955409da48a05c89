"""Load-time performance and memory records of the module registry (development mode, SPEC §5).

The registry calls ``PerfRecorder`` only when performance mode is on (a single bool check on the
load path), so monitoring costs nothing when it is off. Timings and memory tracing are separate
switches because their costs differ by two orders of magnitude: a timing is two ``perf_counter``
calls and a locked append (well under 1 % of a module load), while ``tracemalloc`` hooks every
allocation of the process (several times slower loads). Memory attribution, when traced, is the
traced size before and after a module loads; the difference is what loading it allocated and still
holds. ``deep_size`` (always available, no tracing needed) adds the size of the module's own objects
(its instance or namespace).
"""

from __future__ import annotations

import logging
import os
import sys
import threading
from dataclasses import dataclass, field
from typing import Any

logger = logging.getLogger("mlpy.modules")

SLOW_LOAD_ENV = "MLPY_SLOW_LOAD_MS"
DEFAULT_SLOW_LOAD_MS = 100.0


def slow_load_threshold_ms() -> float:
    """``MLPY_SLOW_LOAD_MS`` (default 100); a bad value falls back to the default."""
    try:
        return float(os.environ.get(SLOW_LOAD_ENV, DEFAULT_SLOW_LOAD_MS))
    except ValueError:
        return DEFAULT_SLOW_LOAD_MS


def deep_size(root: Any, limit: int = 200_000) -> int:
    """Approximate bytes held by ``root`` and everything it references (containers, instance
    attributes), each object counted once. Classes, modules and functions are not followed: they are
    shared code, not data the module holds."""
    seen: set[int] = set()
    stack = [root]
    total = 0
    skip = (type, type(sys), type(deep_size))
    while stack and len(seen) < limit:
        obj = stack.pop()
        if id(obj) in seen or isinstance(obj, skip):
            continue
        seen.add(id(obj))
        try:
            total += sys.getsizeof(obj)
        except TypeError:
            continue
        if isinstance(obj, dict):
            stack.extend(obj.keys())
            stack.extend(obj.values())
        elif isinstance(obj, list | tuple | set | frozenset):
            stack.extend(obj)
        else:
            attributes = getattr(obj, "__dict__", None)
            if isinstance(attributes, dict):
                stack.append(attributes)
            for slot in getattr(type(obj), "__slots__", ()):
                if isinstance(slot, str) and slot != "__weakref__":
                    value = getattr(obj, slot, None)
                    if value is not None:
                        stack.append(value)
    return total


@dataclass
class MemoryRecord:
    """What one module's last traced load retained (tracemalloc); absent when it was not traced."""

    retained_bytes: int = 0


@dataclass
class PerfRecorder:
    """Timings (ms) of scans, compiles, loads and reloads, and per-module memory records."""

    scan_times: list[float] = field(default_factory=list)
    compile_times: dict[str, list[float]] = field(default_factory=dict)
    load_times: dict[str, list[float]] = field(default_factory=dict)
    reload_counts: dict[str, int] = field(default_factory=dict)
    memory: dict[str, MemoryRecord] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def scan(self, ms: float) -> None:
        with self.lock:
            self.scan_times.append(ms)

    def compiled(self, name: str, ms: float) -> None:
        with self.lock:
            self.compile_times.setdefault(name, []).append(ms)

    def loaded(self, name: str, ms: float, retained_bytes: int | None = None) -> None:
        with self.lock:
            self.load_times.setdefault(name, []).append(ms)
            if retained_bytes is not None:
                self.memory[name] = MemoryRecord(max(0, retained_bytes))

    def retained(self, name: str, retained_bytes: int | None) -> None:
        """Record what the latest traced (re)load of ``name`` retained (None: not traced)."""
        if retained_bytes is not None:
            with self.lock:
                self.memory[name] = MemoryRecord(max(0, retained_bytes))

    def reloaded(self, name: str) -> None:
        with self.lock:
            self.reload_counts[name] = self.reload_counts.get(name, 0) + 1

    def summary(self) -> dict[str, Any]:
        """The SPEC §3.3 shape (plus compile figures)."""
        with self.lock:
            loads = [(name, ms) for name, times in self.load_times.items() for ms in times]
            compiles = [ms for times in self.compile_times.values() for ms in times]
            return {
                "total_scans": len(self.scan_times),
                "avg_scan_time_ms": _avg(self.scan_times),
                "total_loads": len(loads),
                "avg_load_time_ms": _avg([ms for _, ms in loads]),
                "slowest_loads": sorted(loads, key=lambda item: item[1], reverse=True)[:10],
                "reload_counts": dict(self.reload_counts),
                "total_compiles": len(compiles),
                "avg_compile_time_ms": _avg(compiles),
                "load_times_ms": {name: list(times) for name, times in self.load_times.items()},
            }


def _avg(values: list[float]) -> float:
    return round(sum(values) / len(values), 3) if values else 0.0


class MemoryProbe:
    """Measures the bytes a load allocates and still holds afterwards (tracemalloc's current traced
    size before and after; cheap compared with full snapshots, so perf mode stays light)."""

    def __init__(self) -> None:
        import tracemalloc

        self._tracemalloc = tracemalloc
        self._before = 0

    def start(self) -> None:
        """Remember the traced size now (starting tracemalloc if nobody has)."""
        if not self._tracemalloc.is_tracing():
            self._tracemalloc.start()
        self._before = self._tracemalloc.get_traced_memory()[0]

    def stop(self) -> int | None:
        """Bytes allocated since ``start`` and still alive; None if tracing was stopped meanwhile
        (a figure from a half-traced load would be wrong, so none is given)."""
        if not self._tracemalloc.is_tracing():
            return None
        return max(0, self._tracemalloc.get_traced_memory()[0] - self._before)


def warn_if_slow(name: str, path: str, ms: float, threshold: float | None = None) -> None:
    """Log a warning (starting with "Slow") when a load exceeds ``MLPY_SLOW_LOAD_MS`` (or the
    ``threshold`` the caller read once, so a load does not parse the environment)."""
    if threshold is None:
        threshold = slow_load_threshold_ms()
    if ms > threshold:
        logger.warning("Slow module load: %s took %.1f ms (threshold %.0f ms, %s)", name, ms, threshold, path)


__all__ = ["MemoryProbe", "PerfRecorder", "deep_size", "slow_load_threshold_ms", "warn_if_slow"]
