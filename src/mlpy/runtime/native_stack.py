"""Run ML on a native stack deep enough for the interpreter's recursion limit.

Comparing, sorting or searching arrays and objects nested N deep recurses N times in C
(``list == list`` compares the items with ``PyObject_RichCompare``, and so on), up to about 250
bytes of native stack per level on CPython 3.11. The only guard on that recursion is the
interpreter's recursion limit. With Python's default limit (1,000) any thread's stack is plenty,
but a host that raised the limit (``sys.setrecursionlimit(100_000)`` is common in applications)
would let a program build two arrays nested 90,000 deep and compare them: the native stack
overflows and the host process dies with a segmentation fault.

``on_native_stack(body)`` therefore runs ``body`` where it is safe: in the calling thread when
that thread's stack holds ``C_LEVEL_BYTES`` per level of the current recursion limit (the usual
case, at no cost), otherwise in a helper thread created with such a stack (the calling thread
waits for it; the context variables, and so the run's execution context, go along). mlpy never
changes the recursion limit itself: that would change it for every thread of the host.
"""

from __future__ import annotations

import contextvars
import sys
import threading
from collections.abc import Callable
from typing import Any, TypeVar

from mlpy.errors import MLError
from mlpy.runtime.callbacks import NATIVE_RESERVE_BYTES
from mlpy.runtime.callbacks import _stack_bytes as stack_bytes  # the one measure of a thread's stack

T = TypeVar("T")

C_LEVEL_BYTES = 512
"""Native stack budgeted per level of C recursion (about twice the worst measured: ~250 bytes
for ``==``/``<`` of nested arrays and objects, ``sorted``, ``repr`` of nested objects)."""

CALLBACK_STACK_BYTES = 8 * 1024 * 1024
"""Extra stack for callbacks from C into ML (``call_ml`` caps them for an 8 MB stack)."""

_create_lock = threading.Lock()


def needed_stack_bytes() -> int:
    """The native stack a run needs under the current recursion limit."""
    return sys.getrecursionlimit() * C_LEVEL_BYTES + NATIVE_RESERVE_BYTES


def on_native_stack(body: Callable[[], T]) -> T:
    """``body()``, on a thread whose native stack fits the interpreter's recursion limit."""
    needed = needed_stack_bytes()
    if needed <= stack_bytes():
        return body()
    outcome: list[Any] = []
    context = contextvars.copy_context()

    def target() -> None:
        try:
            outcome.append((True, context.run(body)))
        except BaseException as exc:  # noqa: BLE001 - handed back to the waiting thread
            outcome.append((False, exc))

    size = needed + CALLBACK_STACK_BYTES
    with _create_lock:  # threading.stack_size is process-wide: set, start, restore
        previous = threading.stack_size()
        try:
            threading.stack_size(size)
            thread = threading.Thread(target=target, name="mlpy-deep-stack", daemon=True)
            thread.start()
        except (RuntimeError, ValueError, MemoryError):
            raise MLError(f"the host's recursion limit ({sys.getrecursionlimit()}) needs a native "
                          f"stack of {size // (1024 * 1024)} MB for ML code, which could not be "
                          "reserved; lower it with sys.setrecursionlimit") from None
        finally:
            threading.stack_size(previous)
    thread.join()
    ok, value = outcome[0]
    if ok:
        return value
    raise value


__all__ = ["C_LEVEL_BYTES", "needed_stack_bytes", "on_native_stack"]
