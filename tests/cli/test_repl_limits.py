"""Limits on the REPL (security issue): each entry runs under --timeout / --max-steps; the session survives."""

from __future__ import annotations

import subprocess
import sys

from mlpy.cli.repl import MLREPLSession
from mlpy.runtime.limits import Limits


def test_step_limit_ends_one_entry_and_keeps_the_session() -> None:
    session = MLREPLSession(limits=Limits(max_steps=500))
    assert session.execute("n = 0;").success
    stopped = session.execute("while (true) { n += 1; }")
    assert stopped.success is False
    assert "step limit of 500 exceeded (--max-steps)" in stopped.error
    after = session.execute("n + 0")
    assert after.echo == "=> 500"
    assert session.execute("i = 0; while (i < 100) { i += 1; } i").echo == "=> 100"


def test_no_limits_means_no_step_counting() -> None:
    session = MLREPLSession()
    assert session.limits is None
    assert session.execute("i = 0; while (i < 5000) { i += 1; } i").echo == "=> 5000"


def test_cli_repl_timeout_per_entry() -> None:
    script = 'x = 2;\nx * 3\nwhile (true) { }\nprint("alive");\n'
    result = subprocess.run([sys.executable, "-m", "mlpy", "repl", "--timeout", "1"], input=script,
                            capture_output=True, text=True, timeout=60)
    assert result.stdout.splitlines()[0] == "=> 6"
    assert "TimeoutError: time limit of 1.0 s exceeded (--timeout)" in result.stdout + result.stderr
    assert result.stdout.rstrip().endswith("alive")
    assert result.returncode == 1
