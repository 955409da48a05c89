"""Deep sizes for the memory report: they grow with the data and stay fast on large tables."""

from __future__ import annotations

import statistics
import sys
import time
from pathlib import Path

from mlpy.modules.registry import ModuleRegistry
from mlpy.modules.sizes import deep_size

MB = 1024 * 1024


def test_small_containers_are_measured_exactly() -> None:
    data = {"a": [1.5, "xy"], "b": ("z" * 100,)}
    expected = (sys.getsizeof(data) + sys.getsizeof("a") + sys.getsizeof("b") + sys.getsizeof(data["a"])
                + sys.getsizeof(1.5) + sys.getsizeof("xy") + sys.getsizeof(data["b"]) + sys.getsizeof("z" * 100))
    assert deep_size(data) == expected


def test_shared_objects_count_once_and_code_is_not_followed() -> None:
    row = "r" * 1000
    assert deep_size([row, row]) == sys.getsizeof([row, row]) + sys.getsizeof(row)
    assert deep_size([deep_size]) == sys.getsizeof([deep_size])


def test_a_ten_megabyte_table_reports_at_least_ten_megabytes() -> None:
    table = [{"id": i, "name": "row" + str(i), "text": "x" * 150} for i in range(40_000)]
    size = deep_size(table)
    assert size >= 10 * MB
    assert size < 2 * 15 * MB  # an estimate, not a wild guess


def test_memory_report_of_twenty_modules_is_fast_and_grows_with_the_data(tmp_path: Path) -> None:
    for i in range(19):
        (tmp_path / f"m{i}_bridge.py").write_text(
            "from mlpy.stdlib.decorators import ml_module\n"
            f"@ml_module(name='m{i}')\nclass M:\n"
            f"    def __init__(self):\n        self.rows = [str(j) * 3 for j in range({i} * 4000)]\n"
            f"m{i} = M()\n", encoding="utf-8")
    (tmp_path / "table_bridge.py").write_text(
        "from mlpy.stdlib.decorators import ml_module\n"
        "@ml_module(name='table')\nclass T:\n"
        "    def __init__(self):\n"
        "        self.rows = [{'id': i, 'text': 'x' * 200 + str(i)} for i in range(40_000)]\n"
        "table = T()\n", encoding="utf-8")
    registry = ModuleRegistry()
    registry.add_extension_paths([tmp_path])
    for name in ["table", *(f"m{i}" for i in range(19))]:
        registry.get_module_object(name)
    times = []
    for _ in range(3):
        started = time.perf_counter()
        report = registry.get_memory_report()
        times.append((time.perf_counter() - started) * 1000)
    assert report["total_loaded"] == 20
    assert statistics.median(times) < 200, times
    by_name = {module["name"]: module for module in report["modules"]}
    assert report["modules"][0]["name"] == "table" and by_name["table"]["size_bytes"] >= 10 * MB
    assert by_name["m18"]["size_bytes"] > by_name["m12"]["size_bytes"] > 100_000
