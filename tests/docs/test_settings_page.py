"""docs/reference/settings.md documents every environment setting mlpy reads, with the defaults the
code uses."""

from __future__ import annotations

import re
from pathlib import Path

from mlpy import settings
from mlpy.compiler import cache
from mlpy.engine import program_cache
from mlpy.modules import monitor

PAGE = Path(__file__).resolve().parents[2] / "docs" / "reference" / "settings.md"


def _rows() -> dict[str, str]:
    """The settings table: variable name -> its default cell."""
    rows = {}
    for line in PAGE.read_text(encoding="utf-8").splitlines():
        match = re.match(r"\| `(MLPY_[A-Z_]+)` \| ([^|]+) \|", line)
        if match:
            rows[match.group(1)] = match.group(2).strip()
    return rows


def test_every_mlpy_setting_has_a_row() -> None:
    names = {name for name in settings.NAMES if name.startswith("MLPY_")} | {monitor.DEV_MODE_ENV}
    assert set(_rows()) == names


def test_the_documented_defaults_are_the_code_defaults() -> None:
    rows = _rows()
    assert rows["MLPY_CACHE_MAX_BYTES"].startswith(str(cache.DEFAULT_MAX_BYTES))
    assert rows["MLPY_PROGRAM_CACHE_MAX_BYTES"].startswith(str(program_cache.DEFAULT_MAX_BYTES))
    assert rows["MLPY_SLOW_LOAD_MS"] == str(int(monitor.DEFAULT_SLOW_LOAD_MS))
    assert f"at most {program_cache.DEFAULT_CAPACITY} programs" in PAGE.read_text(encoding="utf-8")
