"""The execution context of one ML run: output, input, grants, limits, paths, sources.

Generated code and the runtime never take these as parameters; they ask ``current()``. The context
lives in a ``contextvars.ContextVar`` so that threads and nested runs (an ML module imported while
a program runs, the REPL, the embedding API) each see their own.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any, TextIO


class _ProcessStdout:
    """A writer that forwards to whatever ``sys.stdout`` is at the time of the write.

    Used as the default ``stdout`` so that a context created early still follows later
    redirections of ``sys.stdout`` (test capture, the REPL's patching).
    """

    def write(self, text: str) -> int:
        return sys.stdout.write(text)

    def flush(self) -> None:
        sys.stdout.flush()


class _ProcessStdin:
    """A reader that forwards to whatever ``sys.stdin`` is at the time of the read."""

    def readline(self, size: int = -1) -> str:
        return sys.stdin.readline(size)

    def read(self, size: int = -1) -> str:
        return sys.stdin.read(size)


@dataclass
class ExecutionContext:
    """Everything a running ML program may need from its host.

    ``grants`` and ``limits`` are opaque here: the security layer defines them
    (``mlpy.runtime.capabilities`` / ``mlpy.runtime.limits``). ``sources`` maps every compiled ML
    filename to its text, so that errors can show the source line and the reporter can tell ML
    frames from runtime frames.
    """

    stdout: TextIO = field(default_factory=lambda: _ProcessStdout())  # type: ignore[assignment]
    stdin: TextIO = field(default_factory=lambda: _ProcessStdin())  # type: ignore[assignment]
    grants: Any = None
    limits: Any = None
    extension_paths: list[str] = field(default_factory=list)
    ml_module_paths: list[str] = field(default_factory=list)
    main_dir: str | None = None
    argv: list[str] = field(default_factory=list)
    sources: dict[str, str] = field(default_factory=dict)



_DEFAULT = ExecutionContext()
_CURRENT: ContextVar[ExecutionContext] = ContextVar("mlpy_execution_context", default=_DEFAULT)


def current() -> ExecutionContext:
    """The active execution context (a default one writing to ``sys.stdout`` when none is set)."""
    return _CURRENT.get()


@contextmanager
def use(ctx: ExecutionContext) -> Iterator[ExecutionContext]:
    """Make ``ctx`` the active context for the duration of the ``with`` block."""
    token = _CURRENT.set(ctx)
    try:
        yield ctx
    finally:
        _CURRENT.reset(token)


__all__ = ["ExecutionContext", "current", "use"]
