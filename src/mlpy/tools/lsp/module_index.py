"""What an editor knows about importable modules: members, signatures, docs, files and lines.

Standard and extension modules are Python files with ``@ml_module``/``@ml_function`` metadata; ML
modules are ``.ml`` files whose top-level names are their members. Both are read *statically*:
Python files are parsed with ``ast`` and never executed (opening a project in an editor must not run
its code), ML files are parsed with the ML parser. Each file's description is cached by modification
time and size, so a changed file is re-read on the next lookup and an unchanged one costs a ``stat``.

Resolution follows the run-time order: standard library, then the extension directories in order,
then ML files relative to the importing file's directory and the ML module paths.
"""

from __future__ import annotations

import ast
import importlib.util
import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from mlpy.modules.discovery import _as_str_tuple as _strings
from mlpy.modules.discovery import _decorator_name, _literal_kwargs
from mlpy.modules.ml_files import resolve_ml_file

BRIDGE_SUFFIX = "_bridge.py"


@dataclass(frozen=True)
class MemberDoc:
    """One member of a module as an editor shows it."""

    name: str
    kind: str
    """``"function"``, ``"constant"`` or ``"variable"``."""
    signature: str
    """``sqrt(x: float) -> float``; the bare name for a non-function."""
    params: tuple[str, ...] = ()
    doc: str = ""
    capabilities: tuple[str, ...] = ()
    """Capabilities a call needs (a standard function without its own list inherits the module's)."""
    path: Path | None = None
    line: int = 1
    col: int = 1


@dataclass(frozen=True)
class ModuleDoc:
    """One importable module: where it is defined and what it offers."""

    name: str
    origin: str
    """``"stdlib"``, ``"extension"`` or ``"ml"``."""
    path: Path
    line: int = 1
    description: str = ""
    capabilities: tuple[str, ...] = ()
    members: dict[str, MemberDoc] = field(default_factory=dict)


def stdlib_dir() -> Path:
    """The directory of the standard bridges, found without importing the package."""
    spec = importlib.util.find_spec("mlpy.stdlib")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("mlpy.stdlib is not installed")
    return Path(next(iter(spec.submodule_search_locations)))


# ----------------------------------------------------------------------------- Python modules


def _decorator(node: ast.expr, wanted: str) -> dict[str, object] | None:
    """The literal keyword arguments of ``@wanted``/``@wanted(...)``/``@x.wanted(...)``, or None
    (read as module discovery reads them)."""
    return _literal_kwargs(node) if _decorator_name(node) == wanted else None


def _python_signature(name: str, func: ast.FunctionDef | ast.AsyncFunctionDef) -> tuple[str, tuple[str, ...]]:
    """``name(a: int, b: str = "x") -> str`` of a method (``self`` dropped) and its parameter labels."""
    args = func.args
    positional = [*args.posonlyargs, *args.args]
    if positional and positional[0].arg in ("self", "cls"):
        positional = positional[1:]
    defaults = [None] * (len(positional) - len(args.defaults)) + list(args.defaults)
    labels: list[str] = []
    for arg, default in zip(positional, defaults, strict=True):
        label = arg.arg + (f": {ast.unparse(arg.annotation)}" if arg.annotation is not None else "")
        if default is not None:
            label += f" = {ast.unparse(default)}"
        labels.append(label)
    if args.vararg is not None:
        labels.append("..." + args.vararg.arg)
    returns = f" -> {ast.unparse(func.returns)}" if func.returns is not None else ""
    return f"{name}({', '.join(labels)}){returns}", tuple(labels)


def _python_modules(path: Path, origin: str) -> list[ModuleDoc]:
    """Every ``@ml_module`` class of a Python file, described from its source text."""
    try:
        tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    except (OSError, UnicodeDecodeError, SyntaxError, ValueError):
        return []
    found: list[ModuleDoc] = []
    for cls in tree.body:
        if not isinstance(cls, ast.ClassDef):
            continue
        meta = next((kw for kw in (_decorator(d, "ml_module") for d in cls.decorator_list) if kw is not None), None)
        if meta is None:
            continue
        module_caps = _strings(meta.get("capabilities"))
        members: dict[str, MemberDoc] = {}
        for item in cls.body:
            if isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef):
                _add_function(members, item, path, module_caps)
        for constant in _strings(meta.get("constants")):
            line = next((node.lineno for node in cls.body if isinstance(node, ast.Assign)
                         and any(getattr(t, "id", None) == constant for t in node.targets)), cls.lineno)
            members.setdefault(constant, MemberDoc(constant, "constant", constant, path=path, line=line))
        name = meta.get("name")
        description = meta.get("description") or (ast.get_docstring(cls) or "").split("\n")[0]
        found.append(ModuleDoc(name if isinstance(name, str) and name else cls.name.lower(), origin, path,
                               cls.lineno, str(description), module_caps, members))
    return found


def _add_function(members: dict[str, MemberDoc], func: ast.FunctionDef | ast.AsyncFunctionDef, path: Path,
                  module_caps: tuple[str, ...]) -> None:
    """Describe one ``@ml_function`` method under its ML name and its aliases."""
    meta = next((kw for kw in (_decorator(d, "ml_function") for d in func.decorator_list) if kw is not None), None)
    if meta is None:
        return
    ml_name = meta.get("name") if isinstance(meta.get("name"), str) else func.name
    assert isinstance(ml_name, str)
    caps = _strings(meta["capabilities"]) if "capabilities" in meta else module_caps
    doc_lines = [str(meta.get("description") or "")]
    docstring = ast.get_docstring(func)
    if docstring and docstring.split("\n")[0] != doc_lines[0]:
        doc_lines.append(docstring)
    doc = "\n\n".join(line for line in doc_lines if line)
    for name in (ml_name, *_strings(meta.get("aliases"))):
        signature, params = _python_signature(name, func)
        members[name] = MemberDoc(name, "function", signature, params, doc, caps, path, func.lineno,
                                  func.col_offset + 1)


# ----------------------------------------------------------------------------- ML modules


def _ml_module(name: str, path: Path) -> ModuleDoc:
    """An ML file as a module: its top-level functions and variables (a file that does not parse
    offers what its parsable prefix defines, when the parser can recover, else nothing)."""
    from mlpy.tools.lsp.analysis import parse_program
    from mlpy.tools.lsp.symbols import build_symbol_table

    try:
        source = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return ModuleDoc(name, "ml", path)
    program, _errors = parse_program(source, str(path))
    members: dict[str, MemberDoc] = {}
    description = ""
    if program is not None:
        table = build_symbol_table(program, source)
        for symbol in table.top_level():
            if symbol.kind == "import":
                continue
            kind = "function" if symbol.kind == "function" else "variable"
            members[symbol.name] = MemberDoc(symbol.name, kind, symbol.signature, tuple(symbol.params or ()),
                                             symbol.doc, (), path, symbol.line, symbol.col)
    first = source.lstrip().split("\n", 1)[0]
    if first.startswith("//"):
        description = first[2:].strip()
    return ModuleDoc(name, "ml", path, 1, description, (), members)


# ----------------------------------------------------------------------------- the index


class ModuleIndex:
    """Finds and describes modules for one set of extension and ML module paths."""

    def __init__(self, extension_paths: Sequence[str | Path] = (),
                 ml_module_paths: Sequence[str | Path] = ()) -> None:
        self.extension_paths = [Path(p) for p in extension_paths]
        self.ml_module_paths = [Path(p) for p in ml_module_paths]
        self._cache: dict[tuple[Path, str], tuple[tuple[int, int], list[ModuleDoc]]] = {}
        self._lock = threading.Lock()

    def _describe(self, path: Path, origin: str, name: str = "") -> list[ModuleDoc]:
        """The modules of one file, re-read when its modification time or size changed."""
        try:
            stat = path.stat()
        except OSError:
            return []
        stamp = (stat.st_mtime_ns, stat.st_size)
        key = (path, name)
        with self._lock:
            cached = self._cache.get(key)
        if cached is not None and cached[0] == stamp:
            return cached[1]
        docs = [_ml_module(name, path)] if origin == "ml" else _python_modules(path, origin)
        with self._lock:
            self._cache[key] = (stamp, docs)
        return docs

    def forget(self, path: Path) -> None:
        """Drop what is cached about ``path`` (its file changed or was deleted)."""
        with self._lock:
            for key in [key for key in self._cache if key[0] == path]:
                del self._cache[key]

    def python_modules(self) -> list[ModuleDoc]:
        """Standard modules first, then each extension directory's, as imports would see them."""
        found: list[ModuleDoc] = []
        for path in sorted(stdlib_dir().glob("*" + BRIDGE_SUFFIX)):
            found.extend(self._describe(path, "stdlib"))
        for directory in self.extension_paths:
            if not directory.is_dir():
                continue
            for path in sorted(directory.iterdir()):
                if path.name.startswith((".", "_")):
                    continue
                if path.is_file() and path.suffix == ".py":
                    found.extend(self._describe(path, "extension"))
                elif (path / "__init__.py").is_file():
                    found.extend(self._describe(path / "__init__.py", "extension"))
        return found

    def search_dirs(self, importer: Path | None) -> list[Path]:
        """Where ML modules are looked for: the importing file's directory, then the ML module paths."""
        dirs = [importer.parent] if importer is not None else []
        for directory in self.ml_module_paths:
            if directory not in dirs:
                dirs.append(directory)
        return dirs

    def find(self, parts: Sequence[str], importer: Path | None = None) -> ModuleDoc | None:
        """The module ``import a.b.c;`` in the file ``importer`` would load, or None."""
        if len(parts) == 1:
            for doc in self.python_modules():
                if doc.name == parts[0]:
                    return doc
        found = resolve_ml_file(parts, self.search_dirs(importer))
        if found is None:
            return None
        path = found[1]
        docs = self._describe(path, "ml", ".".join(parts))
        return docs[0] if docs else None

    def available(self, importer: Path | None = None) -> list[ModuleDoc]:
        """Every module an import could name (ML files described lazily: no members)."""
        found = {doc.name: doc for doc in reversed(self.python_modules())}
        for directory in self.search_dirs(importer):
            if not directory.is_dir():
                continue
            for path in sorted(directory.iterdir()):
                if path.suffix == ".ml" and path.stem.isidentifier() and path != importer:
                    found.setdefault(path.stem, ModuleDoc(path.stem, "ml", path))
                elif path.is_dir() and path.name.isidentifier() and any(path.glob("*.ml")):
                    found.setdefault(path.name, ModuleDoc(path.name, "ml", path))
        return sorted(found.values(), key=lambda doc: doc.name)
