"""The error hierarchy every stage of mlpy raises, and the one way errors are shown to users.

Every error a user sees starts with ``FILE:LINE:COL: KIND: message``, then the source line with a
caret under the column, then an optional hint, then (for uncaught runtime errors) the ML call chain.
This module is deliberately dependency-free so that the parser, the compiler, the runtime and the
embedding API can all raise the same classes.

Fatal errors (security, capability, limits) end the ML program at once: generated code re-raises
them from every ``except`` and skips ``finally`` bodies while one is in flight (see ``is_fatal``).
"""

from __future__ import annotations

import os
from typing import Any


def display_path(filename: str | None) -> str:
    """A file name as a user reads it: relative to the working directory when it lies below it."""
    if not filename:
        return "<ml>"
    if os.path.isabs(filename):
        try:
            relative = os.path.relpath(filename)
        except ValueError:  # another drive on Windows
            return filename
        if not relative.startswith(".."):
            return relative
    return filename


class MLFrame:
    """One ML frame of an uncaught error's call chain (a plain class: ``import mlpy`` stays light)."""

    __slots__ = ("filename", "line", "function")

    def __init__(self, filename: str, line: int, function: str) -> None:
        self.filename = filename
        self.line = line
        self.function = function

    def __eq__(self, other: object) -> bool:
        return isinstance(other, MLFrame) and (self.filename, self.line, self.function) == (
            other.filename, other.line, other.function)

    def __hash__(self) -> int:
        return hash((self.filename, self.line, self.function))

    def __repr__(self) -> str:
        return f"MLFrame({self.filename!r}, {self.line}, {self.function!r})"


class MLError(Exception):
    """Base of every error mlpy reports: carries the ML position and a formatted message."""

    kind: str = "Error"

    def __init__(
        self,
        message: str,
        filename: str | None = None,
        line: int | None = None,
        column: int | None = None,
        *,
        source_line: str | None = None,
        hint: str | None = None,
        kind: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.filename = filename
        self.line = line
        self.column = column
        self.source_line = source_line
        self.hint = hint
        if kind is not None:
            self.kind = kind
        self.ml_traceback: list[MLFrame] = []
        self.stats: Any = None
        """What the failed run cost (``mlpy.engine.stats.RunStats``), when it ran at all."""

    def __str__(self) -> str:
        return self.format()

    def locate(self, filename: str | None, line: int | None, column: int | None,
               source_line: str | None = None) -> None:
        """Fill in a position the raiser did not know (only fields still empty are set)."""
        if self.filename is None:
            self.filename = filename
        if self.line is None:
            self.line = line
        if self.column is None:
            self.column = column
        if self.source_line is None:
            self.source_line = source_line

    @property
    def headline(self) -> str:
        """``FILE:LINE:COL: KIND: message`` (position parts omitted when unknown)."""
        where = [display_path(self.filename)]
        if self.line is not None:
            where.append(str(self.line))
            if self.column is not None:
                where.append(str(self.column))
        return f"{':'.join(where)}: {self.kind}: {self.message}"

    def format(self) -> str:
        """The full user-facing text: headline, source line, caret, hint, ML call chain."""
        lines = [self.headline]
        if self.source_line is not None:
            text = self.source_line.rstrip("\n").expandtabs(4)
            lines.append("    " + text)
            if self.column is not None and self.column >= 1:
                prefix = self.source_line[: self.column - 1].expandtabs(4)
                lines.append("    " + " " * len(prefix) + "^")
        if self.hint:
            lines.append(f"hint: {self.hint}")
        if len(self.ml_traceback) > 1:
            lines.append("ML call chain (most recent call last):")
            lines.extend(_chain_lines(self.ml_traceback))
        return "\n".join(lines)


def _chain_lines(frames: list[MLFrame]) -> list[str]:
    """The call-chain lines. A frame with no filename and line 0 is a marker for left-out calls
    (runaway recursion); its function text is shown as is."""
    return [f"  {frame.function}" if not frame.filename and frame.line == 0
            else f"  {display_path(frame.filename)}:{frame.line} in {frame.function}"
            for frame in frames]


class MLCompileError(MLError):
    """Raised before a program runs: syntax, unknown names, static security findings, imports."""

    kind = "CompileError"


class MLSyntaxError(MLCompileError):
    """The source text is not valid ML."""

    kind = "SyntaxError"


class MLNameError(MLCompileError):
    """A name is used that is defined nowhere (no assignment, parameter, function, import, builtin)."""

    kind = "NameError"


class MLImportError(MLCompileError):
    """An ``import`` names no module, a Python module, or forms a cycle."""

    kind = "ImportError"


class MLRuntimeError(MLError):
    """An uncaught ML runtime error. ``error_type`` is the ML ``type`` field (``ZeroDivisionError``...)."""

    kind = "RuntimeError"

    def __init__(self, message: str, *args: object, error_type: str = "Error",
                 value: object = None, **kwargs: object) -> None:
        super().__init__(message, *args, **kwargs)  # type: ignore[arg-type]
        self.error_type = error_type
        self.kind = error_type
        self.value = value


class MLFatalError(MLError):
    """Base of errors ML code can never catch: no ``except`` runs, no ``finally`` runs."""


class MLSecurityError(MLFatalError):
    """An ML program tried to reach something the sandbox never exposes (dunders, Python objects)."""

    kind = "SecurityError"


class MLCapabilityError(MLSecurityError):
    """A privileged function was called without a matching grant."""

    kind = "CapabilityError"


class MLLimitError(MLFatalError):
    """A resource limit (steps, memory, output, recursion) was exceeded."""

    kind = "LimitError"


class MLTimeoutError(MLLimitError):
    """The wall-clock limit (``--timeout``) was exceeded."""

    kind = "TimeoutError"


def is_fatal(exc: BaseException | None) -> bool:
    """True for errors that must end the program without running ML ``except``/``finally`` code."""
    if exc is None:
        return False
    return isinstance(exc, (MLFatalError, KeyboardInterrupt, SystemExit, MemoryError))


__all__ = [
    "MLCapabilityError",
    "MLCompileError",
    "MLError",
    "MLFatalError",
    "MLFrame",
    "MLImportError",
    "MLLimitError",
    "MLNameError",
    "MLRuntimeError",
    "MLSecurityError",
    "MLSyntaxError",
    "MLTimeoutError",
    "display_path",
    "is_fatal",
]
