"""Building ML syntax errors with the offending source line attached.

Both the lexer and the parser report errors the same way: an ``MLSyntaxError`` carrying the file
name, the 1-based line and column and the text of that line (so ``MLError.format`` can draw a caret).
Errors caused by input that simply stops too early (an unterminated string, an unclosed block
comment, end of input inside a construct) are raised as ``IncompleteInputError`` so the REPL can tell
"needs more lines" apart from "is wrong".
"""

from __future__ import annotations

from mlpy.errors import MLSyntaxError


class IncompleteInputError(MLSyntaxError):
    """A syntax error caused only by the input ending too early (more input could fix it)."""


def source_line_at(source: str, line: int) -> str | None:
    """The text of the 1-based ``line`` of ``source`` (without its line ending), or None if absent."""
    lines = source.split("\n")
    if 1 <= line <= len(lines):
        return lines[line - 1].rstrip("\r")
    return None


def syntax_error(message: str, source: str, filename: str, line: int, col: int, *,
                 hint: str | None = None, incomplete: bool = False) -> MLSyntaxError:
    """Make (not raise) a syntax error at ``line``/``col`` of ``source``."""
    cls = IncompleteInputError if incomplete else MLSyntaxError
    return cls(message, filename, line, col, source_line=source_line_at(source, line), hint=hint)
