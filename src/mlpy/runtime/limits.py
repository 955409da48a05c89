"""Resource limits of one ML run and their cooperative, in-process enforcement.

``Limits`` holds the numbers (``--timeout``, ``--max-steps``, ``--max-memory``, ``--max-output``,
recursion depth). When any of time, steps or memory is limited, the compiler is asked for
``count_steps`` code, which calls ``__ml_step()`` at every loop iteration and function entry. Without
limits no step calls exist at all, so the unlimited path costs nothing.

Why steps are popped from a list: a step is the hottest call an ML program makes, and a Python
function (even one that only decrements a counter) costs about 100 ns per call, which made a trivial
loop about 3x slower under ``--max-steps``. Each run's ``Meter`` therefore binds ``__ml_step`` to the
``pop`` of a *window*, a list of ``CHECK_EVERY`` items (fewer when the step limit is near): one C
call that CPython 3.11 specialises (about 12 ns; a method-wrapper such as an iterator's
``__next__`` costs about 25 ns, a no-op Python function about 24 ns). The window's last item is a
``_WindowEnd`` whose ``__del__`` runs when the step that popped it drops it: that is the slow path,
once per window, which enforces the step count exactly, reads the clock, samples memory and refills
the list in place. When a limit is hit -- there, or by the watchdog thread at the deadline -- every
bound ``__ml_step`` is replaced by a function raising the limit's error, so the very next step
raises, and so does every later one (``finally`` blocks that loop cannot run on).

Checks: straight-line code takes no step, yet each statement may do milliseconds of C-level work (a
method of a long string, a slice, a ``+`` of long arrays), and thousands of them in a row would run
far past the deadline. ``count_steps`` code therefore also calls ``__ml_check()`` between statements
(see ``mlpy.compiler.lowering.base``). A check is not a step (``max_steps`` counts loop iterations
plus calls only): it is the meter's ``check``, a C-level no-op of about 6 ns bound per namespace like
``__ml_step``, which the trip that stops the run (the watchdog at the deadline, a cancel, the memory
watch) rebinds to a raiser, so the next check raises the limit's error. Reaching the step limit does
not: its error comes at step N + 1, never at a check before it. When no watchdog thread could be
started, ``check`` reads the clock itself.

Binding: a namespace made by ``mlpy.runtime.namespace.new_globals`` while a limited ``run_scope`` is
active in this thread (the program's, and those of ML modules it imports) gets ``__ml_step`` bound
in its own globals to that run's ``tick``, so overlapping runs in several threads each charge their
own meter with no dispatch. The binding is removed when the scope ends. Code whose namespace was not
made inside the scope (the REPL, a module cached from an earlier run) falls back to the shared
builtin ``step()``, a Python function that charges the only active run's meter, or, when runs
overlap, the meter of the calling thread's run.

Call depth (``max_recursion``) is counted per run and per thread, never by changing the
interpreter's process-wide recursion limit (another thread's program, or the host, would feel it):
a ``DepthGuard`` installed with ``sys.settrace`` for the run's thread counts the frames of the run's
ML code (``ExecutionContext.sources``; module bodies are not calls). It never raises itself (a
raising trace function is uninstalled by CPython); past the limit it makes the meter raise a
catchable ML ``RecursionError`` at the next step, which is the entry step of the call that went too
deep. The interpreter's own limit stays the ceiling: ``max_recursion`` can only lower the depth.

What in-process enforcement cannot do: interrupt one long-running builtin call or a blocking call
(a huge ``sorted``, a slow read). That needs the sandbox (``mlpy.engine.sandbox``), whose parent
kills the whole process group at the deadline and which adds OS limits (RLIMIT_AS, RLIMIT_CPU).
Memory in-process is best effort: the resident set size growth since the run started is sampled
every 8 windows (16,384 steps; Linux ``/proc/self/statm``; elsewhere the peak RSS).

A debugger holds a run's clock while the program is paused (``Meter.hold_clock``/``release_clock``):
the timeout counts running time, and the watchdog, woken at a deadline that was moved, waits on.
"""

from __future__ import annotations

import heapq
import math
import os
import sys
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass
from itertools import repeat
from typing import Any

from mlpy.errors import MLLimitError, MLTimeoutError
from mlpy.language.advice import limit_name
from mlpy.runtime.context import current
from mlpy.runtime.output_limit import LimitedOutput

CHECK_EVERY = 2048
"""Steps in one window: between two checks of the clock (and of the step count, when no limit is
near). A refill costs a few microseconds on a busy machine: at 1,024 steps a window that was 5 % of
quicksort's time under limits, at 2,048 it is half that; 4,096 gains little more and makes a program
recursing inside ``finally`` blocks at the interpreter's limit take 4x longer to empty its window
(``tests/security/test_weak_spots.py`` needs that within its 1 s timeout, with room to spare)."""

_MEMORY_EVERY_CHECKS = 8
"""Windows between two memory samples (so memory is sampled every 16,384 steps)."""

NO_CHECK: Callable[[], Any] = bool
"""What ``__ml_check`` is while the run has hit no limit: ``bool()`` does nothing but return
``False``, and as a C type with a vectorcall it is the cheapest call there is (about 6 ns; a
bound ``repeat(None).__next__`` or a Python function costs about 15 ns)."""

RECURSION_MESSAGE = "maximum recursion depth exceeded"
"""The text of the ML ``RecursionError`` raised past ``max_recursion`` (as past Python's own limit)."""


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
        """True when the program must be compiled with ``count_steps`` (time, steps, memory or
        depth: the depth guard raises at the entry step of the call that went too deep)."""
        return (self.timeout is not None or self.max_steps is not None or self.max_memory_mb is not None
                or self.max_recursion is not None)

    def any(self) -> bool:
        """True when any limit is set."""
        return self.active() or self.max_output_bytes is not None or self.max_recursion is not None


def timeout_message(seconds: float, front_end: str = "cli") -> str:
    """``time limit of 2.0 s exceeded (--timeout)`` (``(timeout=)`` for an embedding host) --
    shared with the sandbox."""
    return f"time limit of {float(seconds)!r} s exceeded ({limit_name('timeout', front_end)})"


def memory_message(megabytes: float, front_end: str = "cli") -> str:
    """``memory limit of 64 MB exceeded (--max-memory)`` (``(max_memory=)`` for an embedding
    host) -- shared with the sandbox."""
    return f"memory limit of {megabytes:g} MB exceeded ({limit_name('max_memory', front_end)})"


def steps_message(steps: int | None, front_end: str = "cli") -> str:
    """``step limit of 1000 exceeded (--max-steps)`` (``(max_steps=)`` for an embedding host)."""
    return f"step limit of {steps} exceeded ({limit_name('max_steps', front_end)})"


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


def process_rss_bytes() -> int:
    """This process's resident set size in bytes: the one RSS helper (memory limits, the module
    registry's memory report, dev mode)."""
    return _rss_bytes()


_FILL: list[None] = []


def _fill(count: int) -> list[None]:
    """``count`` Nones for a window, from one shared list when it is the usual full window."""
    global _FILL
    if count != len(_FILL):
        if count != CHECK_EVERY - 1:
            return [None] * count
        _FILL = [None] * count
    return _FILL


class _WindowEnd:
    """The last item of a window (and a backup behind it). ``__del__`` runs when the step that took
    it drops it: that is the slow path, once per window, with no cost to the other steps."""

    __slots__ = ("meter", "generation", "extra")

    def __init__(self, meter: Meter, generation: int, extra: int) -> None:
        self.meter = meter
        self.generation = generation
        self.extra = extra

    def __del__(self) -> None:
        try:
            self.meter._window_end(self.generation, self.extra)
        except BaseException:  # noqa: S110 - a finaliser cannot raise; the backup item retries
            pass


class Meter:
    """The counters of one run and its step callable ``tick`` (what the run's ``__ml_step`` is).

    While no limit is hit, ``tick`` is the ``pop`` of the current window, a list
    ``[backup end, end, None x (size - 1)]``: each step pops one item in C. The step that pops the
    window's end runs ``_window_end`` (through the end's ``__del__``) which enforces the limits and
    refills the list in place. If that hook could not run (Python's recursion limit reached at that
    very step), the backup end is the next step and retries (then the count is one step late); if
    that fails too, the empty list makes every later step raise ``IndexError``: the program still
    cannot run on (the watchdog still replaces it with the timeout). When a limit is hit, ``tick`` and every
    bound ``__ml_step`` become ``_raise_failure``, which raises the limit's error at every step.
    """

    __slots__ = ("limits", "front_end", "deadline", "expired", "tick", "check", "_clock_check",
                 "_check_failure", "_check_raiser",
                 "_counted", "_window", "_slots", "_pop",
                 "_generation", "_checks", "_memory_base", "_memory_limit", "_failure", "_raiser",
                 "_recursion_raiser", "_bound", "_closed", "_held", "alarm")

    def __init__(self, limits: Limits, *, metered: bool = False, started: float | None = None,
                 front_end: str = "cli") -> None:
        self.limits = limits
        self.front_end = front_end  # who started the run: what its limit messages advise
        # ``started``: when the run's clock started (before compiling its program), else now.
        start = time.monotonic() if started is None else started
        self.deadline = None if limits.timeout is None else start + limits.timeout
        self.expired = False
        self._held: float | None = None  # when ``hold_clock`` stopped the clock
        self.alarm: _Deadline | None = None  # the watchdog's entry (``run_scope`` sets it)
        self._checks = 0
        self._counted = 0
        self._window = 0
        self._generation = 0
        self._closed = False
        self._failure: tuple[type[MLLimitError], str] | None = None
        self._raiser = self._raise_failure
        self._recursion_raiser = self._raise_recursion
        self._bound: list[dict[str, Any]] = []
        self._memory_limit: int | None = None
        self._memory_base = 0
        if limits.max_memory_mb is not None and math.isfinite(limits.max_memory_mb):  # inf: no limit
            self._memory_limit = int(limits.max_memory_mb * 1024 * 1024)
            self._memory_base = _rss_bytes()
        self._slots: list[Any] = []
        self._pop: Callable[[], Any] = self._slots.pop
        self.tick: Callable[[], Any]
        self._clock_check: Callable[[], Any] = self._check_clock
        self.check: Callable[[], Any] = NO_CHECK  # what a bound ``__ml_check`` is
        self._check_failure: tuple[type[MLLimitError], str] | None = None
        self._check_raiser: Callable[[], Any] = self._raise_check_failure
        if limits.active() or metered:
            self.tick = self._pop
            self._slots[:] = self._new_window(self._window_size(0))
        else:
            self.tick = repeat(None).__next__  # never runs out, counts nothing

    @property
    def steps(self) -> int:
        """Steps counted so far."""
        if self._failure is not None or not self._window:
            return self._counted
        return self._counted + self._window + 1 - len(self._slots)

    def step(self) -> None:
        """Count one step (the same as calling ``tick``)."""
        self.tick()

    def _window_size(self, used: int) -> int:
        limit = self.limits.max_steps
        return CHECK_EVERY if limit is None else min(CHECK_EVERY, limit - used)

    def _new_window(self, size: int) -> list[Any]:
        self._window = size
        window: list[Any] = [_WindowEnd(self, self._generation, 1), _WindowEnd(self, self._generation, 0)]
        window += _fill(size - 1)
        return window

    def _refill(self, size: int) -> None:
        """Refill the window in place. Normally only the backup end is left (index 0): it is kept,
        moved to the new generation, and a new end plus ``size - 1`` Nones go behind it (one object
        made and no finaliser run: the refill was about a tenth of what steps cost a recursive call)."""
        slots = self._slots
        self._window = size
        generation = self._generation
        if len(slots) == 1 and type(slots[0]) is _WindowEnd:
            slots[0].generation = generation
            slots.append(_WindowEnd(self, generation, 0))
            slots += _fill(size - 1)
        else:  # the backup was used too: a whole new window
            slots[:] = self._new_window(size)

    def _window_end(self, generation: int, extra: int) -> None:
        """The slow path, at the last step of a window (``extra`` = 1: one step later, from the
        backup): enforce the time, step and memory limits and refill, or fail from the next step."""
        if generation != self._generation or self._closed or self._failure is not None:
            return
        used = self._counted + self._window + extra
        limits = self.limits
        # Time goes first: it must be reported rather than a step count it may have inflated.
        if self.deadline is not None and (self.expired or (
                self._held is None and time.monotonic() >= self.deadline)):
            self._trip(MLTimeoutError, timeout_message(limits.timeout or 0, self.front_end), used)
            return
        if limits.max_steps is not None and used >= limits.max_steps:
            self._trip(MLLimitError, steps_message(limits.max_steps, self.front_end), used, stops_checks=False)
            return
        self._checks += 1
        if self._memory_limit is not None and self._checks % _MEMORY_EVERY_CHECKS == 0 \
                and _rss_bytes() - self._memory_base > self._memory_limit:
            self._trip(MLLimitError, memory_message(limits.max_memory_mb or 0, self.front_end), used)
            return
        self._generation += 1  # first, so an old backup dropped by the refill finds itself stale
        self._counted = used
        self._refill(self._window_size(used))

    def _trip(self, kind: type[MLLimitError], message: str, used: int | None = None, *,
              stops_checks: bool = True) -> None:
        """Fail from the next step on: every bound ``__ml_step`` (and ``tick``) raises from now;
        unless the step limit is what was reached (``stops_checks`` false: its error comes at step
        N + 1, not before), every bound ``__ml_check`` (and ``check``) too."""
        if stops_checks:
            self._stop_checks(kind, message)
        if self._failure is not None:
            return
        self._failure = (kind, message)
        self._generation += 1
        if used is not None:
            self._counted = used
        else:
            self._counted = self.steps_in_window()
        self._window = 0
        self.tick = self._raiser
        for namespace in list(self._bound):
            if namespace.get("__ml_step") in (self._pop, self._recursion_raiser):
                namespace["__ml_step"] = self._raiser
        self._slots.clear()

    def _stop_checks(self, kind: type[MLLimitError], message: str) -> None:
        """Make every later check raise this error (the first such error stays)."""
        if self._check_failure is not None:
            return
        self._check_failure = (kind, message)
        self.check = self._check_raiser
        for namespace in list(self._bound):
            if namespace.get("__ml_check") in (NO_CHECK, self._clock_check):
                namespace["__ml_check"] = self._check_raiser

    def check_clock_in_checks(self) -> None:
        """Make ``check`` (and every bound ``__ml_check``) read the clock: no watchdog thread could
        be started to trip the meter at the deadline."""
        if self.check is not NO_CHECK:
            return
        self.check = self._clock_check
        for namespace in self._bound:
            if namespace.get("__ml_check") is NO_CHECK:
                namespace["__ml_check"] = self._clock_check

    def _check_clock(self) -> None:
        """``check`` without a watchdog: expire the run once its deadline has passed."""
        if self.deadline is not None and self._held is None and time.monotonic() >= self.deadline:
            self.expire()
            self.check()

    def trip_recursion(self) -> None:
        """Called by the depth guard: make the next step (the entry step of the call that went too
        deep) raise an ML ``RecursionError``, once; a program that catches it runs on."""
        if self._failure is not None or self.tick is self._recursion_raiser:
            return
        self.tick = self._recursion_raiser
        for namespace in self._bound:
            if namespace.get("__ml_step") is self._pop:
                namespace["__ml_step"] = self._recursion_raiser

    def _raise_recursion(self) -> None:
        if self._failure is None:
            self.tick = self._pop
            for namespace in self._bound:
                if namespace.get("__ml_step") is self._recursion_raiser:
                    namespace["__ml_step"] = self._pop
        raise RecursionError(RECURSION_MESSAGE)

    def window_exhausted(self) -> bool:
        """Whether the step window ran empty without its end hooks running (they cannot run at
        the interpreter's recursion limit): the ``IndexError`` a step then raises is this meter's
        failure, not the program's (see ``errors_runtime.step_failure``)."""
        return self.limits.active() and self._failure is None and not self._closed and not self._slots

    def steps_in_window(self) -> int:
        """Steps counted so far while the current window is live (the watchdog's view)."""
        if not self._window:
            return self._counted
        return self._counted + self._window + 1 - len(self._slots)

    def _raise_failure(self) -> None:
        assert self._failure is not None
        kind, message = self._failure
        raise kind(message)

    def _raise_check_failure(self) -> None:
        assert self._check_failure is not None
        kind, message = self._check_failure
        raise kind(message)

    def measures_memory(self) -> bool:
        """Whether this run has a (finite) memory limit to measure against."""
        return self._memory_limit is not None

    def memory_exceeded(self) -> bool:
        """Whether the RSS grew by more than ``max_memory_mb`` since the run started."""
        return self._memory_limit is not None and _rss_bytes() - self._memory_base > self._memory_limit

    def trip_memory(self) -> None:
        """Called by the memory watch thread: make the very next step raise the memory limit."""
        self._trip(MLLimitError, memory_message(self.limits.max_memory_mb or 0, self.front_end))

    def check_memory(self) -> None:
        """Raise ``MLLimitError`` when the RSS grew by more than ``max_memory_mb`` since the start."""
        if self._memory_limit is not None and _rss_bytes() - self._memory_base > self._memory_limit:
            raise MLLimitError(memory_message(self.limits.max_memory_mb or 0, self.front_end))

    def cancel(self, message: str) -> None:
        """Called from another thread to stop the run: the very next step raises ``MLLimitError``."""
        self._trip(MLLimitError, message)

    def expire(self) -> None:
        """Called by the watchdog at the deadline: make the very next step raise the timeout
        (unless the clock is held, or ``release_clock`` moved the deadline: then it waits on)."""
        if self._held is not None:
            return
        remaining = None if self.deadline is None else self.deadline - time.monotonic()
        if remaining is not None and remaining > 0:
            self.alarm = _start_watchdog(self, remaining)
            return
        self.expired = True
        self._trip(MLTimeoutError, timeout_message(self.limits.timeout or 0, self.front_end))

    def hold_clock(self) -> None:
        """Stop the run's clock: a debugger paused the program, and the time until
        ``release_clock`` does not count against ``timeout`` (steps taken meanwhile still count)."""
        if self.deadline is not None and self._held is None:
            self._held = time.monotonic()

    def release_clock(self) -> None:
        """Restart the clock ``hold_clock`` stopped: the deadline moves on by the time held."""
        held, self._held = self._held, None
        if held is None or self.deadline is None:
            return
        self.deadline += time.monotonic() - held
        if self.alarm is not None:
            self.alarm.cancel()
            self.alarm = _start_watchdog(self, max(self.deadline - time.monotonic(), 0.0))

    def bind(self, namespace: dict[str, Any]) -> None:
        """Make ``namespace``'s ``__ml_step`` this meter's ``tick``, and its ``__ml_check`` this meter's
        ``check``, until the run scope ends."""
        namespace["__ml_step"] = self.tick
        namespace["__ml_check"] = self.check
        self._bound.append(namespace)
        if self._failure is not None:  # the watchdog may have tripped meanwhile
            namespace["__ml_step"] = self._raiser
        if self._check_failure is not None:
            namespace["__ml_check"] = self._check_raiser

    def bound_namespaces(self) -> list[dict[str, Any]]:
        """The namespaces ``bind`` made step with this meter (the program's and its ML modules'):
        a debugger's evaluation lends them its own meter while it calls the program's functions."""
        return list(self._bound)

    def unbind_all(self) -> None:
        """Undo every ``bind`` (those namespaces fall back to the shared builtin ``step()``) and
        drop the window (whose items refer back to this meter)."""
        self._closed = True
        for namespace in self._bound:
            if namespace.get("__ml_step") in (self._pop, self._raiser, self._recursion_raiser):
                del namespace["__ml_step"]
                # (``NO_CHECK`` is every meter's: only a namespace whose step was this meter's
                # has this meter's check)
                if namespace.get("__ml_check") in (NO_CHECK, self._clock_check, self._check_raiser):
                    del namespace["__ml_check"]
        self._bound.clear()
        self._slots.clear()


_UNLIMITED = Meter(Limits())
_local = threading.local()
_lock = threading.Lock()
_scopes: list[Meter] = []
"""The meter of every active ``run_scope`` in the process, in entry order."""


class _Router:
    """What ``step()`` charges (and ``check()`` asks) while runs overlap: the meter of the calling
    thread's own run."""

    __slots__ = ("tick", "check")

    def __init__(self) -> None:
        self.tick = self.dispatch
        self.check = self.dispatch_check

    @staticmethod
    def dispatch() -> None:
        getattr(_local, "meter", _UNLIMITED).tick()

    @staticmethod
    def dispatch_check() -> None:
        getattr(_local, "meter", _UNLIMITED).check()


_ROUTER = _Router()
_target: Meter | _Router = _UNLIMITED
"""What ``step()`` charges: the only active run's meter, ``_ROUTER`` when runs overlap."""


def _retarget() -> None:
    """Point ``step()`` at the right meter after a scope starts or ends (call under ``_lock``)."""
    global _target
    if not _scopes:
        _target = _UNLIMITED
    elif len(_scopes) == 1:
        _target = _scopes[0]
    else:
        _target = _ROUTER


def step() -> None:
    """The shared builtin ``__ml_step``: count one step; every so often enforce the limits.

    Raises ``MLLimitError`` (``step limit of N exceeded (--max-steps)``) on step N+1 and
    ``MLTimeoutError`` (``time limit of 2.0 s exceeded (--timeout)``) once the deadline has passed.
    Only code whose namespace has no per-run binding (see the module docstring) gets here. With a
    single run active its meter is charged directly; when runs overlap, each step is routed to the
    meter of the calling thread's run. (A step from ML code the host calls outside any run, while a
    run is active in another thread, is charged to that run.)
    """
    _target.tick()


def check() -> None:
    """The shared builtin ``__ml_check``: raise the limit error of the run that has hit one, else
    nothing. It counts no step. Only code whose namespace has no per-run binding gets here; it asks
    the only active run's meter, or, when runs overlap, the meter of the calling thread's run."""
    _target.check()


def bind_step(namespace: dict[str, Any]) -> None:
    """Bind ``namespace``'s ``__ml_step`` and ``__ml_check`` to the limited run active in this
    thread, if any.

    Called by ``new_globals`` for every fresh ML namespace; outside a limited ``run_scope`` it does
    nothing, and the namespace uses the shared builtins ``step()`` and ``check()``.
    """
    meter = getattr(_local, "meter", None)
    if meter is not None and meter is not _UNLIMITED:
        meter.bind(namespace)


def metered() -> bool:
    """Whether the run active in this thread counts its steps: it has a limit, or something may
    stop it between steps (a cancel token, a debugger). Code it loads must count steps too."""
    return getattr(_local, "meter", _UNLIMITED) is not _UNLIMITED


def current_meter() -> Meter:
    """The meter of the run active in this thread (an unlimited one outside ``run_scope``)."""
    return getattr(_local, "meter", _UNLIMITED)


class DepthGuard:
    """Counts the ML calls in progress of one run in one thread, against ``max_recursion``.

    Installed with ``sys.settrace`` (per thread) for the run: the global trace function sees every
    Python call, keeps only frames of the run's ML code (filenames in ``sources``, module bodies
    excepted), switches their line events off and follows them to their return. Past the limit it
    trips the run's meter, which raises a catchable ``RecursionError`` at the next step. A host trace
    function (a debugger, coverage) is suspended in this thread while the run lasts.
    """

    __slots__ = ("limit", "depth", "sources", "meter")

    def __init__(self, limit: int, sources: dict[str, str], meter: Meter) -> None:
        self.limit = limit
        self.depth = 0
        self.sources = sources
        self.meter = meter

    def trace_call(self, frame: Any, event: str, arg: Any) -> Any:
        """The global trace function: count an ML call, ignore everything else."""
        code = frame.f_code
        if event != "call" or code.co_filename not in self.sources or code.co_name == "<module>":
            return None
        frame.f_trace_lines = False
        self.depth += 1
        if self.depth > self.limit:
            self.meter.trip_recursion()
        return self.trace_frame

    def trace_frame(self, frame: Any, event: str, arg: Any) -> Any:
        """The local trace function of a counted frame: the call ends at its ``return`` event."""
        if event == "return":
            self.depth -= 1
        return self.trace_frame


class _Watchdog:
    """One daemon thread expiring the meters of every timed run at their deadlines.

    A thread per run (``threading.Timer``) costs about 100 us to start, more than a short run
    itself; this one thread sleeps until the nearest deadline. ``add`` returns a handle whose
    ``cancel()`` (the run ended) marks it; marked entries leave the heap when they reach its top
    (in ``add`` or in the thread) or when ``add`` compacts the heap.

    The thread always sleeps until a time no later than the earliest deadline in the heap: it took
    that deadline (or waits without end on an empty heap), an entry leaving the top only makes the
    top later, and ``add`` wakes it when the new deadline is earlier than the top it saw (or the
    heap was empty). Waking it for every run would cost a thread switch per timed run.
    """

    COMPACT_MIN = 256
    """The heap is never compacted below this many entries."""

    def __init__(self) -> None:
        self._lock = threading.Condition(threading.Lock())
        self._heap: list[tuple[float, int, _Deadline]] = []
        self._ids = 0
        self._thread: threading.Thread | None = None
        self._compact_at = self.COMPACT_MIN

    def add(self, meter: Meter, seconds: float) -> _Deadline | None:
        entry = _Deadline(meter)
        with self._lock:
            if self._thread is None or not self._thread.is_alive():
                thread = threading.Thread(target=self._loop, name="mlpy-watchdog", daemon=True)
                try:
                    thread.start()
                except RuntimeError:  # no threads left (RLIMIT_NPROC): the clock check remains
                    return None
                self._thread = thread
            heap = self._heap
            earliest = heap[0][0] if heap else None  # the thread sleeps until this time or less
            while heap and heap[0][2].cancelled:
                heapq.heappop(heap)
            self._ids += 1
            deadline = time.monotonic() + seconds
            heapq.heappush(heap, (deadline, self._ids, entry))
            if len(heap) > self._compact_at:
                self._compact()
            if earliest is None or deadline < earliest:
                self._lock.notify()
        return entry

    def _compact(self) -> None:
        """Drop the cancelled entries (a cancelled entry with a late deadline can sit below a live
        one for long): the heap grows at most to twice its live size before this runs again, so
        the work is constant per ``add`` on average. Called with the lock held."""
        heap = [item for item in self._heap if not item[2].cancelled]
        heapq.heapify(heap)
        self._heap = heap
        self._compact_at = max(self.COMPACT_MIN, 2 * len(heap))

    def _loop(self) -> None:
        while True:
            with self._lock:
                heap = self._heap
                while heap and heap[0][2].cancelled:
                    heapq.heappop(heap)
                if not heap:
                    self._lock.wait()
                    continue
                deadline, _, entry = heap[0]
                wait = deadline - time.monotonic()
                if wait > 0:
                    # A deadline centuries away (``timeout=1e300``) is more than a lock can wait
                    # for: sleep the longest a wait allows and look again.
                    self._lock.wait(min(wait, threading.TIMEOUT_MAX))
                    continue
                heapq.heappop(heap)
            if not entry.cancelled:
                entry.meter.expire()


class _Deadline:
    """A run's entry with the watchdog."""

    __slots__ = ("meter", "cancelled")

    def __init__(self, meter: Meter) -> None:
        self.meter = meter
        self.cancelled = False

    def cancel(self) -> None:
        self.cancelled = True


_WATCHDOG = _Watchdog()


def _new_watchdog_after_fork() -> None:
    """Give a forked child (a pool zygote's run) a watchdog of its own: the parent's thread does not
    exist in the child, and the parent's lock may have been copied while that thread held it, which
    left the child's first timed run waiting for it forever."""
    global _WATCHDOG
    _WATCHDOG = _Watchdog()


if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_new_watchdog_after_fork)


def _start_watchdog(meter: Meter, seconds: float) -> _Deadline | None:
    return _WATCHDOG.add(meter, seconds)


MEMORY_WATCH_INTERVAL = 0.02
"""Seconds between two RSS samples of the memory watch (a run with ``--max-memory``)."""


class _MemoryWatch(threading.Thread):
    """Samples the process RSS while a run with ``--max-memory`` is active, and trips its meter.

    Step-based sampling alone misses programs that grow fast in few steps (``x = x + x`` doubles
    memory per iteration): the watch catches them within one interval, and the program stops at its
    next step. One huge C-level allocation can still overshoot once; ``--sandbox`` adds RLIMIT_AS.
    """

    def __init__(self, meter: Meter) -> None:
        super().__init__(name="mlpy-memory-watch", daemon=True)
        self.meter = meter
        self.stopped = threading.Event()

    def run(self) -> None:
        while not self.stopped.wait(MEMORY_WATCH_INTERVAL):
            if self.meter.memory_exceeded():
                self.meter.trip_memory()
                return


def _start_memory_watch(meter: Meter) -> _MemoryWatch | None:
    watch = _MemoryWatch(meter)
    try:
        watch.start()
    except RuntimeError:  # no threads left: the step-based sampling remains
        return None
    return watch


class run_scope:  # noqa: N801 - used as ``with run_scope(limits) as meter:``, like a function
    """Install ``limits`` for one run in this thread and undo everything afterwards.

    Sets the meter ``step()`` uses and that namespaces made inside the scope bind (``bind_step``;
    unbound again at the end), starts the timeout watchdog and the memory watch, installs the depth
    guard for ``max_recursion`` in this thread only, and wraps the active execution context's
    ``stdout`` and ``stderr`` in ``LimitedOutput``s sharing one budget when ``max_output_bytes`` is
    set (``console.error``, ``log`` and ``print`` all count). The meter, guard and output
    budget are also recorded on the context. Nested scopes restore the outer one. Nothing
    process-wide changes (the interpreter's recursion limit is left alone). ``metered`` gives an
    unlimited run a meter of its own anyway (to count its steps, or to cancel it). ``started`` (a
    ``time.monotonic()`` value) is when the run's clock started, if before now: the time spent
    compiling the program counts against ``timeout``.

    A class rather than a generator-based context manager: every run and every host call into ML
    enters one, and ``contextlib.contextmanager`` alone cost about as much as the scope's own work.
    """

    __slots__ = ("_limits", "_metered", "_started", "_meter", "_previous_meter", "_ctx", "_saved",
                 "_guard", "_previous_trace", "_timer", "_memory_watch")

    def __init__(self, limits: Limits | None, *, metered: bool = False,
                 started: float | None = None) -> None:
        self._limits = limits or _NO_LIMITS
        self._metered = metered
        self._started = started

    def __enter__(self) -> Meter:
        limits = self._limits
        metered = self._metered
        ctx = self._ctx = current()
        meter = Meter(limits, metered=metered, started=self._started, front_end=ctx.front_end) \
            if limits.active() or metered else _UNLIMITED
        self._meter = meter
        self._previous_meter = current_meter()
        self._saved = (ctx.stdout, ctx.stderr, ctx.meter, ctx.depth, ctx.output)
        if limits.max_output_bytes is not None:
            limited = LimitedOutput(ctx.stdout, limits.max_output_bytes)
            ctx.stdout = limited  # type: ignore[assignment]
            ctx.stderr = LimitedOutput(ctx.stderr, budget=limited.budget)  # type: ignore[assignment]
            ctx.output = limited.budget
        ctx.meter = meter
        self._guard = None
        self._previous_trace = None
        if limits.max_recursion is not None:
            guard = self._guard = DepthGuard(limits.max_recursion, ctx.sources, meter)
            ctx.depth = guard
            self._previous_trace = sys.gettrace()
            sys.settrace(guard.trace_call)
        _local.meter = meter
        with _lock:
            _scopes.append(meter)
            _retarget()
        self._timer = None
        if limits.timeout is not None:
            self._timer = meter.alarm = _start_watchdog(
                meter, limits.timeout if meter.deadline is None else max(meter.deadline - time.monotonic(), 0.0))
            if self._timer is None:
                meter.check_clock_in_checks()
        # (an infinite memory limit is none: the meter measures nothing, so no thread samples for it)
        self._memory_watch = _start_memory_watch(meter) if meter.measures_memory() else None
        return meter

    def __exit__(self, *exc_info: object) -> None:
        if self._guard is not None:
            sys.settrace(self._previous_trace)
        if self._timer is not None:
            self._timer.cancel()
            if meter_alarm := self._meter.alarm:  # re-armed after a held clock
                meter_alarm.cancel()
        if self._memory_watch is not None:
            self._memory_watch.stopped.set()
        meter = self._meter
        if meter is not _UNLIMITED:  # nothing is ever bound to the shared unlimited meter
            meter.unbind_all()
        with _lock:
            _scopes.remove(meter)
            _retarget()
        _local.meter = self._previous_meter
        ctx = self._ctx
        ctx.stdout, ctx.stderr, ctx.meter, ctx.depth, ctx.output = self._saved


_NO_LIMITS = Limits()

__all__ = [
    "CHECK_EVERY",
    "DepthGuard",
    "Limits",
    "Meter",
    "bind_step",
    "check",
    "current_meter",
    "memory_message",
    "run_scope",
    "step",
    "steps_message",
    "timeout_message",
]
