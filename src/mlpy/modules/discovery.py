"""Find extension modules on disk without executing them.

Discovery must be cheap and safe: a directory scan happens at start-up and on every refresh, and a
module file may be broken or slow to import. So files are only *read* and parsed with ``ast``: the
``@ml_module`` decorator's literal arguments give the module name, description, version and
capabilities, and the ``@ml_function`` methods give the function names (for completion and
``module_info`` before the first import). A file whose text does not parse is still discovered (under
its file stem), so that importing it reports the syntax error with its position instead of
"No module named ...".
"""

from __future__ import annotations

import ast
import re
import textwrap
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

BRIDGE_SUFFIX = "_bridge.py"
_DECORATOR_MARK = "ml_module"


@dataclass(frozen=True)
class DiscoveredModule:
    """One extension module found on disk (nothing has been executed)."""

    name: str
    path: Path
    origin: str
    """``"stdlib"`` or ``"extension"``."""
    class_name: str | None = None
    is_package: bool = False
    description: str = ""
    version: str = "1.0.0"
    capabilities: tuple[str, ...] = ()
    functions: tuple[str, ...] = ()
    syntax_error: tuple[str, int | None, int | None] | None = None
    """(message, line, column) when the file does not parse."""
    extra: dict[str, Any] = field(default_factory=dict)


def _decorator_name(node: ast.expr) -> str | None:
    """``ml_module`` for ``@ml_module``, ``@ml_module(...)`` and ``@decorators.ml_module(...)``."""
    target = node.func if isinstance(node, ast.Call) else node
    if isinstance(target, ast.Name):
        return target.id
    if isinstance(target, ast.Attribute):
        return target.attr
    return None


def _literal_kwargs(node: ast.expr) -> dict[str, Any]:
    """The keyword arguments of a decorator call that are literals (others are skipped)."""
    if not isinstance(node, ast.Call):
        return {}
    values: dict[str, Any] = {}
    for keyword in node.keywords:
        if keyword.arg is None:
            continue
        try:
            values[keyword.arg] = ast.literal_eval(keyword.value)
        except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
            continue
    return values


def _as_str_tuple(value: Any) -> tuple[str, ...]:
    if isinstance(value, str):
        return (value,)
    if isinstance(value, list | tuple):
        return tuple(v for v in value if isinstance(v, str))
    return ()


def _function_names(cls: ast.ClassDef) -> tuple[str, ...]:
    """ML names (with aliases) of the ``@ml_function`` methods of a class, in source order."""
    names: list[str] = []
    for item in cls.body:
        if not isinstance(item, ast.FunctionDef | ast.AsyncFunctionDef):
            continue
        for decorator in item.decorator_list:
            if _decorator_name(decorator) != "ml_function":
                continue
            kwargs = _literal_kwargs(decorator)
            main = kwargs.get("name")
            names.append(main if isinstance(main, str) else item.name)
            names.extend(_as_str_tuple(kwargs.get("aliases")))
    return tuple(names)


def _stem_name(path: Path, is_package: bool) -> str:
    if is_package:
        return path.parent.name
    stem = path.name
    return stem[: -len(BRIDGE_SUFFIX)] if stem.endswith(BRIDGE_SUFFIX) else path.stem


_MODULE_DECORATOR = re.compile(r"^@(?:[\w.]*\.)?ml_module\b", re.MULTILINE)
_CLASS_LINE = re.compile(r"^class[ \t]+(\w+)[^\n]*\n?", re.MULTILINE)
_FUNCTION_DECORATOR = re.compile(r"^[ \t]+@(?:[\w.]*\.)?ml_function\b", re.MULTILINE)
_DEF_LINE = re.compile(r"^[ \t]+(?:async[ \t]+)?def[ \t]+(\w+)", re.MULTILINE)
_TOP_LEVEL_LINE = re.compile(r"^[^\s#]", re.MULTILINE)


class InspectionCache:
    """What ``inspect_file`` found in each file, keyed by path and valid while the file's
    modification time and size are unchanged. Lifetime: the process (rescans only re-read changed
    files); ``reset()`` empties it."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._entries: dict[tuple[Path, str, bool], tuple[int, int, list[DiscoveredModule]]] = {}

    def get(self, key: tuple[Path, str, bool], mtime_ns: int, size: int) -> list[DiscoveredModule] | None:
        """The cached result for ``key`` if the file still has this mtime and size."""
        with self._lock:
            cached = self._entries.get(key)
        if cached is not None and cached[:2] == (mtime_ns, size):
            return list(cached[2])
        return None

    def put(self, key: tuple[Path, str, bool], mtime_ns: int, size: int, found: list[DiscoveredModule]) -> None:
        with self._lock:
            self._entries[key] = (mtime_ns, size, found)

    def reset(self) -> None:
        """Forget every file."""
        with self._lock:
            self._entries.clear()


INSPECTIONS = InspectionCache()


def _skeleton(text: str) -> ast.Module | None:
    """Parse only what discovery needs: each ``@ml_module`` class header with stubs of its
    ``@ml_function`` methods (decorators kept, bodies dropped). Parsing whole files is several times
    slower; ``None`` (fall back to a full parse) when the reduced text does not parse."""
    pieces: list[str] = []
    for decorator in _MODULE_DECORATOR.finditer(text):
        header = _CLASS_LINE.search(text, decorator.end())
        if header is None:
            continue
        end_match = _TOP_LEVEL_LINE.search(text, header.end())
        body_end = end_match.start() if end_match is not None else len(text)
        pieces.append(text[decorator.start():header.start()] + f"class {header.group(1)}:\n    pass\n")
        for function in _FUNCTION_DECORATOR.finditer(text, header.end(), body_end):
            definition = _DEF_LINE.search(text, function.end(), body_end)
            if definition is None:
                break
            decorators = textwrap.dedent(text[function.start():definition.start()])
            stub = decorators + f"def {definition.group(1)}(self):\n    pass\n"
            pieces.append(textwrap.indent(stub, "    "))
    try:
        return ast.parse("".join(pieces))
    except SyntaxError:
        return None


def inspect_file(path: Path, origin: str, is_package: bool = False) -> list[DiscoveredModule]:
    """Every ``@ml_module`` class a file defines; a bridge file that does not parse yields one entry.

    Non-bridge files without an ``@ml_module`` class yield nothing. Results are cached per process
    by file modification time and size, so rescans (``refresh_all``) only re-read changed files.
    """
    try:
        stat = path.stat()
    except OSError:
        return []
    key = (path, origin, is_package)
    cached = INSPECTIONS.get(key, stat.st_mtime_ns, stat.st_size)
    if cached is not None:
        return cached
    found = _inspect_uncached(path, origin, is_package)
    INSPECTIONS.put(key, stat.st_mtime_ns, stat.st_size, found)
    return list(found)


def _inspect_uncached(path: Path, origin: str, is_package: bool) -> list[DiscoveredModule]:
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return []
    try:
        tree = _skeleton(text) or ast.parse(text, filename=str(path))
    except SyntaxError as exc:
        return [DiscoveredModule(
            name=_stem_name(path, is_package), path=path, origin=origin, is_package=is_package,
            syntax_error=(exc.msg, exc.lineno, exc.offset),
        )]
    found: list[DiscoveredModule] = []
    classes = [node for node in tree.body if isinstance(node, ast.ClassDef)]
    for node in classes:
        for decorator in node.decorator_list:
            if _decorator_name(decorator) != _DECORATOR_MARK:
                continue
            kwargs = _literal_kwargs(decorator)
            name = kwargs.get("name")
            version = kwargs.get("version")
            found.append(DiscoveredModule(
                name=name if isinstance(name, str) and name else node.name.lower(),
                path=path,
                origin=origin,
                class_name=node.name,
                is_package=is_package,
                description=str(kwargs.get("description") or ast.get_docstring(node) or "").split("\n")[0],
                version=version if isinstance(version, str) else "1.0.0",
                capabilities=_as_str_tuple(kwargs.get("capabilities")),
                functions=_function_names(node),
            ))
            break
    if not found and path.name.endswith(BRIDGE_SUFFIX):
        found.append(DiscoveredModule(name=_stem_name(path, is_package), path=path, origin=origin,
                                      is_package=is_package))
    return found


def scan_stdlib(directory: Path) -> list[DiscoveredModule]:
    """The standard library: every ``*_bridge.py`` in mlpy's stdlib package, sorted by file name."""
    modules: list[DiscoveredModule] = []
    for path in sorted(directory.glob("*" + BRIDGE_SUFFIX)):
        modules.extend(inspect_file(path, "stdlib"))
    return modules


def scan_extension_dir(directory: Path) -> list[DiscoveredModule]:
    """An extension directory: ``*_bridge.py`` files, other ``*.py`` files mentioning ``@ml_module``,
    and packages (sub-directories whose ``__init__.py`` mentions it). Sorted for a stable order."""
    modules: list[DiscoveredModule] = []
    if not directory.is_dir():
        return modules
    for path in sorted(directory.iterdir()):
        if path.name.startswith((".", "_")):
            continue
        if path.is_file() and path.suffix == ".py":
            if path.name.endswith(BRIDGE_SUFFIX) or _mentions_decorator(path):
                modules.extend(inspect_file(path, "extension"))
        elif path.is_dir():
            init = path / "__init__.py"
            if init.is_file() and _mentions_decorator(init):
                modules.extend(inspect_file(init, "extension", is_package=True))
    return modules


def _mentions_decorator(path: Path) -> bool:
    """Cheap pre-filter so that ordinary helper files are never parsed."""
    try:
        return "@" in (text := path.read_text(encoding="utf-8", errors="replace")) and _DECORATOR_MARK in text
    except OSError:
        return False


def scan_ml_dir(directory: Path) -> list[str]:
    """Top-level ML module names of an ML module directory: ``x.ml`` files and ``x/`` packages."""
    names: list[str] = []
    if not directory.is_dir():
        return names
    for path in sorted(directory.iterdir()):
        if path.name.startswith((".", "_")):
            continue
        if path.is_file() and path.suffix == ".ml":
            names.append(path.stem)
        elif path.is_dir() and path.name.isidentifier() and any(path.glob("*.ml")):
            names.append(path.name)
    return names


__all__ = ["INSPECTIONS", "DiscoveredModule", "InspectionCache", "inspect_file", "scan_extension_dir", "scan_ml_dir", "scan_stdlib"]
