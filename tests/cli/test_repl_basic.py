"""The plain line front-end: scriptable through a pipe, clean output, exit status."""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

from mlpy.cli.repl.basic import BANNER, run_basic
from mlpy.modules.registry import reset_registry


class FakeInput(io.StringIO):
    """A StringIO that says whether it is a terminal."""

    def __init__(self, text: str, tty: bool = False) -> None:
        super().__init__(text)
        self._tty = tty

    def isatty(self) -> bool:
        return self._tty


def drive(text: str, **kwargs: object) -> tuple[int, str]:
    reset_registry()
    out = io.StringIO()
    code = run_basic(stdin=FakeInput(text), stdout=out, **kwargs)  # type: ignore[arg-type]
    return code, out.getvalue()


def test_piped_session_prints_only_results() -> None:
    assert drive("x = 2;\nx * 3\n") == (0, "=> 6\n")


def test_multi_line_entries_output_and_echo_interleave() -> None:
    code, out = drive('function f(a) {\n  print("in f");\n  return a + 1;\n}\nf(1)\n\n"s"\n')
    assert code == 0
    assert out == 'in f\n=> 2\n=> "s"\n'


def test_errors_are_shown_in_order_and_set_the_exit_status() -> None:
    code, out = drive('print("before");\nzz\nprint("after");\n')
    assert code == 1
    assert out == ("before\n<repl-2>:1:1: NameError: Unknown identifier 'zz'\n    zz\n    ^\n"
                   "after\n")


def test_exit_command_stops_reading() -> None:
    assert drive("1\n.exit\n2\n") == (0, "=> 1\nGoodbye\n")


def test_input_ending_inside_a_block_is_a_syntax_error() -> None:
    code, out = drive("function f() {\n  return 1;\n")
    assert code == 1
    assert out.startswith("<repl-1>:")
    assert "SyntaxError" in out.splitlines()[0]


def test_grant_is_refused_without_a_terminal() -> None:
    code, out = drive(".grant read\n")
    assert code == 1
    assert out == ("Grant capability 'read' to this session? [y/N] refused (not an interactive terminal)\n"
                   "Capability 'read' not granted\n")


def test_prompts_and_banner_when_interactive() -> None:
    reset_registry()
    out = io.StringIO()
    code = run_basic(stdin=FakeInput("x = [1,\n2];\nx\n"), stdout=out, prompts=True)
    assert code == 0
    assert out.getvalue() == f"{BANNER}\nml> ... ml> => [1, 2]\nml> \n"


@pytest.mark.timeout(120)
def test_python_dash_m_mlpy_repl_through_a_pipe(tmp_path: Path) -> None:
    (tmp_path / "helpers.ml").write_text("function sq(x) { return x * x; }\n")
    env = dict(os.environ, MLPY_ML_MODULE_PATHS=str(tmp_path), MLPY_CACHE_DIR=str(tmp_path / "cache"))
    done = subprocess.run(
        [sys.executable, "-m", "mlpy", "repl"], input="x = 2;\nx * 3\nimport helpers;\nhelpers.sq(x)\n",
        capture_output=True, text=True, timeout=100, env=env, cwd=tmp_path,
    )
    assert done.stdout == "=> 6\n=> 4\n"
    assert done.returncode == 0, done.stderr
