"""The package layering of ``src/mlpy``: every import (function-level ones too) points downward.

language -> compiler -> runtime -> modules -> stdlib -> devmode -> engine -> tools -> api -> cli:
a package may import only from packages to its left (``docs/INTERNALS.md`` explains each). The
foundation modules ``errors``, ``config`` and ``settings`` (and ``mlpy.__version__``) import no
other part of mlpy and may be imported by all.
"""

from __future__ import annotations

import ast
import sys
from collections.abc import Iterator
from pathlib import Path

import mlpy

SRC = Path(mlpy.__file__).resolve().parent

LAYERS = ["language", "compiler", "runtime", "modules", "stdlib", "devmode", "engine", "tools", "api",
          "cli"]
FOUNDATION = {"errors", "config", "settings", "version"}
"""``version``: a name such as ``__version__`` imported from the ``mlpy`` package itself."""
RANK = {name: index for index, name in enumerate(LAYERS)}
ALIASES = {"__init__": "api", "__main__": "cli", "distributed": "api"}
"""``mlpy/__init__.py`` re-exports the API (lazily), ``mlpy.distributed`` is API too (Dask);
``python -m mlpy`` is the CLI."""


def _unit(module: str) -> str | None:
    """The layer (or foundation module) a dotted ``mlpy...`` module name belongs to."""
    parts = module.split(".")
    if parts[0] != "mlpy":
        return None
    if len(parts) == 1:
        return ALIASES["__init__"]
    return ALIASES.get(parts[1], parts[1])


def _file_unit(path: Path) -> str:
    relative = path.relative_to(SRC)
    first = relative.parts[0]
    name = first[:-3] if first.endswith(".py") else first
    return ALIASES.get(name, name)


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(SRC.parent).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _imports(path: Path) -> Iterator[tuple[int, str]]:
    """(line, imported module) for every import statement in the file, at any depth."""
    tree = ast.parse(path.read_text(encoding="utf-8"), str(path))
    package = _module_name(path)
    if path.name != "__init__.py":
        package = package.rpartition(".")[0]
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield node.lineno, alias.name
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - (node.level - 1)]
                module = ".".join(base + ([node.module] if node.module else []))
            else:
                module = node.module or ""
            if module == "mlpy":  # ``from mlpy import errors`` names a submodule
                for alias in node.names:
                    is_module = alias.name in FOUNDATION | set(LAYERS)
                    yield node.lineno, f"mlpy.{alias.name}" if is_module else "mlpy.version"
            else:
                yield node.lineno, module


def _edges() -> list[tuple[str, str, str]]:
    """(importing unit, imported unit, "file:line") for every import between two units."""
    edges = []
    for path in sorted(SRC.rglob("*.py")):
        source_unit = _file_unit(path)
        for line, module in _imports(path):
            target = _unit(module)
            if target is not None and target != source_unit:
                edges.append((source_unit, target, f"{path.relative_to(SRC.parent)}:{line}"))
    return edges


def test_every_unit_is_a_known_layer_or_foundation():
    units = {_file_unit(path) for path in SRC.rglob("*.py")}
    assert units <= set(LAYERS) | FOUNDATION, sorted(units - set(LAYERS) - FOUNDATION)


def test_imports_only_point_to_layers_on_the_left():
    wrong = []
    for source, target, where in _edges():
        if source in FOUNDATION:
            if target not in FOUNDATION or (source, target) == ("errors", "config"):
                wrong.append(f"{where}: foundation module {source} imports {target}")
        elif target not in FOUNDATION and RANK[target] > RANK[source]:
            wrong.append(f"{where}: {source} imports {target}, a layer above it")
    assert not wrong, "\n".join(wrong)


def test_package_graph_is_acyclic():
    graph: dict[str, set[str]] = {}
    for source, target, _ in _edges():
        graph.setdefault(source, set()).add(target)
    state: dict[str, int] = {}
    cycle: list[str] = []

    def visit(node: str, path: list[str]) -> bool:
        state[node] = 1
        for nxt in sorted(graph.get(node, ())):
            if state.get(nxt) == 1:
                cycle.extend(path[path.index(nxt):] + [node, nxt] if nxt in path else [node, nxt])
                return True
            if state.get(nxt) is None and visit(nxt, path + [node]):
                return True
        state[node] = 2
        return False

    for node in sorted(graph):
        if state.get(node) is None and visit(node, []):
            break
    assert not cycle, " -> ".join(cycle)


def test_the_checker_sees_function_level_and_relative_imports(tmp_path, monkeypatch):
    package = tmp_path / "mlpy"
    (package / "runtime").mkdir(parents=True)
    (package / "runtime" / "x.py").write_text(
        "def f():\n    from mlpy.api import run\n    from ..engine import pipeline\n")
    monkeypatch.setattr(sys.modules[__name__], "SRC", package)
    found = list(_imports(package / "runtime" / "x.py"))
    assert found == [(2, "mlpy.api"), (3, "mlpy.engine")]
