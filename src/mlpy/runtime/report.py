"""Turn whatever escapes generated code into an ``MLError`` a user can read, and run programs.

The position of an error is the innermost *ML* frame of the traceback: a frame whose code
filename is one of the compiled sources registered in ``current().sources``. Its line is the
traceback line; its column comes from ``co_positions()`` at the failing instruction (the compiler
puts ML line/column on every generated node, so Python's positions are ML positions).
"""

from __future__ import annotations

import dis
from collections.abc import Mapping
from types import CodeType, TracebackType
from typing import Any, Literal

from mlpy.errors import MLError, MLFrame, MLLimitError, MLRuntimeError, display_path
from mlpy.runtime.context import ExecutionContext, current, use
from mlpy.runtime.errors_runtime import MLErrorObject, MLThrown, error_from_exception, step_failure
from mlpy.runtime.formatting import ml_name
from mlpy.runtime.metadata import EXTENSION_MARKER

_CHAIN_HEAD = 5
_CHAIN_TAIL = 20
"""A deep call chain (runaway recursion) keeps only its 5 outermost and 20 innermost frames."""
_REPEAT_SHOWN = 3
"""Identical consecutive frames shown before the rest of the run is summarised in one line."""

_HINTS = {
    "IndexError": "valid indexes go from 0 to length - 1; negative indexes count from the end",
    "KeyError": "obj.key gives null for a missing key; hasattr(obj, \"key\") tells whether it exists",
    "RecursionError": "a function keeps calling itself; check that it reaches a base case",
    "AttributeError": "methods(value) lists the members a value has",
    "StopIteration": "the iterator has no more items; next(it, default) returns default instead",
}


def _hint(error_type: str, message: str) -> str | None:
    """A short suggestion for a runtime error, where one helps."""
    if message.startswith("'null' has no member"):
        return "the value is null here (a missing object key reads as null); check it before using a member"
    if "use str() to convert" in message:
        return 'write str(x) to turn a number into text, or start the expression with a string literal ("" + x)'
    return _HINTS.get(error_type)


def _position(code: CodeType, lasti: int) -> tuple[int | None, int | None]:
    """(line, 1-based column) of the instruction at byte offset ``lasti`` of ``code``."""
    if lasti < 0:
        return None, None
    for index, (line, _end_line, col, _end_col) in enumerate(code.co_positions()):
        if index == lasti // 2:
            return line, (col + 1 if col is not None else None)
    return None, None


def ml_frames(tb: TracebackType | None, sources: Mapping[str, str]) -> list[tuple[CodeType, int, int]]:
    """The ML frames of a traceback, outermost first, as ``(code, line, lasti)``."""
    entries = []
    while tb is not None:
        if tb.tb_frame.f_code.co_filename in sources:
            entries.append(tb)
        tb = tb.tb_next
    # A re-raise (a fatal error passing an ``except``, ``throw e;``) lists a frame twice: keep
    # only its innermost entry, which is where the error really happened.
    seen: set[int] = set()
    kept = []
    for entry in reversed(entries):
        if id(entry.tb_frame) not in seen:
            seen.add(id(entry.tb_frame))
            kept.append(entry)
    return [(entry.tb_frame.f_code, entry.tb_lineno, entry.tb_lasti) for entry in reversed(kept)]


def _marker(text: str) -> MLFrame:
    """A call-chain line that stands for left-out calls (no file, line 0; see ``MLError.format``)."""
    return MLFrame("", 0, text)


def _summarise(chain: list[MLFrame]) -> list[MLFrame]:
    """Shorten runaway recursion: a run of identical frames keeps its first few and a marker line, and
    a chain still too long keeps its outermost and innermost frames around a marker. The markers
    carry no counts: the depth at which Python's limit hits depends on the host's own stack, and
    the same program must give the same error text everywhere."""
    collapsed: list[MLFrame] = []
    index = 0
    while index < len(chain):
        run = 1
        while index + run < len(chain) and chain[index + run] == chain[index]:
            run += 1
        collapsed.extend([chain[index]] * min(run, _REPEAT_SHOWN))
        if run > _REPEAT_SHOWN:
            collapsed.append(_marker("... the same call, repeated"))
        index += run
    if len(collapsed) > _CHAIN_HEAD + _CHAIN_TAIL:
        collapsed = (collapsed[:_CHAIN_HEAD] + [_marker("... more calls left out ...")]
                     + collapsed[-_CHAIN_TAIL:])
    return collapsed


def _function_label(code: CodeType) -> str:
    if code.co_name == "<module>":
        return "<top level>"
    return ml_name(code.co_name)


def _source_line(sources: Mapping[str, str], filename: str, line: int | None) -> str | None:
    if line is None:
        return None
    lines = sources.get(filename, "").splitlines()
    if 1 <= line <= len(lines):
        return lines[line - 1]
    return None


def locate_error(error: MLError, tb: TracebackType | None, sources: Mapping[str, str]) -> MLError:
    """Fill ``error``'s missing position and its ML call chain from the traceback ``tb``."""
    frames = ml_frames(tb, sources)
    if not frames:
        return error
    code, line, lasti = frames[-1]
    pos_line, column = _position(code, lasti)
    line = pos_line if pos_line is not None else line
    if error.filename is None and error.line is None:
        error.locate(code.co_filename, line, column, _source_line(sources, code.co_filename, line))
    elif error.source_line is None and error.filename is not None and error.filename in sources:
        error.source_line = _source_line(sources, error.filename, error.line)
    if not error.ml_traceback:
        error.ml_traceback = _summarise([MLFrame(c.co_filename, ln, _function_label(c))
                                         for c, ln, _ in frames])
    return error


def extension_origin(tb: TracebackType | None) -> tuple[str, str, int, str, bool] | None:
    """``(module, file, line, function, deliberate)`` of the innermost frame of a third-party
    extension module in ``tb`` (marked by the module system with ``EXTENSION_MARKER``), or None.
    ``deliberate``: the extension's own ``raise`` statement raised it (an argument check, say),
    rather than an operation failing inside it."""
    found = None
    while tb is not None:
        module = tb.tb_frame.f_globals.get(EXTENSION_MARKER)
        if isinstance(module, str):
            code = tb.tb_frame.f_code
            deliberate = tb.tb_next is None and _opcode_at(code, tb.tb_lasti) == _RAISE
            found = (module, code.co_filename, tb.tb_lineno, code.co_name, deliberate)
        tb = tb.tb_next
    return found


_RAISE = dis.opmap["RAISE_VARARGS"]


def _opcode_at(code: CodeType, lasti: int) -> int | None:
    return code.co_code[lasti] if 0 <= lasti < len(code.co_code) else None


def _extension_hint(origin: tuple[str, str, int, str, bool], exc: BaseException, message: str) -> str:
    """The hint of an error raised inside extension code: where in Python, what, and what to do."""
    module, filename, line, function, deliberate = origin
    text = str(exc)
    detail = type(exc).__name__ if not text or text == message else f"{type(exc).__name__}: {text}"
    where = f"the Python extension module '{module}' at {display_path(filename)}:{line} in {function} ({detail})"
    debug = "--debug (.debug on in the REPL) shows the Python traceback"
    if deliberate:
        return f"raised by {where}; {debug}"
    return f"raised inside {where}; the extension failed on these arguments or has a bug. {debug}"


def to_ml_error(exc: BaseException, sources: Mapping[str, str] | None = None) -> MLError:
    """The user-facing ``MLError`` for any exception that escaped ML code (positions filled in)."""
    if sources is None:
        sources = current().sources
    tb = exc.__traceback__
    if isinstance(exc, MLError):
        return locate_error(exc, tb, sources)
    if isinstance(exc, MemoryError):
        error: MLError = MLLimitError("out of memory")
        return locate_error(error, tb, sources)
    failure = step_failure(exc)
    if failure is not None:
        return locate_error(failure, tb, sources)
    frames = ml_frames(tb, sources)
    line = frames[-1][1] if frames else None
    error_object: MLErrorObject
    if isinstance(exc, MLThrown):
        error_object = exc.error
        if error_object.fields.get("line") is None:
            error_object.fields["line"] = line
    else:
        error_object = error_from_exception(exc, line)
    error_type = error_object.type
    origin = extension_origin(tb) if not isinstance(exc, MLThrown) else None
    runtime_error = MLRuntimeError(
        error_object.message,
        error_type=error_type,
        value=error_object,
        hint=(_extension_hint(origin, exc, error_object.message) if origin is not None
              else _hint(error_type, error_object.message)),
    )
    return locate_error(runtime_error, tb, sources)


class ml_errors:  # noqa: N801 - used as ``with ml_errors(sources):``, like a function
    """Turn every exception escaping the block into an ``MLError`` (``KeyboardInterrupt`` passes).

    A class rather than a generator-based context manager: every run enters it, and this is
    cheaper than ``contextlib.contextmanager``.
    """

    __slots__ = ("_sources",)

    def __init__(self, sources: Mapping[str, str]) -> None:
        self._sources = sources

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: type[BaseException] | None, exc: BaseException | None, tb: Any) -> Literal[False]:
        if exc is None or isinstance(exc, KeyboardInterrupt):
            return False
        error = to_ml_error(exc, self._sources)
        if error is exc:
            return False  # the exception propagates unchanged
        raise error from exc


def execute(code: CodeType, globals_dict: dict[str, Any], ctx: ExecutionContext | None = None) -> None:
    """Run a compiled ML program; raise only ``MLError`` subclasses (or ``KeyboardInterrupt``)."""
    if ctx is None:
        ctx = current()
    with use(ctx), ml_errors(ctx.sources):
        exec(code, globals_dict)


__all__ = ["execute", "extension_origin", "locate_error", "ml_errors", "ml_frames", "to_ml_error"]
