"""Load-time performance and memory records of the module registry (development mode).

The registry calls ``PerfRecorder`` only when performance mode is on (a single bool check on the
load path), so monitoring costs nothing when it is off. Timings and memory tracing are separate
switches because their costs differ by two orders of magnitude: a timing is two ``perf_counter``
calls and a locked append (well under 1 % of a module load), while ``tracemalloc`` hooks every
allocation of the process (several times slower loads). Memory attribution, when traced, is the
traced size before and after a module loads; the difference is what loading it allocated and still
holds. ``sizes.deep_size`` (always available, no tracing needed) gives the size of the module's own
objects (its instance or namespace).
"""

from __future__ import annotations

import logging
import os
import threading
from dataclasses import dataclass, field
from typing import Any

from mlpy import settings
from mlpy.runtime.limits import process_rss_bytes

logger = logging.getLogger("mlpy.modules")

SLOW_LOAD_ENV = "MLPY_SLOW_LOAD_MS"
DEFAULT_SLOW_LOAD_MS = 100.0


DEV_MODE_ENV = "MLPY_DEV_MODE"
_TIMING_WORDS = frozenset({"1", "true", "yes", "on", "timings"})
_TRACE_WORDS = frozenset({"trace", "memory", "full"})


def dev_mode_from_env(value: str | None = None) -> bool | None:
    """What ``MLPY_DEV_MODE`` (or ``value``) asks for: None (off), False (timings only: ``1``,
    ``true``, ``yes``, ``on``, ``timings``) or True (timings and memory tracing: ``trace``,
    ``memory``, ``full``)."""
    # Read live, unlike the other MLPY_* settings (``mlpy.settings`` snapshots them): it re-points
    # nothing and grants nothing, it only decides whether loads are timed, and a host that sets it
    # before creating a registry (or a REPL session) expects it honoured. ML code cannot change it
    # (``env.set`` changes only the run's own view).
    word = (os.environ.get(DEV_MODE_ENV, "") if value is None else value).strip().lower()
    if word in _TRACE_WORDS:
        return True
    if word in _TIMING_WORDS:
        return False
    return None


def slow_load_threshold_ms() -> float:
    """``MLPY_SLOW_LOAD_MS`` (default 100); a bad value falls back to the default."""
    try:
        return float(settings.get(SLOW_LOAD_ENV) or DEFAULT_SLOW_LOAD_MS)
    except ValueError:
        return DEFAULT_SLOW_LOAD_MS


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
        """Scans, loads, averages (ms), slowest loads, reload counts, plus compile figures."""
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


class LoadMonitor:
    """The performance mode of one registry: is it on, is memory traced, and what was recorded.

    Lifetime: the registry's. ``enable(trace_memory=True)`` also starts ``tracemalloc`` (and
    ``disable`` stops it again, only if this monitor started it: a host's own tracing is left
    alone). Recorded figures survive ``disable``; ``reset()`` drops them.
    """

    def __init__(self) -> None:
        self.enabled = False
        self.trace_memory = False
        self.slow_load_ms = slow_load_threshold_ms()
        self.recorder = PerfRecorder()
        self._started_tracemalloc = False

    @property
    def tracing(self) -> bool:
        """True while loads are timed *and* their retained memory is traced."""
        return self.enabled and self.trace_memory

    def enable(self, trace_memory: bool) -> None:
        """Start recording timings; ``trace_memory`` also traces what each load retains."""
        import tracemalloc

        self.slow_load_ms = slow_load_threshold_ms()
        if trace_memory:
            if not tracemalloc.is_tracing():
                tracemalloc.start()
                self._started_tracemalloc = True
        else:
            self._stop_tracemalloc()
        self.trace_memory = trace_memory
        self.enabled = True

    def disable(self) -> None:
        """Stop recording (recorded figures are kept)."""
        self.enabled = False
        self.trace_memory = False
        self._stop_tracemalloc()

    def reset(self) -> None:
        """Switch off and forget every recorded figure."""
        self.disable()
        self.recorder = PerfRecorder()

    def _stop_tracemalloc(self) -> None:
        if not self._started_tracemalloc:
            return
        import tracemalloc

        if tracemalloc.is_tracing():
            tracemalloc.stop()
        self._started_tracemalloc = False

    def probe(self) -> MemoryProbe | None:
        """A started probe around one load, or None when memory is not traced."""
        if not self.tracing:
            return None
        probe = MemoryProbe()
        probe.start()
        return probe

    def record_load(self, name: str, path: str, ms: float, retained_bytes: int | None) -> None:
        """Record one load and warn when it was slow."""
        self.recorder.loaded(name, ms, retained_bytes)
        warn_if_slow(name, path, ms, self.slow_load_ms)

    def memory_report(self, deep_sizes: dict[str, int]) -> dict[str, Any]:
        """Per loaded module (``{name: deep size}``): retained and deep bytes, the 10 largest.

        ``retained_bytes`` is None for a module whose load was not traced; ``size_bytes`` is the
        larger of the two figures. ``retained_traced`` says whether every module was traced,
        ``memory_tracing`` whether tracing is on now.
        """
        modules: list[dict[str, Any]] = []
        for name, deep in deep_sizes.items():
            record = self.recorder.memory.get(name)
            retained = record.retained_bytes if record is not None else None
            size = max(deep, retained or 0)
            modules.append({"name": name, "size_bytes": size, "size_kb": round(size / 1024, 2),
                            "size_mb": round(size / 1024 / 1024, 4), "retained_bytes": retained,
                            "deep_size_bytes": deep})
        modules.sort(key=lambda item: item["size_bytes"], reverse=True)
        total = sum(item["size_bytes"] for item in modules)
        return {"total_loaded": len(modules), "total_size_kb": round(total / 1024, 2),
                "total_size_mb": round(total / 1024 / 1024, 4), "modules": modules[:10],
                "process_rss_mb": round(process_rss_bytes() / 1024 / 1024, 2),
                "retained_traced": all(item["retained_bytes"] is not None for item in modules),
                "memory_tracing": self.tracing}


__all__ = ["DEV_MODE_ENV", "LoadMonitor", "dev_mode_from_env", "MemoryProbe", "PerfRecorder", "slow_load_threshold_ms", "warn_if_slow"]
