"""What the engine does once instead of per run, and that doing it once changes nothing a run sees.

- ``embedded_options`` builds the options of plain keyword values once (paths, grants, limits) and
  hands the same frozen ``RunOptions`` to later calls; anything a run could tell apart (a stream,
  inputs, a project file, another working directory, re-read settings) gets options of its own.
- Programs kept in the in-memory LRU hold their code, not the Python tree they were compiled from.
"""

from __future__ import annotations

import io

import pytest

import mlpy
from mlpy import settings
from mlpy.engine.options import embedded_options


def test_plain_options_are_built_once_and_reused():
    first = embedded_options("<string>", timeout=2, max_steps=1000, capabilities=["env:HOME"])
    again = embedded_options("<string>", max_steps=1000, capabilities=("env:HOME",), timeout=2)
    assert again is first
    assert first.limits.timeout == 2 and first.limits.max_steps == 1000
    assert first.grants.has("env.read")
    assert embedded_options("<string>", timeout=3) is not first
    assert embedded_options("<other>", timeout=2, max_steps=1000, capabilities=["env:HOME"]) is not first


def test_options_holding_objects_or_a_project_file_are_built_every_time(tmp_path):
    stream = io.StringIO()
    assert embedded_options("<string>", stdout=stream) is not embedded_options("<string>", stdout=stream)
    assert embedded_options("<string>", inputs={"a": 1}) is not embedded_options("<string>", inputs={"a": 1})
    program = tmp_path / "p.ml"
    assert (embedded_options(str(program), project_file=True)
            is not embedded_options(str(program), project_file=True))


def test_reused_options_follow_the_working_directory_and_the_settings(tmp_path, monkeypatch):
    (tmp_path / "data").mkdir()
    monkeypatch.chdir(tmp_path)
    here = embedded_options("<string>", capabilities=["read:data"])
    assert here.grants.allows("read", str(tmp_path / "data" / "x.txt"))
    elsewhere = tmp_path / "elsewhere"
    (elsewhere / "data").mkdir(parents=True)
    monkeypatch.chdir(elsewhere)
    there = embedded_options("<string>", capabilities=["read:data"])
    assert there is not here
    assert there.grants.allows("read", str(elsewhere / "data" / "x.txt"))
    assert not there.grants.allows("read", str(tmp_path / "data" / "x.txt"))
    before = embedded_options("<string>")
    modules = tmp_path / "ml_modules"
    modules.mkdir()
    monkeypatch.setenv("MLPY_ML_MODULE_PATHS", str(modules))
    settings.reload()
    after = embedded_options("<string>")
    assert after is not before
    assert str(modules) in after.ml_module_paths and str(modules) not in before.ml_module_paths


def test_bad_values_are_refused_every_time():
    for _ in range(2):
        with pytest.raises(ValueError, match="timeout must be a positive number"):
            embedded_options("<string>", timeout=-1)
        with pytest.raises(ValueError, match="sandbox=True"):
            embedded_options("<string>", max_memory=10)


def test_runs_sharing_options_share_no_state():
    source = 'line = input(); count = 0; for (i in range(3)) { count = count + 1; } print(line, count);'
    first = mlpy.run(source, capture_output=True)
    second = mlpy.run(source, capture_output=True)
    assert first.output == second.output == "null 3\n"
    assert first.globals["count"] == second.globals["count"] == 3
    assert first.stats.output_bytes == second.stats.output_bytes == len("null 3\n")


def test_programs_kept_in_memory_hold_no_python_tree():
    program = mlpy.compile("x = 1 + 2;")
    assert program.program is not None and program.program.python_module is None
    assert program.run().globals["x"] == 3
    assert mlpy.run("y = 2 * 3;").globals["y"] == 6
