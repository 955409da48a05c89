"""Which modules one import can see, and the per-directory discovery cache behind it.

The registry is process-wide, but visibility is per run: an import sees the standard library, the
extension directories of the *current* execution context (in order), then the directories added to
the registry itself (``add_extension_paths``: the REPL's ``.addpath``, embedding hosts); ML module
names likewise. Two runs of one process with different paths therefore never see each other's
modules. Each directory is scanned once (until ``clear``), so a run with new paths only reads the
directories it adds; a name defined twice *within one view* is a ``ModuleCollisionWarning``.
"""

from __future__ import annotations

import threading
import warnings
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from mlpy.modules.discovery import (
    DiscoveredModule,
    scan_extension_dir,
    scan_ml_dir,
    scan_stdlib,
)


class ModuleCollisionWarning(UserWarning):
    """Two modules share a name; the first on the path wins."""


@dataclass(frozen=True)
class View:
    """The modules one set of paths makes importable: extension name -> file, and ML names."""

    extensions: dict[str, DiscoveredModule]
    ml_names: frozenset[str]
    extension_dirs: tuple[Path, ...]
    ml_dirs: tuple[Path, ...]


def unique_dirs(*groups: Iterable[str | Path]) -> tuple[Path, ...]:
    """The directories of all groups, resolved, in order, without duplicates."""
    seen: list[Path] = []
    for group in groups:
        for entry in group:
            resolved = Path(entry).expanduser().resolve()
            if resolved not in seen:
                seen.append(resolved)
    return tuple(seen)


class DirectoryScans:
    """Discovery results per directory (files are only read, never executed); thread-safe."""

    def __init__(self, stdlib_dir: Path) -> None:
        self._stdlib_dir = stdlib_dir
        self._lock = threading.Lock()
        self._stdlib: list[DiscoveredModule] | None = None
        self._extension: dict[Path, list[DiscoveredModule]] = {}
        self._ml: dict[Path, list[str]] = {}

    def stdlib(self) -> list[DiscoveredModule]:
        with self._lock:
            if self._stdlib is None:
                self._stdlib = scan_stdlib(self._stdlib_dir)
            return self._stdlib

    def extension_dir(self, directory: Path) -> list[DiscoveredModule]:
        with self._lock:
            found = self._extension.get(directory)
            if found is None:
                found = self._extension[directory] = scan_extension_dir(directory)
            return found

    def ml_dir(self, directory: Path) -> list[str]:
        with self._lock:
            names = self._ml.get(directory)
            if names is None:
                names = self._ml[directory] = scan_ml_dir(directory)
            return names

    def clear(self) -> None:
        """Forget every result: the next view reads the directories again."""
        with self._lock:
            self._stdlib = None
            self._extension.clear()
            self._ml.clear()


def build_view(scans: DirectoryScans, extension_dirs: tuple[Path, ...], ml_dirs: tuple[Path, ...]) -> View:
    """Resolve names for one set of paths: stdlib first, then the directories in order.

    The first definition of a name wins; a later one in another file is a
    ``ModuleCollisionWarning`` naming both files (only ever between directories of this view).
    """
    extensions: dict[str, DiscoveredModule] = {}
    candidates = list(scans.stdlib())
    for directory in extension_dirs:
        candidates.extend(scans.extension_dir(directory))
    for found in candidates:
        first = extensions.get(found.name)
        if first is None:
            extensions[found.name] = found
        elif first.path != found.path:
            warnings.warn(f"module '{found.name}' defined twice: using {first.path}, ignoring "
                          f"{found.path} (first on the path wins)", ModuleCollisionWarning, stacklevel=5)
    ml_names: set[str] = set()
    for directory in ml_dirs:
        for name in scans.ml_dir(directory):
            if name in extensions:
                warnings.warn(f"module '{name}' defined twice: using {extensions[name].path}, ignoring "
                              f"the ML module in {directory} (first on the path wins)",
                              ModuleCollisionWarning, stacklevel=5)
                continue
            ml_names.add(name)
    return View(extensions, frozenset(ml_names), extension_dirs, ml_dirs)


__all__ = ["DirectoryScans", "ModuleCollisionWarning", "View", "build_view", "unique_dirs"]
