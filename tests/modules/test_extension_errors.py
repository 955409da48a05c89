"""A Python exception inside an extension function: the ML position, the extension's file and line,
the Python exception, a hint about the extension, and the full traceback with --debug."""

from __future__ import annotations

import io
import textwrap
from pathlib import Path

import pytest
from click.testing import CliRunner

import mlpy
from mlpy.cli.app import cli
from mlpy.errors import MLRuntimeError

BOOM = textwrap.dedent('''
    from mlpy.stdlib.decorators import ml_function, ml_module

    @ml_module(name="boom", description="Fails on purpose")
    class Boom:
        @ml_function(description="Look a key up")
        def lookup(self, key):
            return self._inner(key)

        @ml_function(description="Refuse negative numbers")
        def check(self, x):
            if x < 0:
                raise ValueError("boom.check: x must not be negative")
            return x

        def _inner(self, key):
            table = {"x": 1}
            return table[key]

    boom = Boom()
''').lstrip()


@pytest.fixture
def project(tmp_path: Path) -> Path:
    (tmp_path / "ext").mkdir()
    (tmp_path / "ext" / "boom_bridge.py").write_text(BOOM, encoding="utf-8")
    (tmp_path / "main.ml").write_text('import boom;\nx = 1;\nprint(boom.lookup("y"));\n', encoding="utf-8")
    return tmp_path


def test_the_error_names_the_ml_call_and_the_extension_line(project: Path) -> None:
    with pytest.raises(MLRuntimeError) as caught:
        mlpy.run_file(project / "main.ml", extension_paths=[str(project / "ext")], stdout=io.StringIO())
    error = caught.value
    assert (Path(error.filename or "").name, error.line, error.column, error.error_type) == ("main.ml", 3, 7, "KeyError")
    assert error.hint is not None
    assert error.hint.startswith("raised inside the Python extension module 'boom' at ")
    assert "boom_bridge.py:17 in _inner (KeyError: 'y'); the extension failed" in error.hint
    assert "--debug" in error.hint


def test_a_deliberate_raise_is_named_without_calling_it_a_bug(project: Path) -> None:
    (project / "check.ml").write_text("import boom;\nboom.check(-1);\n", encoding="utf-8")
    with pytest.raises(MLRuntimeError) as caught:
        mlpy.run_file(project / "check.ml", extension_paths=[str(project / "ext")], stdout=io.StringIO())
    error = caught.value
    assert (error.error_type, error.message, error.line) == ("ValueError", "boom.check: x must not be negative", 2)
    assert error.hint is not None
    assert error.hint.startswith("raised by the Python extension module 'boom' at ")
    assert error.hint.endswith("boom_bridge.py:12 in check (ValueError); --debug (.debug on in the REPL) "
                               "shows the Python traceback")


def test_ml_code_still_catches_it_with_its_ml_type(project: Path) -> None:
    (project / "catch.ml").write_text('import boom;\ntry { boom.lookup("y"); } except (e) { print(e.type); }\n',
                                      encoding="utf-8")
    out = io.StringIO()
    mlpy.run_file(project / "catch.ml", extension_paths=[str(project / "ext")], stdout=out)
    assert out.getvalue() == "KeyError\n"


def test_standard_library_errors_keep_their_ml_hint() -> None:
    with pytest.raises(MLRuntimeError) as caught:
        mlpy.run('import json;\njson.parse("{");\n', stdout=io.StringIO())
    assert caught.value.hint is None or "extension" not in caught.value.hint


def test_debug_shows_the_python_traceback(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(project)
    plain = CliRunner().invoke(cli, ["run", "-E", "ext", "main.ml"])
    assert plain.exit_code == 1
    assert "Traceback" not in plain.output
    assert "main.ml:3:7: KeyError" in plain.output and "boom_bridge.py:17 in _inner" in plain.output
    debug = CliRunner().invoke(cli, ["run", "--debug", "-E", "ext", "main.ml"])
    assert debug.exit_code == 1
    assert "Traceback (most recent call last)" in debug.output
    assert 'boom_bridge.py", line 17, in _inner' in debug.output
