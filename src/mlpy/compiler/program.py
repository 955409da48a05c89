"""The compiler's front door: ``CompileOptions``, ``CompiledProgram``, ``compile_source``/``compile_program``.

Pipeline: parse (``mlpy.language.parse``) → resolve names and apply the static rules (``resolver``,
``checks``) → lower to a Python ``ast.Module`` (``lowering``) → Python's ``compile()``. Every failure a
user can cause comes out as a positioned ``MLCompileError``; a Python ``SyntaxError`` from
``compile()`` (e.g. blocks nested too deeply) is translated, never shown raw.
"""

from __future__ import annotations

import gc
import sys
import threading
import warnings
from collections.abc import Iterator
from contextlib import contextmanager

from mlpy import errors
from mlpy.compiler.lowering import lower_program
from mlpy.compiler.options import CompiledProgram, CompileOptions
from mlpy.compiler.resolver import resolve
from mlpy.language import nodes
from mlpy.language.deadline import check_deadline
from mlpy.language.diagnostics import source_line_at as _source_line

_WALK_RECURSION_LIMIT = 12_000

_walks_lock = threading.Lock()
_walks_active = 0
_walks_restore_to: int | None = None


@contextmanager
def deep_tree_walks() -> Iterator[None]:
    """Let the compiler's tree walks recurse as deep as a compile allows (a 3,000-term sum is a
    3,000-deep tree); Python-to-Python calls do not use the C stack in 3.11+, so this is safe.

    The recursion limit is per interpreter, so compiles in several threads share one raise: the
    first to enter raises it, the last to leave restores it (a thread leaving early must not lower
    it under another thread's walk)."""
    global _walks_active, _walks_restore_to
    with _walks_lock:
        if _walks_active == 0:
            limit = sys.getrecursionlimit()
            if limit < _WALK_RECURSION_LIMIT:
                _walks_restore_to = limit
                sys.setrecursionlimit(_WALK_RECURSION_LIMIT)
        _walks_active += 1
    try:
        yield
    finally:
        with _walks_lock:
            _walks_active -= 1
            if _walks_active == 0 and _walks_restore_to is not None:
                sys.setrecursionlimit(_walks_restore_to)
                _walks_restore_to = None


@contextmanager
def _gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while building trees.

    Compilation allocates hundreds of thousands of small, acyclic, long-lived-for-a-moment objects
    (AST nodes); the collector would rescan them again and again (measured: 30-40% of compile time).
    Nothing cyclic is created, so nothing is lost by collecting later.
    """
    if not gc.isenabled():
        yield
        return
    gc.disable()
    try:
        yield
    finally:
        gc.enable()


def compile_program(program: nodes.Program, source: str | None, filename: str,
                    options: CompileOptions = CompileOptions()) -> CompiledProgram:
    """Compile an already parsed ``program`` (``source`` is used for error displays only)."""
    with _gc_paused():
        return _compile_program(program, source, filename, options)


def _compile_program(program: nodes.Program, source: str | None, filename: str,
                     options: CompileOptions) -> CompiledProgram:
    try:
        # The tree walks recurse once or twice per nesting level; the raised limit is restored
        # before Python's own (C-recursive) compile() runs.
        with deep_tree_walks():
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
    check_deadline(options.deadline, filename)
    try:
        with warnings.catch_warnings():
            # Python's hints about Python code ("'int' object is not callable; perhaps you missed a
            # comma?") would be printed on stderr in Python terms; ML reports such errors at run time.
            warnings.simplefilter("ignore")
            code = compile(module, filename, "exec", dont_inherit=True)
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
    from mlpy.language import parse

    with _gc_paused():
        try:
            program = parse(source, filename, deadline=options.deadline)
        except RecursionError:
            raise errors.MLSyntaxError("the program is nested too deeply to parse", filename, 1, 1,
                                       source_line=_source_line(source, 1)) from None
        return _compile_program(program, source, filename, options)
