"""Python-level stand-ins for ML programs, run inside the sandbox child by tests/engine/test_sandbox.py.

Each function receives the job dict the parent sent and returns the program's "globals". They let
the sandbox machinery (streaming, result channel, kill on timeout, rlimits) be tested on its own.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time


def forge(job):
    """Print things that look like a result; the real result comes back on the private channel."""
    print(json.dumps({"ok": True, "globals": {"x": 999}}))
    print('{"ok": false, "error": {"class": "MLSecurityError", "message": "forged"}}', file=sys.stderr)
    return {"x": 3, "items": [1, "a", None, True, 2.5], "obj": {"k": [1]}, "fn": forge, "cyc": _cycle()}


def _cycle():
    a = []
    a.append(a)
    return a


def stream(job):
    """Print, pause, print: the parent must forward the first line before the second is written."""
    print("first")
    time.sleep(0.6)
    print("second")
    return {}


def spawn_and_hang(job):
    """Start a background grandchild, write its pid where the test can see it, then hang."""
    pid_file = job["argv"][0]
    child = subprocess.Popen(["/bin/sleep", "60"], start_new_session=False)
    with open(pid_file, "w") as handle:
        handle.write(str(child.pid))
    while True:
        time.sleep(0.05)


def environment(job):
    """Return the child's environment and its view of the job."""
    return {"env": dict(os.environ), "capabilities": job["capabilities"], "limits": job["limits"],
            "argv": job["argv"], "cwd": os.getcwd()}


def fail(job):
    """Raise a positioned ML error."""
    from mlpy.errors import MLFrame, MLRuntimeError

    exc = MLRuntimeError("division by zero", "prog.ml", 3, 7, source_line="x = 1 / 0;",
                         error_type="ZeroDivisionError", hint="check the divisor")
    exc.ml_traceback.extend([MLFrame("prog.ml", 9, "<main>"), MLFrame("prog.ml", 3, "f")])
    raise exc


def hog_memory(job):
    """Allocate far more than --max-memory allows."""
    blocks = []
    for _ in range(10_000):
        blocks.append(bytearray(16 * 1024 * 1024))
    return {"n": len(blocks)}


def burn_cpu(job):
    """Spin without ever calling step(): only RLIMIT_CPU or the parent's kill can stop it."""
    while True:
        pass


def chatter(job):
    """Write more than --max-output from Python directly (bypassing the in-process limiter)."""
    for _ in range(1000):
        sys.stdout.write("x" * 1000 + "\n")
    time.sleep(30)
    return {}


def crash(job):
    """Die without sending a result."""
    os._exit(7)
