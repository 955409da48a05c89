"""Loading a Python extension file: run it under a private module name and find its instance.

Extension files run under a name unique per file (``mlpy_ext.<name>_<hash of the path>``; standard
modules under ``mlpy.stdlib.<file>``), so they never replace an entry of Python's own
``sys.modules`` nor each other. A file that fails to load leaves ``sys.modules`` as it was and
raises an ``MLImportError`` naming the file and the line.
"""

from __future__ import annotations

import hashlib
import importlib.util
import sys
import threading
import traceback
from dataclasses import replace
from pathlib import Path
from types import CodeType, ModuleType
from typing import Any

from mlpy.errors import MLImportError
from mlpy.modules.discovery import DiscoveredModule
from mlpy.modules.files import file_line
from mlpy.runtime.metadata import EXTENSION_MARKER, module_info_of

EXTENSION_PACKAGE = "mlpy_ext"


def private_module_name(found: DiscoveredModule) -> str:
    """The ``sys.modules`` name a module file runs under: unique per file, so two extension
    directories defining the same module name (two tenants of one process) never share one."""
    if found.origin == "stdlib":
        return f"mlpy.stdlib.{found.path.stem}"
    digest = hashlib.sha1(str(found.path).encode("utf-8"), usedforsecurity=False).hexdigest()[:12]
    return f"{EXTENSION_PACKAGE}.{found.name}_{digest}"


def load_error(found: DiscoveredModule, exc: BaseException) -> MLImportError:
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
    where = f" (line {line})" if line is not None else ""
    return MLImportError(f"cannot load module '{found.name}' from {path.name}{where}: {detail}",
                         filename=str(path), line=line, column=column, source_line=file_line(path, line))


class ExtensionCodeCache:
    """The compiled code of each extension file, compiled again only when its content changed.

    What ``SourceFileLoader`` would compile, without its ``.pyc`` round trip (often disabled, and
    keyed by whole-second mtimes): an unchanged file (``.reloadall``, ``.refresh``, a second
    registry) costs a read and a hash instead of a compile. Lifetime: the process (one entry per
    file, replaced when the file changes); ``reset()`` empties it.
    """

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._code: dict[Path, tuple[bytes, CodeType]] = {}

    def code(self, path: Path) -> CodeType:
        """The code object of the current content of ``path``."""
        data = path.read_bytes()
        digest = hashlib.sha1(data, usedforsecurity=False).digest()
        with self._lock:
            cached = self._code.get(path)
        if cached is not None and cached[0] == digest:
            return cached[1]
        code = compile(data, str(path), "exec", dont_inherit=True)
        with self._lock:
            self._code[path] = (digest, code)
        return code

    def reset(self) -> None:
        """Forget every compiled file."""
        with self._lock:
            self._code.clear()


CODE_CACHE = ExtensionCodeCache()
"""The process's extension code cache (shared by every registry: code depends only on the file)."""


def _restore(module_name: str, previous: ModuleType | None) -> None:
    if previous is not None:
        sys.modules[module_name] = previous
    else:
        sys.modules.pop(module_name, None)


def _execute(found: DiscoveredModule, module_name: str, previous: ModuleType | None) -> ModuleType:
    locations = [str(found.path.parent)] if found.is_package else None
    spec = importlib.util.spec_from_file_location(module_name, found.path, submodule_search_locations=locations)
    if spec is None or spec.loader is None:
        raise MLImportError(f"cannot load module '{found.name}' from {found.path.name}", filename=str(found.path))
    module = importlib.util.module_from_spec(spec)
    if found.origin != "stdlib":  # errors raised in its code name the extension file
        module.__dict__[EXTENSION_MARKER] = found.name
    sys.modules[module_name] = module
    try:
        exec(CODE_CACHE.code(found.path), module.__dict__)  # noqa: S102 - the extension file itself
    except BaseException as exc:
        _restore(module_name, previous)
        if isinstance(exc, KeyboardInterrupt | SystemExit):
            raise
        raise load_error(found, exc) from None
    return module


def execute_extension_file(found: DiscoveredModule, reuse: bool = True) -> tuple[ModuleType, Any]:
    """Run an extension file under its private name; return the module and its instance.

    ``reuse`` returns an already imported standard module as is; reload passes False. On failure
    ``sys.modules`` is left as it was and an ``MLImportError`` with file and line is raised.
    """
    if found.syntax_error is not None:
        message, line, column = found.syntax_error
        raise load_error(found, SyntaxError(message, (str(found.path), line, column, None)))
    module_name = private_module_name(found)
    previous = sys.modules.get(module_name)
    if reuse and previous is not None and found.origin == "stdlib":
        module = previous
    else:
        module = _execute(found, module_name, previous)
    instance = getattr(module, found.name, None)
    if instance is None or isinstance(instance, type) or module_info_of(instance) is None:
        if module is not previous:
            _restore(module_name, previous)
        class_name = _module_class_name(module, found.name) or found.class_name or found.name.capitalize()
        raise MLImportError(
            f"{found.path.name} defines no module-level instance '{found.name}' of class {class_name}",
            filename=str(found.path))
    return module, instance


def found_from_instance(found: DiscoveredModule, instance: Any) -> DiscoveredModule:
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


__all__ = ["CODE_CACHE", "EXTENSION_PACKAGE", "ExtensionCodeCache", "execute_extension_file",
           "found_from_instance", "load_error", "private_module_name"]
