"""mlpy's own settings, read once from the host process's environment.

``MLPY_CACHE_DIR``, ``MLPY_CACHE_MAX_BYTES``, ``MLPY_PROGRAM_CACHE_MAX_BYTES``,
``MLPY_EXTENSION_PATHS``, ``MLPY_ML_MODULE_PATHS``, ``MLPY_DEV_MODE``, ``MLPY_SLOW_LOAD_MS`` and
the few others mlpy's folders depend on (``HOME``, ``XDG_CACHE_HOME``, ``XDG_CONFIG_HOME``) are
copied from ``os.environ`` the first time one is asked for and never read again. ML programs cannot touch them
anyway -- ``env.set``/``env.delete`` change only the run's own view (``runtime.environ``) -- and
reading them once also means no later change of the process environment (by a thread of the host,
or by an extension module) can re-point the compile cache or the module paths half-way through.

A host that changes one of them on purpose calls ``reload()`` (the shared sandbox pool then starts
fresh workers; a ``SandboxPool`` the host made keeps the settings its workers started with). This
module imports nothing of mlpy.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

NAMES = frozenset({
    "MLPY_CACHE_DIR", "MLPY_CACHE_MAX_BYTES", "MLPY_PROGRAM_CACHE_MAX_BYTES", "MLPY_EXTENSION_PATHS",
    "MLPY_ML_MODULE_PATHS", "MLPY_DEV_MODE", "MLPY_SLOW_LOAD_MS", "HOME", "XDG_CACHE_HOME", "XDG_CONFIG_HOME",
})
"""The variables read (once) as mlpy's settings."""
_lock = threading.Lock()
_snapshot: dict[str, str] | None = None
_generation = 0


def _take() -> dict[str, str]:
    return {name: os.environ[name] for name in NAMES if name in os.environ}


def get(name: str, default: str | None = None) -> str | None:
    """The host's value of the setting ``name`` (one of ``NAMES``) as it was when mlpy first
    asked, or ``default``."""
    global _snapshot
    snapshot = _snapshot
    if snapshot is None:
        with _lock:
            if _snapshot is None:
                _snapshot = _take()
            snapshot = _snapshot
    if name not in NAMES:
        raise KeyError(f"{name} is not an mlpy setting")
    return snapshot.get(name, default)


def reload() -> None:
    """Read the settings from ``os.environ`` again (a host that changed them on purpose)."""
    global _snapshot, _generation
    with _lock:
        fresh = _take()
        if fresh != _snapshot:
            _snapshot = fresh
            _generation += 1


def generation() -> int:
    """How many times re-reading the settings changed them: a cheap test for "did they change?"."""
    return _generation


def home() -> Path:
    """The host user's home folder (``HOME`` as read at start, else the password database)."""
    value = get("HOME")
    return Path(value) if value else Path(os.path.expanduser("~"))


def config_dir() -> Path:
    """mlpy's per-user configuration folder: ``$XDG_CONFIG_HOME/mlpy`` or ``~/.config/mlpy``
    (where the compile cache's key lives)."""
    base = (get("XDG_CONFIG_HOME") or "").strip()
    return (Path(base) if base else home() / ".config") / "mlpy"


__all__ = ["NAMES", "config_dir", "generation", "get", "home", "reload"]
