"""What ``import a.b.c;`` does at run time.

``import_module`` (reached from generated code through the runtime's ``Importer`` protocol) resolves
in this order: standard library and extension modules (the registry answers with what the *current*
execution context's extension paths plus the registry's own paths make visible), then ML modules
relative to the importing file, the main program's directory and the ML module paths (the
context's, then the registry's). An ML module's top level runs once per import session
(``mlpy.modules.session``); ML modules never enter Python's ``sys.modules``.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from contextvars import ContextVar
from pathlib import Path
from typing import Any

from mlpy.errors import MLError, MLImportError
from mlpy.modules.files import file_line
from mlpy.modules.ml_files import package_init, resolve_ml_file
from mlpy.modules.objects import MLModule, ModuleObject, PackageModule
from mlpy.modules.registry import get_registry
from mlpy.modules.session import ImportSession, all_sessions, current_session, use_session
from mlpy.runtime import context

_loading: ContextVar[tuple[Path, ...]] = ContextVar("mlpy_loading_modules", default=())
"""The ML module files being executed by this thread of control, outermost first (cycle check)."""


def search_dirs(importing_file: str | None) -> list[Path]:
    """Importing file's directory, main program directory, then the ML module paths.

    A program given as a string (``<string>``) has no directory: the host's working directory is
    never searched for it (another tenant's scripts or the host's own files may lie there). The
    REPL gives its working directory as the main directory on purpose.
    """
    dirs: list[Path] = []
    if importing_file and not importing_file.startswith("<"):
        dirs.append(Path(importing_file).resolve().parent)
    ctx = context.current()
    if ctx.main_dir:
        dirs.append(Path(ctx.main_dir).resolve())
    for entry in [*ctx.ml_module_paths, *get_registry().ml_module_paths]:
        dirs.append(Path(entry).resolve())
    return list(dict.fromkeys(dirs))


def _cycle_error(chain: Sequence[Path], target: Path) -> MLImportError:
    names = [p.name for p in chain[chain.index(target):]] + [target.name]
    return MLImportError("import cycle: " + " -> ".join(names), filename=str(chain[-1]))


def _hidden_names(compiled: Any) -> set[str]:
    """Names a module's own ``import`` statements bind: not exports of that module."""
    return {node.alias or node.path[0] for node in compiled.imports}


def execute_ml_file(path: Path, name: str, session: ImportSession) -> tuple[dict[str, Any], set[str]]:
    """Compile (cached) and run one ML module file in a fresh namespace: ``(namespace, hidden)``."""
    registry = get_registry()
    chain = _loading.get()
    if path in chain:
        raise _cycle_error(chain, path)
    perf = registry.performance_mode
    started = time.perf_counter() if perf else 0.0
    compiled = registry.compile_ml(name, path, search_dirs(str(path))[1:])
    namespace = registry.ml_namespace_factory(str(path))
    context.current().sources[str(path)] = registry.ml_compile_cache.source_of(path)
    token_chain = _loading.set((*chain, path))
    probe = registry.memory_probe() if perf else None
    try:
        with use_session(session):
            exec(compiled.code, namespace)  # noqa: S102 - generated ML code in its own namespace
    finally:
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
        namespace, hidden = execute_ml_file(path, name, session)
        module = MLModule(name, namespace, hidden, str(path))
        session.modules[path] = module
        get_registry().note_ml_module(name, path, module)
        return module


def _package(session: ImportSession, root: Path, parts: tuple[str, ...]) -> ModuleObject:
    """The object bound for the package prefix ``parts``: its ``__init__.ml`` module or a package."""
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
    found = resolve_ml_file(path, search_dirs(importing_file))
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


def no_submodules_error(parts: Sequence[str]) -> MLImportError:
    """``import math.x;``: extension modules have no submodules."""
    return MLImportError(f"No module named '{'.'.join(parts)}': '{parts[0]}' is an extension "
                         "module without submodules")


def import_module(path: tuple[str, ...], importing_file: str, alias: bool) -> ModuleObject:
    """``import a.b.c [as x];``: the value to bind (``a``, or the module itself with ``as``)."""
    from mlpy.modules.checks import unknown_import_error

    path = tuple(path)
    registry = get_registry()
    if registry.is_extension(path[0]):  # stdlib + this run's extension paths + the registry's
        if len(path) > 1:
            raise locate(no_submodules_error(path), importing_file, path)
        module = registry.get_module_object(path[0])
        assert module is not None  # visible, so it loads or raises
        return module
    try:
        found = _import_ml(path, importing_file, alias)
    except MLImportError as exc:
        raise locate(exc, importing_file, path) from None
    if found is None:
        raise locate(unknown_import_error(path, importing_file), importing_file, path)
    return found


def locate(exc: MLError, importing_file: str, path: tuple[str, ...]) -> MLError:
    """Give an import error the position of the ``import`` statement that caused it."""
    if exc.line is not None or not importing_file or importing_file.startswith("<"):
        return exc
    compiled = get_registry().ml_compile_cache.cached_program(Path(importing_file).resolve())
    for node in compiled.imports if compiled is not None else ():
        if tuple(node.path) == path:
            exc.filename, exc.line, exc.column = importing_file, node.line, node.col
            exc.source_line = file_line(importing_file, node.line)
            break
    return exc


def reload_ml_path(path: Path, name: str) -> list[tuple[MLModule, dict[str, Any], dict[str, Any]]]:
    """Re-run an ML module in every session that loaded it; all-or-nothing.

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
    return [(module, module._ml_replace_namespace(namespace, hidden), namespace)
            for module, namespace, hidden in prepared]


__all__ = ["execute_ml_file", "import_module", "locate", "no_submodules_error", "reload_ml_path",
           "search_dirs"]
