"""The ML ``console`` module: ``log``/``info``/``debug`` to the program's output, ``error``/``warn``
to its error stream.

Arguments print exactly like ML ``print`` (ML notation, separated by one space) and go to the
current execution context's streams, so output captured by the host (the embedding API, the REPL,
``--max-output``) includes console output too.
"""

from __future__ import annotations

import sys
from typing import Any

from mlpy.modules.decorators import ml_function, ml_module


def _ml_str(value: Any) -> str:
    """ML ``str()`` of a value: exactly what ``print`` shows."""
    from mlpy.runtime.formatting import ml_str

    return ml_str(value)


def _streams() -> tuple[Any, Any]:
    """(stdout, stderr) of the current ML execution."""
    try:
        from mlpy.runtime.context import current
    except ImportError:
        return sys.stdout, sys.stderr
    ctx = current()
    return ctx.stdout, getattr(ctx, "stderr", None) or sys.stderr


def _write(stream_index: int, args: tuple[Any, ...]) -> None:
    stream = _streams()[stream_index]
    stream.write(" ".join(_ml_str(arg) for arg in args) + "\n")


@ml_module(
    name="console",
    description="Console output: log, info and debug to stdout; error and warn to stderr",
    capabilities=["console.write", "console.error"],
    version="1.0.0",
)
class Console:
    """Write messages to the program's output streams."""

    @ml_function(description="Print values to standard output", capabilities=["console.write"])
    def log(self, *args: Any) -> None:
        _write(0, args)

    @ml_function(description="Print values to standard error", capabilities=["console.error"])
    def error(self, *args: Any) -> None:
        _write(1, args)

    @ml_function(description="Print a warning to standard error", capabilities=["console.error"])
    def warn(self, *args: Any) -> None:
        _write(1, args)

    @ml_function(description="Print values to standard output", capabilities=["console.write"])
    def info(self, *args: Any) -> None:
        _write(0, args)

    @ml_function(description="Print values to standard output", capabilities=["console.write"])
    def debug(self, *args: Any) -> None:
        _write(0, args)


console = Console()
