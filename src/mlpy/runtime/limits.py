"""Resource limits of one ML run and their cooperative, in-process enforcement.

``Limits`` holds the numbers (``--timeout``, ``--max-steps``, ``--max-memory``, ``--max-output``,
recursion depth). When any of time, steps or memory is limited, the compiler is asked for
``count_steps`` code, which calls ``step()`` at every loop iteration and function entry. Without
limits no step calls exist at all, so the unlimited path costs nothing.

``step()`` is kept cheap: it decrements a budget on the active run's meter (one global read; runs
overlapping in several threads are routed to their own meters on a slower path) and only every 1024
steps (or when the step limit is near) does the real work -- compare the step count, read the clock, sample
memory. A watchdog thread zeroes the budget when the deadline passes, so a loop whose iterations each
take long (a slow builtin per iteration) still stops at the next step rather than 1024 steps later.

What in-process enforcement cannot do: interrupt one long-running builtin call or a blocking call
(a huge ``sorted``, a slow read). That needs the sandbox (``mlpy.runtime.sandbox``), whose parent
kills the whole process group at the deadline and which adds OS limits (RLIMIT_AS, RLIMIT_CPU).
Memory in-process is best effort: the resident set size growth since the run started is sampled
every 16,384 steps (Linux ``/proc/self/statm``; elsewhere the peak RSS).
"""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any, TextIO

from mlpy.errors import MLLimitError, MLTimeoutError

CHECK_EVERY = 1024
"""Steps between two checks of the clock (and the step count, when no limit is near)."""

_MEMORY_EVERY_CHECKS = 16
"""Checks between two memory samples (so memory is sampled every 16,384 steps)."""

RECURSION_HEADROOM = 16
"""Python frames allowed on top of ``max_recursion`` for runtime helpers between ML frames."""

RECURSION_CEILING = 20_000
"""The highest Python recursion limit ``run_scope`` sets, whatever ``max_recursion`` asks: ML
recursion through a C-level builtin (``call(f, ...)``) uses the C stack, and on an 8 MB stack
CPython 3.11 crashes (SIGSEGV) somewhere between 45,000 and 50,000 such frames. A crash of the host
is never an acceptable way to stop an ML program."""


@dataclass(frozen=True)
class Limits:
    """The limits of one run; ``None`` means unlimited."""

    timeout: float | None = None
    """Wall-clock seconds (``--timeout``)."""
    max_steps: int | None = None
    """Loop iterations plus function calls (``--max-steps``)."""
    max_memory_mb: float | None = None
    """Megabytes of memory growth (``--max-memory``); a hard OS limit only in the sandbox."""
    max_output_bytes: int | None = None
    """Bytes the program may print (``--max-output``), UTF-8 encoded."""
    max_recursion: int | None = None
    """Nested ML calls."""

    def __post_init__(self) -> None:
        for name in ("timeout", "max_steps", "max_memory_mb", "max_output_bytes", "max_recursion"):
            value = getattr(self, name)
            if value is not None and (isinstance(value, bool) or not value > 0):
                raise ValueError(f"{name} must be a positive number, not {value!r}")

    @classmethod
    def none(cls) -> Limits:
        """No limits at all."""
        return cls()

    def active(self) -> bool:
        """True when the program must be compiled with ``count_steps`` (time, steps or memory)."""
        return self.timeout is not None or self.max_steps is not None or self.max_memory_mb is not None

    def any(self) -> bool:
        """True when any limit is set."""
        return self.active() or self.max_output_bytes is not None or self.max_recursion is not None


def timeout_message(seconds: float) -> str:
    """``time limit of 2.0 s exceeded (--timeout)`` -- shared with the sandbox."""
    return f"time limit of {float(seconds)!r} s exceeded (--timeout)"


def memory_message(megabytes: float) -> str:
    """``memory limit of 64 MB exceeded (--max-memory)`` -- shared with the sandbox."""
    return f"memory limit of {megabytes:g} MB exceeded (--max-memory)"


def _rss_bytes() -> int:
    """Current resident set size (Linux); elsewhere the peak, which only over-estimates growth."""
    try:
        with open("/proc/self/statm", "rb") as handle:
            pages = int(handle.read().split()[1])
        import os

        return pages * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        import resource

        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        return peak if sys.platform == "darwin" else peak * 1024


class Meter:
    """The counters of one run. ``budget`` is decremented by ``step()``; below zero, ``checkpoint``."""

    __slots__ = ("budget", "_window", "_counted", "limits", "deadline", "expired", "_checks",
                 "_memory_base", "_memory_limit")

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.deadline = None if limits.timeout is None else time.monotonic() + limits.timeout
        self.expired = False
        self._checks = 0
        self._counted = 0
        self._memory_limit = None
        self._memory_base = 0
        if limits.max_memory_mb is not None:
            self._memory_limit = int(limits.max_memory_mb * 1024 * 1024)
            self._memory_base = _rss_bytes()
        if not limits.active():
            self._window = self.budget = sys.maxsize
        else:
            self._window = self.budget = self._next_window()

    @property
    def steps(self) -> int:
        """Steps counted so far."""
        return self._counted + (self._window - self.budget)

    def _next_window(self) -> int:
        if self.limits.max_steps is None:
            return CHECK_EVERY
        return max(0, min(CHECK_EVERY, self.limits.max_steps - self._counted))

    def step(self) -> None:
        """Count one step (a bound-method variant of the module-level ``step()``)."""
        self.budget -= 1
        if self.budget < 0:
            self.checkpoint()

    def checkpoint(self) -> None:
        """The slow path: enforce the step, time and memory limits, then open a new window."""
        used = self._counted + self._window - self.budget
        limits = self.limits
        # The watchdog may have zeroed the budget mid-window, so time goes first: the step count
        # is then over-estimated and must not be reported instead of the timeout.
        if self.deadline is not None and (self.expired or time.monotonic() >= self.deadline):
            self.expired = True
            self._counted, self._window, self.budget = used, 0, 0
            raise MLTimeoutError(timeout_message(limits.timeout or 0))
        if limits.max_steps is not None and used > limits.max_steps:
            self._counted, self._window, self.budget = used, 0, 0
            raise MLLimitError(f"step limit of {limits.max_steps} exceeded (--max-steps)")
        self._checks += 1
        if self._memory_limit is not None and self._checks % _MEMORY_EVERY_CHECKS == 0:
            self.check_memory()
        self._counted = used
        self._window = self.budget = self._next_window()

    def check_memory(self) -> None:
        """Raise ``MLLimitError`` when the RSS grew by more than ``max_memory_mb`` since the start."""
        if self._memory_limit is not None and _rss_bytes() - self._memory_base > self._memory_limit:
            raise MLLimitError(memory_message(self.limits.max_memory_mb or 0))

    def expire(self) -> None:
        """Called by the watchdog at the deadline: make the very next step run ``checkpoint``."""
        self.expired = True
        self.budget = 0


_UNLIMITED = Meter(Limits())


class _Dispatch(Meter):
    """Installed while several runs overlap (threads, nested scopes): every step takes the slow
    path and is charged to the meter of the calling thread's own run."""

    __slots__ = ()

    def __init__(self) -> None:
        super().__init__(Limits())
        self.budget = 0

    def checkpoint(self) -> None:
        self.budget = 0
        getattr(_local, "meter", _UNLIMITED).step()


_DISPATCH = _Dispatch()
_local = threading.local()
_lock = threading.Lock()
_scopes: list[Meter] = []
"""The meter of every active ``run_scope`` in the process, in entry order."""
_meter: Meter = _UNLIMITED
"""What ``step()`` charges: the only active run's meter, ``_DISPATCH`` when runs overlap."""


def _retarget() -> None:
    """Point ``step()`` at the right meter after a scope starts or ends (call under ``_lock``)."""
    global _meter
    if not _scopes:
        _meter = _UNLIMITED
    elif len(_scopes) == 1:
        _meter = _scopes[0]
    else:
        _meter = _DISPATCH


def step() -> None:
    """What generated ``__ml_step()`` calls: count one step; every so often enforce the limits.

    Raises ``MLLimitError`` (``step limit of N exceeded (--max-steps)``) on step N+1 and
    ``MLTimeoutError`` (``time limit of 2.0 s exceeded (--timeout)``) once the deadline has passed.
    The fast path is one global read and one attribute decrement: with a single run active (the
    usual case) its meter is charged directly; when runs overlap, each step is routed to the meter
    of the calling thread's run. (A step from ML code the host calls outside any run, while a run
    is active in another thread, is charged to that run.)
    """
    meter = _meter
    meter.budget -= 1
    if meter.budget < 0:
        meter.checkpoint()


def current_meter() -> Meter:
    """The meter of the run active in this thread (an unlimited one outside ``run_scope``)."""
    return getattr(_local, "meter", _UNLIMITED)


class OutputBudget:
    """A byte allowance shared by the streams of one run (stdout and stderr count together)."""

    __slots__ = ("limit", "used")

    def __init__(self, limit: int) -> None:
        self.limit = limit
        self.used = 0


class LimitedOutput:
    """A text stream wrapper enforcing ``--max-output``: writes what fits, then raises.

    Bytes are counted UTF-8 encoded. The write that crosses the limit writes the part that fits
    (never half a character) and raises ``MLLimitError``; every later write raises at once.
    """

    def __init__(self, stream: TextIO | Any, max_bytes: int | None = None, *,
                 budget: OutputBudget | None = None) -> None:
        if budget is None:
            if max_bytes is None:
                raise ValueError("LimitedOutput needs max_bytes or a shared budget")
            budget = OutputBudget(max_bytes)
        self.stream = stream
        self.budget = budget

    @property
    def written(self) -> int:
        """Bytes written so far through the shared budget."""
        return self.budget.used

    def write(self, text: str) -> int:
        budget = self.budget
        data = text.encode("utf-8", "surrogatepass")
        room = budget.limit - budget.used
        if len(data) <= room:
            budget.used += len(data)
            self.stream.write(text)
            return len(text)
        fitting = data[:max(room, 0)].decode("utf-8", "ignore")
        if fitting:
            self.stream.write(fitting)
            budget.used += len(fitting.encode("utf-8", "surrogatepass"))
        budget.used = budget.limit
        self.flush()
        raise MLLimitError(f"output limit of {budget.limit} bytes exceeded (--max-output)")

    def flush(self) -> None:
        flush = getattr(self.stream, "flush", None)
        if flush is not None:
            flush()

    def __getattr__(self, name: str) -> Any:
        # isatty(), encoding, fileno() ... of the wrapped stream; host code only, never ML.
        return getattr(self.stream, name)


def _python_depth() -> int:
    frame = sys._getframe()
    depth = 0
    while frame is not None:
        depth += 1
        frame = frame.f_back
    return depth


def _start_watchdog(meter: Meter, seconds: float) -> threading.Timer | None:
    timer = threading.Timer(seconds, meter.expire)
    timer.daemon = True
    try:
        timer.start()
    except RuntimeError:  # no threads left (e.g. RLIMIT_NPROC in a sandbox): the clock check remains
        return None
    return timer


@contextmanager
def run_scope(limits: Limits | None) -> Iterator[Meter]:
    """Install ``limits`` for one run in this thread and undo everything afterwards.

    Sets the meter ``step()`` uses, starts the timeout watchdog, lowers/raises the recursion limit
    (process-wide: Python has only one), and wraps the active execution context's ``stdout`` in a
    ``LimitedOutput`` when ``max_output_bytes`` is set. Nested scopes restore the outer one.
    """
    limits = limits or Limits()
    meter = Meter(limits) if limits.active() else _UNLIMITED
    previous_meter = current_meter()
    timer = None
    previous_recursion = None
    ctx = None
    previous_stdout = None
    if limits.max_output_bytes is not None:
        from mlpy.runtime.context import current

        ctx = current()
        previous_stdout = ctx.stdout
        ctx.stdout = LimitedOutput(previous_stdout, limits.max_output_bytes)  # type: ignore[assignment]
    if limits.max_recursion is not None:
        previous_recursion = sys.getrecursionlimit()
        wanted = _python_depth() + limits.max_recursion + RECURSION_HEADROOM
        sys.setrecursionlimit(min(wanted, RECURSION_CEILING))
    _local.meter = meter
    with _lock:
        _scopes.append(meter)
        _retarget()
    if limits.timeout is not None:
        timer = _start_watchdog(meter, limits.timeout)
    try:
        yield meter
    finally:
        if timer is not None:
            timer.cancel()
        with _lock:
            _scopes.remove(meter)
            _retarget()
        _local.meter = previous_meter
        if previous_recursion is not None:
            sys.setrecursionlimit(previous_recursion)
        if ctx is not None:
            ctx.stdout = previous_stdout  # type: ignore[assignment]


__all__ = [
    "CHECK_EVERY",
    "LimitedOutput",
    "Limits",
    "Meter",
    "OutputBudget",
    "current_meter",
    "memory_message",
    "run_scope",
    "step",
    "timeout_message",
]
