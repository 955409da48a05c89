"""The breakpoints of a debugging session and the lines of each ML file where the program can stop.

Files are identified by their real path (so ``./a.ml``, ``a.ml`` and a link to it are one file);
the tracer asks with the filename of a code object, which is mapped once and remembered. The lines
of a file come from its compiled code (``lines.py``): the program's own compile for the main file,
a compile of its own for any other file, made the first time it is needed.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass
from types import CodeType

from mlpy.errors import MLError
from mlpy.tools.debugger.lines import lines_of_file, place_breakpoint


@dataclass(frozen=True)
class BreakpointRequest:
    """A line breakpoint as asked for: ``condition`` and ``log_message`` are ML text."""

    line: int
    condition: str | None = None
    log_message: str | None = None


@dataclass(frozen=True)
class BreakpointResult:
    """Where a breakpoint went: ``line`` is the line it was moved to when ``verified``."""

    id: int
    verified: bool
    line: int
    message: str | None = None


@dataclass(frozen=True)
class Breakpoint:
    """A placed breakpoint."""

    id: int
    line: int
    condition: str | None
    log_message: str | None


def file_key(path: str) -> str:
    """The identity of a file for breakpoints (links and relative spellings resolved)."""
    return os.path.normcase(os.path.realpath(path))


class BreakpointTable:
    """Placed breakpoints per file, and the executable lines of every file seen."""

    def __init__(self) -> None:
        self._placed: dict[str, dict[int, Breakpoint]] = {}
        self._lines: dict[str, frozenset[int]] = {}
        self._keys: dict[str, str] = {}
        self._next_id = 1
        self._version = 0  # changes with every replace(): answers of has_breakpoint_in go stale
        self._code_answers: dict[CodeType, tuple[int, bool]] = {}

    def known_lines(self, path: str, lines: frozenset[int]) -> None:
        """Record the executable lines of ``path`` (already compiled by the caller)."""
        self._lines[file_key(path)] = lines

    def replace(self, path: str, requests: Sequence[BreakpointRequest]) -> list[BreakpointResult]:
        """Replace the breakpoints of ``path``; each is verified (possibly moved to the next line
        with code) or reported unverified with the reason."""
        key = file_key(path)
        try:
            lines, problem = self._lines_of(key, path), None
        except (OSError, MLError) as error:
            lines, problem = frozenset(), getattr(error, "message", None) or str(error)
        placed: dict[int, Breakpoint] = {}
        results = []
        for request in requests:
            ident = self._next_id
            self._next_id += 1
            line = place_breakpoint(lines, request.line) if problem is None else None
            if line is None:
                results.append(BreakpointResult(ident, False, request.line,
                                                problem or "no code at or after this line"))
                continue
            placed.setdefault(line, Breakpoint(ident, line, request.condition or None,
                                               request.log_message or None))
            results.append(BreakpointResult(placed[line].id, True, line))
        self._placed[key] = placed  # one assignment: the program thread never sees half a table
        self._version += 1
        return results

    def has_breakpoint_in(self, code: CodeType) -> bool:
        """Whether a breakpoint sits on a line of ``code`` itself (not of the functions nested in
        it): only then must a new frame running ``code`` be followed for breakpoints."""
        version = self._version  # read first: a replace() meanwhile makes this answer stale
        answer = self._code_answers.get(code)
        if answer is not None and answer[0] == version:
            return answer[1]
        placed = self.in_file(code.co_filename)
        found = bool(placed) and any(line in placed for _start, _end, line in code.co_lines())
        self._code_answers[code] = (version, found)
        return found

    def in_file(self, filename: str) -> dict[int, Breakpoint]:
        """The breakpoints of the file a code object came from, by line (empty when none)."""
        return self._placed.get(self._key(filename)) or {}

    def can_stop(self, filename: str, line: int) -> bool:
        """Whether ``line`` of ``filename`` has code (a file that cannot be compiled has none)."""
        key = self._key(filename)
        lines = self._lines.get(key)
        if lines is None:
            try:
                lines = self._lines_of(key, filename)
            except (OSError, MLError):
                lines = self._lines[key] = frozenset()
        return line in lines

    def _key(self, filename: str) -> str:
        key = self._keys.get(filename)
        if key is None:
            key = self._keys[filename] = file_key(filename)
        return key

    def _lines_of(self, key: str, path: str) -> frozenset[int]:
        lines = self._lines.get(key)
        if lines is None:
            lines = self._lines[key] = lines_of_file(path)
        return lines


__all__ = ["Breakpoint", "BreakpointRequest", "BreakpointResult", "BreakpointTable", "file_key"]
