"""``Program.run``: a kept program follows the host's working directory and mlpy's settings."""

from __future__ import annotations

import os
import warnings
from pathlib import Path

import pytest

import mlpy
from mlpy import settings

SOURCE = "import helper;\nx = helper.v;\n"


def module_folders(tmp_path: Path) -> tuple[Path, Path, Path]:
    """Folders ``a`` and ``b`` with ``lib/helper.ml`` (``v`` = "A" / "B"), ``c`` with ``helper.ml``."""
    a, b, c = tmp_path / "a", tmp_path / "b", tmp_path / "c"
    for folder, value in ((a / "lib", "A"), (b / "lib", "B"), (c, "C")):
        folder.mkdir(parents=True)
        (folder / "helper.ml").write_text(f'v = "{value}";\n', encoding="utf-8")
    return a, b, c


def test_run_without_options_follows_a_change_of_working_directory(tmp_path, monkeypatch):
    a, b, _ = module_folders(tmp_path)
    monkeypatch.setenv("MLPY_ML_MODULE_PATHS", "lib")  # relative: resolved in the working directory
    monkeypatch.chdir(a)
    program = mlpy.compile(SOURCE)
    assert program.run().globals["x"] == "A"
    monkeypatch.chdir(b)
    assert program.run().globals["x"] == "B"
    assert mlpy.run(SOURCE).globals["x"] == "B"  # the same answer as a one-off run
    monkeypatch.chdir(a)
    assert program.run().globals["x"] == "A"


def test_run_without_options_follows_reloaded_settings(tmp_path, monkeypatch):
    a, _, c = module_folders(tmp_path)
    monkeypatch.setenv("MLPY_ML_MODULE_PATHS", str(a / "lib"))
    program = mlpy.compile(SOURCE)
    assert program.run().globals["x"] == "A"
    os.environ["MLPY_ML_MODULE_PATHS"] = str(c)  # the host changes it, then tells mlpy
    assert program.run().globals["x"] == "A"  # settings are read once, until reloaded
    settings.reload()
    assert program.run().globals["x"] == "C"


def test_runs_without_options_reuse_their_options_while_nothing_changed(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    program = mlpy.compile("x = 1;")
    first = program._plain_options()
    assert program._plain_options() is first and program.run().globals["x"] == 1
    (tmp_path / "elsewhere").mkdir()
    monkeypatch.chdir(tmp_path / "elsewhere")
    assert program._plain_options() is not first


def test_a_missing_module_after_the_change_is_an_import_error(tmp_path, monkeypatch):
    a, _, _ = module_folders(tmp_path)
    monkeypatch.setenv("MLPY_ML_MODULE_PATHS", "lib")
    monkeypatch.chdir(a)
    program = mlpy.compile(SOURCE)
    assert program.run().globals["x"] == "A"
    monkeypatch.chdir(tmp_path)  # no lib/ here
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "module path does not exist"
        with pytest.raises(mlpy.MLImportError, match="No module named 'helper'"):
            program.run()


def test_a_deleted_working_directory_is_said_plainly(tmp_path, monkeypatch):
    """A host whose working directory was deleted gets an error saying so and what to do, from
    mlpy.run and from a kept Program alike (Python's own error names no file and no reason)."""
    program = mlpy.compile("x = 1;")
    gone = tmp_path / "gone"
    gone.mkdir()
    monkeypatch.chdir(gone)
    gone.rmdir()
    for attempt in (program.run, lambda: mlpy.run("y = 2;")):
        with pytest.raises(FileNotFoundError, match=r"the working directory no longer exists .* os\.chdir\(\)"):
            attempt()
    monkeypatch.chdir(tmp_path)
    assert program.run().globals["x"] == 1
