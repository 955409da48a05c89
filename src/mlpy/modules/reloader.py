"""Transactional reload of loaded modules, for development mode and hosts.

The new version is loaded completely first; only if that succeeds is it swapped in, by replacing
the exports dict of the existing module object (every reference to the module sees the new code)
and telling the reload listeners (devmode updates functions already taken out of the module). A
failed reload keeps the old version and records the positioned error (``errors``).

Reload is also fast (a 1,000-line module in <= 20 ms): a known extension file is not re-discovered
(no directory scan, no ``ast`` parse of it); it is simply executed again, a syntax error then comes
from Python's own compile with its position, and the module's metadata is taken from the new
instance's ``@ml_module`` information. ML modules go through the compile cache, keyed by content
hash, so an unchanged file or dependency is never compiled twice.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from mlpy.errors import MLError, MLImportError
from mlpy.modules.extension_loader import execute_extension_file, found_from_instance
from mlpy.modules.files import mtime
from mlpy.modules.objects import extension_exports

if TYPE_CHECKING:
    from mlpy.modules.registry import ExtensionEntry, MLEntry, ModuleRegistry

ReloadListener = Callable[[str, dict[str, Any], dict[str, Any]], None]
Swaps = list[tuple[dict[str, Any], dict[str, Any]]]
"""``(old exports, new exports)`` of every module object a reload updated."""


class Reloader:
    """Reloads the modules of one registry; keeps the last error and duration of each."""

    def __init__(self, registry: ModuleRegistry) -> None:
        self._registry = registry
        self._lock = threading.Lock()
        self._listeners: list[ReloadListener] = []
        self.errors: dict[str, MLError] = {}
        self.last_ms: dict[str, float] = {}

    def add_listener(self, callback: ReloadListener) -> None:
        """``callback(name, old_exports, new_exports)`` after each successful reload."""
        with self._lock:
            self._listeners.append(callback)

    def remove_listener(self, callback: ReloadListener) -> None:
        """Stop calling ``callback``."""
        with self._lock:
            if callback in self._listeners:
                self._listeners.remove(callback)

    def reload(self, name: str) -> bool:
        """Reload ``name``: the module visible to the current run, or (outside any run, when none
        is visible) every loaded file of that name. False, old version kept, when it fails."""
        return self._run(name, lambda: self._reload_named(name))

    def _run(self, name: str, action: Callable[[], Swaps | None]) -> bool:
        started = time.perf_counter()
        try:
            swaps = action()
        except MLError as exc:
            self.errors[name] = exc
            return False
        except Exception as exc:  # noqa: BLE001 - a reload must never take the host down
            self.errors[name] = MLImportError(f"cannot reload module '{name}': {exc}")
            return False
        if swaps is None:
            self.errors[name] = MLImportError(f"Module '{name}' not found")
            return False
        self.errors.pop(name, None)
        elapsed = (time.perf_counter() - started) * 1000.0
        self.last_ms[name] = elapsed
        monitor = self._registry.monitor
        monitor.recorder.reloaded(name)
        if monitor.enabled:
            monitor.recorder.loaded(name, elapsed)
        with self._lock:
            listeners = list(self._listeners)
        for old, new in swaps:
            for listener in listeners:
                listener(name, old, new)
        return True

    def _reload_named(self, name: str) -> Swaps | None:
        registry = self._registry
        visible = registry.visible_entry(name)
        if visible is not None:
            targets = [visible]
        else:
            targets = [entry for entry in registry.loaded_extensions() if entry.found.name == name]
        swaps: Swaps = []
        if targets:
            for entry in targets:
                swaps.extend(self._reload_extension(entry))
            return swaps
        ml_entries = [entry for entry in registry.loaded_ml() if entry.name == name]
        if not ml_entries:
            return None
        for ml_entry in ml_entries:
            swaps.extend(self._reload_ml(ml_entry))
        return swaps

    def _reload_extension(self, entry: ExtensionEntry) -> Swaps:
        """Execute the file again and swap the new exports in (nothing changes if that fails).

        A discovery-time syntax error is forgotten so that the current text is what gets compiled
        and reported.
        """
        with entry.lock:
            found = replace(entry.found, syntax_error=None) if entry.found.syntax_error else entry.found
            if entry.ml_object is None:
                entry.found = found
                self._registry.load_extension(entry)
                entry.found = found_from_instance(found, entry.instance)
                return []
            monitor = self._registry.monitor
            probe = monitor.probe() if monitor.enabled else None
            module, instance = execute_extension_file(found, reuse=False)
            if probe is not None:
                monitor.recorder.retained(found.name, probe.stop())
            new_exports = extension_exports(instance)
            entry.module, entry.instance = module, instance
            entry.found = found_from_instance(found, instance)
            entry.loaded_mtime = mtime(found.path)
            old = entry.ml_object._ml_replace_exports(new_exports)
            return [(old, new_exports)]

    def _reload_ml(self, ml_entry: MLEntry) -> Swaps:
        from mlpy.modules.importer import reload_ml_path
        self._registry.ml_compile_cache.forget(ml_entry.path)
        swaps = reload_ml_path(ml_entry.path, ml_entry.name)
        ml_entry.loaded_mtime = mtime(ml_entry.path)
        return [(old, new) for _, old, new in swaps]


__all__ = ["ReloadListener", "Reloader", "Swaps"]
