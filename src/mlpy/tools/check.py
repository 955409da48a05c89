"""``mlpy check`` as a library: every problem of an ML program, as data.

``check_source(source, filename)`` parses with error recovery (every syntax error, each once), then
asks the compiler for every other finding (unknown names, import problems, security findings) and
lists the grants the program's ``capability`` blocks request. The result, a ``CheckReport``, is plain
data with 1-based ranges; the language server turns it into LSP diagnostics, ``mlpy check`` into
text, JSON lines or SARIF (``mlpy.tools.sarif``). ``check_paths`` walks files and folders.

A statement with a syntax error is left out of the tree the compiler sees, so names it would have
defined are not reported as unknown (the syntax error is the one problem there).
"""

from __future__ import annotations

import dataclasses
import threading
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from mlpy.errors import MLError, MLSyntaxError, display_path
from mlpy.language import nodes
from mlpy.language.diagnostics import Diagnostic, source_line_at

ML_SUFFIX = ".ml"


@dataclass(frozen=True, slots=True)
class CapabilityRequest:
    """One grant a ``capability`` block requests: ``kind`` is ``read``/``write``/``net``/``env`` (None
    for a permission word mlpy does not know), ``resource`` the path, host or variable (None: all)."""

    kind: str | None
    resource: str | None
    line: int | None
    column: int | None
    word: str
    declaration: str

    @property
    def flag(self) -> str:
        """The command-line flag that grants it (``--allow-read=/data``), ``""`` for unknown words."""
        if self.kind is None:
            return ""
        return f"--allow-{self.kind}" + (f"={self.resource}" if self.resource else "")

    def as_json(self) -> dict[str, Any]:
        """The JSON object of ``mlpy check --format json``."""
        return {"kind": self.kind, "resource": self.resource, "line": self.line, "column": self.column,
                "word": self.word, "declaration": self.declaration}


@dataclass(slots=True)
class CheckReport:
    """What checking one file found: diagnostics in source order and the capability requests."""

    filename: str
    diagnostics: list[Diagnostic] = field(default_factory=list)
    capability_requests: list[CapabilityRequest] = field(default_factory=list)
    source: str | None = None

    @property
    def errors(self) -> list[Diagnostic]:
        """The diagnostics that make the program unrunnable."""
        return [d for d in self.diagnostics if d.severity == "error"]

    @property
    def warnings(self) -> list[Diagnostic]:
        """Findings worth a look that do not stop the program (warnings and notes)."""
        return [d for d in self.diagnostics if d.severity != "error"]

    @property
    def ok(self) -> bool:
        """True when the file has no errors."""
        return not self.errors

    def as_json(self) -> dict[str, Any]:
        """The object ``mlpy check --format json`` prints for this file."""
        return {
            "file": display_path(self.filename),
            "ok": self.ok,
            "errors": [diagnostic_json(d) for d in self.errors],
            "warnings": [diagnostic_json(d) for d in self.warnings],
            "capability_requests": [r.as_json() for r in self.capability_requests],
        }


def diagnostic_json(diagnostic: Diagnostic) -> dict[str, Any]:
    """One diagnostic as JSON: range, code, message, hint, severity and error kind."""
    return {
        "line": diagnostic.line, "column": diagnostic.column,
        "end_line": diagnostic.end_line, "end_column": diagnostic.end_column,
        "code": diagnostic.code, "severity": diagnostic.severity, "kind": diagnostic.kind,
        "message": diagnostic.message, "hint": diagnostic.hint,
    }


# ----------------------------------------------------------------------------- checking


def check_source(source: str, filename: str = "<ml>", *, extension_paths: Sequence[str] = (),
                 ml_module_paths: Sequence[str] = ()) -> CheckReport:
    """Every problem of ML ``source`` (named ``filename`` in positions and when resolving imports).

    Imports are resolved as ``mlpy run`` would for a program at ``filename``: standard modules, the
    given extension and ML module paths, those of the project file found from the file's folder, the
    environment. Never raises for a problem in the program.
    """
    from mlpy.language.parser import parse_recovering

    recovered = parse_recovering(source, filename)
    report = CheckReport(filename, source=source)
    syntax = [_syntax_diagnostic(error, source, filename) for error in recovered.errors]
    found = _compiler_diagnostics(recovered.program, source, filename, extension_paths, ml_module_paths)
    if syntax:
        found = [d for d in found if not _echo_of_syntax_error(d, source, recovered.unparsed_names)]
    report.diagnostics = sorted(syntax + found, key=lambda d: (d.line, d.column, d.code))
    report.capability_requests = capability_requests(recovered.program)
    return report


def check_file(path: str | Path, *, extension_paths: Sequence[str] = (),
               ml_module_paths: Sequence[str] = ()) -> CheckReport:
    """``check_source`` of a file; a file that cannot be read is one ``io-error`` diagnostic."""
    filename = str(path)
    try:
        source = Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        reason = error.strerror if isinstance(error, OSError) and error.strerror else str(error)
        return CheckReport(filename, [Diagnostic(filename, 1, 1, 1, 2, "error", "io-error",
                                                 f"cannot read the file: {reason}", kind="IOError")])
    return check_source(source, filename, extension_paths=extension_paths,
                        ml_module_paths=ml_module_paths)


def ml_files(paths: Iterable[str | Path]) -> Iterator[Path]:
    """The files named by ``paths``: files as given, folders searched recursively for ``*.ml``
    (sorted, hidden folders skipped)."""
    for path in paths:
        path = Path(path)
        if path.is_dir():
            for found in sorted(path.rglob(f"*{ML_SUFFIX}")):
                relative = found.relative_to(path).parts
                if found.is_file() and not any(part.startswith(".") for part in relative):
                    yield found
        else:
            yield path


def check_paths(paths: Iterable[str | Path], *, extension_paths: Sequence[str] = (),
                ml_module_paths: Sequence[str] = ()) -> list[CheckReport]:
    """``check_file`` of every file ``ml_files(paths)`` names."""
    return [check_file(path, extension_paths=extension_paths, ml_module_paths=ml_module_paths)
            for path in ml_files(paths)]


def _syntax_diagnostic(error: MLSyntaxError, source: str, filename: str) -> Diagnostic:
    """A syntax error as a diagnostic spanning the token it points at."""
    line = source_line_at(source, error.line) or ""
    start = (error.column or 1) - 1
    length = _token_length(line, start)
    return Diagnostic.from_error(error, "syntax-error", length=length, filename=filename)


def _token_length(line: str, start: int) -> int:
    """The length of the word (or the single character) at ``start`` of ``line``."""
    if start >= len(line):
        return 1
    end = start
    while end < len(line) and (line[end].isalnum() or line[end] == "_"):
        end += 1
    return max(end - start, 1)


def _compiler_diagnostics(program: nodes.Program, source: str, filename: str,
                          extension_paths: Sequence[str], ml_module_paths: Sequence[str]) -> list[Diagnostic]:
    """The compiler's findings (names, imports, security) for ``program``, imports resolved as a run
    of ``filename`` would resolve them."""
    from mlpy.compiler import CompileOptions, diagnose
    from mlpy.engine.options import build_options
    from mlpy.engine.pipeline import new_context
    from mlpy.modules.checks import make_import_checker
    from mlpy.runtime.context import use

    options = build_options(filename, extension_paths=extension_paths, ml_module_paths=ml_module_paths,
                            cache=False)
    ctx = new_context(options, filename, source)
    with use(ctx):
        try:
            found = diagnose(program, filename, source, CompileOptions(import_checker=make_import_checker(filename)))
        except MLError as error:  # defensive: diagnose reports findings as data, never raises them
            return [Diagnostic.from_error(error, "cannot-compile", filename=filename)]
        except RecursionError:
            return [Diagnostic(filename, 1, 1, 1, 2, "error", "cannot-compile",
                               "the program is nested too deeply to check", kind="SyntaxError")]
        return found + import_cycles(program, filename)




class ImportScans:
    """The ``import`` paths of ML module files, parsed once per version of each file.

    Finding import cycles reads every module a checked file reaches; the language server checks
    after each edit and ``mlpy check`` checks files that share modules, so each file's imports are
    kept, keyed by its modification time and size (a changed file is parsed again; ``forget`` drops a
    file whose change the caller knows of). Only the dotted paths are kept: resolving them to files
    depends on the module paths of the run. ``parses`` counts the files parsed (observable reuse)."""

    MAX_FILES = 4096

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._files: dict[Path, tuple[tuple[int, int], tuple[tuple[str, ...], ...]]] = {}
        self.parses = 0

    def imports_of(self, file: Path) -> tuple[tuple[str, ...], ...]:
        """The paths the top-level ``import`` statements of ``file`` name (none when it cannot be read)."""
        from mlpy.language.parser import parse_recovering

        try:
            stat = file.stat()
            stamp = (stat.st_mtime_ns, stat.st_size)
            with self._lock:
                cached = self._files.get(file)
            if cached is not None and cached[0] == stamp:
                return cached[1]
            body = parse_recovering(file.read_text(encoding="utf-8"), str(file)).program.body
        except (OSError, UnicodeDecodeError):
            return ()
        paths = tuple(tuple(stmt.path) for stmt in body if isinstance(stmt, nodes.Import))
        with self._lock:
            self.parses += 1
            if len(self._files) >= self.MAX_FILES:
                self._files.pop(next(iter(self._files)))
            self._files[file] = (stamp, paths)
        return paths

    def forget(self, file: Path) -> None:
        """Parse ``file`` again next time (it changed within one modification-time tick)."""
        with self._lock:
            self._files.pop(file, None)


IMPORT_SCANS = ImportScans()
"""The process's parsed imports of ML module files (shared by every check)."""


def import_cycles(program: nodes.Program, filename: str) -> list[Diagnostic]:
    """An ``import-error`` at each import of ``program`` that leads into a cycle of ML modules (a
    run would stop there), naming the cycle. Must run under the run's context (module paths)."""
    from mlpy.modules.importer import search_dirs
    from mlpy.modules.ml_files import resolve_ml_file

    def imported_files(path: str, body: list[nodes.Stmt]) -> Iterator[tuple[nodes.Import, Path]]:
        for stmt in body:
            if isinstance(stmt, nodes.Import):
                found = resolve_ml_file(stmt.path, search_dirs(path))
                if found is not None:
                    yield stmt, found[1]

    imports_of: dict[Path, list[Path]] = {}

    def imports(file: Path) -> list[Path]:
        if file not in imports_of:
            dirs = search_dirs(str(file))
            imports_of[file] = [found[1] for path in IMPORT_SCANS.imports_of(file)
                                if (found := resolve_ml_file(path, dirs)) is not None]
        return imports_of[file]

    def cycle_from(file: Path, chain: list[Path], done: set[Path]) -> list[Path] | None:
        if file in chain:
            return chain[chain.index(file):] + [file]
        if file in done:
            return None
        for target in imports(file):
            found = cycle_from(target, [*chain, file], done)
            if found:
                return found
        done.add(file)
        return None

    found: list[Diagnostic] = []
    main = Path(filename).resolve() if not filename.startswith("<") else None
    for stmt, target in imported_files(filename, program.body):
        cycle = cycle_from(target, [main] if main else [], set())
        if cycle:
            names = " -> ".join(path.name for path in cycle)
            length = len("import " + ".".join(stmt.path))
            found.append(Diagnostic(filename, stmt.line, stmt.col, stmt.line, stmt.col + length, "error",
                                    "import-error", f"import cycle: {names}", kind="ImportError",
                                    hint="move what both modules need into a third module"))
    return found


def _echo_of_syntax_error(diagnostic: Diagnostic, source: str, unparsed: frozenset[str]) -> bool:
    """True for a finding that only exists because statements with syntax errors were left out:
    an unknown name defined in skipped text, or the code generator's view of a partial tree."""
    if diagnostic.code == "cannot-compile":
        return True
    if diagnostic.code in ("unknown-name", "nonlocal-without-binding"):
        line = source_line_at(source, diagnostic.line) or ""
        name = line[diagnostic.column - 1:diagnostic.end_column - 1]
        return name in unparsed
    return False


# ----------------------------------------------------------------------------- capability requests


def capability_requests(program: nodes.Program) -> list[CapabilityRequest]:
    """The grants the ``capability`` blocks of ``program`` request, in source order."""
    decls = [node for node in walk(program) if isinstance(node, nodes.CapabilityDecl)]
    if not decls:
        return []
    from mlpy.runtime.capabilities import requests_from_decls

    return [CapabilityRequest(r.kind, r.target, r.line, r.column, r.word, r.declaration)
            for r in requests_from_decls(decls)]


def walk(node: nodes.Node) -> Iterator[nodes.Node]:
    """``node`` and every node below it, parents before children, in field order."""
    stack: list[Any] = [node]
    while stack:
        item = stack.pop()
        if isinstance(item, list):
            stack.extend(reversed(item))
        elif isinstance(item, nodes.Node):
            yield item
            stack.extend(reversed([getattr(item, f.name) for f in dataclasses.fields(item)]))


# ----------------------------------------------------------------------------- text output


def report_text(report: CheckReport) -> str:
    """The human-readable report: each problem as ``FILE:LINE:COL: severity: message [code]`` with
    the source line, a marker under the range and the hint; then the capability requests; then a
    one-line verdict."""
    shown = display_path(report.filename)
    lines: list[str] = []
    for d in report.diagnostics:
        lines.append(f"{shown}:{d.line}:{d.column}: {d.severity}: {d.message} [{d.code}]")
        text = source_line_at(report.source, d.line)
        if text is not None:
            lines.append("    " + text.expandtabs(4))
            prefix = text[:d.column - 1].expandtabs(4)
            width = d.end_column - d.column if d.end_line == d.line else len(text) - d.column + 1
            lines.append("    " + " " * len(prefix) + "^" * max(width, 1))
        if d.hint:
            lines.append(f"    hint: {d.hint}")
    if report.capability_requests:
        lines.append("capability requests:")
        for request in report.capability_requests:
            where = f" (line {request.line})" if request.line else ""
            what = request.kind or f"unknown permission '{request.word}'"
            on = f" {request.resource}" if request.resource else " (all)"
            grant = f"  -> {request.flag}" if request.flag else ""
            lines.append(f"  {request.declaration}: {what}{on if request.kind else ''}{where}{grant}")
    errors, warnings = len(report.errors), len(report.warnings)
    if errors or warnings:
        lines.append(f"{shown}: {errors} error(s), {warnings} warning(s)")
    else:
        lines.append(f"{shown}: ok")
    return "\n".join(lines)


__all__ = ["CapabilityRequest", "CheckReport", "capability_requests", "check_file", "check_paths",
           "check_source", "diagnostic_json", "ml_files", "report_text", "walk"]
