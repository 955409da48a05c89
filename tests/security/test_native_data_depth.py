"""Deeply nested data never crashes the host, whatever recursion limit the host has set.

Comparing, sorting, searching or serialising arrays and objects nested N deep recurses N times in
C (``list == list`` calls ``PyObject_RichCompare`` on the items, and so on). CPython 3.11 guards
that recursion only with the interpreter's recursion limit: once a host raises it
(``sys.setrecursionlimit(100_000)``, common in applications), a program that builds two arrays
nested 90,000 deep and compares them overflows the native stack and the host dies with a
segmentation fault. Each run below happens in a child process (a crash fails the test instead of
killing pytest) whose host raised its recursion limit to 100,000; every program must end with an
ML error or a result, never with the death of the process.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

BUILD = "a = []; b = []; o = {}; p = {};\nfor (i in range(90000)) { a = [a]; b = [b]; o = {k: o}; p = {k: p}; }\n"

OPERATIONS: dict[str, str] = {
    "array ==": "x = a == b;",
    "array <": "x = a < b;",
    "object ==": "x = o == p;",
    "sorted": "x = sorted([a, b]);",
    "max": "x = max(a, b);",
    "array.index": "x = [a].index(b);",
    "array.count": "x = [a].count(b);",
    "collections.contains": "import collections; x = collections.contains([a], b);",
    "json.stringify": "import json; x = json.stringify(a);",
}

CHILD = r"""
import io, json, sys
sys.setrecursionlimit(100_000)
import mlpy
for name, source in json.loads(sys.stdin.read()).items():
    try:
        mlpy.run(source, timeout=30, max_steps=10_000_000, stdout=io.StringIO())
        outcome = "ok"
    except mlpy.MLError as exc:
        outcome = exc.kind + ": " + str(exc).splitlines()[0]
    except BaseException as exc:
        outcome = "python " + type(exc).__name__ + ": " + str(exc)[:200]
    print(json.dumps({name: outcome}), flush=True)
"""


@pytest.mark.parametrize("name", sorted(OPERATIONS))
def test_deeply_nested_data_never_crashes_a_host_with_a_raised_recursion_limit(name: str) -> None:
    jobs = {name: BUILD + OPERATIONS[name]}
    proc = subprocess.run([sys.executable, "-c", CHILD], input=json.dumps(jobs), capture_output=True,
                          text=True, timeout=300)
    assert proc.returncode == 0, (f"the host process died (exit status {proc.returncode}) running "
                                  f"{name} on data nested 90,000 deep; stderr: {proc.stderr[-500:]}")
    outcome = json.loads(proc.stdout.splitlines()[-1])[name]
    assert not outcome.startswith("python "), outcome


HOST_CALL = r"""
import sys
sys.setrecursionlimit(100_000)
import mlpy
result = mlpy.run("function deep(n) { a = []; b = []; for (i in range(n)) { a = [a]; b = [b]; } return a == b; }",
                  timeout=30)
try:
    print("value", result.call("deep", 90000, timeout=30))
except mlpy.MLError as exc:
    print("error", exc.kind)
"""


def test_host_calls_into_ml_run_on_a_deep_enough_stack_too() -> None:
    proc = subprocess.run([sys.executable, "-c", HOST_CALL], capture_output=True, text=True, timeout=300)
    assert proc.returncode == 0, f"the host process died (exit status {proc.returncode}); {proc.stderr[-500:]}"
    assert proc.stdout.split()[0] in ("value", "error"), proc.stdout
