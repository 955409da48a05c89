"""One ML document analysed for an editor: its AST, its symbol table and its problems.

``analyse(source, filename)`` parses with error recovery (every syntax error, and the statements
around them still usable) and builds the symbol table; ``diagnose`` is what ``mlpy check`` finds
(syntax, unknown names, imports, security findings), with ranges. ``project_paths`` reads the extension and
ML module paths that apply to a file from the nearest ``mlpy.toml``/``mlpy.json`` and the
environment, as ``mlpy run`` would.
"""

from __future__ import annotations

import warnings
from dataclasses import dataclass, field
from pathlib import Path

from mlpy.errors import MLError
from mlpy.language import nodes
from mlpy.language.diagnostics import Diagnostic
from mlpy.tools.lsp.symbols import SymbolTable, build_symbol_table


def parse_program(source: str, filename: str) -> tuple[nodes.Program | None, list[MLError]]:
    """The program (as much of it as parses) and every syntax error found in ``source``."""
    from mlpy.language import parse_with_recovery

    try:
        program, errors = parse_with_recovery(source, filename)
    except MLError as error:
        return None, [error]
    return program, list(errors)


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


def diagnose(analysis: Analysis, extension_paths: list[str], ml_module_paths: list[str]) -> list[Diagnostic]:
    """Every problem ``mlpy check`` finds in the document (syntax, names, imports, security), with
    ranges; imports resolve as a run of the file would resolve them."""
    from mlpy.tools.check import check_source

    report = check_source(analysis.source, analysis.filename, extension_paths=tuple(extension_paths),
                          ml_module_paths=tuple(ml_module_paths))
    return list(report.diagnostics)


def project_paths(path: Path | None) -> tuple[list[str], list[str]]:
    """``(extension_paths, ml_module_paths)`` for a file: its project file, then the environment."""
    from mlpy.config import resolve_paths

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ext, ml, _config = resolve_paths((), (), path.parent if path is not None else None)
    return ext, ml
