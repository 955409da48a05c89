"""The compile-time side of ``import``: every import is checked before the program runs.

``make_import_checker(filename)`` is the compiler's ``CompileOptions.import_checker``: an import
nothing resolves is a compile error at the ``import`` statement, with a suggestion for a close name,
and a Python module name gets an explanation of how to expose Python code to ML instead.
"""

from __future__ import annotations

import functools
import importlib.util
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from mlpy.errors import MLImportError
from mlpy.language.suggest import closest_name
from mlpy.modules.discovery import scan_ml_dir
from mlpy.modules.files import file_line
from mlpy.modules.importer import no_submodules_error, search_dirs
from mlpy.modules.ml_files import resolve_ml_file
from mlpy.modules.registry import get_registry


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
    if path[0] in sys.stdlib_module_names or path[0] in sys.builtin_module_names:
        # Only Python's own modules are named: probing the host's sys.path (its working
        # directory, installed packages) would tell a program which files the host has.
        return MLImportError(
            f"Python modules cannot be imported from ML ('{dotted}'). To expose Python code to ML, "
            "write an extension module (see @ml_module)")
    candidates = set(get_registry().get_all_module_names())
    if importing_file and os.path.isfile(importing_file):
        # ML files next to the importing program only: never the host's working directory, whose
        # file names a program given as a string must not learn.
        candidates.update(scan_ml_dir(Path(importing_file).resolve().parent))
    match = closest_name(path[0], candidates)
    hint = f". Did you mean '{match}'?" if match is not None else ""
    return MLImportError(f"No module named '{dotted}'{hint}")


def check_import(path: Sequence[str], node: Any, importing_file: str | None = None) -> None:
    """Compile-time check of one ``import``: raise a positioned ``MLImportError`` if it cannot work.

    Without ``importing_file`` ML modules are looked up from the current context's main directory;
    ``make_import_checker(filename)`` also searches the importing file's own directory and puts the
    file name into the error.
    """
    parts = tuple(path)
    registry = get_registry()
    if registry.is_extension(parts[0]):
        if len(parts) == 1:
            return
        error = no_submodules_error(parts)
    elif resolve_ml_file(parts, search_dirs(importing_file)) is not None:
        return
    else:
        error = unknown_import_error(parts, importing_file)
    error.line, error.column = node.line, node.col
    if importing_file is not None:
        error.filename = importing_file
        error.source_line = file_line(importing_file, node.line)
    raise error


@functools.lru_cache(maxsize=1024)
def make_import_checker(importing_file: str) -> Callable[[list[str], Any], None]:
    """``CompileOptions.import_checker`` for one file (cached, so options stay equal and hashable)."""

    def checker(path: list[str], node: Any) -> None:
        check_import(path, node, importing_file)

    return checker


__all__ = ["check_import", "is_python_module", "make_import_checker", "unknown_import_error"]
