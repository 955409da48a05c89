"""Positioned problems in ML source: syntax errors, and ``Diagnostic`` records for tools.

Both the lexer and the parser report errors the same way: an ``MLSyntaxError`` carrying the file
name, the 1-based line and column and the text of that line (so ``MLError.format`` can draw a caret).
Errors caused by input that simply stops too early (an unterminated string, an unclosed block
comment, end of input inside a construct) are raised as ``IncompleteInputError`` so the REPL can tell
"needs more lines" apart from "is wrong".

Tools that show every problem at once (``mlpy check``, the language server) work with
``Diagnostic`` records instead of exceptions: plain data with a start and end position, a
severity, a stable code and the message and hint an ``MLError`` would show.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from mlpy.errors import MLError, MLSyntaxError

Severity = Literal["error", "warning", "info"]


class IncompleteInputError(MLSyntaxError):
    """A syntax error caused only by the input ending too early (more input could fix it)."""


def source_line_at(source: str | None, line: int | None) -> str | None:
    """The text of the 1-based ``line`` of ``source`` (without its line ending), or None if absent.

    Lines are split at ``\\n`` only, as the lexer counts them. The one helper for every error display
    of the language and compiler packages.
    """
    if source is None or line is None or line < 1:
        return None
    lines = source.split("\n")
    if line <= len(lines):
        return lines[line - 1].rstrip("\r")
    return None


def syntax_error(message: str, source: str, filename: str, line: int, col: int, *,
                 hint: str | None = None, incomplete: bool = False) -> MLSyntaxError:
    """Make (not raise) a syntax error at ``line``/``col`` of ``source``."""
    cls = IncompleteInputError if incomplete else MLSyntaxError
    return cls(message, filename, line, col, source_line=source_line_at(source, line), hint=hint)


@dataclass(frozen=True, slots=True)
class Diagnostic:
    """One problem found in a program, as data (for ``mlpy check``, JSON/SARIF and the LSP).

    Positions are 1-based; ``end_column`` is exclusive (the column just after the last character),
    on ``end_line``. ``code`` is a stable kebab-case identifier of the rule (``unknown-name``,
    ``dunder-member``, ...), usable as a SARIF rule id; ``kind`` is the error kind an exception
    would show (``NameError``, ``SecurityWarning``, ...).
    """

    filename: str
    line: int
    column: int
    end_line: int
    end_column: int
    severity: Severity
    code: str
    message: str
    hint: str | None = None
    kind: str = "Error"

    @classmethod
    def from_error(cls, error: MLError, code: str, *, severity: Severity = "error",
                   length: int = 1, filename: str = "<ml>") -> Diagnostic:
        """The diagnostic for a positioned ``error`` spanning ``length`` characters of one line."""
        line = error.line if error.line is not None else 1
        column = error.column if error.column is not None else 1
        return cls(error.filename if error.filename is not None else filename, line, column, line,
                   column + max(length, 1), severity, code, error.message, error.hint, error.kind)

    def to_error(self, source: str | None = None) -> MLError:
        """An ``MLError`` showing this diagnostic (with the source line when ``source`` is given)."""
        return MLError(self.message, self.filename, self.line, self.column,
                       source_line=source_line_at(source, self.line), hint=self.hint, kind=self.kind)
