"""What one REPL entry gives back: :class:`ReplResult`, and the :class:`Entry` kept in the history.

Both are plain data, so a front end (terminal, pipe, test, host application) only decides how to
show them.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class ReplResult:
    """The outcome of one entry: an echoed value, printed output, an error or a command message."""

    echo: str | None = None
    """``=> 3`` when the entry ended in an expression with a non-null value."""
    value: Any = None
    has_value: bool = False
    output: str = ""
    """What the entry printed, when the session captures output (no ``output=`` stream given)."""
    error: str | None = None
    """The formatted error (``FILE:LINE:COL: KIND: message`` ...), when the entry failed."""
    message: str | None = None
    """The text a dot-command answered."""
    success: bool = True
    elapsed_ms: float = 0.0
    incomplete: bool = False
    """The text needs more lines (an open bracket, string or comment): nothing was run."""
    exit: bool = False
    """``.exit``: the front end should end the session."""
    warnings: list[str] = field(default_factory=list)
    """What the compiler warned about (formatted), e.g. a function reading a misspelt name."""

    def display(self) -> str:
        """What a front end prints after the entry (printed output is shown separately as it streams)."""
        return "\n".join(part for part in (*self.warnings, self.echo, self.message, self.error) if part)


@dataclass(frozen=True)
class Entry:
    """One entry of the session's history: its text as typed and whether it ran without error."""

    source: str
    ok: bool
    runnable: str
    """The text as compiled: the source with the ``;`` a final expression lacked (``.save``)."""


__all__ = ["Entry", "ReplResult"]
