"""``RunStats``: what one run cost, on ``result.stats`` and on the error of a failed run
(``err.stats``)."""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any, TextIO

from mlpy.runtime.output_limit import StreamWrapper


@dataclass
class RunStats:
    """Counters of one run. ``None`` means not measured in this mode.

    ``steps`` is counted when the run was metered (any limit, or a cancel token); ``peak_memory``
    (bytes, the process's peak resident set) only where the run had a process of its own (sandbox,
    pool worker); ``modules`` are the modules the program's ``import`` statements name.
    """

    wall_time: float = 0.0
    cpu_time: float = 0.0
    steps: int | None = None
    output_bytes: int = 0
    peak_memory: int | None = None
    modules: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        """The counters as plain data (for JSON, the sandbox wire, ``mlpy batch``)."""
        return {"wall_time": self.wall_time, "cpu_time": self.cpu_time, "steps": self.steps,
                "output_bytes": self.output_bytes, "peak_memory": self.peak_memory,
                "modules": list(self.modules)}

    @classmethod
    def from_dict(cls, data: dict[str, Any] | None) -> RunStats:
        """The inverse of ``as_dict`` (unknown or malformed fields are ignored)."""
        data = data or {}

        def number(key: str) -> Any:
            value = data.get(key)
            return value if isinstance(value, (int, float)) and not isinstance(value, bool) else None

        return cls(wall_time=float(number("wall_time") or 0.0), cpu_time=float(number("cpu_time") or 0.0),
                   steps=number("steps"), output_bytes=int(number("output_bytes") or 0),
                   peak_memory=number("peak_memory"),
                   modules=[str(m) for m in data.get("modules") or [] if isinstance(m, str)])


class CountingWriter(StreamWrapper):
    """Forwards text to ``stream`` and counts the UTF-8 bytes written."""

    def __init__(self, stream: TextIO | Any) -> None:
        self.stream = stream
        self.bytes = 0

    def write(self, text: str) -> int:
        written = self.stream.write(text)
        self.bytes += len(text.encode("utf-8", "surrogatepass"))
        return written if isinstance(written, int) else len(text)


class Stopwatch:
    """Wall-clock and this thread's CPU time since it was made."""

    def __init__(self) -> None:
        self.wall = time.perf_counter()
        self.cpu = time.thread_time()

    def fill(self, stats: RunStats) -> RunStats:
        stats.wall_time = time.perf_counter() - self.wall
        stats.cpu_time = time.thread_time() - self.cpu
        return stats


__all__ = ["CountingWriter", "RunStats", "Stopwatch"]
