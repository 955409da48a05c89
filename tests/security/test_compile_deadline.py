"""A run's time limit covers compiling its program: a huge source cannot outlast ``timeout``.

The attack: 30,000 small functions (1.2 MB of ML) take several seconds to lex, parse, check and
lower before a single ML step runs, so a limit enforced only by counting steps never fires. The
compiler checks the run's compile deadline (``CompileOptions.deadline``) as it goes, in process and
in a pool's zygote (whose compile counts against the run's hard deadline).
"""

from __future__ import annotations

import time

import pytest

import mlpy
from mlpy.errors import MLTimeoutError

HUGE = "".join(f"function f{i}(a) {{ return a + {i}; }}\n" for i in range(100_000))
"""About 4 MB of ML: several seconds to compile on the test machine, whatever its load."""

ONE_LINE = "x = [" + ", ".join(f"{i} + {i}" for i in range(400_000)) + "];\n"
"""One statement holding most of the program: checked per list item, not only per statement."""

PROMISE = 1.5
"""With ``timeout=1`` a run returns within this many seconds, whatever the program is."""


@pytest.mark.parametrize("source", [HUGE, ONE_LINE], ids=["many-functions", "one-huge-literal"])
def test_in_process_compile_stops_at_the_time_limit(source: str) -> None:
    started = time.monotonic()
    with pytest.raises(MLTimeoutError) as caught:
        mlpy.run(source, timeout=1, cache=False)
    elapsed = time.monotonic() - started
    assert caught.value.message == "compiling took longer than the time limit allows (timeout=)"
    assert caught.value.filename == "<string>" and caught.value.line is not None and caught.value.line >= 1
    assert elapsed < PROMISE, f"the run returned after {elapsed:.2f} s"


def test_pool_compile_counts_against_the_hard_deadline() -> None:
    with mlpy.SandboxPool(workers=1) as pool:
        pool.run("x = 1;", timeout=1)  # the zygote is warm
        started = time.monotonic()
        with pytest.raises(MLTimeoutError) as caught:
            pool.run(HUGE, timeout=1)
        elapsed = time.monotonic() - started
        assert caught.value.message == "compiling took longer than the time limit allows (timeout=)"
        assert elapsed < PROMISE, f"the pool run returned after {elapsed:.2f} s"
        assert pool.run("x = 6 * 7;", timeout=1).globals == {"x": 42}  # the worker still serves


def test_compile_time_is_charged_to_the_run() -> None:
    """A program that compiles but leaves no time to run stops at its first step, not a full
    ``timeout`` after compiling."""
    source = "".join(HUGE.splitlines(keepends=True)[:5_000]) + "while (true) { }\n"
    started = time.monotonic()
    with pytest.raises(MLTimeoutError):
        mlpy.run(source, timeout=1.2, cache=False)
    assert time.monotonic() - started < 1.2 + 0.5


def test_an_imported_module_compiles_within_the_run_deadline(ml_project) -> None:
    # A text of its own: a compile cache entry left by another run would skip the compile.
    unique = f"// {time.time_ns()}\n" + HUGE
    project = ml_project({"huge.ml": unique, "main.ml": "import huge;\nprint(huge.f1(1));\n"})
    started = time.monotonic()
    with pytest.raises(MLTimeoutError) as caught:
        mlpy.run_file(str(project / "main.ml"), timeout=1, cache=False)
    elapsed = time.monotonic() - started
    assert caught.value.message == "compiling took longer than the time limit allows (timeout=)"
    assert caught.value.filename is not None and caught.value.filename.endswith("huge.ml")
    assert elapsed < PROMISE, f"the run returned after {elapsed:.2f} s"
