"""The process-wide module registry: discovery, lazy thread-safe loading, module information.

``get_registry()`` and the ``ModuleRegistry`` methods are the host-facing surface. Resolution order:
the standard library (the ``*_bridge.py`` files of ``mlpy.stdlib``), then the extension paths in
order, then ML modules.

Visibility is per run (``views``): the registry is shared by the whole process, but an import sees
only the standard library, the extension directories of the *current* execution context and the
directories added to the registry itself (``add_extension_paths``). Loaded extension files are
cached process-wide per file: a file is executed on its first import, once, even when several
threads import it at the same moment (one lock per file). Discovery only reads files
(``discovery``); loading is ``extension_loader``; reload is ``reloader``; performance mode and the
memory report are ``monitor``.

Lifetime: one registry per process (``reset_registry()`` starts over); ``invalidate_cache()``
forgets discovery results and compiled ML modules while loaded modules stay loaded.
"""

from __future__ import annotations

import threading
import time
import weakref
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

from mlpy.errors import MLError, MLImportError
from mlpy.modules.discovery import DiscoveredModule
from mlpy.modules.extension_loader import execute_extension_file, private_module_name
from mlpy.modules.files import mtime
from mlpy.modules.ml_files import MLCompileCache, default_namespace
from mlpy.modules.monitor import LoadMonitor, MemoryProbe, dev_mode_from_env
from mlpy.modules.objects import ExtensionModule, MLModule, ModuleObject, extension_exports
from mlpy.modules.reloader import Reloader, ReloadListener
from mlpy.modules.session import current_session, in_program
from mlpy.modules.sizes import deep_size
from mlpy.modules.views import DirectoryScans, ModuleCollisionWarning, View, build_view, unique_dirs
from mlpy.runtime import context
from mlpy.runtime.metadata import module_info_of

STDLIB_DIR = Path(__file__).resolve().parent.parent / "stdlib"
_MAX_VIEWS = 256
"""Distinct path sets whose views are cached; beyond that the cache starts over (bounded memory)."""


@dataclass
class ExtensionEntry:
    """One discovered extension module and, once imported, its Python module and ML object."""

    found: DiscoveredModule
    lock: threading.Lock = field(default_factory=threading.Lock)
    module: ModuleType | None = None
    instance: Any = None
    ml_object: ExtensionModule | None = None
    loaded_mtime: int | None = None


@dataclass
class MLEntry:
    """An ML module that has been imported: its file and its live module objects (all sessions)."""

    path: Path
    name: str
    objects: weakref.WeakSet[MLModule] = field(default_factory=weakref.WeakSet)
    loaded_mtime: int | None = None


class ModuleRegistry:
    """Finds, loads and reloads the modules ML programs import (see the module docstring)."""

    def __init__(self, stdlib_dir: Path | None = None) -> None:
        self._lock = threading.RLock()
        self._extension_paths: list[Path] = []
        self._ml_paths: list[Path] = []
        self._scans = DirectoryScans(stdlib_dir or STDLIB_DIR)
        self._views: dict[tuple[tuple[str, ...], tuple[str, ...]], View] = {}
        self._files: dict[tuple[Path, str], ExtensionEntry] = {}
        self._ml_entries: dict[Path, MLEntry] = {}
        self.monitor = LoadMonitor()
        requested = dev_mode_from_env()
        if requested is not None:  # MLPY_DEV_MODE: hosts and the REPL start in development mode
            self.monitor.enable(trace_memory=requested)
        self.reloader = Reloader(self)
        self.ml_compile_cache = MLCompileCache()
        self.ml_namespace_factory: Callable[[str], dict[str, Any]] = default_namespace

    # -- paths -------------------------------------------------------------------------------------
    def add_extension_paths(self, paths: Iterable[str | Path]) -> None:
        """Append extension directories seen by every import of this process (after the run's own)."""
        self._add_paths(self._extension_paths, paths)

    def add_ml_module_paths(self, paths: Iterable[str | Path]) -> None:
        """Append directories searched for ML modules (after the importing and main directories)."""
        self._add_paths(self._ml_paths, paths)

    def _add_paths(self, target: list[Path], paths: Iterable[str | Path]) -> None:
        with self._lock:
            for entry in paths:
                resolved = Path(entry).expanduser().resolve()
                if resolved not in target:
                    target.append(resolved)
                    self._views.clear()

    @property
    def extension_paths(self) -> list[str]:
        """The registry-level extension directories (not those of a run's execution context)."""
        return [str(p) for p in self._extension_paths]

    @property
    def ml_module_paths(self) -> list[str]:
        """The registry-level ML module directories (not those of a run's execution context)."""
        return [str(p) for p in self._ml_paths]

    # -- discovery ---------------------------------------------------------------------------------
    def current_view(self) -> View:
        """What an import made now can see: stdlib, the current run's paths, then the registry's."""
        ctx = context.current()
        key = (tuple(map(str, ctx.extension_paths)), tuple(map(str, ctx.ml_module_paths)))
        view = self._views.get(key)
        if view is not None:
            return view
        with self._lock:
            view = self._views.get(key)
            if view is None:
                started = time.perf_counter() if self.monitor.enabled else 0.0
                view = build_view(self._scans, unique_dirs(key[0], self._extension_paths),
                                  unique_dirs(key[1], self._ml_paths))
                if len(self._views) >= _MAX_VIEWS:
                    self._views.clear()
                self._views[key] = view
                if self.monitor.enabled:
                    self.monitor.recorder.scan((time.perf_counter() - started) * 1000.0)
            return view

    def _entry(self, found: DiscoveredModule) -> ExtensionEntry:
        """The process-wide entry of one module file (its loaded instance is shared by all runs)."""
        key = (found.path, found.name)
        with self._lock:
            entry = self._files.get(key)
            if entry is None:
                entry = self._files[key] = ExtensionEntry(found)
            elif entry.ml_object is None and entry.found is not found:
                entry.found = found
            return entry

    def visible_entry(self, name: str) -> ExtensionEntry | None:
        """The entry of the extension module ``name`` the current run sees, or None."""
        found = self.current_view().extensions.get(name)
        return self._entry(found) if found is not None else None

    def is_extension(self, name: str) -> bool:
        """True when ``name`` is a standard or extension module visible to the current run."""
        return name in self.current_view().extensions

    def _visible_ml_names(self) -> set[str]:
        """ML modules imported so far that the caller may know of: the current session's; the host
        (no program running) sees every imported one."""
        if not in_program():
            return {entry.name for entry in list(self._ml_entries.values()) if len(entry.objects)}
        return {module._ml_name for module in current_session().loaded()}

    def is_available(self, name: str) -> bool:
        """True when ``import name;`` would find a module (ML modules: on the ML module paths)."""
        view = self.current_view()
        return name in view.extensions or name in view.ml_names or name in self._visible_ml_names()

    def get_all_module_names(self) -> set[str]:
        """Every module name visible now: standard, extension, ML on the paths, imported ML."""
        view = self.current_view()
        return set(view.extensions) | set(view.ml_names) | self._visible_ml_names()

    def invalidate_cache(self) -> None:
        """Forget discovery results and compiled ML modules (loaded modules stay loaded)."""
        with self._lock:
            self._scans.clear()
            self._views.clear()
            self.ml_compile_cache.clear()

    # -- loading -------------------------------------------------------------------------------------
    def _loaded_entry(self, name: str) -> ExtensionEntry | None:
        entry = self.visible_entry(name)
        if entry is None:
            return None
        if entry.ml_object is None:
            with entry.lock:
                if entry.ml_object is None:
                    self.load_extension(entry)
        return entry

    def load_extension(self, entry: ExtensionEntry) -> None:
        """Execute an entry's file for the first time and make its module object (caller locks)."""
        perf = self.monitor.enabled
        probe = self.monitor.probe() if perf else None
        started = time.perf_counter() if perf else 0.0
        module, instance = execute_extension_file(entry.found)
        entry.module, entry.instance = module, instance
        entry.loaded_mtime = mtime(entry.found.path)
        entry.ml_object = ExtensionModule(entry.found.name, extension_exports(instance))
        if perf:
            self.monitor.record_load(entry.found.name, str(entry.found.path),
                                     (time.perf_counter() - started) * 1000.0,
                                     probe.stop() if probe is not None else None)

    def get_module(self, name: str) -> Any:
        """The module ``name``: an extension module's instance, an ML module's object, or None.

        Loads it on first use; a module that fails to load raises ``MLImportError``.
        """
        entry = self._loaded_entry(name)
        if entry is not None:
            return entry.instance
        return self._get_ml_module(name)

    def get_module_object(self, name: str) -> ModuleObject | None:
        """The ML-facing module object of an extension module (loaded on first use), or None."""
        entry = self._loaded_entry(name)
        return entry.ml_object if entry is not None else None

    def _get_ml_module(self, name: str) -> ModuleObject | None:
        from mlpy.modules.importer import import_module

        if not name.replace(".", "").replace("_", "a").isalnum():
            return None
        try:
            return import_module(tuple(name.split(".")), "<registry>", True)
        except MLImportError as exc:
            if exc.message.startswith(("No module named", "Python modules cannot")):
                return None
            raise

    def get_module_info(self, name: str) -> dict[str, Any] | None:
        """Description, version, capabilities, functions, file, type and whether it is loaded."""
        view = self.current_view()
        found = view.extensions.get(name)
        if found is not None:
            return _extension_info(name, self._entry(found))
        ml_entry = self._ml_entry_named(name) if name in self._visible_ml_names() else None
        if ml_entry is not None:
            objects = list(ml_entry.objects)
            members = objects[0]._ml_member_names() if objects else []
            return _ml_info(name, members, str(ml_entry.path), bool(objects))
        if name in view.ml_names:
            return _ml_info(name, [], None, False)
        return None

    def _ml_entry_named(self, name: str) -> MLEntry | None:
        """The most recently imported ML module file called ``name`` (the current session's first)."""
        if in_program():
            for module in current_session().loaded():
                if module._ml_name == name and module._ml_path:
                    entry = self._ml_entries.get(Path(module._ml_path))
                    if entry is not None:
                        return entry
        matches = [entry for entry in list(self._ml_entries.values()) if entry.name == name and len(entry.objects)]
        return matches[-1] if matches else None

    def loaded_extensions(self) -> list[ExtensionEntry]:
        """Every extension entry whose file has been executed."""
        with self._lock:
            return [entry for entry in self._files.values() if entry.ml_object is not None]

    def loaded_ml(self) -> list[MLEntry]:
        """Every ML module file with a live module object."""
        with self._lock:
            return [entry for entry in self._ml_entries.values() if len(entry.objects)]

    def loaded_module_names(self) -> list[str]:
        """Names of the modules loaded so far in this process (extension and ML), sorted."""
        names = {entry.found.name for entry in self.loaded_extensions()}
        names.update(entry.name for entry in self.loaded_ml())
        return sorted(names)

    # -- ML modules (called by the importer) ---------------------------------------------------------
    def compile_ml(self, name: str, path: Path, search_dirs: list[Path]) -> Any:
        """The compiled program of an ML module file (once per process per content)."""
        if not self.monitor.enabled:
            return self.ml_compile_cache.compile(path, search_dirs)[0]
        started = time.perf_counter()
        compiled, fresh = self.ml_compile_cache.compile(path, search_dirs)
        if fresh:
            self.monitor.recorder.compiled(name, (time.perf_counter() - started) * 1000.0)
        return compiled

    def note_ml_module(self, name: str, path: Path, module: MLModule) -> None:
        """Remember an imported ML module object so that reload can update it."""
        with self._lock:
            entry = self._ml_entries.get(path)
            if entry is None or entry.name != name:
                entry = self._ml_entries[path] = MLEntry(path, name)
            else:  # most recently imported last: _ml_entry_named prefers it
                self._ml_entries[path] = self._ml_entries.pop(path)
            entry.objects.add(module)
            entry.loaded_mtime = mtime(path)

    # -- performance and memory (``monitor``) ---------------------------------------------------------
    @property
    def performance_mode(self) -> bool:
        """True while timings are recorded (either level of performance mode)."""
        return self.monitor.enabled

    @property
    def memory_tracing(self) -> bool:
        """True while performance mode also traces the memory each load retains (tracemalloc)."""
        return self.monitor.tracing

    def enable_performance_mode(self, trace_memory: bool = False) -> None:
        """Start recording timings of scans, compiles, loads and reloads (cost < 2 % of a load).

        ``trace_memory`` also starts tracemalloc so that the memory report can give the bytes each
        load retains; it makes every allocation of the process several times slower (and so every
        load "slow"), which is why it is never on unless asked for. Calling it again switches levels.
        """
        self.monitor.enable(trace_memory)

    @property
    def _performance_mode(self) -> bool:
        """Internal (kept for tools written against the reference implementation): same as
        ``performance_mode``."""
        return self.monitor.enabled

    def _record_timing(self, kind: str, name: str, seconds: float) -> None:
        """Internal (kept for tools written against the reference implementation): record one
        ``"load"``, ``"compile"``, ``"reload"`` or ``"scan"`` timing given in *seconds*; a slow load
        is logged like a measured one. Recorded only while performance mode is on."""
        if not self.monitor.enabled:
            return
        ms = seconds * 1000.0
        recorder = self.monitor.recorder
        if kind == "load":
            self.monitor.record_load(name, "<recorded>", ms, None)
        elif kind == "compile":
            recorder.compiled(name, ms)
        elif kind == "reload":
            recorder.reloaded(name)
            recorder.loaded(name, ms)
        elif kind == "scan":
            recorder.scan(ms)
        else:
            raise ValueError(f"unknown timing kind {kind!r} (load, compile, reload or scan)")

    def disable_performance_mode(self) -> None:
        """Stop recording (recorded figures are kept); tracemalloc is stopped if we started it."""
        self.monitor.disable()

    def memory_probe(self) -> MemoryProbe | None:
        """A started tracemalloc probe around one load, or None when memory is not being traced."""
        return self.monitor.probe()

    def record_load(self, name: str, path: str, ms: float, retained_bytes: int | None) -> None:
        """Record one load (performance mode) and warn when it was slow."""
        self.monitor.record_load(name, path, ms, retained_bytes)

    def get_performance_summary(self) -> dict[str, Any]:
        """Scans, loads, averages (ms), slowest loads, reload counts (+ compile figures)."""
        return self.monitor.recorder.summary()

    def get_memory_report(self) -> dict[str, Any]:
        """Per loaded module: bytes retained by loading it and deep size of its objects; top 10."""
        return self.monitor.memory_report({name: self._deep_size_of(name) for name in self.loaded_module_names()})

    def _deep_size_of(self, name: str) -> int:
        """Deep size of every loaded file called ``name`` (several runs may load different ones)."""
        total = sum(deep_size(entry.instance) for entry in self.loaded_extensions()
                    if entry.found.name == name and entry.instance is not None)
        for ml_entry in self.loaded_ml():
            if ml_entry.name != name:
                continue
            for module in list(ml_entry.objects):
                own = {key: value for key, value in module._exports.items()
                       if key[:2] != "__" and key not in module._hidden and not isinstance(value, ModuleObject)}
                total += deep_size(own)
        return total

    # -- reload (``reloader``) -------------------------------------------------------------------------
    def add_reload_listener(self, callback: ReloadListener) -> None:
        """``callback(name, old_exports, new_exports)`` after each successful reload."""
        self.reloader.add_listener(callback)

    def remove_reload_listener(self, callback: ReloadListener) -> None:
        """Stop calling ``callback`` after reloads."""
        self.reloader.remove_listener(callback)

    def get_reload_error(self, name: str) -> MLError | None:
        """The error of the last failed reload of ``name`` (None after a success)."""
        return self.reloader.errors.get(name)

    def get_last_reload_ms(self, name: str) -> float | None:
        """How long the last successful reload of ``name`` took."""
        return self.reloader.last_ms.get(name)

    def reload_module(self, name: str) -> bool:
        """Re-read ``name`` from disk and swap it in if it loads; False (old version kept) otherwise."""
        return self.reloader.reload(name)

    def reload_all_modules(self) -> dict[str, bool]:
        """Reload every loaded module: ``{name: success}``."""
        return {name: self.reload_module(name) for name in self.loaded_module_names()}

    def refresh_all(self) -> dict[str, Any]:
        """Rescan the paths and reload every loaded module: ``total_modules`` (visible after the
        rescan), ``reloaded_modules`` and ``reload_failures`` (counts), ``reload_details``
        (``{name: success}``)."""
        self.invalidate_cache()
        details = self.reload_all_modules()
        return {"total_modules": len(self.get_all_module_names()),
                "reloaded_modules": sum(details.values()),
                "reload_failures": sum(not ok for ok in details.values()),
                "reload_details": details}


def _extension_info(name: str, entry: ExtensionEntry) -> dict[str, Any]:
    found = entry.found
    info = module_info_of(entry.instance) if entry.instance is not None else None
    return {
        "name": name,
        "type": "stdlib" if found.origin == "stdlib" else "extension",
        "description": info.description if info else found.description,
        "version": info.version if info else found.version,
        "capabilities": list(info.capabilities if info else found.capabilities),
        "functions": sorted(info.functions) if info is not None else list(found.functions),
        "constants": list(info.constants) if info else [],
        "file": str(found.path),
        "loaded": entry.ml_object is not None,
    }


def _ml_info(name: str, members: list[str], file: str | None, loaded: bool) -> dict[str, Any]:
    return {"name": name, "type": "ml", "description": "", "version": "", "capabilities": [],
            "functions": members, "constants": [], "file": file, "loaded": loaded}


_registry: ModuleRegistry | None = None
_registry_lock = threading.Lock()


def get_registry() -> ModuleRegistry:
    """The process-wide registry (created on first use, thread-safe)."""
    global _registry
    registry = _registry
    if registry is None:
        with _registry_lock:
            if _registry is None:
                _registry = ModuleRegistry()
            registry = _registry
    return registry


def reset_registry() -> ModuleRegistry:
    """Replace the singleton with a fresh registry (tests and embedding hosts starting over)."""
    global _registry
    with _registry_lock:
        if _registry is not None:
            _registry.disable_performance_mode()  # stop the tracemalloc it started, if any
        _registry = ModuleRegistry()
        return _registry


__all__ = ["ModuleCollisionWarning", "ModuleRegistry", "execute_extension_file", "get_registry",
           "private_module_name", "reset_registry"]
