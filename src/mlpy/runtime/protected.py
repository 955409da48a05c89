"""Paths no grant covers: what would let an ML program become Python code in the host.

``Grants.decide`` asks ``protection(kind, path)`` before it looks at any grant, so ``--allow-write``
of a parent folder, even ``--allow-all``, never reaches these -- in ``file``, ``path``, ``csv``,
``log`` or any extension calling ``require``:

- **writing** a project file (any file named ``mlpy.toml`` or ``mlpy.json``: a program must never
  grant its next run, or another program, anything), the compile cache folder (its entries are
  executed Python), the run's extension folders (Python modules the host imports) and its ML
  module folders (code other programs import under their own grants) -- the folder itself,
  anything inside it, and any folder containing it (removing or renaming an ancestor would let a
  program put its own folder in its place);
- **reading or writing** mlpy's configuration folder (``~/.config/mlpy``: the secret that seals
  cache entries) and a process's memory (``/proc/self/mem``, ``/proc/PID/mem`` and ``pagemap``,
  ``/proc/kcore``, ``/dev/mem``: in process, the host's own memory).

(A process's environment file, ``/proc/PID/environ``, is not protected but needs the ``env`` grant
for every variable besides the read grant: ``Grants.decide``.)

Paths are real paths (``resolve_path``: symlinks resolved), so a link to a protected file is judged
by where it points.
"""

from __future__ import annotations

import os
import re

from mlpy import settings

PROJECT_FILE_NAMES = frozenset({"mlpy.toml", "mlpy.json"})
"""Names no ML program may write, wherever they are (compared case-insensitively)."""

_host_roots: tuple[int, str, str] | None = None


def _roots() -> tuple[str, str]:
    """(configuration folder, cache folder) as real paths, per reading of mlpy's settings."""
    global _host_roots
    generation = settings.generation()
    cached = _host_roots
    if cached is None or cached[0] != generation:
        from mlpy.compiler.cache import cache_dir

        cached = (generation, os.path.realpath(settings.config_dir()), os.path.realpath(cache_dir()))
        _host_roots = cached
    return cached[1], cached[2]


def _inside(path: str, root: str) -> bool:
    """``path`` is ``root`` or lies under it (component-wise)."""
    return path == root or path.startswith(root if root.endswith(os.sep) else root + os.sep)


def _run_folders() -> list[tuple[str, str]]:
    """(folder, what it is) of the running program's extension and ML module paths."""
    from mlpy.runtime.context import current

    ctx = current()
    return ([(folder, "an extension folder") for folder in ctx.extension_paths]
            + [(folder, "an ML module folder") for folder in ctx.ml_module_paths])


_PROCESS_MEMORY = re.compile(r"/proc/[0-9]+(?:/task/[0-9]+)?/(?:mem|pagemap)\Z|/proc/kcore\Z|/dev/k?mem\Z")
"""Real paths of a process's memory (``/proc/self/mem`` resolves to one) and the system's."""


def protection(kind: str, path: str) -> str | None:
    """Why no grant can allow ``kind`` (``read``/``write``) on the real path ``path``, or None."""
    config, cache = _roots()
    if _inside(path, config):
        return "mlpy's configuration folder is protected"
    if _PROCESS_MEMORY.match(path):  # in process: the host's own memory, secrets and objects
        return "process memory is protected"
    if kind != "write":
        return None
    if os.path.basename(path).lower() in PROJECT_FILE_NAMES:
        return "project files (mlpy.toml, mlpy.json) are protected"
    for root, what in ((cache, "the compile cache"), *_run_folders()):
        if _inside(path, root):
            return f"it is inside {what}, which is protected"
        if _inside(root, path):
            return f"it contains {what}, which is protected"
    return None


__all__ = ["PROJECT_FILE_NAMES", "protection"]
