"""One ML document analysed for an editor: its AST, its symbol table and its problems.

``analyse(source, filename)`` parses with error recovery (every syntax error, and the statements
around them still usable) and builds the symbol table; ``diagnose`` adds what the checker finds
(unknown names, imports, security findings) with ranges. ``project_paths`` reads the extension and
ML module paths that apply to a file from the nearest ``mlpy.toml``/``mlpy.json`` and the
environment, as ``mlpy run`` would.
"""

from __future__ import annotations

import re
import warnings
from dataclasses import dataclass, field
from pathlib import Path

from mlpy.errors import MLError
from mlpy.language import nodes
from mlpy.language.diagnostics import Diagnostic
from mlpy.tools.lsp.symbols import SymbolTable, build_symbol_table

_WORD_AT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")


def parse_program(source: str, filename: str) -> tuple[nodes.Program | None, list[MLError]]:
    """The program (as much of it as parses) and every syntax error found in ``source``."""
    import mlpy.language as language

    recover = getattr(language, "parse_with_recovery", None)
    try:
        if recover is not None:
            program, errors = recover(source, filename)
            return program, list(errors)
        return language.parse(source, filename), []
    except MLError as error:
        return None, [error]
    except RecursionError:
        return None, []


@dataclass
class Analysis:
    """What is known about one version of a document."""

    source: str
    filename: str
    program: nodes.Program | None
    table: SymbolTable | None
    syntax_errors: list[MLError] = field(default_factory=list)

    @property
    def path(self) -> Path | None:
        return None if self.filename.startswith("<") else Path(self.filename)

    def line_text(self, line: int) -> str:
        """The text of the 1-based ``line`` ('' past the end)."""
        lines = self.source.split("\n")
        return lines[line - 1].rstrip("\r") if 1 <= line <= len(lines) else ""


def analyse(source: str, filename: str, previous: Analysis | None = None) -> Analysis:
    """Parse ``source`` and build its symbol table. When nothing parses, the previous version's
    table is kept (positions may be slightly off while the user types, but completion still works)."""
    program, errors = parse_program(source, filename)
    table = build_symbol_table(program, source) if program is not None else None
    if table is None and previous is not None:
        table = previous.table
    return Analysis(source, filename, program, table, errors)


def _length_at(source: str, line: int, column: int) -> int:
    """The length of the identifier starting at the position (1 when there is none)."""
    lines = source.split("\n")
    if not 1 <= line <= len(lines):
        return 1
    match = _WORD_AT.match(lines[line - 1], max(column - 1, 0))
    return len(match.group()) if match else 1


def _from_error(error: MLError, source: str, filename: str, code: str) -> Diagnostic:
    length = _length_at(source, error.line or 1, error.column or 1)
    return Diagnostic.from_error(error, code, length=length, filename=filename)


def diagnose(analysis: Analysis, extension_paths: list[str], ml_module_paths: list[str]) -> list[Diagnostic]:
    """Every problem of the document: the checker's when it is available, else the syntax errors
    and the names that nothing binds."""
    try:
        from mlpy.tools.check import check_source
    except ImportError:
        check_source = None
    if check_source is not None:
        report = check_source(analysis.source, analysis.filename, extension_paths=tuple(extension_paths),
                              ml_module_paths=tuple(ml_module_paths))
        found = getattr(report, "diagnostics", None)
        if found is None:
            found = [*getattr(report, "errors", []), *getattr(report, "warnings", [])]
        return list(found)
    diagnostics = [_from_error(error, analysis.source, analysis.filename, "syntax-error")
                   for error in analysis.syntax_errors]
    if analysis.table is not None and not analysis.syntax_errors:
        diagnostics.extend(_unknown_names(analysis))
    return diagnostics


def _unknown_names(analysis: Analysis) -> list[Diagnostic]:
    """A diagnostic for each read of a name that no scope binds and that is not a builtin."""
    from mlpy.tools.lsp.builtins_doc import builtin_names

    assert analysis.table is not None
    known = builtin_names()
    found: list[Diagnostic] = []
    for occ in analysis.table.occurrences:
        if occ.symbol is None and occ.name not in known:
            found.append(Diagnostic(analysis.filename, occ.line, occ.col, occ.line, occ.end_col, "error",
                                    "unknown-name", f"Unknown identifier '{occ.name}'", None, "NameError"))
    return found


def project_paths(path: Path | None) -> tuple[list[str], list[str]]:
    """``(extension_paths, ml_module_paths)`` for a file: its project file, then the environment."""
    from mlpy.config import resolve_paths

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ext, ml, _config = resolve_paths((), (), path.parent if path is not None else None)
    return ext, ml
