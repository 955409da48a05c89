"""Error messages reveal nothing of the host: no resolved paths, no Python class names, no listings.

Each test runs the attack and asserts the exact error an ML program (or its user) sees.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import mlpy
from mlpy.runtime.errors_runtime import error_from_exception


def _error(source: str, **options: object) -> mlpy.MLError:
    with pytest.raises(mlpy.MLError) as caught:
        mlpy.run(source, **options)
    return caught.value


def test_a_denied_path_is_shown_as_written_not_symlink_resolved(tmp_path: Path) -> None:
    error = _error('import file;\nx = file.read("/proc/self/exe");\n', capabilities=[f"read:{tmp_path}"])
    assert error.kind == "CapabilityError"
    assert error.message == ("file.read: reading '/proc/self/exe' is not allowed (no read grant covers "
                             "it). Pass capabilities=[\"read:/proc/self/exe\"] to allow it.")
    assert os.path.realpath("/proc/self/exe") not in str(error)


def test_a_denied_write_through_a_symlinked_folder_names_the_written_path(tmp_path: Path) -> None:
    real = tmp_path / "real"
    real.mkdir()
    (tmp_path / "link").symlink_to(real)
    error = _error(f'import file;\nfile.write("{tmp_path}/link/x.txt", "a");\n')
    assert error.message.startswith(f"file.write: writing '{tmp_path}/link/x.txt' is not allowed")
    assert str(real) + "/" not in error.message


def test_unknown_import_hints_never_list_the_working_directory(tmp_path: Path,
                                                               monkeypatch: pytest.MonkeyPatch) -> None:
    (tmp_path / "payroll_secrets.ml").write_text("x = 1;\n", encoding="utf-8")
    (tmp_path / "host_tool.py").write_text("X = 1\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.syspath_prepend(str(tmp_path))
    error = _error("import payroll_secret;\n")
    assert (error.kind, error.message) == ("ImportError", "No module named 'payroll_secret'")
    error = _error("import host_tool;\n")
    assert (error.kind, error.message) == ("ImportError", "No module named 'host_tool'")


def test_python_standard_modules_are_still_explained() -> None:
    error = _error("import os;\n")
    assert error.message.startswith("Python modules cannot be imported from ML ('os')")


def test_an_os_error_has_no_python_class_name() -> None:
    error = error_from_exception(PermissionError(13, "Permission denied"), 3)
    assert (error.type, error.message) == ("IOError", "input/output failed: permission denied")


def test_an_unexpected_error_has_no_python_class_name() -> None:
    error = error_from_exception(LookupError("x"), 3)
    assert error.message == "internal error in a library function (run with --debug for details)"
    assert "LookupError" not in error.message


@pytest.mark.parametrize(("spec", "message"), [
    ("{0.__class__}", "format(): invalid format '{0.__class__}' for a number"),
    ("zz", "format(): invalid format 'zz' for a number (Unknown format code 'z')"),
])
def test_format_errors_name_no_python_type(spec: str, message: str) -> None:
    error = _error(f'x = format(1, "{spec}");\n')
    assert error.message == message
    assert "'int'" not in str(error) and "object of type" not in str(error)


def test_a_string_format_error_names_no_python_type() -> None:
    error = _error('x = format("a", "d");\n')
    assert error.message == "format(): invalid format 'd' for a string (Unknown format code 'd')"


def test_a_compile_too_deep_for_python_names_no_python_exception() -> None:
    """A 1,000-term concatenation passes the ML checks but is too deep for Python's compile()."""
    error = _error("x = " + " + ".join(['"a"'] * 1000) + ";\n")
    assert error.kind == "SyntaxError"
    assert error.message == "the program is nested too deeply to compile"
    assert (error.line, error.column) == (1, 1)
    assert "RecursionError" not in str(error)
