"""Reload frees the old version: fifty reloads of a module holding ~10 MB cost about one load.

Old references keep running the new code (``mlpy.devmode.reload``) without keeping the old data
alive: only functions, classes and instances are patched and remembered (weakly); lists and dicts
are replaced. Each test measures the process RSS after one load and after 50 reloads.
"""

from __future__ import annotations

import gc
import io
from pathlib import Path

import mlpy
from mlpy.devmode.reload import update_references
from mlpy.modules.registry import ModuleRegistry
from mlpy.runtime.limits import process_rss_bytes

MB = 1024 * 1024
RELOADS = 50
ALLOWED_GROWTH = 30 * MB

BIG_EXTENSION = '''
from mlpy.stdlib.decorators import ml_function, ml_module

@ml_module(name="big", description="A module holding about 10 MB")
class Big:
    def __init__(self):
        self.table = ["x" * 100 + str(i) for i in range(60_000)]
        self.index = {str(i): i for i in range(10_000)}

    @ml_function(description="How many rows")
    def rows(self):
        return len(self.table)

big = Big()
'''

BIG_ML = 'rows = [];\nfor (i in range(60000)) { rows.append("' + "x" * 100 + '" + str(i)); }\n' \
         'function count() { return len(rows); }\n'


def rss_after_collect() -> int:
    gc.collect()
    return process_rss_bytes()


def test_fifty_extension_reloads_keep_rss_near_one_load(tmp_path: Path) -> None:
    (tmp_path / "big_bridge.py").write_text(BIG_EXTENSION, encoding="utf-8")
    registry = ModuleRegistry()
    registry.add_extension_paths([tmp_path])
    registry.add_reload_listener(update_references)
    module = registry.get_module_object("big")
    assert module is not None
    held = [module._ml_get_member("table"), module._ml_get_member("rows")]  # what a REPL user keeps
    one_load = rss_after_collect()
    for _ in range(RELOADS):
        assert registry.reload_module("big"), registry.get_reload_error("big")
    growth = rss_after_collect() - one_load
    assert held[1]() == 60_000  # the old function runs the current version
    assert growth < ALLOWED_GROWTH, f"RSS grew {growth / MB:.1f} MB over {RELOADS} reloads"
    tables = [obj for obj in gc.get_objects()
              if type(obj) is list and len(obj) == 60_000 and obj[0] == "x" * 100 + "0"]
    assert len(tables) == 2  # the table the user holds and the current one, no old versions


def test_fifty_ml_module_reloads_keep_rss_near_one_load(tmp_path: Path) -> None:
    (tmp_path / "bigml.ml").write_text(BIG_ML, encoding="utf-8")
    main = tmp_path / "main.ml"
    main.write_text("import bigml;\ncount = bigml.count;\n", encoding="utf-8")
    registry = ModuleRegistry()
    registry.add_reload_listener(update_references)
    from mlpy.modules import registry as registry_module

    saved, registry_module._registry = registry_module._registry, registry
    try:
        result = mlpy.run_file(main, stdout=io.StringIO())
        count = result.globals["count"]
        one_load = rss_after_collect()
        for _ in range(RELOADS):
            assert registry.reload_module("bigml"), registry.get_reload_error("bigml")
        growth = rss_after_collect() - one_load
    finally:
        registry_module._registry = saved
    assert count() == 60_000
    assert growth < ALLOWED_GROWTH, f"RSS grew {growth / MB:.1f} MB over {RELOADS} reloads"
