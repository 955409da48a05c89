"""The compile deadline: a run's time limit covers compiling its program too.

A run with ``timeout`` starts its clock before compiling, and every compiler phase (the lexer, the
parser, the resolver, the lowering) compares ``time.monotonic()`` with the compile deadline now and
then -- once per statement, list item, binary operator or line -- so that a huge program cannot keep
a run busy past its limit before a single ML step has been counted. A deadline is a
``time.monotonic()`` value, or ``None`` for no limit (the check is then one ``is not None`` test).

The compile deadline comes before the run's (``mlpy.compiler.options.compile_deadline``): two
costs follow the last check and cannot be interrupted, Python's own ``compile()`` of the lowered tree
(about a fifth of a compile) and, when the compile is abandoned, freeing what it built (about a
third of the time spent). Stopping at ``COMPILE_SHARE`` of the limit keeps both inside it.
"""

from __future__ import annotations

from time import monotonic

from mlpy.errors import MLTimeoutError
from mlpy.language.advice import current_front_end, limit_name

COMPILE_TIMEOUT_MESSAGE = "compiling took longer than the time limit allows (--timeout)"
"""The message of the ``MLTimeoutError`` raised when the deadline passes during compilation (as
``mlpy run`` shows it; ``compile_timeout_message`` phrases it for other front ends)."""

COMPILE_TIMEOUT_HINT = ("the program is too large to compile within the time limit; raise the limit "
                        "or split the program into modules")


def compile_timeout_message(front_end: str = "cli") -> str:
    """The compile-timeout message naming the time limit as ``front_end`` sets it
    (``(--timeout)``, or ``(timeout=)`` for an embedding host)."""
    return f"compiling took longer than the time limit allows ({limit_name('timeout', front_end)})"


def compile_timeout(filename: str, line: int = 1, col: int = 1) -> MLTimeoutError:
    """The error for a compile stopped at ``line``/``col`` of ``filename`` by its deadline, phrased
    for the front end of the compile in progress (``advice.current_front_end``)."""
    return MLTimeoutError(compile_timeout_message(current_front_end()), filename, line, col,
                          hint=COMPILE_TIMEOUT_HINT)


def check_deadline(deadline: float | None, filename: str, line: int = 1, col: int = 1) -> None:
    """Raise the compile ``MLTimeoutError`` if ``deadline`` has passed (no-op for ``None``)."""
    if deadline is not None and monotonic() > deadline:
        raise compile_timeout(filename, line, col)


__all__ = ["COMPILE_TIMEOUT_MESSAGE", "check_deadline", "compile_timeout", "compile_timeout_message",
           "monotonic"]
