"""Run every ML program in tests/programs/ and compare its output with the expected files.

For ``name.ml``: ``name.out`` holds the exact expected stdout; ``name.err`` (optional) the exact text
of the error the program ends with (``FILE:LINE:COL: KIND: message`` plus source line and caret), with
the program's path written relative to tests/programs/. A first line ``// grants: read:., env`` passes
capabilities, ``// args: a b`` passes program arguments. Output printed before an error must match too.
"""

from __future__ import annotations

import io
from pathlib import Path

import pytest

import mlpy

PROGRAMS = Path(__file__).parent / "programs"


def _directives(source: str) -> dict[str, list[str]]:
    found: dict[str, list[str]] = {}
    for line in source.splitlines()[:3]:
        for key in ("grants", "args"):
            prefix = f"// {key}:"
            if line.startswith(prefix):
                found[key] = [p.strip() for p in line[len(prefix):].replace(",", " ").split() if p.strip()]
    return found


def _programs() -> list[Path]:
    return sorted(PROGRAMS.glob("*.ml"))


@pytest.mark.parametrize("path", _programs(), ids=lambda p: p.stem)
def test_program(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(PROGRAMS)
    source = path.read_text(encoding="utf-8")
    options = _directives(source)
    out = io.StringIO()
    error_text = ""
    try:
        mlpy.run_file(path.name, stdout=out, capabilities=options.get("grants", []),
                      argv=options.get("args", []))
    except mlpy.MLError as error:
        error_text = error.format()
    expected_out = path.with_suffix(".out")
    expected_err = path.with_suffix(".err")
    assert out.getvalue() == (expected_out.read_text(encoding="utf-8") if expected_out.exists() else "")
    if expected_err.exists():
        assert error_text.rstrip("\n") == expected_err.read_text(encoding="utf-8").rstrip("\n")
    else:
        assert error_text == "", f"unexpected error:\n{error_text}"
