"""Which lines of an ML file can hold a breakpoint, and where a requested breakpoint really goes.

The compiler gives every generated Python node its ML position, so the line table of the compiled
code objects (``co_lines``) lists exactly the ML lines that run code. Lines without an ML token
(blank, comment-only) are left out: the generated prologue borrows line 1 even when it is a comment.
"""

from __future__ import annotations

from types import CodeType


def code_lines(code: CodeType) -> set[int]:
    """The lines of ``code`` and of every function nested in it that have instructions."""
    lines: set[int] = set()
    pending = [code]
    while pending:
        current = pending.pop()
        lines.update(line for _start, _end, line in current.co_lines() if line is not None and line > 0)
        pending.extend(const for const in current.co_consts if isinstance(const, CodeType))
    return lines


def token_lines(source: str, filename: str) -> set[int]:
    """The lines on which an ML token starts (empty when the text does not tokenize)."""
    from mlpy.errors import MLError
    from mlpy.language.lexer import tokenize

    try:
        tokens, _open = tokenize(source, filename)
    except MLError:
        return set()
    return {token[2] for token in tokens if token[0] != "eof"}


def executable_lines(code: CodeType, source: str, filename: str) -> frozenset[int]:
    """Lines of ``source`` (compiled as ``code``) where the program can stop."""
    return frozenset(code_lines(code) & token_lines(source, filename))


def place_breakpoint(lines: frozenset[int], line: int) -> int | None:
    """The line a breakpoint asked for on ``line`` goes to: itself when it has code, else the nearest
    following line with code; ``None`` when no line at or after it has code."""
    if line in lines:
        return line
    later = [candidate for candidate in lines if candidate > line]
    return min(later) if later else None


def lines_of_file(path: str) -> frozenset[int]:
    """Executable lines of the ML file at ``path``, compiled on its own (imports not checked).

    Raises ``OSError`` when the file cannot be read and ``MLError`` when it does not compile.
    """
    from pathlib import Path

    from mlpy.compiler import CompileOptions
    from mlpy.compiler.program import compile_source

    source = Path(path).read_text(encoding="utf-8")
    program = compile_source(source, path, CompileOptions())
    return executable_lines(program.code, source, path)


__all__ = ["code_lines", "executable_lines", "lines_of_file", "place_breakpoint", "token_lines"]
