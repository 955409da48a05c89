"""Every stream a program writes to is the host's and is metered.

``console.error``/``warn`` and ``log`` console lines go to the run's error stream -- the host's
``stderr=`` in the API, never the process's ``sys.stderr`` behind its back -- and ``--max-output``
counts them together with ``print``: a program cannot flood the host through the stream that was
not metered.
"""

from __future__ import annotations

import io
import os
import subprocess
import sys
from pathlib import Path

import pytest

import mlpy
from mlpy.errors import MLLimitError

LIMIT_MESSAGE = "output limit of {} bytes exceeded (max_output=)"
"""As an embedding host sees it (``mlpy run`` names its flag: ``CLI_LIMIT_MESSAGE``)."""
CLI_LIMIT_MESSAGE = "output limit of {} bytes exceeded (--max-output)"
FLOODS = {
    "console.error": 'import console; while (true) { console.error("0123456789"); }',
    "console.warn": 'import console; while (true) { console.warn("0123456789"); }',
    "log.error": 'import log; log.set_timestamp(false); while (true) { log.error("0123456789"); }',
    "logger.critical": 'import log; l = log.create_logger("x"); log.set_timestamp(false); '
                       'while (true) { l.critical("0123456789"); }',
    "mixed": 'import console; i = 0; while (true) { print(i); console.error(i); i = i + 1; }',
}


@pytest.mark.parametrize("name", sorted(FLOODS))
def test_max_output_meters_the_error_stream(name: str, capsys: pytest.CaptureFixture[str]) -> None:
    out, err = io.StringIO(), io.StringIO()
    with pytest.raises(MLLimitError) as caught:
        mlpy.run(FLOODS[name], stdout=out, stderr=err, max_output=300, timeout=10)
    assert caught.value.message == LIMIT_MESSAGE.format(300)
    written = len(out.getvalue().encode()) + len(err.getvalue().encode())
    assert 250 < written <= 300, written
    assert capsys.readouterr() == ("", "")  # nothing reached the process's own streams


@pytest.mark.parametrize("name", ["console.error", "log.error"])
def test_max_output_meters_the_error_stream_in_the_sandbox(name: str) -> None:
    err = io.StringIO()
    with pytest.raises(MLLimitError) as caught:
        mlpy.run(FLOODS[name], stdout=io.StringIO(), stderr=err, max_output=300, timeout=20, sandbox=True)
    assert caught.value.message == LIMIT_MESSAGE.format(300)
    assert 250 < len(err.getvalue().encode()) <= 300


def test_errors_and_logs_go_to_the_hosts_stream(capsys: pytest.CaptureFixture[str]) -> None:
    source = ('import console; import log; log.set_timestamp(false); print("out");\n'
              'console.error("e", 1); console.warn("w"); log.warn("careful", {"n": 2});\n'
              'function later() { console.error("from a host call"); return 1; }')
    out, err = io.StringIO(), io.StringIO()
    result = mlpy.run(source, stdout=out, stderr=err)
    assert out.getvalue() == "out\n"
    assert err.getvalue() == 'e 1\nw\nWARN: careful {"n": 2}\n'
    assert result.globals["later"]() == 1  # a host call writes to the run's streams too
    assert err.getvalue().endswith("from a host call\n")
    program = mlpy.compile('import console; console.error("via Program.run");')
    program.run(stderr=err)
    assert err.getvalue().endswith("via Program.run\n")
    assert capsys.readouterr() == ("", "")


def test_without_a_host_stream_errors_go_to_sys_stderr(capsys: pytest.CaptureFixture[str]) -> None:
    mlpy.run('import console; console.error("to stderr"); print("to stdout");')
    assert capsys.readouterr() == ("to stdout\n", "to stderr\n")


def test_cli_max_output_meters_console_error(tmp_path: Path) -> None:
    program = tmp_path / "flood.ml"
    program.write_text(FLOODS["console.error"] + "\n", encoding="utf-8")
    env = dict(os.environ, MLPY_CACHE_DIR=str(tmp_path / "cache"))
    proc = subprocess.run([sys.executable, "-m", "mlpy", "run", "--max-output=300", "--timeout=10", str(program)],
                          capture_output=True, text=True, timeout=60, env=env, cwd=tmp_path)
    assert proc.returncode == 1
    flood, _, report = proc.stderr.rpartition("0123456789\n")
    assert len((flood + "0123456789\n").encode()) <= 300
    assert f"LimitError: {CLI_LIMIT_MESSAGE.format(300)}" in report
