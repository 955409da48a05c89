"""The process-wide module registry: discovery, lazy thread-safe loading, reload, dev statistics.

SPEC §3.3 is the public surface (``get_registry()`` and the ``ModuleRegistry`` methods with their
return shapes). Resolution order: the standard library (``*_bridge.py`` next to this file), then the
extension paths in order, then ML modules.

Visibility is per run (``registry_views``): the registry is shared by the whole process, but an
import sees only the standard library, the extension directories of the *current* execution context
and the directories added to the registry itself (``add_extension_paths``). Name -> file resolution
therefore follows the running program's paths, while loaded files are cached process-wide per file:
a file is executed on its first import, once, even when several threads import it at the same
moment (one lock per file). Discovery only reads files (``registry_discovery``). Extension files run
under a private module name unique per file (``mlpy_ext.<name>_<hash of the path>``; standard
modules under ``mlpy.stdlib.<file>``), so they never replace an entry of Python's own
``sys.modules`` nor each other.

Reload is transactional: the new version is loaded completely first; only if that succeeds is it
swapped in, by replacing the exports dict of the existing module object (every reference to the
module sees the new code) and telling the reload listeners (devmode updates functions already taken
out of the module). A failed reload keeps the old version and records the positioned error
(``get_reload_error``).

Reload is also fast (SPEC §8: a 1,000-line module in <= 20 ms): a known file is not re-discovered
(no directory scan, no ``ast`` parse of it) — it is simply executed again, a syntax error then comes
from Python's own compile with its position, and the module's metadata is taken from the new
instance's ``@ml_module`` information. ML modules go through the compile cache, keyed by content
hash, so an unchanged file or dependency is never compiled twice.

Performance mode has two levels (``enable_performance_mode(trace_memory=True)``): timings alone
(a few ``perf_counter`` calls per load: under 2 % of a load, nothing at all when off) and timings
plus memory tracing (``tracemalloc`` for the bytes each load retains, which slows every allocation of
the process and is therefore only switched on for development mode's ``.memreport``). Without
tracing the memory report still gives each module's deep size and the process RSS, with
``retained_bytes`` None ("not traced").
"""

from __future__ import annotations

import hashlib
import importlib.util
import sys
import threading
import time
import traceback
import weakref
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path
from types import ModuleType
from typing import Any

from mlpy.errors import MLError, MLImportError
from mlpy.runtime.modules import ExtensionModule, MLModule, ModuleObject, extension_exports
from mlpy.stdlib.decorators import module_info_of
from mlpy.stdlib.registry_discovery import DiscoveredModule
from mlpy.stdlib.registry_ml import MLCompileCache, default_namespace
from mlpy.stdlib.registry_perf import (
    MemoryProbe,
    PerfRecorder,
    deep_size,
    slow_load_threshold_ms,
    warn_if_slow,
)
from mlpy.stdlib.registry_views import DirectoryScans, ModuleCollisionWarning, View, build_view, unique_dirs

ReloadListener = Callable[[str, dict[str, Any], dict[str, Any]], None]
STDLIB_DIR = Path(__file__).resolve().parent
EXTENSION_PACKAGE = "mlpy_ext"
_MAX_VIEWS = 256
"""Distinct path sets whose views are cached; beyond that the cache starts over (bounded memory)."""


@dataclass
class _ExtensionEntry:
    """One discovered extension module and, once imported, its Python module and ML object."""

    found: DiscoveredModule
    lock: threading.Lock = field(default_factory=threading.Lock)
    module: ModuleType | None = None
    instance: Any = None
    ml_object: ExtensionModule | None = None
    loaded_mtime: int | None = None


@dataclass
class _MLEntry:
    """An ML module that has been imported: its file and its live module objects (all sessions)."""

    path: Path
    name: str
    objects: weakref.WeakSet[MLModule] = field(default_factory=weakref.WeakSet)
    loaded_mtime: int | None = None


def _mtime(path: Path) -> int | None:
    try:
        return path.stat().st_mtime_ns
    except OSError:
        return None


def private_module_name(found: DiscoveredModule) -> str:
    """The ``sys.modules`` name a module file runs under: unique per file, so two extension
    directories defining the same module name (two tenants of one process) never share one."""
    if found.origin == "stdlib":
        return f"mlpy.stdlib.{found.path.stem}"
    digest = hashlib.sha1(str(found.path).encode("utf-8"), usedforsecurity=False).hexdigest()[:12]
    return f"{EXTENSION_PACKAGE}.{found.name}_{digest}"


def _load_error(found: DiscoveredModule, exc: BaseException) -> MLImportError:
    """An ``MLImportError`` naming the module file and the line where loading it failed."""
    path = found.path
    line: int | None = None
    column: int | None = None
    if isinstance(exc, SyntaxError) and exc.filename and Path(exc.filename).resolve() == path:
        line, column = exc.lineno, exc.offset
        detail = f"SyntaxError: {exc.msg}"
    else:
        for frame in traceback.extract_tb(exc.__traceback__):
            if Path(frame.filename).resolve() == path:
                line, column = frame.lineno, (frame.colno + 1 if frame.colno is not None else None)
        detail = f"{type(exc).__name__}: {exc}"
    source_line = None
    if line is not None:
        try:
            source_line = path.read_text(encoding="utf-8").splitlines()[line - 1]
        except (OSError, IndexError, UnicodeDecodeError):
            source_line = None
    where = f" (line {line})" if line is not None else ""
    return MLImportError(f"cannot load module '{found.name}' from {path.name}{where}: {detail}",
                         filename=str(path), line=line, column=column, source_line=source_line)


_code_cache: dict[Path, tuple[bytes, Any]] = {}
_code_cache_lock = threading.Lock()


def _extension_code(path: Path) -> Any:
    """The compiled code of an extension file, compiled again only when its content changed.

    What ``SourceFileLoader`` would compile, without its ``.pyc`` round trip (often disabled, and
    keyed by whole-second mtimes): an unchanged file (``.reloadall``, ``.refresh``, a second
    registry) costs a read and a hash instead of a compile. One entry per file.
    """
    data = path.read_bytes()
    digest = hashlib.sha1(data, usedforsecurity=False).digest()
    with _code_cache_lock:
        cached = _code_cache.get(path)
    if cached is not None and cached[0] == digest:
        return cached[1]
    code = compile(data, str(path), "exec", dont_inherit=True)
    with _code_cache_lock:
        _code_cache[path] = (digest, code)
    return code


def execute_extension_file(found: DiscoveredModule, reuse: bool = True) -> tuple[ModuleType, Any]:
    """Run an extension file under its private name; return the module and its instance.

    ``reuse`` returns an already imported standard module as is; reload passes False. On failure
    ``sys.modules`` is left as it was and an ``MLImportError`` with file and line is raised.
    """
    if found.syntax_error is not None:
        message, line, column = found.syntax_error
        exc = SyntaxError(message, (str(found.path), line, column, None))
        raise _load_error(found, exc)
    module_name = private_module_name(found)
    previous = sys.modules.get(module_name)
    if reuse and previous is not None and found.origin == "stdlib":
        module = previous
    else:
        locations = [str(found.path.parent)] if found.is_package else None
        spec = importlib.util.spec_from_file_location(module_name, found.path,
                                                      submodule_search_locations=locations)
        if spec is None or spec.loader is None:
            raise MLImportError(f"cannot load module '{found.name}' from {found.path.name}",
                                filename=str(found.path))
        module = importlib.util.module_from_spec(spec)
        sys.modules[module_name] = module
        try:
            exec(_extension_code(found.path), module.__dict__)  # noqa: S102 - the extension file itself
        except BaseException as exc:
            if previous is not None:
                sys.modules[module_name] = previous
            else:
                sys.modules.pop(module_name, None)
            if isinstance(exc, KeyboardInterrupt | SystemExit):
                raise
            raise _load_error(found, exc) from None
    instance = getattr(module, found.name, None)
    if instance is None or isinstance(instance, type) or module_info_of(instance) is None:
        if previous is not None:
            sys.modules[module_name] = previous
        elif module is not previous:
            sys.modules.pop(module_name, None)
        class_name = _module_class_name(module, found.name) or found.class_name or found.name.capitalize()
        raise MLImportError(
            f"{found.path.name} defines no module-level instance '{found.name}' of class {class_name}",
            filename=str(found.path))
    return module, instance


class ModuleRegistry:
    """Finds, loads and reloads the modules ML programs import (see the module docstring)."""

    def __init__(self, stdlib_dir: Path | None = None) -> None:
        self._lock = threading.RLock()
        self._extension_paths: list[Path] = []
        self._ml_paths: list[Path] = []
        self._scans = DirectoryScans(stdlib_dir or STDLIB_DIR)
        self._views: dict[tuple[tuple[str, ...], tuple[str, ...]], View] = {}
        self._files: dict[tuple[Path, str], _ExtensionEntry] = {}
        self._started_tracemalloc = False
        self._ml_entries: dict[Path, _MLEntry] = {}
        self._perf_mode = False
        self._trace_memory = False
        self._slow_load_ms = slow_load_threshold_ms()
        self._perf = PerfRecorder()
        self._listeners: list[ReloadListener] = []
        self._reload_errors: dict[str, MLError] = {}
        self._last_reload_ms: dict[str, float] = {}
        self.ml_compile_cache = MLCompileCache()
        self.ml_namespace_factory: Callable[[str], dict[str, Any]] = default_namespace

    # -- paths -------------------------------------------------------------------------------------
    def add_extension_paths(self, paths: Iterable[str | Path]) -> None:
        """Append extension directories seen by every import of this process (after the run's own)."""
        with self._lock:
            for entry in paths:
                resolved = Path(entry).expanduser().resolve()
                if resolved not in self._extension_paths:
                    self._extension_paths.append(resolved)
                    self._views.clear()

    def add_ml_module_paths(self, paths: Iterable[str | Path]) -> None:
        """Append directories searched for ML modules (after the importing and main directories)."""
        with self._lock:
            for entry in paths:
                resolved = Path(entry).expanduser().resolve()
                if resolved not in self._ml_paths:
                    self._ml_paths.append(resolved)
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
        ctx = _context()
        ctx_ext = tuple(map(str, ctx.extension_paths)) if ctx.extension_paths else ()
        ctx_ml = tuple(map(str, ctx.ml_module_paths)) if ctx.ml_module_paths else ()
        key = (ctx_ext, ctx_ml)
        view = self._views.get(key)
        if view is not None:
            return view
        with self._lock:
            view = self._views.get(key)
            if view is None:
                started = time.perf_counter() if self._perf_mode else 0.0
                view = build_view(self._scans, unique_dirs(ctx_ext, self._extension_paths),
                                  unique_dirs(ctx_ml, self._ml_paths))
                if len(self._views) >= _MAX_VIEWS:
                    self._views.clear()
                self._views[key] = view
                if self._perf_mode:
                    self._perf.scan((time.perf_counter() - started) * 1000.0)
            return view

    def _entry(self, found: DiscoveredModule) -> _ExtensionEntry:
        """The process-wide entry of one module file (its loaded instance is shared by all runs)."""
        key = (found.path, found.name)
        with self._lock:
            entry = self._files.get(key)
            if entry is None:
                entry = self._files[key] = _ExtensionEntry(found)
            elif entry.ml_object is None and entry.found is not found:
                entry.found = found
            return entry

    def _visible_entry(self, name: str) -> _ExtensionEntry | None:
        found = self.current_view().extensions.get(name)
        return self._entry(found) if found is not None else None

    def is_extension(self, name: str) -> bool:
        """True when ``name`` is a standard or extension module visible to the current run."""
        return name in self.current_view().extensions

    def _visible_ml_names(self) -> set[str]:
        """ML modules imported so far that the caller may know of: the current session's; the host
        (no program running) sees every imported one."""
        from mlpy.runtime.importer import current_session, in_program

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
    def _loaded_entry(self, name: str) -> _ExtensionEntry | None:
        entry = self._visible_entry(name)
        if entry is None:
            return None
        if entry.ml_object is None:
            with entry.lock:
                if entry.ml_object is None:
                    self._load_extension(entry)
        return entry

    def _load_extension(self, entry: _ExtensionEntry) -> None:
        perf = self._perf_mode
        probe = self.memory_probe() if perf and self._trace_memory else None
        started = time.perf_counter() if perf else 0.0
        module, instance = execute_extension_file(entry.found)
        entry.module, entry.instance = module, instance
        entry.loaded_mtime = _mtime(entry.found.path)
        entry.ml_object = ExtensionModule(entry.found.name, extension_exports(instance))
        if perf:
            self.record_load(entry.found.name, str(entry.found.path), (time.perf_counter() - started) * 1000.0,
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
        from mlpy.runtime.importer import import_module

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
            entry = self._entry(found)
            found = entry.found
            info = module_info_of(entry.instance) if entry.instance is not None else None
            functions = sorted(info.functions) if info is not None else list(found.functions)
            return {
                "name": name,
                "type": "stdlib" if found.origin == "stdlib" else "extension",
                "description": info.description if info else found.description,
                "version": info.version if info else found.version,
                "capabilities": list(info.capabilities if info else found.capabilities),
                "functions": functions,
                "constants": list(info.constants) if info else [],
                "file": str(found.path),
                "loaded": entry.ml_object is not None,
            }
        ml_entry = self._ml_entry_named(name) if name in self._visible_ml_names() else None
        if ml_entry is not None:
            objects = list(ml_entry.objects)
            members = objects[0]._ml_member_names() if objects else []
            return {"name": name, "type": "ml", "description": "", "version": "", "capabilities": [],
                    "functions": members, "constants": [], "file": str(ml_entry.path), "loaded": bool(objects)}
        if name in view.ml_names:
            return {"name": name, "type": "ml", "description": "", "version": "", "capabilities": [],
                    "functions": [], "constants": [], "file": None, "loaded": False}
        return None

    def _ml_entry_named(self, name: str) -> _MLEntry | None:
        """The most recently imported ML module file called ``name`` (the current session's first)."""
        from mlpy.runtime.importer import current_session, in_program

        if in_program():
            for module in current_session().loaded():
                if module._ml_name == name and module._ml_path:
                    entry = self._ml_entries.get(Path(module._ml_path))
                    if entry is not None:
                        return entry
        matches = [entry for entry in list(self._ml_entries.values()) if entry.name == name and len(entry.objects)]
        return matches[-1] if matches else None

    def _loaded_extensions(self) -> list[_ExtensionEntry]:
        with self._lock:
            return [entry for entry in self._files.values() if entry.ml_object is not None]

    def _loaded_ml(self) -> list[_MLEntry]:
        with self._lock:
            return [entry for entry in self._ml_entries.values() if len(entry.objects)]

    def loaded_module_names(self) -> list[str]:
        """Names of the modules loaded so far in this process (extension and ML), sorted."""
        names = {entry.found.name for entry in self._loaded_extensions()}
        names.update(entry.name for entry in self._loaded_ml())
        return sorted(names)

    # -- ML modules (called by the importer) ---------------------------------------------------------
    def compile_ml(self, name: str, path: Path, search_dirs: list[Path]) -> Any:
        """The compiled program of an ML module file (once per process per content)."""
        if not self._perf_mode:
            return self.ml_compile_cache.compile(path, search_dirs)[0]
        started = time.perf_counter()
        compiled, fresh = self.ml_compile_cache.compile(path, search_dirs)
        if fresh:
            self._perf.compiled(name, (time.perf_counter() - started) * 1000.0)
        return compiled

    def note_ml_module(self, name: str, path: Path, module: MLModule) -> None:
        """Remember an imported ML module object so that reload can update it."""
        with self._lock:
            entry = self._ml_entries.get(path)
            if entry is None or entry.name != name:
                entry = self._ml_entries[path] = _MLEntry(path, name)
            else:  # most recently imported last: _ml_entry_named prefers it
                self._ml_entries[path] = self._ml_entries.pop(path)
            entry.objects.add(module)
            entry.loaded_mtime = _mtime(path)

    # -- performance and memory ---------------------------------------------------------------------
    @property
    def performance_mode(self) -> bool:
        """True while timings are recorded (either level of performance mode)."""
        return self._perf_mode

    @property
    def memory_tracing(self) -> bool:
        """True while performance mode also traces the memory each load retains (tracemalloc)."""
        return self._perf_mode and self._trace_memory

    def enable_performance_mode(self, trace_memory: bool = True) -> None:
        """Start recording timings of scans, compiles, loads and reloads (SPEC §3.3).

        ``trace_memory`` (the default, as SPEC §3.3's no-argument call) also starts tracemalloc so
        that the memory report can give the bytes each load retains; it makes every allocation of
        the process slower, so hosts that only want timings pass False (cost < 2 % of a load).
        Calling it again switches between the two levels.
        """
        import tracemalloc

        self._slow_load_ms = slow_load_threshold_ms()
        if trace_memory:
            if not tracemalloc.is_tracing():
                tracemalloc.start()
                self._started_tracemalloc = True
        else:
            self._stop_tracemalloc()
        self._trace_memory = trace_memory
        self._perf_mode = True

    def disable_performance_mode(self) -> None:
        """Stop recording (recorded figures are kept); tracemalloc is stopped if we started it."""
        self._perf_mode = False
        self._trace_memory = False
        self._stop_tracemalloc()

    def _stop_tracemalloc(self) -> None:
        """Stop tracemalloc when this registry started it (a host's own tracing is left alone)."""
        if not self._started_tracemalloc:
            return
        import tracemalloc

        if tracemalloc.is_tracing():
            tracemalloc.stop()
        self._started_tracemalloc = False

    def memory_probe(self) -> MemoryProbe | None:
        """A started tracemalloc probe around one load, or None when memory is not being traced
        (timings-only performance mode): the caller then records no retained bytes."""
        if not self._trace_memory:
            return None
        probe = MemoryProbe()
        probe.start()
        return probe

    def record_load(self, name: str, path: str, ms: float, retained_bytes: int | None) -> None:
        """Record one load (performance mode) and warn when it was slow."""
        self._perf.loaded(name, ms, retained_bytes)
        warn_if_slow(name, path, ms, self._slow_load_ms)

    def get_performance_summary(self) -> dict[str, Any]:
        """SPEC §3.3: scans, loads, averages (ms), slowest loads, reload counts (+ compile figures)."""
        return self._perf.summary()

    def get_memory_report(self) -> dict[str, Any]:
        """Per loaded module: bytes retained by loading it and deep size of its objects; top 10.

        ``retained_bytes`` is None for a module whose load was not traced (performance mode off
        or timings only); ``size_bytes`` is then its deep size. ``retained_traced`` says whether
        every listed module was traced; ``memory_tracing`` whether tracing is on now.
        """
        modules: list[dict[str, Any]] = []
        for name in self.loaded_module_names():
            deep = self._deep_size_of(name)
            record = self._perf.memory.get(name)
            retained = record.retained_bytes if record is not None else None
            size = max(deep, retained or 0)
            modules.append({"name": name, "size_bytes": size, "size_kb": round(size / 1024, 2),
                            "size_mb": round(size / 1024 / 1024, 4), "retained_bytes": retained,
                            "deep_size_bytes": deep})
        modules.sort(key=lambda item: item["size_bytes"], reverse=True)
        total = sum(item["size_bytes"] for item in modules)
        return {"total_loaded": len(modules), "total_size_kb": round(total / 1024, 2),
                "total_size_mb": round(total / 1024 / 1024, 4), "modules": modules[:10],
                "process_rss_mb": _process_rss_mb(),
                "retained_traced": all(item["retained_bytes"] is not None for item in modules),
                "memory_tracing": self.memory_tracing}

    def _deep_size_of(self, name: str) -> int:
        """Deep size of every loaded file called ``name`` (several runs may load different ones)."""
        total = sum(deep_size(entry.instance) for entry in self._loaded_extensions()
                    if entry.found.name == name and entry.instance is not None)
        for ml_entry in self._loaded_ml():
            if ml_entry.name != name:
                continue
            for module in list(ml_entry.objects):
                own = {key: value for key, value in module._exports.items()
                       if key[:2] != "__" and key not in module._hidden and not isinstance(value, ModuleObject)}
                total += deep_size(own)
        return total

    # -- reload ----------------------------------------------------------------------------------------
    def add_reload_listener(self, callback: ReloadListener) -> None:
        """``callback(name, old_exports, new_exports)`` after each successful reload."""
        with self._lock:
            self._listeners.append(callback)

    def remove_reload_listener(self, callback: ReloadListener) -> None:
        with self._lock:
            if callback in self._listeners:
                self._listeners.remove(callback)

    def get_reload_error(self, name: str) -> MLError | None:
        """The error of the last failed reload of ``name`` (None after a success)."""
        return self._reload_errors.get(name)

    def get_last_reload_ms(self, name: str) -> float | None:
        """How long the last successful reload of ``name`` took."""
        return self._last_reload_ms.get(name)

    def reload_module(self, name: str) -> bool:
        """Re-read ``name`` from disk and swap it in if it loads; False (old version kept) otherwise.

        The module visible to the current run is reloaded; when it is not visible here (a host
        call outside any run), every loaded file of that name is.
        """
        return self._reload_with(name, lambda: self._reload(name))

    def _reload_with(self, name: str, action: Callable[[], list[tuple[dict[str, Any], dict[str, Any]]] | None]
                     ) -> bool:
        started = time.perf_counter()
        try:
            swaps = action()
        except MLError as exc:
            self._reload_errors[name] = exc
            return False
        except Exception as exc:  # noqa: BLE001 - a reload must never take the host down
            self._reload_errors[name] = MLImportError(f"cannot reload module '{name}': {exc}")
            return False
        if swaps is None:
            self._reload_errors[name] = MLImportError(f"Module '{name}' not found")
            return False
        self._reload_errors.pop(name, None)
        elapsed = (time.perf_counter() - started) * 1000.0
        self._last_reload_ms[name] = elapsed
        self._perf.reloaded(name)
        if self._perf_mode:
            self._perf.loaded(name, elapsed)
        for old, new in swaps:
            for listener in list(self._listeners):
                listener(name, old, new)
        return True

    def _reload(self, name: str) -> list[tuple[dict[str, Any], dict[str, Any]]] | None:
        visible = self._visible_entry(name)
        if visible is not None:
            targets = [visible]
        else:
            targets = [entry for entry in self._loaded_extensions() if entry.found.name == name]
        if targets:
            swaps: list[tuple[dict[str, Any], dict[str, Any]]] = []
            for entry in targets:
                swaps.extend(self._reload_extension(entry))
            return swaps
        ml_entries = [entry for entry in self._loaded_ml() if entry.name == name]
        if not ml_entries:
            return None
        swaps = []
        for ml_entry in ml_entries:
            swaps.extend(self._reload_ml(ml_entry))
        return swaps

    def _reload_extension(self, entry: _ExtensionEntry) -> list[tuple[dict[str, Any], dict[str, Any]]]:
        """Execute the file again and swap the new exports in (nothing changes if that fails).

        No re-discovery: the file is known, so it is not parsed a second time (that parse cost as
        much as the execution); a discovery-time syntax error is forgotten so that the current
        text is what gets compiled and reported.
        """
        with entry.lock:
            found = replace(entry.found, syntax_error=None) if entry.found.syntax_error else entry.found
            if entry.ml_object is None:
                entry.found = found
                self._load_extension(entry)
                entry.found = _found_from_instance(found, entry.instance)
                return []
            probe = self.memory_probe() if self._perf_mode else None
            module, instance = execute_extension_file(found, reuse=False)
            if probe is not None:
                self._perf.retained(found.name, probe.stop())
            new_exports = extension_exports(instance)
            entry.module, entry.instance = module, instance
            entry.found = _found_from_instance(found, instance)
            entry.loaded_mtime = _mtime(found.path)
            old = entry.ml_object._ml_replace_exports(new_exports)
            return [(old, new_exports)]

    def _reload_ml(self, ml_entry: _MLEntry) -> list[tuple[dict[str, Any], dict[str, Any]]]:
        from mlpy.runtime.importer import reload_ml_path

        self.ml_compile_cache.forget(ml_entry.path)
        swaps = reload_ml_path(ml_entry.path, ml_entry.name)
        ml_entry.loaded_mtime = _mtime(ml_entry.path)
        return [(old, new) for _, old, new in swaps]

    def reload_all_modules(self) -> dict[str, bool]:
        """Reload every loaded module: ``{name: success}``."""
        return {name: self.reload_module(name) for name in self.loaded_module_names()}

    def refresh_all(self) -> dict[str, Any]:
        """Rescan the paths and reload the loaded modules whose files changed on disk."""
        self.invalidate_cache()
        details: dict[str, bool] = {}
        for entry in self._loaded_extensions():
            if _mtime(entry.found.path) != entry.loaded_mtime:
                ok = self._reload_with(entry.found.name, lambda e=entry: self._reload_extension(e))
                details[entry.found.name] = details.get(entry.found.name, True) and ok
        for ml_entry in self._loaded_ml():
            if _mtime(ml_entry.path) != ml_entry.loaded_mtime:
                ok = self._reload_with(ml_entry.name, lambda e=ml_entry: self._reload_ml(e))
                details[ml_entry.name] = details.get(ml_entry.name, True) and ok
        return {"total_modules": len(self.get_all_module_names()),
                "reloaded_modules": sum(details.values()),
                "reload_failures": sum(not ok for ok in details.values()),
                "reload_details": details}


_current_context: Callable[[], Any] | None = None


def _context() -> Any:
    """The running program's execution context (the import is resolved once: this is per import)."""
    global _current_context
    if _current_context is None:
        from mlpy.runtime.context import current

        _current_context = current
    return _current_context()


def _found_from_instance(found: DiscoveredModule, instance: Any) -> DiscoveredModule:
    """The discovery record of a freshly executed file, from its instance's ``@ml_module`` info
    (what a re-parse would have found, without parsing: the class may have been renamed, its
    description, version or functions changed)."""
    info = module_info_of(instance)
    if info is None:
        return found
    return replace(found, class_name=type(instance).__name__, description=info.description.split("\n")[0],
                   version=info.version, capabilities=tuple(info.capabilities),
                   functions=tuple(info.functions), syntax_error=None)


def _module_class_name(module: ModuleType, name: str) -> str | None:
    """The class of an executed file whose ``@ml_module`` name is ``name`` (for error messages)."""
    for value in list(vars(module).values()):
        if isinstance(value, type) and getattr(value, "__module__", None) == module.__name__:
            info = module_info_of(value)
            if info is not None and info.name == name:
                return value.__name__
    return None


def _process_rss_mb() -> float | None:
    try:
        import psutil
    except ImportError:
        return None
    return round(psutil.Process().memory_info().rss / 1024 / 1024, 2)


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
