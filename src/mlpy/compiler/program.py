"""The compiler's front door: ``CompileOptions``, ``CompiledProgram``, ``compile_source``/``compile_program``.

Pipeline: parse (``mlpy.language.parse``) → resolve names and apply the static rules (``resolver``,
``checks``) → lower to a Python ``ast.Module`` (``lowering``) → Python's ``compile()``. Every failure a
user can cause comes out as a positioned ``MLCompileError``; a Python ``SyntaxError`` from
``compile()`` (e.g. blocks nested too deeply) is translated, never shown raw.
"""

from __future__ import annotations

import ast
import gc
import threading
import warnings
from types import CodeType
from typing import Any

from mlpy import errors
from mlpy.compiler.lowering import lower_program
from mlpy.compiler.options import CompiledProgram, CompileOptions
from mlpy.compiler.resolver import resolve
from mlpy.language import nodes
from mlpy.language.deadline import check_deadline
from mlpy.language.diagnostics import source_line_at as _source_line
from mlpy.language.parser import parse


class _InPythonCompile:
    """The module pattern of the warnings filter below: it matches only in a thread that is inside
    ``_python_compile``, whatever module a warning names.

    ``warnings`` calls a filter's patterns through their ``match`` method, so this object decides
    per thread. That keeps the suppression thread-safe, which ``warnings.catch_warnings`` is not (it
    swaps the process-wide filter list: two threads compiling at once could leave an "ignore"
    filter, or another thread's temporary filters, installed for good), and it costs a
    thread-local flag instead of copying the filter list on every compile."""

    __slots__ = ()

    def match(self, module: str) -> bool:
        """True while this thread runs Python's ``compile()`` of a lowered ML program."""
        return getattr(_compiling, "active", False)

    def __repr__(self) -> str:
        return "<mlpy: inside the compile() of an ML program>"


_compiling = threading.local()
_filter_lock = threading.Lock()
_OWN_SYNTAX_WARNINGS: Any = ("ignore", None, SyntaxWarning, _InPythonCompile(), 0)
"""Python's hints about Python code ("'int' object is not callable; perhaps you missed a comma?")
would be printed on stderr in Python terms, or, under an "error" filter (``python -W error``),
turn into a ``SyntaxError``; ML reports such errors at run time. This filter drops them, only for
``compile()`` of lowered ML, only in the thread running it."""


def _front_filter() -> None:
    """Put ``_OWN_SYNTAX_WARNINGS`` first among the warnings filters (once, and again whenever other
    code has reset the filters or put its own in front: the first matching filter decides)."""
    with _filter_lock:
        filters: list[Any] = warnings.filters  # type: ignore[assignment]  # a list at run time
        if filters and filters[0] is _OWN_SYNTAX_WARNINGS:
            return
        filters[:] = [f for f in filters if f is not _OWN_SYNTAX_WARNINGS]
        filters.insert(0, _OWN_SYNTAX_WARNINGS)
        mutated = getattr(warnings, "_filters_mutated", None)
        if mutated is not None:  # invalidates the "already warned" registries, as filterwarnings does
            mutated()


def _python_compile(module: ast.Module, filename: str) -> CodeType:
    """Python's ``compile()`` of a lowered program, with Python's syntax warnings dropped."""
    filters = warnings.filters
    if not filters or filters[0] is not _OWN_SYNTAX_WARNINGS:
        _front_filter()
    _compiling.active = True
    try:
        return compile(module, filename, "exec", dont_inherit=True)
    finally:
        _compiling.active = False


def compile_program(program: nodes.Program, source: str | None, filename: str,
                    options: CompileOptions = CompileOptions()) -> CompiledProgram:
    """Compile an already parsed ``program`` (``source`` is used for error displays only)."""
    # The cyclic garbage collector is paused while trees are built: compilation allocates hundreds of
    # thousands of small, acyclic objects (AST nodes) that it would rescan again and again (measured:
    # 30-40% of compile time). Nothing cyclic is created, so nothing is lost by collecting later.
    # (Inline rather than a context manager: this runs once per compile.)
    pause = gc.isenabled()
    if pause:
        gc.disable()
    try:
        return _compile_program(program, source, filename, options)
    finally:
        if pause:
            gc.enable()


def _compile_program(program: nodes.Program, source: str | None, filename: str,
                     options: CompileOptions) -> CompiledProgram:
    try:
        # The tree walks follow long chains (`a + b + ...`, `a.b.c...`) in loops and recurse only
        # per nesting level, at the interpreter's recursion limit, which a compile never changes
        # (it is process-wide: another thread would feel it). Nesting past it is reported here.
        resolution = resolve(program, filename, source, repl=options.repl,
                             known_globals=options.known_globals, deadline=options.deadline)
        module = lower_program(program, filename, count_steps=options.count_steps, repl=options.repl,
                               import_checker=options.import_checker, deadline=options.deadline)
    except RecursionError:
        raise errors.MLSyntaxError("the program is nested too deeply to compile", filename, 1, 1,
                                   source_line=_source_line(source, 1)) from None
    except errors.MLError as exc:
        # Errors raised by callbacks (the import checker) know the line but may not have the source
        # text (e.g. a program given as a string); every shown error has its source line and caret.
        if exc.source_line is None and exc.line is not None and exc.filename in (None, filename):
            exc.locate(filename, exc.line, exc.column, _source_line(source, exc.line))
        raise
    # Python's compile() cannot be interrupted: it takes about a fifth of the compile time, which the
    # compile deadline leaves room for (mlpy.language.deadline).
    if options.deadline is not None:
        check_deadline(options.deadline, filename)
    try:
        code = _python_compile(module, filename)
    except SyntaxError as exc:  # e.g. "too many statically nested blocks"
        line = exc.lineno or 1
        raise errors.MLSyntaxError(f"cannot compile: {exc.msg}", filename, line, exc.offset or 1,
                                   source_line=_source_line(source, line)) from None
    except (RecursionError, MemoryError, ValueError) as exc:
        message = {RecursionError: "the program is nested too deeply to compile",
                   MemoryError: "the program is too large to compile (not enough memory)"}
        raise errors.MLSyntaxError(message.get(type(exc), "the program is too complex to compile"),
                                   filename, 1, 1, source_line=_source_line(source, 1),
                                   hint="split deeply nested expressions or blocks into smaller parts"
                                   ) from None
    return CompiledProgram(code, module, resolution.imports, resolution.capability_requests,
                           resolution.warnings, resolution.top_level_names, filename)


def compile_source(source: str, filename: str = "<ml>",
                   options: CompileOptions = CompileOptions()) -> CompiledProgram:
    """Parse and compile ML ``source``; raise ``MLCompileError`` subclasses with positions."""
    pause = gc.isenabled()  # see compile_program
    if pause:
        gc.disable()
    try:
        try:
            program = parse(source, filename, deadline=options.deadline)
        except RecursionError:
            raise errors.MLSyntaxError("the program is nested too deeply to parse", filename, 1, 1,
                                       source_line=_source_line(source, 1)) from None
        return _compile_program(program, source, filename, options)
    finally:
        if pause:
            gc.enable()
