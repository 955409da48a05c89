"""Calls into ML functions from runtime and library code, counted against the native stack.

When C code calls an ML function -- a sort key, ``call(f, x)``, a ``functional.map`` callback, a
``regex.sub`` replacement, an object's function called as ``o.f(x)`` -- each nested call takes
native (C) stack: up to about 3.5 KB per level through ``sorted`` on CPython 3.11. Python's own
recursion limit does not protect that stack once a host raises the limit (``sys.setrecursionlimit
(100_000)`` is common in applications): ML recursion through such a callback then overflows the
stack and the host process dies with a segmentation fault. Every such call therefore goes through
``call_ml``, which counts the nesting per thread and raises ``RecursionError`` (an ML
``RecursionError``, catchable like any other) before the stack can run out.

The limit is derived from the thread's stack size: ``NATIVE_FRAME_BYTES`` per level (more than
twice the worst level measured), after a reserve for the host's frames below the run. On the usual
8 MB main-thread stack that is 960 nested callback calls; plain ML recursion (one ML function
calling another directly) uses no native stack and is not counted here.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

NATIVE_FRAME_BYTES = 8192
"""Native stack budgeted per nested callback call (worst measured: ~3.5 KB through ``sorted``)."""

NATIVE_RESERVE_BYTES = 512 * 1024
"""Stack left for the host's own frames below the run and for the error's unwinding."""

DEFAULT_STACK_BYTES = 8 * 1024 * 1024
"""The stack assumed for the main thread when its limit is unlimited or unknown."""

THREAD_STACK_BYTES = 2 * 1024 * 1024
"""The stack assumed for other threads when neither ``threading.stack_size`` nor a finite
``RLIMIT_STACK`` says more (the smallest common pthread default)."""

MESSAGE = "maximum recursion depth exceeded (callbacks nested {} deep through builtins)"

_state = threading.local()


try:
    import resource
except ImportError:  # not POSIX: the stack limit is unknown
    resource = None  # type: ignore[assignment]


def _stack_bytes() -> int:
    """The stack size of the calling thread, as well as it can be known (asked before every run)."""
    try:
        soft = resource.getrlimit(resource.RLIMIT_STACK)[0] if resource is not None else -1
    except (OSError, ValueError):
        soft = -1
    finite = soft if soft > 0 else None
    if threading.current_thread() is threading.main_thread():
        return min(finite or DEFAULT_STACK_BYTES, DEFAULT_STACK_BYTES * 8)
    configured = threading.stack_size()
    return configured or min(finite or THREAD_STACK_BYTES, DEFAULT_STACK_BYTES)


def native_limit() -> int:
    """How many callback calls may nest in the calling thread."""
    return max((_stack_bytes() - NATIVE_RESERVE_BYTES) // NATIVE_FRAME_BYTES, 16)


def _counter() -> list[int]:
    try:
        counter: list[int] = _state.counter
        return counter
    except AttributeError:
        counter = _state.counter = [0, native_limit()]
        return counter


def call_ml(function: Callable[..., Any], *args: Any) -> Any:
    """``function(*args)``, refusing to nest deeper than the native stack allows."""
    counter = _counter()
    depth = counter[0]
    if depth >= counter[1]:
        raise RecursionError(MESSAGE.format(depth))
    counter[0] = depth + 1
    try:
        return function(*args)
    finally:
        counter[0] = depth


def counted(function: Callable[..., Any]) -> Callable[[Any], Any]:
    """A one-argument wrapper of ``function`` that goes through ``call_ml`` (for sort keys)."""

    def key(item: Any) -> Any:
        return call_ml(function, item)

    return key


__all__ = ["MESSAGE", "NATIVE_FRAME_BYTES", "call_ml", "counted", "native_limit"]
