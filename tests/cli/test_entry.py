"""``mlpy run FILE ARGS`` without options starts without click, and behaves as the click command."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from mlpy.cli import entry


def mlpy(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "mlpy", *args], capture_output=True, text=True,
                          cwd=cwd, timeout=60)


def test_plain_run_takes_the_program_arguments(tmp_path):
    (tmp_path / "p.ml").write_text('import args;\nprint(args.rest());\n', encoding="utf-8")
    done = mlpy("run", "p.ml", "a", "--timeout", "b", cwd=tmp_path)
    assert done.returncode == 0, done.stderr
    assert done.stdout == '["a", "--timeout", "b"]\n'


def test_plain_run_reports_errors_like_the_click_command(tmp_path):
    (tmp_path / "bad.ml").write_text("print(1);\nx = [1][5];\n", encoding="utf-8")
    (tmp_path / "syntax.ml").write_text("x = (1;\n", encoding="utf-8")
    fast = mlpy("run", "bad.ml", cwd=tmp_path)
    slow = mlpy("run", "--debug", "bad.ml", cwd=tmp_path)  # an option: the click command
    assert (fast.returncode, fast.stdout) == (1, "1\n")
    assert fast.stderr.splitlines()[0].startswith("bad.ml:2:")
    assert fast.stderr.splitlines()[0] == [line for line in slow.stderr.splitlines()
                                           if line.startswith("bad.ml:2:")][0]
    compile_error = mlpy("run", "syntax.ml", cwd=tmp_path)
    assert compile_error.returncode == 2
    assert compile_error.stderr.startswith("syntax.ml:1:")
    missing = mlpy("run", "nope.ml", cwd=tmp_path)
    assert missing.returncode == 1
    assert missing.stderr.startswith("nope.ml: IOError: cannot read nope.ml")


def test_plain_run_imports_no_click(tmp_path):
    (tmp_path / "p.ml").write_text('print("hi");\n', encoding="utf-8")
    probe = ("import sys\nfrom mlpy.cli.entry import main\nmain(['run', 'p.ml'])\n"
             "print(sorted(m for m in ('click', 'rich', 'platformdirs', 'mlpy.language.parser',"
             " 'mlpy.compiler.lowering') if m in sys.modules))\n")
    subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, check=True, timeout=60)  # fill the cache
    done = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, capture_output=True, text=True,
                          timeout=60, check=True)
    assert done.stdout == "hi\n[]\n"


@pytest.mark.parametrize("args", [["run"], ["run", "--timeout", "1", "p.ml"], ["check", "p.ml"], []])
def test_anything_else_goes_to_click(args):
    assert entry._plain_run(args) is None
