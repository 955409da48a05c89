"""The ML ``console`` module: ``log``/``info``/``debug`` to the program's output, ``error``/``warn``
to its error stream.

Arguments print exactly like ML ``print`` (ML notation, separated by one space) and go to the
current execution context's streams, so output captured by the host (the embedding API, the REPL,
``--max-output``) includes console output too.
"""

from __future__ import annotations

import sys
from typing import Any

from mlpy.stdlib.decorators import ml_function, ml_module


def _ml_str(value: Any) -> str:
    """ML ``str()`` of a value (the runtime's formatter; a minimal one until it is importable)."""
    try:
        from mlpy.runtime.formatting import ml_str
    except ImportError:
        return _fallback_str(value, top=True)
    return ml_str(value)


def _fallback_str(value: Any, top: bool = False) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str):
        return value if top else '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(value, list | tuple):
        return "[" + ", ".join(_fallback_str(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{_fallback_str(k)}: {_fallback_str(v)}" for k, v in value.items()) + "}"
    return str(value) if isinstance(value, int | float) else f"<{type(value).__name__}>"


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
