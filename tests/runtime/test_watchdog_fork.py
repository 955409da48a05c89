"""A process forked while the timeout watchdog holds its lock can still run with a timeout.

``SandboxPool`` zygotes fork one child per run. The zygote's warm-up run has a timeout, so the
zygote has a watchdog thread; a fork at the instant that thread is inside its locked section used
to leave the child's copy of the lock held forever, and the child hung in its first timed run until
the pool killed it ("time limit exceeded" for a run that never started).
"""

from __future__ import annotations

import os
import sys
import threading
import time

import pytest

import mlpy
from mlpy.runtime import limits as limits_mod

pytestmark = pytest.mark.skipif(not hasattr(os, "fork"), reason="os.fork is POSIX only")


def test_a_child_forked_while_the_watchdog_lock_is_held_runs_with_a_timeout() -> None:
    mlpy.run("x = 1;", timeout=60)  # the watchdog thread now exists, as in a zygote after warm-up
    held, release = threading.Event(), threading.Event()

    def hold_the_watchdog_lock() -> None:
        with limits_mod._WATCHDOG._lock:  # stands for the watchdog thread inside its locked section
            held.set()
            release.wait()

    threading.Thread(target=hold_the_watchdog_lock, daemon=True).start()
    assert held.wait(5)
    pid = os.fork()
    if pid == 0:  # the child: a timed run, then leave at once
        code = 1
        try:
            code = 0 if mlpy.run("y = 2;", timeout=5).globals["y"] == 2 else 1
        finally:
            sys.stdout.flush()
            os._exit(code)
    release.set()
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        done, status = os.waitpid(pid, os.WNOHANG)
        if done:
            assert os.waitstatus_to_exitcode(status) == 0
            return
        time.sleep(0.02)
    os.kill(pid, 9)
    os.waitpid(pid, 0)
    pytest.fail("the forked child hung in its timed run (the watchdog lock was copied held)")
