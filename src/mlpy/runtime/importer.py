"""What ``import a.b.c;`` does at run time and at compile time.

``import_module`` is called by the generated ``__ml_import`` helper. It resolves in the order of
SPEC §3: standard library, extension modules (both from the registry, which answers with what the
*current* execution context's extension paths plus the registry's own paths make visible), then ML
modules relative to the importing file, the main program's directory and the ML module paths (the
context's, then the registry's). An ML module's top level
runs once per *import session*: one per execution context (one program run, or one REPL session that
keeps its context), so importing it again gives the same module object. ML modules never enter
Python's ``sys.modules``.

``check_import`` (through ``make_import_checker``) is the compiler's ``import_checker``: an unknown
import is a compile error with a suggestion, and a Python module name gets an explanation.
"""

from __future__ import annotations

import difflib
import functools
import importlib.util
import sys
import threading
import time
import weakref
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from pathlib import Path
from typing import Any

from mlpy.errors import MLError, MLImportError
from mlpy.runtime.modules import MLModule, ModuleObject, PackageModule


class ImportSession:
    """The ML modules executed for one program run or REPL session: resolved path -> module."""

    def __init__(self) -> None:
        self.modules: dict[Path, MLModule] = {}
        self.packages: dict[tuple[Path, tuple[str, ...]], ModuleObject] = {}
        self.lock = threading.RLock()

    def loaded(self) -> list[MLModule]:
        with self.lock:
            return list(self.modules.values())


_sessions: dict[int, tuple[weakref.ref[Any], ImportSession]] = {}
"""id(context) -> (weak reference to the context, its session); contexts are unhashable dataclasses."""
_sessions_lock = threading.Lock()
_all_sessions: weakref.WeakSet[ImportSession] = weakref.WeakSet()
_active_session: ContextVar[ImportSession | None] = ContextVar("mlpy_import_session", default=None)
_loading: ContextVar[tuple[Path, ...]] = ContextVar("mlpy_loading_modules", default=())


def _context() -> Any | None:
    try:
        from mlpy.runtime.context import current
    except ImportError:
        return None
    return current()


def current_session() -> ImportSession:
    """The session of the running import, else the one of the current execution context."""
    session = _active_session.get()
    if session is not None:
        return session
    ctx = _context()
    with _sessions_lock:
        if ctx is not None:
            known = _sessions.get(id(ctx))
            if known is not None and known[0]() is ctx:
                return known[1]
        session = ImportSession()
        _all_sessions.add(session)
        if ctx is not None:
            key = id(ctx)
            try:
                ref = weakref.ref(ctx, lambda _ref, key=key: _forget_context(key, _ref))
            except TypeError:
                return session
            _sessions[key] = (ref, session)
        return session


def _forget_context(key: int, ref: weakref.ref[Any]) -> None:
    """Drop the session of a context that no longer exists."""
    with _sessions_lock:
        known = _sessions.get(key)
        if known is not None and known[0] is ref:
            del _sessions[key]


@contextmanager
def use_session(session: ImportSession) -> Iterator[ImportSession]:
    """Run imports in ``session`` (the REPL keeps one across entries)."""
    _all_sessions.add(session)
    token = _active_session.set(session)
    try:
        yield session
    finally:
        _active_session.reset(token)


def all_sessions() -> list[ImportSession]:
    """Every live session (reload updates the module objects of each)."""
    return list(_all_sessions)


def _search_dirs(importing_file: str | None) -> list[Path]:
    """Importing file's directory, main program directory, then the ML module paths."""
    from mlpy.stdlib.module_registry import get_registry

    dirs: list[Path] = []
    if importing_file and not importing_file.startswith("<"):
        dirs.append(Path(importing_file).resolve().parent)
    ctx = _context()
    main_dir = getattr(ctx, "main_dir", None)
    if main_dir:
        dirs.append(Path(main_dir).resolve())
    elif not dirs:
        dirs.append(Path.cwd())
    for entry in [*getattr(ctx, "ml_module_paths", ()), *get_registry().ml_module_paths]:
        dirs.append(Path(entry).resolve())
    unique: list[Path] = []
    for entry in dirs:
        if entry not in unique:
            unique.append(entry)
    return unique


def _cycle_error(chain: Sequence[Path], target: Path) -> MLImportError:
    names = [p.name for p in chain[chain.index(target):]] + [target.name]
    return MLImportError("import cycle: " + " -> ".join(names), filename=str(chain[-1]))


def _hidden_names(compiled: Any) -> set[str]:
    """Names a module's own ``import`` statements bind: not exports of that module."""
    hidden: set[str] = set()
    for node in getattr(compiled, "imports", ()) or ():
        alias = getattr(node, "alias", None)
        path = getattr(node, "path", None) or [""]
        hidden.add(alias or path[0])
    return hidden


def execute_ml_file(path: Path, name: str, session: ImportSession) -> tuple[dict[str, Any], set[str]]:
    """Compile (cached) and run one ML module file in a fresh namespace: ``(namespace, hidden)``."""
    from mlpy.stdlib.module_registry import get_registry

    registry = get_registry()
    chain = _loading.get()
    if path in chain:
        raise _cycle_error(chain, path)
    perf = registry.performance_mode
    started = time.perf_counter() if perf else 0.0
    compiled = registry.compile_ml(name, path, _search_dirs(str(path))[1:])
    namespace = registry.ml_namespace_factory(str(path))
    ctx = _context()
    sources = getattr(ctx, "sources", None)
    if isinstance(sources, dict):
        sources[str(path)] = registry.ml_compile_cache.source_of(path)
    token_chain = _loading.set((*chain, path))
    token_session = _active_session.set(session)
    probe = registry.memory_probe() if perf else None
    try:
        exec(compiled.code, namespace)  # noqa: S102 - generated ML code in its own namespace
    finally:
        _active_session.reset(token_session)
        _loading.reset(token_chain)
    if perf:
        registry.record_load(name, str(path), (time.perf_counter() - started) * 1000.0,
                             probe.stop() if probe is not None else None)
    return namespace, _hidden_names(compiled)


def _load_ml(path: Path, name: str, session: ImportSession) -> MLModule:
    with session.lock:
        module = session.modules.get(path)
        if module is not None:
            return module
        chain = _loading.get()
        if path in chain:
            raise _cycle_error(chain, path)
        namespace, hidden = execute_ml_file(path, name, session)
        module = MLModule(name, namespace, hidden, str(path))
        session.modules[path] = module
        from mlpy.stdlib.module_registry import get_registry

        get_registry().note_ml_module(name, path, module)
        return module


def _package(session: ImportSession, root: Path, parts: tuple[str, ...]) -> ModuleObject:
    """The object bound for the package prefix ``parts``: its ``__init__.ml`` module or a package."""
    from mlpy.stdlib.registry_ml import package_init

    init = package_init(root, parts)
    if init is not None:
        return _load_ml(init, ".".join(parts), session)
    key = (root, parts)
    with session.lock:
        package = session.packages.get(key)
        if package is None:
            package = session.packages[key] = PackageModule(".".join(parts))
        return package


def _import_ml(path: tuple[str, ...], importing_file: str, alias: bool) -> ModuleObject | None:
    from mlpy.stdlib.registry_ml import resolve_ml_file

    found = resolve_ml_file(path, _search_dirs(importing_file))
    if found is None:
        return None
    root, file = found
    session = current_session()
    leaf = _load_ml(file, ".".join(path), session)
    if alias or len(path) == 1:
        return leaf
    objects = [_package(session, root, path[:i]) for i in range(1, len(path))] + [leaf]
    for parent, child, child_name in zip(objects, objects[1:], path[1:], strict=False):
        parent._ml_add_child(child_name, child)
    return objects[0]


def in_program() -> bool:
    """True while an ML program or REPL entry runs (an execution context or import session is set).

    The registry answers a program only about what its own run can see; the host (no program
    running) may see every module loaded in the process.
    """
    if _active_session.get() is not None:
        return True
    try:
        from mlpy.runtime import context
    except ImportError:
        return False
    return context.current() is not getattr(context, "_DEFAULT", None)


def import_module(path: tuple[str, ...], importing_file: str, alias: bool) -> ModuleObject:
    """``import a.b.c [as x];``: the value to bind (``a``, or the module itself with ``as``)."""
    from mlpy.stdlib.module_registry import get_registry

    path = tuple(path)
    registry = get_registry()
    if registry.is_extension(path[0]):  # stdlib + this run's extension paths + the registry's
        if len(path) > 1:
            raise _locate(MLImportError(
                f"No module named '{'.'.join(path)}': '{path[0]}' is an extension module without submodules"),
                importing_file, path)
        return registry.get_module_object(path[0])
    try:
        module = _import_ml(path, importing_file, alias)
    except MLImportError as exc:
        raise _locate(exc, importing_file, path) from None
    if module is None:
        raise _locate(unknown_import_error(path, importing_file), importing_file, path)
    return module


def _locate(exc: MLError, importing_file: str, path: tuple[str, ...]) -> MLError:
    """Give an import error the position of the ``import`` statement that caused it."""
    if exc.line is not None:
        return exc
    from mlpy.stdlib.module_registry import get_registry

    compiled = get_registry().ml_compile_cache.cached_program(Path(importing_file).resolve()) \
        if importing_file and not importing_file.startswith("<") else None
    for node in getattr(compiled, "imports", ()) or ():
        if tuple(getattr(node, "path", ())) == path:
            exc.filename, exc.line, exc.column = importing_file, node.line, node.col
            exc.source_line = _source_line(importing_file, node.line)
            break
    return exc


def _source_line(filename: str, line: int | None) -> str | None:
    if line is None:
        return None
    try:
        lines = Path(filename).read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError, ValueError):
        return None
    return lines[line - 1] if 0 < line <= len(lines) else None


def is_python_module(name: str) -> bool:
    """True when ``name`` is importable by Python (checked without importing it)."""
    if name in sys.stdlib_module_names or name in sys.builtin_module_names:
        return True
    try:
        return importlib.util.find_spec(name) is not None
    except (ImportError, ValueError):
        return False


def unknown_import_error(path: Sequence[str], importing_file: str | None) -> MLImportError:
    """The error for an import nothing resolves: Python module explanation or a suggestion."""
    dotted = ".".join(path)
    if is_python_module(path[0]):
        return MLImportError(
            f"Python modules cannot be imported from ML ('{dotted}'). To expose Python code to ML, "
            "write an extension module (see @ml_module)")
    from mlpy.stdlib.module_registry import get_registry
    from mlpy.stdlib.registry_discovery import scan_ml_dir

    candidates = set(get_registry().get_all_module_names())
    for directory in _search_dirs(importing_file):
        candidates.update(scan_ml_dir(directory))
    match = difflib.get_close_matches(path[0], sorted(candidates), n=1, cutoff=0.6)
    hint = f". Did you mean '{match[0]}'?" if match else ""
    return MLImportError(f"No module named '{dotted}'{hint}")


def check_import(path: Sequence[str], node: Any, importing_file: str | None = None) -> None:
    """Compile-time check of one ``import``: raise a positioned ``MLImportError`` if it cannot work.

    Without ``importing_file`` (used directly as ``CompileOptions.import_checker``) ML modules are
    looked up from the current context's main directory; ``make_import_checker(filename)`` also
    searches the importing file's own directory and puts the file name into the error.
    """
    from mlpy.stdlib.module_registry import get_registry
    from mlpy.stdlib.registry_ml import resolve_ml_file

    parts = tuple(path)
    registry = get_registry()
    if registry.is_extension(parts[0]):
        if len(parts) == 1:
            return
        error = MLImportError(f"No module named '{'.'.join(parts)}': '{parts[0]}' is an extension "
                              "module without submodules")
    elif resolve_ml_file(parts, _search_dirs(importing_file)) is not None:
        return
    else:
        error = unknown_import_error(parts, importing_file)
    line, col = getattr(node, "line", None), getattr(node, "col", None)
    error.line, error.column = line, col
    if importing_file is not None:
        error.filename = importing_file
        error.source_line = _source_line(importing_file, line)
    raise error


@functools.lru_cache(maxsize=1024)
def make_import_checker(importing_file: str) -> Callable[[list[str], Any], None]:
    """``CompileOptions.import_checker`` for one file (cached, so options stay equal and hashable)."""

    def checker(path: list[str], node: Any) -> None:
        check_import(path, node, importing_file)

    return checker


def reload_ml_path(path: Path, name: str) -> list[tuple[MLModule, dict[str, Any], dict[str, Any]]]:
    """Re-run an ML module in every session that loaded it; all-or-nothing per session.

    Returns ``(module, old_namespace, new_namespace)`` for each updated module object. Raises the
    first error (and changes nothing) when the new version fails to compile or run.
    """
    prepared: list[tuple[MLModule, dict[str, Any], set[str]]] = []
    for session in all_sessions():
        module = session.modules.get(path)
        if module is None:
            continue
        with session.lock:
            namespace, hidden = execute_ml_file(path, name, session)
        prepared.append((module, namespace, hidden))
    swapped = []
    for module, namespace, hidden in prepared:
        old = module._ml_replace_namespace(namespace, hidden)
        swapped.append((module, old, namespace))
    return swapped


__all__ = [
    "ImportSession",
    "all_sessions",
    "check_import",
    "current_session",
    "import_module",
    "in_program",
    "is_python_module",
    "make_import_checker",
    "reload_ml_path",
    "unknown_import_error",
    "use_session",
]
