"""Benchmark: cold and warm import of a generated 1,000-line extension module and ML module.

Run with ``python bench/modules.py``. Prints milliseconds (median of several rounds):
- extension, cold: discovery scan + executing the file + building the module object (a new registry;
  "first" is the first round of the process, before the discovery cache is warm);
- extension, warm: asking the registry again (already loaded);
- extension, reload: ``reload_module`` of the same file (target: <= 20 ms);
- ML, cold: compile (empty on-disk cache) + execute in a new session;
- ML, warm: a new session importing it again (compiled code cached in the process).
"""

from __future__ import annotations

import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROUNDS = 7


def extension_source(lines: int = 1000) -> str:
    """A module with ~``lines`` lines: @ml_function methods of four lines each."""
    head = [
        "from mlpy.modules.decorators import ml_function, ml_module",
        "",
        '@ml_module(name="bigext", description="generated")',
        "class BigExt:",
    ]
    body: list[str] = []
    index = 0
    while len(head) + len(body) < lines - 2:
        body += ["    @ml_function(capabilities=[])", f"    def f{index}(self, x):",
                 f"        return x + {index}", ""]
        index += 1
    return "\n".join(head + body + ["", "bigext = BigExt()", ""])


def ml_source(lines: int = 1000) -> str:
    """An ML module with ``lines`` lines: one small function per line."""
    return "\n".join(f"function f{i}(x) {{ return x * {i} + 1; }}" for i in range(lines)) + "\n"


def timed(action) -> float:  # type: ignore[no-untyped-def]
    started = time.perf_counter()
    action()
    return (time.perf_counter() - started) * 1000.0


def bench_extension(directory: Path) -> dict[str, float]:
    from mlpy.modules import registry as module_registry

    ext = directory / "ext"
    ext.mkdir()
    (ext / "bigext_bridge.py").write_text(extension_source(), encoding="utf-8")
    cold, warm, reload = [], [], []
    for _ in range(ROUNDS):
        registry = module_registry.ModuleRegistry()
        module_registry._registry = registry
        registry.add_extension_paths([ext])
        cold.append(timed(lambda r=registry: r.get_module_object("bigext")))
        warm.append(timed(lambda r=registry: r.get_module_object("bigext")))
        reload.append(timed(lambda r=registry: r.reload_module("bigext")))
        sys.modules.pop("mlpy_ext.bigext", None)
    return {"first": cold[0], "cold": statistics.median(cold), "warm": statistics.median(warm),
            "reload": statistics.median(reload)}


def bench_ml(directory: Path) -> dict[str, float]:
    from mlpy.modules import registry as module_registry
    from mlpy.modules.importer import import_module
    from mlpy.modules.session import ImportSession, use_session

    (directory / "bigml.ml").write_text(ml_source(), encoding="utf-8")
    importer_file = str(directory / "main.ml")
    cold, warm = [], []
    for round_index in range(ROUNDS):
        os.environ["MLPY_CACHE_DIR"] = str(directory / f"cache{round_index}")
        registry = module_registry.ModuleRegistry()
        module_registry._registry = registry
        with use_session(ImportSession()):
            cold.append(timed(lambda: import_module(("bigml",), importer_file, False)))
        with use_session(ImportSession()):
            warm.append(timed(lambda: import_module(("bigml",), importer_file, False)))
    return {"first": cold[0], "cold": statistics.median(cold), "warm": statistics.median(warm)}


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        ext = bench_extension(Path(tmp))
        ml = bench_ml(Path(tmp))
    print(f"extension module, 1,000 lines: first cold {ext['first']:.2f} ms (incl. stdlib scan), "
          f"cold {ext['cold']:.2f} ms, warm {ext['warm']:.4f} ms, reload {ext['reload']:.2f} ms "
          "(target <= 20 ms)")
    print(f"ML module, 1,000 lines:        first cold {ml['first']:.2f} ms, cold {ml['cold']:.2f} ms "
          f"(compile + run), warm {ml['warm']:.2f} ms (new session, compiled code cached)")


if __name__ == "__main__":
    main()
