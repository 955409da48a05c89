"""``import mlpy`` must stay light: no CLI, UI, watcher or stdlib bridge modules."""

from __future__ import annotations

import json
import subprocess
import sys

HEAVY = ["click", "rich", "prompt_toolkit", "watchfiles", "pygments", "httpx", "psutil",
         "mlpy.stdlib.math_bridge", "mlpy.stdlib.json_bridge", "mlpy.cli.app", "mlpy.compiler"]


def test_import_mlpy_pulls_in_nothing_heavy() -> None:
    code = "import json, sys; import mlpy; print(json.dumps(sorted(sys.modules)))"
    loaded = set(json.loads(subprocess.check_output([sys.executable, "-c", code], text=True)))
    assert [name for name in HEAVY if name in loaded] == []
    assert "mlpy" in loaded


def test_api_names_resolve_lazily() -> None:
    code = "import mlpy; print(callable(mlpy.run), callable(mlpy.compile), callable(mlpy.run_file))"
    assert subprocess.check_output([sys.executable, "-c", code], text=True).split() == ["True"] * 3
