"""Attacks on the sandbox's own machinery: the result a child sends back, and job options that
once crashed or stalled the pool's zygotes.

Each test fails on the code before its fix: the run ended as a false timeout, never ended, or
killed its worker.
"""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

import pytest

import mlpy
from mlpy.engine.pool import SandboxPool
from mlpy.engine.wire import MAX_PLAIN_ITEMS, plain_data, plain_globals

SHARED_ARRAYS = 'a = [1];\nfor (i in range(40)) { a = [a, a]; }\ndone = 1;\nprint("finished");\n'
"""A program that ends at once, leaving a value of 80 small arrays that JSON would write out as
2**41 items."""


@pytest.fixture(scope="module")
def pool():
    with SandboxPool(workers=1) as shared:
        yield shared


def _exponential(levels: int) -> list[object]:
    value: list[object] = [1]
    for _ in range(levels):
        value = [value, value]
    return value


def test_plain_globals_leave_behind_a_value_that_shares_its_arrays_exponentially() -> None:
    shared = _exponential(40)
    assert plain_globals({"a": shared, "done": 1, "small": [_exponential(3)]}) == {
        "done": 1, "small": [plain_data(_exponential(3))[1]]}


def test_plain_globals_share_one_budget_and_a_refused_value_gives_its_share_back() -> None:
    big = list(range(MAX_PLAIN_ITEMS - 10))
    plain = plain_globals({"big": big, "again": big, "after": [1, 2, 3]})
    assert set(plain) == {"big", "after"}  # "again" would pass the budget; "after" still fits
    assert plain["after"] == [1, 2, 3]


def test_plain_globals_count_the_text_of_a_string_each_time_it_occurs() -> None:
    text = "x" * 30_000_000
    plain = plain_globals({"three": [text, text, text], "one": [text], "n": 5})
    assert set(plain) == {"one", "n"}  # 90 MB of JSON cannot go back; 30 MB can


def test_a_pool_run_without_a_time_limit_ends_when_its_result_shares_its_arrays(pool) -> None:
    # Before: the child copied 2**41 items for its result and the future never completed.
    result = pool.submit(SHARED_ARRAYS, max_steps=100_000, capture_output=True).result(timeout=60)
    assert result.globals == {"i": 39, "done": 1}
    assert result.output == "finished\n"


def test_a_pool_run_whose_result_shares_its_arrays_is_not_reported_as_a_timeout(pool) -> None:
    # Before: MLTimeoutError after timeout + 1 s, for a program that took microseconds.
    result = pool.run(SHARED_ARRAYS, timeout=2)
    assert result.globals["done"] == 1 and "a" not in result.globals


def test_a_dedicated_sandbox_child_sends_back_such_a_result_too(tmp_path: Path) -> None:
    program = tmp_path / "shared.ml"
    program.write_text(SHARED_ARRAYS, encoding="utf-8")
    proc = subprocess.run([sys.executable, "-m", "mlpy", "run", "--sandbox", "--timeout=2", str(program)],
                          stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert (proc.returncode, proc.stdout) == (0, "finished\n"), proc.stderr


@pytest.mark.parametrize("limits", [
    {"timeout": float("inf")}, {"timeout": 1e300}, {"max_memory": float("inf")}, {"max_memory": 1e300},
    {"timeout": float("inf"), "max_memory": 200, "max_steps": float("inf")},
], ids=["timeout-inf", "timeout-1e300", "memory-inf", "memory-1e300", "all-inf"])
def test_limits_too_large_for_an_rlimit_are_no_limit_in_the_pool(pool, limits: dict[str, float]) -> None:
    # Before: timeout=inf overflowed the zygote's poll and killed it (twice: "the sandbox worker died
    # twice"); max_memory=inf and far timeouts failed the child with an OverflowError.
    replaced = pool.replaced
    result = pool.submit("x = 0; for (i in range(3)) { x = x + i; }", **limits).result(timeout=60)
    assert result.globals["x"] == 3
    assert pool.replaced == replaced


def test_an_infinite_timeout_in_the_pool_still_allows_cancelling(pool) -> None:
    future = pool.submit("while (true) { }", timeout=float("inf"))
    try:
        future.result(timeout=0.5)
    except TimeoutError:
        pass
    assert future.cancel() or future.cancelled()
    assert pool.submit("y = 2;").result(timeout=60).globals == {"y": 2}  # the worker is free again


def test_mlpy_run_sandbox_accepts_the_same_limits() -> None:
    assert mlpy.run("x = 1;", sandbox=True, timeout=float("inf")).globals == {"x": 1}


def test_a_pool_run_printing_more_than_a_result_can_carry_gets_an_output_limit_error(pool) -> None:
    # Before: the zygote cut the result short and said "killed by signal 9 (SIGKILL)" (or "ended
    # without reporting a result") for a program that ran to its end.
    out = io.StringIO()
    source = 's = "x" * 30000000;\nprint("start");\nprint(s); print(s); print(s);\n'
    with pytest.raises(mlpy.MLLimitError) as caught:
        pool.submit(source, timeout=20, stdout=out).result(timeout=60)
    assert "exceed what a sandboxed run can send back (64 MB)" in caught.value.message
    assert "max_output=" in caught.value.message
    assert out.getvalue().startswith("start\nxxxx")
    assert 0 < len(out.getvalue()) <= 16 * 1024 * 1024


BIG_SOURCE = "x = [1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 0, 1, 2, 3];\n" * 14_000
"""About 1 MB of source: compiling it takes ~200 MB."""


def _peak_rss_kb(pid: int) -> int:
    status = Path(f"/proc/{pid}/status").read_text(encoding="utf-8")
    return int(status.split("VmHWM:")[1].split()[0])


def test_a_program_too_large_to_compile_within_max_memory_is_refused_and_never_compiled_by_the_zygote():
    # Before: the child's compile exhausted RLIMIT_AS and could spin in CPython's exception unwinding
    # until the hard deadline (a false timeout; never ending without a time limit), and once the
    # source had been seen twice the zygote compiled it itself, with no limit (~400 MB peak for 2 MB).
    with SandboxPool(workers=1, max_memory=60, timeout=20) as own:
        for _ in range(3):
            with pytest.raises(mlpy.MLLimitError) as caught:
                own.submit(BIG_SOURCE).result(timeout=60)
            assert "is too large to compile within the memory limit of 60 MB" in caught.value.message
            assert "raise max_memory=" in caught.value.message
        zygote = own._zygotes[0]
        assert zygote is not None
        assert _peak_rss_kb(zygote.proc.pid) < 120 * 1024
        assert own.submit("x = 1;").result(timeout=60).globals == {"x": 1}


def test_a_program_that_fits_its_memory_limit_still_runs_with_it(pool) -> None:
    source = "y = [1, 2, 3];\n" * 200  # 3 kB: well within 50 MB
    for _ in range(3):
        assert pool.submit(source, max_memory=50).result(timeout=60).globals == {"y": [1, 2, 3]}


def test_a_memory_limit_smaller_than_a_thread_needs_does_not_hang_the_run(pool) -> None:
    # Before: RLIMIT_AS 10 kB above the child's size; the run's memory-watch thread could not
    # allocate its state and Thread.start waited for it for ever (the future never completed).
    assert pool.submit("x = 1;", max_memory=0.01).result(timeout=30).globals == {"x": 1}
