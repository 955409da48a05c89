"""Module development from the REPL: development mode, reloads, file watching, reports.

:class:`DevTools` is the part of ``MLREPLSession`` that talks to the process-wide module registry
and to ``mlpy.devmode``. Each public method returns ``(success, message)``, the shape the dot-commands
(and the tests of module authors) use. Development mode has two levels (``mlpy.devmode.modes``):
``.devmode`` / ``MLPY_DEV_MODE=1`` records timings and traces memory for ``.memreport``;
``.devmode timings`` / ``MLPY_DEV_MODE=timings`` records timings only.
"""

from __future__ import annotations

import logging
import threading
import time
import weakref
from collections.abc import Callable
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any, TextIO

DEV_MODE_ENV = "MLPY_DEV_MODE"
_REGISTRY_LOGGER = "mlpy.modules"


class DevTools:
    """Development-mode operations of a session (mixed into ``MLREPLSession``)."""

    extension_paths: list[str]
    ml_module_paths: list[str]

    def __init__(self, env_request: str | None) -> None:
        """Attach to the registry; ``env_request`` is the value of ``MLPY_DEV_MODE`` (may be None)."""
        self._registry: Any = None
        self._watcher: Any = None
        self.auto_watch = False
        self._auto_watched: frozenset[str] = frozenset()
        self._log_handler = _NoticeHandler(self.notify)
        self._configure_registry()
        from mlpy.devmode.modes import parse_env

        requested = parse_env(env_request)  # 1/true/yes/on/timings, or trace/memory
        if requested is not None:
            from mlpy.devmode.messages import dev_mode_banner

            enabled, traced = requested.resolve(currently_on=False)
            self.set_dev_mode(enabled, traced)
            self.notify(dev_mode_banner(traced))

    # provided by the session ---------------------------------------------------------------------
    def notify(self, line: str) -> None:
        """Deliver a one-line notice to the front end."""
        raise NotImplementedError

    def running(self, stream: TextIO | None = None) -> AbstractContextManager[Any]:
        """A context in which module code runs like an entry."""
        raise NotImplementedError

    # registry --------------------------------------------------------------------------------------
    @property
    def registry(self) -> Any:
        """The process-wide module registry (sessions share it)."""
        if self._registry is None:
            from mlpy.modules.registry import get_registry

            self._registry = get_registry()
        return self._registry

    def _configure_registry(self) -> None:
        registry = self.registry
        if self.extension_paths:
            registry.add_extension_paths(self.extension_paths)
        if self.ml_module_paths:
            registry.add_ml_module_paths(self.ml_module_paths)
        _install_reload_listener(registry)

    def loaded_modules(self) -> list[str]:
        """Names of the modules loaded in this process."""
        return sorted(self.registry.loaded_module_names())

    def module_file(self, name: str) -> str | None:
        """The source file of a module (for watching), from the registry's module info."""
        info = self.registry.get_module_info(name) or {}
        for key in ("file", "path", "file_path", "source_file", "filename", "source"):
            value = info.get(key)
            if isinstance(value, str) and Path(value).is_file():
                return value
        return None

    # development mode --------------------------------------------------------------------------------
    @property
    def dev_mode(self) -> bool:
        """Whether development mode is on: the registry's performance mode, shared by every session
        of the process (and by a host that switched it on directly)."""
        return bool(self.registry.performance_mode)

    def set_dev_mode(self, enabled: bool, trace_memory: bool = False) -> None:
        """Switch the registry's performance mode on or off (``trace_memory``: also tracemalloc);
        while it is on, the registry's warnings (``Slow module load: ...``) are shown as notices."""
        logger = logging.getLogger(_REGISTRY_LOGGER)
        if enabled:
            self.registry.enable_performance_mode(trace_memory=trace_memory)
            logger.addHandler(self._log_handler)
        else:
            self.registry.disable_performance_mode()
            logger.removeHandler(self._log_handler)

    def toggle_dev_mode(self, mode: str = "") -> tuple[bool, str]:
        """``.devmode [timings|memory|off]``: (True, "... ENABLED ...") when switched on, (False,
        "... DISABLED ...") off; no argument toggles (on = timings + memory profiling)."""
        from mlpy.devmode import messages
        from mlpy.devmode.modes import USAGE, parse_command

        request = parse_command(mode)
        if request is None:
            return False, USAGE
        enabled, trace_memory = request.resolve(self.dev_mode)
        self.set_dev_mode(enabled, trace_memory)
        if not enabled:
            return False, messages.DEV_MODE_DISABLED
        return True, messages.DEV_MODE_ENABLED_TRACE if trace_memory else messages.DEV_MODE_ENABLED

    def get_performance_summary(self) -> tuple[bool, str]:
        """``.perfmon``: the performance table, or a hint to enable development mode."""
        from mlpy.devmode import messages

        if not self.dev_mode:
            return False, messages.PERF_NOT_ENABLED
        return True, messages.performance_summary(self.registry.get_performance_summary())

    def get_memory_report(self, argument: str = "") -> tuple[bool, str]:
        """``.memreport [--trace]``: ``Memory Report`` per loaded module, or ``No modules currently
        loaded``; ``--trace`` first switches allocation tracing on and says so (retained bytes are
        measured for the modules loaded or reloaded from then on)."""
        from mlpy.devmode import messages

        return messages.memory_command(self.registry, argument, lambda: self.set_dev_mode(True, True))

    # reloads -----------------------------------------------------------------------------------------
    def _timed_reload(self, name: str) -> tuple[bool, float]:
        """Reload one module inside the session's context (a module's top level may print or need
        a capability when it runs again); returns (ok, milliseconds)."""
        with self.running():
            start = time.perf_counter()
            ok = bool(self.registry.reload_module(name))
            return ok, (time.perf_counter() - start) * 1000.0

    def reload_module(self, name: str) -> tuple[bool, str]:
        """``.reload NAME``: reload one module; old references run the new code."""
        from mlpy.devmode import messages

        if not name:
            return False, messages.RELOAD_USAGE
        if not self.registry.is_available(name):
            return False, messages.module_not_found(name)
        ok, elapsed = self._timed_reload(name)
        if ok:
            return True, messages.reload_ok(name, elapsed)
        return False, messages.reload_failed(name, self._reload_error_text(name))

    def _reload_error_text(self, name: str) -> str:
        error = self.registry.get_reload_error(name)
        if error is None:
            return f"module '{name}' could not be reloaded (the old version stays live)"
        return str(error.format())

    def reload_all_modules(self) -> tuple[bool, str]:
        """``.reloadall``: ``Reloaded k/n modules`` or ``No modules currently loaded``."""
        from mlpy.devmode import messages

        with self.running():
            results = self.registry.reload_all_modules()
        return messages.reload_all(results)

    def refresh_modules(self) -> tuple[bool, str]:
        """``.refresh``: rescan the paths; ``Refreshed module list`` with ``Total modules: N``."""
        from mlpy.devmode import messages

        with self.running():
            report = self.registry.refresh_all()
        return True, messages.refresh(report)

    # watching ----------------------------------------------------------------------------------------
    def watched_modules(self) -> dict[str, str]:
        """Module name -> the file being watched for it (empty when not watching)."""
        if self._watcher is None or not self._watcher.running:
            return {}
        return {name: str(path) for name, path in self._watcher.watched.items()}

    def watch(self, names: list[str] | None = None) -> tuple[bool, str]:
        """``.watch [NAME ...]``: also reload these modules automatically when their files change
        (the modules already watched stay watched). Without names every loaded module with a
        source file is watched."""
        from mlpy.devmode import messages

        wanted = list(names or []) or self.loaded_modules()
        if not wanted:
            return False, messages.NO_MODULES_LOADED
        files: dict[str, str] = {}
        for name in wanted:
            if not self.registry.is_available(name):
                return False, messages.module_not_found(name)
            path = self.module_file(name)
            if path is None:
                if names:
                    return False, f"Module '{name}' has no source file to watch"
                continue
            files[name] = path
        if not files:
            return False, "No module files to watch"
        self._watch_files({**self.watched_modules(), **files})
        return True, _watching(files)

    def _watch_files(self, files: dict[str, str]) -> None:
        """Watch exactly ``files`` (module name -> file); stop when there are none."""
        if not files:
            if self._watcher is not None:
                self._watcher.stop()
            return
        if self._watcher is None:
            from mlpy.devmode.watch import ModuleWatcher

            self._watcher = ModuleWatcher(self._watch_reload, self.notify)
        self._watcher.start(files)

    def start_auto_watch(self) -> None:
        """``mlpy repl --watch``: watch every module, including those loaded later."""
        self.auto_watch = True
        self.after_entry()

    def after_entry(self) -> None:
        """Called after each entry: with ``--watch``, start watching modules the entry loaded."""
        if not self.auto_watch:
            return
        loaded = frozenset(self.loaded_modules())
        if loaded and loaded != self._auto_watched:
            self._auto_watched = loaded
            self.watch([])

    def _watch_reload(self, name: str) -> str:
        from mlpy.devmode import messages

        ok, elapsed = self._timed_reload(name)
        if ok:
            return messages.watch_notice_ok(name, elapsed)
        return messages.watch_notice_failed(name, self._reload_error_text(name))

    def unwatch(self, names: list[str] | None = None) -> tuple[bool, str]:
        """``.unwatch [NAME ...]``: stop watching these modules, or all of them."""
        watched = self.watched_modules()
        if not watched:
            return False, "Not watching any modules"
        if not names:
            self._watch_files({})
            return True, "Stopped watching modules"
        unknown = [name for name in names if name not in watched]
        if unknown:
            return False, f"Module '{unknown[0]}' is not being watched (watched: {', '.join(sorted(watched))})"
        remaining = {name: path for name, path in watched.items() if name not in names}
        self._watch_files(remaining)
        still = f"; still watching {', '.join(sorted(remaining))}" if remaining else ""
        return True, f"Stopped watching {', '.join(names)}{still}"

    def stop_dev_tools(self) -> None:
        """Stop the watcher thread and detach from the registry's log."""
        if self._watcher is not None:
            self._watcher.stop()
        logging.getLogger(_REGISTRY_LOGGER).removeHandler(self._log_handler)


def _watching(files: dict[str, str]) -> str:
    """``Watching 2 modules for changes:`` and one line per module."""
    lines = [f"Watching {len(files)} module{'s' if len(files) != 1 else ''} for changes:"]
    lines += [f"  {name}: {path}" for name, path in sorted(files.items())]
    return "\n".join(lines)


class _NoticeHandler(logging.Handler):
    """Shows the registry's warnings (``Slow module load: ...``) as REPL notices."""

    def __init__(self, notify: Callable[[str], None]) -> None:
        super().__init__(level=logging.WARNING)
        self._notify = notify

    def emit(self, record: logging.LogRecord) -> None:
        try:
            self._notify("⚠ " + record.getMessage())
        except Exception:  # noqa: BLE001 - logging must never break the session
            self.handleError(record)


_LISTENER_LOCK = threading.Lock()
_LISTENER_REGISTRIES: weakref.WeakSet[Any] = weakref.WeakSet()


def _install_reload_listener(registry: Any) -> None:
    """Register ``devmode.reload.update_references`` with a registry once (sessions share it)."""
    with _LISTENER_LOCK:
        if registry in _LISTENER_REGISTRIES:
            return
        from mlpy.devmode.reload import update_references

        registry.add_reload_listener(update_references)
        _LISTENER_REGISTRIES.add(registry)


__all__ = ["DEV_MODE_ENV", "DevTools"]
