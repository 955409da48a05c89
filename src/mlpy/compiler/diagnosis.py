"""Every problem the compiler can find in a program, as a list (for ``mlpy check`` and editors).

``compile_program`` stops at the first error, which is what running needs. Tools want all of them:
``diagnose`` walks the whole program once with the resolver in collecting mode (unknown names with
their did-you-mean hints, bad ``nonlocal``, reserved identifiers, every security finding), asks
the import checker about each ``import``, and, when nothing so far is an error, lowers and
compiles the program to catch what only Python's compiler can tell (a program nested too deeply).
Syntax errors are the parser's (``diagnose_source`` reports the first one).
"""

from __future__ import annotations

from mlpy import errors
from mlpy.compiler.options import CompileOptions
from mlpy.language import nodes
from mlpy.language.diagnostics import Diagnostic


def _import_length(stmt: nodes.Import) -> int:
    """The length of ``import a.b`` (without alias): the span an import diagnostic underlines."""
    return len("import ") + len(".".join(stmt.path))


def diagnose(program: nodes.Program, filename: str, source: str | None = None,
             options: CompileOptions = CompileOptions()) -> list[Diagnostic]:
    """All diagnostics of an already parsed ``program``, sorted by position.

    ``source`` gives error texts their source line; ``options.known_globals`` and ``options.repl``
    resolve as for a compile; ``options.import_checker`` (if any) is asked about every import and
    each ``MLError`` it raises becomes an ``import-error`` diagnostic. Nothing is raised for a
    problem in the program.
    """
    from mlpy.compiler.program import compile_program
    from mlpy.compiler.resolver import resolve

    resolution = resolve(program, filename, source, repl=options.repl,
                         known_globals=options.known_globals, collect=True)
    found = list(resolution.diagnostics)
    checker = options.import_checker
    if checker is not None:
        for stmt in resolution.imports:
            try:
                checker(list(stmt.path), stmt)
            except errors.MLError as exc:
                exc.locate(filename, stmt.line, stmt.col)
                found.append(Diagnostic.from_error(exc, "import-error", length=_import_length(stmt),
                                                   filename=filename))
    if not any(d.severity == "error" for d in found):
        try:
            compile_program(program, source, filename,
                            CompileOptions(repl=options.repl, known_globals=options.known_globals))
        except errors.MLError as exc:
            found.append(Diagnostic.from_error(exc, "cannot-compile", filename=filename))
    found.sort(key=lambda d: (d.line, d.column))
    return found


def diagnose_source(source: str, filename: str = "<ml>",
                    options: CompileOptions = CompileOptions()) -> list[Diagnostic]:
    """``diagnose`` for source text; a syntax error is one ``syntax-error`` diagnostic (the parser
    stops at it, so nothing after it is checked)."""
    from mlpy.language import parse

    try:
        program = parse(source, filename)
    except errors.MLSyntaxError as exc:
        return [Diagnostic.from_error(exc, "syntax-error", filename=filename)]
    except RecursionError:
        return [Diagnostic(filename, 1, 1, 1, 2, "error", "cannot-compile",
                           "the program is nested too deeply to parse", kind="SyntaxError")]
    return diagnose(program, filename, source, options)


__all__ = ["diagnose", "diagnose_source"]
